//! A webhook receiver on loopback: real HTTP, every request kept with its headers and body,
//! answering with the statuses it is told to, one per request, then 200.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::post;
use axum::Router;
use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;
use tokio::net::TcpListener;

#[derive(Clone, Debug)]
pub struct Received {
    pub path: String,
    pub event: String,
    pub delivery: String,
    pub signature: String,
    pub content_type: String,
    pub body: String,
}

impl Received {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).expect("a delivery's body is JSON")
    }

    /// Checks `Stammtisch-Signature` against `secret` as a receiver would.
    pub fn signed_with(&self, secret: &str) -> bool {
        let mut parts = self.signature.split(',');
        let (Some(t), Some(v1)) = (parts.next().and_then(|p| p.strip_prefix("t=")), parts.next()) else {
            return false;
        };
        let Some(v1) = v1.strip_prefix("v1=") else { return false };
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
        mac.update(format!("{t}.{}", self.body).as_bytes());
        let expected: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
        let recent = t.parse::<i64>().is_ok_and(|t| (chrono::Utc::now().timestamp() - t).abs() < 300);
        expected == v1 && recent
    }
}

#[derive(Clone, Default)]
struct Shared {
    received: Arc<Mutex<Vec<Received>>>,
    answers: Arc<Mutex<VecDeque<StatusCode>>>,
}

pub struct HookReceiver {
    /// `http://127.0.0.1:port`
    pub address: String,
    shared: Shared,
}

impl HookReceiver {
    pub async fn start() -> HookReceiver {
        HookReceiver::start_on(TcpListener::bind("127.0.0.1:0").await.unwrap()).await
    }

    pub async fn start_on(listener: TcpListener) -> HookReceiver {
        let shared = Shared::default();
        let address = format!("http://{}", listener.local_addr().unwrap());
        let moved_to = format!("{address}/hook");
        let app = Router::new()
            .route(
                "/moved",
                post(move || {
                    let to = moved_to.clone();
                    async move { (StatusCode::TEMPORARY_REDIRECT, [("location", to)], "moved") }
                }),
            )
            .fallback(post(receive))
            .with_state(shared.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        HookReceiver { address, shared }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// The next requests get these statuses, in order.
    pub fn answer_next(&self, statuses: &[StatusCode]) {
        self.shared.answers.lock().unwrap().extend(statuses);
    }

    pub fn received(&self) -> Vec<Received> {
        self.shared.received.lock().unwrap().clone()
    }

    /// Waits until `count` requests came (with a 2xx answer or not).
    pub async fn wait_for(&self, count: usize, within: Duration) -> Vec<Received> {
        let started = std::time::Instant::now();
        loop {
            let received = self.received();
            if received.len() >= count {
                return received;
            }
            assert!(
                started.elapsed() < within,
                "{} of {count} deliveries within {within:?}: {:?}",
                received.len(),
                received.iter().map(|r| &r.event).collect::<Vec<_>>()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

async fn receive(
    axum::extract::State(shared): axum::extract::State<Shared>,
    uri: axum::http::Uri,
    headers: HeaderMap,
    body: String,
) -> impl IntoResponse {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    shared.received.lock().unwrap().push(Received {
        path: uri.path().to_owned(),
        event: header("stammtisch-event"),
        delivery: header("stammtisch-delivery"),
        signature: header("stammtisch-signature"),
        content_type: header("content-type"),
        body,
    });
    let status = shared.answers.lock().unwrap().pop_front().unwrap_or(StatusCode::OK);
    (status, if status.is_success() { "ok" } else { "Wartung, bitte später" })
}

/// An address where a receiver is away: it takes each connection and closes it at once, for
/// as long as the test runs, so no other test's server can take the port meanwhile.
pub async fn away(path: &str) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((connection, _)) = listener.accept().await {
            drop(connection);
        }
    });
    format!("http://{address}{path}")
}

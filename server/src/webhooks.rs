//! Delivering webhooks (CONTRACT §8): each delivery is a signed JSON `POST`, retried with
//! growing pauses while the receiver fails or is away, and given up after
//! [`DELIVERY_GIVE_UP_HOURS`]. Receivers are the organizer's, yet a delivery never follows a
//! redirect, waits [`TIMEOUT`] at most and reads at most [`MAX_ANSWER_READ`] of the answer.

use std::time::Duration;

use chrono::{DateTime, Utc};
use futures_util::future::join_all;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use stammtisch_model::DELIVERY_GIVE_UP_HOURS;

use crate::store::{DueDelivery, Store};

/// One try's limit, connecting included.
const TIMEOUT: Duration = Duration::from_secs(10);
/// Of the receiver's answer only the start is kept, for the organizer's list.
const MAX_ANSWER_READ: usize = 16 * 1024;
/// Deliveries tried at once: one slow receiver must not hold up the others for long.
const BATCH: i64 = 16;
/// The longest pause between two tries of one delivery.
const MAX_BACKOFF_SECONDS: i64 = 3600;
/// How often an idle sender looks for new deliveries.
const IDLE: Duration = Duration::from_millis(250);

/// The `Stammtisch-Signature` header: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
/// Each try signs anew, so a receiver can refuse old timestamps without refusing retries.
pub fn signature(secret: &str, unix_seconds: i64, body: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(format!("{unix_seconds}.").as_bytes());
    mac.update(body.as_bytes());
    let hex: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
    format!("t={unix_seconds},v1={hex}")
}

/// Why a try failed, with the receiver's status when it answered.
struct Failure {
    status: Option<u16>,
    why: String,
}

#[derive(Clone)]
pub struct HookSender {
    client: reqwest::Client,
}

impl HookSender {
    pub fn new() -> anyhow::Result<HookSender> {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(TIMEOUT)
            .connect_timeout(TIMEOUT)
            .user_agent(concat!("Stammtisch-Webhooks/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(HookSender { client })
    }

    async fn attempt(&self, delivery: &DueDelivery, now: DateTime<Utc>) -> Result<u16, Failure> {
        let signed = signature(&delivery.secret, now.timestamp(), &delivery.body);
        let sent = self
            .client
            .post(&delivery.url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header("Stammtisch-Event", &delivery.event)
            .header("Stammtisch-Delivery", &delivery.id)
            .header("Stammtisch-Signature", signed)
            .body(delivery.body.clone())
            .send()
            .await;
        let mut response = match sent {
            Ok(response) => response,
            Err(error) => return Err(Failure { status: None, why: plain_error(&error) }),
        };
        let status = response.status().as_u16();
        if response.status().is_success() {
            return Ok(status);
        }
        let location =
            response.headers().get(reqwest::header::LOCATION).and_then(|l| l.to_str().ok()).map(str::to_owned);
        let mut answer = Vec::new();
        while answer.len() < MAX_ANSWER_READ {
            match response.chunk().await {
                Ok(Some(chunk)) => answer.extend_from_slice(&chunk),
                _ => break,
            }
        }
        let why = match location {
            Some(to) if response.status().is_redirection() => {
                format!("answered {status} with a redirect to {to}; deliveries do not follow redirects")
            }
            _ => {
                let text = String::from_utf8_lossy(&answer[..answer.len().min(MAX_ANSWER_READ)]);
                let text: String = text.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(200).collect();
                if text.is_empty() {
                    format!("answered {status}")
                } else {
                    format!("answered {status}: {text}")
                }
            }
        };
        Err(Failure { status: Some(status), why })
    }

    async fn deliver(&self, store: &Store, delivery: DueDelivery) {
        let now = Utc::now();
        let recorded = match self.attempt(&delivery, now).await {
            Ok(status) => record_delivered(store, delivery.seq, status).await,
            Err(failure) => {
                let pause = (1i64 << delivery.attempts.clamp(0, 16)).min(MAX_BACKOFF_SECONDS);
                let given_up =
                    delivery.created_unix < (now - chrono::Duration::hours(DELIVERY_GIVE_UP_HOURS)).timestamp();
                tracing::info!(
                    delivery = %delivery.id, status = ?failure.status, pause, given_up,
                    "webhook not delivered; {}", if given_up { "given up" } else { "trying again" }
                );
                let retry_at = now + chrono::Duration::seconds(pause);
                store.not_delivered(delivery.seq, failure.status, &failure.why, retry_at, now).await
            }
        };
        if let Err(error) = recorded {
            tracing::error!(delivery = %delivery.id, %error, "cannot record a webhook delivery");
        }
    }
}

/// The error's chain in one line, e.g. "error sending request: connection refused". Never
/// the URL: it may carry a token of the receiver's.
fn plain_error(error: &reqwest::Error) -> String {
    let mut text = if error.is_timeout() { "timed out".to_owned() } else { "could not connect".to_owned() };
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text = format!("{text}: {cause}");
        source = cause.source();
    }
    text
}

/// The receiver took it: until that is on record the delivery counts as not made and would
/// go again, so a busy database is waited out.
async fn record_delivered(store: &Store, seq: i64, status: u16) -> Result<(), crate::store::StoreError> {
    let mut pause = Duration::from_millis(50);
    loop {
        match store.delivered(seq, status, Utc::now()).await {
            Err(error) if pause < Duration::from_secs(30) => {
                tracing::warn!(%error, "cannot record a webhook delivery yet; trying again");
                tokio::time::sleep(pause).await;
                pause *= 2;
            }
            done => return done,
        }
    }
}

/// Runs for the server's life; finished deliveries older than a month go once an hour.
pub async fn deliver_webhooks(store: Store, sender: HookSender) {
    let mut last_pruned = std::time::Instant::now() - Duration::from_secs(3600);
    loop {
        if last_pruned.elapsed() >= Duration::from_secs(3600) {
            last_pruned = std::time::Instant::now();
            if let Err(error) = store.prune_deliveries(Utc::now()).await {
                tracing::warn!(%error, "cannot remove old webhook deliveries");
            }
        }
        match store.due_deliveries(Utc::now(), BATCH).await {
            Ok(due) if !due.is_empty() => {
                join_all(due.into_iter().map(|delivery| sender.deliver(&store, delivery))).await;
            }
            Ok(_) => tokio::time::sleep(IDLE).await,
            Err(error) => {
                tracing::warn!(%error, "cannot read the webhook deliveries");
                tokio::time::sleep(Duration::from_secs(5)).await;
            }
        }
    }
}

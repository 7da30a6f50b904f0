//! A gate in front of the board's server that holds the wasm back until a test lets it
//! through: what a visitor sees before the wasm has arrived, on a slow phone line.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderName, StatusCode};
use axum::response::Response;
use axum::Router;
use tokio::sync::watch;

#[derive(Clone)]
struct Gate {
    board: String,
    client: reqwest::Client,
    open: watch::Receiver<bool>,
    wasm_asked: Arc<AtomicBool>,
}

pub struct WasmGate {
    /// Where the board is reached through the gate.
    pub url: String,
    open: watch::Sender<bool>,
    wasm_asked: Arc<AtomicBool>,
}

/// Headers that belong to one hop, not to what is forwarded.
fn hop_by_hop(name: &HeaderName) -> bool {
    matches!(name.as_str(), "host" | "connection" | "transfer-encoding" | "keep-alive" | "content-length")
}

async fn forward(State(gate): State<Gate>, request: Request) -> Response {
    let path = request.uri().path_and_query().map_or("/", |p| p.as_str()).to_owned();
    if path.contains("_bg.wasm") {
        gate.wasm_asked.store(true, Ordering::SeqCst);
        let mut open = gate.open.clone();
        let _ = open.wait_for(|open| *open).await;
    }
    let mut outgoing = gate.client.request(request.method().clone(), format!("{}{path}", gate.board));
    for (name, value) in request.headers().iter().filter(|(name, _)| !hop_by_hop(name)) {
        outgoing = outgoing.header(name, value);
    }
    let body = axum::body::to_bytes(request.into_body(), 1 << 20).await.unwrap_or_default();
    let Ok(answer) = outgoing.body(body).send().await else {
        return Response::builder().status(StatusCode::BAD_GATEWAY).body(Body::empty()).unwrap();
    };
    let mut response = Response::builder().status(answer.status());
    for (name, value) in answer.headers().iter().filter(|(name, _)| !hop_by_hop(name)) {
        response = response.header(name, value);
    }
    response.body(Body::from_stream(answer.bytes_stream())).unwrap()
}

impl WasmGate {
    /// Forwards everything to `board`, the wasm only once [`WasmGate::open`] was called.
    pub async fn start(board: &str) -> WasmGate {
        let (open, receiver) = watch::channel(false);
        let wasm_asked = Arc::new(AtomicBool::new(false));
        let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        let gate = Gate { board: board.to_owned(), client, open: receiver, wasm_asked: wasm_asked.clone() };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let app = Router::new().fallback(forward).with_state(gate);
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        WasmGate { url, open, wasm_asked }
    }

    /// Whether the browser has asked for the wasm yet.
    pub fn wasm_asked(&self) -> bool {
        self.wasm_asked.load(Ordering::SeqCst)
    }

    /// Lets the wasm through, for requests waiting and to come.
    pub fn open(&self) {
        let _ = self.open.send(true);
    }
}

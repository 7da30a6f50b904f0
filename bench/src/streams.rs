//! Live streams at scale: 10,000 open `GET /api/v1/feed/stream` connections from this
//! process, one seat change, and how long until every stream has it; the server's RSS.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::Client;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::mpsc;

use crate::report::Figure;
use crate::server::{create_event, Server};

const STREAMS: usize = 10_000;
const ROUNDS: usize = 3;
const MARK: &[u8] = b"event: seats";

/// One stream read with plain sockets (a full HTTP client per stream would measure the
/// client): reports the moment each `seats` event arrives.
async fn follow(addr: String, connected: Arc<AtomicUsize>, seen: mpsc::UnboundedSender<Instant>) -> anyhow::Result<()> {
    let mut socket = TcpStream::connect(&addr).await?;
    socket.write_all(format!("GET /api/v1/feed/stream HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes()).await?;
    let mut buffer = vec![0u8; 4096];
    let mut tail: Vec<u8> = Vec::new();
    let mut counted = false;
    loop {
        let read = socket.read(&mut buffer).await?;
        if read == 0 {
            return Ok(());
        }
        if !counted {
            counted = true;
            connected.fetch_add(1, Ordering::Relaxed);
        }
        tail.extend_from_slice(&buffer[..read]);
        while let Some(at) = tail.windows(MARK.len()).position(|w| w == MARK) {
            let _ = seen.send(Instant::now());
            tail.drain(..at + MARK.len());
        }
        let keep = tail.len().saturating_sub(MARK.len());
        tail.drain(..keep);
    }
}

pub async fn measure(server_binary: &Path, site: &Path) -> anyhow::Result<Vec<Figure>> {
    if let Err(error) = rlimit::increase_nofile_limit(u64::MAX) {
        eprintln!("bench: could not raise the open-files limit: {error}");
    }
    let limit = STREAMS.to_string();
    let server = Server::start_with(server_binary, site, &["--max-streams-per-client", &limit])?;
    let http = Client::new();
    create_event(&http, &server.url, "live", None).await?;
    let addr = server.url.trim_start_matches("http://").to_owned();

    let connected = Arc::new(AtomicUsize::new(0));
    let (seen_tx, mut seen) = mpsc::unbounded_channel();
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(STREAMS);
    for _ in 0..STREAMS {
        tasks.push(tokio::spawn(follow(addr.clone(), connected.clone(), seen_tx.clone())));
    }
    while connected.load(Ordering::Relaxed) < STREAMS {
        anyhow::ensure!(
            started.elapsed() < Duration::from_secs(120),
            "only {} streams opened",
            connected.load(Ordering::Relaxed)
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let open_time = started.elapsed().as_secs_f64();

    let (mut p50, mut p99, mut max, mut reached) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        let body = json!({"name": "Live", "email": format!("live{round}@example.org"), "guests": 0, "consent": true});
        let sent = Instant::now();
        let answer = http.post(format!("{}/api/v1/events/live/rsvps", server.url)).json(&body).send().await?;
        anyhow::ensure!(answer.status() == 201, "RSVP: {}", answer.status());
        let mut delays = Vec::with_capacity(STREAMS);
        while delays.len() < STREAMS {
            match tokio::time::timeout(Duration::from_secs(10), seen.recv()).await {
                Ok(Some(at)) => delays.push(at.saturating_duration_since(sent).as_secs_f64() * 1000.0),
                _ => break,
            }
        }
        delays.sort_by(f64::total_cmp);
        let at = |q: f64| delays.get(((delays.len() as f64 * q) as usize).min(delays.len().saturating_sub(1))).copied();
        p50.push(at(0.5).unwrap_or(f64::NAN));
        p99.push(at(0.99).unwrap_or(f64::NAN));
        max.push(delays.last().copied().unwrap_or(f64::NAN));
        reached.push(delays.len() as f64);
    }
    let rss = server.peak_rss_mb().unwrap_or(f64::NAN);
    for task in tasks {
        task.abort();
    }
    let name = |what: &str| format!("{STREAMS} live streams: {what}");
    Ok(vec![
        Figure::single("live", name("time to open all"), "s", open_time),
        Figure::from_runs("live", name("streams reached by one seat change"), "streams", reached),
        Figure::from_runs("live", name("seat change to stream, p50"), "ms", p50),
        Figure::from_runs("live", name("seat change to stream, p99"), "ms", p99),
        Figure::from_runs("live", name("seat change to stream, slowest"), "ms", max),
        Figure::single("live", name("server peak RSS"), "MB", rss),
    ])
}

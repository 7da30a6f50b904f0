//! The backend under 64 concurrent connections: feed reads (fresh and `304`), durable RSVPs,
//! and a rush on 50 seats.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::{Client, RequestBuilder, StatusCode};
use serde_json::{json, Value};

use crate::report::Figure;
use crate::server::{create_event, Server, ADMIN_TOKEN};

const CONNECTIONS: usize = 64;
const RUNS: usize = 3;
const RUN_TIME: Duration = Duration::from_secs(4);
const FEED_EVENTS: usize = 200;

type MakeRequest = Arc<dyn Fn(&Client, u64) -> RequestBuilder + Send + Sync>;

struct Run {
    per_second: f64,
    p50_ms: f64,
    p99_ms: f64,
    unexpected: u64,
}

/// 64 tasks send requests for `RUN_TIME` (or until `total` requests went out) and time each.
async fn hammer(client: &Client, make: MakeRequest, expect: StatusCode, total: Option<u64>) -> Run {
    let counter = Arc::new(AtomicU64::new(0));
    let unexpected = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let deadline = started + RUN_TIME;
    let tasks: Vec<_> = (0..CONNECTIONS)
        .map(|_| {
            let (client, make, counter, unexpected) =
                (client.clone(), make.clone(), counter.clone(), unexpected.clone());
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                loop {
                    let n = counter.fetch_add(1, Ordering::Relaxed);
                    if total.map_or(Instant::now() >= deadline, |t| n >= t) {
                        break;
                    }
                    let sent = Instant::now();
                    match make(&client, n).send().await {
                        Ok(response) if response.status() == expect => {
                            let _ = response.bytes().await;
                        }
                        _ => {
                            unexpected.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                    latencies.push(sent.elapsed());
                }
                latencies
            })
        })
        .collect();
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(task.await.unwrap_or_default());
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort();
    let percentile = |p: f64| {
        latencies
            .get(((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1)))
            .map_or(f64::NAN, |d| d.as_secs_f64() * 1000.0)
    };
    Run {
        per_second: latencies.len() as f64 / elapsed,
        p50_ms: percentile(0.5),
        p99_ms: percentile(0.99),
        unexpected: unexpected.load(Ordering::Relaxed),
    }
}

fn figures(name: &str, unit: &'static str, runs: &[Run]) -> Vec<Figure> {
    let unexpected: u64 = runs.iter().map(|r| r.unexpected).sum();
    if unexpected > 0 {
        eprintln!("bench: {name}: {unexpected} answers were not the expected status");
    }
    vec![
        Figure::from_runs("backend", format!("{name}: throughput"), unit, runs.iter().map(|r| r.per_second).collect()),
        Figure::from_runs("backend", format!("{name}: p50"), "ms", runs.iter().map(|r| r.p50_ms).collect()),
        Figure::from_runs("backend", format!("{name}: p99"), "ms", runs.iter().map(|r| r.p99_ms).collect()),
    ]
}

fn rsvp(url: &str, event: &str, client: &Client, n: u64, prefix: &str) -> RequestBuilder {
    client
        .post(format!("{url}/api/v1/events/{event}/rsvps"))
        .json(&json!({"name": "Bench", "email": format!("{prefix}{n}@example.org"), "guests": 0, "consent": true}))
}

pub async fn measure(server_binary: &Path, site: &Path) -> anyhow::Result<Vec<Figure>> {
    let server = Server::start(server_binary, site)?;
    let url = server.url.clone();
    let client = Client::builder().pool_max_idle_per_host(CONNECTIONS).build()?;
    for n in 0..FEED_EVENTS {
        create_event(&client, &url, &format!("feed-{n:03}"), Some(100)).await?;
    }
    let mut out = Vec::new();

    let feed_url = format!("{url}/api/v1/feed");
    let make: MakeRequest = Arc::new({
        let feed_url = feed_url.clone();
        move |c, _| c.get(&feed_url)
    });
    let mut runs = Vec::new();
    for _ in 0..RUNS {
        runs.push(hammer(&client, make.clone(), StatusCode::OK, None).await);
    }
    out.extend(figures(&format!("feed GET, {FEED_EVENTS} events"), "requests/s", &runs));

    let etag = client.get(&feed_url).send().await?.headers()["etag"].to_str()?.to_owned();
    let make: MakeRequest = Arc::new(move |c, _| c.get(&feed_url).header("if-none-match", &etag));
    let mut runs = Vec::new();
    for _ in 0..RUNS {
        runs.push(hammer(&client, make.clone(), StatusCode::NOT_MODIFIED, None).await);
    }
    out.extend(figures("feed GET with If-None-Match (304)", "requests/s", &runs));

    create_event(&client, &url, "offen", None).await?;
    let mut runs = Vec::new();
    for run in 0..RUNS {
        let url = url.clone();
        let make: MakeRequest = Arc::new(move |c, n| rsvp(&url, "offen", c, n, &format!("r{run}-")));
        runs.push(hammer(&client, make, StatusCode::CREATED, None).await);
    }
    out.extend(figures("RSVP POST, spare capacity", "RSVPs/s", &runs));

    let mut runs = Vec::new();
    let mut exact = true;
    for run in 0..RUNS {
        let event = format!("rush-{run}");
        create_event(&client, &url, &event, Some(50)).await?;
        let make: MakeRequest = {
            let (url, event) = (url.clone(), event.clone());
            Arc::new(move |c, n| rsvp(&url, &event, c, n, "rush-"))
        };
        runs.push(hammer(&client, make, StatusCode::CREATED, Some(1000)).await);
        let attendees: Value = client
            .get(format!("{url}/api/v1/admin/events/{event}/rsvps"))
            .bearer_auth(ADMIN_TOKEN)
            .send()
            .await?
            .json()
            .await?;
        let confirmed =
            attendees["rsvps"].as_array().map_or(0, |a| a.iter().filter(|r| r["status"] == "confirmed").count());
        exact &= confirmed == 50;
        if confirmed != 50 {
            eprintln!("bench: OVERBOOKING CHECK FAILED: {confirmed} seats given at capacity 50");
        }
    }
    out.extend(figures("1,000 RSVP attempts at capacity 50", "RSVPs/s", &runs));
    out.push(Figure::single(
        "backend",
        "exactly 50 seats given at capacity 50 (1 = yes)",
        "bool",
        if exact { 1.0 } else { 0.0 },
    ));
    if let Some(rss) = server.peak_rss_mb() {
        out.push(Figure::single("backend", "server peak RSS", "MB", rss));
    }
    Ok(out)
}

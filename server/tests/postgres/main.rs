//! What only PostgreSQL offers: several servers on one database, and a database that restarts
//! under load. `cargo xtask test --postgres` runs these against a throwaway cluster (they are
//! ignored by a plain `cargo test`, which has no PostgreSQL); the store and API suites
//! (`tests/api`) run there a second time as well.

#[path = "../common/database.rs"]
mod database;
#[allow(dead_code)]
#[path = "../api/helpers.rs"]
mod helpers;

#[allow(dead_code)]
#[path = "../api/smtp_sink.rs"]
mod smtp_sink;

#[allow(dead_code)]
#[path = "../api/hook_receiver.rs"]
mod hook_receiver;

mod outage;
mod two_servers;

use std::time::Duration;

use futures_util::StreamExt;
use reqwest::StatusCode;
use serde_json::Value;

use helpers::{rsvp_body, spawn_app_on, TestApp};

const ADMIN: &str = "geheim";

/// The restart test has the cluster to itself; the others share it.
static CLUSTER: tokio::sync::RwLock<()> = tokio::sync::RwLock::const_new(());

/// These tests mean nothing on SQLite: they fail rather than pass without PostgreSQL.
fn require_postgres() {
    assert!(database::postgres_server().is_some(), "STAMMTISCH_TEST_POSTGRES names the test PostgreSQL");
}

/// Two servers on one new database, both with the organizer API.
async fn two_servers() -> (TestApp, TestApp) {
    two_servers_with(&[]).await
}

async fn two_servers_with(extra_args: &[&str]) -> (TestApp, TestApp) {
    require_postgres();
    let (first_dir, second_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let database = database::fresh_database(first_dir.path()).await;
    let args: Vec<&str> = ["--admin-token", ADMIN].iter().copied().chain(extra_args.iter().copied()).collect();
    let first = spawn_app_on(first_dir, database.clone(), &args).await;
    let second = spawn_app_on(second_dir, database, &args).await;
    (first, second)
}

/// An RSVP as a browser would send it, trying again after a `503` as its `Retry-After` says.
async fn rsvp_retrying(app: &TestApp, event_id: &str, email: &str) -> Value {
    for _ in 0..20 {
        let response = app.post_rsvp(event_id, &rsvp_body("Gast", email, 0)).await;
        match response.status() {
            StatusCode::CREATED => return response.json().await.unwrap(),
            StatusCode::SERVICE_UNAVAILABLE => {
                let wait: u64 = response.headers()["retry-after"].to_str().unwrap().parse().unwrap();
                tokio::time::sleep(Duration::from_secs(wait)).await;
            }
            other => panic!("{email}: {other} {}", response.text().await.unwrap()),
        }
    }
    panic!("{email}: still unavailable after 20 tries");
}

/// The organizer's list of an event's attendees, through one server.
async fn attendees(app: &TestApp, event_id: &str) -> Vec<Value> {
    let list: Value = app
        .client
        .get(app.url(&format!("/api/v1/admin/events/{event_id}/rsvps")))
        .bearer_auth(ADMIN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    list["rsvps"].as_array().unwrap().clone()
}

/// Reads a live stream until an event named `name` arrives; its data.
async fn next_event(
    body: &mut (impl futures_util::Stream<Item = reqwest::Result<axum::body::Bytes>> + Unpin),
    buffer: &mut String,
    name: &str,
    within: Duration,
) -> Value {
    next_of(body, buffer, &[name], within).await.1
}

/// The next stream event named one of `names`, with its name and data.
async fn next_of(
    body: &mut (impl futures_util::Stream<Item = reqwest::Result<axum::body::Bytes>> + Unpin),
    buffer: &mut String,
    names: &[&str],
    within: Duration,
) -> (String, Value) {
    tokio::time::timeout(within, async {
        loop {
            while let Some(end) = buffer.find("\n\n") {
                let block: String = buffer.drain(..end + 2).collect();
                let name = block.lines().find_map(|line| line.strip_prefix("event: "));
                if let Some(name) = name.filter(|name| names.contains(name)) {
                    let data: String =
                        block.lines().filter_map(|line| line.strip_prefix("data:")).map(str::trim_start).collect();
                    return (name.to_owned(), serde_json::from_str(&data).unwrap());
                }
            }
            let chunk = body.next().await.expect("the stream stays open").unwrap();
            buffer.push_str(&String::from_utf8_lossy(&chunk));
        }
    })
    .await
    .unwrap_or_else(|_| panic!("no {names:?} event within {within:?}"))
}

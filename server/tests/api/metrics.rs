//! `GET /metrics`, read by Python's `prometheus_client` OpenMetrics parser: what a Prometheus
//! sees after real traffic, behind the admin token or on `--metrics-addr` without one.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{event, rsvp_body, spawn_app_with, TestApp};

const TOKEN: &str = "organizer-secret-token-0123456789";

/// Every sample as `{"name", "labels", "value"}`, as the outside parser reads the text.
fn parsed(text: &str) -> Vec<Value> {
    let venv = std::env::var_os("STAMMTISCH_SCHEMATHESIS").expect(
        "STAMMTISCH_SCHEMATHESIS (the venv with prometheus-client) is not set: run this test through `cargo xtask test`",
    );
    let script = "import json, sys\n\
        from prometheus_client.openmetrics.parser import text_string_to_metric_families\n\
        samples = [{'name': s.name, 'labels': s.labels, 'value': s.value}\n\
                   for family in text_string_to_metric_families(sys.stdin.read()) for s in family.samples]\n\
        print(json.dumps(samples))";
    let mut python = Command::new(Path::new(&venv).join("python"))
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    python.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    let output = python.wait_with_output().unwrap();
    assert!(output.status.success(), "the parser refused the text: {}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).unwrap()
}

/// The value of the one sample named `name` whose labels include `labels`.
fn value(samples: &[Value], name: &str, labels: Value) -> f64 {
    let wanted = labels.as_object().unwrap();
    let found: Vec<&Value> =
        samples.iter().filter(|s| s["name"] == name && wanted.iter().all(|(k, v)| &s["labels"][k] == v)).collect();
    assert_eq!(found.len(), 1, "{name} {labels}: {found:?}");
    found[0]["value"].as_f64().unwrap()
}

async fn scrape(app: &TestApp) -> String {
    let response = app.client.get(app.url("/metrics")).bearer_auth(TOKEN).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("application/openmetrics-text"));
    response.text().await.unwrap()
}

#[tokio::test]
async fn metrics_count_what_happened_and_read_as_openmetrics() {
    let app = spawn_app_with(&["--admin-token", TOKEN]).await;
    app.add_event(event("partnertag", Some(1))).await;
    let anonymous = app.client.get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED, "behind the admin token");

    for _ in 0..3 {
        assert_eq!(app.client.get(app.url("/api/v1/feed")).send().await.unwrap().status(), StatusCode::OK);
    }
    let first: Value =
        app.post_rsvp("partnertag", &rsvp_body("Erika", "erika@example.org", 0)).await.json().await.unwrap();
    assert_eq!(
        app.post_rsvp("partnertag", &rsvp_body("Max", "max@example.org", 0)).await.status(),
        StatusCode::CREATED
    );
    let twice = app.post_rsvp("partnertag", &rsvp_body("Erika", "erika@example.org", 0)).await;
    assert_eq!(twice.status(), StatusCode::CONFLICT);
    let invalid = app.post_rsvp("partnertag", &json!({"name": "", "email": "x", "consent": true})).await;
    assert_eq!(invalid.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let token = TestApp::token_of(&first);
    assert_eq!(app.client.delete(app.url(&format!("/api/v1/rsvps/{token}"))).send().await.unwrap().status(), 200);
    // A receiver that is away keeps its delivery in the outbox.
    let away = crate::hook_receiver::away("").await;
    let saved = app
        .client
        .put(app.url("/api/v1/admin/webhooks/crm"))
        .bearer_auth(TOKEN)
        .json(&json!({"url": format!("{away}/hook"), "events": ["rsvp.created"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), StatusCode::CREATED);
    assert_eq!(
        app.post_rsvp("partnertag", &rsvp_body("Lea", "lea@example.org", 0)).await.status(),
        StatusCode::CREATED
    );
    let stream = app.client.get(app.url("/api/v1/feed/stream")).send().await.unwrap();
    assert_eq!(stream.status(), StatusCode::OK);

    let text = scrape(&app).await;
    assert!(!text.contains(&token), "no cancel token in any label");
    let samples = parsed(&text);
    let requests = "stammtisch_http_requests_total";
    assert_eq!(value(&samples, requests, json!({"route": "/api/v1/feed", "method": "GET", "status": "200"})), 3.0);
    let rsvps = json!({"route": "/api/v1/events/{id}/rsvps", "method": "POST", "status": "201"});
    assert_eq!(value(&samples, requests, rsvps), 3.0);
    assert_eq!(value(&samples, requests, json!({"route": "/api/v1/rsvps/{token}", "status": "200"})), 1.0);
    assert_eq!(value(&samples, "stammtisch_rsvps_total", json!({"outcome": "confirmed"})), 1.0, "Erika");
    assert_eq!(value(&samples, "stammtisch_rsvps_total", json!({"outcome": "waitlisted"})), 2.0, "Max, Lea");
    assert_eq!(value(&samples, "stammtisch_rsvps_total", json!({"outcome": "already_registered"})), 1.0);
    assert_eq!(value(&samples, "stammtisch_rsvps_total", json!({"outcome": "invalid"})), 1.0);
    let feed_latency = json!({"route": "/api/v1/feed"});
    assert_eq!(value(&samples, "stammtisch_http_request_duration_seconds_count", feed_latency.clone()), 3.0);
    let slowest = value(
        &samples,
        "stammtisch_http_request_duration_seconds_bucket",
        json!({"route": "/api/v1/feed", "le": "+Inf"}),
    );
    assert_eq!(slowest, 3.0);
    assert_eq!(value(&samples, "stammtisch_open_streams", json!({})), 1.0);
    assert_eq!(value(&samples, "stammtisch_outbox_backlog", json!({"outbox": "webhook"})), 1.0);
    assert_eq!(value(&samples, "stammtisch_outbox_backlog", json!({"outbox": "mail"})), 0.0, "no mail configured");
    assert_eq!(value(&samples, "stammtisch_partner_feeds_failing", json!({})), 0.0);
    assert_eq!(value(&samples, "stammtisch_partner_feed_failures_total", json!({})), 0.0);
    assert!(value(&samples, "stammtisch_db_pool_max_connections", json!({})) >= 1.0);
    let in_use = value(&samples, "stammtisch_db_pool_connections", json!({"state": "in_use"}));
    let idle = value(&samples, "stammtisch_db_pool_connections", json!({"state": "idle"}));
    assert!(in_use + idle >= 1.0, "{in_use} + {idle}");

    // A partner feed that cannot be read counts as failing.
    let source = app
        .client
        .put(app.url("/api/v1/admin/sources/partner"))
        .bearer_auth(TOKEN)
        .json(&json!({"url": format!("{away}/feed.json")}))
        .send()
        .await
        .unwrap();
    assert!(source.status().is_success());
    drop(stream);
    let samples = parsed(&scrape(&app).await);
    assert_eq!(value(&samples, "stammtisch_partner_feeds_failing", json!({})), 1.0);
    assert_eq!(value(&samples, "stammtisch_partner_feed_failures_total", json!({})), 1.0);
}

#[tokio::test]
async fn the_metrics_address_serves_only_metrics_and_needs_no_token() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("board.db").display());
    let metrics_addr = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().to_string();
    let mut child = Command::new(env!("CARGO_BIN_EXE_stammtisch-server"))
        .args(["--addr", "127.0.0.1:0", "--database", &database, "--metrics-addr", &metrics_addr])
        .args(["--admin-token", TOKEN, "--widget-dir", "/nonexistent"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(child.stdout.take().unwrap()), &mut line).unwrap();
    let url = line.trim().strip_prefix("listening on ").unwrap().to_owned();

    let open = reqwest::get(format!("http://{metrics_addr}/metrics")).await.unwrap();
    assert_eq!(open.status(), StatusCode::OK);
    let samples = parsed(&open.text().await.unwrap());
    assert_eq!(value(&samples, "stammtisch_open_streams", json!({})), 0.0);
    let feed = reqwest::get(format!("http://{metrics_addr}/api/v1/feed")).await.unwrap();
    assert_eq!(feed.status(), StatusCode::NOT_FOUND, "the metrics address serves nothing else");
    let main = reqwest::get(format!("{url}/metrics")).await.unwrap();
    assert_eq!(main.status(), StatusCode::UNAUTHORIZED, "the main address still wants the token");
    child.kill().unwrap();
    child.wait().unwrap();
}

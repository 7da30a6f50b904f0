//! The README's webhook receivers, in Python and Node.js, run as written against real
//! deliveries: each takes a delivery signed with its secret and refuses one signed with another.

use std::process::{Command, Stdio};
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{event, rsvp_body, spawn_app_with, TestApp};

const TOKEN: &str = "organizer-secret-token-0123456789";
const SECRET: &str = "whsec_readme-geheimnis-0123456789";

/// The code block of `language` in the README's webhook section.
fn readme_block(language: &str) -> String {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).unwrap();
    let section = readme.split("## Webhooks to your CRM").nth(1).expect("the README has its webhook section");
    let start = format!("```{language}\n");
    let block = section.split(&start).nth(1).unwrap_or_else(|| panic!("a {language} block in the section"));
    block.split("\n```").next().unwrap().to_owned()
}

async fn put_hook(app: &TestApp, id: &str, url: &str, secret: &str) {
    let response = app
        .client
        .put(app.url(&format!("/api/v1/admin/webhooks/{id}")))
        .bearer_auth(TOKEN)
        .json(&json!({"url": url, "events": ["rsvp.created"], "secret": secret}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
}

async fn newest_delivery(app: &TestApp, id: &str, check: impl Fn(&Value) -> bool) -> Value {
    for _ in 0..300 {
        let list: Value = app
            .client
            .get(app.url(&format!("/api/v1/admin/webhooks/{id}/deliveries")))
            .bearer_auth(TOKEN)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if let Some(newest) = list["deliveries"].get(0).filter(|d| check(d)) {
            return newest.clone();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{id}: the delivery did not get there");
}

async fn receiver_verifies(program: &str, language: &str, file_name: &str) {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join(file_name);
    std::fs::write(&script, readme_block(language)).unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let receiver = Command::new(program)
        .arg(&script)
        .env("PORT", port.to_string())
        .env("STAMMTISCH_WEBHOOK_SECRET", SECRET)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("{program} runs the README's receiver (cargo xtask test installs it): {error}"));
    for _ in 0..200 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        std::thread::sleep(Duration::from_millis(25));
    }

    let app = spawn_app_with(&["--admin-token", TOKEN]).await;
    app.add_event(event("partnertag", None)).await;
    let url = format!("http://127.0.0.1:{port}/stammtisch");
    put_hook(&app, "readme", &url, SECRET).await;
    put_hook(&app, "falsch", &url, "whsec_ein-anderes-geheimnis-987").await;
    let created = app.post_rsvp("partnertag", &rsvp_body("Erika Muster", "erika@example.org", 0)).await;
    assert_eq!(created.status(), StatusCode::CREATED);

    let taken = newest_delivery(&app, "readme", |d| d["state"] == "delivered").await;
    assert_eq!(taken["last_status"], 204, "{language}: {taken}");
    let refused = newest_delivery(&app, "falsch", |d| d["attempts"].as_u64() >= Some(1)).await;
    assert_eq!(refused["last_status"], 401, "{language}: another secret's signature is refused: {refused}");
    assert_eq!(refused["state"], "waiting");

    let mut receiver = receiver;
    receiver.kill().unwrap();
    let output = receiver.wait_with_output().unwrap();
    let printed = String::from_utf8_lossy(&output.stdout);
    let lines: Vec<&str> = printed.lines().collect();
    assert_eq!(lines, ["rsvp.created erika@example.org"], "{language}: {}", String::from_utf8_lossy(&output.stderr));
}

#[tokio::test]
async fn the_python_receiver_takes_signed_deliveries_and_refuses_others() {
    receiver_verifies("python3", "python", "receiver.py").await;
}

#[tokio::test]
async fn the_node_receiver_takes_signed_deliveries_and_refuses_others() {
    receiver_verifies("node", "js", "receiver.js").await;
}

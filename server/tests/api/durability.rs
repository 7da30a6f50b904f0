//! A `201` survives `kill -9`: the server binary is killed at random moments while it takes
//! RSVPs, and every acknowledged RSVP is there after each restart, with its webhook delivery.

use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;

use crate::helpers::rsvp_body;
use crate::hook_receiver::HookReceiver;

fn start(database: &str, seed: bool) -> (Child, String) {
    start_with(database, seed, &[])
}

fn start_with(database: &str, seed: bool, extra: &[&str]) -> (Child, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_stammtisch-server"));
    command.args([
        "--addr",
        "127.0.0.1:0",
        "--database",
        database,
        "--rsvp-rate-limit",
        "0",
        "--widget-dir",
        "/nonexistent",
    ]);
    if seed {
        command.arg("--seed-demo");
    }
    command.args(extra);
    let mut child = command.stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let url = line.trim().strip_prefix("listening on ").expect("server started").to_owned();
    (child, url)
}

/// A small deterministic generator, so a failing run can be repeated.
struct Xorshift(u64);

impl Xorshift {
    fn next(&mut self, below: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % below
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_rsvps_survive_sigkill() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("durable.db").display());
    let event = "partnertag-nord";
    let client = reqwest::Client::new();
    let mut acknowledged: HashSet<String> = HashSet::new();
    let mut random = Xorshift(0x5eed_cafe);

    for round in 0..20 {
        let (mut child, url) = start(&database, round == 0);
        let posting = {
            let client = client.clone();
            let url = format!("{url}/api/v1/events/{event}/rsvps");
            tokio::spawn(async move {
                let mut got = Vec::new();
                for n in 0.. {
                    let email = format!("r{round}-{n}@example.org");
                    let sent = client.post(&url).json(&rsvp_body("Dauer", &email, 0)).send().await;
                    match sent {
                        Ok(response) if response.status() == 201 => got.push(email),
                        Ok(response) => panic!("unexpected answer {}", response.status()),
                        Err(_) => break, // the server is gone
                    }
                }
                got
            })
        };
        tokio::time::sleep(Duration::from_millis(20 + random.next(120))).await;
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        acknowledged.extend(posting.await.unwrap());
    }

    let (mut child, url) = start(&database, false);
    let pool = sqlx::SqlitePool::connect(&database).await.unwrap();
    let stored: HashSet<String> = sqlx::query_scalar("SELECT email_normalized FROM rsvps WHERE event_id = ?")
        .bind(event)
        .fetch_all(&pool)
        .await
        .unwrap()
        .into_iter()
        .collect();
    let missing: Vec<_> = acknowledged.difference(&stored).collect();
    assert!(missing.is_empty(), "acknowledged but lost: {missing:?}");
    assert!(acknowledged.len() >= 20, "the test sent too little to prove anything: {}", acknowledged.len());
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&pool).await.unwrap();
    assert_eq!(integrity, "ok");
    let health = client.get(format!("{url}/healthz")).send().await.unwrap();
    assert_eq!(health.status(), 200);
    let feed: Value = client.get(format!("{url}/api/v1/feed")).send().await.unwrap().json().await.unwrap();
    assert!(feed["events"].as_array().unwrap().iter().any(|e| e["id"] == event));
    child.kill().unwrap();
    child.wait().unwrap();
}

/// RSVPs come in while the receiver is away and the server is killed again and again: once the
/// receiver is back, every stored RSVP arrives there, each under one delivery id.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhook_deliveries_survive_sigkill_between_commit_and_delivery() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("hooks.db").display());
    let event = "partnertag-nord";
    let admin = ["--admin-token", "organizer-secret-token-0123456789"];
    let client = reqwest::Client::new();
    // The receiver's port stays taken, by a listener that never answers, until it is back.
    let held = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = held.local_addr().unwrap().port();
    let mut acknowledged: HashSet<String> = HashSet::new();
    let mut random = Xorshift(0xdead_beef);

    for round in 0..5 {
        let (mut child, url) = start_with(&database, round == 0, &admin);
        if round == 0 {
            let saved = client
                .put(format!("{url}/api/v1/admin/webhooks/crm"))
                .bearer_auth(admin[1])
                .json(&serde_json::json!({"url": format!("http://127.0.0.1:{port}/hook"), "events": ["rsvp.created"]}))
                .send()
                .await
                .unwrap();
            assert_eq!(saved.status(), 201);
        }
        let posting = {
            let client = client.clone();
            let url = format!("{url}/api/v1/events/{event}/rsvps");
            tokio::spawn(async move {
                let mut got = Vec::new();
                for n in 0.. {
                    let email = format!("h{round}-{n}@example.org");
                    match client.post(&url).json(&rsvp_body("Haken", &email, 0)).send().await {
                        Ok(response) if response.status() == 201 => got.push(email),
                        Ok(response) => panic!("unexpected answer {}", response.status()),
                        Err(_) => break,
                    }
                }
                got
            })
        };
        tokio::time::sleep(Duration::from_millis(30 + random.next(120))).await;
        child.kill().unwrap(); // SIGKILL, between commits and their deliveries
        child.wait().unwrap();
        acknowledged.extend(posting.await.unwrap());
    }
    assert!(acknowledged.len() >= 5, "the test sent too little to prove anything: {}", acknowledged.len());

    let pool = sqlx::SqlitePool::connect(&database).await.unwrap();
    // The demo's own RSVPs came before the webhook.
    let stored: HashSet<String> =
        sqlx::query_scalar("SELECT email_normalized FROM rsvps WHERE event_id = ? AND email_normalized LIKE 'h%'")
            .bind(event)
            .fetch_all(&pool)
            .await
            .unwrap()
            .into_iter()
            .collect();
    assert!(acknowledged.is_subset(&stored));
    held.set_nonblocking(true).unwrap();
    let receiver = HookReceiver::start_on(tokio::net::TcpListener::from_std(held).unwrap()).await;
    let (mut child, _) = start_with(&database, false, &admin);
    receiver.wait_for(stored.len(), Duration::from_secs(60)).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    // Requests the killed servers had sent into the waiting port's queue reach the receiver
    // too, though no server saw an answer: those deliveries come again, with the same id, as
    // the contract says (at least once; a receiver drops repeats by `Stammtisch-Delivery`).
    let mut by_delivery: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    for received in receiver.received() {
        let email = received.json()["data"]["rsvp"]["email"].as_str().unwrap().to_owned();
        let earlier = by_delivery.insert(received.delivery.clone(), email.clone());
        assert!(earlier.is_none_or(|earlier| earlier == email), "one delivery id, one RSVP");
    }
    let delivered: HashSet<String> = by_delivery.values().cloned().collect();
    assert_eq!(by_delivery.len(), delivered.len(), "one delivery per RSVP, however often it came");
    assert_eq!(delivered, stored, "every stored RSVP, acknowledged or not, reached the receiver");
    child.kill().unwrap();
    child.wait().unwrap();
}

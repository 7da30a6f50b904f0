//! A `201` survives `kill -9`: the server binary is killed at random moments while it takes
//! RSVPs, and every acknowledged RSVP is there after each restart.

use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;

use crate::helpers::rsvp_body;

fn start(database: &str, seed: bool) -> (Child, String) {
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

//! The real binary, as operators and scripts run it (docs/OPERATIONS.md).

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[tokio::test]
async fn prints_its_address_serves_and_stops_cleanly_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("data/board.db").display());
    let mut child = Command::new(env!("CARGO_BIN_EXE_stammtisch-server"))
        .args(["--addr", "127.0.0.1:0", "--database", &database, "--seed-demo", "--widget-dir"])
        .arg(dir.path().join("dist"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut first_line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first_line).unwrap();
    let url = first_line.trim().strip_prefix("listening on ").expect("first line names the address").to_owned();
    assert!(url.starts_with("http://127.0.0.1:") && !url.ends_with(":0"), "{url}");

    let health = reqwest::get(format!("{url}/healthz")).await.unwrap();
    assert_eq!(health.status(), reqwest::StatusCode::OK);
    let feed: serde_json::Value = reqwest::get(format!("{url}/api/v1/feed")).await.unwrap().json().await.unwrap();
    assert!(feed["events"].as_array().unwrap().len() >= 12, "seeded with the demo board");
    assert!(dir.path().join("data/board.db").exists(), "the database folder is created");
    // An open live stream must not keep the server from stopping.
    let stream = reqwest::get(format!("{url}/api/v1/feed/stream")).await.unwrap();
    assert_eq!(stream.status(), reqwest::StatusCode::OK);

    let kill = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(kill.success());
    let status = tokio::task::spawn_blocking(move || child.wait().unwrap()).await.unwrap();
    assert_eq!(status.code(), Some(0), "SIGTERM ends the server with exit code 0");
}

#[test]
fn help_describes_every_flag() {
    let output = Command::new(env!("CARGO_BIN_EXE_stammtisch-server")).arg("--help").output().unwrap();
    let help = String::from_utf8(output.stdout).unwrap();
    for flag in ["--addr", "--database", "--seed-demo", "--allow-origin", "--public-url", "--widget-dir"] {
        assert!(help.contains(flag), "{flag} missing from --help");
    }
}

/// The logs of one RSVP's life (stored, mailed, confirmed, cancelled, listed) with `format`,
/// and the secrets the scenario used.
async fn scenario_logs(format: &str) -> (String, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("logs.db").display());
    let admin_token = "admin-secret-4711";
    let mut child = Command::new(env!("CARGO_BIN_EXE_stammtisch-server"))
        .args(["--addr", "127.0.0.1:0", "--database", &database, "--seed-demo", "--admin-token", admin_token])
        // Mail on, to a port where nobody answers: failed deliveries are logged too.
        .args(["--smtp-url", "smtp://127.0.0.1:9", "--mail-from", "Termine <termine@example.com>"])
        .args(["--log-format", format])
        .env("RUST_LOG", "debug")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Debug logs are plenty: read them as they come, or the pipe fills and the server stalls.
    let stderr = child.stderr.take().unwrap();
    let log_reader = std::thread::spawn(move || std::io::read_to_string(stderr).unwrap_or_default());
    let mut first_line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first_line).unwrap();
    let url = first_line.trim().strip_prefix("listening on ").unwrap().to_owned();
    let client = reqwest::Client::new();
    let created: serde_json::Value = client
        .post(format!("{url}/api/v1/events/partnertag-nord/rsvps"))
        .json(&serde_json::json!({"name": "Log Test", "email": "geheim@example.org", "consent": true}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let cancel_url = created["cancel_url"].as_str().unwrap().to_owned();
    let token = cancel_url.rsplit('/').next().unwrap().to_owned();
    client.get(&cancel_url).send().await.unwrap();
    client.delete(format!("{url}/api/v1/rsvps/{token}")).send().await.unwrap();
    client.get(format!("{url}/api/v1/admin/events")).bearer_auth(admin_token).send().await.unwrap();
    client.get(format!("{url}/api/v1/admin/events")).bearer_auth("wrong-token").send().await.unwrap();
    for list in ["rsvps", "rsvps.csv"] {
        let attendees =
            client.get(format!("{url}/api/v1/admin/events/partnertag-nord/{list}")).bearer_auth(admin_token);
        assert!(attendees.send().await.unwrap().text().await.unwrap().contains("geheim@example.org"));
    }

    Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    child.wait().unwrap();
    let secrets = [token.as_str(), "geheim@example.org", admin_token, "wrong-token"].map(str::to_owned).to_vec();
    (log_reader.join().unwrap(), secrets)
}

/// Every flag the server takes is in the operators' table, so the table cannot fall behind.
#[test]
fn the_operations_guide_names_every_flag() {
    let output = Command::new(env!("CARGO_BIN_EXE_stammtisch-server")).arg("--help").output().unwrap();
    let help = String::from_utf8(output.stdout).unwrap();
    let guide = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/OPERATIONS.md")).unwrap();
    // A flag's own line starts with it ("--addr <ADDR>", "-h, --help"); other lines only mention flags.
    let flags: Vec<&str> = help
        .lines()
        .filter(|line| line.trim_start().starts_with('-'))
        .filter_map(|line| line.split_whitespace().find_map(|word| word.strip_prefix("--")))
        .map(|flag| flag.trim_end_matches(|c: char| !c.is_ascii_alphanumeric() && c != '-'))
        .filter(|flag| !flag.is_empty() && !["help", "version"].contains(flag))
        .collect();
    assert!(flags.len() > 20, "flags read from --help: {flags:?}");
    let missing: Vec<&&str> = flags.iter().filter(|flag| !guide.contains(&format!("| `--{flag}` |"))).collect();
    assert!(missing.is_empty(), "docs/OPERATIONS.md lacks a row for {missing:?}");
}

#[tokio::test]
async fn logs_never_show_tokens_or_addresses() {
    let (logs, secrets) = scenario_logs("text").await;
    assert!(logs.contains("rsvp stored"), "the scenario was logged: {logs}");
    assert!(logs.contains("mail not delivered yet"), "the mail's failed delivery was logged: {logs}");
    for secret in secrets {
        assert!(!logs.contains(&secret), "{secret} appears in the logs");
    }
}

#[tokio::test]
async fn json_logs_are_one_object_per_line_and_keep_the_same_secrets() {
    let (logs, secrets) = scenario_logs("json").await;
    let lines: Vec<serde_json::Value> = logs
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("not a JSON line ({e}): {line}")))
        .collect();
    let messages: Vec<&str> = lines.iter().filter_map(|l| l["message"].as_str()).collect();
    assert!(messages.contains(&"rsvp stored"), "the scenario was logged: {logs}");
    assert!(messages.iter().any(|m| m.contains("mail not delivered yet")), "{logs}");
    for line in &lines {
        assert!(line["timestamp"].is_string() && line["level"].is_string() && line["target"].is_string(), "{line}");
    }
    let request =
        lines.iter().find(|l| l["spans"].as_array().is_some_and(|s| !s.is_empty())).expect("requests log their span");
    assert!(request["spans"][0]["name"].is_string(), "{request}");
    for secret in secrets {
        assert!(!logs.contains(&secret), "{secret} appears in the JSON logs");
    }
}

//! The real binary, as operators and scripts run it (CONTRACT §6).

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

    let kill = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(kill.success());
    let status = child.wait().unwrap();
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

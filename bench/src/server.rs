//! The release server binary with a fresh SQLite file (WAL, synchronous = FULL).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use reqwest::{Client, StatusCode};
use serde_json::json;

pub const ADMIN_TOKEN: &str = "bench-admin-token";

pub struct Server {
    child: Child,
    pub url: String,
    _dir: tempfile::TempDir,
}

impl Server {
    /// Starts the server on a free port, serving `site` as its widget files.
    pub fn start(binary: &Path, site: &Path) -> anyhow::Result<Server> {
        Self::start_with(binary, site, &[])
    }

    pub fn start_with(binary: &Path, site: &Path, extra_args: &[&str]) -> anyhow::Result<Server> {
        let dir = tempfile::tempdir()?;
        let database = format!("sqlite://{}", dir.path().join("bench.db").display());
        let mut child = Command::new(binary)
            .args(["--addr", "127.0.0.1:0", "--database", &database, "--rsvp-rate-limit", "0"])
            .args(["--admin-token", ADMIN_TOKEN, "--widget-dir"])
            .arg(site)
            .args(extra_args)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("piped")).read_line(&mut line)?;
        let url = line.trim().strip_prefix("listening on ").ok_or_else(|| anyhow::anyhow!("server said {line:?}"))?;
        Ok(Server { child, url: url.to_owned(), _dir: dir })
    }

    /// The most memory the server process has held (VmHWM), in MB.
    pub fn peak_rss_mb(&self) -> Option<f64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let kb: f64 =
            status.lines().find_map(|l| l.strip_prefix("VmHWM:"))?.trim().trim_end_matches("kB").trim().parse().ok()?;
        Some(kb / 1000.0)
    }
}

/// Creates an upcoming event through the organizer API.
pub async fn create_event(client: &Client, url: &str, id: &str, capacity: Option<u32>) -> anyhow::Result<()> {
    let starts_at = (chrono::Utc::now() + chrono::Duration::days(30)).to_rfc3339();
    let body = json!({
        "id": id, "title": format!("Bench {id}"), "kind": "meetup", "starts_at": starts_at,
        "summary": "Ein Termin für den Benchmark.", "location": {"name": "Saal", "city": "Hannover"},
        "tags": ["Netzwerk"], "capacity": capacity,
    });
    let response =
        client.post(format!("{url}/api/v1/admin/events")).bearer_auth(ADMIN_TOKEN).json(&body).send().await?;
    anyhow::ensure!(response.status() == StatusCode::CREATED, "creating {id}: {}", response.status());
    Ok(())
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

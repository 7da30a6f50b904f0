//! The board as a phone visitor gets it: the demo board on a company page of another origin,
//! cold cache, in Chromium throttled through its DevTools protocol the way phones are served
//! (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up, CPU slowed 4×); then Lighthouse 12's
//! mobile run of the same page (it throttles the same way, simulated).

use std::path::Path;
use std::time::{Duration, Instant};

use fantoccini::wd::WebDriverCompatibleCommand;
use serde_json::{json, Value};
use stammtisch_e2e::{start_browser_with_capabilities, HostSite};

use crate::profile::cdp;
use crate::report::Figure;
use crate::server::Server;

const RUNS: usize = 5;
const LIGHTHOUSE_RUNS: usize = 3;

/// Runs in the page before anything else: when the first event title is on screen, when the
/// wasm's board has taken over, and every long task.
const WATCH: &str = r#"(() => {
  window.longTasks = [];
  try {
    new PerformanceObserver((list) => list.getEntries().forEach((e) => window.longTasks.push([e.startTime, e.duration])))
      .observe({ type: "longtask", buffered: true });
  } catch {}
  const look = () => {
    const root = document.querySelector("stammtisch-board")?.shadowRoot;
    if (!window.titleSeen && root?.querySelector(".st-title")) {
      window.titleSeen = true;
      // The next frame begins after the one that painted the title.
      requestAnimationFrame(() => { window.firstEventPainted = performance.now(); });
    }
    if (root?.querySelector(".st-root:not([data-painted]):not([hidden]) .st-title")) {
      window.wasmTookOver = performance.now();
      return;
    }
    requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
})();"#;

#[derive(Debug)]
struct PerformanceLog;

impl WebDriverCompatibleCommand for PerformanceLog {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/se/log", session_id.unwrap_or_default()))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(json!({ "type": "performance" }).to_string()))
    }
}

/// Bytes received before `paint_epoch_ms`, from Chromium's network events: whole resources
/// that finished before it, and the chunks that had arrived of the others.
fn bytes_before(log: &Value, paint_epoch_ms: f64) -> Option<f64> {
    let events: Vec<Value> = log
        .as_array()?
        .iter()
        .filter_map(|entry| serde_json::from_str::<Value>(entry["message"].as_str()?).ok())
        .map(|message| message["message"].clone())
        .collect();
    // Network timestamps are a monotonic clock; the document's request ties it to the wall.
    let document =
        events.iter().find(|e| e["method"] == "Network.requestWillBeSent" && e["params"]["type"] == "Document")?;
    let offset = document["params"]["wallTime"].as_f64()? - document["params"]["timestamp"].as_f64()?;
    let before = |e: &Value| e["params"]["timestamp"].as_f64().is_some_and(|t| (t + offset) * 1000.0 <= paint_epoch_ms);
    let mut finished = std::collections::HashMap::new();
    for e in events.iter().filter(|e| e["method"] == "Network.loadingFinished" && before(e)) {
        finished.insert(e["params"]["requestId"].as_str()?.to_owned(), e["params"]["encodedDataLength"].as_f64()?);
    }
    let partial: f64 = events
        .iter()
        .filter(|e| e["method"] == "Network.dataReceived" && before(e))
        .filter(|e| e["params"]["requestId"].as_str().is_some_and(|id| !finished.contains_key(id)))
        .filter_map(|e| e["params"]["encodedDataLength"].as_f64())
        .sum();
    Some(finished.values().sum::<f64>() + partial)
}

async fn throttled_run(page: &str, profile: &Path) -> anyhow::Result<(f64, f64, f64, f64)> {
    let capabilities = json!({ "goog:loggingPrefs": { "performance": "ALL" } });
    let (_driver, client) = start_browser_with_capabilities(profile, &["--window-size=390,844"], capabilities).await;
    cdp(&client, "Network.enable", json!({})).await?;
    cdp(&client, "Network.setCacheDisabled", json!({ "cacheDisabled": true })).await?;
    cdp(
        &client,
        "Network.emulateNetworkConditions",
        json!({ "offline": false, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8 }),
    )
    .await?;
    cdp(&client, "Emulation.setCPUThrottlingRate", json!({ "rate": 4 })).await?;
    cdp(&client, "Page.addScriptToEvaluateOnNewDocument", json!({ "source": WATCH })).await?;
    client.goto(page).await?;
    let deadline = Instant::now() + Duration::from_secs(60);
    let seen = loop {
        let seen = client
            .execute(
                "return [window.firstEventPainted ?? null, window.wasmTookOver ?? null, performance.timeOrigin];",
                vec![],
            )
            .await?;
        if seen[0].is_number() && seen[1].is_number() {
            break seen;
        }
        anyhow::ensure!(Instant::now() < deadline, "the phone page showed no events: {seen}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    let painted = seen[0].as_f64().unwrap_or(f64::NAN);
    let took_over = seen[1].as_f64().unwrap_or(f64::NAN);
    let longest = client
        .execute(
            "return Math.max(0, ...window.longTasks.filter(t => t[0] >= arguments[0]).map(t => t[1]));",
            vec![json!(painted)],
        )
        .await?
        .as_f64()
        .unwrap_or(f64::NAN);
    let log = client.issue_cmd(PerformanceLog).await?;
    let bytes = bytes_before(&log, seen[2].as_f64().unwrap_or(0.0) + painted).unwrap_or(f64::NAN);
    client.close().await?;
    Ok((painted, bytes / 1000.0, took_over, longest))
}

/// Lighthouse's mobile run: largest contentful paint, total blocking time, layout shift.
fn lighthouse(page: &str) -> anyhow::Result<Option<(f64, f64, f64)>> {
    let Some(binary) = std::env::var_os("LIGHTHOUSE") else {
        eprintln!("bench: LIGHTHOUSE not set, no Lighthouse figures");
        return Ok(None);
    };
    let out = tempfile::tempdir()?;
    let report = out.path().join("report.json");
    let status = std::process::Command::new(binary)
        .arg(page)
        .args(["--output=json", "--only-categories=performance", "--quiet"])
        .arg(format!("--output-path={}", report.display()))
        .arg("--chrome-flags=--headless=new --no-sandbox --disable-gpu")
        .env("CHROME_PATH", "/usr/bin/chromium")
        .status()?;
    anyhow::ensure!(status.success(), "lighthouse failed: {status}");
    let report: Value = serde_json::from_str(&std::fs::read_to_string(report)?)?;
    let audit = |name: &str| report["audits"][name]["numericValue"].as_f64().unwrap_or(f64::NAN);
    Ok(Some((audit("largest-contentful-paint"), audit("total-blocking-time"), audit("cumulative-layout-shift"))))
}

pub async fn measure(server_binary: &Path, site: &Path) -> anyhow::Result<Vec<Figure>> {
    let host = HostSite::start().await;
    let server = Server::start_with(server_binary, site, &["--seed-demo", "--allow-origin", &host.url])?;
    host.set_board(&server.url);
    let page = format!("{}/plain", host.url);
    let profiles = tempfile::tempdir()?;
    let (mut painted, mut bytes, mut took_over, mut longest) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for run in 0..RUNS {
        let (p, b, t, l) = throttled_run(&page, &profiles.path().join(format!("phone-{run}"))).await?;
        eprintln!(
            "bench: phone: first event {p:.0} ms after {b:.1} KB, wasm took over at {t:.0} ms, longest task {l:.0} ms"
        );
        painted.push(p);
        bytes.push(b);
        took_over.push(t);
        longest.push(l);
    }
    let figure = |name: &str, unit: &'static str, values: Vec<f64>| Figure::from_runs("phone", name, unit, values);
    let mut out = vec![
        figure("navigation start → first event name painted", "ms", painted),
        figure("bytes fetched before that paint", "KB", bytes),
        figure("navigation start → wasm took over", "ms", took_over),
        figure("longest main-thread task after the paint", "ms", longest),
    ];
    let (mut lcp, mut tbt, mut cls) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..LIGHTHOUSE_RUNS {
        let Some((l, t, c)) = tokio::task::block_in_place(|| lighthouse(&page))? else { break };
        eprintln!("bench: lighthouse: LCP {l:.0} ms, TBT {t:.0} ms, CLS {c:.4}");
        lcp.push(l);
        tbt.push(t);
        cls.push(c);
    }
    if !lcp.is_empty() {
        out.push(figure("Lighthouse mobile: Largest Contentful Paint", "ms", lcp));
        out.push(figure("Lighthouse mobile: Total Blocking Time", "ms", tbt));
        out.push(figure("Lighthouse mobile: Cumulative Layout Shift", "score", cls));
    }
    drop(server);
    Ok(out)
}

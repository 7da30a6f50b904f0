//! The board as a phone visitor gets it: the demo board on a company page of another origin,
//! cold cache, in Chromium throttled through its DevTools protocol the way phones are served
//! (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up, CPU slowed 4×); then Lighthouse 12's
//! mobile run of the same page (it throttles the same way, simulated).

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use stammtisch_e2e::{start_browser_with, HostSite};

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

async fn throttled_run(page: &str, profile: &Path) -> anyhow::Result<(f64, f64, f64, f64)> {
    let (_driver, client) = start_browser_with(profile, &["--window-size=390,844"]).await;
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
    // Resource timing sees the board's files: they carry `Timing-Allow-Origin`.
    let bytes = client
        .execute(
            "const before = (e) => e.responseEnd <= arguments[0];
             return [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
               .filter(before).reduce((sum, e) => sum + e.transferSize, 0);",
            vec![json!(painted)],
        )
        .await?
        .as_f64()
        .unwrap_or(f64::NAN);
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
    let profiles = tempfile::tempdir()?;
    let mut out = Vec::new();
    for (variant, path) in [("script tag", "plain"), ("included by the host's server", "included")] {
        let (mut painted, mut bytes, mut took_over, mut longest) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for run in 0..RUNS {
            let profile = profiles.path().join(format!("{path}-{run}"));
            let (p, b, t, l) = throttled_run(&format!("{}/{path}", host.url), &profile).await?;
            eprintln!("bench: phone, {variant}: first event {p:.0} ms after {b:.1} KB, wasm took over at {t:.0} ms, longest task {l:.0} ms");
            painted.push(p);
            bytes.push(b);
            took_over.push(t);
            longest.push(l);
        }
        let figure = |name: &str, unit: &'static str, values: Vec<f64>| {
            Figure::from_runs("phone", format!("{variant}: {name}"), unit, values)
        };
        out.extend([
            figure("navigation start → first event name painted", "ms", painted),
            figure("bytes fetched before that paint", "KB", bytes),
            figure("navigation start → wasm took over", "ms", took_over),
            figure("longest main-thread task after the paint", "ms", longest),
        ]);
    }
    let figure = |name: &str, unit: &'static str, values: Vec<f64>| Figure::from_runs("phone", name, unit, values);
    for (variant, path) in [("script tag", "plain"), ("included by the host's server", "included")] {
        let (mut lcp, mut tbt, mut cls) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..LIGHTHOUSE_RUNS {
            let page = format!("{}/{path}", host.url);
            let Some((l, t, c)) = tokio::task::block_in_place(|| lighthouse(&page))? else { break };
            eprintln!("bench: lighthouse, {variant}: LCP {l:.0} ms, TBT {t:.0} ms, CLS {c:.4}");
            lcp.push(l);
            tbt.push(t);
            cls.push(c);
        }
        if !lcp.is_empty() {
            out.push(figure(&format!("{variant}: Lighthouse mobile: Largest Contentful Paint"), "ms", lcp));
            out.push(figure(&format!("{variant}: Lighthouse mobile: Total Blocking Time"), "ms", tbt));
            out.push(figure(&format!("{variant}: Lighthouse mobile: Cumulative Layout Shift"), "score", cls));
        }
    }
    drop(server);
    Ok(out)
}

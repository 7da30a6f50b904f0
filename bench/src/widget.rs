//! The widget in headless Chromium: render time against a vanilla-JS page, filtering, start-up
//! from the script tag with a cold cache, and memory after rendering and re-rendering.

use std::path::Path;
use std::time::{Duration, Instant};

use fantoccini::wd::TimeoutConfiguration;
use fantoccini::Client;
use serde_json::{json, Value};
use stammtisch_e2e::start_browser_with;

use crate::report::Figure;
use crate::server::{create_event, Server};

const RUNS: usize = 5;
const SIZES: [usize; 3] = [100, 1_000, 5_000];
const QUERY: &str = "lunch";
const STARTUP_EVENTS: usize = 100;
/// Exact heap sizes (not bucketed) and `gc()` for measuring memory.
const CHROMIUM_FLAGS: [&str; 2] = ["--enable-precise-memory-info", "--js-flags=--expose-gc"];

/// Copies the built widget, the benchmark pages and the generated feeds into one directory,
/// which the server then serves as its widget files.
pub fn prepare_site(widget_dir: &Path, pages_dir: &Path, site: &Path) -> anyhow::Result<()> {
    for dir in [widget_dir, pages_dir] {
        for entry in std::fs::read_dir(dir)? {
            let entry = entry?;
            if entry.file_type()?.is_file() {
                std::fs::copy(entry.path(), site.join(entry.file_name()))?;
            }
        }
    }
    for size in SIZES {
        std::fs::write(site.join(format!("feed-{size}.json")), crate::feed::feed(size).to_string())?;
    }
    // The profile needs function names, which wasm-opt drops: bind cargo's own output again.
    let unoptimized = widget_dir.join("../target/wasm32-unknown-unknown/wasm-release/stammtisch-board.wasm");
    let status = std::process::Command::new("wasm-bindgen")
        .args(["--target", "web", "--no-typescript", "--out-dir"])
        .arg(site.join("named"))
        .arg(&unoptimized)
        .status()?;
    anyhow::ensure!(status.success(), "wasm-bindgen could not bind {}", unoptimized.display());
    Ok(())
}

async fn browser(profile: &Path) -> anyhow::Result<(stammtisch_e2e::Process, Client)> {
    let (driver, client) = start_browser_with(profile, &CHROMIUM_FLAGS).await;
    let long = Some(Duration::from_secs(300));
    client.update_timeouts(TimeoutConfiguration::new(long, long, Some(Duration::ZERO))).await?;
    Ok((driver, client))
}

async fn call(client: &Client, script: &str, args: Vec<Value>) -> anyhow::Result<Value> {
    Ok(client.execute(script, args).await?)
}

/// `url` ending in `/named` opens the page with the unoptimized, named build.
async fn open_render_page(client: &Client, url: &str) -> anyhow::Result<()> {
    let page = match url.strip_suffix("/named") {
        Some(base) => format!("{base}/render.html?named"),
        None => format!("{url}/render.html"),
    };
    client.goto(&page).await?;
    let deadline = Instant::now() + Duration::from_secs(60);
    while call(client, "return window.benchReady === true;", vec![]).await? != json!(true) {
        anyhow::ensure!(Instant::now() < deadline, "the render page did not get ready");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Ok(())
}

async fn render(client: &Client, contestant: &str, size: usize) -> anyhow::Result<f64> {
    let script = format!("return window.bench.{contestant}(arguments[0]);");
    call(client, &script, vec![json!(size)]).await?.as_f64().ok_or_else(|| anyhow::anyhow!("{contestant}: no time"))
}

async fn memory(client: &Client) -> anyhow::Result<(f64, f64)> {
    let m = call(client, "return window.bench.memory();", vec![]).await?;
    let mb = |v: &Value| v.as_f64().unwrap_or(f64::NAN) / 1_000_000.0;
    Ok((mb(&m["js"]), mb(&m["wasm"])))
}

fn ms(name: impl Into<String>, runs: Vec<f64>) -> Figure {
    Figure::from_runs("widget", name, "ms", runs)
}

pub async fn measure(server_binary: &Path, site: &Path, out_dir: &Path) -> anyhow::Result<Vec<Figure>> {
    let server = Server::start(server_binary, site)?;
    let url = server.url.clone();
    let http = reqwest::Client::new();
    for n in 0..STARTUP_EVENTS {
        create_event(&http, &url, &format!("start-{n:03}"), Some(40)).await?;
    }
    let profiles = tempfile::tempdir()?;
    let mut out = Vec::new();

    let (_driver, client) = browser(&profiles.path().join("render")).await?;
    open_render_page(&client, &url).await?;
    // Warm-up: the wasm is compiled and the feed files are in the HTTP cache for both.
    render(&client, "board", 100).await?;
    render(&client, "vanilla", 100).await?;
    for size in SIZES {
        let (mut board, mut vanilla) = (Vec::new(), Vec::new());
        for _ in 0..RUNS {
            board.push(render(&client, "board", size).await?);
            vanilla.push(render(&client, "vanilla", size).await?);
        }
        let board = ms(format!("render {size} events: Stammtisch"), board);
        let vanilla = ms(format!("render {size} events: vanilla JS"), vanilla);
        if size == 1_000 {
            for contestant in ["vanilla", "board"] {
                render(&client, contestant, size).await?;
                let nodes = call(&client, "return window.bench.nodes();", vec![]).await?;
                let phases = call(&client, "return window.lastPhases;", vec![]).await?;
                eprintln!(
                    "bench: {contestant}, {size} events: {} elements, {} nodes; {phases}",
                    nodes["elements"], nodes["all"]
                );
            }
        }
        let ratio = Figure::single(
            "widget",
            format!("render {size} events: Stammtisch / vanilla"),
            "×",
            board.median / vanilla.median,
        );
        out.extend([board, vanilla, ratio]);
    }

    render(&client, "board", 5_000).await?;
    let mut keystrokes = Vec::new();
    let mut visible = 0;
    for _ in 0..RUNS {
        let typed = call(&client, "return window.bench.type(arguments[0]);", vec![json!(QUERY)]).await?;
        keystrokes.extend(typed["times"].as_array().into_iter().flatten().filter_map(Value::as_f64));
        visible = typed["visible"].as_u64().unwrap_or(0);
    }
    eprintln!("bench: typing {QUERY:?} left {visible} of 5000 events visible");
    out.push(ms(format!("filter 5,000 events: one keystroke (typing {QUERY:?})"), keystrokes));

    // Issue 21: at 1,000 events the board may take at most three times the plain page's memory.
    let mut at_thousand = Vec::new();
    for contestant in ["board", "vanilla"] {
        open_render_page(&client, &url).await?;
        render(&client, contestant, 1_000).await?;
        let (js, wasm) = memory(&client).await?;
        let who = if contestant == "board" { "Stammtisch" } else { "vanilla JS" };
        out.push(Figure::single(
            "widget",
            format!("memory, {who}: JS heap + wasm after 1,000 events"),
            "MB",
            js + wasm,
        ));
        at_thousand.push(js + wasm);
    }
    out.push(Figure::single(
        "widget",
        "memory after 1,000 events: Stammtisch / vanilla",
        "×",
        at_thousand[0] / at_thousand[1],
    ));
    for contestant in ["board", "vanilla"] {
        open_render_page(&client, &url).await?;
        render(&client, contestant, 5_000).await?;
        let (js, wasm) = memory(&client).await?;
        for _ in 0..5 {
            render(&client, contestant, 5_000).await?;
        }
        let (js_after, wasm_after) = memory(&client).await?;
        let who = if contestant == "board" { "Stammtisch" } else { "vanilla JS" };
        let mb = |name: &str, value: f64| Figure::single("widget", format!("memory, {who}: {name}"), "MB", value);
        out.push(mb("JS heap + wasm after 5,000 events", js + wasm));
        out.push(mb("JS heap + wasm after five more renders", js_after + wasm_after));
        if contestant == "board" {
            out.push(mb("of which wasm memory, after five more renders", wasm_after));
        }
    }
    open_render_page(&client, &format!("{url}/named")).await?;
    render(&client, "board", 1_000).await?;
    let mut report = String::new();
    for contestant in ["board", "vanilla"] {
        let script = format!("return window.bench.{contestant}(1000);");
        report += &crate::profile::profile(&client, &script, &format!("{contestant}, rendering 1,000 events")).await?;
    }
    std::fs::write(out_dir.join("PROFILE.md"), report)?;
    client.close().await?;

    let mut startup = Vec::new();
    for run in 0..RUNS {
        // A new profile each time: nothing cached, no stored feed.
        let (_driver, client) = browser(&profiles.path().join(format!("startup-{run}"))).await?;
        client.goto(&format!("{url}/startup.html")).await?;
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let after = call(&client, "return window.firstEventsAfter ?? null;", vec![]).await?;
            if let Some(after) = after.as_f64() {
                let phases = call(&client, "return window.startupPhases;", vec![]).await?;
                eprintln!("bench: start-up {after:.0} ms; downloads done at (ms) {phases}");
                startup.push(after);
                break;
            }
            anyhow::ensure!(Instant::now() < deadline, "the start-up page showed no events");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        client.close().await?;
    }
    out.push(ms(format!("start-up, script tag to first events ({STARTUP_EVENTS} events, cold cache)"), startup));
    Ok(out)
}

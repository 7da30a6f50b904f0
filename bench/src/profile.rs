//! A CPU profile of the board rendering, through Chromium's DevTools protocol (chromedriver's
//! `goog/cdp/execute`): where the time goes, by function, so a missed target points at its cause.

use std::collections::HashMap;

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::Client;
use serde_json::{json, Value};

#[derive(Debug)]
struct Cdp {
    method: &'static str,
    params: Value,
}

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/goog/cdp/execute", session_id.unwrap_or_default()))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(json!({ "cmd": self.method, "params": self.params }).to_string()))
    }
}

pub async fn cdp(client: &Client, method: &'static str, params: Value) -> anyhow::Result<Value> {
    Ok(client.issue_cmd(Cdp { method, params }).await?)
}

/// Runs `script` (which returns its own wall time in ms) under the sampling profiler; the
/// functions with the most self time, as a Markdown section.
pub async fn profile(client: &Client, script: &str, title: &str) -> anyhow::Result<String> {
    const INTERVAL_US: u64 = 100;
    cdp(client, "Profiler.enable", json!({})).await?;
    cdp(client, "Profiler.setSamplingInterval", json!({ "interval": INTERVAL_US })).await?;
    cdp(client, "Profiler.start", json!({})).await?;
    let wall_ms = client.execute(script, vec![]).await?.as_f64().unwrap_or(f64::NAN);
    let stopped = cdp(client, "Profiler.stop", json!({})).await?;
    cdp(client, "Profiler.disable", json!({})).await?;

    let mut self_ms: HashMap<String, f64> = HashMap::new();
    let mut total = 0.0;
    for node in stopped["profile"]["nodes"].as_array().into_iter().flatten() {
        let frame = &node["callFrame"];
        let name = frame["functionName"].as_str().filter(|n| !n.is_empty()).unwrap_or("(anonymous)");
        let file = frame["url"].as_str().and_then(|u| u.rsplit('/').next()).unwrap_or("");
        let ms = node["hitCount"].as_f64().unwrap_or(0.0) * INTERVAL_US as f64 / 1000.0;
        total += ms;
        *self_ms.entry(format!("`{name}` {file}")).or_default() += ms;
    }
    let mut rows: Vec<(String, f64)> = self_ms.into_iter().collect();
    rows.sort_by(|a, b| b.1.total_cmp(&a.1));
    let mut text = format!(
        "# CPU profile: {title}\n\nWritten by `cargo xtask bench widget`: Chromium's sampling profiler \
         ({INTERVAL_US} µs) on the main thread, self time by function: {total:.0} ms sampled during \
         {wall_ms:.0} ms of wall time. Wasm without wasm-opt, so that functions keep their names.\n\n\
         | function | file | self ms | share |\n| --- | --- | ---: | ---: |\n"
    );
    for (name, ms) in rows.iter().take(30) {
        let (function, file) = name.rsplit_once(' ').unwrap_or((name, ""));
        text.push_str(&format!(
            "| {function} | {file} | {ms:.1} | {:.1} % |\n",
            100.0 * ms / total.max(f64::MIN_POSITIVE)
        ));
    }
    Ok(text + "\n")
}

//! Shared pieces of the end-to-end tests: the real server binary, browsers of three engines
//! through their WebDrivers, and a second web site that embeds the board.
//!
//! The tests run through `cargo xtask test`, which builds the widget and the server and sets
//! STAMMTISCH_SERVER_BIN, STAMMTISCH_WIDGET_DIR and CHROMEDRIVER.

mod engines;
mod gate;
mod host_site;

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

pub use engines::{start_engine, Engine};
pub use gate::WasmGate;
pub use host_site::{HostSite, THEMES};

pub fn env_path(name: &str) -> PathBuf {
    std::env::var_os(name)
        .map(PathBuf::from)
        .unwrap_or_else(|| panic!("{name} is not set: run this test through `cargo xtask test`"))
}

/// Kills the child process when the test ends, passed or not.
pub struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the server binary with the demo board and returns it with its URL.
pub fn start_server(database: &str, extra_args: &[&str]) -> (Process, String) {
    start_server_at("127.0.0.1:0", database, extra_args)
}

/// [`start_server`] on a given address, e.g. to restart a server where it was.
pub fn start_server_at(addr: &str, database: &str, extra_args: &[&str]) -> (Process, String) {
    let mut child = Command::new(env_path("STAMMTISCH_SERVER_BIN"))
        .args(["--addr", addr, "--database", database, "--seed-demo", "--widget-dir"])
        .arg(env_path("STAMMTISCH_WIDGET_DIR"))
        .args(extra_args)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the server binary starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_owned();
    (Process(child), url)
}

pub(crate) fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Headless Chromium with a fresh profile, driven through chromedriver.
pub async fn start_browser(profile: &Path) -> (Process, Client) {
    start_browser_with(profile, &[]).await
}

/// Like `start_browser`, with extra Chromium flags (the benchmark asks for exact heap sizes).
pub async fn start_browser_with(profile: &Path, extra_args: &[&str]) -> (Process, Client) {
    let port = free_port();
    let driver = Command::new(env_path("CHROMEDRIVER"))
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let driver = Process(driver);
    let mut args: Vec<String> = [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1200,1800",
        "--lang=de-DE",
    ]
    .iter()
    .map(|a| a.to_string())
    .collect();
    args.extend(extra_args.iter().map(|a| a.to_string()));
    args.push(format!("--user-data-dir={}", profile.display()));
    let capabilities = json!({ "goog:chromeOptions": { "binary": "/usr/bin/chromium", "args": args } });
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let connected = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities.as_object().unwrap().clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await;
        match connected {
            Ok(client) => return (driver, client),
            Err(error) if Instant::now() > deadline => panic!("chromedriver did not answer: {error}"),
            Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    }
}

/// Polls inside the shadow root of the board `host` until `selector` matches, for up to 30 s.
pub async fn find_in(client: &Client, host: &str, selector: &str) -> Element {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(board) = client.find(Locator::Css(host)).await {
            if let Ok(root) = board.shadow_root().await {
                // The board the wasm runs: what embed.js painted before it is replaced.
                if let Ok(live) = root.find(Locator::Css(LIVE_BOARD)).await {
                    if let Ok(found) = live.find(Locator::Css(selector)).await {
                        return found;
                    }
                }
            }
        }
        if Instant::now() > deadline {
            let page = client.source().await.unwrap_or_default();
            panic!("{host} never showed {selector}; page: {page}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The board in a shadow root once the wasm has taken it over from the painted first view.
pub const LIVE_BOARD: &str = ".st-root:not([data-painted]):not([hidden])";

/// [`find_in`] the page's first board.
pub async fn find_in_board(client: &Client, selector: &str) -> Element {
    find_in(client, "stammtisch-board", selector).await
}

pub async fn board_elements(client: &Client, selector: &str) -> Vec<Element> {
    let host = client.find(Locator::Css("stammtisch-board")).await.unwrap();
    let live = host.shadow_root().await.unwrap().find(Locator::Css(LIVE_BOARD)).await.unwrap();
    live.find_all(Locator::Css(selector)).await.unwrap()
}

/// Waits until the element's text is not empty, and returns it.
pub async fn wait_for_text(client: &Client, host: &str, selector: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let text = find_in(client, host, selector).await.text().await.unwrap_or_default();
        if !text.trim().is_empty() {
            return text;
        }
        assert!(Instant::now() < deadline, "{selector} stayed empty");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// What the organizer API answers at `path` (e.g. `/api/v1/admin/events/x/rsvps`), as JSON.
pub async fn admin_get(url: &str, token: &str, path: &str) -> serde_json::Value {
    let answer = reqwest::Client::new().get(format!("{url}{path}")).bearer_auth(token).send().await.unwrap();
    assert!(answer.status().is_success(), "{path}: {}", answer.status());
    answer.json().await.unwrap()
}

/// Opens the card of `event` in board `host` and waits until the focus has moved into it, as
/// the board does one frame after the click: keys sent earlier could land elsewhere.
pub async fn open_card(client: &Client, host: &str, event: &str) {
    let button = find_in(client, host, &format!("[data-event-id={event}] .st-card-foot button")).await;
    // WebKit's driver does not scroll a card of a day that is not rendered yet
    // (`content-visibility: auto`) into view by itself. Days rendered as they come into view
    // change their height and move the button: the click waits until it stays put for two
    // frames, or it lands where the button was (seen in WebKit under load: focus on the body).
    let center_and_settle = "const [button, done] = arguments;
        button.scrollIntoView({ block: 'center' });
        let last = '';
        const settled = () => {
            const box = button.getBoundingClientRect();
            const now = `${box.top},${box.left}`;
            if (now === last) return done();
            last = now;
            requestAnimationFrame(() => requestAnimationFrame(settled));
        };
        settled();";
    for _ in 0..2 {
        client.execute_async(center_and_settle, vec![serde_json::to_value(&button).unwrap()]).await.unwrap();
    }
    button.click().await.unwrap_or_else(|error| panic!("the card of {event} cannot be opened: {error}"));
    let focused = "const host = document.querySelector(arguments[0]);
        return host.shadowRoot.activeElement?.id === 'st-' + arguments[1] + '-form';";
    let deadline = Instant::now() + Duration::from_secs(10);
    while client.execute(focused, vec![json!(host), json!(event)]).await.unwrap() != json!(true) {
        assert!(Instant::now() < deadline, "the opened card of {event} never took the focus");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Fills and sends the RSVP form of `event` in board `host`, and waits for the answer.
pub async fn rsvp(client: &Client, host: &str, event: &str, name: &str, email: &str) -> String {
    let card = format!("[data-event-id={event}]");
    open_card(client, host, event).await;
    find_in(client, host, &format!("#st-{event}-name")).await.send_keys(name).await.unwrap();
    find_in(client, host, &format!("#st-{event}-email")).await.send_keys(email).await.unwrap();
    find_in(client, host, &format!("#st-{event}-consent")).await.click().await.unwrap();
    find_in(client, host, &format!("{card} button[type=submit]")).await.click().await.unwrap();
    wait_for_text(client, host, &format!("{card} .st-done-message")).await
}

/// Runs `async fn $test(engine: Engine)` once per engine, as `$test::chromium`, `$test::firefox`
/// and `$test::webkit`, so a failure names its engine.
#[macro_export]
macro_rules! in_every_engine {
    ($test:ident) => {
        mod $test {
            #[tokio::test]
            async fn chromium() {
                super::$test($crate::Engine::Chromium).await
            }
            #[tokio::test]
            async fn firefox() {
                super::$test($crate::Engine::Firefox).await
            }
            #[tokio::test]
            async fn webkit() {
                super::$test($crate::Engine::WebKit).await
            }
        }
    };
}

/// Runs `code` in the page and returns what it returns.
pub async fn script(client: &Client, code: &str) -> serde_json::Value {
    client.execute(code, vec![]).await.unwrap()
}

/// Polls `check` every 100 ms for up to 30 s.
pub async fn until(what: &str, mut check: impl AsyncFnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !check().await {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

//! The three engines company-site visitors use: Chromium (Chrome, Edge), Gecko (Firefox) and
//! WebKit (Safari), each through its own WebDriver. `cargo xtask test` installs them and names
//! the drivers in CHROMEDRIVER, GECKODRIVER and WEBKITWEBDRIVER; WebKit's MiniBrowser needs a
//! display, which xtask gives the tests with Xvfb.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value};

use crate::{env_path, free_port, start_browser, Process};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Chromium,
    Firefox,
    WebKit,
}

impl Engine {
    pub const ALL: [Engine; 3] = [Engine::Chromium, Engine::Firefox, Engine::WebKit];

    pub fn name(self) -> &'static str {
        match self {
            Engine::Chromium => "Chromium",
            Engine::Firefox => "Firefox ESR",
            Engine::WebKit => "WebKitGTK",
        }
    }
}

/// Where WebKitGTK's MiniBrowser is, unless MINIBROWSER says otherwise.
const MINIBROWSER: &str = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";

/// A fresh browser of `engine`, 1200 × 1800, speaking German, with a profile under `profile`.
pub async fn start_engine(engine: Engine, profile: &Path) -> (Process, Client) {
    match engine {
        Engine::Chromium => start_browser(profile).await,
        Engine::Firefox => {
            std::fs::create_dir_all(profile).unwrap();
            let capabilities = json!({
                "moz:firefoxOptions": {
                    "binary": std::env::var("FIREFOX").unwrap_or_else(|_| "/usr/bin/firefox-esr".into()),
                    "args": ["-headless", "-profile", profile.display().to_string()],
                    "prefs": {
                        "intl.accept_languages": "de-DE, de",
                        "intl.locale.requested": "de-DE",
                        // This machine's network is closed: no update, telemetry or safe-browsing calls.
                        "app.update.auto": false,
                        "browser.safebrowsing.malware.enabled": false,
                        "browser.safebrowsing.phishing.enabled": false,
                        "datareporting.policy.dataSubmissionEnabled": false,
                        "network.captive-portal-service.enabled": false,
                        "network.connectivity-service.enabled": false,
                    },
                },
            });
            let (driver, client) = connect("GECKODRIVER", &[], &[], capabilities).await;
            client.set_window_size(1200, 1800).await.unwrap();
            (driver, client)
        }
        Engine::WebKit => {
            let binary = std::env::var("MINIBROWSER").unwrap_or_else(|_| MINIBROWSER.into());
            let capabilities = json!({
                "webkitgtk:browserOptions": { "binary": binary, "args": ["--automation"] },
            });
            // WebKitGTK takes the page language from the environment.
            let env = [("LANGUAGE", "de_DE"), ("LANG", "C.UTF-8")];
            let (driver, client) = connect("WEBKITWEBDRIVER", &[], &env, capabilities).await;
            client.set_window_size(1200, 1800).await.unwrap();
            (driver, client)
        }
    }
}

async fn connect(driver_var: &str, args: &[&str], env: &[(&str, &str)], capabilities: Value) -> (Process, Client) {
    let port = free_port();
    let driver = Command::new(env_path(driver_var))
        .arg(format!("--port={port}"))
        .args(args)
        .envs(env.iter().copied())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|error| panic!("{driver_var} does not start: {error}"));
    let driver = Process(driver);
    let deadline = Instant::now() + Duration::from_secs(40);
    loop {
        let connected = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities.as_object().unwrap().clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await;
        match connected {
            Ok(client) => return (driver, client),
            Err(error) if Instant::now() > deadline => panic!("{driver_var} did not answer: {error}"),
            Err(_) => tokio::time::sleep(Duration::from_millis(300)).await,
        }
    }
}

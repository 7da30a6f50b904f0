//! A second web site, on its own origin, that embeds the board the way customers do: with
//! hostile CSS and a strict Content-Security-Policy. CSP violations are reported back to it.

use std::sync::{Arc, Mutex, OnceLock};

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{Html, IntoResponse};
use axum::routing::{get, post};
use axum::Router;

#[derive(Clone, Default)]
struct Site {
    origin: Arc<OnceLock<String>>,
    board: Arc<OnceLock<String>>,
    reports: Arc<Mutex<Vec<String>>>,
}

pub struct HostSite {
    pub url: String,
    site: Site,
}

/// Rules a careless theme ships: they must not reach into the board.
const HOSTILE_CSS: &str =
    "* { color: red !important; font: 40px serif !important; box-sizing: content-box !important; }
button { display: none !important; }
div { margin: 50px !important; }
#board-1 { --stammtisch-accent: rgb(0, 128, 0); }
";

impl Site {
    fn csp(&self, frames: bool) -> String {
        let (host, board) = (self.origin.get().unwrap(), self.board.get().unwrap());
        let frame = if frames { format!("frame-src {board}; ") } else { String::new() };
        format!(
            "default-src 'none'; script-src {board} 'wasm-unsafe-eval'; connect-src {board}; style-src {host}; \
             img-src {board}; {frame}report-uri {host}/csp-report"
        )
    }
}

async fn boards_page(State(site): State<Site>) -> impl IntoResponse {
    let board = site.board.get().unwrap();
    let page = format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Hostile host</title>
<link rel="stylesheet" href="/host.css">
<script type="module" src="{board}/embed.js"></script>
<script type="module" src="{board}/embed.js?loaded=twice"></script>
</head><body>
<p id="host-text">The host's own text</p>
<button id="host-button">The host's own button</button>
<div id="slot-1"><stammtisch-board id="board-1" api="{board}" locale="de"></stammtisch-board></div>
<div id="slot-2"><stammtisch-board id="board-2" api="{board}" locale="en" kinds="webinar" theme="dark"></stammtisch-board></div>
</body></html>"#
    );
    ([(header::CONTENT_SECURITY_POLICY, site.csp(false))], Html(page))
}

/// A policy that forgot `'wasm-unsafe-eval'`: the board cannot start and must say so.
/// A plain company page with one board between its own text, for the phone benchmark.
async fn plain_page(State(site): State<Site>) -> impl IntoResponse {
    let board = site.board.get().unwrap();
    company_page(&site, &format!(r#"<stammtisch-board api="{board}" locale="de"></stammtisch-board>"#), false)
}

/// The same page with the board included on the server, as the WordPress plugin does: the
/// events are in the page's own HTML, in a declarative shadow root that links `board.css`.
async fn included_page(State(site): State<Site>) -> impl IntoResponse {
    let board = site.board.get().unwrap();
    let included = reqwest::get(format!("{board}/include?locale=de")).await.unwrap().text().await.unwrap();
    company_page(&site, &included, true)
}

fn company_page(site: &Site, board_html: &str, board_styles: bool) -> impl IntoResponse + use<> {
    let board = site.board.get().unwrap();
    let page = format!(
        r#"<!doctype html>
<html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Systemhaus Nord – Termine</title>
<script type="module" src="{board}/embed.js"></script>
</head><body>
<h1>Termine für Partner</h1>
<p id="host-text">Treffen Sie uns auf unseren nächsten Veranstaltungen.</p>
{board_html}
<p>Impressum · Datenschutz</p>
</body></html>"#
    );
    let mut csp = site.csp(false);
    if board_styles {
        csp = csp.replacen("style-src ", &format!("style-src {board} "), 1);
    }
    ([(header::CONTENT_SECURITY_POLICY, csp)], Html(page))
}

async fn no_wasm_page(State(site): State<Site>) -> impl IntoResponse {
    let board = site.board.get().unwrap();
    let page = format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>No wasm</title>
<script type="module" src="{board}/embed.js"></script>
</head><body><stammtisch-board api="{board}"></stammtisch-board></body></html>"#
    );
    let csp = site.csp(false).replace(" 'wasm-unsafe-eval'", "");
    ([(header::CONTENT_SECURITY_POLICY, csp)], Html(page))
}

async fn iframe_page(State(site): State<Site>) -> impl IntoResponse {
    let board = site.board.get().unwrap();
    let page = format!(
        r#"<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>Iframe host</title>
<script src="{board}/embed-resize.js"></script>
</head><body>
<iframe id="board-frame" src="{board}/embed?locale=de" title="Veranstaltungen"></iframe>
</body></html>"#
    );
    ([(header::CONTENT_SECURITY_POLICY, site.csp(true))], Html(page))
}

/// Company themes as they are found in the wild, by name; each page holds one board, the
/// same on every page, so sizes inside it can be compared with the neutral one.
pub const THEMES: [&str; 5] = ["neutral", "root-62-5", "root-20px", "important", "rtl"];

fn theme_css(name: &str) -> Option<&'static str> {
    Some(match name {
        "neutral" => "",
        // WordPress and Bootstrap 3 themes: 1rem = 10px.
        "root-62-5" => "html { font-size: 62.5%; } body { font-size: 1.4rem; line-height: 1.2; }",
        "root-20px" => "html { font-size: 20px; line-height: 2; }",
        "important" => {
            "* { font-size: 11px !important; line-height: 3 !important; letter-spacing: 2px !important;
                 box-sizing: content-box !important; text-transform: uppercase !important; }
             button, input, select { font: 30px serif !important; padding: 20px !important; border: 5px solid red !important;
                 display: block !important; width: 300px !important; }
             div { margin: 40px !important; padding: 40px !important; }"
        }
        "rtl" => "body { font-size: 18px; }",
        _ => return None,
    })
}

async fn theme_page(State(site): State<Site>, Path(name): Path<String>) -> axum::response::Response {
    if theme_css(&name).is_none() {
        return axum::http::StatusCode::NOT_FOUND.into_response();
    }
    let board = site.board.get().unwrap();
    let dir = if name == "rtl" { r#" dir="rtl""# } else { "" };
    let page = format!(
        r#"<!doctype html>
<html lang="de"{dir}><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Theme {name}</title>
<link rel="stylesheet" href="/theme/{name}.css">
<script type="module" src="{board}/embed.js"></script>
</head><body>
<p>Termine</p>
<div class="sidebar"><stammtisch-board api="{board}" locale="de"></stammtisch-board></div>
</body></html>"#
    );
    ([(header::CONTENT_SECURITY_POLICY, site.csp(false))], Html(page)).into_response()
}

async fn theme_file(Path(file): Path<String>) -> axum::response::Response {
    match file.strip_suffix(".css").and_then(theme_css) {
        Some(css) => ([(header::CONTENT_TYPE, "text/css")], css).into_response(),
        None => axum::http::StatusCode::NOT_FOUND.into_response(),
    }
}

async fn host_css() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/css")], HOSTILE_CSS)
}

async fn csp_report(State(site): State<Site>, body: String) {
    site.reports.lock().unwrap().push(body);
}

impl HostSite {
    pub async fn start() -> HostSite {
        let site = Site::default();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        site.origin.set(url.clone()).unwrap();
        let app = Router::new()
            .route("/boards", get(boards_page))
            .route("/iframe", get(iframe_page))
            .route("/no-wasm", get(no_wasm_page))
            .route("/plain", get(plain_page))
            .route("/included", get(included_page))
            .route("/host.css", get(host_css))
            .route("/themes/{name}", get(theme_page))
            .route("/theme/{file}", get(theme_file))
            .route("/csp-report", post(csp_report))
            .with_state(site.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        HostSite { url, site }
    }

    /// Where the embedded board lives; set once the board's server runs.
    pub fn set_board(&self, board_url: &str) {
        self.site.board.set(board_url.to_owned()).unwrap();
    }

    /// CSP violation reports the browser sent so far. Firefox and WebKit also fetch the host
    /// page's own `/favicon.ico`, which this policy does not allow: the host's, not the board's.
    pub fn csp_reports(&self) -> Vec<String> {
        let favicon = format!("{}/favicon.ico", self.url);
        let reports = self.site.reports.lock().unwrap();
        reports.iter().filter(|report| !report.contains(&format!("\"blocked-uri\":\"{favicon}\""))).cloned().collect()
    }
}

use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};

use crate::AppState;

/// `200` once the database answers.
pub async fn healthz(State(state): State<AppState>) -> Response {
    match state.store.ping().await {
        Ok(()) => (StatusCode::OK, "ok\n").into_response(),
        Err(error) => {
            tracing::warn!(%error, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n").into_response()
        }
    }
}

const DEMO_PAGE: &str = include_str!("../../demo/index.html");
const DEMO_CSS: &str = include_str!("../../demo/demo.css");
const PAGE_CSS: &str = include_str!("../../demo/page.css");

/// A small company website that embeds the board with the one documented tag.
pub async fn demo_page(State(state): State<AppState>) -> Response {
    let page = Html(DEMO_PAGE.replace("{{BOARD_URL}}", &crate::html::escape(&state.public_url)));
    // The same policy a host page can use: the board needs no inline code or styles.
    let csp = format!(
        "default-src 'none'; script-src 'self' {public} 'wasm-unsafe-eval'; connect-src 'self' {public}; \
         style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        public = state.public_url,
    );
    let mut response = page.into_response();
    let headers = response.headers_mut();
    if let Ok(csp) = HeaderValue::from_str(&csp) {
        headers.insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    response
}

pub async fn demo_css() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], DEMO_CSS)
}

/// Styles of the server-rendered pages, a file because their CSP forbids inline styles.
pub async fn page_css() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], PAGE_CSS)
}

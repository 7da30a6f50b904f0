use axum::extract::State;
use axum::http::{header, StatusCode};
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
pub async fn demo_page(State(state): State<AppState>) -> Html<String> {
    Html(DEMO_PAGE.replace("{{BOARD_URL}}", &crate::html::escape(&state.public_url)))
}

pub async fn demo_css() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], DEMO_CSS)
}

/// Styles of the server-rendered pages, a file because their CSP forbids inline styles.
pub async fn page_css() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], PAGE_CSS)
}

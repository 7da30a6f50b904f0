use std::path::PathBuf;
use std::sync::Arc;

use axum::http::{header, HeaderValue, Method};
use axum::routing::{get, post};
use axum::Router;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::trace::TraceLayer;

use crate::routes;
use crate::store::Store;
use crate::Config;

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    /// Without a trailing slash.
    pub public_url: Arc<str>,
    pub widget_dir: Arc<PathBuf>,
    allowed_origins: Arc<Vec<HeaderValue>>,
}

impl AppState {
    pub fn new(store: Store, config: &Config, public_url: String) -> anyhow::Result<Self> {
        let allowed_origins = config
            .allow_origins
            .iter()
            .map(|origin| {
                HeaderValue::from_str(origin.trim_end_matches('/'))
                    .map_err(|_| anyhow::anyhow!("--allow-origin {origin:?} is not a valid origin"))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        Ok(AppState {
            store,
            public_url: public_url.trim_end_matches('/').into(),
            widget_dir: Arc::new(config.widget_dir.clone()),
            allowed_origins: Arc::new(allowed_origins),
        })
    }
}

/// The whole HTTP surface, without binding a socket, so tests can drive it directly.
pub fn app(state: AppState) -> Router {
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::list(state.allowed_origins.iter().cloned()))
        .allow_methods([Method::GET, Method::POST, Method::DELETE])
        .allow_headers([header::CONTENT_TYPE, header::ACCEPT_LANGUAGE, header::IF_NONE_MATCH])
        .expose_headers([header::ETAG]);
    let api = Router::new()
        .route("/api/v1/feed", get(routes::feed::get_feed))
        .route("/api/v1/events/{id}/rsvps", post(routes::rsvp::create_rsvp))
        .layer(cors);
    Router::new()
        .merge(api)
        .route("/feed.json", get(routes::feed::get_feed))
        .route("/healthz", get(routes::pages::healthz))
        .route("/", get(routes::pages::demo_page))
        .route("/demo.css", get(routes::pages::demo_css))
        .fallback_service(routes::widget::files(&state.widget_dir))
        .layer(routes::rsvp::body_limit())
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::MatchedPath;
use axum::http::{header, HeaderValue};
use axum::routing::{delete, get, post, put};
use axum::Router;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::RequestBodyTimeoutLayer;
use tower_http::trace::TraceLayer;

use ipnet::IpNet;
use sha2::{Digest, Sha256};

use crate::client::parse_proxy;
use crate::cors::AllowedOrigins;
use crate::feed_cache::FeedCache;
use crate::live::LiveHub;
use crate::mail::{deliver_outbox, MailSettings, Mailer};
use crate::rate_limit::{FailureLimit, RsvpRateLimit};
use crate::routes;
use crate::routes::admin;
use crate::sources::Fetcher;
use crate::store::Store;
use crate::Config;

/// Beacons one client may send a minute: a board sends one, plus one per card opened and form
/// begun; an office behind one address sends many.
const REACH_BEACONS_PER_MINUTE: u32 = 600;

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    /// Without a trailing slash.
    pub public_url: Arc<str>,
    /// The board's identity in calendar UIDs (see `calendar::uid_host`).
    pub uid_host: Arc<str>,
    pub widget_dir: Arc<PathBuf>,
    pub origins: Arc<AllowedOrigins>,
    pub trusted_proxies: Arc<Vec<IpNet>>,
    pub rsvp_rate_limit: RsvpRateLimit,
    pub admin_failures: FailureLimit,
    /// SHA-256 of the admin token; `None` locks the organizer API.
    pub admin_token_hash: Option<Arc<[u8]>>,
    pub feed_cache: FeedCache,
    pub live: LiveHub,
    pub stream_heartbeat: std::time::Duration,
    pub body_timeout: std::time::Duration,
    pub fetcher: Fetcher,
    /// Days after an event until its attendees' personal data goes; 0 keeps it.
    pub retention_days: u32,
    pub metrics: Arc<crate::metrics::Metrics>,
    /// Reach without cookies: counts gathered in memory, written every few seconds.
    pub reach: crate::reach::Reach,
    pub reach_rate_limit: RsvpRateLimit,
}

impl AppState {
    pub fn new(store: Store, config: &Config, public_url: String) -> anyhow::Result<Self> {
        let origins = AllowedOrigins::parse(&config.allow_origins)?;
        let trusted_proxies = config
            .trusted_proxies
            .iter()
            .map(|p| parse_proxy(p).map_err(|why| anyhow::anyhow!("--trusted-proxy: {why}")))
            .collect::<anyhow::Result<Vec<_>>>()?;
        let feed_cache = FeedCache::default();
        let fetcher = Fetcher::new(std::time::Duration::from_secs(config.source_timeout), config.source_max_bytes)?;
        let uid_host = crate::calendar::uid_host(config.public_url.as_deref(), &config.database);
        start_mail(&store, config, &public_url, &uid_host)?;
        tokio::spawn(crate::webhooks::deliver_webhooks(store.clone(), crate::webhooks::HookSender::new()?));
        Ok(AppState {
            uid_host: uid_host.into(),
            public_url: public_url.trim_end_matches('/').into(),
            widget_dir: Arc::new(config.widget_dir.clone()),
            origins: Arc::new(origins),
            trusted_proxies: Arc::new(trusted_proxies),
            rsvp_rate_limit: RsvpRateLimit::new(config.rsvp_rate_limit),
            admin_failures: FailureLimit::per_minute(std::num::NonZeroU32::new(10).expect("not zero")),
            admin_token_hash: config
                .admin_token
                .as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(|t| Sha256::digest(t.as_bytes()).to_vec().into()),
            live: LiveHub::start(store.clone(), feed_cache.clone(), config.max_streams_per_client),
            feed_cache,
            stream_heartbeat: std::time::Duration::from_secs(config.stream_heartbeat),
            body_timeout: std::time::Duration::from_secs(config.body_timeout),
            metrics: crate::metrics::Metrics::new(fetcher.failures.clone()),
            fetcher,
            retention_days: config.retention_days,
            reach: crate::reach::Reach::start(store.clone()),
            reach_rate_limit: RsvpRateLimit::new(REACH_BEACONS_PER_MINUTE),
            store,
        })
    }
}

/// Switches attendee mail on when `--smtp-url` is given, and starts its sender (and, for
/// double opt-in, the releaser of unconfirmed RSVPs).
fn start_mail(store: &Store, config: &Config, public_url: &str, uid_host: &str) -> anyhow::Result<()> {
    let Some(smtp_url) = config.smtp_url.as_deref().filter(|u| !u.trim().is_empty()) else {
        if config.require_confirmation {
            anyhow::bail!("--require-confirmation needs --smtp-url: confirmations come by mail");
        }
        return Ok(());
    };
    let from = config.mail_from.as_deref().ok_or_else(|| anyhow::anyhow!("--smtp-url needs --mail-from"))?;
    let mailer = Mailer::new(smtp_url, from)?;
    let public_url = public_url.trim_end_matches('/').to_owned();
    store.enable_mail(MailSettings {
        uid_host: uid_host.to_owned(),
        public_url,
        require_confirmation: config.require_confirmation,
    });
    tokio::spawn(deliver_outbox(store.clone(), mailer));
    if config.reminder_hours > 0 {
        tokio::spawn(send_reminders(store.clone(), config.reminder_hours));
    }
    if config.require_confirmation {
        let store = store.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(std::time::Duration::from_secs(20));
            loop {
                tick.tick().await;
                if let Err(error) = store.release_unconfirmed(chrono::Utc::now()).await {
                    tracing::warn!(%error, "releasing unconfirmed RSVPs failed");
                }
            }
        });
    }
    Ok(())
}

/// Every minute, from the start: reminders for events now within `hours`.
async fn send_reminders(store: Store, hours: u32) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
    loop {
        tick.tick().await;
        match store.queue_reminders(hours, chrono::Utc::now()).await {
            Ok(0) => {}
            Ok(count) => tracing::info!(count, hours, "reminder mails written"),
            Err(error) => tracing::warn!(%error, "writing reminder mails failed; trying again in a minute"),
        }
    }
}

/// Names a request by its route pattern, never its concrete path: cancel tokens travel in
/// paths and must not reach the logs.
fn request_span(request: &axum::http::Request<axum::body::Body>) -> tracing::Span {
    let route = request.extensions().get::<MatchedPath>().map_or("(file)", |path| path.as_str());
    tracing::info_span!("request", method = %request.method(), route)
}

/// `--metrics-addr`: only `/metrics`, without a token.
pub fn metrics_app(state: AppState) -> Router {
    Router::new().route("/metrics", get(crate::metrics::open_metrics)).with_state(state)
}

/// The whole HTTP surface, without binding a socket, so tests can drive it directly.
pub fn app(state: AppState) -> Router {
    let public_read = Router::new()
        .route("/api/v1/feed", get(routes::feed::get_feed))
        .route("/feed.json", get(routes::feed::get_feed))
        .route("/api/v1/feed.ics", get(routes::calendar::feed_ics))
        .route("/api/v1/feed/stream", get(routes::stream::stream))
        .route("/api/v1/board", get(routes::board::board_fragment))
        .route("/api/v1/events/{file}", get(routes::calendar::event_ics))
        .layer(state.origins.read_layer());
    let public_write = Router::new()
        .route("/api/v1/events/{id}/rsvps", post(routes::rsvp::create_rsvp))
        .route("/api/v1/rsvps/{token}", delete(routes::cancel::cancel_rsvp))
        .layer(state.origins.write_layer());
    let beacon = Router::new().route("/api/v1/reach", post(routes::reach::beacon)).layer(state.origins.beacon_layer());
    // Same origin only: the organizer API answers no CORS at all.
    let organizer = Router::new()
        .route("/api/v1/admin/stats", get(admin::stats))
        .route("/api/v1/admin/mails", get(admin::mails))
        .route("/api/v1/admin/series", get(routes::series::list_series))
        .route("/api/v1/admin/series/{id}", put(routes::series::put_series).delete(routes::series::delete_series))
        .route("/api/v1/admin/events", get(admin::list_events).post(admin::create_event))
        .route("/api/v1/admin/events/{id}", get(admin::get_event).put(admin::update_event).delete(admin::delete_event))
        .route("/api/v1/admin/events/{id}/rsvps", get(admin::list_rsvps))
        .route("/api/v1/admin/events/{id}/reach", get(routes::reach::event_reach))
        .route("/api/v1/admin/events/{id}/rsvps/{rsvp}", delete(admin::cancel_rsvp))
        .route("/api/v1/admin/events/{id}/rsvps/{rsvp}/approve", post(admin::approve_rsvp))
        .route("/api/v1/admin/events/{id}/rsvps/{rsvp}/decline", post(admin::decline_rsvp))
        .route("/api/v1/admin/events/{id}/rsvps/{rsvp}/check-in", post(admin::check_in).delete(admin::undo_check_in))
        .route("/api/v1/admin/sources", get(routes::sources::list_sources))
        .route("/api/v1/admin/sources/{id}", put(routes::sources::put_source).delete(routes::sources::delete_source))
        .route("/api/v1/admin/sources/{id}/refresh", post(routes::sources::refresh_source))
        .route("/api/v1/admin/events/{id}/{file}", get(admin::list_rsvps_csv))
        .route("/api/v1/admin/webhooks", get(routes::webhooks::list_webhooks))
        .route(
            "/api/v1/admin/webhooks/{id}",
            put(routes::webhooks::put_webhook).delete(routes::webhooks::delete_webhook),
        )
        .route("/api/v1/admin/webhooks/{id}/deliveries", get(routes::webhooks::list_deliveries))
        .route("/api/v1/admin/webhooks/{id}/deliveries/{delivery}/resend", post(routes::webhooks::resend_delivery))
        // Events and series are the largest bodies: room for the largest valid one.
        .layer(axum::extract::DefaultBodyLimit::max(stammtisch_model::MAX_ORGANIZER_BODY));
    Router::new()
        .merge(public_read)
        .merge(public_write)
        .merge(beacon)
        .merge(organizer)
        .route("/api/v1/openapi.json", get(crate::openapi::openapi_json))
        .route("/healthz", get(routes::pages::healthz))
        .route("/metrics", get(crate::metrics::metrics))
        .route("/", get(routes::pages::demo_page))
        .route("/embed", get(routes::embed::embed_page))
        .route("/include", get(routes::embed::include))
        .route("/events", get(routes::event_pages::events_page))
        .route("/events/{id}", get(routes::event_pages::event_page))
        .route("/events/{id}/rsvp", post(routes::event_pages::rsvp_from_page))
        .route("/admin", get(routes::console::console_page))
        .route("/admin/", get(routes::console::console_page))
        .route("/demo.css", get(routes::pages::demo_css))
        .route("/page.css", get(routes::pages::page_css))
        .route("/rsvp/{token}", get(routes::cancel::cancel_page))
        .route("/rsvp/{token}/cancel", post(routes::cancel::cancel_from_page))
        .route("/rsvp/{token}/delete", post(routes::cancel::delete_from_page))
        .route("/rsvp/{token}/confirm", post(routes::cancel::confirm_from_page))
        .fallback_service(routes::widget::files(&state.widget_dir))
        .layer(routes::rsvp::body_limit())
        .layer(RequestBodyTimeoutLayer::new(state.body_timeout))
        .layer(CompressionLayer::new())
        // No response may be read as another type than it says (the API's JSON as HTML, say).
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
        .layer(axum::middleware::from_fn_with_state(state.metrics.clone(), crate::metrics::track))
        .with_state(state)
}

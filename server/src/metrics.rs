//! `GET /metrics` in the OpenMetrics text format (Prometheus reads it): requests by route and
//! status with their latency, RSVPs by outcome, open live streams, what the outboxes still hold,
//! partner-feed failures and the database pool. Behind the admin token on the main address, or
//! open on `--metrics-addr` for a scraper on a private network.

use std::sync::atomic::AtomicU64;
use std::sync::Arc;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

use crate::routes::admin::Admin;
use crate::store::StoreError;
use crate::AppState;

const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    /// The route's pattern (`/api/v1/events/{id}/rsvps`), never a concrete path: cancel
    /// tokens travel in paths, and patterns keep the number of series small.
    route: String,
    method: String,
    status: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabels {
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutboxLabels {
    outbox: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PoolLabels {
    state: &'static str,
}

/// What an RSVP came to, as `stammtisch_rsvps_total{outcome}` counts it.
#[derive(Clone, Copy, Debug)]
pub enum RsvpOutcome {
    Confirmed,
    Waitlisted,
    Pending,
    /// Approval: waits for the organizer.
    Requested,
    /// A rule broken (name, e-mail, consent …).
    Invalid,
    Closed,
    AlreadyRegistered,
    NotFound,
    /// The honeypot field was filled: answered like a success, stored nothing.
    Bot,
    /// The database could not take it (answered 503 or 500).
    Failed,
}

impl RsvpOutcome {
    fn label(self) -> &'static str {
        match self {
            RsvpOutcome::Confirmed => "confirmed",
            RsvpOutcome::Waitlisted => "waitlisted",
            RsvpOutcome::Pending => "pending",
            RsvpOutcome::Requested => "requested",
            RsvpOutcome::Invalid => "invalid",
            RsvpOutcome::Closed => "closed",
            RsvpOutcome::AlreadyRegistered => "already_registered",
            RsvpOutcome::NotFound => "not_found",
            RsvpOutcome::Bot => "bot",
            RsvpOutcome::Failed => "failed",
        }
    }

    pub fn of_store_error(error: &StoreError) -> RsvpOutcome {
        match error {
            StoreError::RsvpClosed => RsvpOutcome::Closed,
            StoreError::AlreadyRegistered => RsvpOutcome::AlreadyRegistered,
            StoreError::EventNotFound => RsvpOutcome::NotFound,
            StoreError::InvalidAnswer(_) => RsvpOutcome::Invalid,
            _ => RsvpOutcome::Failed,
        }
    }
}

type Latency = Family<RouteLabels, Histogram, fn() -> Histogram>;

fn latency_histogram() -> Histogram {
    // 1 ms to about 8 s.
    Histogram::new(exponential_buckets(0.001, 2.0, 14))
}

pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Latency,
    rsvps: Family<OutcomeLabels, Counter>,
    open_streams: Gauge,
    backlog: Family<OutboxLabels, Gauge>,
    feeds_failing: Gauge,
    pool: Family<PoolLabels, Gauge>,
    pool_max: Gauge,
}

impl Metrics {
    /// `feed_failures` is counted by the partner-feed fetcher.
    pub fn new(feed_failures: Counter<u64, AtomicU64>) -> Arc<Metrics> {
        let mut registry = Registry::with_prefix("stammtisch");
        let metrics = Metrics {
            requests: Family::default(),
            latency: Latency::new_with_constructor(latency_histogram),
            rsvps: Family::default(),
            open_streams: Gauge::default(),
            backlog: Family::default(),
            feeds_failing: Gauge::default(),
            pool: Family::default(),
            pool_max: Gauge::default(),
            registry: Registry::default(),
        };
        registry.register(
            "http_requests",
            "HTTP requests answered, by route, method and status",
            metrics.requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "Time until an answer's head was ready, by route (a live stream counts until it opened)",
            metrics.latency.clone(),
        );
        registry.register("rsvps", "RSVPs received, by what came of them", metrics.rsvps.clone());
        registry.register("open_streams", "Live update streams this server holds open", metrics.open_streams.clone());
        registry.register(
            "outbox_backlog",
            "Mails and webhook deliveries still to be sent (new or retrying)",
            metrics.backlog.clone(),
        );
        registry.register(
            "partner_feeds_failing",
            "Partner feeds whose last read failed",
            metrics.feeds_failing.clone(),
        );
        registry.register("partner_feed_failures", "Partner-feed reads that failed", feed_failures);
        registry.register("db_pool_connections", "Database connections of this server, by state", metrics.pool.clone());
        registry.register(
            "db_pool_max_connections",
            "Database connections this server may open",
            metrics.pool_max.clone(),
        );
        Arc::new(Metrics { registry, ..metrics })
    }

    pub fn rsvp(&self, outcome: RsvpOutcome) {
        self.rsvps.get_or_create(&OutcomeLabels { outcome: outcome.label() }).inc();
    }

    /// The text, with the gauges read now.
    async fn render(&self, state: &AppState) -> Result<String, StoreError> {
        self.open_streams.set(i64::try_from(state.live.open_streams()).unwrap_or(i64::MAX));
        let backlog = state.store.backlog().await?;
        self.backlog.get_or_create(&OutboxLabels { outbox: "mail" }).set(backlog.mails);
        self.backlog.get_or_create(&OutboxLabels { outbox: "webhook" }).set(backlog.deliveries);
        self.feeds_failing.set(backlog.failing_sources);
        let pool = state.store.pool_stats();
        self.pool.get_or_create(&PoolLabels { state: "idle" }).set(i64::from(pool.idle));
        self.pool.get_or_create(&PoolLabels { state: "in_use" }).set(i64::from(pool.size.saturating_sub(pool.idle)));
        self.pool_max.set(i64::from(pool.max));
        let mut text = String::new();
        prometheus_client::encoding::text::encode(&mut text, &self.registry)
            .map_err(|_| StoreError::Database(sqlx::Error::Protocol("the metrics could not be written".into())))?;
        Ok(text)
    }
}

/// Counts every answer with its route and status, and how long it took to be ready.
pub async fn track(State(metrics): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = request.extensions().get::<MatchedPath>().map_or("(file)", |path| path.as_str()).to_owned();
    // Any token is a method to HTTP: unknown ones share one label, or every client could add series.
    let method = match request.method().as_str() {
        known @ ("GET" | "HEAD" | "POST" | "PUT" | "DELETE" | "OPTIONS" | "PATCH") => known,
        _ => "other",
    }
    .to_owned();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics.latency.get_or_create(&RouteLabels { route: route.clone() }).observe(started.elapsed().as_secs_f64());
    metrics.requests.get_or_create(&RequestLabels { route, method, status }).inc();
    response
}

async fn answer(state: &AppState) -> Response {
    match state.metrics.render(state).await {
        Ok(text) => ([(header::CONTENT_TYPE, CONTENT_TYPE), (header::CACHE_CONTROL, "no-store")], text).into_response(),
        Err(error) => crate::AppError::from_store(error, stammtisch_model::Lang::En).into_response(),
    }
}

/// `GET /metrics` on the main address, behind the admin token (Prometheus:
/// `authorization: {credentials: …}`).
pub async fn metrics(_: Admin, State(state): State<AppState>) -> Response {
    answer(&state).await
}

/// `GET /metrics` on `--metrics-addr`, without a token: that address is for the scraper only.
pub async fn open_metrics(State(state): State<AppState>) -> Response {
    answer(&state).await
}

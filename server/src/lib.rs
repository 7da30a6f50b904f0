//! The Stammtisch backend (docs/API.md §1–§3, docs/OPERATIONS.md).

mod app;
mod backup;
mod calendar;
mod calendar_import;
mod calendar_lines;
mod calendar_time;
mod calendar_zone;
mod check_config;
pub mod cli;
mod client;
mod config;
pub mod config_file;
mod cors;
mod dates;
mod error;
mod event_form;
mod export;
mod feed_cache;
mod html;
mod import;
mod live;
mod mail;
mod metrics;
pub mod openapi;
mod rate_limit;
mod reach;
mod routes;
mod seed;
mod serve;
mod serve_stream;
mod sources;
mod store;
mod token;
mod webhooks;

use anyhow::Context;
use tokio::net::TcpListener;

pub use app::{app, metrics_app, AppState};
pub use check_config::check as check_config;
pub use config::Config;
pub use error::AppError;
pub use export::{attendees_csv, inert};
pub use reach::Reach;
pub use seed::seed_demo;
pub use serve::{serve, Limits};
pub use store::{Attendee, Change, NewEvent, Store, StoreError};

/// Logs go to stderr so that stdout carries only the `listening on` line scripts wait for.
/// Both formats carry the same fields: what the text lines leave out (tokens, addresses,
/// e-mail addresses) the JSON lines leave out too.
pub fn init_logging(format: config::LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let logs = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    match format {
        config::LogFormat::Text => logs.init(),
        config::LogFormat::Json => logs.json().flatten_event(true).with_span_list(true).init(),
    }
}

/// Opens the database, runs migrations, binds, prints `listening on …` and serves until
/// SIGTERM or Ctrl-C, finishing the requests in flight.
pub async fn run(config: Config) -> anyhow::Result<()> {
    let store = Store::open_with(&config.database, config.database_connections)
        .await
        .with_context(|| format!("cannot open the database {}", config::without_credentials(&config.database)))?;
    if config.seed_demo {
        let now = chrono::Utc::now();
        if seed_demo(&store, now).await? {
            tracing::info!("filled the empty database with the demo board");
        } else {
            tracing::info!("the database already has events: demo data not added");
        }
    }
    // Every live stream holds a socket: allow as many as the system lets this process have.
    match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(limit) => tracing::debug!(limit, "open files"),
        Err(error) => tracing::warn!(%error, "could not raise the open-files limit"),
    }
    if config.retention_days > 0 {
        tokio::spawn(delete_old_personal_data(store.clone(), config.retention_days));
    }
    let listener = TcpListener::bind(config.addr).await.with_context(|| format!("cannot listen on {}", config.addr))?;
    let local = listener.local_addr()?;
    let public_url = config.public_url.clone().unwrap_or_else(|| format!("http://{local}"));
    if !config.widget_dir.join("embed.js").is_file() {
        tracing::warn!(
            dir = %config.widget_dir.display(),
            "no built widget found: /embed.js will answer 404 (build it with `cargo xtask serve`)"
        );
    }
    if config.admin_token.as_deref().is_none_or(|t| t.trim().is_empty()) {
        tracing::warn!("no admin token set (--admin-token / STAMMTISCH_ADMIN_TOKEN): the organizer API answers 401");
    }
    let database_kind = store.database_kind();
    let state = AppState::new(store, &config, public_url)?;
    tokio::spawn(sources::follow_sources(state.store.clone(), state.fetcher.clone()));
    if let Some(addr) = config.metrics_addr {
        let metrics = TcpListener::bind(addr).await.with_context(|| format!("cannot listen on {addr} for metrics"))?;
        tracing::info!("metrics on http://{}/metrics", metrics.local_addr()?);
        let router = metrics_app(state.clone());
        tokio::spawn(async move { axum::serve(metrics, router).await });
    }
    let live = state.live.clone();
    let (reach, store) = (state.reach.clone(), state.store.clone());
    let router = app(state);
    println!("listening on http://{local}");
    tracing::info!(database = database_kind, "listening on http://{local}");
    let stop = async move {
        shutdown_signal().await;
        // Live streams never end by themselves; requests in flight still finish.
        live.close();
    };
    serve(listener, router, config.limits(), stop).await;
    // What gathered since the last flush is kept, not lost with the process.
    reach.flush(&store).await;
    tracing::info!("stopped");
    Ok(())
}

/// At start and every hour: personal data of events that ended `days` ago goes.
async fn delete_old_personal_data(store: Store, days: u32) {
    let mut hourly = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        hourly.tick().await;
        match store.delete_old_personal_data(chrono::Duration::days(i64::from(days)), chrono::Utc::now()).await {
            Ok(0) => {}
            Ok(count) => tracing::info!(count, days, "personal data of past events deleted"),
            Err(error) => tracing::warn!(%error, "deleting old personal data failed; trying again in an hour"),
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

//! Partner feeds: fetching an outside Stammtisch feed or calendar file and bringing its events
//! onto this board. A fetch is conditional (`ETag`, `Last-Modified`), bounded in time and
//! size; a source that fails keeps its last good events and shows why.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use reqwest::header::{CONTENT_TYPE, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED};
use reqwest::StatusCode;
use stammtisch_model::{is_valid_event_id, EventInput, Kind, Lang, SkippedEvent, MAX_TAGS};

use crate::event_form::new_event;
use crate::import::{event_id, from_calendar, from_feed, is_calendar};
use crate::store::{NewEvent, Source, SourceMode, SourceProblem, Store, StoreError, StoredSource};

/// How often the follower looks for sources whose refresh is due.
const CHECK_EVERY: Duration = Duration::from_secs(30);

/// Fetches sources; refreshes run one at a time, so a refresh asked for in the console and
/// one of the timer never write the same source at once.
#[derive(Clone)]
pub struct Fetcher {
    client: reqwest::Client,
    max_bytes: u64,
    timeout: Duration,
    one_at_a_time: Arc<tokio::sync::Mutex<()>>,
    /// Reads that failed, for `/metrics`.
    pub failures: prometheus_client::metrics::counter::Counter,
}

/// What a source answered.
enum Fetched {
    NotModified,
    Body { text: String, calendar: bool, etag: Option<String>, last_modified: Option<String> },
}

fn error(code: &str, detail: impl Into<String>) -> SourceProblem {
    SourceProblem { code: code.to_owned(), detail: detail.into() }
}

impl Fetcher {
    pub fn new(timeout: Duration, max_bytes: u64) -> anyhow::Result<Self> {
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(10)))
            // A partner's server may move its feed, but not send our server elsewhere (to
            // addresses inside our network, say): redirects stay on the first host.
            .redirect(reqwest::redirect::Policy::custom(|attempt| {
                let first_host = attempt.previous().first().and_then(|url| url.host_str().map(str::to_owned));
                if attempt.previous().len() > 5 {
                    attempt.error("too many redirects")
                } else if attempt.url().host_str().map(str::to_owned) != first_host {
                    attempt.error("a redirect to another host")
                } else {
                    attempt.follow()
                }
            }))
            .user_agent(concat!("Stammtisch/", env!("CARGO_PKG_VERSION"), " (partner feed)"))
            .build()?;
        Ok(Fetcher { client, max_bytes, timeout, one_at_a_time: Arc::default(), failures: Default::default() })
    }

    async fn fetch(&self, source: &StoredSource) -> Result<Fetched, SourceProblem> {
        let mut request = self
            .client
            .get(&source.source.url)
            .header(reqwest::header::ACCEPT, "application/json, text/calendar;q=0.9, */*;q=0.1");
        if let Some(etag) = &source.etag {
            request = request.header(IF_NONE_MATCH, etag);
        }
        if let Some(modified) = &source.last_modified {
            request = request.header(IF_MODIFIED_SINCE, modified);
        }
        let mut response = request.send().await.map_err(|e| self.transport_error(&e))?;
        match response.status() {
            StatusCode::NOT_MODIFIED => return Ok(Fetched::NotModified),
            status if !status.is_success() => return Err(error("http_status", format!("HTTP {}", status.as_u16()))),
            _ => {}
        }
        let too_large = || error("too_large", format!("more than {} KB", self.max_bytes / 1000));
        if response.content_length().is_some_and(|length| length > self.max_bytes) {
            return Err(too_large());
        }
        let header = |name| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let (etag, last_modified) = (header(ETAG), header(LAST_MODIFIED));
        let calendar = header(CONTENT_TYPE).is_some_and(|t| t.to_ascii_lowercase().starts_with("text/calendar"));
        // Read in chunks: a source that sends no length (or a false one) still stops at the limit.
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| self.transport_error(&e))? {
            if (body.len() + chunk.len()) as u64 > self.max_bytes {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        let text = String::from_utf8(body).map_err(|_| error("unreadable", "not UTF-8 text"))?;
        let calendar = calendar || is_calendar(&text);
        Ok(Fetched::Body { text, calendar, etag, last_modified })
    }

    fn transport_error(&self, cause: &reqwest::Error) -> SourceProblem {
        if cause.is_timeout() {
            error("timeout", format!("no complete answer within {} s", self.timeout.as_secs()))
        } else {
            // The innermost cause names the problem ("connection refused", "dns error").
            let mut inner: &dyn std::error::Error = cause;
            while let Some(next) = inner.source() {
                inner = next;
            }
            error("unreachable", inner.to_string())
        }
    }
}

/// A source's event id on this board: the source's id first, so partners' ids never collide
/// with the board's own or each other's; long ones are cut and keep a hash to stay distinct.
fn board_id(source: &str, remote: &str) -> String {
    let id = format!("{source}-{remote}");
    if is_valid_event_id(&id) {
        return id;
    }
    let cut: String = id.chars().take(57).collect();
    format!("{}-{}", cut.trim_end_matches('-'), crate::token::short_hash(&id))
}

/// The source's events as this board keeps them, and those that could not be taken.
fn board_events(
    text: &str,
    calendar: bool,
    source: &Source,
    board_zone: &str,
) -> anyhow::Result<(Vec<NewEvent>, Vec<SkippedEvent>)> {
    let (inputs, mut skipped, series) = if calendar {
        let read = from_calendar(text.as_bytes(), board_zone)?;
        for changed in &read.changed {
            tracing::info!(event = %changed, "a partner calendar's event taken with a field cut");
        }
        let skipped: Vec<SkippedEvent> = read
            .skipped
            .into_iter()
            .map(|notice| {
                tracing::info!(event = %notice, "a partner calendar's event skipped");
                SkippedEvent { event: notice.uid, line: u32::try_from(notice.line).ok(), why: notice.why }
            })
            .collect();
        (read.events, skipped, read.series)
    } else {
        let (inputs, unreadable) = from_feed(text)?;
        let unreadable = (unreadable > 0).then(|| SkippedEvent {
            event: format!("({unreadable})"),
            line: None,
            why: format!("{unreadable} event(s) of the feed could not be read"),
        });
        (inputs, unreadable.into_iter().collect(), HashMap::new())
    };
    let mut events = Vec::new();
    for input in inputs {
        let in_series = series.get(&input.id).map(|key| board_id(&source.id, key));
        let remote = if is_valid_event_id(&input.id) { input.id.clone() } else { event_id(&input.id) };
        let input = EventInput {
            id: board_id(&source.id, &remote),
            kind: match (input.kind, source.default_kind) {
                (Kind::Other, Some(default)) => default,
                (kind, _) => kind,
            },
            tags: merged_tags(&input.tags, &source.tags),
            // An event that takes RSVPs at its source is listed read-only: two boards
            // selling the same seats would overbook it.
            rsvp_enabled: source.mode == SourceMode::Rsvp && (calendar || !input.rsvp_enabled),
            ..input
        };
        let id = input.id.clone();
        match new_event(input, board_zone) {
            Ok(mut new) => {
                new.event.series = in_series;
                events.push(new);
            }
            Err(problem) => skipped.push(SkippedEvent {
                event: id,
                line: None,
                why: format!("{}: {}", problem.field, problem.message(Lang::En)),
            }),
        }
    }
    Ok((events, skipped))
}

/// The event's own tags, then the source's that it lacks (any case), as many as an event
/// may have.
fn merged_tags(own: &[String], source: &[String]) -> Vec<String> {
    let mut tags: Vec<String> = own.iter().take(MAX_TAGS).cloned().collect();
    for tag in source {
        if tags.len() < MAX_TAGS && !tags.iter().any(|t| t.eq_ignore_ascii_case(tag)) {
            tags.push(tag.clone());
        }
    }
    tags
}

/// Fetches one source now and writes what it gives; returns the source afterwards.
pub async fn refresh(store: &Store, fetcher: &Fetcher, id: &str) -> Result<Source, StoreError> {
    let _turn = fetcher.one_at_a_time.lock().await;
    let stored = store.source(id).await?.ok_or(StoreError::SourceNotFound)?;
    let fetched = fetcher.fetch(&stored).await;
    let now = Utc::now();
    match fetched {
        Err(problem) => {
            tracing::warn!(source = %id, code = %problem.code, detail = %problem.detail, "partner feed failed");
            fetcher.failures.inc();
            store.source_failed(id, &problem, now).await?;
        }
        Ok(Fetched::NotModified) => store.source_unchanged(id, now).await?,
        Ok(Fetched::Body { text, calendar, etag, last_modified }) => {
            let board_zone = store.board().await?.time_zone;
            match board_events(&text, calendar, &stored.source, &board_zone) {
                Err(problem) => {
                    let problem = error("unreadable", problem.to_string());
                    tracing::warn!(source = %id, detail = %problem.detail, "partner feed unreadable");
                    fetcher.failures.inc();
                    store.source_failed(id, &problem, now).await?;
                }
                Ok((events, skipped)) => {
                    let applied = store
                        .apply_source(id, &events, &skipped, etag.as_deref(), last_modified.as_deref(), now)
                        .await?;
                    tracing::info!(source = %id, ?applied, skipped = skipped.len(), "partner feed refreshed");
                }
            }
        }
    }
    Ok(store.source(id).await?.ok_or(StoreError::SourceNotFound)?.source)
}

/// Runs for the server's life: refreshes every source when its interval has passed, the
/// first time right at start.
pub async fn follow_sources(store: Store, fetcher: Fetcher) {
    let mut tick = tokio::time::interval(CHECK_EVERY);
    loop {
        tick.tick().await;
        let due = match store.due_sources(Utc::now()).await {
            Ok(due) => due,
            Err(error) => {
                tracing::warn!(%error, "cannot read the partner feeds");
                continue;
            }
        };
        for id in due {
            if let Err(error) = refresh(&store, &fetcher, &id).await {
                tracing::warn!(source = %id, %error, "refreshing a partner feed failed");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn board_ids_stay_valid_and_distinct() {
        assert_eq!(board_id("partner", "stammtisch-2027-01"), "partner-stammtisch-2027-01");
        let long_a = board_id("partner-nord", &"a".repeat(60));
        let long_b = board_id("partner-nord", &format!("{}b", "a".repeat(59)));
        assert!(is_valid_event_id(&long_a) && is_valid_event_id(&long_b));
        assert_ne!(long_a, long_b);
    }

    #[test]
    fn source_tags_are_added_once() {
        let own = vec!["Office".to_owned()];
        assert_eq!(merged_tags(&own, &["office".into(), "Partner".into()]), vec!["Office", "Partner"]);
        let many: Vec<String> = (0..25).map(|n| format!("t{n}")).collect();
        assert_eq!(merged_tags(&many, &["extra".into()]).len(), MAX_TAGS, "never more than an event may have");
    }
}

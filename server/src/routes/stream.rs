//! `GET /api/v1/feed/stream`: seat changes and feed changes as Server-Sent Events.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::{self, Stream, StreamExt};
use serde::Deserialize;
use stammtisch_model::stream::{FeedChanged, Hello, FEED, HELLO};
use tokio::sync::broadcast::error::RecvError;

use super::request_lang;
use crate::client::ClientIp;
use crate::feed_cache::current_feed;
use crate::live::{to_json, LiveEvent, LiveHub, Missed};
use crate::{AppError, AppState};
use stammtisch_model::ApiError;

/// How long a browser waits before reconnecting after the stream ends.
const RECONNECT_AFTER: Duration = Duration::from_secs(2);

#[derive(Deserialize)]
pub struct StreamQuery {
    /// Same as the `Last-Event-ID` header, for readers that open a new `EventSource` (which
    /// cannot set headers) after a pause.
    last_event_id: Option<String>,
}

fn sse(live: &LiveHub, event: &LiveEvent) -> Event {
    Event::default().id(live.event_id(event.id)).event(event.name).data(&event.data)
}

#[utoipa::path(get, path = "/api/v1/feed/stream", tag = "feed",
    params(
        ("Last-Event-ID" = Option<String>, Header, description = "The last event id the reader saw"),
        ("last_event_id" = Option<String>, Query, description = "The same, for a new `EventSource`, which cannot set headers"),
    ),
    responses(
        (status = 200, description = "Server-Sent Events: `hello` (data `Hello`), `seats` (data `SeatsChanged`), \
            `feed` (data `FeedChanged`); see docs/API.md §1.3", content_type = "text/event-stream", body = String),
        (status = 429, description = "This client holds as many live streams as it may", body = ApiError),
    ))]
pub async fn stream(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    Query(query): Query<StreamQuery>,
    headers: HeaderMap,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, AppError> {
    let lang = request_lang(&headers);
    let slot = state.live.open_stream(client).ok_or_else(|| AppError::too_many_streams(lang))?;
    let last_id = headers.get("last-event-id").and_then(|v| v.to_str().ok()).map(str::to_owned).or(query.last_event_id);
    let (receiver, missed, newest) = state.live.subscribe(last_id.as_deref());

    // `hello` carries the newest id, so a reader that sees no event before it reconnects
    // still asks for exactly what it missed. Readers that do not know it ignore it.
    let hello = Event::default().retry(RECONNECT_AFTER).id(newest.clone()).event(HELLO).data(to_json(&Hello {}));
    let mut first = vec![hello];
    match missed {
        Missed::Events(events) => first.extend(events.iter().map(|e| sse(&state.live, e))),
        Missed::TooOld => {
            let feed =
                current_feed(&state.store, &state.feed_cache).await.map_err(|e| AppError::from_store(e, lang))?;
            let data = to_json(&FeedChanged { etag: Some(feed.etag) });
            first.push(Event::default().id(newest).event(FEED).data(data));
        }
    }

    let hub = state.live.clone();
    let closing = state.live.closing();
    let live = stream::unfold((receiver, closing, slot), move |(mut receiver, mut closing, slot)| {
        let hub = hub.clone();
        async move {
            let event = tokio::select! {
                received = receiver.recv() => match received {
                    Ok(event) => sse(&hub, &event),
                    // Too slow to keep up: the reader refetches the feed instead of the changes.
                    Err(RecvError::Lagged(_)) => Event::default().event(FEED).data(to_json(&FeedChanged { etag: None })),
                    Err(RecvError::Closed) => return None,
                },
                _ = closing.wait_for(|closing| *closing) => return None,
            };
            Some((event, (receiver, closing, slot)))
        }
    });
    let all = stream::iter(first).chain(live).map(Ok::<_, Infallible>);
    Ok(Sse::new(all).keep_alive(KeepAlive::new().interval(state.stream_heartbeat).text("")))
}

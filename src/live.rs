//! Live seat counts (CONTRACT §1 "Live updates"). While the board is visible it listens to the
//! server's event stream and writes new counts straight into the cards' signals: nothing is
//! re-rendered and focus stays where it is. A `feed` event, or a poll every few minutes when
//! no stream can be opened, reads the feed again; only when events themselves changed is the
//! board rebuilt.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Deserialize;
use stammtisch_model::{parse_feed, Event, RsvpState};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{EventSource, MessageEvent};

use crate::api::fetch_feed_text;

/// How often a board without a stream asks for the feed again.
const POLL_EVERY: Duration = Duration::from_secs(180);

/// What a live update may change on one card.
#[derive(Clone, Copy)]
pub struct CardSeats {
    pub rsvp: RwSignal<Option<RsvpState>>,
    /// Whether the card's details are open: only then is a change announced.
    pub open: RwSignal<bool>,
    /// The card's polite live region.
    pub said: RwSignal<String>,
}

/// The cards of one board by event id.
#[derive(Clone, Copy)]
pub struct SeatBook(StoredValue<Vec<(String, CardSeats)>>);

impl SeatBook {
    pub fn new() -> Self {
        SeatBook(StoredValue::new(Vec::new()))
    }

    pub fn register(&self, id: String, card: CardSeats) {
        self.0.update_value(|cards| cards.push((id, card)));
    }

    /// Puts new counts into the card of `id`; `label` says them for the live region.
    fn apply(&self, id: &str, state: RsvpState, label: impl Fn(&RsvpState) -> String) {
        self.0.with_value(|cards| {
            for (_, card) in cards.iter().filter(|(card_id, _)| card_id == id) {
                let changed = card.rsvp.try_with_untracked(|old| old.as_ref() != Some(&state)).unwrap_or(false);
                if !changed {
                    continue;
                }
                if card.open.try_get_untracked() == Some(true) {
                    card.said.try_set(label(&state));
                }
                card.rsvp.try_set(Some(state.clone()));
            }
        });
    }

    fn current(&self, id: &str) -> Option<RsvpState> {
        self.0.with_value(|cards| {
            cards
                .iter()
                .find(|(card_id, _)| card_id == id)
                .and_then(|(_, card)| card.rsvp.try_get_untracked().flatten())
        })
    }
}

/// A `seats` event's data.
#[derive(Deserialize)]
struct SeatsMessage {
    id: String,
    confirmed: u32,
    waitlisted: u32,
    seats_left: Option<u32>,
    open: bool,
}

/// What the live part of a board needs from it.
#[derive(Clone)]
pub struct LiveBoard {
    pub stream_url: String,
    pub feed_url: String,
    pub book: SeatBook,
    /// The events as shown, to tell a seat change from a changed board.
    pub shown: Vec<Event>,
    pub label: Callback<RsvpState, String>,
    /// Rebuilds the board from a fresh feed.
    pub reload: Callback<()>,
}

/// An open stream; dropping it closes the stream and its listeners.
struct Connection {
    source: EventSource,
    _listeners: Vec<Closure<dyn FnMut(MessageEvent)>>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.source.close();
    }
}

#[derive(Clone, Copy)]
struct Live {
    board: StoredValue<LiveBoard>,
    connection: StoredValue<Option<Connection>, LocalStorage>,
    last_id: StoredValue<Option<String>>,
    poll: StoredValue<Option<IntervalHandle>>,
}

impl Live {
    fn open(self) {
        let url = self.board.with_value(|b| b.stream_url.clone());
        let url = match self.last_id.get_value() {
            // A new EventSource cannot send Last-Event-ID; the server reads it from the query too.
            Some(id) => format!("{url}?last_event_id={}", String::from(js_sys::encode_uri_component(&id))),
            None => url,
        };
        let Ok(source) = EventSource::new(&url) else {
            self.start_polling();
            return;
        };
        let on_seats = Closure::<dyn FnMut(MessageEvent)>::new(move |message: MessageEvent| {
            self.remember(&message);
            let Some(data) = message.data().as_string() else { return };
            let Ok(seats) = serde_json::from_str::<SeatsMessage>(&data) else { return };
            let closes_at = self.board.with_value(|b| b.book.current(&seats.id)).and_then(|s| s.closes_at);
            let state = RsvpState {
                open: seats.open,
                closes_at,
                confirmed: seats.confirmed,
                waitlisted: seats.waitlisted,
                seats_left: seats.seats_left,
            };
            self.board.with_value(|b| {
                let label = b.label;
                b.book.apply(&seats.id, state, move |s| label.run(s.clone()));
            });
        });
        let on_feed = Closure::<dyn FnMut(MessageEvent)>::new(move |message: MessageEvent| {
            self.remember(&message);
            self.sync();
        });
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            // CONNECTING: the browser retries by itself. CLOSED: it gave up (no stream here).
            let closed =
                self.connection.with_value(|c| c.as_ref().map(|c| c.source.ready_state())) == Some(EventSource::CLOSED);
            if closed {
                self.connection.set_value(None);
                self.start_polling();
            }
        });
        let _ = source.add_event_listener_with_callback("seats", on_seats.as_ref().unchecked_ref());
        let _ = source.add_event_listener_with_callback("feed", on_feed.as_ref().unchecked_ref());
        let _ = source.add_event_listener_with_callback("error", on_error.as_ref().unchecked_ref());
        self.connection.set_value(Some(Connection {
            source,
            _listeners: vec![on_seats, on_feed],
            _on_error: on_error,
        }));
    }

    fn remember(self, message: &MessageEvent) {
        let id = message.last_event_id();
        if !id.is_empty() {
            self.last_id.set_value(Some(id));
        }
    }

    fn close(self) {
        self.connection.set_value(None);
        if let Some(poll) = self.poll.get_value() {
            poll.clear();
        }
        self.poll.set_value(None);
    }

    fn start_polling(self) {
        if self.poll.with_value(Option::is_some) {
            return;
        }
        let handle = set_interval_with_handle(move || self.sync(), POLL_EVERY).ok();
        self.poll.set_value(handle);
    }

    /// Reads the feed again (the browser makes it a conditional request) and applies it.
    fn sync(self) {
        let board = self.board.get_value();
        spawn_local(async move {
            let Ok(text) = fetch_feed_text(&board.feed_url).await else { return };
            let Ok(parsed) = parse_feed(&text) else { return };
            let without_seats =
                |events: &[Event]| events.iter().cloned().map(|mut e| (e.rsvp.take().is_some(), e)).collect::<Vec<_>>();
            if without_seats(&parsed.feed.events) != without_seats(&board.shown) {
                board.reload.run(());
                return;
            }
            for event in parsed.feed.events {
                if let Some(state) = event.rsvp {
                    board.book.apply(&event.id, state, |s| board.label.run(s.clone()));
                }
            }
        });
    }
}

/// Follows the board's live updates while the page is visible, until the board goes.
pub fn follow(board: LiveBoard) {
    let live = Live {
        board: StoredValue::new(board),
        connection: StoredValue::new_local(None),
        last_id: StoredValue::new(None),
        poll: StoredValue::new(None),
    };
    let document = web_sys::window().and_then(|w| w.document());
    if document.as_ref().is_none_or(|d| !d.hidden()) {
        live.open();
    }
    let on_visibility = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
        let hidden = web_sys::window().and_then(|w| w.document()).is_none_or(|d| d.hidden());
        let streaming = live.connection.with_value(Option::is_some);
        if hidden && streaming {
            live.connection.set_value(None);
        } else if !hidden && !streaming && live.poll.with_value(Option::is_none) {
            live.open();
        }
    });
    if let Some(document) = &document {
        let _ = document.add_event_listener_with_callback("visibilitychange", on_visibility.as_ref().unchecked_ref());
    }
    let on_visibility = StoredValue::new_local(Some(on_visibility));
    on_cleanup(move || {
        live.close();
        if let (Some(document), Some(listener)) =
            (web_sys::window().and_then(|w| w.document()), on_visibility.try_update_value(Option::take).flatten())
        {
            let _ = document.remove_event_listener_with_callback("visibilitychange", listener.as_ref().unchecked_ref());
        }
    });
}

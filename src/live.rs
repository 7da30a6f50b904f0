//! Live seat counts (docs/API.md §1.3). While the board is visible it listens to the
//! server's event stream and writes new counts straight into the cards' signals: nothing is
//! re-rendered and focus stays where it is. A `feed` event, or a poll every few minutes when
//! no stream can be opened, reads the feed again and puts it in place (`BoardEvents`): only
//! the cards that changed change.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use stammtisch_model::stream::{SeatsChanged, FEED, HELLO, SEATS};
use stammtisch_model::{ParsedFeed, RsvpState};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{EventSource, MessageEvent};

use crate::api::fetch_feed_js;
use crate::card_book::CardBook;
use crate::i18n::Texts;

/// How often a board without a stream asks for the feed again.
const POLL_EVERY: Duration = Duration::from_secs(180);

/// What the live part of a board needs from it.
#[derive(Clone)]
pub struct LiveBoard {
    pub stream_url: String,
    pub feed_url: String,
    pub book: CardBook,
    pub label: Callback<RsvpState, String>,
    pub texts: &'static Texts,
    /// Puts a fresh feed in place.
    pub update: Callback<ParsedFeed>,
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
        let Some(url) = self.board.try_with_value(|b| b.stream_url.clone()) else { return };
        let url = match self.last_id.try_get_value().flatten() {
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
            let Ok(data) = message.data().dyn_into::<js_sys::JsString>() else { return };
            let Some(seats) = crate::json::parse::<SeatsChanged>(&data) else { return };
            let known = self.board.try_with_value(|b| b.book.current(&seats.id)).flatten();
            let state = seats.state(known.as_ref());
            self.board.try_with_value(|b| {
                let label = b.label;
                b.book.apply(&seats.id, state, b.texts, move |s| label.try_run(s.clone()).unwrap_or_default());
            });
        });
        let on_feed = Closure::<dyn FnMut(MessageEvent)>::new(move |message: MessageEvent| {
            self.remember(&message);
            self.sync();
        });
        // The stream is open: no need to poll any more.
        let on_hello = Closure::<dyn FnMut(MessageEvent)>::new(move |message: MessageEvent| {
            self.remember(&message);
            self.stop_polling();
        });
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            // CONNECTING: the browser retries by itself. CLOSED: it gave up (no stream here).
            let state = self.connection.try_with_value(|c| c.as_ref().map(|c| c.source.ready_state())).flatten();
            if state == Some(EventSource::CLOSED) {
                self.connection.try_set_value(None);
                self.start_polling();
            }
        });
        for (name, listener) in [(SEATS, &on_seats), (FEED, &on_feed), (HELLO, &on_hello)] {
            let _ = source.add_event_listener_with_callback(name, listener.as_ref().unchecked_ref());
        }
        let _ = source.add_event_listener_with_callback("error", on_error.as_ref().unchecked_ref());
        self.connection.try_set_value(Some(Connection {
            source,
            _listeners: vec![on_seats, on_feed, on_hello],
            _on_error: on_error,
        }));
    }

    fn remember(self, message: &MessageEvent) {
        let id = message.last_event_id();
        if !id.is_empty() {
            self.last_id.try_set_value(Some(id));
        }
    }

    fn streaming(self) -> bool {
        self.connection.try_with_value(Option::is_some).unwrap_or(false)
    }

    fn close(self) {
        self.connection.try_set_value(None);
        self.stop_polling();
    }

    fn stop_polling(self) {
        if let Some(poll) = self.poll.try_get_value().flatten() {
            poll.clear();
        }
        self.poll.try_set_value(None);
    }

    /// Every few minutes: read the feed, and try the stream again (a proxy that failed during
    /// a deploy works again later); the stream's `hello` ends the polling.
    fn start_polling(self) {
        if self.poll.try_with_value(Option::is_some).unwrap_or(true) {
            return;
        }
        let tick = move || {
            self.sync();
            if !self.streaming() {
                self.open();
            }
        };
        self.poll.try_set_value(set_interval_with_handle(tick, POLL_EVERY).ok());
    }

    /// Reads the feed again (the browser makes it a conditional request) and applies it.
    fn sync(self) {
        let Some(board) = self.board.try_get_value() else { return };
        spawn_local(async move {
            let Ok(text) = fetch_feed_js(&board.feed_url).await else { return };
            let Ok(parsed) = crate::json::read_feed(&text) else { return };
            // Counts first, so an open card says them; then whatever else changed.
            for event in &parsed.feed.events {
                if let Some(state) = &event.rsvp {
                    let label = |s: &RsvpState| board.label.try_run(s.clone()).unwrap_or_default();
                    board.book.apply(&event.id, state.clone(), board.texts, label);
                }
            }
            // The board may be gone by now; then there is nothing to update.
            board.update.try_run(parsed);
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
        let streaming = live.streaming();
        if hidden && streaming {
            live.connection.try_set_value(None);
        } else if !hidden && !streaming {
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

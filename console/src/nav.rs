//! Where the organizer is in the console, and what survives a change of language: the pages
//! are rebuilt in the new language, the forms' drafts and the current page stay.

use leptos::prelude::*;
use stammtisch_model::DEFAULT_TIME_ZONE;

use crate::event_draft::EventDraft;
use crate::series_draft::SeriesDraft;
use crate::source_draft::SourceDraft;
use crate::webhook_draft::WebhookDraft;
use stammtisch_model::AdminEvent;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Page {
    Events,
    /// The event form; `Some(id)` changes that event, `None` makes a new one.
    EventForm {
        editing: Option<String>,
    },
    /// Who registered for one event.
    Attendees(String),
    /// The door list of one event: check-in.
    CheckIn(String),
    Series,
    Sources,
    Webhooks,
}

/// The sections of the navigation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Events,
    Series,
    Sources,
    Webhooks,
}

impl Page {
    pub fn tab(&self) -> Tab {
        match self {
            Page::Events | Page::EventForm { .. } | Page::Attendees(_) | Page::CheckIn(_) => Tab::Events,
            Page::Series => Tab::Series,
            Page::Sources => Tab::Sources,
            Page::Webhooks => Tab::Webhooks,
        }
    }
}

/// A question before something is deleted or cancelled.
#[derive(Clone)]
pub struct Confirmation {
    pub message: String,
    /// The label of the button that does it, e.g. "Löschen".
    pub yes: &'static str,
    /// Run with `try_run`: the control that asked may be gone by the time of the answer.
    pub on_yes: Callback<()>,
}

#[derive(Clone, Copy)]
pub struct Console {
    pub page: RwSignal<Page>,
    pub event_draft: RwSignal<EventDraft>,
    pub series_draft: RwSignal<SeriesDraft>,
    pub source_draft: RwSignal<SourceDraft>,
    pub webhook_draft: RwSignal<WebhookDraft>,
    /// The zone most events are in: the default of new forms.
    pub board_zone: RwSignal<String>,
    /// What the last save did, shown on the page it led to.
    pub flash: RwSignal<Option<String>>,
    pub confirm: RwSignal<Option<Confirmation>>,
    /// The attendee a check-in QR code named: the door list opens on them.
    pub door_focus: RwSignal<Option<i64>>,
}

/// Where a check-in QR code leads: `#check-in/{event}/{rsvp}` after the console's address.
pub fn check_in_target(hash: &str) -> Option<(String, i64)> {
    let (event, rsvp) = hash.strip_prefix("#check-in/")?.split_once('/')?;
    let rsvp = rsvp.parse().ok()?;
    stammtisch_model::is_valid_event_id(event).then(|| (event.to_owned(), rsvp))
}

impl Console {
    pub fn new() -> Self {
        let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
        let target = check_in_target(&hash);
        Console {
            page: RwSignal::new(target.as_ref().map_or(Page::Events, |(event, _)| Page::CheckIn(event.clone()))),
            door_focus: RwSignal::new(target.map(|(_, rsvp)| rsvp)),
            event_draft: RwSignal::new(EventDraft::new(DEFAULT_TIME_ZONE)),
            series_draft: RwSignal::new(SeriesDraft::new(DEFAULT_TIME_ZONE)),
            source_draft: RwSignal::new(SourceDraft::default()),
            webhook_draft: RwSignal::new(WebhookDraft::default()),
            board_zone: RwSignal::new(DEFAULT_TIME_ZONE.to_owned()),
            flash: RwSignal::new(None),
            confirm: RwSignal::new(None),
        }
    }

    pub fn go(&self, page: Page) {
        self.flash.set(None);
        self.confirm.set(None);
        self.page.set(page);
    }

    /// Goes to `page` and says what just happened there.
    pub fn go_saying(&self, page: Page, message: String) {
        self.go(page);
        self.flash.set(Some(message));
    }

    pub fn ask(&self, message: String, yes: &'static str, on_yes: Callback<()>) {
        self.confirm.set(Some(Confirmation { message, yes, on_yes }));
    }

    /// Another organizer may sign in next in this tab: nothing of this one's work stays.
    pub fn forget(&self) {
        self.go(Page::Events);
        self.event_draft.set(EventDraft::new(DEFAULT_TIME_ZONE));
        self.series_draft.set(SeriesDraft::new(DEFAULT_TIME_ZONE));
        self.source_draft.set(SourceDraft::default());
        self.webhook_draft.set(WebhookDraft::default());
    }

    /// Takes the board's zone from the events: the zone most of them are in.
    pub fn learn_zone(&self, events: &[AdminEvent]) {
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for zone in events.iter().map(|e| e.event.time_zone.as_str()).filter(|z| !z.is_empty()) {
            match counts.iter_mut().find(|(z, _)| *z == zone) {
                Some((_, n)) => *n += 1,
                None => counts.push((zone, 1)),
            }
        }
        if let Some((zone, _)) = counts.into_iter().max_by_key(|(_, n)| *n) {
            if self.board_zone.try_get_untracked().as_deref() != Some(zone) {
                self.board_zone.set(zone.to_owned());
            }
        }
    }
}

impl Default for Console {
    fn default() -> Self {
        Console::new()
    }
}

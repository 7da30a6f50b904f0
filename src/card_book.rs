//! The board's cards, by the key each got when built: what a card shows, and its element.
//!
//! A card that was never opened holds no reactive state: live counts and a changed feed are
//! written into its few changing parts here, in one pass over the book. A board may hold
//! thousands of cards, and signals and effects per card were most of its memory. A card wakes
//! when a visitor first opens it (`event_card::wake`); from then on its panel follows the
//! signals in `Awake`, which this book keeps in step.

use std::any::Any;
use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;
use stammtisch_model::{Event, RsvpState};
use wasm_bindgen::JsCast;

use crate::components::card_head::card_head;
use crate::components::event_card::{elsewhere, foot_html, series_next, toggle_label};
use crate::config::BoardConfig;
use crate::i18n::Texts;
use crate::listing::{Listing, SeriesDays};

/// What an open card's panel follows.
#[derive(Clone, Copy)]
pub struct Awake {
    /// The panel's polite live region.
    pub said: RwSignal<String>,
    /// What changed while the card was open.
    pub changed: RwSignal<Option<String>>,
    pub gone: RwSignal<bool>,
    pub current: RwSignal<Arc<Event>>,
    pub rsvp: RwSignal<Option<RsvpState>>,
}

/// One card as it is shown.
pub struct Card {
    /// The card's `<article>`, from when it is built (none on the server).
    pub element: Option<web_sys::Element>,
    /// The reactive owner the card was built in: its panel gets an owner of its own under it
    /// when it wakes.
    pub owner: Option<Owner>,
    pub event: Arc<Event>,
    pub rsvp: Option<RsvpState>,
    pub open: bool,
    pub gone: bool,
    /// Whether the board takes RSVPs for it (an API, and RSVP in the feed when built).
    pub has_form: bool,
    /// The series' next dates as the head says them.
    pub series_next: Option<String>,
    pub awake: Option<Awake>,
    /// The mounted panel; dropping it takes the panel out.
    pub panel: Option<Box<dyn Any>>,
}

impl Card {
    fn part(&self, selector: &str) -> Option<web_sys::HtmlElement> {
        self.element.as_ref()?.query_selector(selector).ok()??.dyn_into().ok()
    }

    fn button(&self) -> Option<web_sys::HtmlElement> {
        self.part(":scope > .st-card-foot > button[aria-controls]")
    }

    fn elsewhere(&self) -> Option<&str> {
        elsewhere(&self.event)
    }

    /// Writes the parts that follow the card's state: seats, the button, the panel's state
    /// and label, and whether the event is gone.
    pub fn paint(&self, t: &'static Texts) {
        let Some(element) = &self.element else { return };
        let _ = element.class_list().toggle_with_force("st-card-gone", self.gone);
        if let Some(button) = self.button() {
            let label = toggle_label(self.rsvp.as_ref(), self.has_form, self.gone, self.open, t);
            if button.text_content().as_deref() != Some(label) {
                button.set_text_content(Some(label));
            }
            let _ = button.set_attribute("aria-expanded", if self.open { "true" } else { "false" });
        }
        if let Some(panel) = self.part(":scope > .st-form-panel") {
            panel.set_hidden(!self.open);
            let _ = panel.set_attribute("aria-label", &(t.form_title)(&self.event.title));
        }
    }

    /// Writes the seats and the link to an RSVP elsewhere again, before the button.
    fn paint_foot(&self, t: &'static Texts) {
        let Some(button) = self.button() else { return };
        while let Some(before) = button.previous_sibling() {
            let _ = button.parent_node().map(|foot| foot.remove_child(&before));
        }
        let _ = button.insert_adjacent_html("beforebegin", &foot_html(self.rsvp.as_ref(), self.elsewhere(), t));
    }

    /// Writes the head (title, time, place, links) again, before the foot.
    fn paint_head(&self, config: &BoardConfig) {
        let (Some(element), Some(foot)) = (&self.element, self.part(":scope > .st-card-foot")) else { return };
        while let Some(before) = foot.previous_sibling() {
            let _ = element.remove_child(&before);
        }
        let head = card_head(&self.event, config, self.series_next.clone());
        let _ = foot.insert_adjacent_html("beforebegin", &head);
    }

    /// Takes new counts; an open card says them in its live region.
    fn take_rsvp(&mut self, state: Option<RsvpState>, said: Option<String>, t: &'static Texts) {
        if self.rsvp == state {
            return;
        }
        let foot_before = foot_html(self.rsvp.as_ref(), self.elsewhere(), t);
        self.rsvp = state;
        if foot_html(self.rsvp.as_ref(), self.elsewhere(), t) != foot_before {
            self.paint_foot(t);
        }
        self.paint(t);
        if let Some(awake) = self.awake {
            if let (true, Some(said)) = (self.open, said) {
                awake.said.try_set(said);
            }
            awake.rsvp.try_set(self.rsvp.clone());
        }
    }
}

/// The names of what changed between two versions of an event, as the card says them.
fn changes(before: &Event, after: &Event, t: &'static Texts) -> Vec<&'static str> {
    let mut what = Vec::new();
    if before.title != after.title {
        what.push(t.changed_title);
    }
    if (before.starts_at, before.ends_at, &before.time_zone) != (after.starts_at, after.ends_at, &after.time_zone) {
        what.push(t.changed_time);
    }
    if before.location != after.location {
        what.push(t.changed_place);
    }
    if (&before.summary, &before.description) != (&after.summary, &after.description) {
        what.push(t.changed_text);
    }
    if before.rsvp.as_ref().map(|r| (r.open, r.closes_at)) != after.rsvp.as_ref().map(|r| (r.open, r.closes_at)) {
        what.push(t.changed_rsvp);
    }
    what
}

/// The cards of one board. A card leaves the book when it goes (the month view and the list
/// build their own cards), and every call tolerates a board that is gone.
#[derive(Clone, Copy)]
pub struct CardBook(StoredValue<(u64, HashMap<u64, Card>), LocalStorage>);

impl CardBook {
    pub fn new() -> Self {
        CardBook(StoredValue::new_local((0, HashMap::new())))
    }

    /// Adds a card; the key it returns names it from then on.
    pub fn register(&self, card: Card) -> u64 {
        self.0
            .try_update_value(|(next, cards)| {
                *next += 1;
                cards.insert(*next, card);
                *next
            })
            .unwrap_or(0)
    }

    pub fn unregister(&self, key: u64) {
        // The panel is dropped outside the book: taking it out may run cleanups that read it.
        let card = self.0.try_update_value(|(_, cards)| cards.remove(&key)).flatten();
        drop(card);
    }

    /// The key of the card whose `<article>` is `article`.
    pub fn key_of(&self, article: &web_sys::Element) -> Option<u64> {
        let id = article.get_attribute("data-event-id")?;
        self.0
            .try_with_value(|(_, cards)| {
                cards
                    .iter()
                    .find(|(_, card)| card.event.id == id && card.element.as_ref() == Some(article))
                    .map(|(key, _)| *key)
            })
            .flatten()
    }

    /// Reads or changes the card of `key`, if it is still there.
    pub fn with<R>(&self, key: u64, f: impl FnOnce(&mut Card) -> R) -> Option<R> {
        self.0.try_update_value(|(_, cards)| cards.get_mut(&key).map(f)).flatten()
    }

    /// Puts new counts into the cards of `id`; `said` says them for an open card.
    pub fn apply(&self, id: &str, state: RsvpState, t: &'static Texts, said: impl Fn(&RsvpState) -> String) {
        self.0.try_update_value(|(_, cards)| {
            for card in cards.values_mut().filter(|card| card.event.id == id) {
                if card.rsvp.as_ref() != Some(&state) {
                    card.take_rsvp(Some(state.clone()), Some(said(&state)), t);
                }
            }
        });
    }

    /// Sets the counts of the card of `key`, as the server answered its RSVP.
    pub fn set_rsvp(&self, key: u64, state: Option<RsvpState>, t: &'static Texts) {
        self.with(key, |card| card.take_rsvp(state, None, t));
    }

    /// Whether a card of `id` is open.
    pub fn is_open(&self, id: &str) -> bool {
        self.0.try_with_value(|(_, cards)| cards.values().any(|card| card.event.id == id && card.open)).unwrap_or(false)
    }

    /// The counts a card of `id` shows.
    pub fn current(&self, id: &str) -> Option<RsvpState> {
        self.0
            .try_with_value(|(_, cards)| cards.values().find(|c| c.event.id == id).and_then(|c| c.rsvp.clone()))
            .flatten()
    }

    /// After the feed changed: each card takes its event's new version in place, and an open
    /// card says what changed, or that its event is gone. One pass over the cards.
    pub fn follow_listing(
        &self,
        listing: &Listing,
        days: Option<&SeriesDays>,
        config: &BoardConfig,
        t: &'static Texts,
    ) {
        self.0.try_update_value(|(_, cards)| {
            for card in cards.values_mut() {
                follow(card, listing, days, config, t);
            }
        });
    }
}

/// One card after the feed changed.
fn follow(card: &mut Card, listing: &Listing, days: Option<&SeriesDays>, config: &BoardConfig, t: &'static Texts) {
    let Some(listed) = listing.find(&card.event.id) else { return };
    let mut repaint = false;
    if card.gone != listed.gone {
        card.gone = listed.gone;
        repaint = true;
        if let Some(awake) = card.awake {
            awake.gone.try_set(listed.gone);
            if listed.gone && card.open {
                awake.said.try_set(t.gone.to_owned());
            }
        }
    }
    let event = &listed.event;
    let series = series_next(event, days, config.lang);
    let event_changed = card.event != *event;
    if event_changed || series != card.series_next {
        if event_changed && card.open {
            let what = changes(&card.event, event, t);
            if let (false, Some(awake)) = (what.is_empty(), card.awake) {
                let note = (t.changed)(&what);
                awake.said.try_set(note.clone());
                awake.changed.try_set(Some(note));
            }
        }
        let elsewhere_before = card.elsewhere().map(str::to_owned);
        card.event = event.clone();
        card.series_next = series;
        card.paint_head(config);
        if card.elsewhere().map(str::to_owned) != elsewhere_before {
            card.paint_foot(t);
        }
        if let Some(awake) = card.awake {
            awake.current.try_set(event.clone());
        }
        repaint = true;
    }
    if card.rsvp != event.rsvp {
        card.take_rsvp(event.rsvp.clone(), None, t);
    } else if repaint {
        card.paint(t);
    }
}

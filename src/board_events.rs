//! The events of one board for as long as it lives. A changed feed replaces them in place:
//! cards are added, changed and removed by event id, and what a visitor is doing (search,
//! filters, view, month, open cards, typed text, focus) stays, because nothing else is rebuilt.

use std::collections::HashSet;
use std::sync::Arc;

use leptos::prelude::*;
use stammtisch_model::Event;

use crate::config::BoardConfig;
use crate::format::now;
use crate::listing::{Listing, SharedListing};

#[derive(Clone, Copy)]
pub struct BoardEvents {
    pub listing: RwSignal<SharedListing>,
    config: StoredValue<BoardConfig>,
}

impl BoardEvents {
    pub fn new(events: Vec<Arc<Event>>, config: BoardConfig) -> Self {
        let listing = Listing::new(events, Vec::new(), &config, now());
        BoardEvents { listing: RwSignal::new(Arc::new(listing)), config: StoredValue::new(config) }
    }

    /// Puts a fresh feed's events in place. An event that left the feed while its card is
    /// open (`is_open`) stays, marked gone, so the visitor reads why instead of losing it.
    pub fn replace(&self, events: Vec<Arc<Event>>, is_open: impl Fn(&str) -> bool) {
        let Some(current) = self.listing.try_get_untracked() else { return };
        let ids: HashSet<&str> = events.iter().map(|e| e.id.as_str()).collect();
        let gone: Vec<Arc<Event>> = current
            .items
            .iter()
            .filter(|l| !ids.contains(l.event.id.as_str()) && is_open(&l.event.id))
            .map(|l| l.event.clone())
            .collect();
        let Some(mut listing) = self.config.try_with_value(|config| Listing::new(events, gone, config, now())) else {
            return;
        };
        if listing.items != current.items {
            listing.version = current.version + 1;
            self.listing.try_set(Arc::new(listing));
        }
    }

    /// A gone event's card was closed: now it may go.
    pub fn forget(&self, id: &str) {
        let Some(current) = self.listing.try_get_untracked() else { return };
        if !current.find(id).is_some_and(|l| l.gone) {
            return;
        }
        let (events, gone): (Vec<_>, Vec<_>) = current.items.iter().filter(|l| l.event.id != id).partition(|l| !l.gone);
        let take = |items: Vec<&crate::listing::Listed>| items.into_iter().map(|l| l.event.clone()).collect();
        if let Some(mut listing) =
            self.config.try_with_value(|config| Listing::new(take(events), take(gone), config, now()))
        {
            listing.version = current.version + 1;
            self.listing.try_set(Arc::new(listing));
        }
    }
}

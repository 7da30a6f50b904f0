//! What the board lists: events prepared once for sorting, grouping and finding, and the
//! filters a visitor sets.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use stammtisch_model::{fold, matches_words, query_words, Event, Kind};

use crate::config::BoardConfig;
use crate::format::local_day;

/// An event with its calendar day, search text and whether it is over, worked out once.
#[derive(Clone, Debug, PartialEq)]
pub struct Listed {
    /// Shared with the loaded feed and the event's cards.
    pub event: Arc<Event>,
    /// The day it starts, in its own zone.
    pub day: NaiveDate,
    pub search: String,
    pub past: bool,
    /// Gone from the feed while its card was open: it stays, saying so, until closed.
    pub gone: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Place {
    #[default]
    Anywhere,
    Online,
    /// Folded city name.
    City(String),
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filters {
    /// Kinds picked with the chips; none picked shows all.
    pub kinds: Vec<Kind>,
    pub tag: Option<String>,
    pub place: Place,
    pub query: String,
    pub show_past: bool,
}

impl Filters {
    /// Indices of the events these filters let through, in order. The query is folded once
    /// here, not once per event: this runs on every keystroke over every event.
    pub fn matching(&self, listed: &[Listed]) -> Vec<usize> {
        let words = query_words(&self.query);
        listed.iter().enumerate().filter(|(_, l)| self.admits(l, &words)).map(|(index, _)| index).collect()
    }

    fn admits(&self, listed: &Listed, words: &[String]) -> bool {
        let event = &listed.event;
        let place = match &self.place {
            Place::Anywhere => true,
            Place::Online => event.is_online_only(),
            Place::City(city) => {
                event.location.as_ref().and_then(|l| l.city.as_deref()).is_some_and(|c| fold(c) == *city)
            }
        };
        listed.gone
            || (self.show_past || !listed.past)
                && (self.kinds.is_empty() || self.kinds.contains(&event.kind))
                && self.tag.as_ref().is_none_or(|tag| event.tags.iter().any(|t| t == tag))
                && place
                && matches_words(&listed.search, words)
    }
}

/// The events a board lists, in start order, and where each id is.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Listing {
    pub items: Vec<Listed>,
    index: HashMap<String, usize>,
    /// Counted up by each replacement, so parts of the board can tell listings apart.
    pub version: u64,
}

impl Listing {
    /// The feed's events that the element's `kinds`/`tags` attributes admit, and `gone` ones
    /// kept for their open cards, in start order. An id listed twice is shown once: cards are
    /// keyed by id.
    pub fn new(events: Vec<Arc<Event>>, gone: Vec<Arc<Event>>, config: &BoardConfig, now: DateTime<Utc>) -> Self {
        let mut seen = HashSet::new();
        let mut items: Vec<Listed> = events
            .into_iter()
            .map(|event| (event, false))
            .chain(gone.into_iter().map(|event| (event, true)))
            .filter(|(event, _)| config.shows(event) && seen.insert(event.id.clone()))
            .map(|(event, gone)| Listed {
                day: local_day(event.starts_at, Some(&event.time_zone)).unwrap_or(event.starts_at.date_naive()),
                search: event.search_text(),
                past: event.is_past(now),
                gone,
                event,
            })
            .collect();
        // The feed comes in start order; only kept events need placing, and the sort is stable.
        if items.iter().any(|l| l.gone) {
            items.sort_by_key(|l| l.event.starts_at);
        }
        let index = items.iter().enumerate().map(|(at, l)| (l.event.id.clone(), at)).collect();
        Listing { items, index, version: 0 }
    }

    pub fn find(&self, id: &str) -> Option<&Listed> {
        self.position(id).map(|at| &self.items[at])
    }

    pub fn position(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }
}

impl std::ops::Deref for Listing {
    type Target = [Listed];
    fn deref(&self) -> &[Listed] {
        &self.items
    }
}

/// A listing shared by the board's parts, replaced whole when the feed changes.
pub type SharedListing = Arc<Listing>;

/// Distinct values in first-seen order.
pub fn distinct<T: PartialEq>(values: impl IntoIterator<Item = T>) -> Vec<T> {
    let mut out = Vec::new();
    for value in values {
        if !out.contains(&value) {
            out.push(value);
        }
    }
    out
}

/// The days of every recurring meeting on the board, so a card can name its series' next dates.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SeriesDays(pub Arc<Vec<(String, Vec<NaiveDate>)>>);

impl SeriesDays {
    pub fn of(listed: &[Listed]) -> Self {
        let mut series: Vec<(String, Vec<NaiveDate>)> = Vec::new();
        for item in listed.iter().filter(|l| !l.past) {
            let Some(id) = &item.event.series else { continue };
            match series.iter_mut().find(|(s, _)| s == id) {
                Some((_, days)) => days.push(item.day),
                None => series.push((id.clone(), vec![item.day])),
            }
        }
        SeriesDays(Arc::new(series))
    }

    /// Up to `count` days of `series` after `day`.
    pub fn after(&self, series: &str, day: NaiveDate, count: usize) -> Vec<NaiveDate> {
        self.0
            .iter()
            .find(|(s, _)| s == series)
            .map_or_else(Vec::new, |(_, days)| days.iter().copied().filter(|d| *d > day).take(count).collect())
    }
}

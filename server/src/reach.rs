//! Reach without cookies: counts of boards shown, cards opened, forms begun and RSVPs sent,
//! per event and day. Counts gather in memory and are added to the database every few
//! seconds in one transaction, so a busy board costs one write per interval, not one per view.
//! Nothing about a visitor is kept: not the address, not the browser, not the time of day
//! (docs/SECURITY.md, "Reach without cookies").

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use stammtisch_model::ReachAction;

use crate::store::{ReachCount, Store};

/// How long counts wait in memory before they are written. A crash loses at most this much.
pub const FLUSH_EVERY: Duration = Duration::from_secs(10);

type Key = (NaiveDate, String, &'static str);

#[derive(Clone)]
pub struct Reach {
    pending: Arc<Mutex<HashMap<Key, i64>>>,
    /// The board's zone, which decides what "a day" is; refreshed at every flush.
    zone: Arc<Mutex<Tz>>,
}

impl Reach {
    /// A counter that writes to `store` every [`FLUSH_EVERY`] until the store goes.
    pub fn start(store: Store) -> Reach {
        let reach = Reach::default();
        let flushing = reach.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(FLUSH_EVERY);
            loop {
                tick.tick().await;
                flushing.flush(&store).await;
            }
        });
        reach
    }

    fn today(&self, now: DateTime<Utc>) -> NaiveDate {
        let zone = *self.zone.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        now.with_timezone(&zone).date_naive()
    }

    /// One beacon's action; `event` is `None` for the whole board.
    pub fn count(&self, action: ReachAction, event: Option<&str>, now: DateTime<Utc>) {
        self.add(action.as_str(), event.unwrap_or(""), now);
    }

    /// An RSVP the server took.
    pub fn rsvp_sent(&self, event: &str, now: DateTime<Utc>) {
        self.add(ReachCount::RSVP_SENT, event, now);
    }

    fn add(&self, action: &'static str, event: &str, now: DateTime<Utc>) {
        let day = self.today(now);
        let mut pending = self.pending.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        *pending.entry((day, event.to_owned(), action)).or_default() += 1;
    }

    /// Counts not yet written, for one event and the board: a read right after a view sees it.
    pub fn unwritten(&self, event: &str) -> Vec<ReachCount> {
        let pending = self.pending.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        pending.iter().filter(|((_, id, _), _)| id.is_empty() || id == event).map(as_count).collect()
    }

    /// The day it is now where the board is.
    pub fn today_now(&self) -> NaiveDate {
        self.today(Utc::now())
    }

    pub fn zone(&self) -> Tz {
        *self.zone.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Writes what gathered. When the database cannot take it, the counts go back and wait
    /// for the next flush.
    pub async fn flush(&self, store: &Store) {
        if let Ok(board) = store.board().await {
            if let Ok(zone) = board.time_zone.parse::<Tz>() {
                *self.zone.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = zone;
            }
        }
        let taken = std::mem::take(&mut *self.pending.lock().unwrap_or_else(|poisoned| poisoned.into_inner()));
        if taken.is_empty() {
            return;
        }
        let counts: Vec<ReachCount> = taken.iter().map(as_count).collect();
        if let Err(error) = store.add_reach(&counts).await {
            tracing::warn!(%error, "writing reach counts failed; trying again at the next flush");
            let mut pending = self.pending.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            for (key, count) in taken {
                *pending.entry(key).or_default() += count;
            }
        }
    }
}

fn as_count(((day, event_id, action), count): (&Key, &i64)) -> ReachCount {
    ReachCount { day: *day, event_id: event_id.clone(), action, count: *count }
}

impl Default for Reach {
    fn default() -> Self {
        let zone = stammtisch_model::DEFAULT_TIME_ZONE.parse().unwrap_or(chrono_tz::Europe::Berlin);
        Reach { pending: Arc::default(), zone: Arc::new(Mutex::new(zone)) }
    }
}

/// A user agent that says it is a crawler: its visits are not reach. Read, never kept.
pub fn is_crawler(user_agent: &str) -> bool {
    let agent = user_agent.to_ascii_lowercase();
    ["bot", "crawl", "spider", "slurp", "facebookexternalhit", "preview"].iter().any(|word| agent.contains(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crawlers_are_told_from_browsers() {
        assert!(is_crawler("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"));
        assert!(is_crawler("facebookexternalhit/1.1"));
        assert!(!is_crawler(
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Safari/604.1"
        ));
        assert!(!is_crawler("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/131.0 Safari/537.36"));
    }

    #[test]
    fn a_day_is_the_boards_day() {
        let reach = Reach::default();
        // 23:30 UTC on 31 March is already 1 April in Berlin.
        let late = "2026-03-31T23:30:00Z".parse().expect("a time");
        reach.count(ReachAction::DetailsOpened, Some("a"), late);
        reach.count(ReachAction::BoardShown, None, late);
        reach.rsvp_sent("b", late);
        let seen = reach.unwritten("a");
        assert_eq!(seen.len(), 2, "the board's and a's counts, not b's: {seen:?}");
        assert!(seen.iter().all(|c| c.day == NaiveDate::from_ymd_opt(2026, 4, 1).expect("a day")));
    }
}

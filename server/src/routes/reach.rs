//! `POST /api/v1/reach` (the board's beacon) and `GET /api/v1/admin/events/{id}/reach` (the
//! organizer's daily counts): reach without cookies, docs/API.md §3.8.

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::Json;
use chrono::{Days, NaiveDate, Utc};
use serde::Deserialize;
use stammtisch_model::{
    ApiError, EventReach, Lang, ReachAction, ReachBeacon, ReachCounts, ReachDay, REACH_DEFAULT_DAYS, REACH_MAX_DAYS,
};

use super::json::read_json_body;
use super::request_lang;
use crate::client::ClientIp;
use crate::feed_cache::current_feed;
use crate::reach::is_crawler;
use crate::routes::admin::Admin;
use crate::store::ReachCount;
use crate::{AppError, AppState};

/// A beacon is a few dozen bytes.
const MAX_BEACON: usize = 1024;

/// `POST /api/v1/reach`: a board was shown, a card opened or a form begun. Counted per event
/// and day; nothing about the sender is kept. Crawlers are answered alike but not counted.
#[utoipa::path(post, path = "/api/v1/reach", tag = "feed",
    request_body(content = ReachBeacon, description = "JSON; `text/plain` is read alike, as `navigator.sendBeacon` sends it"),
    responses(
        (status = 204, description = "Counted"),
        (status = 400, description = "Not JSON", body = ApiError),
        (status = 404, description = "No such event on the board", body = ApiError),
        (status = 413, description = "Larger than 1 KiB", body = ApiError),
        (status = 422, description = "An unknown action, or `event` missing where the action needs it (or given where it does not); `field` names it", body = ApiError),
        (status = 429, description = "Too many beacons from this client; see `Retry-After`", body = ApiError),
    ))]
pub async fn beacon(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<StatusCode, AppError> {
    let lang = request_lang(&headers);
    let body = body.map_err(|rejection| AppError::unreadable_body(&rejection, lang))?;
    if body.len() > MAX_BEACON {
        return Err(AppError::payload_too_large(lang));
    }
    let beacon: ReachBeacon = read_json_body(&body, lang)?;
    let event = match (beacon.action.needs_event(), beacon.event.as_deref()) {
        (true, Some(id)) => Some(id),
        (false, None) => None,
        (true, None) => return Err(AppError::invalid_field("event", event_needed(lang).into())),
        (false, Some(_)) => return Err(AppError::invalid_field("event", board_wide(lang).into())),
    };
    state.reach_rate_limit.check(client).map_err(|wait| AppError::rate_limited(wait, lang))?;
    if let Some(id) = event {
        let cached = current_feed(&state.store, &state.feed_cache).await.map_err(|e| AppError::from_store(e, lang))?;
        if !cached.feed.events.iter().any(|e| e.id == id) {
            return Err(AppError::event_not_found(lang));
        }
    }
    if !from_crawler(&headers) {
        state.reach.count(beacon.action, event, Utc::now());
    }
    Ok(StatusCode::NO_CONTENT)
}

fn event_needed(lang: Lang) -> &'static str {
    match lang {
        Lang::De => "Diese Aktion braucht die ID der Veranstaltung („event“).",
        Lang::En => "This action needs the event's id (“event”).",
    }
}

fn board_wide(lang: Lang) -> &'static str {
    match lang {
        Lang::De => "„board_shown“ gilt für das ganze Board und nennt keine Veranstaltung.",
        Lang::En => "“board_shown” concerns the whole board and names no event.",
    }
}

/// Whether the request says it comes from a crawler. The header is read, never kept.
pub fn from_crawler(headers: &HeaderMap) -> bool {
    headers.get(header::USER_AGENT).and_then(|agent| agent.to_str().ok()).is_some_and(is_crawler)
}

/// A page without scripts was shown: it counts as the board's beacon would.
pub fn count_page(state: &AppState, headers: &HeaderMap, action: ReachAction, event: Option<&str>) {
    if !from_crawler(headers) {
        state.reach.count(action, event, Utc::now());
    }
}

/// The server took an RSVP.
pub fn count_rsvp(state: &AppState, event: &str) {
    state.reach.rsvp_sent(event, Utc::now());
}

#[derive(Deserialize)]
pub struct ReachOptions {
    days: Option<u32>,
}

/// `GET /api/v1/admin/events/{id}/reach[?days=N]`
#[utoipa::path(get, path = "/api/v1/admin/events/{id}/reach", tag = "organizer",
    params(
        ("id" = String, Path, description = "The event's id"),
        ("days" = Option<u32>, Query, description = "How many days up to today, 1 to 366; 30 when not given"),
    ),
    responses(
        (status = 200, description = "One entry per day, oldest first, days without counts as zeros; `board_shown` is the whole board's", body = EventReach),
        (status = 404, description = "No such event", body = ApiError),
        (status = 422, description = "`days` is not a number from 1 to 366", body = ApiError),
    ))]
pub async fn event_reach(
    _: Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
    options: Result<Query<ReachOptions>, QueryRejection>,
    headers: HeaderMap,
) -> Result<Json<EventReach>, AppError> {
    let lang = request_lang(&headers);
    let days = match options {
        Ok(Query(ReachOptions { days: None })) => REACH_DEFAULT_DAYS,
        Ok(Query(ReachOptions { days: Some(days) })) if (1..=REACH_MAX_DAYS).contains(&days) => days,
        _ => return Err(AppError::invalid_field("days", days_range(lang).into())),
    };
    // 404 for an event that is not there, as every route under the event does.
    state.store.admin_event(&id, Utc::now()).await.map_err(|e| AppError::from_store(e, lang))?;
    let today = state.reach.today_now();
    let first = today.checked_sub_days(Days::new(u64::from(days - 1))).unwrap_or(today);
    let mut counts = state.store.reach(&id, first).await.map_err(|e| AppError::from_store(e, lang))?;
    counts.extend(state.reach.unwritten(&id).into_iter().filter(|c| c.day >= first));
    Ok(Json(EventReach { event: id, time_zone: state.reach.zone().name().to_owned(), ..tally(&counts, first, today) }))
}

/// The counts laid out as one entry per day from `first` to `last`, and their totals.
fn tally(counts: &[ReachCount], first: NaiveDate, last: NaiveDate) -> EventReach {
    let mut days: Vec<ReachDay> = first
        .iter_days()
        .take_while(|day| *day <= last)
        .map(|date| ReachDay { date, counts: Default::default() })
        .collect();
    for count in counts {
        let Ok(offset) = usize::try_from(count.day.signed_duration_since(first).num_days()) else { continue };
        let Some(day) = days.get_mut(offset) else { continue };
        let field = match count.action {
            "board_shown" => &mut day.counts.board_shown,
            "details_opened" => &mut day.counts.details_opened,
            "rsvp_started" => &mut day.counts.rsvp_started,
            _ => &mut day.counts.rsvp_sent,
        };
        *field += count.count;
    }
    let mut totals = ReachCounts::default();
    for day in &days {
        totals.add(&day.counts);
    }
    EventReach { event: String::new(), time_zone: String::new(), days, totals }
}

fn days_range(lang: Lang) -> &'static str {
    match lang {
        Lang::De => "„days“ muss eine Zahl von 1 bis 366 sein.",
        Lang::En => "“days” must be a number from 1 to 366.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).expect("a day")
    }

    #[test]
    fn days_are_laid_out_with_zeros_and_totals() {
        let count = |d, action, count| ReachCount { day: day(d), event_id: String::new(), action, count };
        let counts = [
            count(1, "board_shown", 4),
            count(3, "board_shown", 2),
            count(3, "rsvp_sent", 1),
            count(3, "rsvp_sent", 1),
            // Before the first day and after the last: not listed.
            count(9, "details_opened", 5),
        ];
        let reach = tally(&counts, day(1), day(3));
        let shown: Vec<i64> = reach.days.iter().map(|d| d.counts.board_shown).collect();
        assert_eq!(shown, [4, 0, 2]);
        assert_eq!(reach.days[2].counts.rsvp_sent, 2);
        assert_eq!(reach.totals, ReachCounts { board_shown: 6, details_opened: 0, rsvp_started: 0, rsvp_sent: 2 });
    }
}

//! An organizer's event (docs/API.md §3) turned into what the store keeps: one set of rules for
//! the organizer API and the command line.

use stammtisch_model::{tidy_questions, Event, EventFieldError, EventInput, Problem};

use crate::store::NewEvent;

/// The first broken rule, or the event ready to store; a missing zone is the board's.
pub fn new_event(input: EventInput, board_zone: &str) -> Result<NewEvent, EventFieldError> {
    if let Some(first) = input.problems().into_iter().next() {
        return Err(first);
    }
    let zone = input.time_zone.as_deref().map(str::trim).filter(|z| !z.is_empty()).unwrap_or(board_zone).to_owned();
    if zone.parse::<chrono_tz::Tz>().is_err() {
        return Err(EventFieldError { field: "time_zone", problem: Problem::UnknownTimeZone });
    }
    let starts_at = input.starts_at.ok_or(EventFieldError { field: "starts_at", problem: Problem::Required })?;
    let approval = input.approval();
    let text = |value: Option<String>| value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    let event = Event {
        id: input.id,
        title: input.title.trim().to_owned(),
        kind: input.kind,
        starts_at,
        ends_at: input.ends_at,
        time_zone: zone,
        summary: text(input.summary),
        description: text(input.description),
        location: input.location,
        organizer: input.organizer,
        tags: input.tags.into_iter().map(|t| t.trim().to_owned()).collect(),
        url: text(input.url),
        capacity: input.capacity,
        rsvp: None,
        series: None,
        questions: tidy_questions(&input.questions),
    };
    Ok(NewEvent {
        event,
        rsvp_enabled: input.rsvp_enabled,
        rsvp_open: input.rsvp_open,
        rsvp_closes_at: input.rsvp_closes_at,
        rsvp_mail_consent: input.rsvp_mail_consent,
        rsvp_approval: approval,
    })
}

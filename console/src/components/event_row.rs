use leptos::prelude::*;

use crate::components::capacity_editor::CapacityEditor;
use crate::components::event_actions::EventActions;
use crate::components::event_marks::EventMarks;
use crate::format::{event_when, moment_in};
use crate::i18n::texts;
use crate::session::current_lang;
use stammtisch_model::AdminEvent;

/// One event in the table: when, what, seats, waitlist, RSVP state and the actions.
#[component]
pub fn EventRow(
    /// The event as listed.
    event: AdminEvent,
    /// Loads the events again after a change.
    reload: Callback<()>,
) -> impl IntoView {
    let lang = current_lang();
    let t = texts(lang);
    let id = event.id().to_owned();
    let title_id = format!("row-title-{id}");
    let held = if event.pending > 0 { (t.held)(event.pending) } else { String::new() };
    let seats = match event.event.capacity {
        Some(capacity) => format!("{}{held} / {capacity}", event.confirmed),
        None => format!("{}{held} / {}", event.confirmed, t.unlimited),
    };
    let (state, state_text) = match (event.rsvp_enabled, event.accepts_rsvps()) {
        (false, _) => ("off", t.rsvp_off),
        (true, true) => ("open", t.rsvp_open),
        (true, false) => ("closed", t.rsvp_closed),
    };
    let deadline = event
        .rsvp_closes_at
        .filter(|_| event.rsvp_enabled)
        .map(|at| (t.rsvp_deadline)(&moment_in(at, &event.event.time_zone, lang)));
    view! {
        <tr data-event-id=id.clone() data-rsvp-state=state>
            <td class="when">{event_when(&event.event, lang)}</td>
            <th scope="row" class="title">
                <span id=title_id.clone()>{event.event.title.clone()}</span>
                <span class="event-id">{id.clone()}</span>
                <EventMarks event=event.clone()/>
            </th>
            <td>{t.kind(event.event.kind)}</td>
            <td class="seats" data-seats>{seats}</td>
            <td class="waitlist" data-waitlist>{event.waitlisted}</td>
            <td class="rsvp">
                <span class=format!("rsvp-state rsvp-{state}")>{state_text}</span>
                {deadline.map(|text| view! { <span class="small">{text}</span> })}
            </td>
            <td class="actions">
                <EventActions event=event.clone() reload described_by=title_id.clone()/>
                <CapacityEditor event reload/>
            </td>
        </tr>
    }
}

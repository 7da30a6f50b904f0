use chrono::{DateTime, FixedOffset};
use leptos::prelude::*;
use stammtisch_model::{fold, AdminEvent, Attendee, RsvpStatus};

use crate::calls::check_in;
use crate::format::moment_in;
use crate::i18n::texts;
use crate::session::{current_lang, Session};

/// The confirmed attendees in name order, found by typing part of a name or company; one tap
/// checks a party in, another takes it back. The counts above say who is still missing.
#[component]
pub fn DoorList(
    /// The event, for its title, zone and start.
    event: AdminEvent,
    /// Its RSVPs; only the confirmed ones come in.
    rsvps: Vec<Attendee>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let lang = current_lang();
    let t = texts(lang);
    let mut guests: Vec<Attendee> = rsvps.into_iter().filter(|r| r.status == RsvpStatus::Confirmed).collect();
    guests.sort_by_cached_key(|a| (fold(&a.name), a.id));
    let arrived: Vec<(i64, RwSignal<Option<DateTime<FixedOffset>>>)> =
        guests.iter().map(|a| (a.id, RwSignal::new(a.checked_in_at))).collect();
    let signal_of = {
        let arrived = arrived.clone();
        move |id: i64| arrived.iter().find(|(r, _)| *r == id).map(|(_, s)| *s)
    };
    let query = RwSignal::new(String::new());
    // Opened from an attendee's QR code: the list shows them, ready for one tap.
    let console = expect_context::<crate::nav::Console>();
    if let Some(focus) = console.door_focus.get_untracked() {
        if let Some(named) = guests.iter().find(|a| a.id == focus && !a.name.is_empty()) {
            query.set(named.name.clone());
        }
        console.door_focus.set(None);
    }
    let error = RwSignal::new(None::<String>);
    let started = event.event.starts_at <= crate::format::now();
    let zone = event.event.time_zone.clone();
    let registered = guests.len();
    let counts = {
        let arrived = arrived.clone();
        move || {
            let here = arrived.iter().filter(|(_, s)| s.get().is_some()).count();
            (t.door_counts)(registered, here, registered - here, started)
        }
    };
    let empty = guests.is_empty();
    let haystacks: Vec<String> =
        guests.iter().map(|a| fold(&format!("{} {}", a.name, a.company.clone().unwrap_or_default()))).collect();
    let none_found = move || {
        let wanted = fold(query.get().trim());
        !wanted.is_empty() && !haystacks.iter().any(|h| h.contains(&wanted))
    };
    let event_id = event.id().to_owned();
    let rows = guests
        .into_iter()
        .map(|a| {
            let at = signal_of(a.id).unwrap_or_else(|| RwSignal::new(None));
            let busy = RwSignal::new(false);
            let (event_id, zone) = (event_id.clone(), zone.clone());
            let who = if a.name.is_empty() { format!("#{}", a.id) } else { a.name.clone() };
            let matches = {
                let haystack = fold(&format!("{} {}", a.name, a.company.clone().unwrap_or_default()));
                move || {
                    let wanted = fold(query.get().trim());
                    wanted.is_empty() || haystack.contains(&wanted)
                }
            };
            let tap = move |_| {
                if busy.get_untracked() {
                    return;
                }
                let arriving = at.get_untracked().is_none();
                let event_id = event_id.clone();
                busy.set(true);
                error.set(None);
                leptos::task::spawn_local(async move {
                    match check_in(session, &event_id, a.id, arriving).await {
                        Ok(answer) => at.set(answer.checked_in_at),
                        Err(crate::api::ClientError::Unauthorized) => {}
                        Err(problem) => error.set(Some(problem.message(lang))),
                    }
                    busy.set(false);
                });
            };
            let party = match a.guests {
                0 => String::new(),
                n => format!(" +{n}"),
            };
            let label = {
                let who = who.clone();
                move || match at.get() {
                    None => (t.check_in_named)(&who),
                    Some(_) => (t.check_in_undo_named)(&who),
                }
            };
            view! {
                <li class="door-row" data-rsvp-id=a.id.to_string() hidden=move || !matches()
                    class:door-here=move || at.get().is_some()>
                    <span class="door-box" aria-hidden="true"></span>
                    <span class="door-who">
                        <strong>{who.clone()}</strong>{party}
                        {a.company.clone().map(|c| view! { <span class="door-company">{c}</span> })}
                    </span>
                    <span class="door-state" data-checked-in=move || at.get().is_some().to_string()>
                        {move || at.get().map(|time| (t.checked_in_at)(&moment_in(time, &zone, lang)))}
                    </span>
                    <button type="button" class="door-button no-print" data-action="check-in"
                        class:primary=move || at.get().is_none() aria-label=label disabled=move || busy.get()
                        on:click=tap>
                        {move || if at.get().is_none() { t.check_in } else { t.check_in_undo }}
                    </button>
                </li>
            }
        })
        .collect_view();
    view! {
        <h2 class="attendees-event">{event.event.title.clone()}</h2>
        <p id="door-counts" class="summary" role="status">{counts}</p>
        <div class="field no-print">
            <label for="door-search">{t.door_search}</label>
            <input id="door-search" type="search" autocomplete="off" prop:value=move || query.get()
                on:input=move |ev| query.set(event_target_value(&ev))/>
        </div>
        <p id="door-error" class="row-error" role="alert">{move || error.get()}</p>
        {if empty {
            view! { <p class="state state-empty">{t.door_empty}</p> }.into_any()
        } else {
            view! {
                <ul id="door-list" class="door-list">{rows}</ul>
                <p class="state" hidden=move || !none_found()>{t.door_none_found}</p>
            }
            .into_any()
        }}
    }
}

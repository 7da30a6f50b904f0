use leptos::prelude::*;
use stammtisch_model::Event;

use crate::components::calendar_links::CalendarLinks;
use crate::components::rsvp_form::RsvpForm;
use crate::components::seat_state::SeatState;
use crate::config::BoardConfig;
use crate::format::{event_time, viewer_time};
use crate::i18n::texts;

/// One event: kind, title, time, place, organizer, seats, and its RSVP form on request.
#[component]
pub fn EventCard(
    /// The event as read from the feed.
    event: Event,
) -> impl IntoView {
    let config = expect_context::<BoardConfig>();
    let lang = config.lang;
    let t = texts(lang);
    let rsvp = RwSignal::new(event.rsvp.clone());
    let form_open = RwSignal::new(false);
    // The form is built on first open only: a board may list thousands of events.
    let form_mounted = RwSignal::new(false);
    let title_id = format!("st-{}-title", event.id);
    let form_id = format!("st-{}-form", event.id);
    let when = event_time(&event, lang);
    let place = match &event.location {
        Some(location) if !event.is_online_only() => {
            [location.name.as_deref(), location.city.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(", ")
        }
        _ => t.online.to_owned(),
    };
    let rsvp_url = config.rsvp_url(&event.id).filter(|_| event.rsvp.is_some());
    let can_register = move || rsvp.with(|state| state.as_ref().is_some_and(|s| s.open));
    let button_label = move || {
        let full = rsvp.with(|s| s.as_ref().and_then(|s| s.seats_left) == Some(0));
        match (form_open.get(), full) {
            (true, _) => t.rsvp_close_form,
            (false, true) => t.waitlist_open_form,
            (false, false) => t.rsvp_open_form,
        }
    };
    let elsewhere = (event.rsvp.is_none()).then_some(event.url.clone()).flatten();
    let organizer = event.organizer.clone().filter(|o| !o.name.trim().is_empty());
    let form_panel = rsvp_url.clone().map(|url| (url, event.id.clone(), event.title.clone()));

    view! {
        <article class="st-card" data-event-id=event.id.clone() aria-labelledby=title_id>
            <p class=format!("st-badge st-kind-{}", event.kind.as_str())>{t.kind(event.kind)}</p>
            <h3 class="st-title" id=title_id.clone()>{event.title.clone()}</h3>
            <p class="st-when"><time datetime=event.starts_at.to_rfc3339()>{when}</time></p>
            {viewer_time(&event, lang).map(|time| view! { <p class="st-viewer-time">{(t.your_time)(&time)}</p> })}
            <p class="st-where">{place}</p>
            {event.summary.clone().map(|s| view! { <p class="st-summary">{s}</p> })}
            {organizer.map(|o| view! { <p class="st-organizer">{t.organizer} ": " {o.name}</p> })}
            <CalendarLinks event=event.clone()/>
            <div class="st-card-foot">
                <SeatState state=rsvp.into()/>
                {rsvp_url.clone().map(|_| view! {
                    <Show when=can_register>
                        <button type="button" class="st-button" aria-expanded=move || form_open.get().to_string()
                            aria-controls=form_id.clone() on:click=move |_| {
                                form_mounted.set(true);
                                form_open.update(|open| *open = !*open);
                            }>
                            {button_label}
                        </button>
                    </Show>
                })}
                {elsewhere.map(|url| view! {
                    <a class="st-button st-link" href=url target="_blank" rel="noopener noreferrer">{t.rsvp_elsewhere}</a>
                })}
            </div>
            {move || form_mounted.get().then(|| form_panel.clone()).flatten().map(|(url, event_id, title)| view! {
                <div class="st-form-panel" id=format!("st-{}-form", event_id) role="region"
                    aria-label=(t.form_title)(&title) hidden=move || !form_open.get()>
                    <RsvpForm url event_id=event_id.clone()
                        on_created=Callback::new(move |state| rsvp.set(Some(state)))
                        on_closed=Callback::new(move |()| rsvp.update(|s| if let Some(s) = s { s.open = false }))/>
                </div>
            })}
        </article>
    }
}

use leptos::html::{Button, Div};
use leptos::prelude::*;
use stammtisch_model::Event;

use crate::components::calendar_links::CalendarLinks;
use crate::components::event_details::EventDetails;
use crate::components::rsvp_form::RsvpForm;
use crate::components::seat_state::SeatState;
use crate::components::share_links::ShareLinks;
use crate::config::BoardConfig;
use crate::format::{event_time, local_day, short_day, viewer_time};
use crate::i18n::texts;
use crate::listing::SeriesDays;
use crate::live::{CardSeats, SeatBook};

/// One event: kind, title, time, place, organizer and seats; it opens to its details and
/// RSVP form. Focus moves into the opened part and back to the button; Escape closes it.
#[component]
pub fn EventCard(
    /// The event as read from the feed.
    event: Event,
) -> impl IntoView {
    let config = expect_context::<BoardConfig>();
    let lang = config.lang;
    let t = texts(lang);
    let rsvp = RwSignal::new(event.rsvp.clone());
    let open = RwSignal::new(false);
    let said = RwSignal::new(String::new());
    if let Some(book) = use_context::<SeatBook>() {
        let key = book.register(event.id.clone(), CardSeats { rsvp, open, said });
        on_cleanup(move || book.unregister(key));
    }
    // Details and form are built on first open only: a board may list thousands of events.
    let ever_opened = RwSignal::new(false);
    let toggle_ref = NodeRef::<Button>::new();
    let panel_ref = NodeRef::<Div>::new();
    let title_id = format!("st-{}-title", event.id);
    let panel_id = format!("st-{}-form", event.id);
    let panel_id_for_button = panel_id.clone();
    let when = event_time(&event, lang);
    let place = event.place_line().unwrap_or_else(|| t.online.to_owned());
    let rsvp_url = config.rsvp_url(&event.id).filter(|_| event.rsvp.is_some());
    let has_form = rsvp_url.is_some();
    let button_label = move || {
        let (can_register, full) = rsvp.with(|s| match s {
            Some(s) if has_form => (s.open, s.seats_left == Some(0)),
            _ => (false, false),
        });
        match (open.get(), can_register, full) {
            (true, _, _) => t.rsvp_close_form,
            (false, true, true) => t.waitlist_open_form,
            (false, true, false) => t.rsvp_open_form,
            (false, false, _) => t.details,
        }
    };
    let toggle = move |_| {
        ever_opened.set(true);
        let now_open = !open.get_untracked();
        open.set(now_open);
        if now_open {
            request_animation_frame(move || {
                // The board may be gone by the next frame.
                if let Some(panel) = panel_ref.try_get_untracked().flatten() {
                    let _ = panel.focus();
                }
            });
        }
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.stop_propagation();
            open.set(false);
            if let Some(button) = toggle_ref.get_untracked() {
                let _ = button.focus();
            }
        }
    };
    // A recurring meeting names its next dates, so one card tells the whole rhythm.
    let series_next = event.series.as_deref().zip(use_context::<SeriesDays>()).and_then(|(series, days)| {
        let day = local_day(event.starts_at, Some(&event.time_zone))?;
        let next: Vec<String> = days.after(series, day, 3).into_iter().map(|d| short_day(d, lang)).collect();
        (!next.is_empty()).then(|| next.join(" · "))
    });
    let organizer = event.organizer.clone().filter(|o| !o.name.trim().is_empty());
    let elsewhere = event.rsvp.is_none().then(|| event.url.clone()).flatten();
    let panel_event = event.clone();
    let panel = move || {
        ever_opened.get().then(|| {
            let rsvp_url = rsvp_url.clone();
            let event = panel_event.clone();
            let can_register = move || rsvp.with(|s| s.as_ref().is_some_and(|s| s.open));
            view! {
                <EventDetails event=event.clone()/>
                {rsvp_url.map(|url| view! {
                    <Show when=can_register>
                        <RsvpForm url=url.clone() event_id=event.id.clone()
                            on_created=Callback::new(move |state| rsvp.set(Some(state)))
                            on_closed=Callback::new(move |()| rsvp.update(|s| if let Some(s) = s { s.open = false }))/>
                    </Show>
                })}
            }
        })
    };

    view! {
        <article class="st-card" data-event-id=event.id.clone() aria-labelledby=title_id>
            <p class=format!("st-badge st-kind-{}", event.kind.as_str())>{t.kind(event.kind)}</p>
            <h3 class="st-title" id=title_id.clone()>{event.title.clone()}</h3>
            <p class="st-when"><time datetime=event.starts_at.to_rfc3339()>{when}</time></p>
            {viewer_time(&event, lang, config.viewer_zone.as_deref()).map(|time| view! { <p class="st-viewer-time">{(t.your_time)(&time)}</p> })}
            <p class="st-where">{place}</p>
            {series_next.map(|dates| view! { <p class="st-series">{t.series_next} ": " {dates}</p> })}
            {event.summary.clone().map(|s| view! { <p class="st-summary">{s}</p> })}
            {organizer.map(|o| view! { <p class="st-organizer">{t.organizer} ": " {o.name}</p> })}
            <CalendarLinks event=event.clone()/>
            <ShareLinks event=event.clone()/>
            <div class="st-card-foot">
                <SeatState state=rsvp.into()/>
                {elsewhere.map(|url| view! {
                    <a class="st-button st-link" href=url target="_blank" rel="noopener noreferrer">{t.rsvp_elsewhere}</a>
                })}
                <button type="button" class="st-button" node_ref=toggle_ref aria-expanded=move || open.get().to_string()
                    aria-controls=panel_id_for_button on:click=toggle>
                    {button_label}
                </button>
            </div>
            <div class="st-form-panel" id=panel_id role="region" tabindex="-1" node_ref=panel_ref
                aria-label=(t.form_title)(&event.title) hidden=move || !open.get() on:keydown=on_key>
                <p class="st-visually-hidden" aria-live="polite">{move || said.get()}</p>
                {panel}
            </div>
        </article>
    }
}

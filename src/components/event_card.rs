use std::sync::Arc;

use leptos::prelude::*;
use stammtisch_model::{Event, Lang, ReachAction, RsvpState};

use crate::board_events::BoardEvents;
use crate::components::card_head::card_head;
use crate::components::event_details::EventDetails;
use crate::components::rsvp_form::RsvpForm;
use crate::components::seat_state::SeatState;
use crate::config::BoardConfig;
use crate::format::{local_day, short_day};
use crate::i18n::{texts, Texts};
use crate::listing::{Listing, SeriesDays};
use crate::live::{CardSeats, SeatBook};
use wasm_bindgen::JsCast;

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

/// After the feed changed: each card takes its event's new version in place, and an open card
/// says what changed, or that its event is gone. One pass over the cards instead of an effect
/// per card: a board may hold thousands.
pub fn follow_listing(book: SeatBook, listing: &Listing, t: &'static Texts) {
    // A card whose board went away meanwhile is skipped: every call tolerates disposed signals.
    book.each(|id, card| {
        let Some(listed) = listing.find(id) else { return };
        let open = card.open.try_get_untracked() == Some(true);
        if card.gone.try_get_untracked().is_some_and(|gone| gone != listed.gone) {
            card.gone.try_set(listed.gone);
            if listed.gone && open {
                card.said.try_set(t.gone.to_owned());
            }
        }
        let event = &listed.event;
        let Some(what) = card.current.try_with_untracked(|before| (before != event).then(|| changes(before, event, t)))
        else {
            return;
        };
        let Some(what) = what else { return };
        if open && !what.is_empty() {
            let note = (t.changed)(&what);
            card.said.try_set(note.clone());
            card.changed.try_set(Some(note));
        }
        if card.rsvp.try_with_untracked(|r| *r != event.rsvp) == Some(true) {
            card.rsvp.try_set(event.rsvp.clone());
        }
        card.current.try_set(event.clone());
    });
}

/// "Weitere Termine": the next dates of `event`'s series, if it belongs to one, so that one
/// card of a recurring meeting tells its whole rhythm.
pub fn series_next(event: &Event, days: Option<Memo<SeriesDays>>, lang: Lang) -> Option<String> {
    let (series, days) = event.series.as_deref().zip(days)?;
    let day = local_day(event.starts_at, Some(&event.time_zone))?;
    let next: Vec<String> =
        days.with(|days| days.after(series, day, 3)).into_iter().map(|d| short_day(d, lang)).collect();
    (!next.is_empty()).then(|| next.join(" · "))
}

/// What the card's button says: open the form, join the waitlist, show details, or close.
fn toggle_label(rsvp: Option<&RsvpState>, has_form: bool, gone: bool, open: bool, t: &'static Texts) -> &'static str {
    let (can_register, full) = match rsvp {
        Some(s) if has_form && !gone => (s.open, s.seats_left == Some(0)),
        _ => (false, false),
    };
    match (open, can_register, full) {
        (true, _, _) => t.rsvp_close_form,
        (false, true, true) => t.waitlist_open_form,
        (false, true, false) => t.rsvp_open_form,
        (false, false, _) => t.details,
    }
}

/// The element matching `selector` in the card of `from` (an element in it). Looked up when
/// needed rather than kept: a `NodeRef` is a signal, and a board may hold thousands of cards.
fn in_card(from: Option<web_sys::EventTarget>, selector: &str) -> Option<web_sys::HtmlElement> {
    let card = from?.dyn_into::<web_sys::Element>().ok()?.closest(".st-card").ok()??;
    card.query_selector(selector).ok()??.dyn_into().ok()
}

/// One event: kind, title, time, place, organizer and seats; it opens to its details and
/// RSVP form. Focus moves into the opened part and back to the button; Escape closes it.
/// When the feed changes, the card changes in place: an open form and what was typed in it
/// stay, and the card says what changed, or that the event is gone.
#[component]
pub fn EventCard(
    /// The event as read from the feed, shared with the listing.
    event: Arc<Event>,
    /// Whether the event has left the feed while this card was open.
    #[prop(optional)]
    gone: bool,
) -> impl IntoView {
    let config = expect_context::<BoardConfig>();
    let lang = config.lang;
    let t = texts(lang);
    let id = event.id.clone();
    let rsvp = RwSignal::new(event.rsvp.clone());
    let open = RwSignal::new(false);
    let said = RwSignal::new(String::new());
    let gone = RwSignal::new(gone);
    let changed = RwSignal::new(None::<String>);
    let current = RwSignal::new(event);
    // The board follows its feed for all cards at once (`follow_listing`).
    if let Some(book) = use_context::<SeatBook>() {
        let key = book.register(id.clone(), CardSeats { rsvp, open, said, current, gone, changed });
        on_cleanup(move || book.unregister(key));
    }
    let board = use_context::<BoardEvents>();
    // Details and form are built on first open only: a board may list thousands of events.
    let ever_opened = RwSignal::new(false);
    let title_id = format!("st-{id}-title");
    let panel_id = format!("st-{id}-form");
    let panel_id_for_button = panel_id.clone();
    let rsvp_url = config.rsvp_url(&id).filter(|_| current.with_untracked(|e| e.rsvp.is_some()));
    let has_form = rsvp_url.is_some();
    let button_label = move || rsvp.with(|s| toggle_label(s.as_ref(), has_form, gone.get(), open.get(), t));
    let forget_id = id.clone();
    let api = config.reach_api().map(str::to_owned);
    let toggle = move |ev: leptos::ev::MouseEvent| {
        if !ever_opened.get_untracked() {
            crate::reach::report(api.as_deref(), ReachAction::DetailsOpened, Some(&forget_id));
        }
        ever_opened.set(true);
        let now_open = !open.get_untracked();
        open.set(now_open);
        if now_open {
            let panel = in_card(ev.current_target(), ".st-form-panel");
            // The panel shows by the next frame (or the board is gone by then).
            request_animation_frame(move || {
                if let Some(panel) = panel {
                    let _ = panel.focus();
                }
            });
        } else {
            changed.set(None);
            // A gone event stays only while its card is open.
            if let (true, Some(board)) = (gone.get_untracked(), board) {
                board.forget(&forget_id);
            }
        }
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.stop_propagation();
            open.set(false);
            if let Some(button) = in_card(ev.current_target(), ".st-card-foot > button[aria-controls]") {
                let _ = button.focus();
            }
        }
    };
    let series_days = use_context::<Memo<SeriesDays>>();
    let head_config = config.clone();
    let header = move || current.with(|event| card_head(event, &head_config, series_next(event, series_days, lang)));
    let elsewhere = move || current.with(|e| e.rsvp.is_none().then(|| e.url.clone()).flatten());
    let panel = move || {
        ever_opened.get().then(|| {
            let rsvp_url = rsvp_url.clone();
            let event_id = id.clone();
            let can_register = move || rsvp.with(|s| s.as_ref().is_some_and(|s| s.open));
            view! {
                <p class="st-visually-hidden" aria-live="polite">{move || said.get()}</p>
                {move || changed.get().map(|note| view! { <p class="st-changed" role="status">{note}</p> })}
                {move || gone.get().then(|| view! { <p class="st-gone" role="status">{t.gone}</p> })}
                {move || current.with(|event| view! { <EventDetails event=event.clone()/> })}
                {rsvp_url.map(|url| view! {
                    <Show when=can_register>
                        <RsvpForm url=url.clone() event_id=event_id.clone() closed=gone
                            questions=current.with_untracked(|e| e.questions.clone())
                            mail_consent_offered=rsvp.with_untracked(|s| s.as_ref().is_some_and(|s| s.mail_consent))
                            approval=rsvp.with_untracked(|s| s.as_ref().is_some_and(|s| s.approval))
                            on_created=Callback::new(move |state| rsvp.set(Some(state)))
                            on_closed=Callback::new(move |()| rsvp.update(|s| if let Some(s) = s { s.open = false }))/>
                    </Show>
                })}
            }
        })
    };
    let card_id = current.with_untracked(|e| e.id.clone());

    view! {
        <article class="st-card" data-event-id=card_id aria-labelledby=title_id class:st-card-gone=move || gone.get()>
            {header}
            <div class="st-card-foot">
                <SeatState state=rsvp.into()/>
                {move || elsewhere().map(|url| view! {
                    <a class="st-button st-link" href=url target="_blank" rel="noopener noreferrer">{t.rsvp_elsewhere}</a>
                })}
                <button type="button" class="st-button" aria-expanded=move || open.get().to_string()
                    aria-controls=panel_id_for_button on:click=toggle>
                    {button_label}
                </button>
            </div>
            <div class="st-form-panel" id=panel_id role="region" tabindex="-1"
                aria-label=move || current.with(|e| (t.form_title)(&e.title)) hidden=move || !open.get() on:keydown=on_key>
                {panel}
            </div>
        </article>
    }
}

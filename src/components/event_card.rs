use std::sync::Arc;

use leptos::prelude::*;
use stammtisch_model::{Event, Lang, ReachAction, RsvpState};
use wasm_bindgen::JsCast;

use crate::board_events::BoardEvents;
use crate::card_book::{Card, CardBook};
use crate::components::card_head::card_head;
use crate::components::card_panel::CardPanel;
use crate::components::seat_state::seat_label;
use crate::config::BoardConfig;
use crate::format::{local_day, short_day};
use crate::i18n::{texts, Texts};
use crate::listing::SeriesDays;
use crate::markup::html::{attribute, element, text};

/// "Weitere Termine": the next dates of `event`'s series, if it belongs to one, so that one
/// card of a recurring meeting tells its whole rhythm.
pub fn series_next(event: &Event, days: Option<&SeriesDays>, lang: Lang) -> Option<String> {
    let (series, days) = event.series.as_deref().zip(days)?;
    let day = local_day(event.starts_at, Some(&event.time_zone))?;
    let next: Vec<String> = days.after(series, day, 3).into_iter().map(|d| short_day(d, lang)).collect();
    (!next.is_empty()).then(|| next.join(" · "))
}

/// What the card's button says: open the form, join the waitlist, show details, or close.
pub fn toggle_label(
    rsvp: Option<&RsvpState>,
    has_form: bool,
    gone: bool,
    open: bool,
    t: &'static Texts,
) -> &'static str {
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

/// The card's foot before its button: the seats ("noch 8 Plätze", "Ausgebucht – Warteliste"),
/// and the link to register on the organizer's site for an event without RSVP here.
pub fn foot_html(rsvp: Option<&RsvpState>, elsewhere: Option<&str>, t: &'static Texts) -> String {
    let mut out = String::new();
    if let Some(state) = rsvp {
        let (class, words) = seat_label(state, t);
        element(&mut out, "p", class, &words);
    }
    if let Some(url) = elsewhere {
        out.push_str("<a class=\"st-button st-link\"");
        attribute(&mut out, "href", url);
        out.push_str(" target=\"_blank\" rel=\"noopener noreferrer\">");
        text(&mut out, t.rsvp_elsewhere);
        out.push_str("</a>");
    }
    out
}

/// Where to register for an event without RSVP through the board: the organizer's page.
pub fn elsewhere(event: &Event) -> Option<&str> {
    event.rsvp.is_none().then_some(event.url.as_deref()).flatten()
}

/// Everything inside a card's `<article>` as HTML, parsed by the browser in one call: the head,
/// the foot with its button, and the panel, empty until the card is first opened.
fn card_inner(event: &Event, config: &BoardConfig, series: Option<String>, label: &str, t: &'static Texts) -> String {
    let mut out = card_head(event, config, series);
    out.push_str("<div class=\"st-card-foot\">");
    out.push_str(&foot_html(event.rsvp.as_ref(), elsewhere(event), t));
    out.push_str("<button type=\"button\" class=\"st-button\" aria-expanded=\"false\"");
    let panel_id = format!("st-{}-form", event.id);
    attribute(&mut out, "aria-controls", &panel_id);
    out.push('>');
    text(&mut out, label);
    out.push_str("</button></div><div class=\"st-form-panel\"");
    attribute(&mut out, "id", &panel_id);
    out.push_str(" role=\"region\" tabindex=\"-1\"");
    attribute(&mut out, "aria-label", &(t.form_title)(&event.title));
    out.push_str(" hidden></div>");
    out
}

/// One event: kind, title, time, place, organizer and seats; it opens to its details and
/// RSVP form. Focus moves into the opened part and back to the button; Escape closes it.
/// When the feed changes, the card changes in place (`CardBook::follow_listing`): an open
/// form and what was typed in it stay, and the card says what changed, or that the event is
/// gone. Until first opened, a card is plain elements: the book writes its changes.
///
/// This puts a card for `event` in the book, built in `owner`, and returns its key and the
/// HTML inside its `<article>`; `card_list` writes cards with it, many at once.
pub fn new_card(
    book: CardBook,
    owner: Option<Owner>,
    event: Arc<Event>,
    gone: bool,
    config: &BoardConfig,
    series_days: Option<&SeriesDays>,
) -> (u64, String) {
    let t = texts(config.lang);
    let series = series_next(&event, series_days, config.lang);
    let has_form = config.rsvp_url(&event.id).is_some() && event.rsvp.is_some();
    let label = toggle_label(event.rsvp.as_ref(), has_form, gone, false, t);
    let inner = card_inner(&event, config, series.clone(), label, t);
    let key = book.register(Card {
        element: None,
        owner,
        rsvp: event.rsvp.clone(),
        event,
        open: false,
        gone,
        has_form,
        series_next: series,
        awake: None,
        panel: None,
    });
    (key, inner)
}

/// Appends a whole card: its `<article>` around `inner`.
pub fn article_html(out: &mut String, id: &str, gone: bool, inner: &str) {
    out.push_str(if gone { "<article class=\"st-card st-card-gone\"" } else { "<article class=\"st-card\"" });
    attribute(out, "data-event-id", id);
    attribute(out, "aria-labelledby", &format!("st-{id}-title"));
    out.push('>');
    out.push_str(inner);
    out.push_str("</article>");
}

/// Builds the card's panel (live region, notes, details, form) on its first opening, in an
/// owner of its own under the card's, and gives the card the signals the panel follows. The
/// card keeps that owner with the panel: both go when the card leaves the book.
fn wake(book: CardBook, key: u64) {
    let Some(Some((owner, panel))) = book.with(key, |card| {
        let panel = card.element.as_ref()?.query_selector(":scope > .st-form-panel").ok()??;
        Some((card.owner.as_ref()?.child(), panel.dyn_into::<web_sys::HtmlElement>().ok()?))
    }) else {
        return;
    };
    let Some(awake) = book.with(key, |card| {
        owner.with(|| crate::card_book::Awake {
            said: RwSignal::new(String::new()),
            changed: RwSignal::new(None),
            gone: RwSignal::new(card.gone),
            current: RwSignal::new(card.event.clone()),
            rsvp: RwSignal::new(card.rsvp.clone()),
        })
    }) else {
        return;
    };
    book.with(key, |card| card.awake = Some(awake));
    let mounted = owner.with(|| leptos::mount::mount_to(panel, move || view! { <CardPanel book key awake/> }));
    // The panel is taken out before its owner is cleaned up.
    book.with(key, move |card| card.panel = Some(Box::new((mounted, owner))));
}

/// The element of `event`'s target that matches `selector`, and the key of its card.
fn card_of(book: CardBook, event: &web_sys::Event, selector: &str) -> Option<(u64, web_sys::Element)> {
    let target = event.target()?.dyn_into::<web_sys::Element>().ok()?;
    let found = target.closest(selector).ok()??;
    let article = found.closest(".st-card").ok()??;
    Some((book.key_of(&article)?, article))
}

/// The element matching `selector` in `article`.
fn in_card(article: &web_sys::Element, selector: &str) -> Option<web_sys::HtmlElement> {
    article.query_selector(selector).ok()??.dyn_into().ok()
}

/// A click anywhere in the board: on a card's button it opens or closes that card. One
/// listener for all cards (`BoardFrame`), not two per card: a board may hold thousands.
pub fn card_clicked(book: CardBook, ev: &web_sys::MouseEvent) {
    let Some((key, article)) = card_of(book, ev, ".st-card-foot > button[aria-controls]") else { return };
    let Some(Some(config)) =
        book.with(key, |card| card.owner.clone()).map(|o| o.and_then(|o| o.with(use_context::<BoardConfig>)))
    else {
        return;
    };
    let t = texts(config.lang);
    let Some((first, now_open, id)) = book.with(key, |card| {
        card.open = !card.open;
        (card.awake.is_none(), card.open, card.event.id.clone())
    }) else {
        return;
    };
    if first {
        crate::reach::report(config.reach_api(), ReachAction::DetailsOpened, Some(&id));
        wake(book, key);
    }
    let gone = book.with(key, |card| {
        card.paint(t);
        if let (false, Some(awake)) = (card.open, card.awake) {
            awake.changed.set(None);
        }
        card.gone
    });
    if now_open {
        // The panel is shown already (`paint` above): focus moves in at once, not a frame later,
        // which a page in the background may not get for a long time.
        if let Some(panel) = in_card(&article, ":scope > .st-form-panel") {
            let _ = panel.focus();
        }
    } else if gone == Some(true) {
        // A gone event stays only while its card is open.
        let board =
            book.with(key, |card| card.owner.clone()).flatten().and_then(|o| o.with(use_context::<BoardEvents>));
        if let Some(board) = board {
            board.forget(&id);
        }
    }
}

/// Escape in an open card's panel closes it and puts the focus back on its button.
pub fn card_key(book: CardBook, ev: &web_sys::KeyboardEvent) {
    if ev.key() != "Escape" {
        return;
    }
    let Some((key, article)) = card_of(book, ev, ".st-form-panel") else { return };
    ev.stop_propagation();
    book.with(key, |card| {
        let t = card.owner.as_ref().and_then(|o| o.with(use_context::<BoardConfig>)).map(|c| texts(c.lang));
        card.open = false;
        if let Some(t) = t {
            card.paint(t);
        }
    });
    if let Some(button) = in_card(&article, ".st-card-foot > button[aria-controls]") {
        let _ = button.focus();
    }
}

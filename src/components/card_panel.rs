use leptos::prelude::*;
use stammtisch_model::RsvpState;

use crate::card_book::{Awake, CardBook};
use crate::components::event_details::details_html;
use crate::components::rsvp_form::RsvpForm;
use crate::config::BoardConfig;
use crate::i18n::texts;

/// What an opened card shows below its head: a live region for changes, notes on what
/// changed or that the event is gone, the details, and the RSVP form while RSVP is open.
/// Built when the card is first opened (`event_card::wake`).
#[component]
pub fn CardPanel(
    /// The board's cards, to tell the card's own state about an RSVP.
    book: CardBook,
    /// The card's key in the book.
    key: u64,
    /// The signals the panel follows, kept current by the book.
    awake: Awake,
) -> impl IntoView {
    let config = expect_context::<BoardConfig>();
    let t = texts(config.lang);
    let Awake { said, changed, gone, current, rsvp } = awake;
    let event_id = current.with_untracked(|e| e.id.clone());
    let has_form = book.with(key, |card| card.has_form).unwrap_or(false);
    let rsvp_url = config.rsvp_url(&event_id).filter(|_| has_form);
    let can_register = move || rsvp.with(|s| s.as_ref().is_some_and(|s| s.open));
    let on_created = Callback::new(move |state| book.set_rsvp(key, Some(state), t));
    let on_closed = Callback::new(move |()| {
        let closed = rsvp.with_untracked(|s| s.clone().map(|s| RsvpState { open: false, ..s }));
        book.set_rsvp(key, closed, t);
    });
    view! {
        <p class="st-visually-hidden" aria-live="polite">{move || said.get()}</p>
        {move || changed.get().map(|note| view! { <p class="st-changed" role="status">{note}</p> })}
        {move || gone.get().then(|| view! { <p class="st-gone" role="status">{t.gone}</p> })}
        <div class="st-details" inner_html=move || current.with(|event| details_html(event, t))></div>
        {rsvp_url.map(|url| view! {
            <Show when=can_register>
                <RsvpForm url=url.clone() event_id=event_id.clone() closed=gone
                    questions=current.with_untracked(|e| e.questions.clone())
                    mail_consent_offered=rsvp.with_untracked(|s| s.as_ref().is_some_and(|s| s.mail_consent))
                    approval=rsvp.with_untracked(|s| s.as_ref().is_some_and(|s| s.approval))
                    on_created on_closed/>
            </Show>
        })}
    }
}

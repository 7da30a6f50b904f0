use leptos::prelude::*;
use stammtisch_model::RsvpState;

use crate::config::BoardConfig;
use crate::i18n::{texts, Texts};

/// At or below this many free seats the count is shown as a warning.
const FEW_SEATS: u32 = 5;

/// "noch 8 Plätze", "Ausgebucht – Warteliste" or "Anmeldung geschlossen", kept current
/// after an RSVP from this board.
#[component]
pub fn SeatState(
    /// The event's RSVP counts; `None` for events without RSVP through the board.
    state: Signal<Option<RsvpState>>,
) -> impl IntoView {
    let t = texts(expect_context::<BoardConfig>().lang);
    move || {
        state.get().map(|state| {
            let (class, text) = seat_label(&state, t);
            view! { <p class=class>{text}</p> }
        })
    }
}

/// The class and words for an event's seats; also what a live change announces.
pub fn seat_label(state: &RsvpState, t: &Texts) -> (&'static str, String) {
    match (state.open, state.seats_left) {
        (false, _) => ("st-seats st-closed", t.rsvp_closed.to_owned()),
        (true, None) => ("st-seats st-open", t.seats_unlimited.to_owned()),
        (true, Some(0)) => ("st-seats st-full", t.full_waitlist.to_owned()),
        (true, Some(n)) if n <= FEW_SEATS => ("st-seats st-few", (t.seats_left)(n)),
        (true, Some(n)) => ("st-seats st-open", (t.seats_left)(n)),
    }
}

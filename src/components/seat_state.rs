use stammtisch_model::RsvpState;

use crate::i18n::Texts;

/// At or below this many free seats the count is shown as a warning.
const FEW_SEATS: u32 = 5;

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

use leptos::prelude::*;
use stammtisch_model::{RsvpCreated, RsvpStatus};

use crate::config::BoardConfig;
use crate::i18n::texts;

/// The answer to a successful RSVP, with the link to cancel it.
#[component]
pub fn RsvpDone(
    /// The server's answer.
    created: RsvpCreated,
) -> impl IntoView {
    let t = texts(expect_context::<BoardConfig>().lang);
    let message = match created.status {
        RsvpStatus::Waitlisted => (t.waitlisted)(created.waitlist_position),
        RsvpStatus::Pending => t.pending.to_owned(),
        RsvpStatus::Requested => t.requested.to_owned(),
        _ => t.confirmed.to_owned(),
    };
    view! {
        <div class="st-done" role="status" aria-live="polite">
            <p class="st-done-message">{message}</p>
            <p class="st-done-cancel">
                {t.cancel_hint} " "
                <a href=created.cancel_url target="_blank" rel="noopener noreferrer">{t.cancel_link}</a>
            </p>
        </div>
    }
}

use leptos::prelude::*;
use stammtisch_model::RsvpStatus;

use crate::components::attendee_row::AttendeeRow;
use crate::components::csv_download::CsvDownload;
use crate::format::event_when;
use crate::i18n::texts;
use crate::session::current_lang;
use stammtisch_model::{AdminEvent, Attendee};

/// The attendees of one event as a table, with their totals and the CSV download.
#[component]
pub fn AttendeeList(
    /// The event, for its title and time.
    event: AdminEvent,
    /// Its RSVPs, cancelled ones included.
    rsvps: Vec<Attendee>,
    /// Loads the list again after a cancellation.
    reload: Callback<()>,
) -> impl IntoView {
    let lang = current_lang();
    let t = texts(lang);
    let seats = |status: RsvpStatus| -> u32 { rsvps.iter().filter(|r| r.status == status).map(Attendee::seats).sum() };
    let summary = (t.attendees_summary)(seats(RsvpStatus::Confirmed), seats(RsvpStatus::Waitlisted));
    let error = RwSignal::new(None::<String>);
    let empty = rsvps.is_empty();
    // The answers' column shows where the form asks more than the standard fields.
    let asks = !event.event.questions.is_empty()
        || event.rsvp_mail_consent
        || rsvps.iter().any(|r| !r.answers.is_empty() || r.mail_consent_at.is_some());
    let questions = asks.then(|| event.event.questions.clone());
    let rows = rsvps.into_iter().map(|rsvp| {
        view! { <AttendeeRow event_id=event.id().to_owned() rsvp questions=questions.clone() reload error/> }
    });
    view! {
        <h2 class="attendees-event">{event.event.title.clone()}</h2>
        <p class="small">{event_when(&event.event, lang)}</p>
        <p id="attendees-summary" class="summary" tabindex="-1">{summary}</p>
        <CsvDownload event_id=event.id().to_owned()/>
        <p id="attendees-error" class="row-error" role="alert">
            {move || error.get().map(|message| view! { <span class="error-prefix">{t.error_prefix}</span>" "{message} })}
        </p>
        {if empty {
            view! { <p class="state state-empty" data-state="empty">{t.no_rsvps}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table id="attendees-table" class="attendees">
                        <caption class="visually-hidden">{t.attendees_title}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{t.col_name}</th>
                                <th scope="col">{t.col_email}</th>
                                <th scope="col">{t.col_company}</th>
                                <th scope="col">{t.col_guests}</th>
                                <th scope="col">{t.col_status}</th>
                                <th scope="col">{t.col_note}</th>
                                {asks.then(|| view! { <th scope="col">{t.col_answers}</th> })}
                                <th scope="col">{t.col_created}</th>
                                <th scope="col">{t.col_actions}</th>
                            </tr>
                        </thead>
                        <tbody>{rows.collect_view()}</tbody>
                    </table>
                </div>
            }
            .into_any()
        }}
    }
}

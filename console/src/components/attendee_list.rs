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
    let selected = RwSignal::new(Vec::<i64>::new());
    let busy = RwSignal::new(false);
    let requests = rsvps.iter().filter(|r| r.status == RsvpStatus::Requested).count();
    let rows = rsvps.into_iter().map(|rsvp| {
        view! { <AttendeeRow event_id=event.id().to_owned() rsvp questions=questions.clone() reload error selected/> }
    });
    let decide_selected = {
        let event_id = event.id().to_owned();
        let session = expect_context::<crate::session::Session>();
        move |approve: bool| {
            let event_id = event_id.clone();
            let done = Callback::new(move |()| {
                reload.try_run(());
                crate::refocus::refocus(&["#attendees-summary"]);
            });
            Callback::new(move |()| {
                let (event_id, ids) = (event_id.clone(), selected.get_untracked());
                // One request after the other: each is its own decision, as the server keeps them.
                // One refused does not stop the rest; the list shows what happened either way.
                crate::components::act::act(busy, error, done, async move {
                    let mut first_error = None;
                    for id in ids {
                        if let Err(problem) = crate::calls::decide_rsvp(session, &event_id, id, approve).await {
                            first_error.get_or_insert(problem);
                        }
                    }
                    reload.try_run(());
                    first_error.map_or(Ok(()), Err)
                });
            })
        }
    };
    let console = expect_context::<crate::nav::Console>();
    let (approve_selected, decline_selected) = (decide_selected(true), decide_selected(false));
    let none_selected = move || busy.get() || selected.with(Vec::is_empty);
    let bulk = (requests > 0).then(|| {
        view! {
            <div id="requests" class="requests">
                <p>{(t.requests_open)(requests)}</p>
                <button type="button" id="approve-selected" class="primary" disabled=none_selected
                    on:click=move |_| approve_selected.run(())>{t.approve_selected}</button>
                " "
                <button type="button" id="decline-selected" class="danger" disabled=none_selected
                    on:click=move |_| {
                        let n = selected.with_untracked(Vec::len);
                        console.ask((t.confirm_decline_selected)(n), t.decline_selected, decline_selected)
                    }>{t.decline_selected}</button>
            </div>
        }
    });
    view! {
        <h2 class="attendees-event">{event.event.title.clone()}</h2>
        <p class="small">{event_when(&event.event, lang)}</p>
        <p id="attendees-summary" class="summary" tabindex="-1">{summary}</p>
        <CsvDownload event_id=event.id().to_owned()/>
        {bulk}
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

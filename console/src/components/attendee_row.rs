use leptos::prelude::*;
use stammtisch_model::{Question, RsvpStatus};

use crate::calls::cancel_rsvp;
use crate::components::act::act;
use crate::format::{day, moment};
use crate::i18n::texts;
use crate::nav::Console;
use crate::refocus::{quoted, refocus};
use crate::session::{current_lang, Session};
use stammtisch_model::Attendee;

/// One RSVP: who, how many, its state, and a cancel button while it holds or awaits a seat.
#[component]
pub fn AttendeeRow(
    /// The event the RSVP is for.
    event_id: String,
    /// The RSVP.
    rsvp: Attendee,
    /// The event's questions, for the answers' column; `None` when the form asks nothing more.
    questions: Option<Vec<Question>>,
    /// Loads the list again after a cancellation (promotions show up).
    reload: Callback<()>,
    /// Where a failed cancellation is reported, above the table.
    error: RwSignal<Option<String>>,
    /// The requests ticked for a decision on several at once.
    selected: RwSignal<Vec<i64>>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let console = expect_context::<Console>();
    let lang = current_lang();
    let t = texts(lang);
    let busy = RwSignal::new(false);
    let status = match rsvp.status {
        RsvpStatus::Confirmed => t.status_confirmed.to_owned(),
        RsvpStatus::Waitlisted => (t.status_waitlisted)(rsvp.waitlist_position),
        RsvpStatus::Pending => t.status_pending.to_owned(),
        RsvpStatus::Requested => t.status_requested.to_owned(),
        RsvpStatus::Declined => t.status_declined.to_owned(),
        RsvpStatus::Cancelled => match rsvp.cancelled_at {
            Some(at) => format!("{} ({})", t.status_cancelled, day(at, lang)),
            None => t.status_cancelled.to_owned(),
        },
    };
    let name = match rsvp.personal_data_deleted_at {
        Some(at) => view! { <span class="deleted">{(t.data_deleted)(&day(at, lang))}</span> }.into_any(),
        None => view! { <span>{rsvp.name.clone()}</span> }.into_any(),
    };
    let who = if rsvp.personal_data_deleted_at.is_some() { t.this_rsvp.to_owned() } else { rsvp.name.clone() };
    let cancel = {
        let (event_id, rsvp_id) = (event_id.clone(), rsvp.id.to_string());
        // After the list is loaded again, the cancelled RSVP has no cancel button any more:
        // its status ("storniert") takes the focus, or the summary if the row is gone.
        let row = format!("tr[data-rsvp-id={}]", quoted(&rsvp_id));
        let (button, status) =
            (format!("{row} button[data-action=\"cancel-rsvp\"]"), format!("{row} [data-status-text]"));
        let cancelled = Callback::new(move |()| {
            reload.try_run(());
            refocus(&[&button, &status, "#attendees-summary", "#heading-attendees"]);
        });
        let go = Callback::new(move |()| {
            let (event_id, rsvp_id) = (event_id.clone(), rsvp_id.clone());
            act(busy, error, cancelled, async move { cancel_rsvp(session, &event_id, &rsvp_id).await });
        });
        move |_| console.ask((t.confirm_cancel)(&who), t.cancel_rsvp, go)
    };
    let decide = {
        let event_id = event_id.clone();
        let rsvp_id = rsvp.id;
        let row = format!("tr[data-rsvp-id=\"{rsvp_id}\"]");
        move |approve: bool| {
            let event_id = event_id.clone();
            let status = format!("{row} [data-status-text]");
            let decided = Callback::new(move |()| {
                reload.try_run(());
                refocus(&[&status, "#attendees-summary", "#heading-attendees"]);
            });
            Callback::new(move |()| {
                let event_id = event_id.clone();
                act(busy, error, decided, async move {
                    crate::calls::decide_rsvp(session, &event_id, rsvp_id, approve).await
                });
            })
        }
    };
    let requested = rsvp.status == RsvpStatus::Requested;
    let (approve, decline) = (decide(true), decide(false));
    let asked = if rsvp.personal_data_deleted_at.is_some() { t.this_rsvp.to_owned() } else { rsvp.name.clone() };
    let decision = requested.then(|| {
        let rsvp_id = rsvp.id;
        let select_label = (t.select_request)(&asked);
        view! {
            <input type="checkbox" data-action="select-request" aria-label=select_label
                prop:checked=move || selected.with(|s| s.contains(&rsvp_id))
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    selected.update(|s| {
                        s.retain(|id| *id != rsvp_id);
                        if on {
                            s.push(rsvp_id);
                        }
                    });
                }/>
            " "
            <button type="button" data-action="approve" class="primary" disabled=move || busy.get()
                on:click=move |_| approve.run(())>{t.approve}</button>
            " "
            <button type="button" data-action="decline" class="danger" disabled=move || busy.get()
                on:click=move |_| console.ask((t.confirm_decline)(&asked), t.decline, decline)>{t.decline}</button>
            " "
        }
    });
    view! {
        <tr data-rsvp-id=rsvp.id.to_string() data-status=rsvp.status.as_str()>
            <th scope="row">{name}</th>
            <td>{rsvp.email.clone()}</td>
            <td>{rsvp.company.clone()}</td>
            <td>{rsvp.guests}</td>
            <td data-status-text>{status}</td>
            <td class="note-cell">{rsvp.note.clone()}</td>
            {questions.map(|questions| view! { <td class="answers-cell">{answers(&rsvp, &questions, lang)}</td> })}
            <td>{moment(rsvp.created_at, lang)}</td>
            <td>
                {decision}
                {rsvp.is_live().then(|| view! {
                    <button type="button" data-action="cancel-rsvp" class="danger" disabled=move || busy.get()
                        on:click=cancel>{t.cancel_rsvp}</button>
                })}
            </td>
        </tr>
    }
}

/// "Position: CTO" lines, in the order of the questions, then answers to questions the event no
/// longer asks under their ids, then the mail consent with its day.
fn answers(rsvp: &Attendee, questions: &[Question], lang: stammtisch_model::Lang) -> impl IntoView {
    let t = texts(lang);
    let label_of = |id: &str| questions.iter().find(|q| q.id == id).map_or(id.to_owned(), |q| q.label.clone());
    let position = |id: &str| questions.iter().position(|q| q.id == id).unwrap_or(usize::MAX);
    let mut given: Vec<(&String, &stammtisch_model::Answer)> = rsvp.answers.iter().collect();
    given.sort_by_key(|(id, _)| position(id));
    let mut lines: Vec<(String, String)> =
        given.into_iter().map(|(id, answer)| (label_of(id), answer.display(lang))).collect();
    if let Some(at) = rsvp.mail_consent_at {
        lines.push((t.col_mail_consent.to_owned(), day(at, lang)));
    }
    view! {
        <dl class="answers">
            {lines.into_iter().map(|(q, a)| view! { <dt>{q}</dt><dd>{a}</dd> }).collect_view()}
        </dl>
    }
}

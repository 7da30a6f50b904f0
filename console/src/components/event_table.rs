use leptos::prelude::*;

use crate::calls::EventList;
use crate::components::event_row::EventRow;
use crate::format::now;
use crate::i18n::texts;
use crate::session::current_lang;

/// The events as a table, soonest first; past events only when asked for.
#[component]
pub fn EventTable(
    /// The events as loaded.
    list: EventList,
    /// Whether events that are over are shown.
    show_past: RwSignal<bool>,
    /// Loads the events again after a change.
    reload: Callback<()>,
) -> impl IntoView {
    let t = texts(current_lang());
    let now = now();
    let mut events = list.events;
    events.sort_by_key(|e| e.event.starts_at);
    let past = events.iter().filter(|e| e.is_past(now)).count();
    let total = events.len();
    let shown = move || if show_past.get() { total } else { total - past };
    let rows = {
        let events = events.clone();
        move || {
            let with_past = show_past.get();
            events
                .iter()
                .filter(|e| with_past || !e.is_past(now))
                .map(|e| view! { <EventRow event=e.clone() reload/> })
                .collect_view()
        }
    };
    let empty = move || match (total, shown()) {
        (0, _) => Some(t.no_events),
        (_, 0) => Some(t.no_upcoming),
        _ => None,
    };
    view! {
        {move || empty().map(|text| view! { <p class="state state-empty" data-state="empty">{text}</p> })}
        <p class="hint" hidden=move || show_past.get() || past == 0>{(t.past_hidden)(past)}</p>
        <div class="table-wrap" hidden=move || shown() == 0>
            <table id="events-table" class="events">
                <caption class="visually-hidden">{t.events_title}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t.col_when}</th>
                        <th scope="col">{t.col_title}</th>
                        <th scope="col">{t.col_kind}</th>
                        <th scope="col">{t.col_seats}</th>
                        <th scope="col">{t.col_waitlist}</th>
                        <th scope="col">{t.col_rsvp}</th>
                        <th scope="col">{t.col_actions}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {(list.unreadable > 0).then(|| view! { <p class="note">{(t.unreadable_events)(list.unreadable)}</p> })}
    }
}

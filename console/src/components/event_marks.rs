use leptos::prelude::*;

use crate::format::day;
use crate::i18n::texts;
use crate::session::current_lang;
use stammtisch_model::AdminEvent;

/// What else the organizer should know about an event: part of a series, from a partner
/// feed, removed by the partner, when its attendees' data will be deleted.
#[component]
pub fn EventMarks(
    /// The event as listed.
    event: AdminEvent,
) -> impl IntoView {
    let lang = current_lang();
    let t = texts(lang);
    let mut marks: Vec<(&'static str, String)> = Vec::new();
    if let Some(series) = &event.event.series {
        marks.push(("series", (t.mark_series)(series)));
    }
    if let Some(source) = &event.source {
        marks.push(("source", (t.mark_source)(source)));
    }
    if let Some(removed) = event.removed_at_source {
        marks.push(("removed", (t.mark_removed)(&day(removed, lang))));
    }
    if let Some(deleted) = event.personal_data_deleted_after {
        marks.push(("retention", (t.mark_retention)(&day(deleted.fixed_offset(), lang))));
    }
    (!marks.is_empty()).then(|| {
        view! {
            <ul class="marks">
                {marks
                    .into_iter()
                    .map(|(kind, text)| view! { <li class=format!("mark mark-{kind}") data-mark=kind>{text}</li> })
                    .collect_view()}
            </ul>
        }
    })
}

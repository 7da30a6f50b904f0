use leptos::prelude::*;

use crate::components::source_row::SourceRow;
use crate::i18n::texts;
use crate::session::current_lang;
use stammtisch_model::Source;

/// The partner feeds as a table.
#[component]
pub fn SourceList(
    /// The feeds as loaded.
    sources: Vec<Source>,
    /// Loads the list again after a change.
    reload: Callback<()>,
    /// Where the outcome of a change is told.
    result: RwSignal<Option<String>>,
) -> impl IntoView {
    let t = texts(current_lang());
    if sources.is_empty() {
        return view! { <p class="state state-empty" data-state="empty">{t.no_sources}</p> }.into_any();
    }
    view! {
        <div class="table-wrap">
            <table id="sources-table">
                <caption class="visually-hidden">{t.sources_title}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t.col_source}</th>
                        <th scope="col">{t.col_url}</th>
                        <th scope="col">{t.col_mode}</th>
                        <th scope="col">{t.col_interval}</th>
                        <th scope="col">{t.col_last_success}</th>
                        <th scope="col">{t.col_last_error}</th>
                        <th scope="col">{t.col_events}</th>
                        <th scope="col">{t.col_actions}</th>
                    </tr>
                </thead>
                <tbody>
                    {sources.into_iter().map(|source| view! { <SourceRow source reload result/> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

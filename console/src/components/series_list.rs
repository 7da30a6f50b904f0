use leptos::prelude::*;

use crate::calls::delete_series;
use crate::components::act::act;
use crate::i18n::texts;
use crate::nav::Console;
use crate::refocus::focus;
use crate::series_definition::describe;
use crate::series_draft::SeriesDraft;
use crate::session::{current_lang, Session};
use stammtisch_model::SeriesEntry;

/// The series as written, with their upcoming dates, to change or delete.
#[component]
pub fn SeriesList(
    /// The series as loaded.
    entries: Vec<SeriesEntry>,
    /// Loads the list again after a change.
    reload: Callback<()>,
    /// Where the outcome of a delete is told.
    result: RwSignal<Option<String>>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let console = expect_context::<Console>();
    let lang = current_lang();
    let t = texts(lang);
    if entries.is_empty() {
        return view! { <p class="state state-empty" data-state="empty">{t.no_series}</p> }.into_any();
    }
    let row = move |entry: SeriesEntry| {
        let busy = RwSignal::new(false);
        let error = RwSignal::new(None::<String>);
        let id = entry.id.clone();
        let remove = {
            let id = id.clone();
            Callback::new(move |()| {
                let id = id.clone();
                act(busy, error, reload, async move {
                    let gone = delete_series(session, &id).await?;
                    result.set(Some((t.series_deleted)(&id, &gone.kept_with_rsvps)));
                    Ok(())
                });
            })
        };
        let ask = {
            let id = id.clone();
            move |_| console.ask((t.confirm_delete_series)(&id), t.delete, remove)
        };
        let edit = {
            let (id, definition) = (id.clone(), entry.definition.clone());
            move |_| {
                let zone = console.board_zone.get_untracked();
                console.series_draft.set(SeriesDraft::from_definition(&id, &definition, &zone));
                focus("heading-series-form");
            }
        };
        view! {
            <tr data-series-id=id.clone()>
                <th scope="row">{id.clone()}</th>
                <td>{describe(&entry.definition, lang)}</td>
                <td data-upcoming>{entry.upcoming.len()}</td>
                <td class="actions">
                    <div class="row-actions">
                        <button type="button" data-action="edit-series" on:click=edit>{t.edit}</button>
                        <button type="button" data-action="delete-series" class="danger" disabled=move || busy.get()
                            on:click=ask>{t.delete}</button>
                    </div>
                    <p class="row-error" data-row-error role="alert">{move || error.get()}</p>
                </td>
            </tr>
        }
    };
    view! {
        <div class="table-wrap">
            <table id="series-table">
                <caption class="visually-hidden">{t.series_existing}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t.col_series}</th>
                        <th scope="col">{t.col_rule}</th>
                        <th scope="col">{t.col_upcoming}</th>
                        <th scope="col">{t.col_actions}</th>
                    </tr>
                </thead>
                <tbody>{entries.into_iter().map(row).collect_view()}</tbody>
            </table>
        </div>
    }
    .into_any()
}

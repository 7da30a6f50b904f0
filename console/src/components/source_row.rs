use leptos::prelude::*;

use crate::calls::{delete_source, refresh_source};
use crate::components::act::act;
use crate::format::moment;
use crate::i18n::texts;
use crate::nav::Console;
use crate::refocus::focus;
use crate::session::{current_lang, Session};
use crate::source_draft::SourceDraft;
use stammtisch_model::Source;

/// One partner feed: where it is read from, how it went last time, and what can be done.
#[component]
pub fn SourceRow(
    /// The feed as listed.
    source: Source,
    /// Loads the list again after a change.
    reload: Callback<()>,
    /// Where the outcome of a change is told.
    result: RwSignal<Option<String>>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let console = expect_context::<Console>();
    let lang = current_lang();
    let t = texts(lang);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let id = source.id.clone();
    let refresh = {
        let id = id.clone();
        move |_| {
            let id = id.clone();
            act(busy, error, reload, async move {
                let fresh = refresh_source(session, &id).await?;
                result.set(Some((t.source_refreshed)(&id, fresh.events, fresh.skipped, fresh.last_error.is_some())));
                Ok(())
            });
        }
    };
    let remove = {
        let id = id.clone();
        Callback::new(move |()| {
            let id = id.clone();
            act(busy, error, reload, async move {
                delete_source(session, &id).await?;
                result.set(Some((t.source_deleted)(&id)));
                Ok(())
            });
        })
    };
    let ask = {
        let id = id.clone();
        move |_| console.ask((t.confirm_delete_source)(&id), t.delete, remove)
    };
    let edit = {
        let draft = SourceDraft::from_source(&source);
        move |_| {
            console.source_draft.set(draft.clone());
            focus("heading-source-form");
        }
    };
    let last_error = source.last_error.as_ref().map(|problem| {
        let detail = Some(problem.detail.trim()).filter(|d| !d.is_empty());
        view! {
            <span class="error-text" data-source-error=problem.code.clone()>
                <span class="error-prefix">{t.error_prefix}</span>" "{t.source_problem(&problem.code)}
                {detail.map(|d| format!(": {d}"))}
            </span>
        }
    });
    // Which events were skipped and why, when the server says (older ones give only the count).
    let reasons: Vec<_> = source
        .skipped_events
        .iter()
        .map(|skipped| {
            let line = skipped.line.map(|line| (t.at_line)(line)).unwrap_or_default();
            view! { <li><code>{skipped.event.clone()}</code>{line}": "{skipped.why.clone()}</li> }
        })
        .collect();
    let skipped = (source.skipped > 0).then(|| {
        let count = (t.skipped_events)(source.skipped);
        if reasons.is_empty() {
            view! { <span class="small">{count}</span> }.into_any()
        } else {
            view! {
                <details class="small" data-skipped-events>
                    <summary>{count}</summary>
                    <ul>{reasons}</ul>
                </details>
            }
            .into_any()
        }
    });
    let mode = match source.mode {
        stammtisch_model::SourceMode::Rsvp => t.mode_rsvp,
        stammtisch_model::SourceMode::ReadOnly => t.mode_read_only,
    };
    view! {
        <tr data-source-id=id.clone()>
            <th scope="row">{id.clone()}</th>
            <td class="url">{source.url.clone()}</td>
            <td>{mode}</td>
            <td>{(t.every_minutes)(source.refresh_minutes)}</td>
            <td data-last-success>
                {source.last_success_at.map_or_else(|| t.never.to_owned(), |at| moment(at, lang))}
                {source.last_checked_at.map(|at| view! { <span class="small">{(t.last_checked)(&moment(at, lang))}</span> })}
            </td>
            <td>{last_error.map(IntoAny::into_any).unwrap_or_else(|| "–".into_any())}</td>
            <td data-source-events>
                {source.events}
                {skipped}
            </td>
            <td class="actions">
                <div class="row-actions">
                    <button type="button" data-action="refresh-source" disabled=move || busy.get() on:click=refresh>
                        {move || if busy.get() { t.refreshing } else { t.refresh_now }}
                    </button>
                    <button type="button" data-action="edit-source" on:click=edit>{t.edit}</button>
                    <button type="button" data-action="delete-source" class="danger" disabled=move || busy.get()
                        on:click=ask>{t.delete}</button>
                </div>
                <p class="row-error" data-row-error role="alert">{move || error.get()}</p>
            </td>
        </tr>
    }
}

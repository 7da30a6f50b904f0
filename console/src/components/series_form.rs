use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::SubmitEvent;

use crate::api::ClientError;
use crate::calls::put_series;
use crate::components::binding::forget_fixed;
use crate::components::series_fields::SeriesFields;
use crate::i18n::texts;
use crate::nav::Console;
use crate::problems::{show_refusal, FieldProblem};
use crate::refocus::focus;
use crate::series_draft::{series_field_id, SeriesDraft, SERIES_FIELDS, SERIES_ZONE};
use crate::session::{current_lang, Session};

/// Serie anlegen: the rule, its dates and what every date shares. Writing a series again
/// changes its upcoming dates; the answer says how many were written and which were kept
/// because people registered.
#[component]
pub fn SeriesForm(
    /// Loads the list of series again after a save.
    reload: Callback<()>,
    /// Where the outcome is told.
    result: RwSignal<Option<String>>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let console = expect_context::<Console>();
    let lang = current_lang();
    let t = texts(lang);
    let draft = console.series_draft;
    let problems = RwSignal::new(Vec::<FieldProblem>::new());
    let general = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    forget_fixed(draft, problems, |d: &SeriesDraft| d.to_body().err().unwrap_or_default());
    let fresh = move |_| {
        problems.set(Vec::new());
        general.set(None);
        draft.set(SeriesDraft::new(&console.board_zone.get_untracked()));
        focus("series-id");
    };
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        if sending.get_untracked() {
            return;
        }
        general.set(None);
        let current = draft.get_untracked();
        let body = match current.to_body() {
            Ok(body) => body,
            Err(found) => {
                let first = series_field_id(&found[0].field);
                problems.set(found);
                focus(&first);
                return;
            }
        };
        problems.set(Vec::new());
        sending.set(true);
        let id = current.id.trim().to_owned();
        // What is stored from now on: the next save starts from it.
        let sent_event = body.event.clone();
        spawn_local(async move {
            let written = put_series(session, &id, &body).await;
            sending.set(false);
            match written {
                Ok(written) => {
                    result.set(Some((t.series_written)(&id, written.events.len(), &written.kept_with_rsvps)));
                    draft.update(|d| {
                        d.editing = true;
                        d.stored_event = sent_event;
                    });
                    reload.try_run(());
                    focus("series-result");
                }
                Err(ClientError::Unauthorized) => {}
                Err(error) => {
                    let mut fields = SERIES_FIELDS.to_vec();
                    fields.push(SERIES_ZONE);
                    show_refusal(&error, &fields, lang, series_field_id, problems, (general, "series-form-error"));
                }
            }
        });
    };
    let heading = move || match draft.with(|d| d.editing.then(|| d.id.clone())) {
        Some(id) => (t.edit_series_title)(&id),
        None => t.new_series_title.to_owned(),
    };
    view! {
        <h2 id="heading-series-form" tabindex="-1">{heading}</h2>
        <form id="series-form" novalidate on:submit=on_submit>
            <p id="series-form-error" class="form-error" role="alert" tabindex="-1"
                hidden=move || general.with(Option::is_none)>
                <span class="error-prefix">{t.error_prefix}</span>" "{move || general.get()}
            </p>
            <SeriesFields draft problems/>
            <div class="buttons">
                <button type="submit" id="series-save" class="primary" disabled=move || sending.get()>
                    {move || if sending.get() { t.saving } else { t.save_series }}
                </button>
                <button type="button" id="series-new" on:click=fresh>{t.new_series}</button>
            </div>
        </form>
    }
}

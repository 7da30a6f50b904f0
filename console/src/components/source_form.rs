use leptos::prelude::*;
use leptos::task::spawn_local;
use stammtisch_model::Kind;
use web_sys::SubmitEvent;

use crate::api::ClientError;
use crate::calls::put_source;
use crate::components::binding::{bind, error_at, forget_fixed, Binding};
use crate::components::choice_field::ChoiceField;
use crate::components::text_field::TextField;
use crate::i18n::texts;
use crate::nav::Console;
use crate::problems::{show_refusal, FieldProblem};
use crate::refocus::focus;
use crate::session::{current_lang, Session};
use crate::source_draft::{source_field_id, SourceDraft, SOURCE_FIELDS};
use stammtisch_model::SourceMode;

/// Adds a partner feed or changes one: where it is, how often it is read, and whether its
/// events take RSVPs here or link to the partner.
#[component]
pub fn SourceForm(
    /// Loads the list again after a save.
    reload: Callback<()>,
    /// Where the outcome is told.
    result: RwSignal<Option<String>>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let console = expect_context::<Console>();
    let lang = current_lang();
    let t = texts(lang);
    let draft = console.source_draft;
    let problems = RwSignal::new(Vec::<FieldProblem>::new());
    let general = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    forget_fixed(draft, problems, |d: &SourceDraft| d.to_input().err().unwrap_or_default());
    let id = |field: &str| source_field_id(field);
    let error = move |field: &'static str| error_at(problems, field, lang);
    let kind = Binding {
        value: Signal::derive(move || draft.with(|d| d.default_kind.map(Kind::as_str).unwrap_or_default().to_owned())),
        set: Callback::new(move |name: String| draft.update(|d| d.default_kind = Kind::from_name(&name))),
    };
    let mut kinds = vec![(String::new(), t.no_default_kind.to_owned())];
    kinds.extend(Kind::ALL.iter().map(|k| (k.as_str().to_owned(), t.kind(*k).to_owned())));
    let mode = Binding {
        value: Signal::derive(move || {
            draft.with(|d| if d.mode == SourceMode::ReadOnly { "read_only" } else { "rsvp" }.to_owned())
        }),
        set: Callback::new(move |name: String| {
            draft.update(|d| d.mode = if name == "read_only" { SourceMode::ReadOnly } else { SourceMode::Rsvp })
        }),
    };
    let modes =
        vec![("rsvp".to_owned(), t.mode_rsvp.to_owned()), ("read_only".to_owned(), t.mode_read_only.to_owned())];
    let fresh = move |_| {
        problems.set(Vec::new());
        general.set(None);
        draft.set(SourceDraft::default());
        focus("source-id");
    };
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        if sending.get_untracked() {
            return;
        }
        general.set(None);
        let (id, input) = match draft.get_untracked().to_input() {
            Ok(found) => found,
            Err(found) => {
                let first = source_field_id(&found[0].field);
                problems.set(found);
                focus(&first);
                return;
            }
        };
        problems.set(Vec::new());
        sending.set(true);
        spawn_local(async move {
            let saved = put_source(session, &id, &input).await;
            sending.set(false);
            match saved {
                Ok(saved) => {
                    // The server reads the feed once on saving: its answer says how that went.
                    let failure = saved.last_error.as_ref().map(|p| t.source_failure(&p.code, &p.detail));
                    result.set(Some((t.source_saved)(&saved.id, saved.events, saved.skipped, failure.as_deref())));
                    draft.set(SourceDraft::default());
                    reload.try_run(());
                    focus("source-result");
                }
                Err(ClientError::Unauthorized) => {}
                Err(error) => show_refusal(
                    &error,
                    &SOURCE_FIELDS,
                    lang,
                    source_field_id,
                    problems,
                    (general, "source-form-error"),
                ),
            }
        });
    };
    let heading = move || match draft.with(|d| d.editing.then(|| d.id.clone())) {
        Some(id) => (t.edit_source_title)(&id),
        None => t.new_source_title.to_owned(),
    };
    view! {
        <h2 id="heading-source-form" tabindex="-1">{heading}</h2>
        <form id="source-form" novalidate on:submit=on_submit>
            <p id="source-form-error" class="form-error" role="alert" tabindex="-1"
                hidden=move || general.with(Option::is_none)>
                <span class="error-prefix">{t.error_prefix}</span>" "{move || general.get()}
            </p>
            <TextField id=id("id") label=t.f_source_id hint=t.f_source_id_hint error=error("id")
                readonly=Signal::derive(move || draft.with(|d| d.editing))
                bind=bind(draft, |d| &d.id, |d, v| d.id = v)/>
            <TextField id=id("url") label=t.f_source_url input_type="url" error=error("url")
                bind=bind(draft, |d| &d.url, |d, v| d.url = v)/>
            <ChoiceField id=id("default_kind") label=t.f_default_kind options=kinds bind=kind error=error("default_kind")/>
            <TextField id=id("tags") label=t.f_source_tags hint=t.f_tags_hint error=error("tags")
                bind=bind(draft, |d| &d.tags, |d, v| d.tags = v)/>
            <TextField id=id("refresh_minutes") label=t.f_refresh_minutes input_type="number" min="5"
                error=error("refresh_minutes") bind=bind(draft, |d| &d.refresh_minutes, |d, v| d.refresh_minutes = v)/>
            <ChoiceField id=id("mode") label=t.f_mode options=modes bind=mode error=error("mode")/>
            <div class="buttons">
                <button type="submit" id="source-save" class="primary" disabled=move || sending.get()>
                    {move || if sending.get() { t.saving } else { t.save }}
                </button>
                <button type="button" id="source-new" on:click=fresh>{t.new_source}</button>
            </div>
        </form>
    }
}

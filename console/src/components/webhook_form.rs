use leptos::prelude::*;
use leptos::task::spawn_local;
use stammtisch_model::HookEvent;
use web_sys::SubmitEvent;

use crate::api::ClientError;
use crate::calls::put_webhook;
use crate::components::binding::{bind, error_at, forget_fixed, Flag};
use crate::components::check_field::CheckField;
use crate::components::field_error::FieldError;
use crate::components::text_field::TextField;
use crate::components::webhooks_page::NewSecret;
use crate::i18n::texts;
use crate::nav::Console;
use crate::problems::{show_refusal, FieldProblem};
use crate::refocus::focus;
use crate::session::{current_lang, Session};
use crate::webhook_draft::{webhook_field_id, WebhookDraft, WEBHOOK_FIELDS};

/// Adds a webhook or changes one: the receiver's address, the changes it gets, its secret.
#[component]
pub fn WebhookForm(
    /// Loads the list again after a save.
    reload: Callback<()>,
    /// Where the outcome is told.
    result: RwSignal<Option<String>>,
    /// Where a secret the server made is shown, once.
    new_secret: RwSignal<Option<NewSecret>>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let console = expect_context::<Console>();
    let lang = current_lang();
    let t = texts(lang);
    let draft = console.webhook_draft;
    let problems = RwSignal::new(Vec::<FieldProblem>::new());
    let general = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    forget_fixed(draft, problems, |d: &WebhookDraft| d.to_input().err().unwrap_or_default());
    let id = |field: &str| webhook_field_id(field);
    let error = move |field: &'static str| error_at(problems, field, lang);
    let checkboxes: Vec<_> = HookEvent::ALL
        .into_iter()
        .map(|event| {
            let flag = Flag {
                checked: Signal::derive(move || draft.with(|d| d.follows(event))),
                set: Callback::new(move |on| draft.update(|d| d.set_follows(event, on))),
            };
            let box_id = format!("webhook-event-{}", event.as_str().replace('.', "-"));
            view! { <CheckField id=box_id label=t.hook_event(event) flag error=Signal::derive(|| None)/> }
        })
        .collect();
    let fresh = move |_| {
        problems.set(Vec::new());
        general.set(None);
        draft.set(WebhookDraft::default());
        focus("webhook-id");
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
                let first = webhook_field_id(&found[0].field);
                problems.set(found);
                focus(&first);
                return;
            }
        };
        problems.set(Vec::new());
        sending.set(true);
        spawn_local(async move {
            let saved = put_webhook(session, &id, &input).await;
            sending.set(false);
            match saved {
                Ok(saved) => {
                    new_secret.set(saved.secret.map(|secret| NewSecret { webhook: saved.id.clone(), secret }));
                    result.set(Some((t.webhook_saved)(&saved.id)));
                    draft.set(WebhookDraft::default());
                    reload.try_run(());
                    focus("webhook-result");
                }
                Err(ClientError::Unauthorized) => {}
                Err(error) => show_refusal(
                    &error,
                    &WEBHOOK_FIELDS,
                    lang,
                    webhook_field_id,
                    problems,
                    (general, "webhook-form-error"),
                ),
            }
        });
    };
    let heading = move || match draft.with(|d| d.editing.then(|| d.id.clone())) {
        Some(id) => (t.edit_webhook_title)(&id),
        None => t.new_webhook_title.to_owned(),
    };
    view! {
        <h2 id="heading-webhook-form" tabindex="-1">{heading}</h2>
        <form id="webhook-form" novalidate on:submit=on_submit>
            <p id="webhook-form-error" class="form-error" role="alert" tabindex="-1"
                hidden=move || general.with(Option::is_none)>
                <span class="error-prefix">{t.error_prefix}</span>" "{move || general.get()}
            </p>
            <TextField id=id("id") label=t.f_source_id hint=t.f_source_id_hint error=error("id")
                readonly=Signal::derive(move || draft.with(|d| d.editing))
                bind=bind(draft, |d| &d.id, |d, v| d.id = v)/>
            <TextField id=id("url") label=t.f_webhook_url hint=t.f_webhook_url_hint input_type="url" error=error("url")
                bind=bind(draft, |d| &d.url, |d, v| d.url = v)/>
            <fieldset id=id("events") tabindex="-1" aria-describedby="webhook-events-error">
                <legend>{t.f_webhook_events}</legend>
                {checkboxes}
                <FieldError id="webhook-events-error".to_owned() error=error("events")/>
            </fieldset>
            <TextField id=id("secret") label=t.f_webhook_secret hint=t.f_webhook_secret_hint input_type="password"
                autocomplete="new-password" error=error("secret") bind=bind(draft, |d| &d.secret, |d, v| d.secret = v)/>
            <div class="buttons">
                <button type="submit" id="webhook-save" class="primary" disabled=move || sending.get()>
                    {move || if sending.get() { t.saving } else { t.save }}
                </button>
                <button type="button" id="webhook-new" on:click=fresh>{t.new_webhook}</button>
            </div>
        </form>
    }
}

use leptos::prelude::*;

use crate::calls::list_webhooks;
use crate::components::load_error::LoadError;
use crate::components::loading::Loading;
use crate::components::webhook_form::WebhookForm;
use crate::components::webhook_list::WebhookList;
use crate::i18n::texts;
use crate::session::{current_lang, Session};

/// A new endpoint's secret, made by the server and shown this once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewSecret {
    pub webhook: String,
    pub secret: String,
}

/// Webhooks: where every registration goes at once, to the organizer's CRM or automation.
#[component]
pub fn WebhooksPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let t = texts(current_lang());
    let webhooks = LocalResource::new(move || list_webhooks(session));
    let reload = Callback::new(move |()| webhooks.refetch());
    let result = RwSignal::new(None::<String>);
    let new_secret = RwSignal::new(None::<NewSecret>);
    let secret_notice = move || {
        new_secret.get().map(|made| {
            view! {
                <div class="secret-once" id="webhook-secret" data-webhook-secret=made.webhook.clone()>
                    <p>{(t.secret_once)(&made.webhook)}</p>
                    <p><code class="secret" id="webhook-secret-value">{made.secret}</code></p>
                </div>
            }
        })
    };
    view! {
        <section class="webhooks-page" aria-labelledby="heading-webhooks">
            <div class="page-head">
                <h1 id="heading-webhooks">{t.webhooks_title}</h1>
            </div>
            <p class="hint">{t.webhooks_intro}</p>
            <p id="webhook-result" class="flash" role="status" tabindex="-1">
                {move || result.get()}
            </p>
            {secret_notice}
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match webhooks.await {
                        Ok(list) => view! { <WebhookList webhooks=list reload result/> }.into_any(),
                        Err(error) => view! { <LoadError error retry=reload/> }.into_any(),
                    }
                })}
            </Transition>
            <WebhookForm reload result new_secret/>
        </section>
    }
}

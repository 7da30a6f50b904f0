use leptos::prelude::*;

use crate::calls::delete_webhook;
use crate::components::act::act;
use crate::components::webhook_delivery_list::WebhookDeliveryList;
use crate::format::moment;
use crate::i18n::texts;
use crate::nav::Console;
use crate::refocus::focus;
use crate::session::{current_lang, Session};
use crate::webhook_draft::WebhookDraft;
use stammtisch_model::Webhook;

/// One webhook: where it sends, what, how its deliveries stand, and its recent deliveries on
/// request (a row of their own below it).
#[component]
pub fn WebhookRow(
    /// The endpoint as listed.
    webhook: Webhook,
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
    let open = RwSignal::new(false);
    let id = webhook.id.clone();
    let remove = {
        let id = id.clone();
        Callback::new(move |()| {
            let id = id.clone();
            act(busy, error, reload, async move {
                delete_webhook(session, &id).await?;
                result.set(Some((t.webhook_deleted)(&id)));
                Ok(())
            });
        })
    };
    let ask = {
        let id = id.clone();
        move |_| console.ask((t.confirm_delete_webhook)(&id), t.delete, remove)
    };
    let edit = {
        let draft = WebhookDraft::from_webhook(&webhook);
        move |_| {
            console.webhook_draft.set(draft.clone());
            focus("heading-webhook-form");
        }
    };
    let follows: Vec<_> = webhook.events.iter().map(|event| view! { <li>{t.hook_event(*event)}</li> }).collect();
    let has_failed = webhook.failed > 0;
    let panel_id = format!("deliveries-{id}");
    let deliveries = {
        let id = id.clone();
        move || open.get().then(|| view! { <WebhookDeliveryList webhook=id.clone() reload/> })
    };
    view! {
        <tbody data-webhook-id=id.clone()>
            <tr>
                <th scope="row">{id.clone()}</th>
                <td class="url">{webhook.url.clone()}<span class="small">{(t.secret_ends)(&webhook.secret_hint)}</span></td>
                <td><ul class="plain small">{follows}</ul></td>
                <td data-webhook-counts class:error-text=has_failed>
                    {(t.delivery_counts)(webhook.waiting, webhook.failed)}
                </td>
                <td>{webhook.last_delivered_at.map_or_else(|| t.never.to_owned(), |at| moment(at, lang))}</td>
                <td class="actions">
                    <div class="row-actions">
                        <button type="button" data-action="show-deliveries" aria-controls=panel_id.clone()
                            aria-expanded=move || if open.get() { "true" } else { "false" }
                            on:click=move |_| open.update(|o| *o = !*o)>
                            {move || if open.get() { t.hide_deliveries } else { t.show_deliveries }}
                        </button>
                        <button type="button" data-action="edit-webhook" on:click=edit>{t.edit}</button>
                        <button type="button" data-action="delete-webhook" class="danger" disabled=move || busy.get()
                            on:click=ask>{t.delete}</button>
                    </div>
                    <p class="row-error" data-row-error role="alert">{move || error.get()}</p>
                </td>
            </tr>
            <tr id=panel_id class="deliveries-row" hidden=move || !open.get()>
                <td colspan="6">{deliveries}</td>
            </tr>
        </tbody>
    }
}

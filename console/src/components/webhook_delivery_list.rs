use leptos::prelude::*;

use crate::calls::{list_deliveries, resend_delivery};
use crate::components::act::act;
use crate::components::load_error::LoadError;
use crate::components::loading::Loading;
use crate::format::moment;
use crate::i18n::texts;
use crate::session::{current_lang, Session};
use stammtisch_model::{DeliveryState, WebhookDelivery};

/// One webhook's latest deliveries: what was sent, how the receiver answered, and a button
/// to send one again.
#[component]
pub fn WebhookDeliveryList(
    /// The endpoint's id.
    webhook: String,
    /// Loads the webhooks again, whose counts a resend changes.
    reload: Callback<()>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let t = texts(current_lang());
    let deliveries = {
        let webhook = webhook.clone();
        LocalResource::new(move || {
            let webhook = webhook.clone();
            async move { list_deliveries(session, &webhook).await }
        })
    };
    let refresh = Callback::new(move |()| deliveries.refetch());
    let told = RwSignal::new(None::<String>);
    view! {
        <h2 class="small-heading">{(t.deliveries_title)(&webhook)}</h2>
        <p class="flash" role="status">{move || told.get()}</p>
        <Transition fallback=|| view! { <Loading/> }>
            {move || {
                let webhook = webhook.clone();
                Suspend::new(async move {
                    match deliveries.await {
                        Ok(list) if list.is_empty() => view! { <p class="state-empty">{t.no_deliveries}</p> }.into_any(),
                        Ok(list) => view! { <DeliveryTable webhook list refresh reload told/> }.into_any(),
                        Err(error) => view! { <LoadError error retry=refresh/> }.into_any(),
                    }
                })
            }}
        </Transition>
    }
}

/// The deliveries as a table, newest first.
#[component]
fn DeliveryTable(
    /// The endpoint's id.
    webhook: String,
    /// Its deliveries as loaded.
    list: Vec<WebhookDelivery>,
    /// Loads the deliveries again.
    refresh: Callback<()>,
    /// Loads the webhooks again.
    reload: Callback<()>,
    /// Where a resend is told.
    told: RwSignal<Option<String>>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let lang = current_lang();
    let t = texts(lang);
    let rows: Vec<_> = list
        .into_iter()
        .map(|delivery| {
            let busy = RwSignal::new(false);
            let error = RwSignal::new(None::<String>);
            let resend = {
                let (webhook, id) = (webhook.clone(), delivery.id.clone());
                move |_| {
                    let (webhook, id) = (webhook.clone(), id.clone());
                    let done = Callback::new(move |()| {
                        refresh.run(());
                        reload.run(());
                    });
                    act(busy, error, done, async move {
                        resend_delivery(session, &webhook, &id).await?;
                        told.set(Some((t.delivery_resent)(&id)));
                        Ok(())
                    });
                }
            };
            let answer = match (&delivery.last_status, &delivery.last_error) {
                (_, Some(why)) => why.clone(),
                (Some(status), None) => format!("HTTP {status}"),
                (None, None) => "–".to_owned(),
            };
            let next = delivery.next_attempt_at.map(|at| (t.next_try)(&moment(at, lang)));
            let can_resend = delivery.state != DeliveryState::Waiting;
            let failed = delivery.state == DeliveryState::Failed;
            view! {
                <tr data-delivery-id=delivery.id.clone() data-state=format!("{:?}", delivery.state).to_lowercase()>
                    <td>{moment(delivery.created_at, lang)}</td>
                    <td><code>{delivery.event.as_str()}</code><span class="small">{delivery.event_id.clone()}</span></td>
                    <td class:error-text=failed>
                        {t.delivery_state(delivery.state)}
                        {next.map(|n| view! { <span class="small">{n}</span> })}
                    </td>
                    <td>{delivery.attempts}</td>
                    <td class="answer">{answer}</td>
                    <td class="actions">
                        {can_resend.then(|| view! {
                            <button type="button" data-action="resend-delivery" disabled=move || busy.get() on:click=resend.clone()>
                                {move || if busy.get() { t.resending } else { t.resend }}
                            </button>
                        })}
                        <p class="row-error" role="alert">{move || error.get()}</p>
                    </td>
                </tr>
            }
        })
        .collect();
    view! {
        <div class="table-wrap">
            <table class="deliveries">
                <thead>
                    <tr>
                        <th scope="col">{t.col_occurred}</th>
                        <th scope="col">{t.col_change}</th>
                        <th scope="col">{t.col_state}</th>
                        <th scope="col">{t.col_attempts}</th>
                        <th scope="col">{t.col_answer}</th>
                        <th scope="col">{t.col_actions}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

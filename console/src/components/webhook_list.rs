use leptos::prelude::*;

use crate::components::webhook_row::WebhookRow;
use crate::i18n::texts;
use crate::session::current_lang;
use stammtisch_model::Webhook;

/// The webhooks as a table.
#[component]
pub fn WebhookList(
    /// The endpoints as loaded.
    webhooks: Vec<Webhook>,
    /// Loads the list again after a change.
    reload: Callback<()>,
    /// Where the outcome of a change is told.
    result: RwSignal<Option<String>>,
) -> impl IntoView {
    let t = texts(current_lang());
    if webhooks.is_empty() {
        return view! { <p class="state state-empty" data-state="empty">{t.no_webhooks}</p> }.into_any();
    }
    view! {
        <div class="table-wrap">
            <table id="webhooks-table">
                <caption class="visually-hidden">{t.webhooks_title}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t.col_source}</th>
                        <th scope="col">{t.col_url}</th>
                        <th scope="col">{t.col_follows}</th>
                        <th scope="col">{t.col_deliveries}</th>
                        <th scope="col">{t.col_last_delivered}</th>
                        <th scope="col">{t.col_actions}</th>
                    </tr>
                </thead>
                {webhooks.into_iter().map(|webhook| view! { <WebhookRow webhook reload result/> }).collect_view()}
            </table>
        </div>
    }
    .into_any()
}

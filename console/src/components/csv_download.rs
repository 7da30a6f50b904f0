use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::api::ClientError;
use crate::calls::rsvps_csv;
use crate::i18n::texts;
use crate::session::{current_lang, Session};

fn revoke(url: Option<String>) {
    if let Some(url) = url {
        let _ = web_sys::Url::revoke_object_url(&url);
    }
}

/// "CSV herunterladen": the file comes through `fetch`, since a plain link cannot carry the
/// token; it is saved through a `blob:` link that stays on the page for a second try.
#[component]
pub fn CsvDownload(
    /// The event whose attendees are exported.
    event_id: String,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let lang = current_lang();
    let t = texts(lang);
    let href = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    on_cleanup(move || revoke(href.try_get_untracked().flatten()));
    let file = format!("anmeldungen-{event_id}.csv");
    let download = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let event_id = event_id.clone();
        spawn_local(async move {
            let result = rsvps_csv(session, &event_id).await;
            busy.set(false);
            match result
                .and_then(|blob| web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| ClientError::Unreadable))
            {
                Ok(url) => {
                    revoke(href.try_get_untracked().flatten());
                    href.set(Some(url));
                    // Once the link is on the page, save through it.
                    request_animation_frame(|| {
                        let link = document().query_selector("a[data-csv]").ok().flatten();
                        if let Some(link) = link.and_then(|l| l.dyn_into::<web_sys::HtmlElement>().ok()) {
                            link.click();
                        }
                    });
                }
                Err(ClientError::Unauthorized) => {}
                Err(problem) => error.set(Some(problem.message(lang))),
            }
        });
    };
    view! {
        <div class="csv">
            <button type="button" id="csv-download" disabled=move || busy.get() on:click=download>
                {t.csv_download}
            </button>
            {move || href.get().map(|url| view! {
                <a data-csv id="csv-link" class="csv-link" href=url download=file.clone()>{t.csv_again}</a>
            })}
            <p class="row-error" role="alert">
                {move || error.get().map(|message| view! { <span class="error-prefix">{t.error_prefix}</span>" "{message} })}
            </p>
        </div>
    }
}

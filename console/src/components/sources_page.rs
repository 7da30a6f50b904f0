use leptos::prelude::*;

use crate::calls::list_sources;
use crate::components::load_error::LoadError;
use crate::components::loading::Loading;
use crate::components::source_form::SourceForm;
use crate::components::source_list::SourceList;
use crate::i18n::texts;
use crate::session::{current_lang, Session};

/// Partner-Feeds: other boards' feeds that this board reads regularly and lists.
#[component]
pub fn SourcesPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let t = texts(current_lang());
    let sources = LocalResource::new(move || list_sources(session));
    let reload = Callback::new(move |()| sources.refetch());
    let result = RwSignal::new(None::<String>);
    view! {
        <section class="sources-page" aria-labelledby="heading-sources">
            <div class="page-head">
                <h1 id="heading-sources">{t.sources_title}</h1>
            </div>
            <p class="hint">{t.sources_intro}</p>
            <p id="source-result" class="flash" role="status" tabindex="-1">
                {move || result.get()}
            </p>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match sources.await {
                        Ok(list) => view! { <SourceList sources=list reload result/> }.into_any(),
                        Err(error) => view! { <LoadError error retry=reload/> }.into_any(),
                    }
                })}
            </Transition>
            <SourceForm reload result/>
        </section>
    }
}

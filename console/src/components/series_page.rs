use leptos::prelude::*;

use crate::calls::list_series;
use crate::components::load_error::LoadError;
use crate::components::loading::Loading;
use crate::components::series_form::SeriesForm;
use crate::components::series_list::SeriesList;
use crate::i18n::texts;
use crate::session::{current_lang, Session};

/// Serien: recurring meetings, each written once; the server makes the single dates.
#[component]
pub fn SeriesPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let t = texts(current_lang());
    let series = LocalResource::new(move || list_series(session));
    let reload = Callback::new(move |()| series.refetch());
    // What the last save or delete did, in words.
    let result = RwSignal::new(None::<String>);
    view! {
        <section class="series-page" aria-labelledby="heading-series">
            <div class="page-head">
                <h1 id="heading-series">{t.series_title}</h1>
            </div>
            <p id="series-result" class="flash" role="status" tabindex="-1">
                {move || result.get()}
            </p>
            <h2>{t.series_existing}</h2>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match series.await {
                        Ok(entries) => view! { <SeriesList entries reload result/> }.into_any(),
                        Err(error) => view! { <LoadError error retry=reload/> }.into_any(),
                    }
                })}
            </Transition>
            <SeriesForm reload result/>
        </section>
    }
}

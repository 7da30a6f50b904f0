use std::sync::Arc;

use leptos::prelude::*;
use stammtisch_model::fold;

use crate::config::BoardConfig;
use crate::i18n::texts;
use crate::listing::{distinct, Filters, Listed, Place};

/// Search, kind chips, topic and place: narrows what the list and the month grid show.
#[component]
pub fn FilterBar(
    /// All events the board may show; the choices offered come from them.
    listed: Arc<Vec<Listed>>,
    /// The visitor's current filters.
    filters: RwSignal<Filters>,
) -> impl IntoView {
    let t = texts(expect_context::<BoardConfig>().lang);
    let kinds = distinct(listed.iter().map(|l| l.event.kind));
    let mut tags = distinct(listed.iter().flat_map(|l| l.event.tags.iter().cloned()));
    tags.sort_by_key(|tag| fold(tag));
    let mut cities = distinct(listed.iter().filter_map(|l| l.event.location.as_ref()?.city.clone()));
    cities.sort_by_key(|city| fold(city));
    let any_online = listed.iter().any(|l| l.event.is_online_only());

    let chips = kinds.into_iter().map(|kind| {
        let pressed = move || filters.with(|f| f.kinds.contains(&kind));
        let toggle = move |_| {
            filters.update(|f| match f.kinds.iter().position(|k| *k == kind) {
                Some(at) => {
                    f.kinds.remove(at);
                }
                None => f.kinds.push(kind),
            })
        };
        view! {
            <button type="button" class=format!("st-chip st-kind-{}", kind.as_str())
                aria-pressed=move || pressed().to_string() on:click=toggle>{t.kind(kind)}</button>
        }
    });
    let on_tag = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        filters.update(|f| f.tag = Some(value).filter(|v| !v.is_empty()));
    };
    let on_place = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        filters.update(|f| {
            f.place = match value.as_str() {
                "" => Place::Anywhere,
                "online" => Place::Online,
                city => Place::City(city.trim_start_matches("city:").to_owned()),
            }
        });
    };
    let place_value = move || {
        filters.with(|f| match &f.place {
            Place::Anywhere => String::new(),
            Place::Online => "online".into(),
            Place::City(city) => format!("city:{city}"),
        })
    };
    let tag_value = move || filters.with(|f| f.tag.clone().unwrap_or_default());

    view! {
        <div class="st-filters" role="search" aria-label=t.filters_label>
            <label class="st-search">
                <span>{t.search_label}</span>
                <input type="search" placeholder=t.search_placeholder autocomplete="off"
                    prop:value=move || filters.with(|f| f.query.clone())
                    on:input=move |ev| { let q = event_target_value(&ev); filters.update(|f| f.query = q) }/>
            </label>
            <div class="st-chips" role="group" aria-label=t.kinds_label>{chips.collect_view()}</div>
            {(!tags.is_empty()).then(|| view! {
                <label class="st-select">
                    <span>{t.tag_label}</span>
                    <select on:change=on_tag prop:value=tag_value>
                        <option value="">{t.all_tags}</option>
                        {tags.into_iter().map(|tag| {
                            let value = tag.clone();
                            view! { <option value=value>{tag}</option> }
                        }).collect_view()}
                    </select>
                </label>
            })}
            <label class="st-select">
                <span>{t.place_label}</span>
                <select on:change=on_place prop:value=place_value>
                    <option value="">{t.anywhere}</option>
                    {any_online.then(|| view! { <option value="online">{t.online}</option> })}
                    {cities.into_iter().map(|city| {
                        let value = format!("city:{}", fold(&city));
                        view! { <option value=value>{city}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label class="st-check">
                <input type="checkbox" prop:checked=move || filters.with(|f| f.show_past)
                    on:change=move |ev| { let on = event_target_checked(&ev); filters.update(|f| f.show_past = on) }/>
                {t.show_past}
            </label>
        </div>
    }
}

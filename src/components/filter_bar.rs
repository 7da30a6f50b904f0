use leptos::prelude::*;
use stammtisch_model::{fold, Kind};

use crate::board_events::BoardEvents;
use crate::config::BoardConfig;
use crate::i18n::texts;
use crate::listing::{distinct, Filters, Listed, Place};

/// The choices the board's events offer: kinds, topics, cities, and whether any is online.
#[derive(Clone, Debug, PartialEq)]
struct Choices {
    kinds: Vec<Kind>,
    tags: Vec<String>,
    cities: Vec<String>,
    any_online: bool,
}

impl Choices {
    fn of(listed: &[Listed]) -> Self {
        let kinds = distinct(listed.iter().map(|l| l.event.kind));
        let mut tags = distinct(listed.iter().flat_map(|l| l.event.tags.iter().cloned()));
        tags.sort_by_key(|tag| fold(tag));
        let mut cities = distinct(listed.iter().filter_map(|l| l.event.location.as_ref()?.city.clone()));
        cities.sort_by_key(|city| fold(city));
        Choices { kinds, tags, cities, any_online: listed.iter().any(|l| l.event.is_online_only()) }
    }
}

/// Search, kind chips, topic and place: narrows what the list and the month grid show. The
/// choices follow the feed without touching what the visitor set or is typing. On a narrow
/// board the filters fold behind one button that counts the filters set.
#[component]
pub fn FilterBar(
    /// The visitor's current filters.
    filters: RwSignal<Filters>,
) -> impl IntoView {
    let t = texts(expect_context::<BoardConfig>().lang);
    let listing = expect_context::<BoardEvents>().listing;
    let choices = Memo::new(move |_| listing.with(|l| Choices::of(l)));
    let unfolded = RwSignal::new(false);
    let set_count = move || {
        filters.with(|f| {
            f.kinds.len()
                + usize::from(f.tag.is_some())
                + usize::from(f.place != Place::Anywhere)
                + usize::from(!f.query.trim().is_empty())
                + usize::from(f.show_past)
        })
    };

    let chip = move |kind: Kind| {
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
    };
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
    // Options come and go with the feed; each says itself whether it is the chosen one, so
    // the choice survives its select's options changing around it.
    let tag_option = move |tag: String| {
        let value = tag.clone();
        let selected = move || tag_value() == value;
        let label = tag.clone();
        view! { <option value=tag prop:selected=selected>{label}</option> }
    };
    let city_option = move |city: String| {
        let value = format!("city:{}", fold(&city));
        let chosen = value.clone();
        view! { <option value=value prop:selected=move || place_value() == chosen>{city}</option> }
    };
    let kinds = move || choices.with(|c| c.kinds.clone());
    let tags = move || choices.with(|c| c.tags.clone());
    let cities = move || choices.with(|c| c.cities.clone());
    let filters_id = "st-filters";

    view! {
        <button type="button" class="st-button st-filter-toggle" aria-expanded=move || unfolded.get().to_string()
            aria-controls=filters_id on:click=move |_| unfolded.update(|open| *open = !*open)>
            {move || (t.filter_toggle)(set_count())}
        </button>
        <div class="st-filters" id=filters_id role="search" aria-label=t.filters_label
            data-unfolded=move || unfolded.get().then_some("")>
            <label class="st-search">
                <span>{t.search_label}</span>
                <input type="search" placeholder=t.search_placeholder autocomplete="off"
                    prop:value=move || filters.with(|f| f.query.clone())
                    on:input=move |ev| { let q = event_target_value(&ev); filters.update(|f| f.query = q) }/>
            </label>
            <div class="st-chips" role="group" aria-label=t.kinds_label>
                <For each=kinds key=|kind| *kind children=chip/>
            </div>
            <Show when=move || choices.with(|c| !c.tags.is_empty())>
                <label class="st-select">
                    <span>{t.tag_label}</span>
                    <select on:change=on_tag>
                        <option value="" prop:selected=move || tag_value().is_empty()>{t.all_tags}</option>
                        <For each=tags key=|tag| tag.clone() children=tag_option/>
                    </select>
                </label>
            </Show>
            <label class="st-select">
                <span>{t.place_label}</span>
                <select on:change=on_place>
                    <option value="" prop:selected=move || place_value().is_empty()>{t.anywhere}</option>
                    <Show when=move || choices.with(|c| c.any_online)>
                        <option value="online" prop:selected=move || place_value() == "online">{t.online}</option>
                    </Show>
                    <For each=cities key=|city| city.clone() children=city_option/>
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

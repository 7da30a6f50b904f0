//! The filters above the events. Their controls are HTML, written once (by the server for its
//! first view, too) and then kept in step with the feed's choices and the visitor's filters by
//! one effect; one handler per event type on the container reads what the visitor did. As
//! Leptos views with keyed lists they cost 15 KB of the widget's download (brotli).

use leptos::html::Div;
use leptos::prelude::*;
use stammtisch_model::{fold, Kind};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement};

use crate::board_events::BoardEvents;
use crate::card_list::{arrange, create, elements_by};
use crate::config::BoardConfig;
use crate::i18n::{texts, Texts};
use crate::listing::{distinct, Filters, Listed, Place};
use crate::markup::html;

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

    /// The place select's options after "anywhere": value and label. Spellings of one city
    /// ("Köln", "Koeln") fold to one value and are offered once, as first written.
    fn places(&self, t: &Texts) -> Vec<(String, String)> {
        let online = self.any_online.then(|| ("online".to_owned(), t.online.to_owned()));
        let mut places: Vec<(String, String)> = online.into_iter().collect();
        for city in &self.cities {
            let value = format!("city:{}", fold(city));
            if !places.iter().any(|(known, _)| *known == value) {
                places.push((value, city.clone()));
            }
        }
        places
    }
}

/// The place a value of the place select stands for; `place_value` writes it.
fn place_of(value: &str) -> Place {
    match value {
        "" => Place::Anywhere,
        "online" => Place::Online,
        city => Place::City(city.trim_start_matches("city:").to_owned()),
    }
}

/// The place select's value for `place`.
fn place_value(place: &Place) -> String {
    match place {
        Place::Anywhere => String::new(),
        Place::Online => "online".into(),
        Place::City(city) => format!("city:{city}"),
    }
}

/// Search, kind chips, topic and place: narrows what the list and the month grid show. The
/// choices follow the feed without touching what the visitor set or is typing: chips and
/// options are kept by key, so an open select's options do not change underneath. On a narrow
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
    let controls = choices.with_untracked(|c| filters.with_untracked(|f| controls_html(t, c, f)));
    let bar = NodeRef::<Div>::new();
    Effect::new(move |_| {
        if let Some(bar) = bar.get() {
            choices.with(|c| filters.with(|f| follow(&bar, t, c, f)));
        }
    });

    let on_click = move |ev: leptos::ev::MouseEvent| {
        let chip = target(&ev).and_then(|t| t.closest(".st-chips > [data-kind]").ok().flatten());
        if let Some(kind) = chip.and_then(|c| c.get_attribute("data-kind")).and_then(|k| Kind::from_name(&k)) {
            filters.update(|f| match f.kinds.iter().position(|k| *k == kind) {
                Some(at) => {
                    f.kinds.remove(at);
                }
                None => f.kinds.push(kind),
            });
        }
    };
    let on_input = move |ev: leptos::ev::Event| {
        if let Some(search) = target(&ev).and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) {
            if search.type_() == "search" {
                let query = search.value();
                filters.update(|f| f.query = query);
            }
        }
    };
    let on_change = move |ev: leptos::ev::Event| {
        let Some(control) = target(&ev) else { return };
        match control.get_attribute("name").as_deref() {
            Some("tag") => {
                let value = event_target_value(&ev);
                filters.update(|f| f.tag = Some(value).filter(|v| !v.is_empty()));
            }
            Some("place") => {
                let value = event_target_value(&ev);
                filters.update(|f| f.place = place_of(&value));
            }
            Some("past") => {
                let on = event_target_checked(&ev);
                filters.update(|f| f.show_past = on);
            }
            _ => {}
        }
    };
    let filters_id = "st-filters";

    view! {
        <button type="button" class="st-button st-filter-toggle" aria-expanded=move || unfolded.get().to_string()
            aria-controls=filters_id on:click=move |_| unfolded.update(|open| *open = !*open)>
            {move || (t.filter_toggle)(set_count())}
        </button>
        <div class="st-filters" id=filters_id role="search" aria-label=t.filters_label node_ref=bar
            data-unfolded=move || unfolded.get().then_some("") inner_html=controls
            on:click=on_click on:input=on_input on:change=on_change></div>
    }
}

fn target(ev: &web_sys::Event) -> Option<Element> {
    ev.target()?.dyn_into().ok()
}

/// The filters' controls as HTML, showing `filters` among `choices`.
fn controls_html(t: &Texts, choices: &Choices, filters: &Filters) -> String {
    let mut out = String::with_capacity(1024);
    out.push_str("<label class=\"st-search\"><span>");
    html::text(&mut out, t.search_label);
    out.push_str("</span><input type=\"search\" autocomplete=\"off\"");
    html::attribute(&mut out, "placeholder", t.search_placeholder);
    if !filters.query.is_empty() {
        html::attribute(&mut out, "value", &filters.query);
    }
    out.push_str("></label><div class=\"st-chips\" role=\"group\"");
    html::attribute(&mut out, "aria-label", t.kinds_label);
    out.push('>');
    for kind in &choices.kinds {
        out.push_str(&chip_html(t, *kind, filters.kinds.contains(kind)));
    }
    out.push_str("</div><label class=\"st-select\"");
    if choices.tags.is_empty() {
        out.push_str(" hidden");
    }
    out.push_str("><span>");
    html::text(&mut out, t.tag_label);
    out.push_str("</span><select name=\"tag\">");
    let tag = filters.tag.as_deref().unwrap_or_default();
    out.push_str(&option_html("", t.all_tags, tag.is_empty()));
    for choice in &choices.tags {
        out.push_str(&option_html(choice, choice, choice == tag));
    }
    out.push_str("</select></label><label class=\"st-select\"><span>");
    html::text(&mut out, t.place_label);
    out.push_str("</span><select name=\"place\">");
    let place = place_value(&filters.place);
    out.push_str(&option_html("", t.anywhere, place.is_empty()));
    for (value, label) in choices.places(t) {
        out.push_str(&option_html(&value, &label, value == place));
    }
    out.push_str("</select></label><label class=\"st-check\"><input type=\"checkbox\" name=\"past\"");
    if filters.show_past {
        out.push_str(" checked");
    }
    out.push('>');
    html::text(&mut out, t.show_past);
    out.push_str("</label>");
    out
}

fn chip_html(t: &Texts, kind: Kind, pressed: bool) -> String {
    let mut out = String::new();
    let name = kind.as_str();
    out.push_str("<button type=\"button\"");
    html::attribute(&mut out, "class", &format!("st-chip st-kind-{name}"));
    html::attribute(&mut out, "data-kind", name);
    html::attribute(&mut out, "aria-pressed", if pressed { "true" } else { "false" });
    out.push('>');
    html::text(&mut out, t.kind(kind));
    out.push_str("</button>");
    out
}

fn option_html(value: &str, label: &str, selected: bool) -> String {
    let mut out = String::from("<option");
    html::attribute(&mut out, "value", value);
    if selected {
        out.push_str(" selected");
    }
    out.push('>');
    html::text(&mut out, label);
    out.push_str("</option>");
    out
}

/// Brings the controls in `bar` in step with `choices` and `filters`, touching only what differs.
fn follow(bar: &HtmlElement, t: &Texts, choices: &Choices, filters: &Filters) {
    let Some(document) = bar.owner_document() else { return };
    let find = |selector: &str| bar.query_selector(selector).ok().flatten();
    if let Some(search) = find("input[type=search]").and_then(|e| e.dyn_into::<HtmlInputElement>().ok()) {
        if search.value() != filters.query {
            search.set_value(&filters.query);
        }
    }
    if let Some(chips) = find(".st-chips") {
        let mut have = elements_by(&chips, ":scope > [data-kind]", "data-kind");
        let wanted: Vec<(String, HtmlElement)> = choices
            .kinds
            .iter()
            .filter_map(|kind| {
                let name = kind.as_str();
                let chip = have.remove(name).or_else(|| create(&document, "div", &chip_html(t, *kind, false)))?;
                let pressed = if filters.kinds.contains(kind) { "true" } else { "false" };
                if chip.get_attribute("aria-pressed").as_deref() != Some(pressed) {
                    let _ = chip.set_attribute("aria-pressed", pressed);
                }
                Some((name.to_owned(), chip))
            })
            .collect();
        arrange(&chips, chips.first_element_child(), &wanted, "data-kind");
    }
    let tags: Vec<(String, String)> = choices.tags.iter().map(|tag| (tag.clone(), tag.clone())).collect();
    if let Some(select) = find("select[name=tag]") {
        if let Some(label) = select.parent_element().and_then(|l| l.dyn_into::<HtmlElement>().ok()) {
            if label.hidden() != tags.is_empty() {
                label.set_hidden(tags.is_empty());
            }
        }
        choose(&document, &select, &tags, filters.tag.as_deref().unwrap_or_default());
    }
    if let Some(select) = find("select[name=place]") {
        choose(&document, &select, &choices.places(t), &place_value(&filters.place));
    }
    if let Some(past) = find("input[name=past]").and_then(|e| e.dyn_into::<HtmlInputElement>().ok()) {
        if past.checked() != filters.show_past {
            past.set_checked(filters.show_past);
        }
    }
}

/// Gives `select` its first option and then `options` (value, label), keeping those it has,
/// and selects `chosen`.
fn choose(document: &web_sys::Document, select: &Element, options: &[(String, String)], chosen: &str) {
    let mut have = elements_by(select, ":scope > option", "value");
    let first = select.first_element_child();
    let wanted: Vec<(String, HtmlElement)> = options
        .iter()
        .filter(|(value, _)| !value.is_empty())
        .filter_map(|(value, label)| {
            let option =
                have.remove(value).or_else(|| create(document, "select", &option_html(value, label, false)))?;
            // A kept option shows the label as the feed now writes it.
            if option.text_content().as_deref() != Some(label.as_str()) {
                option.set_text_content(Some(label));
            }
            Some((value.clone(), option))
        })
        .collect();
    let after_first = first.as_ref().and_then(Element::next_element_sibling);
    arrange(select, after_first, &wanted, "value");
    if let Some(select) = select.dyn_ref::<HtmlSelectElement>() {
        if select.value() != chosen {
            select.set_value(chosen);
        }
        // A filter set by the board's attributes may name no option: then the first one shows.
        if select.selected_index() < 0 {
            select.set_selected_index(0);
        }
    }
}

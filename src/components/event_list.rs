use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

use crate::components::event_card::EventCard;
use crate::config::BoardConfig;
use crate::format::{day_label, month_label};
use crate::i18n::texts;
use crate::listing::Listed;

/// A day and the indices of its events.
type Day = (NaiveDate, Vec<usize>);

/// Indices of events by month (its first day), then by day, in start order.
fn group(listed: &[Listed]) -> Vec<(NaiveDate, Vec<Day>)> {
    let mut months: Vec<(NaiveDate, Vec<Day>)> = Vec::new();
    for (index, item) in listed.iter().enumerate() {
        let month = item.day.with_day(1).unwrap_or(item.day);
        if months.last().is_none_or(|(m, _)| *m != month) {
            months.push((month, Vec::new()));
        }
        let days = &mut months.last_mut().expect("just pushed").1;
        if days.last().is_none_or(|(d, _)| *d != item.day) {
            days.push((item.day, Vec::new()));
        }
        days.last_mut().expect("just pushed").1.push(index);
    }
    months
}

/// The events grouped by month and day. Every card is built once; filters only hide and show
/// them, so typing in the search box does not rebuild the list.
#[component]
pub fn EventList(
    /// Every event the board may show.
    listed: Arc<Vec<Listed>>,
    /// Indices of the events the filters let through, in order.
    matched: Memo<Vec<usize>>,
) -> impl IntoView {
    let config = expect_context::<BoardConfig>();
    let lang = config.lang;
    let t = texts(lang);
    let limit = config.limit.unwrap_or(usize::MAX);
    let show_all = RwSignal::new(false);
    let count = listed.len();
    // One flag per event, by index: read by thousands of cards on every keystroke.
    let shown = Memo::new(move |_| {
        let take = if show_all.get() { usize::MAX } else { limit };
        let mut flags = vec![false; count];
        matched.with(|m| m.iter().take(take).for_each(|&index| flags[index] = true));
        flags
    });
    let hidden_by_limit = move || if show_all.get() { 0 } else { matched.with(Vec::len).saturating_sub(limit) };

    let groups = group(&listed);
    let day_indices: Vec<Vec<usize>> =
        groups.iter().flat_map(|(_, days)| days.iter().map(|(_, i)| i.clone())).collect();
    let month_indices: Vec<Vec<usize>> =
        groups.iter().map(|(_, days)| days.iter().flat_map(|(_, i)| i.iter().copied()).collect()).collect();
    let initial = shown.get_untracked();
    let any_in = |flags: &[bool], indices: &[usize]| indices.iter().any(|&i| flags[i]);

    let months = groups.into_iter().map(|(month, days)| {
        let month_hidden = !days.iter().any(|(_, indices)| any_in(&initial, indices));
        let days = days.into_iter().map(|(day, indices)| {
            let day_hidden = !any_in(&initial, &indices);
            let cards = indices.iter().map(|&index| {
                let event = listed[index].event.clone();
                view! { <li hidden=!initial[index]><EventCard event/></li> }
            });
            view! {
                <div class="st-day" hidden=day_hidden>
                    <h4 class="st-day-title">{day_label(day, lang)}</h4>
                    <ul class="st-list">{cards.collect_view()}</ul>
                </div>
            }
        });
        view! {
            <section class="st-month" hidden=month_hidden>
                <h3 class="st-month-title">{month_label(month, lang)}</h3>
                {days.collect_view()}
            </section>
        }
    });

    // One effect for the whole list instead of one per card, day and month: a keystroke over
    // thousands of events touches only the elements whose visibility changes. Cards, days and
    // months are in the DOM in index order, so the n-th `li` is event n.
    let list_ref = NodeRef::<Div>::new();
    let rendered = initial.clone();
    Effect::new(move |before: Option<Vec<bool>>| {
        let now = shown.get();
        let before = before.unwrap_or_else(|| rendered.clone());
        if let Some(list) = list_ref.get_untracked() {
            let set = |selector: &str, changed: &dyn Fn(usize) -> Option<bool>| {
                let Ok(nodes) = list.query_selector_all(selector) else { return };
                for n in 0..nodes.length() {
                    if let Some(visible) = changed(n as usize) {
                        if let Some(element) = nodes.item(n).and_then(|node| node.dyn_into::<HtmlElement>().ok()) {
                            element.set_hidden(!visible);
                        }
                    }
                }
            };
            let changed = |indices: &[usize]| {
                let (was, is) = (any_in(&before, indices), any_in(&now, indices));
                (was != is).then_some(is)
            };
            set(":scope .st-list > li", &|n| (before.get(n) != now.get(n)).then(|| now.get(n) == Some(&true)));
            set(":scope .st-day", &|n| day_indices.get(n).and_then(|indices| changed(indices)));
            set(":scope .st-month", &|n| month_indices.get(n).and_then(|indices| changed(indices)));
        }
        now
    });

    view! {
        <div class="st-events" aria-label=t.events_label role="region" node_ref=list_ref>{months.collect_view()}</div>
        <Show when=move || { hidden_by_limit() > 0 }>
            <button type="button" class="st-button st-more" on:click=move |_| show_all.set(true)>
                {move || (t.show_more)(hidden_by_limit())}
            </button>
        </Show>
    }
}

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate};
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

use crate::board_events::BoardEvents;
use crate::components::event_card::EventCard;
use crate::config::BoardConfig;
use crate::format::{day_label, month_label};
use crate::i18n::texts;
use crate::listing::Listing;

/// Event ids by month (its first day), then by day, in start order.
type Groups = BTreeMap<NaiveDate, BTreeMap<NaiveDate, Vec<String>>>;

fn group(listing: &Listing) -> Groups {
    let mut months = Groups::new();
    for item in listing.iter() {
        let month = item.day.with_day(1).unwrap_or(item.day);
        months.entry(month).or_default().entry(item.day).or_default().push(item.event.id.clone());
    }
    months
}

/// What is shown: events, days and months that hold one.
#[derive(Clone, Debug, Default, PartialEq)]
struct Visible {
    events: Vec<bool>,
    days: HashMap<NaiveDate, bool>,
    months: HashMap<NaiveDate, bool>,
}

/// The elements that a filter shows and hides, found once per change of the listing.
#[derive(Default)]
struct Elements {
    events: HashMap<String, HtmlElement>,
    days: HashMap<NaiveDate, HtmlElement>,
    months: HashMap<NaiveDate, HtmlElement>,
}

impl Elements {
    fn find(list: &web_sys::Element) -> Self {
        let all = |selector: &str, attribute: &str| {
            let mut found = Vec::new();
            if let Ok(nodes) = list.query_selector_all(selector) {
                for n in 0..nodes.length() {
                    if let Some(element) = nodes.item(n).and_then(|node| node.dyn_into::<HtmlElement>().ok()) {
                        if let Some(key) = element.get_attribute(attribute) {
                            found.push((key, element));
                        }
                    }
                }
            }
            found
        };
        let dated = |pairs: Vec<(String, HtmlElement)>| {
            pairs.into_iter().filter_map(|(key, element)| Some((key.parse().ok()?, element))).collect()
        };
        Elements {
            events: all(":scope .st-list > li", "data-event").into_iter().collect(),
            days: dated(all(":scope .st-day", "data-day")),
            months: dated(all(":scope .st-month", "data-month")),
        }
    }
}

/// The events grouped by month and day. Each card is built once and keyed by its event's id:
/// filters only hide and show cards, and a changed feed adds, changes and removes only the
/// cards whose events changed.
#[component]
pub fn EventList(
    /// Indices of the events the filters let through, in order.
    matched: Memo<Vec<usize>>,
) -> impl IntoView {
    let config = expect_context::<BoardConfig>();
    let board = expect_context::<BoardEvents>();
    let listing = board.listing;
    let lang = config.lang;
    let t = texts(lang);
    let limit = config.limit.unwrap_or(usize::MAX);
    let show_all = RwSignal::new(false);
    let groups = Memo::new(move |_| listing.with(|l| group(l)));
    let visible = Memo::new(move |_| {
        let take = if show_all.get() { usize::MAX } else { limit };
        listing.with(|listing| {
            let mut events = vec![false; listing.len()];
            matched.with(|m| m.iter().take(take).for_each(|&index| events[index] = true));
            let mut visible = Visible { events, ..Visible::default() };
            groups.with(|groups| {
                for (month, days) in groups {
                    let mut any_in_month = false;
                    for (day, ids) in days {
                        let any = ids.iter().any(|id| listing.position(id).is_some_and(|at| visible.events[at]));
                        visible.days.insert(*day, any);
                        any_in_month |= any;
                    }
                    visible.months.insert(*month, any_in_month);
                }
            });
            visible
        })
    });
    let hidden_by_limit = move || if show_all.get() { 0 } else { matched.with(Vec::len).saturating_sub(limit) };
    let is_shown = move |id: &str| {
        visible.with_untracked(|v| listing.with_untracked(|l| l.position(id).is_some_and(|at| v.events[at])))
    };
    let day_shown = move |day: NaiveDate| visible.with_untracked(|v| v.days.get(&day) == Some(&true));
    let month_shown = move |month: NaiveDate| visible.with_untracked(|v| v.months.get(&month) == Some(&true));

    let cards = move |month: NaiveDate, day: NaiveDate| {
        move || groups.with(|g| g.get(&month).and_then(|days| days.get(&day)).cloned().unwrap_or_default())
    };
    let days = move |month: NaiveDate| {
        move || groups.with(|g| g.get(&month).map(|days| days.keys().copied().collect::<Vec<_>>()).unwrap_or_default())
    };
    let months = move || groups.with(|g| g.keys().copied().collect::<Vec<_>>());
    let card = move |id: String| {
        let found = listing.with_untracked(|l| l.find(&id).map(|item| (item.event.clone(), item.gone)));
        found
            .map(|(event, gone)| view! { <li data-event=id.clone() hidden=!is_shown(&id)><EventCard event gone/></li> })
    };
    let day = move |month: NaiveDate, day: NaiveDate| {
        view! {
            <div class="st-day" data-day=day.to_string() hidden=!day_shown(day)>
                <h4 class="st-day-title">{day_label(day, lang)}</h4>
                <ul class="st-list"><For each=cards(month, day) key=|id| id.clone() children=card/></ul>
            </div>
        }
    };
    let month = move |month: NaiveDate| {
        view! {
            <section class="st-month" data-month=month.to_string() hidden=!month_shown(month)>
                <h3 class="st-month-title">{month_label(month, lang)}</h3>
                <For each=days(month) key=|day| *day children=move |d| day(month, d)/>
            </section>
        }
    };

    // One effect for the whole list instead of one per card, day and month: a keystroke over
    // thousands of events touches only the elements whose visibility changes. Elements built
    // after a change of the listing got their state when built; the rest are found again once
    // the new cards are in the page.
    let list_ref = NodeRef::<Div>::new();
    let elements = StoredValue::new_local(None::<Elements>);
    let applied = StoredValue::new(None::<(u64, Visible)>);
    Effect::new(move |_| {
        let now = visible.get();
        let version = listing.with(|l| l.version);
        let Some(list) = list_ref.get_untracked() else { return };
        let before = applied.get_value();
        applied.set_value(Some((version, now.clone())));
        match before {
            // First run: every element was built as it should be.
            None => {}
            Some((built, before)) if built == version => {
                elements.update_value(|found| {
                    let found = found.get_or_insert_with(|| Elements::find(&list));
                    listing.with_untracked(|l| apply(found, l, Some(&before), &now));
                });
            }
            // A changed feed: let the new cards be placed, then look at the page once more.
            Some(_) => request_animation_frame(move || {
                let Some(list) = list_ref.try_get_untracked().flatten() else { return };
                let found = Elements::find(&list);
                let Some(Some((_, now))) = applied.try_get_value() else { return };
                listing.with_untracked(|l| apply(&found, l, None, &now));
                elements.set_value(Some(found));
            }),
        }
    });

    view! {
        <div class="st-events" aria-label=t.events_label role="region" node_ref=list_ref>
            <For each=months key=|month| *month children=month/>
        </div>
        <Show when=move || { hidden_by_limit() > 0 }>
            <button type="button" class="st-button st-more" on:click=move |_| show_all.set(true)>
                {move || (t.show_more)(hidden_by_limit())}
            </button>
        </Show>
    }
}

/// Sets `hidden` where `now` differs from `before` (everywhere when there is no `before`).
fn apply(found: &Elements, listing: &Listing, before: Option<&Visible>, now: &Visible) {
    for (at, item) in listing.iter().enumerate() {
        let is = now.events.get(at) == Some(&true);
        if before.is_none_or(|b| b.events.get(at) != Some(&is)) {
            if let Some(element) = found.events.get(&item.event.id) {
                element.set_hidden(!is);
            }
        }
    }
    let dated = |elements: &HashMap<NaiveDate, HtmlElement>,
                 was: Option<&HashMap<NaiveDate, bool>>,
                 is: &HashMap<NaiveDate, bool>| {
        for (key, &visible) in is {
            if was.is_none_or(|w| w.get(key) != Some(&visible)) {
                if let Some(element) = elements.get(key) {
                    element.set_hidden(!visible);
                }
            }
        }
    };
    dated(&found.days, before.map(|b| &b.days), &now.days);
    dated(&found.months, before.map(|b| &b.months), &now.months);
}

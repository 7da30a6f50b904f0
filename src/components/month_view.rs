use std::collections::BTreeMap;

use chrono::{Datelike, Days, Months, NaiveDate};
use leptos::html::Table;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;

use crate::board_events::BoardEvents;
use crate::card_list::{items_of_list, Cards, Items};
use crate::config::BoardConfig;
use crate::format::{full_day_label, month_label, today, weekday_names};
use crate::i18n::texts;

/// The Monday on or before `day`.
fn week_start(day: NaiveDate) -> NaiveDate {
    day - Days::new(u64::from(day.weekday().num_days_from_monday()))
}

/// Six weeks from the Monday before the 1st: every month fits, and the grid never jumps.
fn grid_days(month_day: NaiveDate) -> Vec<NaiveDate> {
    let first = week_start(month_day.with_day(1).unwrap_or(month_day));
    (0..42).map(|n| first + Days::new(n)).collect()
}

/// Where a key press moves the focused day, as in the WAI-ARIA date grid pattern.
fn moved(day: NaiveDate, key: &str) -> Option<NaiveDate> {
    match key {
        "ArrowLeft" => day.pred_opt(),
        "ArrowRight" => day.succ_opt(),
        "ArrowUp" => day.checked_sub_days(Days::new(7)),
        "ArrowDown" => day.checked_add_days(Days::new(7)),
        "Home" => Some(week_start(day)),
        "End" => Some(week_start(day) + Days::new(6)),
        "PageUp" => day.checked_sub_months(Months::new(1)),
        "PageDown" => day.checked_add_months(Months::new(1)),
        _ => None,
    }
}

/// A month grid with the days that have events marked, navigable by keyboard; the events of
/// the chosen day are listed below it.
#[component]
pub fn MonthView(
    /// Indices of the events the filters let through.
    matched: Memo<Vec<usize>>,
) -> impl IntoView {
    let config = expect_context::<BoardConfig>();
    let listing = expect_context::<BoardEvents>().listing;
    let lang = config.lang;
    let t = texts(lang);
    // Event ids by day: cards are keyed by id, so a changed feed keeps an open one.
    let by_day = Memo::new(move |_| {
        let mut days: BTreeMap<NaiveDate, Vec<String>> = BTreeMap::new();
        listing.with(|l| {
            matched.with(|m| m.iter().for_each(|&i| days.entry(l[i].day).or_default().push(l[i].event.id.clone())))
        });
        days
    });
    let today = today(config.viewer_zone.as_deref());
    let first_day = by_day.with_untracked(|d| d.range(today..).next().map(|(day, _)| *day)).unwrap_or(today);
    let focused = RwSignal::new(first_day);
    let grid = NodeRef::<Table>::new();

    let focus_day = move |day: NaiveDate| {
        focused.set(day);
        request_animation_frame(move || {
            let selector = format!("button[data-day='{day}']");
            // The board may be gone by the next frame.
            let found = grid.try_get_untracked().flatten().and_then(|g| g.query_selector(&selector).ok().flatten());
            if let Some(button) = found {
                let _ = button.unchecked_into::<web_sys::HtmlElement>().focus();
            }
        });
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if let Some(day) = moved(focused.get_untracked(), &ev.key()) {
            ev.prevent_default();
            focus_day(day);
        }
    };
    let shift_month = move |forward: bool| {
        let day = focused.get_untracked();
        let next =
            if forward { day.checked_add_months(Months::new(1)) } else { day.checked_sub_months(Months::new(1)) };
        if let Some(next) = next {
            focused.set(next);
        }
    };
    let weekdays = weekday_names(lang);

    let rows = move || {
        let month = focused.get().month();
        grid_days(focused.get())
            .chunks(7)
            .map(|week| {
                let cells = week.iter().map(|&day| {
                    let count = by_day.with(|d| d.get(&day).map_or(0, Vec::len));
                    let label = format!("{}, {}", full_day_label(day, lang), (t.events_on_day)(count));
                    let class = format!(
                        "st-day-cell{}{}",
                        if day.month() == month { "" } else { " st-outside" },
                        if count > 0 { " st-has-events" } else { "" }
                    );
                    view! {
                        <td>
                            <button type="button" class=class data-day=day.to_string() aria-label=label
                                tabindex=move || if focused.get() == day { "0" } else { "-1" }
                                aria-pressed=move || (focused.get() == day).to_string()
                                aria-current=(day == today).then_some("date")
                                on:click=move |_| focus_day(day)>
                                <span aria-hidden="true">{day.day()}</span>
                                {(count > 0).then(|| view! { <span class="st-dot" aria-hidden="true"></span> })}
                            </button>
                        </td>
                    }
                });
                view! { <tr>{cells.collect_view()}</tr> }
            })
            .collect_view()
    };
    let day_ids = move || by_day.with(|d| d.get(&focused.get()).cloned().unwrap_or_default());
    // The chosen day's cards, written as HTML and kept in step by id (`card_list`): a changed
    // feed keeps an open card.
    let cards = Cards::new(config.clone());
    let items = StoredValue::new_local(Items::new());
    let list = StoredValue::new_local(None::<Element>);
    let placer = cards.clone();
    Effect::new(move |ran: Option<()>| {
        let ids = day_ids();
        let Some(list) = list.get_value() else { return };
        if ran.is_some() {
            listing.with_untracked(|l| items.update_value(|items| placer.place(&list, items, l, &ids)));
        }
    });
    let day_html = move |cards: &Cards| {
        let mut html = String::new();
        listing.with_untracked(|l| {
            for id in day_ids() {
                cards.card(&mut html, l, &id, true);
            }
        });
        html
    };
    // A list made when the chosen day gets events after having none: its cards are built anew.
    let fill_day = move |element: Element, cards: Cards| {
        cards.forget_where(|_| true);
        element.set_inner_html(&untrack(|| day_html(&cards)));
        let found = items_of_list(&element);
        cards.attach(&found);
        items.set_value(found);
        list.set_value(Some(element));
    };
    let day_list = move || {
        let cards = cards.clone();
        // The server writes the day's cards into its first view; in the browser `fill_day` does.
        let server_html = cfg!(not(target_arch = "wasm32")).then(|| untrack(|| day_html(&cards)));
        view! { <ul class="st-list" inner_html=server_html use:fill_day=cards></ul> }
    };
    let day_events = move || {
        let day_list = day_list.clone();
        view! {
            <Show when=move || !day_ids().is_empty()
                fallback=move || view! { <p class="st-state st-day-empty">{t.nothing_on_day}</p> }>
                {day_list.clone()}
            </Show>
        }
    };

    view! {
        <div class="st-month-view">
            <div class="st-month-nav">
                <button type="button" class="st-button" aria-label=t.prev_month on:click=move |_| shift_month(false)>"‹"</button>
                <h3 class="st-month-title" aria-live="polite">{move || month_label(focused.get(), lang)}</h3>
                <button type="button" class="st-button" aria-label=t.next_month on:click=move |_| shift_month(true)>"›"</button>
            </div>
            <table class="st-grid" role="grid" aria-label=t.calendar_grid node_ref=grid on:keydown=on_key>
                <thead>
                    <tr>{weekdays.into_iter().map(|name| view! { <th scope="col">{name}</th> }).collect_view()}</tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            <h4 class="st-day-title">{move || full_day_label(focused.get(), lang)}</h4>
            {day_events}
        </div>
    }
}

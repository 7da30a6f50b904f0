use std::collections::HashSet;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;

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
    let shown = Memo::new(move |_| {
        let take = if show_all.get() { usize::MAX } else { limit };
        matched.with(|m| m.iter().take(take).copied().collect::<HashSet<usize>>())
    });
    let hidden_by_limit = move || if show_all.get() { 0 } else { matched.with(Vec::len).saturating_sub(limit) };
    let any_shown = move |indices: &[usize]| shown.with(|s| indices.iter().any(|i| s.contains(i)));

    let months = group(&listed).into_iter().map(|(month, days)| {
        let month_indices: Vec<usize> = days.iter().flat_map(|(_, i)| i.iter().copied()).collect();
        let days = days.into_iter().map(|(day, indices)| {
            let cards = indices.iter().map(|&index| {
                let event = listed[index].event.clone();
                view! { <li hidden=move || !shown.with(|s| s.contains(&index))><EventCard event/></li> }
            });
            let day_indices = indices.clone();
            view! {
                <div class="st-day" hidden=move || !any_shown(&day_indices)>
                    <h4 class="st-day-title">{day_label(day, lang)}</h4>
                    <ul class="st-list">{cards.collect_view()}</ul>
                </div>
            }
        });
        view! {
            <section class="st-month" hidden=move || !any_shown(&month_indices)>
                <h3 class="st-month-title">{month_label(month, lang)}</h3>
                {days.collect_view()}
            </section>
        }
    });

    view! {
        <div class="st-events" aria-label=t.events_label role="region">{months.collect_view()}</div>
        <Show when=move || { hidden_by_limit() > 0 }>
            <button type="button" class="st-button st-more" on:click=move |_| show_all.set(true)>
                {move || (t.show_more)(hidden_by_limit())}
            </button>
        </Show>
    }
}

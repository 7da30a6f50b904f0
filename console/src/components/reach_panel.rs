use leptos::prelude::*;
use stammtisch_model::{EventReach, ReachCounts, ReachDay};

use crate::calls::event_reach;
use crate::components::load_error::LoadError;
use crate::components::loading::Loading;
use crate::format::day;
use crate::i18n::{texts, Texts};
use crate::session::{current_lang, Session};

/// One count the chart shows: its key in the API, its text, and how it is read from a day.
type Measure = (&'static str, &'static str, fn(&ReachCounts) -> i64);

fn measures(t: &'static Texts) -> [Measure; 4] {
    [
        ("board_shown", t.reach_board_shown, |c| c.board_shown),
        ("details_opened", t.reach_details_opened, |c| c.details_opened),
        ("rsvp_started", t.reach_rsvp_started, |c| c.rsvp_started),
        ("rsvp_sent", t.reach_rsvp_sent, |c| c.rsvp_sent),
    ]
}

fn day_label(reach_day: &ReachDay) -> String {
    let noon = reach_day.date.and_hms_opt(12, 0, 0).unwrap_or_default().and_utc().fixed_offset();
    day(noon, current_lang())
}

/// Reichweite: how often the board was shown, this event's card opened, its form begun and
/// sent, per day over the last 30 days, counted without cookies.
#[component]
pub fn ReachPanel(
    /// The event whose reach is shown.
    event_id: String,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let t = texts(current_lang());
    let loaded = LocalResource::new(move || {
        let id = event_id.clone();
        async move { event_reach(session, &id).await }
    });
    let reload = Callback::new(move |()| loaded.refetch());
    view! {
        <section id="reach" class="reach" aria-labelledby="heading-reach">
            <h2 id="heading-reach">{t.reach_title}</h2>
            <p class="small">{t.reach_intro}</p>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match loaded.await {
                        Ok(reach) => view! { <ReachChart reach/> }.into_any(),
                        Err(error) => view! { <LoadError error retry=reload/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// One small bar chart per count, with its total, and the numbers per day as a table.
#[component]
fn ReachChart(
    /// The counts per day, oldest first.
    reach: EventReach,
) -> impl IntoView {
    let t = texts(current_lang());
    let days = reach.days.len();
    let rows = measures(t).map(|(key, label, read)| {
        let values: Vec<i64> = reach.days.iter().map(|d| read(&d.counts)).collect();
        let total = read(&reach.totals);
        let highest = values.iter().copied().max().unwrap_or(0).max(1);
        let bars = values.iter().enumerate().map(|(index, value)| {
            // 40 units high; a day with a count shows at least a sliver.
            let height = if *value == 0 { 0 } else { (value * 40 / highest).max(2) };
            view! { <rect x=(index * 4).to_string() y=(40 - height).to_string() width="3" height=height.to_string()/> }
        });
        view! {
            <div class="reach-row" data-reach=key>
                <span class="reach-label">{label}</span>
                <span class="reach-total" data-total=total.to_string()>{total}</span>
                <svg class="reach-bars" viewBox=format!("0 0 {} 40", days * 4) preserveAspectRatio="none"
                    role="img" aria-label=(t.reach_chart_label)(label, total, days)>
                    {bars.collect_view()}
                </svg>
            </div>
        }
    });
    let table_rows = reach.days.iter().rev().filter(|d| d.counts != ReachCounts::default()).map(|d| {
        let cells = measures(t).map(|(_, _, read)| view! { <td>{read(&d.counts)}</td> });
        view! { <tr><th scope="row">{day_label(d)}</th>{cells.collect_view()}</tr> }
    });
    let heads = measures(t).map(|(_, label, _)| view! { <th scope="col">{label}</th> });
    let nothing = reach.totals == ReachCounts::default();
    view! {
        <div class="reach-chart">{rows.collect_view()}</div>
        <p class="state state-empty" data-state="empty" hidden=!nothing>{t.reach_none}</p>
        <details class="reach-days" hidden=nothing>
            <summary>{t.reach_per_day}</summary>
            <div class="table-wrap">
                <table>
                    <caption class="visually-hidden">{t.reach_per_day}</caption>
                    <thead><tr><th scope="col">{t.reach_day}</th>{heads.collect_view()}</tr></thead>
                    <tbody>{table_rows.collect_view()}</tbody>
                </table>
            </div>
        </details>
    }
}

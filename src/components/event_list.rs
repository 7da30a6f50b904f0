//! The list view: events grouped by month and day, written as HTML.
//!
//! A board may list thousands of events. Built as Leptos elements, each card, day and month
//! cost its own calls into the browser and its own keyed-list state in the wasm; written as
//! HTML the browser parses dozens of cards in one call. Filters then only set `hidden`, and a
//! changed feed adds, moves and removes only the cards, days and months whose events changed
//! (`place`): an open card keeps its elements, what was typed in it, and the focus.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use stammtisch_model::rfc3339;
use web_sys::{Element, HtmlElement};

use crate::board_events::BoardEvents;
use crate::card_list::{arrange, create, elements_by, items_of, remove, Cards};
use crate::config::BoardConfig;
use crate::format::{day_label, month_label};
use crate::i18n::texts;
use crate::listing::{Listing, SharedListing};
use crate::markup::html::{attribute, element};

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

impl Visible {
    fn event(&self, listing: &Listing, id: &str) -> bool {
        listing.position(id).is_some_and(|at| self.events.get(at) == Some(&true))
    }
}

/// The list's elements by what they show, kept in step with the page.
#[derive(Default)]
struct Elements {
    events: HashMap<String, HtmlElement>,
    days: HashMap<NaiveDate, HtmlElement>,
    months: HashMap<NaiveDate, HtmlElement>,
}

impl Elements {
    /// Finds the elements of a list just written as HTML.
    fn find(list: &Element) -> Self {
        let dated = |selector: &str, attribute: &str| {
            let found = elements_by(list, selector, attribute).into_iter();
            found.filter_map(|(key, element)| Some((rfc3339::date(&key)?, element))).collect()
        };
        Elements {
            events: items_of(list),
            days: dated(":scope .st-day", "data-day"),
            months: dated(":scope .st-month", "data-month"),
        }
    }
}

/// Where a piece of the list's HTML goes: at the end of the list, or into the month written last.
enum Target {
    List,
    Month,
}

/// Writes the list's months and days around the cards.
#[derive(Clone)]
struct Writer {
    cards: Cards,
}

impl Writer {
    /// Appends a day: its title and its cards, or an empty list for them without `ids`.
    fn day(&self, out: &mut String, listing: &Listing, visible: &Visible, day: NaiveDate, ids: Option<&[String]>) {
        out.push_str("<div class=\"st-day\"");
        attribute(out, "data-day", &day.to_string());
        out.push_str(if visible.days.get(&day) == Some(&true) { ">" } else { " hidden>" });
        element(out, "h4", "st-day-title", &day_label(day, self.cards.config.lang));
        out.push_str("<ul class=\"st-list\">");
        for id in ids.unwrap_or_default() {
            self.cards.card(out, listing, id, visible.event(listing, id));
        }
        out.push_str("</ul></div>");
    }

    /// Appends a month's section with its title, but without its days.
    fn month_open(&self, out: &mut String, visible: &Visible, month: NaiveDate) {
        out.push_str("<section class=\"st-month\"");
        attribute(out, "data-month", &month.to_string());
        out.push_str(if visible.months.get(&month) == Some(&true) { ">" } else { " hidden>" });
        element(out, "h3", "st-month-title", &month_label(month, self.cards.config.lang));
    }

    /// Writes the whole list as HTML in pieces of at least `piece` bytes, each ending after a
    /// day, and hands each to `put` with where it goes. A piece that cuts a month closes it;
    /// the month's next days go into its section (`Target::Month`).
    fn pieces(
        &self,
        listing: &Listing,
        groups: &Groups,
        visible: &Visible,
        piece: usize,
        mut put: impl FnMut(&str, Target),
    ) {
        let mut out = String::new();
        for (month, days) in groups {
            self.month_open(&mut out, visible, *month);
            // Whether the month's section is out already.
            let mut cut = false;
            for (day, ids) in days {
                self.day(&mut out, listing, visible, *day, Some(ids));
                if out.len() >= piece {
                    if !cut {
                        out.push_str("</section>");
                    }
                    put(&out, if cut { Target::Month } else { Target::List });
                    cut = true;
                    out.clear();
                }
            }
            match cut {
                true if !out.is_empty() => {
                    put(&out, Target::Month);
                    out.clear();
                }
                true => {}
                false => out.push_str("</section>"),
            }
        }
        if !out.is_empty() {
            put(&out, Target::List);
        }
    }

    /// The whole list as one string, for the server's first view.
    fn list(&self, listing: &Listing, groups: &Groups, visible: &Visible) -> String {
        let mut whole = String::new();
        self.pieces(listing, groups, visible, usize::MAX, |piece, _| whole.push_str(piece));
        whole
    }

    /// Writes the whole list into `list` in pieces of some dozens of cards: the HTML of
    /// thousands of cards at once would stay in the wasm's memory, which never shrinks.
    fn write(&self, list: &Element, listing: &Listing, groups: &Groups, visible: &Visible) {
        self.pieces(listing, groups, visible, 48 * 1024, |piece, into| {
            // Months go in in order: the month being written is the list's last element.
            let target = match into {
                Target::List => Some(list.clone()),
                Target::Month => list.last_element_child(),
            };
            if let Some(target) = target {
                let _ = target.insert_adjacent_html("beforeend", piece);
            }
        });
    }

    /// Brings the list in the page in step with a changed listing: elements whose events are
    /// still there stay (moved only where their order changed), new ones are built from HTML,
    /// and the rest are removed. Elements that stay in place are not touched, so an open card
    /// keeps the focus.
    fn place(&self, list: &Element, found: &mut Elements, listing: &Listing, groups: &Groups, visible: &Visible) {
        let Some(document) = list.owner_document() else { return };
        // Removed first, so that what stays need not move past them.
        found.events.retain(|id, item| listing.find(id).is_some() || !remove(item));
        found.days.retain(|day, item| {
            groups.get(&day.with_day(1).unwrap_or(*day)).is_some_and(|days| days.contains_key(day)) || !remove(item)
        });
        found.months.retain(|month, item| groups.contains_key(month) || !remove(item));
        self.cards.forget_where(|id| listing.find(id).is_none());

        let mut months = Vec::new();
        for (month, days) in groups {
            let made = found_or_made(&mut found.months, *month, &document, |html| {
                self.month_open(html, visible, *month);
                html.push_str("</section>");
            });
            let Some(section) = made else { continue };
            let mut day_elements = Vec::new();
            for (day, ids) in days {
                let made = found_or_made(&mut found.days, *day, &document, |html| {
                    self.day(html, listing, visible, *day, None);
                });
                let Some(day_element) = made else { continue };
                let Some(list_of_day) = day_element.last_element_child() else { continue };
                let mut items = Vec::new();
                for id in ids {
                    let item = match found.events.get(id) {
                        Some(item) => Some(item.clone()),
                        None => self.cards.item(&document, listing, id, visible.event(listing, id)),
                    };
                    if let Some(item) = item {
                        found.events.insert(id.clone(), item.clone());
                        items.push((id.clone(), item));
                    }
                }
                arrange(&list_of_day, list_of_day.first_element_child(), &items, "data-event");
                day_elements.push((day.to_string(), day_element));
            }
            let title = section.first_element_child();
            arrange(&section, title.and_then(|t| t.next_element_sibling()), &day_elements, "data-day");
            months.push((month.to_string(), section));
        }
        arrange(list, list.first_element_child(), &months, "data-month");
        apply(found, listing, None, visible);
    }
}

/// The element of `key` in `found`, or one made from the HTML `write` writes, and kept there.
fn found_or_made(
    found: &mut HashMap<NaiveDate, HtmlElement>,
    key: NaiveDate,
    document: &web_sys::Document,
    write: impl FnOnce(&mut String),
) -> Option<HtmlElement> {
    if let Some(element) = found.get(&key) {
        return Some(element.clone());
    }
    let mut html = String::new();
    write(&mut html);
    let made = create(document, "div", &html)?;
    found.insert(key, made.clone());
    Some(made)
}

/// What the list is written from when its element is built, and where it keeps its elements.
#[derive(Clone)]
struct Fill {
    writer: Writer,
    listing: RwSignal<SharedListing>,
    groups: Memo<Groups>,
    visible: Memo<Visible>,
    list: StoredValue<Option<Element>, LocalStorage>,
    elements: StoredValue<Option<Elements>, LocalStorage>,
    applied: StoredValue<Option<(u64, Visible)>>,
}

/// Writes the list into its element when it is built, and finds the elements it will change.
/// Leptos may run this again on the same element when it rebuilds the view: what was written
/// before goes first.
fn fill(list: Element, fill: Fill) {
    fill.list.set_value(Some(list.clone()));
    let Fill { writer, listing, groups, visible, applied, .. } = &fill;
    list.set_inner_html("");
    let found = listing.with_untracked(|l| {
        groups.with_untracked(|g| {
            visible.with_untracked(|v| {
                writer.write(&list, l, g, v);
                // What the list shows now, for the effect to change from.
                applied.set_value(Some((l.version, v.clone())));
                Elements::find(&list)
            })
        })
    });
    writer.cards.attach(&found.events);
    fill.elements.set_value(Some(found));
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
    let t = texts(config.lang);
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
                        let any = ids.iter().any(|id| visible.event(listing, id));
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

    let writer = Writer { cards: Cards::new(config.clone()) };
    // The server writes the whole list into its first view; in the browser `fill` does.
    let server_html = cfg!(not(target_arch = "wasm32")).then(|| {
        listing.with_untracked(|l| groups.with_untracked(|g| visible.with_untracked(|v| writer.list(l, g, v))))
    });

    // One effect for the whole list: a keystroke over thousands of events touches only the
    // elements whose visibility changes, and a changed feed places only what changed.
    let elements = StoredValue::new_local(None::<Elements>);
    let list_element = StoredValue::new_local(None::<Element>);
    let applied = StoredValue::new(None::<(u64, Visible)>);
    let placer = writer.clone();
    Effect::new(move |_| {
        let now = visible.get();
        let version = listing.with(|l| l.version);
        let before = applied.get_value();
        applied.set_value(Some((version, now.clone())));
        let Some(list) = list_element.get_value() else { return };
        match before {
            // First run: every element was built as it should be.
            None => {}
            Some((built, before)) if built == version => elements.update_value(|found| {
                if let Some(found) = found {
                    listing.with_untracked(|l| apply(found, l, Some(&before), &now));
                }
            }),
            Some(_) => elements.update_value(|found| {
                let found = found.get_or_insert_with(Elements::default);
                listing.with_untracked(|l| groups.with_untracked(|g| placer.place(&list, found, l, g, &now)));
            }),
        }
    });
    let filling = Fill { writer, listing, groups, visible, list: list_element, elements, applied };

    view! {
        <div class="st-events" aria-label=t.events_label role="region" inner_html=server_html
            use:fill=filling>
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

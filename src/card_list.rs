//! Cards written as HTML into lists, and kept in step with the listing by event id.
//!
//! The list view and the month view's day both hold their cards this way: the browser parses
//! many cards in one call, no Leptos view or keyed list is kept per card, and a changed listing
//! adds, moves and removes only the cards whose events changed. An element that stays in place
//! is not touched, so an open card keeps what was typed in it and the focus.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

use crate::card_book::CardBook;
use crate::components::event_card::{article_html, new_card};
use crate::config::BoardConfig;
use crate::listing::{Listing, SeriesDays};
use crate::markup::html::attribute;

/// `<li>` elements of cards by event id.
pub type Items = HashMap<String, HtmlElement>;

/// What building cards needs from the board, and the cards built: their keys in the board's
/// book by event id. Made in the component that owns the cards: opened panels are built in
/// its owner.
#[derive(Clone)]
pub struct Cards {
    book: CardBook,
    owner: Option<Owner>,
    pub config: BoardConfig,
    series_days: Option<Memo<SeriesDays>>,
    keys: Arc<Mutex<HashMap<String, u64>>>,
}

impl Cards {
    /// Cards for the calling component; they leave the book when it goes.
    pub fn new(config: BoardConfig) -> Self {
        let cards = Cards {
            book: expect_context::<CardBook>(),
            owner: Owner::current(),
            config,
            series_days: use_context::<Memo<SeriesDays>>(),
            keys: Arc::default(),
        };
        let built = cards.clone();
        on_cleanup(move || built.forget_where(|_| true));
        cards
    }

    /// Puts a card for `id` in the book and appends its `<li>`, hidden unless `shown`; returns
    /// the card's key.
    pub fn card(&self, out: &mut String, listing: &Listing, id: &str, shown: bool) -> Option<u64> {
        let item = listing.find(id)?;
        let days = self.series_days.and_then(|memo| memo.try_get_untracked());
        let (key, inner) =
            new_card(self.book, self.owner.clone(), item.event.clone(), item.gone, &self.config, days.as_ref());
        if let Some(old) = self.keys.lock().ok().and_then(|mut keys| keys.insert(id.to_owned(), key)) {
            self.book.unregister(old);
        }
        out.push_str("<li");
        attribute(out, "data-event", id);
        out.push_str(if shown { ">" } else { " hidden>" });
        article_html(out, id, item.gone, &inner);
        out.push_str("</li>");
        Some(key)
    }

    /// A new `<li>` for `id`, its card in the book and given its element.
    pub fn item(&self, document: &web_sys::Document, listing: &Listing, id: &str, shown: bool) -> Option<HtmlElement> {
        let mut html = String::new();
        let key = self.card(&mut html, listing, id, shown)?;
        let item = create(document, "ul", &html)?;
        self.book.with(key, |card| card.element = item.first_element_child());
        Some(item)
    }

    /// Gives the cards of `items`, just written as HTML, their elements.
    pub fn attach(&self, items: &Items) {
        let Ok(keys) = self.keys.lock() else { return };
        for (id, item) in items {
            if let Some(key) = keys.get(id) {
                self.book.with(*key, |card| card.element = item.first_element_child());
            }
        }
    }

    /// Takes the cards whose ids `leave` out of the book.
    pub fn forget_where(&self, leave: impl Fn(&str) -> bool) {
        let gone: Vec<u64> = match self.keys.lock() {
            Ok(mut keys) => {
                let leaving: Vec<String> = keys.keys().filter(|id| leave(id)).cloned().collect();
                leaving.iter().filter_map(|id| keys.remove(id)).collect()
            }
            Err(_) => return,
        };
        for key in gone {
            self.book.unregister(key);
        }
    }

    /// Brings the cards in `list` in step with `ids`: cards that stay keep their elements, new
    /// ones are built, the rest are removed.
    pub fn place(&self, list: &Element, items: &mut Items, listing: &Listing, ids: &[String]) {
        let Some(document) = list.owner_document() else { return };
        items.retain(|id, item| ids.contains(id) || !remove(item));
        self.forget_where(|id| !ids.iter().any(|kept| kept == id));
        let mut wanted = Vec::new();
        for id in ids {
            let item = match items.get(id) {
                Some(item) => Some(item.clone()),
                None => self.item(&document, listing, id, true),
            };
            if let Some(item) = item {
                items.insert(id.clone(), item.clone());
                wanted.push((id.clone(), item));
            }
        }
        arrange(list, list.first_element_child(), &wanted, "data-event");
    }
}

/// The cards' `<li>` elements in the lists inside `element`, by event id.
pub fn items_of(element: &Element) -> Items {
    elements_by(element, ":scope .st-list > li", "data-event")
}

/// The cards' `<li>` elements of `list`, itself a list of cards.
pub fn items_of_list(list: &Element) -> Items {
    elements_by(list, ":scope > li", "data-event")
}

/// The elements in `element` that match `selector`, by the value of their `attribute`.
pub fn elements_by(element: &Element, selector: &str, attribute: &str) -> HashMap<String, HtmlElement> {
    let mut found = HashMap::new();
    if let Ok(nodes) = element.query_selector_all(selector) {
        for n in 0..nodes.length() {
            if let Some(item) = nodes.item(n).and_then(|node| node.dyn_into::<HtmlElement>().ok()) {
                if let Some(key) = item.get_attribute(attribute) {
                    found.insert(key, item);
                }
            }
        }
    }
    found
}

/// The element `html` makes, parsed inside a `holder` element (`ul` for an `li`).
pub fn create(document: &web_sys::Document, holder: &str, html: &str) -> Option<HtmlElement> {
    let holder = document.create_element(holder).ok()?;
    holder.set_inner_html(html);
    holder.first_element_child()?.dyn_into().ok()
}

/// Removes `element` from the page; always true, for `retain`.
pub fn remove(element: &HtmlElement) -> bool {
    element.remove();
    true
}

/// Puts `wanted` (each with its `key` attribute's value) into `parent` in this order, from
/// `from` on, and removes every other element from there. Of the wanted elements already
/// there, the longest run already in order stays untouched; only the others are moved or
/// inserted. A moved element loses the focus, so an open card that is not itself moved keeps it.
pub fn arrange(parent: &Element, from: Option<Element>, wanted: &[(String, HtmlElement)], key: &str) {
    let index: HashMap<&str, usize> = wanted.iter().enumerate().map(|(at, (name, _))| (name.as_str(), at)).collect();
    // The wanted elements already in place, as positions in `wanted`, in page order.
    let mut present = Vec::new();
    let mut cursor = from;
    while let Some(element) = cursor {
        cursor = element.next_element_sibling();
        let at = element.get_attribute(key).and_then(|name| index.get(name.as_str()).copied());
        match at {
            Some(at) if AsRef::<Element>::as_ref(&wanted[at].1) == &element => present.push(at),
            _ => element.remove(),
        }
    }
    let mut stays = vec![false; wanted.len()];
    for at in longest_increasing(&present) {
        stays[at] = true;
    }
    // From the end: each element goes before the one after it.
    let mut next: Option<web_sys::Node> = None;
    for ((_, element), stays) in wanted.iter().zip(stays).rev() {
        if !stays {
            let _ = parent.insert_before(element, next.as_ref());
        }
        next = Some(element.clone().into());
    }
}

/// The longest increasing subsequence of `values` (distinct), as values.
fn longest_increasing(values: &[usize]) -> Vec<usize> {
    // `tails[k]`: where in `values` the smallest last value of an increasing run of k + 1 ends.
    let mut tails: Vec<usize> = Vec::new();
    let mut before = vec![usize::MAX; values.len()];
    for (at, value) in values.iter().enumerate() {
        let length = tails.partition_point(|&end| values[end] < *value);
        if length > 0 {
            before[at] = tails[length - 1];
        }
        if length == tails.len() {
            tails.push(at);
        } else {
            tails[length] = at;
        }
    }
    let mut run = Vec::new();
    let mut at = tails.last().copied().unwrap_or(usize::MAX);
    while at != usize::MAX {
        run.push(values[at]);
        at = before[at];
    }
    run.reverse();
    run
}

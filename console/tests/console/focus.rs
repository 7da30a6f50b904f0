//! Focus finds its way back after a list is built anew.

use stammtisch_console::refocus::{quoted, refocus};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

use crate::support::{document, sleep};

/// A fresh `<section>` in the test page with one row per id, each with a toggle button.
fn rows(ids: &[&str]) -> HtmlElement {
    let section: HtmlElement = document().create_element("section").unwrap().unchecked_into();
    section.set_inner_html(&table(ids));
    document().body().unwrap().append_child(&section).unwrap();
    section
}

fn table(ids: &[&str]) -> String {
    let rows: String = ids
        .iter()
        .map(|id| id.replace('"', "&quot;"))
        .map(|id| format!(r#"<tr data-event-id="{id}"><td data-status>{id}</td><td><button type="button" data-action="toggle-rsvp">Toggle</button></td></tr>"#))
        .collect();
    format!(r#"<h1 id="refocus-heading">Termine</h1><table><tbody>{rows}</tbody></table>"#)
}

fn active() -> Option<Element> {
    document().active_element()
}

async fn until_active(selector: &str) -> Element {
    for _ in 0..100 {
        if let (Some(now), Some(wanted)) = (active(), document().query_selector(selector).unwrap()) {
            if now == wanted {
                return now;
            }
        }
        sleep(20).await;
    }
    panic!("{selector} never got the focus; it is on {:?}", active().map(|a| a.outer_html()));
}

#[wasm_bindgen_test]
async fn focus_returns_to_the_same_control_of_the_rebuilt_row() {
    let section = rows(&["a-1", "b\"2"]);
    let selector = format!("tr[data-event-id={}] button[data-action=toggle-rsvp]", quoted("b\"2"));
    let old: HtmlElement = document().query_selector(&selector).unwrap().unwrap().unchecked_into();
    old.focus().unwrap();
    refocus(&[&selector, "#refocus-heading"]);
    // The old rows stay a while, then are replaced, as a reload does.
    sleep(150).await;
    assert_eq!(active().as_ref(), Some(old.as_ref()));
    section.set_inner_html(&table(&["a-1", "b\"2"]));
    let now = until_active(&selector).await;
    assert_ne!(&now, old.as_ref() as &Element, "the new button, not the old one");
    section.remove();
}

#[wasm_bindgen_test]
async fn focus_falls_back_when_the_row_is_gone() {
    let section = rows(&["a-1", "c-3"]);
    let selector = "tr[data-event-id=\"c-3\"] button[data-action=toggle-rsvp]";
    let status = "tr[data-event-id=\"c-3\"] [data-status]";
    let old: HtmlElement = document().query_selector(selector).unwrap().unwrap().unchecked_into();
    old.focus().unwrap();
    refocus(&[selector, status, "#refocus-heading"]);
    sleep(50).await;
    section.set_inner_html(&table(&["a-1"]));
    let heading = until_active("#refocus-heading").await;
    assert_eq!(heading.get_attribute("tabindex").as_deref(), Some("-1"), "made focusable");
    section.remove();

    // With the row still there but its button gone, its status cell takes the focus.
    let section = rows(&["c-3"]);
    let old: HtmlElement = document().query_selector(selector).unwrap().unwrap().unchecked_into();
    old.focus().unwrap();
    refocus(&[selector, status, "#refocus-heading"]);
    section.set_inner_html(&table(&["c-3"]).replace("<button", "<span").replace("</button>", "</span>"));
    until_active(status).await;
    section.remove();
}

#[wasm_bindgen_test]
async fn focus_someone_moved_meanwhile_stays_where_it_is() {
    let section = rows(&["d-4"]);
    let selector = "tr[data-event-id=\"d-4\"] button[data-action=toggle-rsvp]";
    let other: HtmlElement = document().create_element("button").unwrap().unchecked_into();
    document().body().unwrap().append_child(&other).unwrap();
    let old: HtmlElement = document().query_selector(selector).unwrap().unwrap().unchecked_into();
    old.focus().unwrap();
    refocus(&[selector]);
    other.focus().unwrap();
    section.set_inner_html(&table(&["d-4"]));
    sleep(200).await;
    assert_eq!(active().as_ref(), Some(other.as_ref()));
    other.remove();
    section.remove();
}

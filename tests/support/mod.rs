//! Mounting boards in the test page and waiting for what they render.

use stammtisch_board::{mount_board, BoardHandle};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, BlobPropertyBag, Element, HtmlElement, HtmlInputElement, ShadowRoot, ShadowRootInit, ShadowRootMode,
};

pub struct Mounted {
    pub host: HtmlElement,
    pub root: ShadowRoot,
    pub handle: BoardHandle,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.handle.unmount();
        self.host.remove();
    }
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A `blob:` URL serving `json`, standing in for a published feed.
pub fn feed_url(json: &str) -> String {
    let parts = js_sys::Array::of1(&json.into());
    let options = BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options).unwrap();
    web_sys::Url::create_object_url_with_blob(&blob).unwrap()
}

/// Mounts a board into a fresh element with the given attributes, the way embed.js does
/// (without the stylesheet, which embed.js fetches).
pub fn mount(attributes: &[(&str, &str)]) -> Mounted {
    let host: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    for (name, value) in attributes {
        host.set_attribute(name, value).unwrap();
    }
    document().body().unwrap().append_child(&host).unwrap();
    let init = ShadowRootInit::new(ShadowRootMode::Open);
    let root = host.attach_shadow(&init).unwrap();
    let container: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    container.set_class_name("st-root");
    root.append_child(&container).unwrap();
    let handle = mount_board(host.clone(), container, None).unwrap();
    Mounted { host, root, handle }
}

pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

impl Mounted {
    /// Waits up to five seconds for `selector` to match inside the board.
    pub async fn find(&self, selector: &str) -> Element {
        for _ in 0..250 {
            if let Some(found) = self.root.query_selector(selector).unwrap() {
                return found;
            }
            sleep(20).await;
        }
        panic!("nothing matched {selector}; the board shows: {}", self.root.inner_html());
    }

    /// The first match right now; panics when there is none.
    pub fn find_now(&self, selector: &str) -> Element {
        self.root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("nothing matched {selector}"))
    }

    pub fn all(&self, selector: &str) -> Vec<Element> {
        let list = self.root.query_selector_all(selector).unwrap();
        (0..list.length()).filter_map(|i| list.item(i)).filter_map(|n| n.dyn_into().ok()).collect()
    }

    /// Matches that are not inside a hidden part of the board.
    pub fn visible(&self, selector: &str) -> Vec<Element> {
        self.all(selector).into_iter().filter(|e| e.closest("[hidden]").ok().flatten().is_none()).collect()
    }

    /// What a person can read on the board, scrolled anywhere: its text without hidden parts.
    /// Not `innerText`: that leaves out days scrolled far off screen, whose rendering the
    /// board skips (`content-visibility: auto`).
    pub fn text(&self) -> String {
        fn collect(node: &web_sys::Node, out: &mut String) {
            if let Some(element) = node.dyn_ref::<Element>() {
                let tag = element.tag_name();
                if element.has_attribute("hidden") || tag == "SCRIPT" || tag == "STYLE" {
                    return;
                }
            }
            if node.node_type() == web_sys::Node::TEXT_NODE {
                out.push_str(&node.text_content().unwrap_or_default());
            }
            let children = node.child_nodes();
            for child in (0..children.length()).filter_map(|i| children.item(i)) {
                collect(&child, out);
                if child.node_type() == web_sys::Node::ELEMENT_NODE {
                    out.push('\n');
                }
            }
        }
        let mut out = String::new();
        collect(&self.root, &mut out);
        out
    }

    pub fn click(&self, element: &Element) {
        element.dyn_ref::<HtmlElement>().expect("clickable").click();
    }

    /// Types into an input the way a browser reports it.
    pub fn type_into(&self, selector: &str, value: &str) {
        let input: HtmlInputElement = self.root.query_selector(selector).unwrap().expect(selector).unchecked_into();
        input.set_value(value);
        report(&input, "input");
    }

    /// Picks `value` in a select the way a browser reports it.
    pub fn choose(&self, selector: &str, value: &str) {
        let select: web_sys::HtmlSelectElement =
            self.root.query_selector(selector).unwrap().expect(selector).unchecked_into();
        select.set_value(value);
        assert_eq!(select.value(), value, "{selector} offers {value}");
        report(&select, "change");
    }

    pub fn input_value(&self, selector: &str) -> String {
        self.root.query_selector(selector).unwrap().expect(selector).unchecked_into::<HtmlInputElement>().value()
    }
}

/// Tells the board that `control` changed, as a browser does: a bubbling event of `kind`.
fn report(control: &web_sys::EventTarget, kind: &str) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict(kind, &init).unwrap();
    control.dispatch_event(&event).unwrap();
}

/// One feed event; `extra` adds or overrides fields.
pub fn event_json(id: &str, title: &str, starts_at: &str, extra: serde_json::Value) -> serde_json::Value {
    let mut event = serde_json::json!({
        "id": id,
        "title": title,
        "kind": "meetup",
        "starts_at": starts_at,
        "time_zone": "Europe/Berlin",
        "location": {"name": "Café am Kröpcke", "city": "Hannover"},
        "organizer": {"name": "Systemhaus Nord GmbH"},
    });
    if let (Some(event), Some(extra)) = (event.as_object_mut(), extra.as_object()) {
        for (key, value) in extra {
            event.insert(key.clone(), value.clone());
        }
    }
    event
}

pub fn feed_json(events: Vec<serde_json::Value>) -> String {
    serde_json::json!({
        "version": 1,
        "board": {"title": "Partner-Community Nord", "time_zone": "Europe/Berlin"},
        "generated_at": "2026-11-29T10:00:00Z",
        "events": events,
    })
    .to_string()
}

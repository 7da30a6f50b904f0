//! A static part of a view, written as HTML and put in place with one call.
//!
//! A card's head (kind, title, time, place, links) never changes unless its event does, yet as
//! Leptos elements it costs some sixty calls into the browser and keeps every text and link in
//! the wasm to compare against later. `Markup` is parsed by the browser in one call and keeps
//! only the nodes it made and a hash of its HTML: at thousands of cards that is most of the
//! board's memory and time. The HTML must be escaped by whoever writes it (`html` below).

use std::hash::{DefaultHasher, Hash, Hasher};

use leptos::tachys::html::attribute::any_attribute::AnyAttribute;
use leptos::tachys::html::attribute::Attribute;
use leptos::tachys::hydration::Cursor;
use leptos::tachys::renderer::types::{Element, Node};
use leptos::tachys::view::add_attr::AddAnyAttr;
use leptos::tachys::view::{Mountable, Position, PositionState, Render, RenderHtml};
use wasm_bindgen::JsCast;
use web_sys::DocumentFragment;

/// Escaped HTML, shown as it is written.
pub struct Markup(String);

impl Markup {
    /// `html` must come from the writers in `html` below or escape like them.
    pub fn new(html: String) -> Self {
        Markup(html)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }

    fn hash(&self) -> u64 {
        let mut hasher = DefaultHasher::new();
        self.0.hash(&mut hasher);
        hasher.finish()
    }
}

thread_local! {
    static RANGE: web_sys::Range = {
        let document = web_sys::window().and_then(|w| w.document()).expect("a document");
        let range = document.create_range().expect("a range");
        if let Some(body) = document.body() {
            let _ = range.select_node_contents(&body);
        }
        range
    };
}

/// The browser's parse of `html`, as a fragment of its own.
fn parse(html: &str) -> DocumentFragment {
    let parsed = RANGE.with(|range| range.create_contextual_fragment(html).ok());
    parsed
        .unwrap_or_else(|| web_sys::window().and_then(|w| w.document()).expect("a document").create_document_fragment())
}

/// The nodes a `Markup` put in the page, and what it was made from.
pub struct MarkupState {
    /// Its top-level nodes in order; never empty (an empty text node stands in for nothing),
    /// so there is always a place to put the next version.
    nodes: js_sys::Array,
    /// Until first mounted: the fragment that holds them, inserted in one call.
    fresh: Option<DocumentFragment>,
    hash: u64,
}

impl MarkupState {
    fn of(html: &str, hash: u64) -> Self {
        let fragment = parse(html);
        if fragment.first_child().is_none() {
            let _ = fragment.append_child(&web_sys::Text::new().expect("a text node"));
        }
        let nodes = js_sys::Array::from(&fragment.child_nodes());
        MarkupState { nodes, fresh: Some(fragment), hash }
    }

    fn each(&self, mut f: impl FnMut(Node)) {
        for node in self.nodes.iter() {
            f(node.unchecked_into());
        }
    }

    fn first(&self) -> Node {
        self.nodes.get(0).unchecked_into()
    }
}

impl Render for Markup {
    type State = MarkupState;

    fn build(self) -> MarkupState {
        let hash = self.hash();
        MarkupState::of(&self.0, hash)
    }

    fn rebuild(self, state: &mut MarkupState) {
        let hash = self.hash();
        if hash == state.hash {
            return;
        }
        let mut next = MarkupState::of(&self.0, hash);
        let before = state.first();
        if let Some(parent) = before.parent_node().and_then(|p| p.dyn_into::<Element>().ok()) {
            next.mount(&parent, Some(&before));
        }
        state.unmount();
        *state = next;
    }
}

impl Mountable for MarkupState {
    fn unmount(&mut self) {
        self.each(|node| {
            if let Some(parent) = node.parent_node() {
                let _ = parent.remove_child(&node);
            }
        });
    }

    fn mount(&mut self, parent: &Element, marker: Option<&Node>) {
        match self.fresh.take() {
            Some(fragment) => {
                let _ = parent.insert_before(&fragment, marker);
            }
            None => self.each(|node| {
                let _ = parent.insert_before(&node, marker);
            }),
        }
    }

    fn insert_before_this(&self, child: &mut dyn Mountable) -> bool {
        let first = self.first();
        match first.parent_node().and_then(|p| p.dyn_into::<Element>().ok()) {
            Some(parent) => {
                child.mount(&parent, Some(&first));
                true
            }
            None => false,
        }
    }

    fn elements(&self) -> Vec<Element> {
        self.nodes.iter().filter_map(|node| node.dyn_into::<Element>().ok()).collect()
    }
}

impl AddAnyAttr for Markup {
    type Output<SomeNewAttr: Attribute> = Markup;

    fn add_any_attr<NewAttr: Attribute>(self, _attr: NewAttr) -> Markup {
        self
    }
}

impl RenderHtml for Markup {
    type AsyncOutput = Self;
    type Owned = Self;
    const MIN_LENGTH: usize = 0;

    fn dry_resolve(&mut self) {}

    async fn resolve(self) -> Self {
        self
    }

    fn html_len(&self) -> usize {
        self.0.len()
    }

    fn to_html_with_buf(
        self,
        buf: &mut String,
        position: &mut Position,
        _escape: bool,
        _mark_branches: bool,
        _extra_attrs: Vec<AnyAttribute>,
    ) {
        buf.push_str(&self.0);
        *position = Position::NextChild;
    }

    /// Takes over as many nodes as the HTML makes, from where the cursor is.
    fn hydrate<const FROM_SERVER: bool>(self, cursor: &Cursor, position: &PositionState) -> MarkupState {
        let hash = self.hash();
        let count = parse(&self.0).child_nodes().length();
        let nodes = js_sys::Array::new();
        for at in 0..count {
            if at == 0 && position.get() == Position::FirstChild {
                cursor.child();
            } else {
                cursor.sibling();
            }
            nodes.push(&cursor.current());
        }
        position.set(Position::NextChild);
        MarkupState { nodes, fresh: None, hash }
    }

    fn into_owned(self) -> Self {
        self
    }
}

/// Writers of escaped HTML for `Markup`.
pub mod html {
    use std::fmt::Write;

    /// Appends `text` escaped for an element's content or a quoted attribute value.
    pub fn text(out: &mut String, text: &str) {
        for c in text.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&#39;"),
                c => out.push(c),
            }
        }
    }

    /// Appends `<tag class="…">text</tag>`.
    pub fn element(out: &mut String, tag: &str, class: &str, content: &str) {
        let _ = write!(out, "<{tag} class=\"{class}\">");
        text(out, content);
        let _ = write!(out, "</{tag}>");
    }

    /// Appends ` name="value"`, escaped.
    pub fn attribute(out: &mut String, name: &str, value: &str) {
        let _ = write!(out, " {name}=\"");
        text(out, value);
        out.push('"');
    }
}

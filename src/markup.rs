//! The static parts of a card, written as HTML and put in place with one call.
//!
//! A card's head, seats and button never change unless its event or counts do, yet as Leptos
//! elements they cost some sixty calls into the browser and keep every text and link in the
//! wasm to compare against later. As HTML the browser parses a card in one call, and nothing of
//! it stays in the wasm: at thousands of cards that was most of the board's memory and time
//! (`components::event_card`, `card_book`). The HTML must be escaped by whoever writes it: the
//! writers below do.

/// Writers of escaped HTML.
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

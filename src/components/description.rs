//! An event's description: the feed's plain text as paragraphs, with web addresses linked.

use crate::markup::html;

/// A piece of a paragraph: plain text, or a web address to link.
#[derive(Debug, PartialEq)]
enum Piece<'a> {
    Text(&'a str),
    Link(&'a str),
}

/// Splits text at http(s) addresses; punctuation right after an address stays text.
fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = ["https://", "http://"].iter().filter_map(|p| rest.find(p)).min() {
        let tail = &rest[start..];
        let end = tail.find(char::is_whitespace).unwrap_or(tail.len());
        let url = tail[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '"', '\'']);
        if start > 0 {
            out.push(Piece::Text(&rest[..start]));
        }
        if url.len() > "https://".len() {
            out.push(Piece::Link(url));
        } else {
            out.push(Piece::Text(url));
        }
        rest = &tail[url.len()..];
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    out
}

/// Plain text from the feed as paragraphs (blank lines) with linked web addresses, as HTML.
/// Nothing in it is ever read as HTML: every piece is escaped.
pub fn description(out: &mut String, text: &str) {
    for paragraph in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        out.push_str("<p class=\"st-description\">");
        for piece in pieces(paragraph) {
            match piece {
                Piece::Text(text) => html::text(out, text),
                Piece::Link(url) => {
                    out.push_str("<a");
                    html::attribute(out, "href", url);
                    out.push_str(" target=\"_blank\" rel=\"noopener noreferrer nofollow\">");
                    html::text(out, url);
                    out.push_str("</a>");
                }
            }
        }
        out.push_str("</p>");
    }
}

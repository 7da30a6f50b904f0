use leptos::prelude::*;

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

/// Plain text from the feed as paragraphs (blank lines) with linked web addresses. Nothing in
/// it is ever read as HTML.
#[component]
pub fn Description(
    /// The text as the feed has it.
    text: String,
) -> impl IntoView {
    let paragraphs: Vec<String> =
        text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).map(str::to_owned).collect();
    paragraphs
        .into_iter()
        .map(|paragraph| {
            let parts = pieces(&paragraph)
                .into_iter()
                .map(|piece| match piece {
                    Piece::Text(text) => text.to_owned().into_any(),
                    Piece::Link(url) => view! {
                        <a href=url.to_owned() target="_blank" rel="noopener noreferrer nofollow">{url.to_owned()}</a>
                    }
                    .into_any(),
                })
                .collect_view();
            view! { <p class="st-description">{parts}</p> }
        })
        .collect_view()
}

//! Which addresses from a feed may become links: only web pages. A `javascript:` or `data:`
//! address in a partner's feed would otherwise run in the host page when clicked.

/// `value` when it is an http(s) address without spaces or control characters.
pub fn web_url(value: &str) -> Option<&str> {
    let value = value.trim();
    let scheme_end = value.find("://")?;
    let scheme = &value[..scheme_end];
    let web = scheme.eq_ignore_ascii_case("https") || scheme.eq_ignore_ascii_case("http");
    let host_follows = value.len() > scheme_end + 3;
    let plain = !value.chars().any(|c| c.is_control() || c.is_whitespace());
    (web && host_follows && plain).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::web_url;

    #[test]
    fn only_web_pages_become_links() {
        assert_eq!(web_url("https://example.com/x?y=1"), Some("https://example.com/x?y=1"));
        assert_eq!(web_url(" HTTP://example.com \n"), Some("HTTP://example.com"), "outer space is trimmed");
        for hostile in [
            "javascript:alert(1)",
            "JaVaScRiPt://example.com/%0Aalert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
            "//example.com",
            "https://",
            "https://exa mple.com",
            "https://example.com/\nATTACH:x",
            "java\u{0}script:alert(1)",
        ] {
            assert_eq!(web_url(hostile), None, "{hostile:?}");
        }
    }
}

/// Percent-encodes `text` as JavaScript's `encodeURIComponent` does, for links the board and
/// the server write alike (calendar and share links).
pub fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'!' | b'~' | b'*' | b'\'' | b'(' | b')' => {
                out.push(char::from(byte))
            }
            _ => {
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                out.push('%');
                out.push(char::from(HEX[usize::from(byte >> 4)]));
                out.push(char::from(HEX[usize::from(byte & 15)]));
            }
        }
    }
    out
}

#[cfg(test)]
mod encode_tests {
    #[test]
    fn encodes_like_encode_uri_component() {
        assert_eq!(
            super::encode_component("Café am Kröpcke & Co/1?x=y (neu)!"),
            "Caf%C3%A9%20am%20Kr%C3%B6pcke%20%26%20Co%2F1%3Fx%3Dy%20(neu)!"
        );
    }
}

/// Plain links that share an event's page: XING, LinkedIn and e-mail, in that order. Plain
/// URLs: no script of those sites, and no request to them until a visitor clicks.
pub fn share_links(page: &str, title: &str) -> [(&'static str, String); 3] {
    let url = encode_component(page);
    [
        ("XING", format!("https://www.xing.com/spi/shares/new?url={url}")),
        ("LinkedIn", format!("https://www.linkedin.com/sharing/share-offsite/?url={url}")),
        (
            "mail",
            format!(
                "mailto:?subject={}&body={}",
                encode_component(title),
                encode_component(&format!("{title}\n{page}"))
            ),
        ),
    ]
}

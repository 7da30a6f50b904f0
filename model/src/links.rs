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

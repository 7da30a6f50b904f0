//! The few server-rendered pages: escaping and the headers every one of them carries.

use axum::http::{header, HeaderName, HeaderValue};

/// Escapes text for HTML content and double-quoted attributes.
pub fn escape(text: &str) -> String {
    // The board's own escaping, so that its cards and these pages escape alike.
    let mut out = String::with_capacity(text.len());
    stammtisch_board::server::escape_html_into(&mut out, text);
    out
}

/// Strict headers for a page that holds a secret in its URL: no framing, no referrer, no
/// caching, no inline code.
pub fn private_page_headers() -> [(HeaderName, HeaderValue); 5] {
    [
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'none'; style-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
            ),
        ),
        (header::REFERRER_POLICY, HeaderValue::from_static("no-referrer")),
        (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
        (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
    ]
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            super::escape(r#"<a href="x">Tom & 'Jerry'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;"
        );
    }
}

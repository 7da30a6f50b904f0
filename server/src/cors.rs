//! Which host pages may call the API from the browser (`--allow-origin`), and frame the board.

use axum::http::{header, HeaderValue, Method};
use tower_http::cors::{AllowOrigin, CorsLayer};

#[derive(Clone, Debug, Default)]
pub struct AllowedOrigins {
    listed: Vec<HeaderValue>,
    /// `--allow-origin '*'`: any page may read the public feed; writing still needs a listed origin.
    any_may_read: bool,
}

impl AllowedOrigins {
    pub fn parse(values: &[String]) -> anyhow::Result<Self> {
        let mut origins = AllowedOrigins::default();
        for value in values.iter().map(|v| v.trim().trim_end_matches('/')).filter(|v| !v.is_empty()) {
            if value == "*" {
                origins.any_may_read = true;
                continue;
            }
            let valid = (value.starts_with("https://") || value.starts_with("http://"))
                && value.splitn(4, '/').nth(3).is_none_or(|path| path.is_empty());
            if !valid {
                anyhow::bail!("--allow-origin {value:?} is not an origin like https://www.example.com");
            }
            origins.listed.push(HeaderValue::from_str(value)?);
        }
        Ok(origins)
    }

    /// For the public feed: listed origins, or every origin after an explicit `*`.
    pub fn read_layer(&self) -> CorsLayer {
        let origins = if self.any_may_read { AllowOrigin::any() } else { AllowOrigin::list(self.listed.clone()) };
        CorsLayer::new()
            .allow_origin(origins)
            .allow_methods([Method::GET])
            .allow_headers([header::ACCEPT_LANGUAGE, header::IF_NONE_MATCH])
            .expose_headers([header::ETAG])
            .vary([header::ORIGIN])
    }

    /// For the reach beacon: whoever may read the feed may say the board was shown. A beacon
    /// is a simple request (no preflight); this answers the preflight of a `fetch` with JSON.
    pub fn beacon_layer(&self) -> CorsLayer {
        let origins = if self.any_may_read { AllowOrigin::any() } else { AllowOrigin::list(self.listed.clone()) };
        CorsLayer::new()
            .allow_origin(origins)
            .allow_methods([Method::POST])
            .allow_headers([header::CONTENT_TYPE])
            .vary([header::ORIGIN])
    }

    /// For RSVPs and cancellations: listed origins only, never `*`.
    pub fn write_layer(&self) -> CorsLayer {
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(self.listed.clone()))
            .allow_methods([Method::POST, Method::DELETE])
            .allow_headers([header::CONTENT_TYPE, header::ACCEPT_LANGUAGE])
            .vary([header::ORIGIN])
    }

    /// The CSP `frame-ancestors` source list for the iframe page.
    pub fn frame_ancestors(&self) -> String {
        if self.any_may_read {
            return "*".into();
        }
        let mut sources = vec!["'self'".to_owned()];
        sources.extend(self.listed.iter().filter_map(|o| o.to_str().ok()).map(str::to_owned));
        sources.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_checked_and_star_is_remembered() {
        let origins = AllowedOrigins::parse(&["https://a.example/".into(), "*".into()]).unwrap();
        assert!(origins.any_may_read);
        assert_eq!(origins.listed, ["https://a.example"]);
        assert_eq!(origins.frame_ancestors(), "*");
        assert!(AllowedOrigins::parse(&["a.example".into()]).is_err());
        assert!(AllowedOrigins::parse(&["https://a.example/path".into()]).is_err());
        let listed = AllowedOrigins::parse(&["http://127.0.0.1:9000".into()]).unwrap();
        assert_eq!(listed.frame_ancestors(), "'self' http://127.0.0.1:9000");
    }
}

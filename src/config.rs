use stammtisch_model::{Event, Kind, Lang};
use web_sys::Element;

/// Why a board cannot load at all; shown in the board instead of a blank box.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConfigProblem {
    /// Neither `api` nor `feed` is set.
    NoSource,
    /// `api` or `feed` is not a URL.
    BadUrl,
}

/// List or month grid, from the `view` attribute; the visitor can switch.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum View {
    #[default]
    List,
    Month,
}

/// A board's settings, read from its element's attributes (docs/API.md §5).
#[derive(Clone, Debug, PartialEq)]
pub struct BoardConfig {
    pub lang: Lang,
    /// Absolute URL of the feed.
    pub feed_url: Result<String, ConfigProblem>,
    /// Absolute base URL of the API, without a trailing slash; `None` makes the board read-only.
    pub api_base: Option<String>,
    /// `kinds`: only these kinds are shown; empty shows all.
    pub kinds: Vec<Kind>,
    /// `tags`: only events with one of these tags (compared case-insensitively); empty shows all.
    pub tags: Vec<String>,
    /// `limit`: events shown before "more".
    pub limit: Option<usize>,
    /// `view`: the view shown first.
    pub view: View,
    /// `jsonld`: put schema.org events into the host page for search engines.
    pub jsonld: bool,
    /// `reach="off"`: the board sends no reach beacons (docs/API.md §3.8).
    pub reach: bool,
    /// The viewer's IANA zone, for the "in your time zone" line; the server renders for the
    /// zone the page sent, the wasm asks the browser.
    pub viewer_zone: Option<String>,
}

impl BoardConfig {
    pub fn from_element(element: &Element) -> Self {
        Self::from_attributes(|name| element.get_attribute(name), absolute_url, page_lang, crate::format::viewer_zone())
    }

    /// Reads the attributes through `attribute`; `resolve` makes a URL absolute, and
    /// `default_lang` is asked when `locale` names no language the board speaks.
    pub fn from_attributes(
        attribute: impl Fn(&str) -> Option<String>,
        resolve: impl Fn(&str) -> Result<String, ConfigProblem>,
        default_lang: impl FnOnce() -> Lang,
        viewer_zone: Option<String>,
    ) -> Self {
        // A flag: present, even empty, means on.
        let jsonld = attribute("jsonld").is_some();
        let attribute = |name: &str| attribute(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        let api_base = attribute("api").map(|api| resolve(&api).map(|url| url.trim_end_matches('/').to_owned()));
        let feed_url = match (attribute("feed"), &api_base) {
            (Some(feed), _) => resolve(&feed),
            (None, Some(Ok(api))) => Ok(format!("{api}/api/v1/feed")),
            (None, Some(Err(problem))) => Err(*problem),
            (None, None) => Err(ConfigProblem::NoSource),
        };
        let lang = attribute("locale").and_then(|l| Lang::from_tag(&l)).unwrap_or_else(default_lang);
        let list = |name: &str| -> Vec<String> {
            attribute(name)
                .map(|v| v.split(',').map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect())
                .unwrap_or_default()
        };
        BoardConfig {
            lang,
            feed_url,
            api_base: api_base.and_then(Result::ok),
            kinds: list("kinds").iter().filter_map(|k| Kind::from_name(k)).collect(),
            tags: list("tags").iter().map(|t| t.to_lowercase()).collect(),
            limit: attribute("limit").and_then(|l| l.parse().ok()).filter(|l| *l > 0),
            view: if attribute("view").as_deref() == Some("month") { View::Month } else { View::List },
            jsonld,
            reach: attribute("reach").is_none_or(|value| !value.eq_ignore_ascii_case("off")),
            viewer_zone,
        }
    }

    /// Whether the `kinds` and `tags` attributes let this event through.
    pub fn shows(&self, event: &Event) -> bool {
        (self.kinds.is_empty() || self.kinds.contains(&event.kind))
            && (self.tags.is_empty() || event.tags.iter().any(|t| self.tags.contains(&t.to_lowercase())))
    }

    /// Where reach beacons go: the API, unless the board has none or `reach="off"`.
    pub fn reach_api(&self) -> Option<&str> {
        self.api_base.as_deref().filter(|_| self.reach)
    }

    /// Where RSVPs for an event go, when the board has an API.
    pub fn rsvp_url(&self, event_id: &str) -> Option<String> {
        self.api_base.as_ref().map(|api| format!("{api}/api/v1/events/{event_id}/rsvps"))
    }
}

/// Resolves a possibly relative URL against the page, so `api="/"` works on the board's own site.
fn absolute_url(value: &str) -> Result<String, ConfigProblem> {
    let base = web_sys::window().and_then(|w| w.document()).and_then(|d| d.base_uri().ok().flatten());
    let url = match base {
        Some(base) => web_sys::Url::new_with_base(value, &base),
        None => web_sys::Url::new(value),
    };
    let url = url.map_err(|_| ConfigProblem::BadUrl)?;
    match url.protocol().as_str() {
        "http:" | "https:" | "data:" | "blob:" => Ok(url.href()),
        _ => Err(ConfigProblem::BadUrl),
    }
}

/// The host page's `<html lang>`, else the browser's language, else German.
fn page_lang() -> Lang {
    let window = web_sys::window();
    let html_lang = window
        .as_ref()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.get_attribute("lang"))
        .and_then(|l| Lang::from_tag(&l));
    html_lang
        .or_else(|| window.and_then(|w| w.navigator().language()).and_then(|l| Lang::from_tag(&l)))
        .unwrap_or_default()
}

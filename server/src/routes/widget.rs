use std::path::Path;

use axum::http::{header, HeaderValue};
use tower::ServiceBuilder;
use tower_http::services::ServeDir;
use tower_http::set_header::{SetResponseHeader, SetResponseHeaderLayer};

type WidgetFiles =
    SetResponseHeader<SetResponseHeader<SetResponseHeader<ServeDir, HeaderValue>, HeaderValue>, HeaderValue>;

/// The built widget (`embed.js`, its js, wasm and css). Host pages on other origins load
/// them as module scripts, which are fetched in CORS mode, hence `*`. File names carry no
/// hash, so browsers revalidate (`no-cache`) and get `304`s while nothing changed. The build
/// leaves `.br` and `.gz` copies beside each file, compressed once at the highest levels;
/// they are sent as they are instead of compressing 600 KB of wasm on every request.
/// `Timing-Allow-Origin: *` lets a host page's own measurements see what the board costs.
pub fn files(dir: &Path) -> WidgetFiles {
    ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(
            header::HeaderName::from_static("timing-allow-origin"),
            HeaderValue::from_static("*"),
        ))
        .layer(SetResponseHeaderLayer::overriding(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*")))
        .layer(SetResponseHeaderLayer::if_not_present(header::CACHE_CONTROL, HeaderValue::from_static("no-cache")))
        .service(ServeDir::new(dir).precompressed_br().precompressed_gzip())
}

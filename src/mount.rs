use std::any::Any;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

use crate::components::board::Board;
use crate::config::BoardConfig;

/// A mounted board; dropping it removes the board and disposes its reactive scope.
struct Mounted {
    container: HtmlElement,
    _view: Box<dyn Any>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.container.remove();
    }
}

/// What `mountBoard` returns to `embed.js`: call `unmount()` when the element goes away.
#[wasm_bindgen]
pub struct BoardHandle {
    mounted: Option<Mounted>,
}

#[wasm_bindgen]
impl BoardHandle {
    pub fn unmount(&mut self) {
        self.mounted = None;
    }
}

/// Renders a board configured by `host`'s attributes into `container`, an element in the
/// host's shadow root. The stylesheet is `embed.js`'s: the CSS is a file of its own, fetched
/// beside the server's first view, not a string in the wasm. `on_ready` is called once the
/// events (or the reason there are none) are on the page.
#[wasm_bindgen(js_name = mountBoard)]
pub fn mount_board(
    host: HtmlElement,
    container: HtmlElement,
    on_ready: Option<js_sys::Function>,
) -> Result<BoardHandle, JsValue> {
    let config = BoardConfig::from_element(&host);
    let on_ready = on_ready.map(|ready| {
        Callback::new(move |()| {
            let _ = ready.call0(&JsValue::NULL);
        })
    });
    let view = leptos::mount::mount_to(container.clone(), move || match on_ready {
        Some(ready) => view! { <Board config on_ready=ready/> }.into_any(),
        None => view! { <Board config/> }.into_any(),
    });
    Ok(BoardHandle { mounted: Some(Mounted { container, _view: Box::new(view) }) })
}

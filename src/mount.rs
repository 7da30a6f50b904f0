use std::any::Any;
use std::cell::OnceCell;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CssStyleSheet, HtmlElement, ShadowRoot};

use crate::components::board::Board;
use crate::config::BoardConfig;

const BOARD_CSS: &str = include_str!("../style/board.css");

thread_local! {
    /// One constructable stylesheet shared by every board on the page. Adopted sheets apply
    /// under a host CSP of `style-src 'self'`, where `<style>` elements in the shadow root
    /// are blocked.
    static SHEET: OnceCell<CssStyleSheet> = const { OnceCell::new() };
}

fn board_sheet() -> Result<CssStyleSheet, JsValue> {
    SHEET.with(|cell| {
        if let Some(sheet) = cell.get() {
            return Ok(sheet.clone());
        }
        let sheet = CssStyleSheet::new()?;
        sheet.replace_sync(BOARD_CSS)?;
        Ok(cell.get_or_init(|| sheet).clone())
    })
}

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

/// Renders a board configured by `host`'s attributes into `root`, the host's shadow root.
#[wasm_bindgen(js_name = mountBoard)]
pub fn mount_board(host: HtmlElement, root: ShadowRoot) -> Result<BoardHandle, JsValue> {
    let sheets = js_sys::Array::of1(&board_sheet()?.into());
    root.set_adopted_style_sheets(&sheets);
    let document = root.owner_document().ok_or_else(|| JsValue::from_str("no document"))?;
    let container: HtmlElement = document.create_element("div")?.unchecked_into();
    container.set_class_name("st-root");
    root.append_child(&container)?;
    let config = BoardConfig::from_element(&host);
    let view = leptos::mount::mount_to(container.clone(), move || view! { <Board config=config/> });
    Ok(BoardHandle { mounted: Some(Mounted { container, _view: Box::new(view) }) })
}

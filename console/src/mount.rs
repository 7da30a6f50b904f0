use std::any::Any;
use std::cell::{Cell, RefCell};

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

use crate::components::app::App;

/// A mounted console; dropping it removes the console and disposes its reactive scope.
struct Mounted {
    container: HtmlElement,
    _view: Box<dyn Any>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.container.remove();
    }
}

thread_local! {
    /// Mounted consoles live here, not in their handles: a page that drops the handle (the
    /// garbage collector then frees it) keeps its console.
    static MOUNTED: RefCell<Vec<(u32, Mounted)>> = const { RefCell::new(Vec::new()) };
    static NEXT: Cell<u32> = const { Cell::new(0) };
}

/// What `mountConsole` returns: `unmount()` takes the console off the page.
#[wasm_bindgen]
pub struct ConsoleHandle {
    id: u32,
}

#[wasm_bindgen]
impl ConsoleHandle {
    pub fn unmount(&mut self) {
        let gone = MOUNTED.with(|all| {
            let mut all = all.borrow_mut();
            all.iter().position(|(id, _)| *id == self.id).map(|at| all.remove(at))
        });
        // Dropped outside the borrow: disposing the view may run cleanups.
        drop(gone);
    }
}

/// Renders the console into `root`, replacing what it showed while the module loaded.
#[wasm_bindgen(js_name = mountConsole)]
pub fn mount_console(root: HtmlElement) -> Result<ConsoleHandle, JsValue> {
    let document = root.owner_document().ok_or_else(|| JsValue::from_str("no document"))?;
    let container: HtmlElement = document.create_element("div")?.unchecked_into();
    container.set_class_name("console");
    root.set_text_content(None);
    root.append_child(&container)?;
    let view = leptos::mount::mount_to(container.clone(), App);
    let id = NEXT.with(|next| next.replace(next.get() + 1));
    MOUNTED.with(|all| all.borrow_mut().push((id, Mounted { container, _view: Box::new(view) })));
    Ok(ConsoleHandle { id })
}

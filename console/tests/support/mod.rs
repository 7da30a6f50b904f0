//! Mounting consoles in the test page and waiting for what they render.

use stammtisch_console::session::TOKEN_KEY;
use stammtisch_console::{mount_console, ConsoleHandle};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, HtmlElement, HtmlInputElement};

pub struct Mounted {
    pub root: HtmlElement,
    pub handle: ConsoleHandle,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.handle.unmount();
        self.root.remove();
        set_token(None);
    }
}

pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Puts a token into this tab's session, or takes it out, as a reload would find it.
pub fn set_token(token: Option<&str>) {
    let storage = web_sys::window().unwrap().session_storage().unwrap().unwrap();
    match token {
        Some(token) => storage.set_item(TOKEN_KEY, token).unwrap(),
        None => storage.remove_item(TOKEN_KEY).unwrap(),
    }
}

pub fn stored_token() -> Option<String> {
    web_sys::window().unwrap().session_storage().unwrap().unwrap().get_item(TOKEN_KEY).unwrap()
}

/// Mounts a console into a fresh `<main>` that shows the loading text, as the server's page does.
pub fn mount() -> Mounted {
    let root: HtmlElement = document().create_element("main").unwrap().unchecked_into();
    root.set_text_content(Some("Die Verwaltung wird geladen … / Loading …"));
    document().body().unwrap().append_child(&root).unwrap();
    let handle = mount_console(root.clone()).unwrap();
    Mounted { root, handle }
}

pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

impl Mounted {
    /// Waits up to five seconds for `selector` to match inside the console.
    pub async fn find(&self, selector: &str) -> Element {
        for _ in 0..250 {
            if let Some(found) = self.root.query_selector(selector).unwrap() {
                return found;
            }
            sleep(20).await;
        }
        panic!("nothing matched {selector}; the console shows: {}", self.root.inner_html());
    }

    /// Waits up to five seconds until `selector`'s text contains `text`.
    pub async fn find_text(&self, selector: &str, text: &str) -> Element {
        for _ in 0..250 {
            if let Some(found) = self.root.query_selector(selector).unwrap() {
                if found.text_content().unwrap_or_default().contains(text) {
                    return found;
                }
            }
            sleep(20).await;
        }
        panic!("{selector} never said {text:?}; the console shows: {}", self.root.inner_html());
    }

    pub fn has(&self, selector: &str) -> bool {
        self.root.query_selector(selector).unwrap().is_some()
    }

    pub fn text(&self) -> String {
        self.root.text_content().unwrap_or_default()
    }

    pub async fn click(&self, selector: &str) {
        self.find(selector).await.unchecked_into::<HtmlElement>().click();
    }

    /// Types into an input the way a browser reports it.
    pub async fn type_into(&self, selector: &str, value: &str) {
        let input: HtmlInputElement = self.find(selector).await.unchecked_into();
        input.set_value(value);
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        input.dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap()).unwrap();
    }
}

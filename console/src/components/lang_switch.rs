use leptos::prelude::*;
use stammtisch_model::Lang;

use crate::refocus::focus;
use crate::session::Session;

/// Deutsch / English. The console is built anew in the chosen language; focus returns to the
/// button that was pressed.
#[component]
pub fn LangSwitch() -> impl IntoView {
    let session = expect_context::<Session>();
    let button = move |lang: Lang, id: &'static str, label: &'static str| {
        let choose = move |_| {
            if session.current_lang() != lang {
                session.choose_lang(lang);
                focus(id);
            }
        };
        view! {
            <button type="button" id=id lang=lang.tag() class="lang"
                aria-pressed=move || (session.lang.get() == lang).to_string() on:click=choose>
                {label}
            </button>
        }
    };
    view! {
        <div class="lang-switch" role="group" aria-label="Sprache / Language">
            {button(Lang::De, "lang-de", "Deutsch")}
            {button(Lang::En, "lang-en", "English")}
        </div>
    }
}

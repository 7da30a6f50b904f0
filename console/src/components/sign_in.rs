use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::SubmitEvent;

use crate::calls::check_token;
use crate::components::lang_switch::LangSwitch;
use crate::i18n::texts;
use crate::refocus::focus;
use crate::session::{current_lang, Notice, Session};

/// Signing in with the admin token. The token is checked with the server before it is kept,
/// so a wrong one never gets past this form.
#[component]
pub fn SignIn() -> impl IntoView {
    let session = expect_context::<Session>();
    let lang = current_lang();
    let t = texts(lang);
    let token = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let checking = RwSignal::new(false);
    let input = NodeRef::<Input>::new();
    Effect::new(move |_| {
        if let Some(input) = input.get() {
            let _ = input.focus();
        }
    });
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        if checking.get_untracked() {
            return;
        }
        let typed = token.get_untracked().trim().to_owned();
        if typed.is_empty() {
            error.set(Some(t.token_missing.into()));
            return;
        }
        error.set(None);
        checking.set(true);
        spawn_local(async move {
            match check_token(&typed, lang).await {
                Ok(()) => session.sign_in(typed),
                Err(problem) => {
                    checking.set(false);
                    error.set(Some(problem.message(lang)));
                    focus("token");
                }
            }
        });
    };
    let notice = move || {
        session.notice.get().map(|notice| match notice {
            Notice::Expired => {
                view! { <p id="sign-in-notice" class="notice notice-error" role="alert">{t.token_expired}</p> }
            }
            Notice::SignedOut => view! { <p id="sign-in-notice" class="notice" role="status">{t.signed_out}</p> },
        })
    };
    view! {
        <section class="sign-in" aria-labelledby="heading-sign-in">
            <LangSwitch/>
            <h1 id="heading-sign-in">{t.app_title}</h1>
            {notice}
            <form id="sign-in-form" novalidate on:submit=on_submit>
                <p>{t.sign_in_intro}</p>
                // Lets password managers file the token under this board.
                <input type="text" name="username" autocomplete="username" value="stammtisch-admin" readonly hidden/>
                <div class="field">
                    <label for="token">{t.token_label}</label>
                    <input id="token" name="token" type="password" autocomplete="current-password"
                        bind:value=token node_ref=input
                        aria-invalid=move || error.with(Option::is_some).then_some("true")
                        aria-describedby="sign-in-error"/>
                    <p id="sign-in-error" class="field-error" role="alert">
                        {move || error.get().map(|message| view! {
                            <span class="error-prefix">{t.error_prefix}</span>" "{message}
                        })}
                    </p>
                </div>
                <button id="sign-in" type="submit" class="primary" disabled=move || checking.get()>
                    {move || if checking.get() { t.signing_in } else { t.sign_in }}
                </button>
            </form>
        </section>
    }
}

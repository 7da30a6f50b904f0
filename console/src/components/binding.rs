//! How a form field reads and writes one part of its form's draft.

use leptos::prelude::*;

/// A text field's value and what typing does with it.
#[derive(Clone, Copy)]
pub struct Binding {
    pub value: Signal<String>,
    pub set: Callback<String>,
}

/// Binds a text field to `draft`'s part that `get` reads and `set` writes.
pub fn bind<D: Send + Sync + 'static>(draft: RwSignal<D>, get: fn(&D) -> &String, set: fn(&mut D, String)) -> Binding {
    Binding {
        value: Signal::derive(move || draft.with(|d| get(d).clone())),
        set: Callback::new(move |value| draft.update(|d| set(d, value))),
    }
}

/// A checkbox's state and what ticking does with it.
#[derive(Clone, Copy)]
pub struct Flag {
    pub checked: Signal<bool>,
    pub set: Callback<bool>,
}

pub fn bind_flag<D: Send + Sync + 'static>(draft: RwSignal<D>, get: fn(&D) -> bool, set: fn(&mut D, bool)) -> Flag {
    Flag {
        checked: Signal::derive(move || draft.with(get)),
        set: Callback::new(move |value| draft.update(|d| set(d, value))),
    }
}

/// The message of the problem at `field`, from a form's list of problems.
pub fn error_at(
    problems: RwSignal<Vec<crate::problems::FieldProblem>>,
    field: &'static str,
    lang: stammtisch_model::Lang,
) -> Signal<Option<String>> {
    Signal::derive(move || problems.with(|all| all.iter().find(|p| p.field == field).map(|p| p.message(lang))))
}

/// Once shown, a problem the console found goes away as soon as its field is fixed; new
/// problems wait for the next save, so nobody is scolded while still typing. The server's
/// verdicts stay until the next save, since only the server can take them back.
pub fn forget_fixed<D: Send + Sync + 'static>(
    draft: RwSignal<D>,
    problems: RwSignal<Vec<crate::problems::FieldProblem>>,
    check: fn(&D) -> Vec<crate::problems::FieldProblem>,
) {
    Effect::new(move |_| {
        draft.track();
        if problems.with_untracked(Vec::is_empty) {
            return;
        }
        let remaining = draft.with_untracked(check);
        let fixed = |shown: &crate::problems::FieldProblem| {
            !matches!(shown.issue, crate::problems::Issue::Server(_))
                && !remaining.iter().any(|now| now.field == shown.field)
        };
        if problems.with_untracked(|shown| shown.iter().any(fixed)) {
            problems.update(|shown| shown.retain(|p| !fixed(p)));
        }
    });
}

//! What surrounds every control of a form: the state it edits, its label with the required
//! marker, and its help text and problem.

use leptos::prelude::*;
use vendors::{tr, FieldKind, FieldSpec, FormValues, Problem};

/// What every field needs: the values it edits and the problems to show next to it.
#[derive(Clone, Copy)]
pub struct FormState {
    pub values: RwSignal<FormValues>,
    pub problems: Signal<Vec<Problem>>,
}

impl FormState {
    pub fn get(&self, path: &str) -> String {
        self.values
            .with(|values| values.get(path).cloned().unwrap_or_default())
    }

    pub fn set(&self, path: &str, text: String) {
        self.values.update(|values| {
            values.insert(path.to_string(), text);
        });
    }

    /// The first problem reported at exactly this path.
    pub fn problem_at(&self, path: &str) -> Option<String> {
        self.problems.with(|problems| problem_at(problems, path))
    }
}

/// The first problem reported at exactly `path`: a group does not repeat its children's.
pub fn problem_at(problems: &[Problem], path: &str) -> Option<String> {
    problems
        .iter()
        .find(|problem| problem.path == path)
        .map(|problem| problem.message.clone())
}

#[component]
pub fn FieldLabel(spec: FieldSpec, for_id: String) -> impl IntoView {
    view! {
        <label for=for_id>
            {spec.label}
            {spec.required.then(|| view! {
                <span class="required" aria-hidden="true">" *"</span>
                <span class="visually-hidden">{tr!(" (required)", "（必填）")}</span>
            })}
        </label>
    }
}

/// Help text and the problem found at `path`, linked to the input by `aria-describedby`.
#[component]
pub fn FieldNotes(spec: FieldSpec, path: String, id: String, state: FormState) -> impl IntoView {
    let hint = match (&spec.kind, &spec.help) {
        (FieldKind::MemberList | FieldKind::TagList, None) => {
            Some(tr!("Separate several with commas.", "多个值请用逗号分隔。"))
        }
        (_, help) => help.clone(),
    };
    view! {
        {hint.map(|text| view! { <p class="help" id=format!("{id}-help")>{text}</p> })}
        <ProblemLine id message=Signal::derive(move || state.problem_at(&path)) />
    }
}

/// The line under the control `id` that says what is wrong with it, as `{id}-error` for
/// `aria-describedby`; empty (and hidden) while nothing is.
#[component]
pub fn ProblemLine(id: String, message: Signal<Option<String>>) -> impl IntoView {
    view! {
        <p class="field-error" id=format!("{id}-error") aria-live="polite">
            {move || message.get()}
        </p>
    }
}

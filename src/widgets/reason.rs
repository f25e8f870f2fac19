//! The reason a person gives with a decision, on a ticket page and above a list: a labelled
//! text area that says when it is required and shows the problem found with it.

use super::field_frame::{problem_at, ProblemLine};
use super::focus::input_id;
use leptos::prelude::*;
use vendors::decide::COMMENT_PATH;
use vendors::{tr, Problem};

#[component]
pub fn ReasonField(
    /// The wire-like path that names the text area (`comment`, `batch-comment`).
    path: &'static str,
    text: RwSignal<String>,
    /// Problems of the decision; the one at `comment` shows under the text area.
    problems: RwSignal<Vec<Problem>>,
    #[prop(optional, into)] help: Option<String>,
    #[prop(default = 3)] rows: u32,
) -> impl IntoView {
    let id = input_id(path);
    let message = Signal::derive(move || problems.with(|p| problem_at(p, COMMENT_PATH)));
    let described_by = match &help {
        Some(_) => format!("{id}-help {id}-error"),
        None => format!("{id}-error"),
    };
    view! {
        <div class="field reason-field">
            <label for=id.clone()>
                {tr!("Reason", "审批意见")}
                <span class="muted">{tr!(" (required to reject)", "（拒绝时必填）")}</span>
            </label>
            <textarea
                id=id.clone()
                name=path
                rows=rows
                aria-describedby=described_by
                aria-invalid=move || message.with(Option::is_some).to_string()
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
            ></textarea>
            {help.map(|help| view! { <p class="help" id=format!("{id}-help")>{help}</p> })}
            <ProblemLine id message />
        </div>
    }
}

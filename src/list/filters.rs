//! Building blocks of a list's filter form: field errors from the request's problems, and a
//! labelled text filter whose `name` is the wire name. Each back-end lays out its own form.

use leptos::prelude::*;
use vendors::Problem;

/// The first problem about the field `name`, including its items (`sns[0]`) and members
/// (`PluginParam.dbId`), for the message under that field.
pub fn problem_at(problems: &[Problem], name: &str) -> Option<String> {
    problems
        .iter()
        .find(|problem| {
            problem.path == name
                || problem
                    .path
                    .strip_prefix(name)
                    .is_some_and(|rest| rest.starts_with('[') || rest.starts_with('.'))
        })
        .map(|problem| problem.message.clone())
}

/// The id of the error line under the field `name`, for `aria-describedby`.
pub fn error_id(name: &str) -> String {
    format!("{name}-error")
}

/// A field's error line; hidden while there is nothing to say.
#[component]
pub fn FieldError(#[prop(into)] id: String, message: Signal<Option<String>>) -> impl IntoView {
    view! {
        <p class="field-error" id=id hidden=move || message.with(Option::is_none)>
            {move || message.get()}
        </p>
    }
}

/// A labelled filter input bound to `value`; its problems come from the request built from the
/// URL, so what is shown is exactly what blocked the request.
#[component]
pub fn TextFilter(
    #[prop(into)] label: String,
    /// The wire name, also the URL key.
    name: &'static str,
    value: RwSignal<String>,
    problems: Signal<Vec<Problem>>,
    /// `text`, `datetime-local`, ...
    #[prop(default = "text")]
    input_type: &'static str,
    #[prop(optional, into)] hint: Option<String>,
) -> impl IntoView {
    let id = format!("filter-{name}");
    let error = Signal::derive(move || problems.with(|p| problem_at(p, name)));
    let hint_id = format!("{name}-hint");
    let described_by = match hint {
        Some(_) => format!("{hint_id} {}", error_id(name)),
        None => error_id(name),
    };
    view! {
        <div class="filter-field" class:invalid=move || error.with(Option::is_some)>
            <label for=id.clone()>{label}</label>
            <input
                id=id
                name=name
                type=input_type
                step=(input_type == "datetime-local").then_some("1")
                bind:value=value
                aria-invalid=move || error.with(Option::is_some).to_string()
                aria-describedby=described_by
            />
            {hint.map(|text| view! { <p class="field-hint" id=hint_id>{text}</p> })}
            <FieldError id=error_id(name) message=error />
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_are_found_by_field_items_and_members() {
        let problems = vec![
            Problem::new("sns[1]", "Ticket number is required."),
            Problem::new("create_at__gte", "bad date"),
        ];
        assert_eq!(
            problem_at(&problems, "sns").as_deref(),
            Some("Ticket number is required.")
        );
        assert_eq!(
            problem_at(&problems, "create_at__gte").as_deref(),
            Some("bad date")
        );
        assert_eq!(problem_at(&problems, "create"), None);
        assert_eq!(problem_at(&problems, "page"), None);
    }
}

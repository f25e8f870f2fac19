//! Building blocks of a list's filter form: the form with its Apply/Clear buttons, field errors
//! from the request's problems, labelled text and select filters whose `name` is the wire name,
//! and the date-time conversion between `datetime-local` inputs and the wire. Each back-end lays
//! out its own fields.

use leptos::ev::SubmitEvent;
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

/// `2024-05-31 14:30:00` -> `2024-05-31T14:30:00`, what a datetime-local input shows.
pub fn wire_to_input(wire: &str) -> String {
    wire.trim().replacen(' ', "T", 1)
}

/// A datetime-local value (`2024-05-31T14:30`, seconds optional) -> the wire's
/// `YYYY-MM-DD hh:mm:ss`.
pub fn input_to_wire(input: &str) -> String {
    let wire = input.trim().replacen('T', " ", 1);
    // `YYYY-MM-DD hh:mm` has 16 characters; the wire wants the seconds too.
    if wire.len() == 16 {
        format!("{wire}:00")
    } else {
        wire
    }
}

/// A list's filter form: the back-end's fields, then Apply and Clear. The fields edit a draft;
/// `apply` and `clear` navigate, so the URL stays the one source of the list's state.
#[component]
pub fn FilterForm(
    apply: impl Fn() + 'static,
    clear: impl Fn() + 'static,
    children: Children,
) -> impl IntoView {
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        apply();
    };
    view! {
        <form class="list-filters" on:submit=submit aria-label="Filter tickets">
            {children()}
            <div class="filter-actions">
                <button type="submit" class="primary">"Apply filters"</button>
                <button type="button" on:click=move |_| clear()>"Clear filters"</button>
            </div>
        </form>
    }
}

/// `(value, label)` pairs for a [`SelectFilter`].
pub fn choices(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(value, label)| (value.to_string(), label.to_string()))
        .collect()
}

/// A labelled select bound to `value`. A value no choice has (from a shared link, say) is
/// still offered and shown as chosen, so the form never silently changes it.
#[component]
pub fn SelectFilter(
    #[prop(into)] label: String,
    /// The wire name, also the URL key.
    name: &'static str,
    value: RwSignal<String>,
    /// `(value, label)` pairs.
    choices: Vec<(String, String)>,
    /// The label of the blank choice meaning "no filter"; without it a choice is required.
    #[prop(optional, into)]
    any: Option<String>,
    problems: Signal<Vec<Problem>>,
) -> impl IntoView {
    let id = format!("filter-{name}");
    let error = Signal::derive(move || problems.with(|p| problem_at(p, name)));
    let known: Vec<String> = choices.iter().map(|(value, _)| value.clone()).collect();
    let option = move |choice: String, text: String| {
        let chosen = choice.clone();
        view! {
            <option value=choice prop:selected=move || value.with(|v| *v == chosen)>
                {text}
            </option>
        }
    };
    let blank = any.map(|text| option(String::new(), text));
    let listed = choices
        .into_iter()
        .map(|(choice, text)| option(choice, text))
        .collect_view();
    let unlisted = move || {
        let current = value.get();
        (!current.is_empty() && !known.contains(&current)).then(|| option(current.clone(), current))
    };
    view! {
        <div class="filter-field" class:invalid=move || error.with(Option::is_some)>
            <label for=id.clone()>{label}</label>
            <select
                id=id
                name=name
                on:change=move |event| value.set(event_target_value(&event))
                aria-invalid=move || error.with(Option::is_some).to_string()
                aria-describedby=error_id(name)
            >
                {blank}
                {listed}
                {unlisted}
            </select>
            <FieldError id=error_id(name) message=error />
        </div>
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

    #[test]
    fn dates_convert_between_input_and_wire() {
        assert_eq!(input_to_wire("2024-05-31T14:30"), "2024-05-31 14:30:00");
        assert_eq!(input_to_wire("2024-05-31T14:30:15"), "2024-05-31 14:30:15");
        assert_eq!(input_to_wire(""), "");
        assert_eq!(wire_to_input("2024-05-31 14:30:15"), "2024-05-31T14:30:15");
    }
}

//! The one field renderer: draws any form described by `vendors` field specs (ITSM service
//! fields, DMS PluginParams, ZStack request rows) into labelled inputs bound to a flat map of
//! wire path -> text. Input `name`s are the wire paths; every input has a visible label, its help
//! text and, when there is one, the problem found at its path, right under it.

use super::field_frame::{FieldLabel, FieldNotes, FormState};
use super::focus::input_id;
use super::rows::Rows;
use leptos::prelude::*;
use vendors::form::{join_path, split_list};
use vendors::{tr, Choice, FieldKind, FieldSpec};

/// Draws `specs`, whose paths are relative to `prefix` ("" at the top, "params.requests[2]" in a row).
#[component]
pub fn FieldList(
    specs: Vec<FieldSpec>,
    state: FormState,
    #[prop(optional)] prefix: String,
) -> impl IntoView {
    specs
        .into_iter()
        .map(|spec| {
            let path = join_path(&prefix, &spec.path);
            view! { <Field spec path state /> }
        })
        .collect_view()
}

/// A whole form whose specs may change (a DMS PluginType switch): only the fields whose spec
/// changed are drawn again, so focus and caret stay where the user is typing.
#[component]
pub fn ChangingFieldList(
    #[prop(into)] specs: Signal<Vec<FieldSpec>>,
    state: FormState,
) -> impl IntoView {
    view! {
        <For each=move || specs.get() key=|spec| format!("{spec:?}") let:spec>
            {
                let path = spec.path.clone();
                view! { <Field spec path state /> }
            }
        </For>
    }
}

/// How a row of a repeated group draws its fields: handed to `Rows`, which cannot import this
/// module without a cycle.
fn row_fields(specs: Vec<FieldSpec>, state: FormState, prefix: String) -> AnyView {
    view! { <FieldList specs state prefix /> }.into_any()
}

#[component]
fn Field(spec: FieldSpec, path: String, state: FormState) -> impl IntoView {
    match &spec.kind {
        FieldKind::Repeated { .. } | FieldKind::KeyValue => {
            view! { <Rows spec path state row_fields=row_fields /> }.into_any()
        }
        FieldKind::Boolean => view! { <CheckboxField spec path state /> }.into_any(),
        FieldKind::MultiChoice(choices) => {
            let choices = choices.clone();
            view! { <MultiChoiceField spec choices path state /> }.into_any()
        }
        _ => view! { <LabelledInput spec path state /> }.into_any(),
    }
}

/// Label with required marker, the control, help text and the problem at this path.
#[component]
fn LabelledInput(spec: FieldSpec, path: String, state: FormState) -> impl IntoView {
    let id = input_id(&path);
    let control = control(&spec, &path, &id, state);
    let invalid = {
        let path = path.clone();
        move || state.problem_at(&path).is_some()
    };
    view! {
        <div class="field" class:invalid=invalid>
            <FieldLabel spec=spec.clone() for_id=id.clone() />
            {control}
            <FieldNotes spec path id state />
        </div>
    }
}

/// The input element for a scalar kind, bound to `state` at `path`.
fn control(spec: &FieldSpec, path: &str, id: &str, state: FormState) -> AnyView {
    let described = format!("{id}-help {id}-error");
    let required = spec.required;
    let placeholder = spec.placeholder.clone().unwrap_or_default();
    let invalid = {
        let path = path.to_string();
        move || state.problem_at(&path).is_some().to_string()
    };
    let value = {
        let path = path.to_string();
        move || state.get(&path)
    };
    let on_input = {
        let path = path.to_string();
        move |ev| state.set(&path, event_target_value(&ev))
    };
    let name = path.to_string();
    let id = id.to_string();
    match &spec.kind {
        FieldKind::MultiLine | FieldKind::Code | FieldKind::Json => {
            let monospace = !matches!(spec.kind, FieldKind::MultiLine);
            let rows = if monospace { 8 } else { 4 };
            view! {
                <textarea id=id name=name rows=rows class:code=monospace spellcheck=(!monospace).to_string()
                    aria-required=required.to_string() aria-invalid=invalid aria-describedby=described
                    placeholder=placeholder prop:value=value on:input=on_input></textarea>
            }
            .into_any()
        }
        FieldKind::Choice(choices) => {
            // With a default, a blank choice would only mean that default again.
            let blank = spec.default.is_none().then(|| {
                let label = spec
                    .placeholder
                    .clone()
                    .unwrap_or_else(|| tr!("— choose —", "— 请选择 —"));
                view! { <option value="">{label}</option> }
            });
            let options = choice_options(choices, path, state);
            let unlisted = unlisted_choice(choices, path, state);
            view! {
                <select id=id name=name aria-required=required.to_string() aria-invalid=invalid
                    aria-describedby=described prop:value=value on:change=on_input>
                    {blank}
                    {options}
                    {unlisted}
                </select>
            }
            .into_any()
        }
        FieldKind::DateTime => {
            // The wire says "YYYY-MM-DD hh:mm:ss"; the browser's picker says "YYYY-MM-DDThh:mm[:ss]".
            let shown = move || value().replacen(' ', "T", 1);
            let path = path.to_string();
            view! {
                <input type="datetime-local" step="1" id=id name=name aria-required=required.to_string()
                    aria-invalid=invalid aria-describedby=described prop:value=shown
                    on:input=move |ev| state.set(&path, wire_date_time(&event_target_value(&ev))) />
            }
            .into_any()
        }
        kind => {
            let (input_type, mode) = match kind {
                FieldKind::Date => ("date", "text"),
                FieldKind::Integer { .. } => ("text", "numeric"),
                FieldKind::Url => ("text", "url"),
                _ => ("text", "text"),
            };
            let suggestions = match kind {
                FieldKind::Suggest(names) => Some(names.clone()),
                _ => None,
            };
            let list_id = suggestions.as_ref().map(|_| format!("{id}-suggestions"));
            view! {
                <input type=input_type inputmode=mode id=id name=name list=list_id.clone()
                    autocomplete="off" aria-required=required.to_string() aria-invalid=invalid
                    aria-describedby=described placeholder=placeholder prop:value=value on:input=on_input />
                {suggestions.map(|names| view! {
                    <datalist id=list_id.unwrap_or_default()>
                        {names.into_iter().map(|n| view! { <option value=n></option> }).collect_view()}
                    </datalist>
                })}
            }
            .into_any()
        }
    }
}

/// The options of a select, each selected by its own value: the select's `value` is set before
/// its options exist, so it alone would show the first option (a restored draft would look empty).
fn choice_options(choices: &[Choice], path: &str, state: FormState) -> impl IntoView {
    choices
        .iter()
        .map(|choice| {
            let (path, value) = (path.to_string(), choice.value.clone());
            let selected = move || state.get(&path) == value;
            view! { <option value=choice.value.clone() prop:selected=selected>{choice.label.clone()}</option> }
        })
        .collect_view()
}

/// A value none of the choices has (from a shared link or an older draft), offered and shown
/// as chosen, so the select never silently shows something else.
fn unlisted_choice(choices: &[Choice], path: &str, state: FormState) -> impl IntoView {
    let known: Vec<String> = choices.iter().map(|choice| choice.value.clone()).collect();
    let path = path.to_string();
    move || {
        let current = state.get(&path);
        (!current.is_empty() && !known.contains(&current)).then(|| {
            view! { <option value=current.clone() prop:selected=true>{current.clone()}</option> }
        })
    }
}

/// "2026-11-22T08:30" or "2026-11-22T08:30:15" -> "2026-11-22 08:30:15".
pub fn wire_date_time(picked: &str) -> String {
    let text = picked.replacen('T', " ", 1);
    if text.len() == 16 {
        format!("{text}:00")
    } else {
        text
    }
}

#[component]
fn CheckboxField(spec: FieldSpec, path: String, state: FormState) -> impl IntoView {
    let id = input_id(&path);
    let checked = {
        let path = path.clone();
        move || state.get(&path) == "true"
    };
    let toggle = {
        let path = path.clone();
        move |ev| state.set(&path, event_target_checked(&ev).to_string())
    };
    view! {
        <div class="field checkbox-field">
            <input type="checkbox" id=id.clone() name=path.clone() value="true"
                aria-describedby=format!("{id}-help {id}-error") prop:checked=checked on:change=toggle />
            <FieldLabel spec=spec.clone() for_id=id.clone() />
            <FieldNotes spec path id state />
        </div>
    }
}

/// Several choices as a group of checkboxes; the wire value is the chosen keys, comma-separated.
#[component]
fn MultiChoiceField(
    spec: FieldSpec,
    choices: Vec<Choice>,
    path: String,
    state: FormState,
) -> impl IntoView {
    let id = input_id(&path);
    let boxes = choices
        .into_iter()
        .enumerate()
        .map(|(index, choice)| {
            let box_id = format!("{id}-{index}");
            let key = choice.value.clone();
            let checked = {
                let (path, key) = (path.clone(), key.clone());
                move || split_list(&state.get(&path)).contains(&key)
            };
            let toggle = {
                let path = path.clone();
                move |ev| {
                    let mut chosen = split_list(&state.get(&path));
                    chosen.retain(|k| k != &key);
                    if event_target_checked(&ev) {
                        chosen.push(key.clone());
                    }
                    state.set(&path, chosen.join(","));
                }
            };
            let label_for = box_id.clone();
            view! {
                <label class="choice" for=label_for>
                    <input type="checkbox" id=box_id name=path.clone() value=choice.value
                        prop:checked=checked on:change=toggle />
                    {choice.label}
                </label>
            }
        })
        .collect_view();
    let (group_id, described) = (id.clone(), format!("{id}-help {id}-error"));
    view! {
        <fieldset class="field choice-group" id=group_id aria-describedby=described>
            <legend>
                {spec.label.clone()}
                {spec.required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}
            </legend>
            {boxes}
            <FieldNotes spec path id state />
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picked_date_times_get_the_wire_format() {
        assert_eq!(wire_date_time("2026-11-22T08:30"), "2026-11-22 08:30:00");
        assert_eq!(wire_date_time("2026-11-22T08:30:15"), "2026-11-22 08:30:15");
        assert_eq!(wire_date_time(""), "");
    }
}

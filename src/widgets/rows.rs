//! Rows of a form: repeated groups (ZStack request rows, DMS dbItemList) and key/value lists
//! (ITSM raw fields, state processors). Rows live in the flat value map as `path[i].child`;
//! adding, removing and moving rows renumbers those keys with the `vendors::form` helpers.

use super::fields::{input_id, FieldLabel, FieldList, FieldNotes, FormState};
use leptos::prelude::*;
use vendors::form::{insert_row, remove_row, row_count, row_path, swap_rows};
use vendors::{FieldKind, FieldSpec};

/// The buttons of one row: move up, move down, remove.
#[component]
fn RowTools(
    path: String,
    index: usize,
    count: Memo<usize>,
    state: FormState,
    what: String,
) -> impl IntoView {
    let number = index + 1;
    let (up_path, down_path, remove_path) = (path.clone(), path.clone(), path);
    view! {
        <div class="row-tools">
            <button type="button" class="secondary small" aria-label=format!("Move {what} {number} up")
                disabled={move || index == 0}
                on:click=move |_| state.values.update(|v| swap_rows(v, &up_path, index, index - 1))>"↑"</button>
            <button type="button" class="secondary small" aria-label=format!("Move {what} {number} down")
                disabled={move || index + 1 >= count.get()}
                on:click=move |_| state.values.update(|v| swap_rows(v, &down_path, index, index + 1))>"↓"</button>
            <button type="button" class="secondary small danger" aria-label=format!("Remove {what} {number}")
                on:click=move |_| state.values.update(|v| remove_row(v, &remove_path, index))>"Remove"</button>
        </div>
    }
}

fn add_button(
    spec: &FieldSpec,
    path: String,
    count: Memo<usize>,
    state: FormState,
) -> impl IntoView {
    let kind = spec.kind.clone();
    let label = format!("Add {}", singular(&spec.label));
    view! {
        <button type="button" class="secondary add-row"
            on:click=move |_| state.values.update(|v| insert_row(v, &path, count.get_untracked(), &kind))>
            {label}
        </button>
    }
}

/// "State processors" -> "state processor", "Requests" -> "request": the noun of one row.
fn singular(label: &str) -> String {
    let lower = label.to_lowercase();
    lower.strip_suffix('s').map(str::to_string).unwrap_or(lower)
}

/// A repeated group: each row is a card holding the group's fields.
#[component]
pub fn RepeatedRows(spec: FieldSpec, path: String, state: FormState) -> impl IntoView {
    let FieldKind::Repeated { fields, .. } = spec.kind.clone() else {
        return ().into_any();
    };
    let id = input_id(&path);
    let count = Memo::new({
        let path = path.clone();
        move |_| state.values.with(|v| row_count(v, &path))
    });
    let what = singular(&spec.label);
    let rows = {
        let (path, what) = (path.clone(), what.clone());
        move || {
            (0..count.get())
                .map(|index| {
                    let prefix = format!("{path}[{index}]");
                    view! {
                        <div class="row-card" role="group" aria-label=format!("{what} {}", index + 1)>
                            <div class="row-head">
                                <span class="row-title">{format!("{} {}", capitalised(&what), index + 1)}</span>
                                <RowTools path=path.clone() index count state what=what.clone() />
                            </div>
                            <FieldList specs=fields.clone() state prefix />
                        </div>
                    }
                })
                .collect_view()
        }
    };
    let group_id = id.clone();
    view! {
        <fieldset class="field rows" id=group_id>
            <legend>
                {spec.label.clone()}
                {spec.required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}
            </legend>
            {rows}
            {add_button(&spec, path.clone(), count, state)}
            <FieldNotes spec path id state />
        </fieldset>
    }
    .into_any()
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Free key/value rows, e.g. ITSM `fields` in raw mode or `meta.state_processors`.
#[component]
pub fn KeyValueRows(spec: FieldSpec, path: String, state: FormState) -> impl IntoView {
    let id = input_id(&path);
    let count = Memo::new({
        let path = path.clone();
        move |_| state.values.with(|v| row_count(v, &path))
    });
    let what = singular(&spec.label);
    let rows = {
        let (path, what) = (path.clone(), what.clone());
        move || {
            (0..count.get())
                .map(|index| {
                    let cell = |child: &str, label: &str| {
                        let cell_path = row_path(&path, index, child);
                        let cell_spec = FieldSpec::new(child, label, FieldKind::Text);
                        let cell_id = input_id(&cell_path);
                        let value = {
                            let cell_path = cell_path.clone();
                            move || state.get(&cell_path)
                        };
                        let on_input = {
                            let cell_path = cell_path.clone();
                            move |ev| state.set(&cell_path, event_target_value(&ev))
                        };
                        let invalid = {
                            let cell_path = cell_path.clone();
                            move || state.problem_at(&cell_path).is_some().to_string()
                        };
                        view! {
                            <div class="field kv-cell">
                                <FieldLabel spec=cell_spec.clone() for_id=cell_id.clone() />
                                <input type="text" id=cell_id.clone() name=cell_path.clone() autocomplete="off"
                                    aria-invalid=invalid aria-describedby=format!("{cell_id}-error")
                                    prop:value=value on:input=on_input />
                                <FieldNotes spec=cell_spec path=cell_path id=cell_id state />
                            </div>
                        }
                    };
                    view! {
                        <div class="kv-row" role="group" aria-label=format!("{what} {}", index + 1)>
                            {cell("key", "Key")}
                            {cell("value", "Value")}
                            <RowTools path=path.clone() index count state what=what.clone() />
                        </div>
                    }
                })
                .collect_view()
        }
    };
    let group_id = id.clone();
    view! {
        <fieldset class="field rows key-values" id=group_id>
            <legend>
                {spec.label.clone()}
                {spec.required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}
            </legend>
            {rows}
            {add_button(&spec, path.clone(), count, state)}
            <FieldNotes spec path id state />
        </fieldset>
    }
}

//! Rows of a form: repeated groups (ZStack request rows, DMS dbItemList) and key/value lists
//! (ITSM raw fields, state processors). Rows live in the flat value map as `path[i].child`;
//! adding, removing and moving rows renumbers those keys with the `vendors::form` helpers.

use super::field_frame::{FieldNotes, FormState};
use super::focus::{focus_later, input_id};
use leptos::prelude::*;
use vendors::form::{insert_row, remove_row, row_count, swap_rows};
use vendors::i18n::{self, Lang};
use vendors::{tr, FieldKind, FieldSpec};

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
            <button type="button" class="secondary small" aria-label=tr!("Move {what} {number} up", "上移{what} {number}")
                disabled={move || index == 0}
                on:click=move |_| state.values.update(|v| swap_rows(v, &up_path, index, index - 1))>"↑"</button>
            <button type="button" class="secondary small" aria-label=tr!("Move {what} {number} down", "下移{what} {number}")
                disabled={move || index + 1 >= count.get()}
                on:click=move |_| state.values.update(|v| swap_rows(v, &down_path, index, index + 1))>"↓"</button>
            <button type="button" class="secondary small danger" aria-label=tr!("Remove {what} {number}", "删除{what} {number}")
                on:click=move |_| {
                    state.values.update(|v| remove_row(v, &remove_path, index));
                    // The rows are drawn again: keep the keyboard user in the group.
                    focus_later(format!("{}-add", input_id(&remove_path)));
                }>{tr!("Remove", "删除")}</button>
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
    let what = row_noun(&spec.label);
    let label = tr!("Add {what}", "添加{what}");
    view! {
        <button type="button" class="secondary add-row" id=format!("{}-add", input_id(&path))
            on:click=move |_| state.values.update(|v| insert_row(v, &path, count.get_untracked(), &kind))>
            {label}
        </button>
    }
}

/// The noun of one row: "State processors" -> "state processor", "Requests" -> "request";
/// a Chinese label names one row as it is ("请求").
fn row_noun(label: &str) -> String {
    match i18n::current() {
        Lang::En => singular(label),
        Lang::Zh => label.to_string(),
    }
}

fn singular(label: &str) -> String {
    let lower = label.to_lowercase();
    lower.strip_suffix('s').map(str::to_string).unwrap_or(lower)
}

/// Rows of a repeated group (each row a card of the group's fields) or of a key/value list
/// (each row a key and a value on one line): one mechanism, two layouts.
#[component]
pub fn Rows(
    spec: FieldSpec,
    path: String,
    state: FormState,
    /// Draws one row's fields (the field renderer's own list).
    row_fields: fn(Vec<FieldSpec>, FormState, String) -> AnyView,
) -> impl IntoView {
    let (fields, cards) = match &spec.kind {
        FieldKind::Repeated { fields, .. } => (fields.clone(), true),
        _ => (
            vec![
                FieldSpec::new("key", tr!("Key", "键"), FieldKind::Text),
                FieldSpec::new("value", tr!("Value", "值"), FieldKind::Text),
            ],
            false,
        ),
    };
    let id = input_id(&path);
    let count = Memo::new({
        let path = path.clone();
        move |_| state.values.with(|v| row_count(v, &path))
    });
    let what = row_noun(&spec.label);
    let rows = {
        let path = path.clone();
        move || {
            (0..count.get())
                .map(|index| {
                    let number = index + 1;
                    let tools = view! { <RowTools path=path.clone() index count state what=what.clone() /> };
                    let fields = row_fields(fields.clone(), state, format!("{path}[{index}]"));
                    let name = tr!("{what} {number}", "{what} {number}");
                    if cards {
                        view! {
                            <div class="row-card" role="group" aria-label=name>
                                <div class="row-head">
                                    <span class="row-title">{format!("{} {number}", capitalised(&what))}</span>
                                    {tools}
                                </div>
                                {fields}
                            </div>
                        }
                        .into_any()
                    } else {
                        view! { <div class="kv-row" role="group" aria-label=name>{fields}{tools}</div> }.into_any()
                    }
                })
                .collect_view()
        }
    };
    let group_id = id.clone();
    view! {
        <fieldset class="field rows" class:key-values=!cards id=group_id>
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

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

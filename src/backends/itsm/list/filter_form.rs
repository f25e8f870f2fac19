//! The ITSM list's filter form: its filters as field specs, and the way between them and the
//! URL's filters. "Only my to-do" and the status badges are widgets of their own, on the same
//! draft, ids and error lines as the drawn fields.

use super::{split_sns, ItsmFilters, CREATED_FROM, CREATED_TO, CREATOR, SNS, STATUSES, USERNAME};
use crate::identity;
use crate::list::{draft_values, filter_state, FilterForm, ListUrl};
use crate::widgets::badge::StatusBadge;
use crate::widgets::field_frame::{FormState, ProblemLine};
use crate::widgets::fields::FieldList;
use crate::widgets::focus::input_id;
use leptos::prelude::*;
use vendors::form::{split_list, value, value_bool};
use vendors::itsm;
use vendors::{tr, Choice, FieldKind, FieldSpec, FormValues, Kind, Problem};

/// The draft's key of the user name typed for "my to-do"; never part of the URL.
const IDENTITY: &str = "identity";

/// The fields the renderer draws.
fn drawn_specs() -> Vec<FieldSpec> {
    vec![
        FieldSpec::new(SNS, tr!("Ticket numbers", "工单号"), FieldKind::Text).help(tr!(
            "Separate several with commas or spaces.",
            "多个单号用逗号或空格分隔。"
        )),
        FieldSpec::new(CREATOR, tr!("Creator", "提单人"), FieldKind::Text),
        FieldSpec::new(
            CREATED_FROM,
            tr!("Created from", "创建时间起"),
            FieldKind::DateTime,
        ),
        FieldSpec::new(
            CREATED_TO,
            tr!("Created until", "创建时间止"),
            FieldKind::DateTime,
        ),
    ]
}

fn todo_spec() -> FieldSpec {
    FieldSpec::new(
        USERNAME,
        tr!("Only my to-do", "只看我的待办"),
        FieldKind::Boolean,
    )
}

fn status_spec() -> FieldSpec {
    FieldSpec::new(
        STATUSES,
        tr!("Status", "状态"),
        FieldKind::MultiChoice(
            itsm::STATUSES
                .iter()
                .map(|status| Choice::new(status.code, status.code))
                .collect(),
        ),
    )
}

fn identity_spec() -> FieldSpec {
    FieldSpec::new(
        IDENTITY,
        tr!("Your ITSM user name", "您的 ITSM 用户名"),
        FieldKind::Text,
    )
    .help(tr!(
        "Remembered in this browser for “my to-do”.",
        "本浏览器会记住它，用于“我的待办”。"
    ))
}

/// The draft: "my to-do" is ticked when the URL names a user; statuses comma-separated.
fn to_values(filters: &ItsmFilters) -> FormValues {
    let todo = (!filters.username.is_empty()).to_string();
    draft_values([
        (SNS, filters.sns.join(", ").as_str()),
        (CREATOR, &filters.creator),
        (CREATED_FROM, &filters.created_from),
        (CREATED_TO, &filters.created_to),
        (USERNAME, &todo),
        (STATUSES, &filters.statuses.join(",")),
    ])
}

/// The form's filters; `username` is whose to-do, decided by the caller.
fn from_values(values: &FormValues, username: String) -> ItsmFilters {
    ItsmFilters {
        sns: split_sns(value(values, SNS)),
        creator: value(values, CREATOR).into(),
        created_from: value(values, CREATED_FROM).into(),
        created_to: value(values, CREATED_TO).into(),
        username,
        statuses: split_list(value(values, STATUSES)),
    }
}

#[component]
pub(super) fn ItsmFilterForm(
    url: ListUrl<ItsmFilters>,
    /// The instance whose remembered identity "my to-do" uses.
    instance: String,
    problems: Signal<Vec<Problem>>,
    /// On "waiting for me", whose to-do is fixed by the page.
    waiting: bool,
) -> impl IntoView {
    let saved_identity = RwSignal::new(identity::get(&instance));
    let identity_problem = RwSignal::new(None::<String>);
    let problems = Signal::derive(move || {
        let mut all = problems.get();
        all.extend(identity_problem.get().map(|m| Problem::new(IDENTITY, m)));
        all
    });
    let specs = drawn_specs();
    let mut every_spec = specs.clone();
    every_spec.extend([todo_spec(), status_spec()]);
    let state = filter_state(url, &every_spec, to_values, problems);

    let apply = move |values: &FormValues, current: &ItsmFilters| {
        identity_problem.set(None);
        let mut username = String::new();
        if value_bool(values, USERNAME) == Some(true) {
            let typed = value(values, IDENTITY);
            if !typed.is_empty() {
                identity::set(&instance, typed);
                saved_identity.set(Some(typed.to_string()));
            }
            // A shared link's to-do stays until this browser knows who you are.
            username = saved_identity
                .get_untracked()
                .unwrap_or_else(|| current.username.clone());
            if username.is_empty() {
                identity_problem.set(Some(tr!(
                    "Enter your ITSM user name to see the tickets waiting for you.",
                    "请输入您的 ITSM 用户名，以查看待您审批的工单。"
                )));
                return None;
            }
        }
        Some(from_values(values, username))
    };
    let todo_of = Memo::new(move |_| url.filters.with(|filters| filters.username.clone()));
    let url_statuses = Memo::new(move |_| url.filters.with(|filters| filters.statuses.clone()));

    view! {
        <FilterForm url specs state apply>
            // "Waiting for me" is the to-do already: the box would only confuse there.
            {(!waiting).then(|| view! { <MyTodo state todo_of saved_identity /> })}
            <StatusFilter state from_url=url_statuses />
        </FilterForm>
    }
}

/// "Only my to-do": `username` is the identity this browser remembers for the instance; when
/// none is remembered yet, a field asks for it.
#[component]
fn MyTodo(
    state: FormState,
    /// Whose to-do the URL asks for.
    todo_of: Memo<String>,
    saved_identity: RwSignal<Option<String>>,
) -> impl IntoView {
    let spec = todo_spec();
    let id = input_id(&spec.path);
    let whose = move || {
        let name = saved_identity.get().unwrap_or_else(|| todo_of.get());
        (!name.is_empty()).then(|| tr!(" (waiting for {name})", "（待 {name} 处理）"))
    };
    let change_name = move |_| {
        state.set(IDENTITY, saved_identity.get_untracked().unwrap_or_default());
        saved_identity.set(None);
    };
    view! {
        <div class="field todo-filter">
            <div class="check">
                <input
                    type="checkbox"
                    id=id.clone()
                    name=USERNAME
                    aria-describedby=format!("{id}-error")
                    prop:checked=move || state.get(USERNAME) == "true"
                    on:change=move |event| state.set(USERNAME, event_target_checked(&event).to_string())
                />
                <label for=id.clone()>{spec.label} {whose}</label>
            </div>
            <ProblemLine id message=Signal::derive(move || state.problem_at(USERNAME)) />
            <Show when=move || saved_identity.with(Option::is_none)>
                <FieldList specs=vec![identity_spec()] state />
            </Show>
            <Show when=move || saved_identity.with(Option::is_some)>
                <button type="button" class="link-button" on:click=change_name>
                    {tr!("Change user name", "更换用户名")}
                </button>
            </Show>
        </div>
    }
}

/// `current_status__in`: ITSM's documented statuses, plus any other the URL names (a shared
/// link may carry a status this build does not know; it stays visible and can be unticked).
#[component]
fn StatusFilter(state: FormState, from_url: Memo<Vec<String>>) -> impl IntoView {
    let spec = status_spec();
    let id = input_id(&spec.path);
    let (group_id, described_by) = (id.clone(), format!("{id}-error"));
    let known = itsm::STATUSES
        .into_iter()
        .map(|status| status_box(status.code.to_string(), state))
        .collect_view();
    // Only redrawn when the URL changes, never while ticking, so focus stays put.
    let unknown = move || {
        from_url
            .get()
            .into_iter()
            .filter(|status| !itsm::STATUSES.iter().any(|known| known.code == status))
            .map(|status| status_box(status, state))
            .collect_view()
    };
    view! {
        <fieldset class="field status-filter" id=group_id aria-describedby=described_by>
            <legend>{spec.label}</legend>
            <div class="status-choices">{known} {unknown}</div>
            <ProblemLine id message=Signal::derive(move || state.problem_at(STATUSES)) />
        </fieldset>
    }
}

fn status_box(status: String, state: FormState) -> impl IntoView {
    let id = input_id(&format!("{STATUSES}.{status}"));
    let chosen = {
        let status = status.clone();
        move || split_list(&state.get(STATUSES)).contains(&status)
    };
    let toggle = {
        let status = status.clone();
        move |event: leptos::ev::Event| {
            let mut chosen = split_list(&state.get(STATUSES));
            chosen.retain(|s| *s != status);
            if event_target_checked(&event) {
                chosen.push(status.clone());
            }
            state.set(STATUSES, chosen.join(","));
        }
    };
    view! {
        <div class="check">
            <input
                type="checkbox"
                id=id.clone()
                name=STATUSES
                value=status.clone()
                prop:checked=chosen
                on:change=toggle
            />
            <label for=id>
                <StatusBadge kind=Kind::Itsm status=status />
            </label>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_survive_the_form() {
        let filters = ItsmFilters {
            sns: vec!["NO1".into(), "NO2".into()],
            creator: "alice".into(),
            created_from: "2025-03-01 00:00:00".into(),
            username: "bob".into(),
            statuses: vec!["RUNNING".into(), "SOMETHING_NEW".into()],
            ..ItsmFilters::default()
        };
        let values = to_values(&filters);
        assert_eq!(value_bool(&values, USERNAME), Some(true));
        assert_eq!(from_values(&values, "bob".into()), filters);
    }
}

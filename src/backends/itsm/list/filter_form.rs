//! The ITSM list's filter form: a draft of the URL's filters that applying navigates to.

use super::{split_sns, ItsmFilters, CREATED_FROM, CREATED_TO, CREATOR, SNS, STATUSES, USERNAME};
use crate::identity;
use crate::list::filters::error_id;
use crate::list::{
    input_to_wire, problem_at, wire_to_input, FieldError, FilterForm, ListUrl, TextFilter,
};
use crate::widgets::badge::StatusBadge;
use leptos::prelude::*;
use vendors::itsm;
use vendors::{Kind, Problem};

#[component]
pub(super) fn ItsmFilterForm(
    url: ListUrl<ItsmFilters>,
    /// The instance whose remembered identity "my to-do" uses.
    instance: String,
    problems: Signal<Vec<Problem>>,
) -> impl IntoView {
    let sns = RwSignal::new(String::new());
    let creator = RwSignal::new(String::new());
    let created_from = RwSignal::new(String::new());
    let created_to = RwSignal::new(String::new());
    let my_todo = RwSignal::new(false);
    let statuses = RwSignal::new(Vec::<String>::new());
    let url_statuses = Memo::new(move |_| url.filters.with(|filters| filters.statuses.clone()));
    let todo_of = RwSignal::new(String::new());
    // The draft follows the URL, so back/forward and shared links refill the form.
    Effect::new(move || {
        let filters = url.filters.get();
        sns.set(filters.sns.join(", "));
        creator.set(filters.creator);
        created_from.set(wire_to_input(&filters.created_from));
        created_to.set(wire_to_input(&filters.created_to));
        my_todo.set(!filters.username.is_empty());
        todo_of.set(filters.username);
        statuses.set(filters.statuses);
    });

    let saved_identity = RwSignal::new(identity::get(&instance));
    let identity_draft = RwSignal::new(String::new());
    let identity_error = RwSignal::new(None::<String>);

    let apply = move || {
        identity_error.set(None);
        let mut username = String::new();
        if my_todo.get_untracked() {
            let typed = identity_draft.get_untracked().trim().to_string();
            if !typed.is_empty() {
                identity::set(&instance, &typed);
                saved_identity.set(Some(typed));
            }
            // A shared link's to-do stays until this browser knows who you are.
            username = saved_identity
                .get_untracked()
                .unwrap_or_else(|| todo_of.get_untracked());
            if username.is_empty() {
                identity_error.set(Some(
                    "Enter your ITSM user name to see the tickets waiting for you.".into(),
                ));
                return;
            }
        }
        url.set_filters(&ItsmFilters {
            sns: split_sns(&sns.get_untracked()),
            creator: creator.get_untracked().trim().to_string(),
            created_from: input_to_wire(&created_from.get_untracked()),
            created_to: input_to_wire(&created_to.get_untracked()),
            username,
            statuses: statuses.get_untracked(),
        });
    };
    let clear = move || url.set_filters(&ItsmFilters::default());

    view! {
        <FilterForm apply clear>
            <TextFilter
                label="Ticket numbers"
                name=SNS
                value=sns
                problems
                hint="Separate several with commas or spaces."
            />
            <TextFilter label="Creator" name=CREATOR value=creator problems />
            <TextFilter
                label="Created from"
                name=CREATED_FROM
                value=created_from
                problems
                input_type="datetime-local"
            />
            <TextFilter
                label="Created until"
                name=CREATED_TO
                value=created_to
                problems
                input_type="datetime-local"
            />
            <MyTodo my_todo todo_of saved_identity identity_draft identity_error />
            <StatusFilter statuses from_url=url_statuses problems />
        </FilterForm>
    }
}

/// "Only my to-do": `username` is the identity this browser remembers ("identity:itsm"); when
/// none is remembered yet, a field asks for it.
#[component]
fn MyTodo(
    my_todo: RwSignal<bool>,
    todo_of: RwSignal<String>,
    saved_identity: RwSignal<Option<String>>,
    identity_draft: RwSignal<String>,
    identity_error: RwSignal<Option<String>>,
) -> impl IntoView {
    let whose = move || {
        let name = saved_identity.get().unwrap_or_else(|| todo_of.get());
        (!name.is_empty()).then(|| format!("(waiting for {name})"))
    };
    let identity_error_signal = Signal::derive(move || identity_error.get());
    view! {
        <div class="filter-field todo-filter">
            <div class="check">
                <input type="checkbox" id="filter-username" name=USERNAME bind:checked=my_todo />
                <label for="filter-username">"Only my to-do " {whose}</label>
            </div>
            <Show when=move || saved_identity.with(Option::is_none)>
                <label for="identity-itsm">"Your ITSM user name"</label>
                <input
                    id="identity-itsm"
                    name="identity"
                    type="text"
                    autocomplete="username"
                    bind:value=identity_draft
                    aria-describedby=error_id("identity")
                />
                <p class="field-hint">"Remembered in this browser for “my to-do”."</p>
            </Show>
            <Show when=move || saved_identity.with(Option::is_some)>
                <button
                    type="button"
                    class="link-button"
                    on:click=move |_| {
                        identity_draft.set(saved_identity.get_untracked().unwrap_or_default());
                        saved_identity.set(None);
                    }
                >
                    "Change user name"
                </button>
            </Show>
            <FieldError id=error_id("identity") message=identity_error_signal />
        </div>
    }
}

/// `current_status__in`: ITSM's documented statuses, plus any other the URL names (a shared
/// link may carry a status this build does not know; it stays visible and can be unticked).
#[component]
fn StatusFilter(
    statuses: RwSignal<Vec<String>>,
    from_url: Memo<Vec<String>>,
    problems: Signal<Vec<Problem>>,
) -> impl IntoView {
    let error = Signal::derive(move || problems.with(|p| problem_at(p, STATUSES)));
    let known = itsm::STATUSES
        .into_iter()
        .map(|status| status_box(status.to_string(), statuses))
        .collect_view();
    // Only redrawn when the URL changes, never while ticking, so focus stays put.
    let unknown = move || {
        from_url
            .get()
            .into_iter()
            .filter(|status| !itsm::STATUSES.contains(&status.as_str()))
            .map(|status| status_box(status, statuses))
            .collect_view()
    };
    view! {
        <fieldset class="filter-field status-filter">
            <legend>"Status"</legend>
            <div class="status-choices">{known} {unknown}</div>
            <FieldError id=error_id(STATUSES) message=error />
        </fieldset>
    }
}

fn status_box(status: String, statuses: RwSignal<Vec<String>>) -> impl IntoView {
    let id = format!("filter-status-{status}");
    let chosen = {
        let status = status.clone();
        move || statuses.with(|s| s.contains(&status))
    };
    let toggle = {
        let status = status.clone();
        move |event: leptos::ev::Event| {
            let on = event_target_checked(&event);
            statuses.update(|chosen| {
                chosen.retain(|s| *s != status);
                if on {
                    chosen.push(status.clone());
                }
            });
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
                <StatusBadge backend=Kind::Itsm status=status />
            </label>
        </div>
    }
}

//! The ITSM ticket list (`get_tickets`). Every filter lives in the URL under its wire name
//! (`sns`, `creator`, `create_at__gte`, `create_at__lte`, `username`, `current_status__in`,
//! `page`, `page_size`); the form edits a draft and applying it navigates.

use crate::config::BackendConfig;
use crate::identity;
use crate::list::columns::{
    created_column, creator_column, id_column, link_column, service_column, status_column,
    title_column, updated_column,
};
use crate::list::filters::error_id;
use crate::list::query::{all_texts, merge_problems, put_text, text};
use crate::list::{
    fetch_page, problem_at, use_list_url, FieldError, ListUrl, ListView, PageRequest, PagingSpec,
    QueryFilters, TextFilter,
};
use crate::widgets::badge::StatusBadge;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::params::ParamsMap;
use vendors::itsm::{self, GetTickets};
use vendors::validate::MAX_PAGE_SIZE;
use vendors::{Backend, Problem};

const SNS: &str = "sns";
const CREATOR: &str = "creator";
const CREATED_FROM: &str = "create_at__gte";
const CREATED_TO: &str = "create_at__lte";
const USERNAME: &str = "username";
const STATUSES: &str = "current_status__in";

const PAGING: PagingSpec = PagingSpec {
    page_key: "page",
    page_size_key: "page_size",
    default_page_size: itsm::DEFAULT_PAGE_SIZE,
    max_page_size: MAX_PAGE_SIZE as u64,
};

/// The list's filters as the URL holds them: raw text, dates in the wire's
/// `YYYY-MM-DD hh:mm:ss`.
#[derive(Debug, Clone, PartialEq, Default)]
struct ItsmFilters {
    sns: Vec<String>,
    creator: String,
    created_from: String,
    created_to: String,
    /// Only tickets waiting for this user ("my to-do").
    username: String,
    statuses: Vec<String>,
}

impl QueryFilters for ItsmFilters {
    fn from_query(query: &ParamsMap) -> Self {
        ItsmFilters {
            sns: all_texts(query, SNS)
                .iter()
                .flat_map(|t| split_sns(t))
                .collect(),
            creator: text(query, CREATOR),
            created_from: text(query, CREATED_FROM),
            created_to: text(query, CREATED_TO),
            username: text(query, USERNAME),
            statuses: all_texts(query, STATUSES),
        }
    }

    fn write_query(&self, query: &mut ParamsMap) {
        for sn in &self.sns {
            put_text(query, SNS, sn);
        }
        put_text(query, CREATOR, &self.creator);
        put_text(query, CREATED_FROM, &self.created_from);
        put_text(query, CREATED_TO, &self.created_to);
        put_text(query, USERNAME, &self.username);
        for status in &self.statuses {
            put_text(query, STATUSES, status);
        }
    }
}

/// Ticket numbers typed as `A, B C` or pasted one per line.
fn split_sns(text: &str) -> Vec<String> {
    text.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|sn| !sn.is_empty())
        .map(str::to_string)
        .collect()
}

fn non_empty(text: &str) -> Option<String> {
    Some(text.trim().to_string()).filter(|text| !text.is_empty())
}

fn non_empty_list(items: &[String]) -> Option<Vec<String>> {
    Some(items.to_vec()).filter(|items| !items.is_empty())
}

/// The call input for the URL's filters and page, or every problem with them.
fn get_tickets(
    filters: &ItsmFilters,
    paging: Result<PageRequest, Vec<Problem>>,
) -> Result<GetTickets, Vec<Problem>> {
    let (paging, mut problems) = match paging {
        Ok(paging) => (Some(paging), Vec::new()),
        Err(problems) => (None, problems),
    };
    let request = GetTickets {
        sns: non_empty_list(&filters.sns),
        creator: non_empty(&filters.creator),
        created_from: non_empty(&filters.created_from),
        created_to: non_empty(&filters.created_to),
        username: non_empty(&filters.username),
        statuses: non_empty_list(&filters.statuses),
        page: paging.map(|paging| paging.page),
        page_size: paging.map(|paging| paging.page_size),
        ..GetTickets::default()
    };
    if let Err(found) = request.validate() {
        merge_problems(&mut problems, found);
    }
    if problems.is_empty() {
        Ok(request)
    } else {
        Err(problems)
    }
}

/// `2024-05-31 14:30:00` -> `2024-05-31T14:30:00`, what a datetime-local input shows.
fn wire_to_input(wire: &str) -> String {
    wire.trim().replacen(' ', "T", 1)
}

/// A datetime-local value (`2024-05-31T14:30`, seconds optional) -> the wire's format.
fn input_to_wire(input: &str) -> String {
    let wire = input.trim().replacen('T', " ", 1);
    // `YYYY-MM-DD hh:mm` has 16 characters; the wire wants the seconds too.
    if wire.len() == 16 {
        format!("{wire}:00")
    } else {
        wire
    }
}

/// The ITSM get_tickets list.
#[component]
pub fn ItsmList(backend: BackendConfig) -> impl IntoView {
    let url = use_list_url::<ItsmFilters>(PAGING);
    let request = Memo::new(move |_| {
        url.filters
            .with(|f| get_tickets(f, url.paging.request.get()))
    });
    let problems = Signal::derive(move || request.with(|r| r.clone().err().unwrap_or_default()));
    let base = backend.base_url.clone();
    let fetch = move |request: GetTickets| {
        let base = base.clone();
        async move {
            let call = itsm::get_tickets_call(&request);
            fetch_page(&base, &call, |status, body| {
                itsm::decode_get_tickets(status, body).map(|list| itsm::page_from(&request, &list))
            })
            .await
        }
    };
    let columns = vec![
        id_column("Ticket number"),
        title_column(),
        status_column(),
        creator_column(),
        created_column(),
        updated_column(),
        service_column("Service"),
        link_column(),
    ];
    view! {
        <ItsmFilterForm url problems />
        <ListView
            request
            fetch
            columns
            paging=url.paging
            backend=Backend::Itsm
            label=format!("{} tickets", backend.label)
        />
    }
}

#[component]
fn ItsmFilterForm(url: ListUrl<ItsmFilters>, problems: Signal<Vec<Problem>>) -> impl IntoView {
    let sns = RwSignal::new(String::new());
    let creator = RwSignal::new(String::new());
    let created_from = RwSignal::new(String::new());
    let created_to = RwSignal::new(String::new());
    let my_todo = RwSignal::new(false);
    let statuses = RwSignal::new(Vec::<String>::new());
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

    let saved_identity = RwSignal::new(identity::get(Backend::Itsm));
    let identity_draft = RwSignal::new(String::new());
    let identity_error = RwSignal::new(None::<String>);

    let apply = move |event: SubmitEvent| {
        event.prevent_default();
        identity_error.set(None);
        let mut username = String::new();
        if my_todo.get_untracked() {
            let typed = identity_draft.get_untracked().trim().to_string();
            if !typed.is_empty() {
                identity::set(Backend::Itsm, &typed);
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
    let clear = move |_| url.set_filters(&ItsmFilters::default());

    view! {
        <form class="list-filters" on:submit=apply aria-label="Filter tickets">
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
            <StatusFilter statuses problems />
            <div class="filter-actions">
                <button type="submit" class="primary">"Apply filters"</button>
                <button type="button" on:click=clear>"Clear filters"</button>
            </div>
        </form>
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

/// `current_status__in`: any of ITSM's documented statuses.
#[component]
fn StatusFilter(statuses: RwSignal<Vec<String>>, problems: Signal<Vec<Problem>>) -> impl IntoView {
    let error = Signal::derive(move || problems.with(|p| problem_at(p, STATUSES)));
    let boxes = itsm::STATUSES
        .into_iter()
        .map(|status| {
            let id = format!("filter-status-{status}");
            let toggle = move |event: leptos::ev::Event| {
                let on = event_target_checked(&event);
                statuses.update(|chosen| {
                    chosen.retain(|s| s != status);
                    if on {
                        chosen.push(status.to_string());
                    }
                });
            };
            view! {
                <div class="check">
                    <input
                        type="checkbox"
                        id=id.clone()
                        name=STATUSES
                        value=status
                        prop:checked=move || statuses.with(|s| s.iter().any(|c| c == status))
                        on:change=toggle
                    />
                    <label for=id>
                        <StatusBadge backend=Backend::Itsm status=status />
                    </label>
                </div>
            }
        })
        .collect_view();
    view! {
        <fieldset class="filter-field status-filter">
            <legend>"Status"</legend>
            <div class="status-choices">{boxes}</div>
            <FieldError id=error_id(STATUSES) message=error />
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_convert_between_input_and_wire() {
        assert_eq!(input_to_wire("2024-05-31T14:30"), "2024-05-31 14:30:00");
        assert_eq!(input_to_wire("2024-05-31T14:30:15"), "2024-05-31 14:30:15");
        assert_eq!(input_to_wire(""), "");
        assert_eq!(wire_to_input("2024-05-31 14:30:15"), "2024-05-31T14:30:15");
    }

    #[test]
    fn sns_split_on_commas_and_spaces() {
        assert_eq!(split_sns("A1, B2 C3,,\nD4"), ["A1", "B2", "C3", "D4"]);
    }

    #[test]
    fn bad_values_block_the_request_and_name_their_field() {
        let filters = ItsmFilters {
            created_from: "yesterday".into(),
            ..ItsmFilters::default()
        };
        let paging = PAGING.parse(None, Some("20000"));
        let problems = get_tickets(&filters, paging).unwrap_err();
        let paths: Vec<_> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["page_size", CREATED_FROM]);
    }

    #[test]
    fn good_values_become_the_call_input() {
        let filters = ItsmFilters {
            creator: "alice".into(),
            sns: vec!["NO1".into()],
            ..ItsmFilters::default()
        };
        let paging = PAGING.parse(Some("2"), None).unwrap();
        let request = get_tickets(&filters, Ok(paging)).unwrap();
        assert_eq!(request.creator.as_deref(), Some("alice"));
        assert_eq!((request.page, request.page_size), (Some(2), Some(10)));
    }
}

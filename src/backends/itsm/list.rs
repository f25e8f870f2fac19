//! The ITSM ticket list (`get_tickets`). Every filter lives in the URL under its wire name
//! (`sns`, `creator`, `create_at__gte`, `create_at__lte`, `username`, `current_status__in`,
//! `page`, `page_size`); the form edits a draft and applying it navigates.

mod filter_form;

use crate::config::BackendConfig;
use crate::identity;
use crate::kept::Kept;
use crate::list::columns::ColumnWidth;
use crate::list::columns::{
    created_column, creator_column, id_column, link_column, service_column, status_column,
    title_column, updated_column,
};
use crate::list::query::{all_texts, non_empty, non_empty_list, put_text, text};
use crate::list::{
    checked_request, fetch_page, request_problems, use_list_url, ListScope, ListView, PageRequest,
    PagingSpec, QueryFilters,
};
use filter_form::ItsmFilterForm;
use futures_util::future::join;
use leptos::prelude::*;
use leptos_router::params::ParamsMap;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use vendors::itsm::{self, GetTickets};
use vendors::validate::MAX_PAGE_SIZE;
use vendors::{tr, HttpCall, Kind, Problem};

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

/// The URL's filters with `username` fixed to `user` ("waiting for me").
fn waiting_for(filters: &ItsmFilters, user: String) -> ItsmFilters {
    ItsmFilters {
        username: user,
        ..filters.clone()
    }
}

/// Ticket numbers typed as `A, B C` or pasted one per line.
fn split_sns(text: &str) -> Vec<String> {
    text.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|sn| !sn.is_empty())
        .map(str::to_string)
        .collect()
}

/// The call input for the URL's filters and page, or every problem with them.
fn get_tickets(
    filters: &ItsmFilters,
    paging: Result<PageRequest, Vec<Problem>>,
) -> Result<GetTickets, Vec<Problem>> {
    checked_request(
        paging,
        |paging| unchecked(filters, paging),
        GetTickets::validate,
    )
}

/// The call input as the filters and page say, not yet checked.
fn unchecked(filters: &ItsmFilters, paging: Option<PageRequest>) -> GetTickets {
    GetTickets {
        sns: non_empty_list(&filters.sns),
        creator: non_empty(&filters.creator),
        created_from: non_empty(&filters.created_from),
        created_to: non_empty(&filters.created_to),
        username: non_empty(&filters.username),
        statuses: non_empty_list(&filters.statuses),
        page: paging.map(|paging| paging.page),
        page_size: paging.map(|paging| paging.page_size),
        ..GetTickets::default()
    }
}

/// The calls an unfiltered list sends first for this URL query, the same ones [`ItsmList`]
/// makes: the service names (unless known) and the page; none while it would ask for a user
/// name, or when the query has filters (checking those is the page's work).
pub fn first_calls(backend: &BackendConfig, scope: ListScope, query: &ParamsMap) -> Vec<HttpCall> {
    let Some(paging) = PAGING.read_plain(query) else {
        return Vec::new();
    };
    let filters = match scope {
        ListScope::All => ItsmFilters::default(),
        ListScope::WaitingForMe => match identity::get(&backend.id) {
            Some(user) => waiting_for(&ItsmFilters::default(), user),
            None => return Vec::new(),
        },
    };
    let request = unchecked(&filters, Some(paging));
    let known = SERVICE_NAMES.with(|cache| cache.borrow().contains_key(&backend.base_url));
    let services = (!known).then(services_call);
    services
        .into_iter()
        .chain([itsm::get_tickets_call(&request)])
        .collect()
}

fn services_call() -> HttpCall {
    itsm::get_services_call(&itsm::GetServices::default())
}

/// The ITSM get_tickets list. "Waiting for me" is the same list with `username` fixed to the
/// user name this browser remembers for the instance; until one is remembered, it asks.
#[component]
pub fn ItsmList(backend: BackendConfig, scope: ListScope) -> impl IntoView {
    let me = RwSignal::new(identity::get(&backend.id));
    let waiting = match scope {
        ListScope::All => false,
        ListScope::WaitingForMe => true,
    };
    let needs_name = move || waiting && me.with(Option::is_none);
    let instance = backend.id.clone();
    view! {
        <Show
            when=needs_name
            fallback=move || view! { <ItsmTickets backend=backend.clone() waiting me /> }
        >
            <AskUserName instance=instance.clone() me />
        </Show>
    }
}

/// "Waiting for me" without a known user: one field, and the list once it is set.
#[component]
fn AskUserName(instance: String, me: RwSignal<Option<String>>) -> impl IntoView {
    // Kept across a language switch, which draws the prompt again.
    let typed = Kept::text("itsm-user-name");
    let problem = RwSignal::new(None::<String>);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let name = typed.get_untracked().trim().to_string();
        if name.is_empty() {
            problem.set(Some(tr!(
                "Enter your ITSM user name.",
                "请输入您的 ITSM 用户名。"
            )));
            return;
        }
        identity::set(&instance, &name);
        me.set(Some(name));
    };
    view! {
        <form class="ask-user" on:submit=submit>
            <p>
                {tr!(
                    "Which ITSM user are you? Ticket Desk lists the tickets waiting for that user.",
                    "您是哪位 ITSM 用户？Ticket Desk 会列出待该用户审批的工单。"
                )}
            </p>
            <label for="itsm-user-name">{tr!("Your ITSM user name", "您的 ITSM 用户名")}</label>
            <input
                id="itsm-user-name"
                name="identity"
                aria-describedby="itsm-user-name-error"
                prop:value=move || typed.get()
                on:input=move |event| typed.set(event_target_value(&event))
            />
            <p id="itsm-user-name-error" class="field-error" role="alert">
                {move || problem.get()}
            </p>
            <button type="submit">{tr!("Show my tickets", "查看我的工单")}</button>
        </form>
    }
}

#[component]
fn ItsmTickets(
    backend: BackendConfig,
    waiting: bool,
    me: RwSignal<Option<String>>,
) -> impl IntoView {
    let url = use_list_url::<ItsmFilters>(PAGING);
    let request = Memo::new(move |_| {
        url.filters.with(|filters| {
            let paging = url.paging.request.get();
            match me.get().filter(|_| waiting) {
                Some(user) => get_tickets(&waiting_for(filters, user), paging),
                None => get_tickets(filters, paging),
            }
        })
    });
    let decide = crate::backends::itsm::ticket_ops(&backend).decide;
    let problems = request_problems(request);
    let base = backend.base_url.clone();
    let fetch = move |request: GetTickets| {
        let base = base.clone();
        async move {
            let call = itsm::get_tickets_call(&request);
            // Both requests go out at once: the tickets' request no longer waits for get_services
            // to answer. The rows show when both have (the names label the service column).
            let (names, list) = join(
                service_names(&base),
                fetch_page(&base, &call, list_decode::itsm_tickets),
            )
            .await;
            list.map(|list| itsm::page_from(&request, list, &names))
        }
    };
    let columns = vec![
        id_column(&tr!("Ticket number", "工单号")),
        title_column(&backend.id),
        status_column(),
        // Seeded and real ITSM user names and service names are short.
        creator_column().with_width(ColumnWidth::Narrow),
        created_column(),
        updated_column(),
        service_column(&tr!("Service", "服务")).with_width(ColumnWidth::Narrow),
        link_column(),
    ];
    let name = backend.label();
    view! {
        <ItsmFilterForm url problems instance=backend.id.clone() waiting />
        <ListView
            request
            fetch
            columns
            paging=url.paging
            kind=Kind::Itsm
            label=tr!("{name} tickets", "{name} 工单")
            decide
        />
    }
}

thread_local! {
    /// Service names per proxy base URL: asked once per page load, as they rarely change.
    static SERVICE_NAMES: RefCell<HashMap<String, Rc<HashMap<i64, String>>>> =
        RefCell::new(HashMap::new());
}

/// The instance's service names (one `get_services` call, then cached); none when ITSM did not
/// answer, so the list still shows, with "service N".
pub(super) async fn service_names(base: &str) -> Rc<HashMap<i64, String>> {
    if let Some(known) = SERVICE_NAMES.with(|cache| cache.borrow().get(base).cloned()) {
        return known;
    }
    match crate::api::call(base, &services_call(), itsm::decode_get_services).await {
        Ok(services) => {
            let names = Rc::new(itsm::service_names(&services));
            SERVICE_NAMES.with(|cache| {
                cache.borrow_mut().insert(base.to_string(), names.clone());
            });
            names
        }
        Err(_) => Rc::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn waiting_for_me_fixes_the_user_and_keeps_the_other_filters() {
        let filters = ItsmFilters {
            creator: "alice".into(),
            username: "bob".into(),
            ..ItsmFilters::default()
        };
        let paging = PAGING.parse(None, None).unwrap();
        let request = get_tickets(&waiting_for(&filters, "admin".into()), Ok(paging)).unwrap();
        assert_eq!(request.username.as_deref(), Some("admin"));
        assert_eq!(request.creator.as_deref(), Some("alice"));
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

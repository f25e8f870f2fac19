//! The ZStack ticket list (`QueryTicket`). The URL holds the filters (`status`, `name`,
//! `createdFrom`, `createdTo`), the order (`sortBy`, `sortDirection`, ZStack's own names) and
//! the page as `page` and `limit`; the call pages by `start = (page - 1) * limit`. The list
//! is fetched with the user's session, and again whenever the session changes. "Waiting for
//! me" adds the tickets' current flow: first the flows the session's user approves
//! (QueryTicketFlow), then `currentFlowUuid?=<those>` and `status?=Pending,IntermediateApproved`.
//!
//! Without a session the page shows the login panel alone and sends nothing: always for
//! "waiting for me" (no one knows who "me" is), and for every ticket once ZStack refused a call
//! without a session in this tab (the proxy does not log in for the user). A first visit asks
//! once without a session, since a proxy that logs in a service account answers then. Logging
//! in brings the filters and the list, loaded with the new session.

mod filter_form;

use super::ops::{ticket_ops_with, waiting_needs_login, waiting_query};
use super::session::{waiting_for_login, SessionPanel, ZstackSession};
use crate::config::BackendConfig;
use crate::list::columns::{
    created_column, service_column, status_column, title_column, updated_column, ColumnWidth,
};
use crate::list::query::{non_empty, put_text, text};
use crate::list::{
    checked_request, fetch_page, request_problems, use_list_url, ListScope, ListView, PageRequest,
    PagingSpec, QueryFilters,
};
use filter_form::ZstackFilterForm;
use leptos::prelude::*;
use leptos_router::params::ParamsMap;
use vendors::i18n::Text;
use vendors::validate::{Problems, MAX_PAGE_SIZE};
use vendors::zstack::{self, Condition, QueryOp, SortDirection, TicketQuery};
use vendors::{text, tr, HttpCall, Kind, Problem};

const STATUS: &str = "status";
const NAME: &str = "name";
const CREATED_FROM: &str = "createdFrom";
const CREATED_TO: &str = "createdTo";
const SORT_BY: &str = "sortBy";
const SORT_DIRECTION: &str = "sortDirection";

/// The statuses offered, named by `vendors::status_name`; any other from a shared link still
/// filters and shows.
const STATUSES: [&str; 5] = [
    "Pending", // wire
    "IntermediateApproved",
    "FinalApproved",
    "Rejected",  // wire
    "Cancelled", // wire
];
/// The fields the list sorts by, with what the form calls them.
const SORT_FIELDS: [(&str, Text); 3] = [
    ("createDate", text!("Created", "创建时间")),
    ("lastOpDate", text!("Last operation", "最后操作时间")),
    ("name", text!("Name", "名称")),
];
const DEFAULT_SORT_BY: &str = "createDate";
const DEFAULT_SORT_DIRECTION: SortDirection = SortDirection::Desc;

const PAGING: PagingSpec = PagingSpec {
    page_key: "page",
    page_size_key: "limit",
    default_page_size: 20,
    max_page_size: MAX_PAGE_SIZE as u64,
};

/// The list's filters and order as the URL holds them: raw text, dates as
/// `YYYY-MM-DD hh:mm:ss`.
#[derive(Debug, Clone, PartialEq, Default)]
struct ZstackFilters {
    status: String,
    name: String,
    created_from: String,
    created_to: String,
    sort_by: String,
    sort_direction: String,
}

impl QueryFilters for ZstackFilters {
    fn from_query(query: &ParamsMap) -> Self {
        ZstackFilters {
            status: text(query, STATUS),
            name: text(query, NAME),
            created_from: text(query, CREATED_FROM),
            created_to: text(query, CREATED_TO),
            sort_by: text(query, SORT_BY),
            sort_direction: text(query, SORT_DIRECTION),
        }
    }

    fn write_query(&self, query: &mut ParamsMap) {
        put_text(query, STATUS, &self.status);
        put_text(query, NAME, &self.name);
        put_text(query, CREATED_FROM, &self.created_from);
        put_text(query, CREATED_TO, &self.created_to);
        put_text(query, SORT_BY, &self.sort_by);
        put_text(query, SORT_DIRECTION, &self.sort_direction);
    }
}

/// The `q` conditions of the filters; a name matches anywhere in the ticket's name.
fn conditions(filters: &ZstackFilters) -> Vec<Condition> {
    let wanted = [
        (STATUS, QueryOp::Eq, non_empty(&filters.status)),
        (
            NAME,
            QueryOp::Like,
            non_empty(&filters.name).map(|n| format!("%{n}%")),
        ),
        ("createDate", QueryOp::Ge, non_empty(&filters.created_from)),
        ("createDate", QueryOp::Le, non_empty(&filters.created_to)),
    ];
    wanted
        .into_iter()
        .filter_map(|(field, op, value)| value.map(|value| Condition::new(field, op, value)))
        .collect()
}

/// The filters' labels, shared by the form and the messages about the URL's values.
fn created_from_label() -> String {
    tr!("Created from", "创建时间起")
}

fn created_to_label() -> String {
    tr!("Created until", "创建时间止")
}

fn sort_by_label() -> String {
    tr!("Sort by", "排序字段")
}

fn order_label() -> String {
    tr!("Order", "排序方式")
}

/// Problems of the values `TicketQuery::validate` does not know the rules of.
fn filter_problems(filters: &ZstackFilters) -> (Problems, Option<SortDirection>) {
    let mut problems = Problems::new();
    let from = non_empty(&filters.created_from);
    let to = non_empty(&filters.created_to);
    let from_ok = from
        .as_deref()
        .map(|date| problems.date_time(CREATED_FROM, &created_from_label(), date));
    let to_ok = to
        .as_deref()
        .map(|date| problems.date_time(CREATED_TO, &created_to_label(), date));
    if let (Some(true), Some(true), Some(from), Some(to)) = (from_ok, to_ok, &from, &to) {
        // Same fixed-width format, so text order is time order.
        if from > to {
            problems.push(
                CREATED_FROM,
                tr!(
                    "Created from must not be later than Created until.",
                    "“创建时间起”不能晚于“创建时间止”。"
                ),
            );
        }
    }
    if let Some(sort_by) = non_empty(&filters.sort_by) {
        let fields: Vec<&str> = SORT_FIELDS.iter().map(|(field, _)| *field).collect();
        problems.one_of(SORT_BY, &sort_by_label(), &sort_by, &fields);
    }
    let direction = match filters.sort_direction.to_ascii_lowercase().as_str() {
        "" => Some(DEFAULT_SORT_DIRECTION),
        "asc" => Some(SortDirection::Asc),
        "desc" => Some(SortDirection::Desc),
        other => {
            problems.one_of(SORT_DIRECTION, &order_label(), other, &["asc", "desc"]);
            None
        }
    };
    (problems, direction)
}

/// The call input for the URL's filters and page, or every problem with them.
fn ticket_query(
    filters: &ZstackFilters,
    paging: Result<PageRequest, Vec<Problem>>,
) -> Result<TicketQuery, Vec<Problem>> {
    let (mut problems, sort_direction) = filter_problems(filters);
    let build = |paging| unchecked(filters, paging, sort_direction);
    checked_request(paging, build, |query| {
        problems.extend(query.validate().err().unwrap_or_default());
        problems.into_result()
    })
}

/// The call input as the filters and page say, not yet checked.
fn unchecked(
    filters: &ZstackFilters,
    paging: Option<PageRequest>,
    sort_direction: Option<SortDirection>,
) -> TicketQuery {
    TicketQuery {
        uuid: None,
        conditions: conditions(filters),
        limit: paging.map(|paging| paging.page_size),
        start: paging.map(|paging| (paging.page - 1).saturating_mul(paging.page_size)),
        reply_with_count: true,
        sort_by: Some(non_empty(&filters.sort_by).unwrap_or_else(|| DEFAULT_SORT_BY.into())),
        sort_direction,
    }
}

/// What one fetch sends: the query and the session it goes with, so a new login (or a
/// forgotten session) loads the list again; for "waiting for me", the session's user.
#[derive(Debug, Clone, PartialEq)]
struct TicketListRequest {
    query: TicketQuery,
    session: Option<String>,
    /// `Some` for "waiting for me": the user whose tickets, if the session says.
    waiting_for: Option<Option<String>>,
}

/// An empty page of the query: nothing waits for a user who approves no flow.
fn empty_page(query: &TicketQuery) -> vendors::Page {
    zstack::page_from(query, zstack::TicketInventories::default())
}

/// The call an unfiltered list sends first for this URL query, the one [`ZstackList`] makes;
/// none while it would ask for a login, when the query has filters (checking those is the
/// page's work), and for "waiting for me", whose query depends on another answer.
pub fn first_calls(backend: &BackendConfig, scope: ListScope, query: &ParamsMap) -> Vec<HttpCall> {
    let session = ZstackSession::load(&backend.id);
    let paging = PAGING.read_plain(query);
    let Some(paging) =
        paging.filter(|_| scope == ListScope::All && !session.must_log_in_untracked())
    else {
        return Vec::new();
    };
    let query = unchecked(
        &ZstackFilters::default(),
        Some(paging),
        Some(DEFAULT_SORT_DIRECTION),
    );
    vec![zstack::query_tickets_call(
        &query,
        session.token().as_deref(),
    )]
}

/// The ZStack QueryTicket list, below the session panel.
#[component]
pub fn ZstackList(backend: BackendConfig, scope: ListScope) -> impl IntoView {
    let waiting = scope == ListScope::WaitingForMe;
    let session = ZstackSession::load(&backend.id);
    let session = if waiting {
        session.needing_user()
    } else {
        session
    };
    let url = use_list_url::<ZstackFilters>(PAGING);
    let query = Memo::new(move |_| {
        url.filters
            .with(|f| ticket_query(f, url.paging.request.get()))
    });
    let request = Memo::new(move |_| {
        let (token, user) = session.current.with(|current| {
            let current = current.as_ref();
            (
                current.map(|s| s.uuid.clone()),
                current.and_then(|s| s.user_uuid.clone()),
            )
        });
        query.get().map(|query| TicketListRequest {
            query,
            session: token,
            waiting_for: waiting.then_some(user),
        })
    });
    let problems = request_problems(request);
    let base = backend.base_url.clone();
    let fetch = move |request: TicketListRequest| {
        let base = base.clone();
        async move {
            // The page is about to show the login panel instead of the list.
            if session.must_log_in_untracked() {
                return Err(waiting_for_login());
            }
            let sent = request.session.clone();
            let query = match (&request.waiting_for, &sent) {
                (None, _) => Some(request.query.clone()),
                (Some(Some(user)), Some(token)) => {
                    waiting_query(&base, token, user, request.query.clone())
                        .await
                        .map_err(|error| session.check(&sent, error))?
                }
                // A session stored before the user's uuid was kept: a new login says who.
                (Some(_), Some(_)) => return Err(session.check(&sent, waiting_needs_login())),
                (Some(_), None) => return Err(waiting_for_login()),
            };
            let Some(query) = query else {
                return Ok(empty_page(&request.query));
            };
            let call = zstack::query_tickets_call(&query, sent.as_deref());
            fetch_page(&base, &call, list_decode::zstack_tickets)
                .await
                .map(|answer| zstack::page_from(&query, answer))
                .map_err(|error| session.check(&sent, error))
        }
    };
    let decide = ticket_ops_with(&backend, session).decide;
    let columns = vec![
        title_column(&backend.id).with_header(tr!("Name", "名称")),
        status_column().with_width(ColumnWidth::Medium),
        service_column(&tr!("Requests", "请求")).with_width(ColumnWidth::Narrow),
        // ZStack writes dates out ("Nov 3, 2026 10:22:11 AM"): longer than other back-ends'.
        created_column().with_width(ColumnWidth::Long),
        updated_column()
            .with_header(tr!("Last operation", "最后操作时间"))
            .with_width(ColumnWidth::Long),
    ];
    let name = backend.label();
    let label = if waiting {
        tr!("{name} tickets waiting for you", "{name} 待我审批的工单")
    } else {
        tr!("{name} tickets", "{name} 工单")
    };
    // Only the login panel while there is no session to ask with; the list once logged in.
    let must_log_in = Memo::new(move |_| session.must_log_in());
    let list = move || {
        (!must_log_in.get()).then(|| {
            view! {
                <ZstackFilterForm url problems />
                <ListView
                    request
                    fetch=fetch.clone()
                    columns=columns.clone()
                    paging=url.paging
                    kind=Kind::Zstack
                    label=label.clone()
                    decide=decide.clone()
                />
            }
        })
    };
    view! {
        <SessionPanel base=backend.base_url.clone() session />
        {list}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_become_conditions_and_the_page_a_start() {
        let filters = ZstackFilters {
            status: "Pending".into(),
            name: "create vm".into(),
            created_from: "2026-01-01 00:00:00".into(),
            sort_by: "name".into(),
            sort_direction: "asc".into(),
            ..ZstackFilters::default()
        };
        let query = ticket_query(&filters, PAGING.parse(Some("3"), Some("50"))).unwrap();
        let q: Vec<_> = query.conditions.iter().map(Condition::to_q).collect();
        assert_eq!(
            q,
            [
                "status=Pending",
                "name~=%create vm%",
                "createDate>=2026-01-01 00:00:00"
            ]
        );
        assert_eq!((query.start, query.limit), (Some(100), Some(50)));
        assert!(query.reply_with_count);
        assert_eq!(query.sort_by.as_deref(), Some("name"));
        assert_eq!(query.sort_direction, Some(SortDirection::Asc));
    }

    #[test]
    fn newest_first_by_default() {
        let query = ticket_query(&ZstackFilters::default(), PAGING.parse(None, None)).unwrap();
        assert!(query.conditions.is_empty());
        assert_eq!((query.start, query.limit), (Some(0), Some(20)));
        assert_eq!(query.sort_by.as_deref(), Some(DEFAULT_SORT_BY));
        assert_eq!(query.sort_direction, Some(SortDirection::Desc));
    }

    #[test]
    fn bad_values_block_the_request_and_name_their_field() {
        let filters = ZstackFilters {
            created_from: "2026-02-01 00:00:00".into(),
            created_to: "2026-01-01 00:00:00".into(),
            sort_by: "uuid".into(),
            sort_direction: "sideways".into(),
            ..ZstackFilters::default()
        };
        let problems = ticket_query(&filters, PAGING.parse(None, Some("0"))).unwrap_err();
        let paths: Vec<_> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["limit", CREATED_FROM, SORT_BY, SORT_DIRECTION]);
    }
}

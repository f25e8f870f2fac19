//! The DMS order list (`ListOrders`). Every filter lives in the URL under its wire name
//! (`OrderResultType`, `OrderStatus`, `PluginType`, `SearchContent`, `SearchDateType`,
//! `StartTime`, `EndTime`, `PageNumber`, `PageSize`); "whose orders" are tabs, the rest a form
//! that edits a draft and navigates when applied.

mod filter_form;

use super::ops::{ticket_ops, waiting_request};
use crate::config::BackendConfig;
use crate::list::columns::{
    created_column, creator_column, id_column, service_column, status_column, title_column,
    updated_column, Column, ColumnWidth,
};
use crate::list::query::{non_empty, put_text, text};
use crate::list::{
    checked_request, fetch_page, request_problems, use_list_url, FilterTabs, ListScope, ListView,
    PageRequest, PagingSpec, QueryFilters, Tab,
};
use filter_form::DmsFilterForm;
use leptos::prelude::*;
use leptos_router::params::ParamsMap;
use vendors::dms::{self, ListOrders};
use vendors::validate::MAX_PAGE_SIZE;
use vendors::{text, tr, HttpCall, Kind, Problem};

const RESULT_TYPE: &str = "OrderResultType";
const STATUS: &str = "OrderStatus";
const PLUGIN_TYPE: &str = "PluginType";
const SEARCH: &str = "SearchContent";
const DATE_TYPE: &str = "SearchDateType";
const START: &str = "StartTime";
const END: &str = "EndTime";

/// Alibaba documents no default scope; "my orders" is what a person opening the list expects.
const DEFAULT_RESULT_TYPE: &str = "AS_COMMITTER";

const RESULT_TABS: [Tab; 5] = [
    Tab {
        value: "AS_COMMITTER",
        label: text!("My orders", "我的工单"),
    },
    Tab {
        value: "AS_HANDLER",
        label: text!("To handle", "待我处理"),
    },
    Tab {
        value: "AS_Related",
        label: text!("Related", "与我相关"),
    },
    Tab {
        value: "AS_OWNER",
        label: text!("Owned", "我负责的"),
    },
    Tab {
        value: "AS_ADMIN",
        label: text!("All (admin)", "全部（管理员）"),
    },
];

const PAGING: PagingSpec = PagingSpec {
    page_key: "PageNumber",
    page_size_key: "PageSize",
    default_page_size: dms::DEFAULT_PAGE_SIZE,
    max_page_size: MAX_PAGE_SIZE as u64,
};

/// The list's filters as the URL holds them: raw text, times in the wire's
/// `yyyy-MM-dd HH:mm:ss`.
#[derive(Debug, Clone, PartialEq, Default)]
struct DmsFilters {
    result_type: String,
    status: String,
    plugin_type: String,
    search: String,
    date_type: String,
    start: String,
    end: String,
}

impl DmsFilters {
    /// The tab the URL selects.
    fn result_type_or_default(&self) -> String {
        non_empty(&self.result_type).unwrap_or_else(|| DEFAULT_RESULT_TYPE.to_string())
    }
}

impl QueryFilters for DmsFilters {
    fn from_query(query: &ParamsMap) -> Self {
        DmsFilters {
            result_type: text(query, RESULT_TYPE),
            status: text(query, STATUS),
            plugin_type: text(query, PLUGIN_TYPE),
            search: text(query, SEARCH),
            date_type: text(query, DATE_TYPE),
            start: text(query, START),
            end: text(query, END),
        }
    }

    fn write_query(&self, query: &mut ParamsMap) {
        put_text(query, RESULT_TYPE, &self.result_type);
        put_text(query, STATUS, &self.status);
        put_text(query, PLUGIN_TYPE, &self.plugin_type);
        put_text(query, SEARCH, &self.search);
        put_text(query, DATE_TYPE, &self.date_type);
        put_text(query, START, &self.start);
        put_text(query, END, &self.end);
    }
}

/// The call input for the URL's filters and page, or every problem with them. "Waiting for
/// me" fixes whose orders and their status: the ones the caller must handle, not finished.
fn list_orders(
    filters: &DmsFilters,
    paging: Result<PageRequest, Vec<Problem>>,
    scope: ListScope,
) -> Result<ListOrders, Vec<Problem>> {
    let scoped = |paging| unchecked(filters, paging, scope);
    checked_request(paging, scoped, ListOrders::validate)
}

/// The call input as the filters, page and scope say, not yet checked.
fn unchecked(filters: &DmsFilters, paging: Option<PageRequest>, scope: ListScope) -> ListOrders {
    let build = |paging: Option<PageRequest>| ListOrders {
        order_result_type: Some(filters.result_type_or_default()),
        order_status: non_empty(&filters.status),
        plugin_type: non_empty(&filters.plugin_type),
        search_content: non_empty(&filters.search),
        search_date_type: non_empty(&filters.date_type),
        start_time: non_empty(&filters.start),
        end_time: non_empty(&filters.end),
        page_number: paging.map(|paging| paging.page),
        // Always sent: Alibaba's default page size is unverified, and the pager counts on it.
        page_size: paging.map(|paging| paging.page_size),
        tid: None,
    };
    match scope {
        ListScope::All => build(paging),
        ListScope::WaitingForMe => {
            let waiting = waiting_request(None, None);
            ListOrders {
                order_result_type: waiting.order_result_type,
                order_status: waiting.order_status,
                ..build(paging)
            }
        }
    }
}

/// The call an unfiltered list sends first for this URL query, the one [`DmsList`] makes; none
/// when the query has filters (checking those is the page's work).
pub fn first_calls(scope: ListScope, query: &ParamsMap) -> Vec<HttpCall> {
    PAGING
        .read_plain(query)
        .map(|paging| {
            dms::list_orders_call(&unchecked(&DmsFilters::default(), Some(paging), scope))
        })
        .into_iter()
        .collect()
}

fn columns(instance: &str) -> Vec<Column> {
    vec![
        id_column(&tr!("Order", "工单号")).with_width(ColumnWidth::Narrow),
        title_column(instance).with_header(tr!("Comment", "描述")),
        service_column(&tr!("Ticket type", "工单类型")),
        // DMS's words ("Awaiting approval") are longer than other back-ends' codes.
        status_column().with_width(ColumnWidth::Medium),
        creator_column().with_header(tr!("Committer", "提单人")),
        created_column(),
        updated_column().with_header(tr!("Last modified", "最后修改时间")),
    ]
}

/// The DMS ListOrders list.
#[component]
pub fn DmsList(backend: BackendConfig, scope: ListScope) -> impl IntoView {
    let url = use_list_url::<DmsFilters>(PAGING);
    let request = Memo::new(move |_| {
        url.filters
            .with(|f| list_orders(f, url.paging.request.get(), scope))
    });
    let waiting = scope == ListScope::WaitingForMe;
    let decide = ticket_ops(&backend).decide;
    let problems = request_problems(request);
    let selected_tab = Signal::derive(move || url.filters.with(DmsFilters::result_type_or_default));
    let base = backend.base_url.clone();
    let fetch = move |request: ListOrders| {
        let base = base.clone();
        async move {
            let call = dms::list_orders_call(&request);
            fetch_page(&base, &call, list_decode::dms_orders)
                .await
                .map(|answer| dms::page_from(&request, answer))
        }
    };
    let name = backend.label();
    let label = if waiting {
        tr!("{name} orders waiting for me", "{name} 待我审批的工单")
    } else {
        tr!("{name} orders", "{name} 工单")
    };
    view! {
        // Waiting for me is one scope: no tabs, and no status to choose.
        {(!waiting).then(|| view! {
            <FilterTabs
                url
                label=tr!("Whose orders", "工单范围")
                name=RESULT_TYPE
                tabs=&RESULT_TABS
                selected=selected_tab
                choose=|filters: &mut DmsFilters, value: &str| filters.result_type = value.to_string()
                problems
            />
        })}
        <DmsFilterForm url problems with_status=!waiting />
        <ListView
            request
            fetch
            columns=columns(&backend.id)
            paging=url.paging
            kind=Kind::Dms
            label
            decide
        />
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn my_orders_is_the_default_tab_and_is_always_sent() {
        let paging = PAGING.parse(None, None);
        let request = list_orders(&DmsFilters::default(), paging, ListScope::All).unwrap();
        assert_eq!(
            request.order_result_type.as_deref(),
            Some(DEFAULT_RESULT_TYPE)
        );
        assert_eq!(
            (request.page_number, request.page_size),
            (Some(1), Some(20))
        );
    }

    #[test]
    fn bad_values_block_the_request_and_name_their_field() {
        let filters = DmsFilters {
            result_type: "AS_NOBODY".into(),
            start: "2026-13-01 00:00:00".into(),
            ..DmsFilters::default()
        };
        let problems =
            list_orders(&filters, PAGING.parse(Some("0"), None), ListScope::All).unwrap_err();
        let paths: Vec<_> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["PageNumber", RESULT_TYPE, START]);
    }

    #[test]
    fn waiting_for_me_fixes_scope_and_status_and_keeps_the_other_filters() {
        let filters = DmsFilters {
            result_type: "AS_ADMIN".into(),
            status: "FINISHED".into(),
            plugin_type: "NDDL".into(),
            search: "refunds".into(),
            ..DmsFilters::default()
        };
        let paging = PAGING.parse(Some("2"), Some("50"));
        let request = list_orders(&filters, paging, ListScope::WaitingForMe).unwrap();
        assert_eq!(request.order_result_type.as_deref(), Some("AS_HANDLER"));
        assert_eq!(request.order_status.as_deref(), Some("RUNNING"));
        assert_eq!(request.plugin_type.as_deref(), Some("NDDL"));
        assert_eq!(request.search_content.as_deref(), Some("refunds"));
        assert_eq!(
            (request.page_number, request.page_size),
            (Some(2), Some(50))
        );
        // A bad value of a filter that stays still blocks the request.
        let bad = DmsFilters {
            start: "yesterday".into(),
            ..filters
        };
        let problems =
            list_orders(&bad, PAGING.parse(None, None), ListScope::WaitingForMe).unwrap_err();
        assert_eq!(problems[0].path, START);
    }
}

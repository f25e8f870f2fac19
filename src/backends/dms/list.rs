//! The DMS order list (`ListOrders`). Every filter lives in the URL under its wire name
//! (`OrderResultType`, `OrderStatus`, `PluginType`, `SearchContent`, `SearchDateType`,
//! `StartTime`, `EndTime`, `PageNumber`, `PageSize`); "whose orders" are tabs, the rest a form
//! that edits a draft and navigates when applied.

mod filter_form;

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
use vendors::{Kind, Problem};

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
        label: "My orders",
    },
    Tab {
        value: "AS_HANDLER",
        label: "To handle",
    },
    Tab {
        value: "AS_Related",
        label: "Related",
    },
    Tab {
        value: "AS_OWNER",
        label: "Owned",
    },
    Tab {
        value: "AS_ADMIN",
        label: "All (admin)",
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

/// The call input for the URL's filters and page, or every problem with them.
fn list_orders(
    filters: &DmsFilters,
    paging: Result<PageRequest, Vec<Problem>>,
) -> Result<ListOrders, Vec<Problem>> {
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
    checked_request(paging, build, ListOrders::validate)
}

fn columns(instance: &str) -> Vec<Column> {
    vec![
        id_column("Order").with_width(ColumnWidth::Narrow),
        title_column(instance).with_header("Comment"),
        service_column("Ticket type"),
        // DMS's words ("Awaiting approval") are longer than other back-ends' codes.
        status_column().with_width(ColumnWidth::Medium),
        creator_column().with_header("Committer"),
        created_column(),
        updated_column().with_header("Last modified"),
    ]
}

/// The DMS ListOrders list.
#[component]
pub fn DmsList(backend: BackendConfig, scope: ListScope) -> impl IntoView {
    let _ = scope;
    let url = use_list_url::<DmsFilters>(PAGING);
    let request = Memo::new(move |_| {
        url.filters
            .with(|f| list_orders(f, url.paging.request.get()))
    });
    let problems = request_problems(request);
    let selected_tab = Signal::derive(move || url.filters.with(DmsFilters::result_type_or_default));
    let base = backend.base_url.clone();
    let fetch = move |request: ListOrders| {
        let base = base.clone();
        async move {
            let call = dms::list_orders_call(&request);
            fetch_page(&base, &call, |status, body| {
                dms::decode_list_orders(status, body)
                    .map(|answer| dms::page_from(&request, &answer))
            })
            .await
        }
    };
    view! {
        <FilterTabs
            url
            label="Whose orders"
            name=RESULT_TYPE
            tabs=&RESULT_TABS
            selected=selected_tab
            choose=|filters: &mut DmsFilters, value: &str| filters.result_type = value.to_string()
            problems
        />
        <DmsFilterForm url problems />
        <ListView
            request
            fetch
            columns=columns(&backend.id)
            paging=url.paging
            kind=Kind::Dms
            label=format!("{} orders", backend.label)
        />
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn my_orders_is_the_default_tab_and_is_always_sent() {
        let paging = PAGING.parse(None, None);
        let request = list_orders(&DmsFilters::default(), paging).unwrap();
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
        let problems = list_orders(&filters, PAGING.parse(Some("0"), None)).unwrap_err();
        let paths: Vec<_> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["PageNumber", RESULT_TYPE, START]);
    }
}

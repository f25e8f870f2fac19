//! Alibaba Cloud DMS (RPC style, version 2018-11-01): `POST /` with the action in the
//! `x-acs-action` header and every parameter in the query string. The proxy signs the call.

mod actions;
mod approval;
mod detail;
mod form;
mod plugin;
mod plugin_values;
mod types;

pub use actions::*;
pub use approval::*;
pub use detail::{
    allowed_decisions, decision_call, is_final, ticket_detail, DECISION_PATH, DEFAULT_CLOSE_REASON,
    FINAL_STATUSES, STATUS_TO_AUDIT,
};
pub use form::{create_form, create_from_form};
pub use plugin::{
    plugin_form, plugin_param_raw_field, validate_plugin_param, PLUGIN_TYPES, UNKNOWN_KEYS,
};
pub use plugin_values::{plugin_param_as_typed, plugin_param_from_form, plugin_param_to_form};
pub use types::*;

use crate::call::{HttpCall, Method, Problem, VendorError};
use crate::form::{merge_problems, split_list};
use crate::kind::Kind;
use crate::response::{http_failure, is_success, parse_json, shape, text_of};
use crate::summary::{Page, TicketSummary};
use crate::tone::{Status, Tone};
use crate::validate::{Problems, MAX_PAGE_SIZE};
use serde::de::DeserializeOwned;
use serde_json::Value;

pub const ORDER_RESULT_TYPES: [&str; 5] = [
    "AS_ADMIN",
    "AS_COMMITTER",
    "AS_HANDLER",
    "AS_OWNER",
    "AS_Related",
];
pub const ORDER_STATUSES: [&str; 3] = ["ALL", "FINISHED", "RUNNING"];
pub const SEARCH_DATE_TYPES: [&str; 2] = ["CREATE_TIME", "MODIFY_TIME"];
/// Used for paging when a request leaves `PageSize` out (Alibaba's default is unverified,
/// so the app always sends one).
pub const DEFAULT_PAGE_SIZE: u64 = 20;

/// An RPC call: `POST /`, action and version headers, parameters in the query, no body.
pub fn rpc_call(action: &str, query: Vec<(String, String)>) -> HttpCall {
    let mut call = HttpCall::new(Method::Post, RPC_PATH);
    call.headers = vec![
        (ACTION_HEADER.into(), action.into()),
        (VERSION_HEADER.into(), API_VERSION.into()),
    ];
    call.query = query;
    call
}

/// The action a call names (how the simulator dispatches).
pub fn action_of(call: &HttpCall) -> Option<&str> {
    call.header(ACTION_HEADER)
}

/// Decodes an RPC answer: `Success: false` and Alibaba gateway errors
/// (`{RequestId, HostId, Code, Message, Recommend}`) become a [`VendorError`] with the code,
/// message and request id.
pub fn decode_response<T: DeserializeOwned>(status: u16, body: &str) -> Result<T, VendorError> {
    let value = parse_json(status, body)?;
    let field = |key: &str| value.get(key).and_then(text_of);
    let succeeded = value.get("Success").and_then(Value::as_bool); // wire
    if succeeded != Some(true) {
        let code = field("ErrorCode").or_else(|| field("Code")); // wire
        let message = field("ErrorMessage").or_else(|| field("Message")); // wire
        if succeeded == Some(false) || code.is_some() || message.is_some() {
            let message = message.unwrap_or_else(|| {
                crate::tr!(
                    "the request failed (HTTP {status})",
                    "请求失败（HTTP {status}）"
                )
            });
            return Err(VendorError::new(status, code.unwrap_or_default(), message)
                .with_request_id(field("RequestId"))
                .with_details(field("Recommend"))); // wire
        }
    }
    if !is_success(status) {
        return Err(http_failure(status, &value).with_request_id(field("RequestId")));
    }
    shape(status, value)
}

fn first<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(name, _)| name == key)
        .map(|(_, value)| value.as_str())
        .filter(|value| !value.trim().is_empty())
}

fn push_opt(query: &mut Vec<(String, String)>, key: &str, value: Option<impl ToString>) {
    if let Some(value) = value {
        query.push((key.to_string(), value.to_string()));
    }
}

fn query_int(
    pairs: &[(String, String)],
    problems: &mut Problems,
    key: &str,
    label: &str,
) -> Option<i64> {
    first(pairs, key).and_then(|text| problems.integer(key, label, text, None, None))
}

fn query_uint(
    pairs: &[(String, String)],
    problems: &mut Problems,
    key: &str,
    label: &str,
) -> Option<u64> {
    first(pairs, key)
        .and_then(|text| problems.integer(key, label, text, Some(0), None))
        .and_then(|number| u64::try_from(number).ok())
}

fn query_text(pairs: &[(String, String)], key: &str) -> Option<String> {
    first(pairs, key).map(str::to_string)
}

impl CreateOrder {
    /// The query parameters in documented order; PluginParam as compact JSON text.
    pub fn to_query(&self) -> Vec<(String, String)> {
        let mut query = Vec::new();
        push_opt(&mut query, PARAM_TID, self.tid);
        query.push((PARAM_COMMENT.into(), self.comment.clone()));
        query.push(("PluginType".into(), self.plugin_type.clone()));
        query.push(("PluginParam".into(), self.plugin_param.to_string()));
        query.push(("RelatedUserList".into(), self.related_user_list.clone()));
        push_opt(&mut query, "AttachmentKey", self.attachment_key.as_ref());
        query
    }

    /// The inverse of [`to_query`](Self::to_query), validated (the simulator's decoder).
    pub fn from_query(pairs: &[(String, String)]) -> Result<CreateOrder, Vec<Problem>> {
        let mut problems = Problems::new();
        let tenant = crate::tr!("Tenant id", "租户 ID");
        let tid = query_int(pairs, &mut problems, PARAM_TID, &tenant);
        let plugin_param = first(pairs, "PluginParam")
            .and_then(|text| problems.json_object_text("PluginParam", "PluginParam", text))
            .map(Value::Object)
            .unwrap_or(Value::Null);
        let order = CreateOrder {
            tid,
            comment: query_text(pairs, PARAM_COMMENT).unwrap_or_default(),
            plugin_type: query_text(pairs, "PluginType").unwrap_or_default(),
            plugin_param,
            related_user_list: query_text(pairs, "RelatedUserList").unwrap_or_default(),
            attachment_key: query_text(pairs, "AttachmentKey"),
        };
        let validation = order.validate().err().unwrap_or_default();
        merge_problems(problems.into_vec(), validation).map(|()| order)
    }

    /// Comment, RelatedUserList, PluginType required; PluginParam an object with the keys
    /// its type needs.
    pub fn validate(&self) -> Result<(), Vec<Problem>> {
        let mut problems = Problems::new();
        if let Some(tid) = self.tid {
            let tenant = crate::tr!("Tenant id", "租户 ID");
            problems.in_range(PARAM_TID, &tenant, tid, Some(1), None);
        }
        let description = crate::tr!("Description", "描述");
        problems.require(PARAM_COMMENT, &description, &self.comment);
        if split_list(&self.related_user_list).is_empty() {
            problems.push(
                "RelatedUserList",
                crate::tr!(
                    "Stakeholders are required (comma-separated user ids).",
                    "相关人员为必填项（以逗号分隔的用户 ID）。"
                ),
            );
        }
        let ticket_type = crate::tr!("Ticket type", "工单类型");
        problems.require("PluginType", &ticket_type, &self.plugin_type);
        if self.plugin_param.is_null() {
            problems.push(
                "PluginParam",
                crate::tr!("PluginParam is required.", "PluginParam 为必填项。"),
            );
        } else {
            problems.extend(validate_plugin_param(&self.plugin_type, &self.plugin_param));
        }
        problems.into_result()
    }
}

impl ListOrders {
    pub fn to_query(&self) -> Vec<(String, String)> {
        let mut query = Vec::new();
        push_opt(
            &mut query,
            "OrderResultType",
            self.order_result_type.as_ref(),
        );
        push_opt(&mut query, "OrderStatus", self.order_status.as_ref());
        push_opt(&mut query, "PageNumber", self.page_number);
        push_opt(&mut query, "PageSize", self.page_size);
        push_opt(&mut query, "PluginType", self.plugin_type.as_ref());
        push_opt(&mut query, "SearchContent", self.search_content.as_ref());
        push_opt(&mut query, "SearchDateType", self.search_date_type.as_ref());
        push_opt(&mut query, "StartTime", self.start_time.as_ref());
        push_opt(&mut query, "EndTime", self.end_time.as_ref());
        push_opt(&mut query, PARAM_TID, self.tid);
        query
    }

    pub fn from_query(pairs: &[(String, String)]) -> Result<ListOrders, Vec<Problem>> {
        let mut problems = Problems::new();
        let tenant = crate::tr!("Tenant id", "租户 ID");
        let request = ListOrders {
            order_result_type: query_text(pairs, "OrderResultType"),
            order_status: query_text(pairs, "OrderStatus"),
            page_number: query_uint(pairs, &mut problems, "PageNumber", &page_number_label()),
            page_size: query_uint(pairs, &mut problems, "PageSize", &page_size_label()),
            plugin_type: query_text(pairs, "PluginType"),
            search_content: query_text(pairs, "SearchContent"),
            search_date_type: query_text(pairs, "SearchDateType"),
            start_time: query_text(pairs, "StartTime"),
            end_time: query_text(pairs, "EndTime"),
            tid: query_int(pairs, &mut problems, PARAM_TID, &tenant),
        };
        let validation = request.validate().err().unwrap_or_default();
        merge_problems(problems.into_vec(), validation).map(|()| request)
    }

    pub fn validate(&self) -> Result<(), Vec<Problem>> {
        let mut problems = Problems::new();
        if let Some(kind) = &self.order_result_type {
            let label = crate::tr!("Whose orders", "工单范围");
            problems.one_of("OrderResultType", &label, kind, &ORDER_RESULT_TYPES);
        }
        if let Some(kind) = &self.search_date_type {
            let label = crate::tr!("Date to search by", "搜索时间类型");
            problems.one_of("SearchDateType", &label, kind, &SEARCH_DATE_TYPES);
        }
        if let Some(page) = self.page_number {
            let label = page_number_label();
            problems.in_range("PageNumber", &label, clamp(page), Some(1), None);
        }
        if let Some(size) = self.page_size {
            let label = page_size_label();
            problems.in_range(
                "PageSize",
                &label,
                clamp(size),
                Some(1),
                Some(MAX_PAGE_SIZE),
            );
        }
        let start_ok = self.start_time.as_deref().map(|text| {
            problems.date_time("StartTime", &crate::tr!("Start time", "开始时间"), text)
        });
        let end_ok = self
            .end_time
            .as_deref()
            .map(|text| problems.date_time("EndTime", &crate::tr!("End time", "结束时间"), text));
        if let (Some(true), Some(true), Some(start), Some(end)) =
            (start_ok, end_ok, &self.start_time, &self.end_time)
        {
            // Same fixed-width format, so text order is time order.
            if start.trim() > end.trim() {
                problems.push(
                    "StartTime",
                    crate::tr!(
                        "Start time must not be later than End time.",
                        "开始时间不能晚于结束时间。"
                    ),
                );
            }
        }
        if let Some(tid) = self.tid {
            let tenant = crate::tr!("Tenant id", "租户 ID");
            problems.in_range(PARAM_TID, &tenant, tid, Some(1), None);
        }
        problems.into_result()
    }

    pub fn page_or_default(&self) -> u64 {
        self.page_number.unwrap_or(1)
    }

    pub fn page_size_or_default(&self) -> u64 {
        self.page_size.unwrap_or(DEFAULT_PAGE_SIZE)
    }
}

fn page_number_label() -> String {
    crate::tr!("Page number", "页码")
}

fn page_size_label() -> String {
    crate::tr!("Page size", "每页条数")
}

fn clamp(number: u64) -> i64 {
    i64::try_from(number).unwrap_or(i64::MAX)
}

impl GetOrderBaseInfo {
    pub fn to_query(&self) -> Vec<(String, String)> {
        vec![("OrderId".into(), self.order_id.to_string())]
    }

    pub fn from_query(pairs: &[(String, String)]) -> Result<GetOrderBaseInfo, Vec<Problem>> {
        let mut problems = Problems::new();
        let label = crate::tr!("Order id", "工单 ID");
        let order_id = match first(pairs, "OrderId") {
            Some(text) => problems.integer("OrderId", &label, text, Some(1), None),
            None => {
                problems.push(
                    "OrderId",
                    crate::tr!("{label} is required.", "{label}为必填项。"),
                );
                None
            }
        };
        problems.finish(GetOrderBaseInfo {
            order_id: order_id.unwrap_or_default(),
        })
    }
}

pub fn create_order_call(request: &CreateOrder) -> HttpCall {
    rpc_call(ACTION_CREATE_ORDER, request.to_query())
}

pub fn decode_create_order(status: u16, body: &str) -> Result<CreateOrderResponse, VendorError> {
    decode_response(status, body)
}

pub fn list_orders_call(request: &ListOrders) -> HttpCall {
    rpc_call(ACTION_LIST_ORDERS, request.to_query())
}

/// `#[inline]`: generated where it is called, so the app's list pages get it compiled for speed
/// (crate `list-decode`).
#[inline]
pub fn decode_list_orders(status: u16, body: &str) -> Result<ListOrdersResponse, VendorError> {
    decode_response(status, body)
}

/// The order total of a successful ListOrders answer, and nothing else of it: a count needs no
/// rows. `None` for any other answer (the list explains failures; a count is left out).
pub fn decode_order_count(status: u16, body: &str) -> Option<u64> {
    use serde::de::IgnoredAny;
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct Count {
        success: Option<bool>,
        #[serde(default, deserialize_with = "crate::lenient::uint")]
        total_count: u64,
        // What makes `decode_response` call an answer an error (a gateway's `error` too).
        error_code: Option<IgnoredAny>,
        code: Option<IgnoredAny>,
        error_message: Option<IgnoredAny>,
        message: Option<IgnoredAny>,
        #[serde(rename = "error")]
        gateway_error: Option<IgnoredAny>,
    }
    let count: Count = serde_json::from_str(body).ok()?;
    let says_error = [
        &count.error_code,
        &count.code,
        &count.error_message,
        &count.message,
    ]
    .iter()
    .any(|field| field.is_some());
    let failed = count.success == Some(false)
        || (count.success != Some(true) && says_error)
        || count.gateway_error.is_some();
    (is_success(status) && !failed).then_some(count.total_count)
}

pub fn get_order_base_info_call(order_id: i64) -> HttpCall {
    rpc_call(
        ACTION_GET_ORDER_BASE_INFO,
        GetOrderBaseInfo { order_id }.to_query(),
    )
}

pub fn decode_get_order_base_info(
    status: u16,
    body: &str,
) -> Result<GetOrderBaseInfoResponse, VendorError> {
    decode_response(status, body)
}

/// The unified list row of a DMS order; `service` is its PluginType.
/// Takes the order: a page moves its texts into the rows instead of copying them.
pub fn order_summary(order: Order) -> TicketSummary {
    let (status, status_label) = if order.status_code.is_empty() {
        (order.status_desc, None)
    } else {
        let label =
            Some(order.status_desc).filter(|desc| !desc.is_empty() && *desc != order.status_code);
        (order.status_code, label)
    };
    TicketSummary {
        kind: Kind::Dms,
        id: order.order_id.to_string(),
        title: order.comment,
        status_label,
        status,
        creator: order.committer,
        created: order.create_time,
        updated: Some(order.last_modify_time).filter(|text| !text.is_empty()),
        service: Some(order.plugin_type).filter(|text| !text.is_empty()),
        link: None,
    }
}

/// One page of the list; DMS does not echo paging, so it comes from the request.
pub fn page_from(request: &ListOrders, response: ListOrdersResponse) -> Page {
    Page {
        items: response
            .orders
            .order
            .into_iter()
            .map(order_summary)
            .collect(),
        page: request.page_or_default(),
        page_size: request.page_size_or_default(),
        total: response.total_count,
    }
}

/// The `StatusCode`s DMS documents, with their badge; DMS sends each order's words for its
/// status (`StatusDesc`), so none is named here.
pub const STATUSES: [Status; 11] = [
    Status::unnamed("NEW", Tone::Neutral),
    Status::unnamed("CLOSED", Tone::Neutral),
    Status::unnamed("TOAUDIT", Tone::Warning),
    Status::unnamed("APPROVED", Tone::Active),
    Status::unnamed("PROCESSING", Tone::Active),
    Status::unnamed("RUNNING", Tone::Active),
    Status::unnamed("SUCCESS", Tone::Success),
    Status::unnamed("FINISHED", Tone::Success),
    Status::unnamed("REJECT", Tone::Danger),
    Status::unnamed("FAIL", Tone::Danger),
    Status::unnamed("FAILED", Tone::Danger),
];

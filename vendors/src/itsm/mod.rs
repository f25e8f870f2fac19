//! BlueKing ITSM through the ESB path `/api/c/compapi/v2/itsm/<op>/`: calls, decoding,
//! validation and list mapping. Forms live in [`form`](self::form).

mod decide;
mod form;
mod types;
mod workflow;

pub use decide::*;
pub use form::{create_form, create_from_form, service_field_keys, service_form};
pub use types::*;
pub use workflow::*;

use crate::call::{HttpCall, Method, Problem, VendorError};
use crate::kind::Kind;
use crate::response::{http_failure, is_success, parse_json, shape, CODE_BAD_RESPONSE};
use crate::summary::{Page, TicketSummary};
use crate::tone::{Status, Tone};
use crate::tr;
use crate::validate::{Problems, MAX_PAGE_SIZE};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// Where every ITSM operation lives (ESB path): `{API_PREFIX}{operation}/`.
pub const API_PREFIX: &str = "/api/c/compapi/v2/itsm/";

pub const CREATE_TICKET: &str = "create_ticket";
pub const GET_TICKETS: &str = "get_tickets";
pub const GET_SERVICES: &str = "get_services";
pub const GET_SERVICE_DETAIL: &str = "get_service_detail";
pub const GET_SERVICE_CATALOGS: &str = "get_service_catalogs";
pub const GET_TICKET_INFO: &str = "get_ticket_info";
pub const GET_TICKET_STATUS: &str = "get_ticket_status";
pub const GET_TICKET_LOGS: &str = "get_ticket_logs";
pub const APPROVE: &str = "approve";
pub const OPERATE_TICKET: &str = "operate_ticket";

/// The operations Ticket Desk sends with POST (a JSON body).
pub const POST_OPERATIONS: [&str; 4] = [CREATE_TICKET, GET_TICKETS, APPROVE, OPERATE_TICKET];
/// The operations Ticket Desk sends with GET (parameters in the query).
pub const GET_OPERATIONS: [&str; 6] = [
    GET_SERVICES,
    GET_SERVICE_DETAIL,
    GET_SERVICE_CATALOGS,
    GET_TICKET_INFO,
    GET_TICKET_STATUS,
    GET_TICKET_LOGS,
];

/// Path of an ITSM operation, e.g. `/api/c/compapi/v2/itsm/create_ticket/`.
pub fn operation_path(operation: &str) -> String {
    format!("{API_PREFIX}{operation}/")
}

/// The operation a path names: `/api/c/compapi/v2/itsm/create_ticket/` -> `create_ticket`.
pub fn operation_of(path: &str) -> Option<&str> {
    path.strip_prefix(API_PREFIX)?
        .strip_suffix('/')
        .filter(|operation| !operation.is_empty() && !operation.contains('/'))
}

/// The statuses ITSM documents (the last three are final), with their badge and their name:
/// the code itself in English (as ITSM shows it), BlueKing's name for it in Chinese. Others
/// still display, as sent.
pub const STATUSES: [Status; 8] = [
    Status::named("NEW", Tone::Neutral, "新建"),
    Status::named("RUNNING", Tone::Active, "处理中"),
    Status::named("RESOLVED", Tone::Success, "已解决"),
    Status::named("CONFIRMED", Tone::Success, "已确认"),
    Status::named("SUSPENDED", Tone::Warning, "已挂起"),
    Status::named("FINISHED", Tone::Success, "已结束"),
    Status::named("TERMINATED", Tone::Danger, "已终止"),
    Status::named("REVOKED", Tone::Neutral, "已撤回"),
];

fn json_body<T: Serialize>(request: &T) -> Value {
    // The request types have string keys and no failing `Serialize`, so this cannot fail.
    serde_json::to_value(request).unwrap_or_else(|error| unreachable!("{error}"))
}

fn post(operation: &str, body: Value) -> HttpCall {
    let mut call = HttpCall::new(Method::Post, operation_path(operation));
    call.body = Some(body);
    call
}

/// Decodes ITSM's envelope: `Ok(data)` when `result && code == 0`, otherwise the vendor's
/// code, message and request id.
pub fn decode_envelope<T: DeserializeOwned>(status: u16, body: &str) -> Result<T, VendorError> {
    // The common case straight into the typed result: building a `Value` tree first costs
    // more than the decoding itself on a 10,000-ticket page.
    if is_success(status) {
        if let Ok(Envelope {
            result: true,
            code: 0,
            data: Some(data),
            ..
        }) = serde_json::from_str::<Envelope<T>>(body)
        {
            return Ok(data);
        }
    }
    // Anything else takes the slow road, which explains what is wrong.
    let value = parse_json(status, body)?;
    if value.get("result").is_none() && value.get("code").is_none() {
        return Err(if is_success(status) {
            VendorError::new(
                status,
                CODE_BAD_RESPONSE,
                tr!(
                    "the answer is not an ITSM envelope (no \"result\" or \"code\")",
                    "返回内容不是 ITSM 的应答格式（没有 \"result\" 或 \"code\"）"
                ),
            )
        } else {
            http_failure(status, &value)
        });
    }
    let envelope: Envelope<Value> = shape(status, value)?;
    if !envelope.result || envelope.code != 0 {
        let message = if envelope.message.is_empty() && !is_success(status) {
            tr!("the proxy answered {status}", "代理返回 {status}")
        } else {
            envelope.message
        };
        return Err(VendorError::new(status, envelope.code.to_string(), message)
            .with_request_id(envelope.request_id));
    }
    shape(status, envelope.data.unwrap_or(Value::Null))
}

pub fn create_ticket_call(request: &CreateTicket) -> HttpCall {
    post(CREATE_TICKET, json_body(request))
}

pub fn decode_create_ticket(status: u16, body: &str) -> Result<CreatedTicket, VendorError> {
    decode_envelope(status, body)
}

pub fn get_tickets_call(request: &GetTickets) -> HttpCall {
    post(GET_TICKETS, json_body(request))
}

/// `#[inline]`: generated where it is called, so the app's list pages get it compiled for speed
/// (crate `list-decode`).
#[inline]
pub fn decode_get_tickets(status: u16, body: &str) -> Result<TicketList, VendorError> {
    decode_envelope(status, body)
}

/// The ticket total of a successful `get_tickets` answer, and nothing else of it: a count
/// needs no rows. `None` for any other answer (the list explains failures; a count is left out).
pub fn decode_ticket_count(status: u16, body: &str) -> Option<u64> {
    #[derive(serde::Deserialize)]
    struct Count {
        #[serde(default, deserialize_with = "crate::lenient::uint")]
        count: u64,
    }
    match serde_json::from_str::<Envelope<Count>>(body).ok()? {
        Envelope {
            result: true,
            code: 0,
            data: Some(data),
            ..
        } if is_success(status) => Some(data.count),
        _ => None,
    }
}

pub fn get_services_call(request: &GetServices) -> HttpCall {
    let mut call = HttpCall::new(Method::Get, operation_path(GET_SERVICES));
    if let Some(catalog_id) = request.catalog_id {
        call.query
            .push(("catalog_id".into(), catalog_id.to_string()));
    }
    call
}

pub fn decode_get_services(status: u16, body: &str) -> Result<Vec<ServiceInfo>, VendorError> {
    decode_envelope(status, body)
}

pub fn get_service_detail_call(service_id: i64) -> HttpCall {
    let mut call = HttpCall::new(Method::Get, operation_path(GET_SERVICE_DETAIL));
    call.query
        .push(("service_id".into(), service_id.to_string()));
    call
}

pub fn decode_get_service_detail(status: u16, body: &str) -> Result<ServiceDetail, VendorError> {
    decode_envelope(status, body)
}

impl CreateTicket {
    /// Every problem at once: creator, fields with a non-empty "title", keys, callback URL,
    /// state processors.
    pub fn validate(&self) -> Result<(), Vec<Problem>> {
        let mut problems = Problems::new();
        problems.require("creator", &labels::creator(), &self.creator);
        if let Some(service_id) = self.service_id {
            problems.in_range(
                "service_id",
                &labels::service_id(),
                service_id,
                Some(1),
                None,
            );
        }
        if self.fields.is_empty() {
            problems.push(
                "fields",
                tr!(
                    "At least one field is required, including \"title\", the ticket's title.",
                    "至少需要一个字段，其中须有工单标题 \"title\"。"
                ),
            );
        }
        for (index, field) in self.fields.iter().enumerate() {
            if field.key.trim().is_empty() {
                problems.push(
                    format!("fields[{index}].key"),
                    tr!("Every field needs a key.", "每个字段都需要填写键。"),
                );
            }
        }
        match self
            .fields
            .iter()
            .position(|field| field.key.trim() == "title")
        {
            Some(index) => {
                problems.require(
                    &format!("fields[{index}].value"),
                    &labels::title(),
                    &self.fields[index].value,
                );
            }
            None if !self.fields.is_empty() => problems.push(
                "fields",
                tr!(
                    "The fields must include \"title\", the ticket's title.",
                    "字段中必须有工单标题 \"title\"。"
                ),
            ),
            None => {}
        }
        if let Some(meta) = &self.meta {
            if let Some(url) = &meta.callback_url {
                problems.http_url("meta.callback_url", &labels::callback_url(), url);
            }
            for (state, processors) in meta.state_processors.iter().flatten() {
                if state.trim().is_empty() {
                    problems.push(
                        "meta.state_processors",
                        tr!(
                            "Every state processor entry needs a state id.",
                            "每条节点处理人都需要填写节点 ID。"
                        ),
                    );
                } else if crate::form::split_list(processors).is_empty() {
                    problems.push(
                        format!("meta.state_processors.{state}"),
                        tr!(
                            "Processors for state {state} are required.",
                            "节点 {state} 的处理人为必填项。"
                        ),
                    );
                }
            }
        }
        problems.into_result()
    }
}

impl GetTickets {
    /// Page from 1, page size 1..=10000, dates as `YYYY-MM-DD hh:mm:ss`, ranges in order.
    pub fn validate(&self) -> Result<(), Vec<Problem>> {
        let mut problems = Problems::new();
        if let Some(page) = self.page {
            let label = tr!("Page", "页码");
            problems.in_range("page", &label, saturating(page), Some(1), None);
        }
        if let Some(page_size) = self.page_size {
            problems.in_range(
                "page_size",
                &tr!("Page size", "每页条数"),
                saturating(page_size),
                Some(1),
                Some(MAX_PAGE_SIZE),
            );
        }
        for (index, sn) in self.sns.iter().flatten().enumerate() {
            problems.require(&format!("sns[{index}]"), &labels::ticket_number(), sn);
        }
        let (created_from, created_to) = (
            tr!("Created from", "创建时间起"),
            tr!("Created until", "创建时间止"),
        );
        check_range(
            &mut problems,
            ("create_at__gte", &created_from, &self.created_from),
            ("create_at__lte", &created_to, &self.created_to),
        );
        let (ended_from, ended_to) = (
            tr!("Ended from", "结束时间起"),
            tr!("Ended until", "结束时间止"),
        );
        check_range(
            &mut problems,
            ("end_at__gte", &ended_from, &self.ended_from),
            ("end_at__lte", &ended_to, &self.ended_to),
        );
        problems.into_result()
    }
}

fn saturating(number: u64) -> i64 {
    i64::try_from(number).unwrap_or(i64::MAX)
}

type Bound<'a> = (&'a str, &'a str, &'a Option<String>);

fn check_range(problems: &mut Problems, from: Bound<'_>, to: Bound<'_>) {
    let from_ok = from
        .2
        .as_deref()
        .map(|text| problems.date_time(from.0, from.1, text));
    let to_ok =
        to.2.as_deref()
            .map(|text| problems.date_time(to.0, to.1, text));
    if let (Some(true), Some(true), Some(start), Some(end)) = (from_ok, to_ok, from.2, to.2) {
        // Same fixed-width format, so text order is time order.
        if start.trim() > end.trim() {
            let (earlier, later) = (from.1, to.1);
            problems.push(
                from.0,
                tr!(
                    "{earlier} must not be later than {later}.",
                    "{earlier}不能晚于{later}。"
                ),
            );
        }
    }
}

/// The unified list row of an ITSM ticket; `id` is the ticket number (`sn`).
/// Takes the item: a 10,000-row page moves its texts into the rows instead of copying them.
pub fn ticket_summary(item: TicketItem) -> TicketSummary {
    ticket_summary_named(item, None)
}

/// [`ticket_summary`] with the service's name when it is known: the "service N" placeholder is
/// only formatted when it is not (a 10,000-row page formatted and dropped 10,000 of them).
fn ticket_summary_named(item: TicketItem, service_name: Option<String>) -> TicketSummary {
    TicketSummary {
        kind: Kind::Itsm,
        id: item.sn,
        title: item.title,
        status: item.current_status,
        status_label: None,
        creator: item.creator,
        created: item.create_at,
        updated: Some(item.update_at).filter(|text| !text.is_empty()),
        service: service_name.or_else(|| service_placeholder(item.service_id)),
        link: Some(item.ticket_url).filter(|url| crate::validate::is_http_url(url)),
    }
}

/// "service N" for a ticket's service until its name is known; `None` without a service.
pub(crate) fn service_placeholder(service_id: i64) -> Option<String> {
    (service_id > 0).then(|| tr!("service {service_id}", "服务 {service_id}"))
}

/// The labels the ITSM forms and checks share, so a field reads the same in both.
pub(crate) mod labels {
    use crate::tr;

    pub fn creator() -> String {
        tr!("Creator", "提单人")
    }

    pub fn service_id() -> String {
        tr!("Service id", "服务 ID")
    }

    pub fn title() -> String {
        tr!("Title", "标题")
    }

    pub fn callback_url() -> String {
        tr!("Callback URL", "回调地址")
    }

    pub fn ticket_number() -> String {
        tr!("Ticket number", "工单号")
    }
}

/// One page of the list; ITSM does not echo the page size, so it comes from the request. The
/// service column names each ticket's service where `names` (from `get_services`) knows it,
/// "service N" otherwise.
pub fn page_from(
    request: &GetTickets,
    list: TicketList,
    names: &std::collections::HashMap<i64, String>,
) -> Page {
    Page {
        items: list
            .items
            .into_iter()
            .map(|item| {
                let name = names.get(&item.service_id).cloned();
                ticket_summary_named(item, name)
            })
            .collect(),
        page: if list.page > 0 {
            list.page
        } else {
            request.page_or_default()
        },
        page_size: request.page_size_or_default(),
        total: list.count,
    }
}

/// Service names by id, from `get_services`.
pub fn service_names(services: &[ServiceInfo]) -> std::collections::HashMap<i64, String> {
    services
        .iter()
        .filter(|service| !service.name.trim().is_empty())
        .map(|service| (service.id, service.name.clone()))
        .collect()
}

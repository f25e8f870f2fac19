//! CreateOrder, ListOrders and GetOrderBaseInfo.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use serde_json::{json, Value};
use vendors::dms::{CreateOrder, GetOrderBaseInfo, ListOrders, Order, ORDER_STATUSES};
use vendors::Problem;

use super::request_id;
use super::seed::{self, database, database_ids, is_finished, DEMO_USER};
use super::{business_error, AliError, DmsSim, StoredOrder};
use crate::demo::serve::json_response;
use crate::time::{now_secs, plain_from_secs, secs_from_plain};

/// Parameters every CreateOrder needs; a missing one is refused before the action runs.
const CREATE_REQUIRED: [&str; 4] = ["Comment", "PluginType", "PluginParam", "RelatedUserList"];

fn param<'a>(query: &'a [(String, String)], name: &str) -> Option<&'a str> {
    query
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
        .filter(|value| !value.trim().is_empty())
}

fn missing(name: &str) -> Response {
    AliError::new(
        StatusCode::BAD_REQUEST,
        format!("Missing{name}"),
        format!("{name} is mandatory for this action."),
    )
    .into_response()
}

/// The gateway's answer to a parameter it cannot read.
fn invalid_parameter(problem: &Problem) -> Response {
    AliError::new(
        StatusCode::BAD_REQUEST,
        "InvalidParameter",
        format!(
            "The specified parameter {} is not valid: {}",
            problem.path, problem.message
        ),
    )
    .into_response()
}

/// Parameters that parse but break a rule of the ticket type (`PluginParam.<key>`) are the
/// DMS service's business errors; unreadable parameters are refused by the gateway.
fn refuse(problems: &[Problem]) -> Response {
    match problems.iter().find(|problem| !problem.path.contains('.')) {
        Some(problem) => invalid_parameter(problem),
        None => {
            let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
            business_error("InvalidParameter", text.join("; "))
        }
    }
}

/// A database id as DMS reads it: a number, or a numeric string.
fn whole_number(value: &Value) -> Option<i64> {
    value
        .as_i64()
        .or_else(|| value.as_str().and_then(|text| text.trim().parse().ok()))
}

fn success(mut body: Value) -> Response {
    body["RequestId"] = json!(request_id());
    body["Success"] = json!(true);
    Json(body).into_response()
}

/// A CreateOrder call decoded and checked (its databases exist), ready to insert.
pub struct NewOrder {
    request: CreateOrder,
    owners: Vec<i64>,
}

impl NewOrder {
    // The error is the finished reply, made once per refused call.
    #[allow(clippy::result_large_err)]
    pub fn parse(query: &[(String, String)]) -> Result<Self, Response> {
        if let Some(name) = CREATE_REQUIRED
            .iter()
            .find(|name| param(query, name).is_none())
        {
            return Err(missing(name));
        }
        let request = CreateOrder::from_query(query).map_err(|problems| refuse(&problems))?;
        let mut owners = Vec::new();
        for id in database_ids(&request.plugin_param) {
            let Some(db) = whole_number(&id).and_then(database) else {
                let shown = id.as_str().map_or_else(|| id.to_string(), str::to_string);
                return Err(business_error(
                    "InvalidParameter",
                    format!("The database {shown} does not exist or you have no permission."),
                ));
            };
            owners.push(db.owner);
        }
        Ok(Self { request, owners })
    }
}

pub fn create_order(sim: &mut DmsSim, order: NewOrder, caller: i64) -> Response {
    let NewOrder { request, owners } = order;
    let newest = sim.orders.first();
    let order_id = sim
        .orders
        .iter()
        .map(|o| o.order.order_id)
        .max()
        .unwrap_or(0)
        + 1;
    // Never older than the newest order, so a new order always lists first.
    let created = now_secs().max(
        newest
            .and_then(|o| secs_from_plain(&o.order.create_time))
            .map_or(0, |secs| secs + 1),
    );
    let committer = seed::user(caller).copied().unwrap_or(DEMO_USER);
    let now = plain_from_secs(created);
    // CreateOrder and SubmitOrderApproval in one: the order awaits its approvers at once.
    let workflow = super::workflow::submitted(order_id, committer.id, &owners, &now);
    let order = StoredOrder {
        order: Order {
            order_id,
            comment: request.comment.trim().to_string(),
            committer: committer.nick.to_string(),
            committer_id: committer.id,
            create_time: now.clone(),
            last_modify_time: now,
            plugin_type: request.plugin_type.trim().to_string(),
            status_code: "toaudit".into(),
            status_desc: "Awaiting approval".into(),
        },
        plugin_param: request.plugin_param,
        related_users: vendors::form::split_list(&request.related_user_list),
        handlers: workflow.current_auditors(),
        owners,
        attachment_key: request.attachment_key,
        workflow: Some(workflow),
    };
    sim.orders.insert(0, order);
    sim.orders.truncate(super::MAX_ORDERS);
    success(json!({"CreateOrderResult": {"OrderIds": [order_id]}}))
}

/// Whether `caller` sees `order` under an `OrderResultType`.
fn in_scope(scope: &str, order: &StoredOrder, caller: i64) -> bool {
    let nick = seed::user(caller).map_or("", |user| user.nick);
    match scope {
        "AS_ADMIN" => true,
        "AS_HANDLER" => order.handlers.contains(&caller),
        "AS_OWNER" => order.owners.contains(&caller),
        "AS_Related" => order
            .related_users
            .iter()
            .any(|user| *user == caller.to_string() || user == nick),
        _ => order.order.committer_id == caller,
    }
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct ListOrdersReply<'a> {
    orders: OrderPage<'a>,
    total_count: u64,
    request_id: String,
    success: bool,
}

#[derive(Serialize)]
struct OrderPage<'a> {
    #[serde(rename = "Order")]
    order: Vec<&'a Order>,
}

pub fn list_orders(sim: &DmsSim, query: &[(String, String)], caller: i64) -> Response {
    let request = match ListOrders::from_query(query) {
        Ok(request) => request,
        Err(problems) => return invalid_parameter(&problems[0]),
    };
    let status = request.order_status.as_deref().unwrap_or("ALL");
    if !ORDER_STATUSES.contains(&status) {
        return invalid_parameter(&Problem::new(
            "OrderStatus",
            format!(
                "must be one of {}, not \"{status}\"",
                ORDER_STATUSES.join(", ")
            ),
        ));
    }
    // Alibaba does not document a default scope; "my orders" is what a caller expects.
    let scope = request
        .order_result_type
        .as_deref()
        .unwrap_or("AS_COMMITTER");
    let by_modify_time = request.search_date_type.as_deref() == Some("MODIFY_TIME");
    let search = request
        .search_content
        .as_deref()
        .map(|text| text.trim().to_lowercase());
    let matches = |stored: &&StoredOrder| {
        let order = &stored.order;
        let date = if by_modify_time {
            &order.last_modify_time
        } else {
            &order.create_time
        };
        in_scope(scope, stored, caller)
            && match status {
                "FINISHED" => is_finished(&order.status_code),
                "RUNNING" => !is_finished(&order.status_code),
                _ => true,
            }
            && request
                .plugin_type
                .as_deref()
                .is_none_or(|kind| kind.trim() == order.plugin_type)
            && search.as_deref().is_none_or(|text| {
                order.comment.to_lowercase().contains(text) || order.order_id.to_string() == text
            })
            // Same fixed-width format, so text order is time order.
            && request.start_time.as_deref().is_none_or(|start| date.as_str() >= start.trim())
            && request.end_time.as_deref().is_none_or(|end| date.as_str() <= end.trim())
    };
    let page_size = request.page_size_or_default();
    let skip = (request.page_or_default() - 1).saturating_mul(page_size);
    let mut total = 0u64;
    let mut page = Vec::new();
    for stored in sim.orders.iter().filter(matches) {
        if total >= skip && total - skip < page_size {
            page.push(&stored.order);
        }
        total += 1;
    }
    json_response(&ListOrdersReply {
        orders: OrderPage { order: page },
        total_count: total,
        request_id: request_id(),
        success: true,
    })
}

/// DMS's answer for an order id it does not know (or the caller may not see).
pub(super) fn no_such_order(order_id: i64) -> Response {
    business_error(
        "InvalidParameter",
        format!("The order {order_id} does not exist or you have no permission."),
    )
}

pub fn get_order_base_info(sim: &DmsSim, query: &[(String, String)]) -> Response {
    if param(query, "OrderId").is_none() {
        return missing("OrderId");
    }
    let request = match GetOrderBaseInfo::from_query(query) {
        Ok(request) => request,
        Err(problems) => return invalid_parameter(&problems[0]),
    };
    let Some(stored) = sim
        .orders
        .iter()
        .find(|stored| stored.order.order_id == request.order_id)
    else {
        return no_such_order(request.order_id);
    };
    let order = &stored.order;
    let nicks: Vec<&str> = stored
        .related_users
        .iter()
        .map(|user| {
            user.parse()
                .ok()
                .and_then(seed::user)
                .map_or(user.as_str(), |found| found.nick)
        })
        .collect();
    // A workflow starts once the order is submitted for approval.
    let workflow = stored.workflow.as_ref();
    success(json!({"OrderBaseInfo": {
        "OrderId": order.order_id, "Comment": order.comment, "Committer": order.committer,
        "CommitterId": order.committer_id, "CreateTime": order.create_time,
        "LastModifyTime": order.last_modify_time, "PluginType": order.plugin_type,
        "StatusCode": order.status_code, "StatusDesc": order.status_desc,
        "WorkflowInstanceId": workflow.map(|flow| flow.instance_id),
        "WorkflowStatusDesc": workflow.map(|flow| flow.status_desc()),
        "RelatedUserList": stored.related_users, "RelatedUserNickList": nicks,
        "AttachmentKey": stored.attachment_key,
    }}))
}

//! GetApprovalDetail, ApproveOrder (AGREE / REJECT / CANCEL) and CloseOrder: they move an
//! order's workflow along and refuse, like DMS and in its words, what the caller may not do.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};
use vendors::dms::{ApproveOrder, CloseOrder, GetApprovalDetail, WORKFLOW_AUDITING};
use vendors::Problem;

use super::orders::no_such_order;
use super::seed::{self, is_finished};
use super::workflow::{Workflow, APPROVED, CANCEL, REJECT};
use super::{business_error, request_id, AliError, DmsSim, StoredOrder};
use crate::time::{now_secs, plain_from_secs, secs_from_plain};

fn nick(id: i64) -> String {
    seed::user(id).map_or_else(|| id.to_string(), |user| user.nick.to_string())
}

fn success(body: Value) -> Response {
    let mut body = body;
    body["RequestId"] = json!(request_id());
    body["Success"] = json!(true);
    axum::Json(body).into_response()
}

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

fn missing(name: &str) -> Response {
    AliError::new(
        StatusCode::BAD_REQUEST,
        format!("Missing{name}"),
        format!("{name} is mandatory for this action."),
    )
    .into_response()
}

fn has(query: &[(String, String)], name: &str) -> bool {
    query
        .iter()
        .any(|(key, value)| key == name && !value.trim().is_empty())
}

fn by_instance(sim: &mut DmsSim, instance_id: i64) -> Option<&mut StoredOrder> {
    sim.orders.iter_mut().find(|stored| {
        stored
            .workflow
            .as_ref()
            .is_some_and(|flow| flow.instance_id == instance_id)
    })
}

fn no_workflow(instance_id: i64) -> Response {
    business_error(
        "InvalidParameter",
        format!("The workflow instance {instance_id} does not exist or you have no permission."),
    )
}

pub fn get_approval_detail(sim: &mut DmsSim, query: &[(String, String)]) -> Response {
    if !has(query, "WorkflowInstanceId") {
        return missing("WorkflowInstanceId");
    }
    let request = match GetApprovalDetail::from_query(query) {
        Ok(request) => request,
        Err(problems) => return invalid_parameter(&problems[0]),
    };
    let Some(stored) = by_instance(sim, request.workflow_instance_id) else {
        return no_workflow(request.workflow_instance_id);
    };
    let flow = stored.workflow.as_ref().expect("found by its workflow");
    let handlers: Vec<Value> = flow
        .current_auditors()
        .into_iter()
        .map(|id| json!({"Id": id, "NickName": nick(id)}))
        .collect();
    let nodes: Vec<Value> = flow
        .nodes
        .iter()
        .map(|node| {
            let auditors: Vec<String> = node.auditors.iter().map(i64::to_string).collect();
            let mut item = json!({"NodeName": node.name, "AuditUserIdList": auditors.join(",")});
            if let (Some(operator), Some(time)) = (node.operator, &node.time) {
                item["OperatorId"] = json!(operator);
                item["OperateTime"] = json!(time);
                item["OperateComment"] = json!(node.comment);
            }
            item
        })
        .collect();
    let describe = ["classify", "description", "reason"]
        .iter()
        .find_map(|key| stored.plugin_param.get(*key).and_then(Value::as_str))
        .unwrap_or_default();
    success(json!({"ApprovalDetail": {
        "Title": stored.order.comment, "Description": describe,
        "OrderType": stored.order.plugin_type, "WorkflowInsCode": flow.code,
        "CurrentHandlers": {"CurrentHandler": handlers},
        "WorkflowNodes": {"WorkflowNode": nodes},
    }}))
}

/// A time after everything already on the order, so its history stays in order.
fn next_time(stored: &StoredOrder) -> String {
    let last = secs_from_plain(&stored.order.last_modify_time).unwrap_or(0);
    plain_from_secs(now_secs().max(last + 1))
}

fn set_status(stored: &mut StoredOrder, code: &str, desc: &str, time: String) {
    stored.order.status_code = code.to_string();
    stored.order.status_desc = desc.to_string();
    stored.order.last_modify_time = time;
    stored.handlers = stored
        .workflow
        .as_ref()
        .map(Workflow::current_auditors)
        .unwrap_or_default();
}

/// Marks the current node as acted on by `caller` and ends the workflow with `code`
/// unless it was an agreement with nodes still to come.
fn act(stored: &mut StoredOrder, caller: i64, code: &'static str, comment: &str) {
    let time = next_time(stored);
    let flow = stored.workflow.as_mut().expect("checked by the caller");
    let node = flow
        .nodes
        .iter_mut()
        .find(|node| node.operator.is_none())
        .expect("an auditing workflow has a current node");
    *node = node.clone().done(caller, time.clone(), comment);
    let more = flow.nodes.iter().any(|node| node.operator.is_none());
    flow.code = match code {
        APPROVED if more => WORKFLOW_AUDITING,
        other => other,
    };
    let (status, desc) = match flow.code {
        WORKFLOW_AUDITING => ("toaudit", "Awaiting approval"),
        APPROVED => ("Approved", "Approved"),
        REJECT => ("reject", "Rejected"),
        _ => ("closed", "Closed"),
    };
    set_status(stored, status, desc, time);
}

pub fn approve_order(sim: &mut DmsSim, query: &[(String, String)], caller: i64) -> Response {
    for name in ["WorkflowInstanceId", "ApprovalType"] {
        if !has(query, name) {
            return missing(name);
        }
    }
    let request = match ApproveOrder::from_query(query) {
        Ok(request) => request,
        // A reason missing for REJECT is the service's rule, not the gateway's.
        Err(problems) if problems.iter().all(|p| p.path == "Comment") => {
            return business_error(
                "InvalidParameter",
                "Comment is mandatory to reject an order.",
            )
        }
        Err(problems) => return invalid_parameter(&problems[0]),
    };
    let Some(stored) = by_instance(sim, request.workflow_instance_id) else {
        return no_workflow(request.workflow_instance_id);
    };
    let flow = stored.workflow.as_ref().expect("found by its workflow");
    if flow.code != WORKFLOW_AUDITING {
        return business_error(
            "InvalidStatus",
            format!(
                "The workflow instance {} has already ended ({}); it cannot be processed again.",
                flow.instance_id, flow.code
            ),
        );
    }
    let comment = request.comment.as_deref().unwrap_or_default().trim();
    let committed = stored.order.committer_id == caller;
    match request.approval_type.as_str() {
        "CANCEL" if !committed => business_error(
            "NoPermission",
            "Only the committer of an order can cancel its approval.",
        ),
        "CANCEL" => {
            act(stored, caller, CANCEL, comment);
            success(json!({}))
        }
        _ if !flow.current_auditors().contains(&caller) => business_error(
            "NoPermission",
            "You are not an approver of the current node of this workflow.",
        ),
        // Separation of duties: nobody approves their own order.
        _ if committed => business_error(
            "NoPermission",
            "The committer of an order cannot approve or reject it.",
        ),
        "AGREE" => {
            act(stored, caller, APPROVED, comment);
            success(json!({}))
        }
        _ => {
            act(stored, caller, REJECT, comment);
            success(json!({}))
        }
    }
}

pub fn close_order(sim: &mut DmsSim, query: &[(String, String)], caller: i64) -> Response {
    for name in ["OrderId", "CloseReason"] {
        if !has(query, name) {
            return missing(name);
        }
    }
    let request = match CloseOrder::from_query(query) {
        Ok(request) => request,
        Err(problems) => return invalid_parameter(&problems[0]),
    };
    let Some(stored) = sim
        .orders
        .iter_mut()
        .find(|stored| stored.order.order_id == request.order_id)
    else {
        return no_such_order(request.order_id);
    };
    if stored.order.committer_id != caller {
        return business_error(
            "NoPermission",
            "Only the committer of an order can close it.",
        );
    }
    if is_finished(&stored.order.status_code) {
        return business_error(
            "InvalidStatus",
            format!(
                "The order {} has already ended ({}); it cannot be closed.",
                request.order_id, stored.order.status_desc
            ),
        );
    }
    let reason = request.close_reason.trim().to_string();
    if stored
        .workflow
        .as_ref()
        .is_some_and(|flow| flow.code == WORKFLOW_AUDITING)
    {
        // Closing an order in approval ends its workflow too.
        act(stored, caller, CANCEL, &reason);
    } else {
        let time = next_time(stored);
        set_status(stored, "closed", "Closed", time);
    }
    success(json!({}))
}

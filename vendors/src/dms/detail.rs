//! A DMS order on the unified ticket page (`GetOrderBaseInfo` + `GetApprovalDetail`), the
//! decisions its caller may take, and the one call each decision sends.
//!
//! DMS acts as the AccessKey's user, so "the caller" is that user, named by DMS user id or nick
//! name. Approve and reject: the workflow is AUDITING and the caller is a current handler.
//! Withdraw: the caller committed the order and it is not final. While the order waits for
//! approval, withdrawing cancels its workflow (ApproveOrder CANCEL: the approvers see it in the
//! workflow); before or after approval there is no workflow step to cancel, so it closes the
//! order (CloseOrder). DMS cannot reopen an order.

use std::collections::HashMap;

use serde_json::Value;

use super::{
    approve_order_call, close_order_call, order_summary, ApprovalDetail, ApproveOrder, CloseOrder,
    Order, OrderBaseInfo,
};
use crate::call::{HttpCall, Problem};
use crate::decide::{
    Decision, DecisionRequest, DetailField, DetailStep, StepState, TicketDetail, TimelineEntry,
};
use crate::i18n::Text;
use crate::lenient::split_list;
use crate::response::text_of;

/// StatusCodes after which nothing more happens to an order.
pub const FINAL_STATUSES: [&str; 4] = ["success", "closed", "reject", "fail"];
/// StatusCode of an order waiting for its approvers.
pub const STATUS_TO_AUDIT: &str = "toaudit";
/// CloseReason sent when the person gave none (DMS keeps a reason with every closed order),
/// in the language of the person withdrawing.
pub const DEFAULT_CLOSE_REASON: Text =
    crate::text!("Withdrawn by the committer.", "提单人已撤回。");
/// Where the decision form reports a decision DMS cannot take.
pub const DECISION_PATH: &str = "decision";

pub fn is_final(status_code: &str) -> bool {
    let code = status_code.trim();
    FINAL_STATUSES
        .iter()
        .any(|status| status.eq_ignore_ascii_case(code))
}

fn is_to_audit(status_code: &str) -> bool {
    status_code.trim().eq_ignore_ascii_case(STATUS_TO_AUDIT)
}

/// Whether `caller` (a DMS user id or nick name) names the user `id` / `nick`.
fn is_caller(caller: Option<&str>, id: i64, nick: &str) -> bool {
    caller.map(str::trim).is_some_and(|caller| {
        !caller.is_empty() && (caller == id.to_string() || (!nick.is_empty() && caller == nick))
    })
}

/// The decisions `caller` may take on the order, in [`Decision::ALL`] order.
pub fn allowed_decisions(
    base: &OrderBaseInfo,
    approval: Option<&ApprovalDetail>,
    caller: Option<&str>,
) -> Vec<Decision> {
    let handles = approval.is_some_and(|approval| {
        approval.is_auditing()
            && approval
                .handlers()
                .iter()
                .any(|handler| is_caller(caller, handler.id, &handler.nick_name))
    });
    let owns =
        is_caller(caller, base.committer_id, &base.committer) && !is_final(&base.status_code);
    Decision::ALL
        .into_iter()
        .filter(|decision| match decision {
            Decision::Approve | Decision::Reject => handles,
            Decision::Withdraw => owns,
            Decision::Reopen => false,
        })
        .collect()
}

/// The one call that takes `request` on the order `base` describes.
pub fn decision_call(
    base: &OrderBaseInfo,
    request: &DecisionRequest,
) -> Result<HttpCall, Vec<Problem>> {
    request.validate()?;
    let comment = request.reason().map(str::to_string);
    let approve = |approval_type: &str| -> Result<HttpCall, Vec<Problem>> {
        let Some(workflow_instance_id) = base.workflow_instance_id.filter(|id| *id > 0) else {
            let order_id = base.order_id;
            let status = shown_status(base);
            let decision = request.decision.label().to_lowercase();
            return Err(vec![Problem::new(
                DECISION_PATH,
                crate::tr!(
                    "Order {order_id} has no approval workflow (status {status}): there is nothing to {decision}.",
                    "工单 {order_id} 没有审批流程（状态：{status}），无法{decision}。"
                ),
            )]);
        };
        let call = ApproveOrder {
            workflow_instance_id,
            approval_type: approval_type.to_string(),
            comment: comment.clone(),
        };
        call.validate()?;
        Ok(approve_order_call(&call))
    };
    match request.decision {
        Decision::Approve => approve("AGREE"),
        Decision::Reject => approve("REJECT"),
        Decision::Withdraw
            if is_to_audit(&base.status_code)
                && base.workflow_instance_id.is_some_and(|id| id > 0) =>
        {
            approve("CANCEL")
        }
        Decision::Withdraw => {
            let call = CloseOrder {
                order_id: base.order_id,
                close_reason: comment.unwrap_or_else(|| DEFAULT_CLOSE_REASON.get().to_string()),
            };
            call.validate()?;
            Ok(close_order_call(&call))
        }
        Decision::Reopen => Err(vec![Problem::new(
            DECISION_PATH,
            crate::tr!(
                "DMS cannot reopen an order: file a new one.",
                "DMS 无法重新打开工单，请新建工单。"
            ),
        )]),
    }
}

fn shown_status(base: &OrderBaseInfo) -> &str {
    if base.status_desc.trim().is_empty() {
        &base.status_code
    } else {
        &base.status_desc
    }
}

/// The texts of a list DMS may send as a JSON list or as comma-separated text.
fn texts(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::String(text)) => split_list(text),
        Some(Value::Array(items)) => items.iter().filter_map(text_of).collect(),
        Some(other) => text_of(other).into_iter().collect(),
        None => Vec::new(),
    }
}

/// Nick names by user id, from everything the two answers say about users.
fn nick_names(base: &OrderBaseInfo, approval: Option<&ApprovalDetail>) -> HashMap<String, String> {
    let mut names = HashMap::new();
    let ids = texts(base.related_user_list.as_ref());
    let nicks = texts(base.related_user_nick_list.as_ref());
    if ids.len() == nicks.len() {
        names.extend(ids.into_iter().zip(nicks));
    }
    for handler in approval.map(ApprovalDetail::handlers).unwrap_or_default() {
        if !handler.nick_name.is_empty() {
            names.insert(handler.id.to_string(), handler.nick_name.clone());
        }
    }
    if !base.committer.is_empty() {
        names.insert(base.committer_id.to_string(), base.committer.clone());
    }
    names
}

fn name_of(names: &HashMap<String, String>, id: &str) -> String {
    names.get(id).cloned().unwrap_or_else(|| id.to_string())
}

fn summary_order(base: &OrderBaseInfo) -> Order {
    Order {
        order_id: base.order_id,
        comment: base.comment.clone(),
        committer: base.committer.clone(),
        committer_id: base.committer_id,
        create_time: base.create_time.clone(),
        last_modify_time: base.last_modify_time.clone(),
        plugin_type: base.plugin_type.clone(),
        status_code: base.status_code.clone(),
        status_desc: base.status_desc.clone(),
    }
}

fn fields(
    base: &OrderBaseInfo,
    approval: Option<&ApprovalDetail>,
    names: &HashMap<String, String>,
) -> Vec<DetailField> {
    let mut fields = vec![
        DetailField::text(crate::tr!("Ticket type", "工单类型"), &base.plugin_type),
        DetailField::text(crate::tr!("Status", "状态"), shown_status(base)),
        DetailField::text(
            crate::tr!("Workflow", "审批流程"),
            base.workflow_status_desc.clone().unwrap_or_default(),
        ),
    ];
    if let Some(approval) = approval {
        fields.push(DetailField::text(
            crate::tr!("Approval", "审批"),
            &approval.workflow_ins_code,
        ));
        fields.push(DetailField::text(
            crate::tr!("Order type", "单据类型"),
            &approval.order_type,
        ));
        if approval.title.trim() != base.comment.trim() {
            fields.push(DetailField::text(
                crate::tr!("Approval title", "审批标题"),
                &approval.title,
            ));
        }
        fields.push(DetailField::text(
            crate::tr!("Description", "描述"),
            &approval.description,
        ));
    }
    let related: Vec<String> = texts(base.related_user_list.as_ref())
        .iter()
        .map(|id| name_of(names, id))
        .collect();
    fields.push(DetailField::text(
        crate::tr!("Related users", "相关用户"),
        related.join(&crate::tr!(", ", "、")),
    ));
    let attachment = base
        .origin_attachment_name
        .clone()
        .or_else(|| base.attachment_key.clone());
    fields.push(DetailField::text(
        crate::tr!("Attachment", "附件"),
        attachment.unwrap_or_default(),
    ));
    if let Some(id) = base.workflow_instance_id {
        fields.push(DetailField::text(
            crate::tr!("Workflow instance", "审批流实例"),
            id.to_string(),
        ));
    }
    fields.retain(|field| !field.value.trim().is_empty());
    fields
}

fn steps(approval: &ApprovalDetail, names: &HashMap<String, String>) -> Vec<DetailStep> {
    let current = approval
        .is_auditing()
        .then(|| approval.nodes().iter().position(|node| !node.is_done()))
        .flatten();
    approval
        .nodes()
        .iter()
        .enumerate()
        .map(|(index, node)| {
            let auditors = || -> Vec<String> {
                node.audit_user_ids()
                    .iter()
                    .map(|id| name_of(names, id))
                    .collect()
            };
            let (state, handlers) = if node.is_done() {
                let operator = node.operator_id.map(|id| name_of(names, &id.to_string()));
                (
                    StepState::Done,
                    operator.map_or_else(auditors, |who| vec![who]),
                )
            } else if Some(index) == current {
                let now: Vec<String> = approval
                    .handlers()
                    .iter()
                    .map(|handler| {
                        if handler.nick_name.is_empty() {
                            handler.id.to_string()
                        } else {
                            handler.nick_name.clone()
                        }
                    })
                    .collect();
                let handlers = if now.is_empty() { auditors() } else { now };
                (StepState::Current, handlers)
            } else {
                (StepState::Waiting, auditors())
            };
            DetailStep {
                name: node.node_name.clone(),
                state,
                handlers,
            }
        })
        .collect()
}

/// One entry per node someone acted on, oldest first. The nodes carry no verdict, so it is
/// read from where the node stands: the last one decided a rejected or cancelled workflow.
fn timeline(
    base: &OrderBaseInfo,
    approval: &ApprovalDetail,
    names: &HashMap<String, String>,
) -> Vec<TimelineEntry> {
    let code = approval.workflow_ins_code.trim().to_ascii_uppercase();
    let done: Vec<(usize, &super::WorkflowNode)> = approval
        .nodes()
        .iter()
        .enumerate()
        .filter(|(_, node)| node.is_done())
        .collect();
    let last = done.last().map(|(index, _)| *index);
    let mut entries: Vec<TimelineEntry> = done
        .iter()
        .map(|(index, node)| {
            let by_committer = node.operator_id == Some(base.committer_id);
            let verb = match (Some(*index) == last, code.as_str()) {
                (true, "REJECT") => crate::tr!("rejected", "已拒绝"),
                (true, "CANCEL") if by_committer => crate::tr!("withdrawn", "已撤回"),
                (true, "CANCEL") => crate::tr!("cancelled", "已取消"),
                _ if *index == 0 && by_committer => crate::tr!("submitted", "已提交"),
                _ => crate::tr!("approved", "已通过"),
            };
            let node_name = &node.node_name;
            TimelineEntry {
                at: node.operate_time.clone().unwrap_or_default(),
                who: node
                    .operator_id
                    .map(|id| name_of(names, &id.to_string()))
                    .unwrap_or_default(),
                what: crate::tr!("{node_name}: {verb}", "{node_name}：{verb}"),
                comment: node
                    .operate_comment
                    .clone()
                    .filter(|text| !text.trim().is_empty()),
            }
        })
        .collect();
    // Same fixed-width format, so text order is time order; stable for equal times.
    entries.sort_by(|a, b| a.at.cmp(&b.at));
    entries
}

/// The ticket page of an order: its base info, its workflow when it has one, and what
/// `caller` (the AccessKey user's DMS id or nick name, when known) may decide.
pub fn ticket_detail(
    base: &OrderBaseInfo,
    approval: Option<&ApprovalDetail>,
    caller: Option<&str>,
) -> TicketDetail {
    let names = nick_names(base, approval);
    TicketDetail {
        summary: order_summary(summary_order(base)),
        fields: fields(base, approval, &names),
        steps: approval
            .map(|approval| steps(approval, &names))
            .unwrap_or_default(),
        timeline: approval
            .map(|approval| timeline(base, approval, &names))
            .unwrap_or_default(),
        allowed: allowed_decisions(base, approval, caller),
    }
}

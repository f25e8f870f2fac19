//! Deciding an ITSM ticket: the calls that read one ticket (`get_ticket_info`,
//! `get_ticket_status`, `get_ticket_logs`), the decision calls (`approve` for approve/reject,
//! `operate_ticket` WITHDRAW for withdraw), which decisions ITSM lets the user take, and the
//! unified [`TicketDetail`].

use super::workflow::{Approve, OperateTicket, TicketInfo, TicketLogs, TicketStatus};
use super::{
    decode_envelope, json_body, labels, operation_path, post, service_placeholder, APPROVE,
    GET_TICKET_INFO, GET_TICKET_LOGS, GET_TICKET_STATUS, OPERATE_TICKET,
};
use crate::call::{HttpCall, Method, Problem, VendorError};
use crate::decide::{
    reason_required, reason_too_long, Decision, DecisionOutcome, DecisionRequest, DetailField,
    DetailStep, StepState, TicketDetail, TimelineEntry, MAX_COMMENT_CHARS,
};
use crate::kind::Kind;
use crate::summary::TicketSummary;
use crate::tr;
use crate::validate::Problems;
use serde_json::Value;

/// `operate_ticket`'s documented action types.
pub const TICKET_ACTIONS: [&str; 4] = ["SUSPEND", "UNSUSPEND", "WITHDRAW", "TERMINATE"];
/// The one ticket-level action Ticket Desk sends.
pub const WITHDRAW: &str = "WITHDRAW";
/// `approve`'s `action` values: approve, reject.
pub const APPROVE_ACTIONS: [&str; 2] = ["true", "false"];

fn by_sn(operation: &str, sn: &str) -> HttpCall {
    let mut call = HttpCall::new(Method::Get, operation_path(operation));
    call.query.push(("sn".into(), sn.trim().to_string()));
    call
}

pub fn get_ticket_info_call(sn: &str) -> HttpCall {
    by_sn(GET_TICKET_INFO, sn)
}

pub fn decode_get_ticket_info(status: u16, body: &str) -> Result<TicketInfo, VendorError> {
    decode_envelope(status, body)
}

pub fn get_ticket_status_call(sn: &str) -> HttpCall {
    by_sn(GET_TICKET_STATUS, sn)
}

pub fn decode_get_ticket_status(status: u16, body: &str) -> Result<TicketStatus, VendorError> {
    decode_envelope(status, body)
}

pub fn get_ticket_logs_call(sn: &str) -> HttpCall {
    by_sn(GET_TICKET_LOGS, sn)
}

pub fn decode_get_ticket_logs(status: u16, body: &str) -> Result<TicketLogs, VendorError> {
    decode_envelope(status, body)
}

pub fn approve_call(request: &Approve) -> HttpCall {
    post(APPROVE, json_body(request))
}

pub fn operate_ticket_call(request: &OperateTicket) -> HttpCall {
    post(OPERATE_TICKET, json_body(request))
}

/// `approve` and `operate_ticket` answer an empty `data` (`[]`, `{}` or nothing): only the
/// envelope matters.
pub fn decode_decision(status: u16, body: &str) -> Result<(), VendorError> {
    decode_envelope::<Value>(status, body).map(|_| ())
}

/// A ticket number: required, checked before any call is built.
pub fn check_sn(sn: &str) -> Result<(), Vec<Problem>> {
    let mut problems = Problems::new();
    problems.require("sn", &labels::ticket_number(), sn);
    problems.into_result()
}

fn check_remark(problems: &mut Problems, path: &str, text: Option<&str>) {
    let length = text.unwrap_or_default().trim().chars().count();
    if length > MAX_COMMENT_CHARS {
        problems.push(path, reason_too_long(length));
    }
}

impl Approve {
    /// Ticket number, a state id, the approver, `action` "true"/"false", and a remark to reject.
    pub fn validate(&self) -> Result<(), Vec<Problem>> {
        let mut problems = Problems::new();
        problems.require("sn", &labels::ticket_number(), &self.sn);
        let state_id = tr!("State id", "节点 ID");
        problems.in_range("state_id", &state_id, self.state_id, Some(1), None);
        problems.require("approver", &tr!("Approver", "审批人"), &self.approver);
        let action = tr!("Action", "操作");
        if problems.one_of("action", &action, &self.action, &APPROVE_ACTIONS)
            && self.action.trim() == "false"
            && self
                .remark
                .as_deref()
                .is_none_or(|text| text.trim().is_empty())
        {
            problems.push("remark", reason_required());
        }
        check_remark(&mut problems, "remark", self.remark.as_deref());
        problems.into_result()
    }
}

impl OperateTicket {
    /// Ticket number, operator and one of the documented action types.
    pub fn validate(&self) -> Result<(), Vec<Problem>> {
        let mut problems = Problems::new();
        problems.require("sn", &labels::ticket_number(), &self.sn);
        problems.require("operator", &tr!("Operator", "操作人"), &self.operator);
        problems.one_of(
            "action_type",
            &tr!("Action type", "操作类型"),
            &self.action_type,
            &TICKET_ACTIONS,
        );
        check_remark(
            &mut problems,
            "action_message",
            self.action_message.as_deref(),
        );
        problems.into_result()
    }
}

/// The decisions ITSM lets the caller take, in [`Decision::ALL`] order: approve and reject
/// when a current approval step offers TRANSITION to them, withdraw when the ticket offers
/// WITHDRAW. ITSM has no reopen.
pub fn allowed_decisions(status: &TicketStatus) -> Vec<Decision> {
    let may_approve = status
        .current_steps
        .iter()
        .any(|step| step.is_approval() && step.can_transition());
    Decision::ALL
        .into_iter()
        .filter(|decision| match decision {
            Decision::Approve | Decision::Reject => may_approve,
            Decision::Withdraw => status.offers(WITHDRAW),
            Decision::Reopen => false,
        })
        .collect()
}

/// The decision call for `request` on ticket `sn` as `user`, given what `get_ticket_status`
/// said. Approve and reject go to the current approval step the user may submit, or else the
/// first current approval step, so ITSM itself says why it refuses; no approval step at all
/// (a finished ticket) and reopen are refused here with the reason.
pub fn decision_call(
    sn: &str,
    status: &TicketStatus,
    user: &str,
    request: &DecisionRequest,
) -> Result<HttpCall, VendorError> {
    let problems = |problems: Vec<Problem>| {
        let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
        VendorError::new(0, "INVALID", text.join("; "))
    };
    request.validate().map_err(problems)?;
    let reason = request.reason().map(str::to_string);
    match request.decision {
        Decision::Approve | Decision::Reject => {
            let approval = status
                .current_steps
                .iter()
                .filter(|step| step.is_approval());
            let step = approval
                .clone()
                .find(|step| step.can_transition())
                .or_else(|| approval.clone().next())
                .ok_or_else(|| {
                    let now = display_status(&status.current_status);
                    VendorError::new(
                        0,
                        "NO_APPROVAL_STEP",
                        tr!(
                            "ticket {sn} has no step waiting for approval (its status is {now})",
                            "工单 {sn} 没有等待审批的步骤（当前状态：{now}）"
                        ),
                    )
                })?;
            let approve = Approve {
                sn: sn.trim().to_string(),
                state_id: step.state_id,
                approver: user.to_string(),
                action: (request.decision == Decision::Approve).to_string(),
                remark: reason,
                ..Approve::default()
            };
            approve.validate().map_err(problems)?;
            Ok(approve_call(&approve))
        }
        Decision::Withdraw => {
            let operate = OperateTicket {
                sn: sn.trim().to_string(),
                operator: user.to_string(),
                action_type: WITHDRAW.to_string(),
                action_message: reason,
                ..OperateTicket::default()
            };
            operate.validate().map_err(problems)?;
            Ok(operate_ticket_call(&operate))
        }
        Decision::Reopen => Err(VendorError::new(
            0,
            "UNSUPPORTED",
            tr!("ITSM cannot reopen a ticket", "ITSM 不支持重新打开工单"),
        )),
    }
}

fn display_status(status: &str) -> String {
    if status.trim().is_empty() {
        tr!("unknown", "未知")
    } else {
        crate::status_name(Kind::Itsm, status)
    }
}

/// The status after a decision, from a fresh `get_ticket_status`.
pub fn decision_outcome(status: &TicketStatus) -> DecisionOutcome {
    DecisionOutcome {
        status: status.current_status.clone(),
        status_label: None,
    }
}

/// Everything the ticket page shows, from the three reads: the form's fields with their
/// display values (the title is the page's heading, so not repeated), the current steps with
/// their processors, the logs oldest first, and the decisions `status` allows.
pub fn ticket_detail(info: &TicketInfo, status: &TicketStatus, logs: &TicketLogs) -> TicketDetail {
    let current_status = if status.current_status.is_empty() {
        info.current_status.clone()
    } else {
        status.current_status.clone()
    };
    let link = info
        .extra_text("ticket_url")
        .or_else(|| {
            status
                .extra
                .get("ticket_url")
                .and_then(crate::response::text_of)
        })
        .filter(|url| crate::validate::is_http_url(url));
    let summary = TicketSummary {
        kind: Kind::Itsm,
        id: info.sn.clone(),
        title: info.title.clone(),
        status: current_status,
        status_label: None,
        creator: info.creator.clone(),
        created: info.create_at.clone(),
        updated: Some(info.update_at.clone()).filter(|text| !text.is_empty()),
        service: service_placeholder(info.service_id),
        link,
    };
    let fields = info
        .fields
        .iter()
        .filter(|field| field.key != "title")
        .map(|field| {
            let label = if field.name.trim().is_empty() {
                &field.key
            } else {
                &field.name
            };
            let value = if field.display_value.trim().is_empty() {
                &field.value
            } else {
                &field.display_value
            };
            DetailField::text(label.clone(), value.clone())
        })
        .collect();
    // The status call's steps are the fresher; the info call's stand in when it has none.
    let steps = if status.current_steps.is_empty() {
        &info.current_steps
    } else {
        &status.current_steps
    };
    let steps = steps
        .iter()
        .map(|step| DetailStep {
            name: step.name.clone(),
            state: StepState::Current,
            handlers: step.processor_names(),
        })
        .collect();
    let mut entries: Vec<&super::workflow::LogEntry> = logs.logs.iter().collect();
    // Same fixed-width time format, so text order is time order; the sort is stable.
    entries.sort_by(|a, b| a.operate_at.cmp(&b.operate_at));
    let timeline = entries
        .into_iter()
        .map(|log| TimelineEntry {
            at: log.operate_at.clone(),
            who: log.operator.clone(),
            what: log.message.clone(),
            comment: None,
        })
        .collect();
    TicketDetail {
        summary,
        fields,
        steps,
        timeline,
        allowed: allowed_decisions(status),
    }
}

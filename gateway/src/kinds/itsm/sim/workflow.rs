//! A ticket's workflow in the simulator: its steps (submit, then approval steps with
//! processors), where it stands, who claimed the current step, and its log. Statuses move
//! NEW -> RUNNING -> FINISHED (last step approved) / TERMINATED (rejected) / REVOKED
//! (withdrawn), with a log entry per step.

use serde::Serialize;
use serde_json::{json, Value};

use super::seed::is_final;
use super::{Refusal, StoredTicket};

/// Envelope codes of refused decisions (this simulator's numbers, like the others).
pub const CODE_NO_PERMISSION: i64 = 3_900_403;
pub const CODE_WRONG_STATE: i64 = 3_900_409;

/// Node types, as bk-itsm names them.
pub const NORMAL: &str = "NORMAL";
pub const APPROVAL: &str = "APPROVAL";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowStep {
    pub state_id: i64,
    pub name: String,
    pub node_type: &'static str,
    pub processors: Vec<String>,
}

impl FlowStep {
    pub fn new(
        state_id: i64,
        name: &str,
        node_type: &'static str,
        processors: Vec<String>,
    ) -> Self {
        FlowStep {
            state_id,
            name: name.to_string(),
            node_type,
            processors,
        }
    }
}

/// One entry of `get_ticket_logs`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Log {
    pub operator: String,
    pub message: String,
    /// WEB, MOBILE, API or SYS.
    pub source: &'static str,
    pub operate_at: String,
}

impl Log {
    pub fn new(operator: &str, message: String, source: &'static str, at: &str) -> Self {
        Log {
            operator: operator.to_string(),
            message,
            source,
            operate_at: at.to_string(),
        }
    }
}

/// How ITSM logs one person's action on a step: "admin process【Approval】(approve)".
pub fn step_message(operator: &str, step: &str, action: &str, remark: Option<&str>) -> String {
    match remark.map(str::trim).filter(|text| !text.is_empty()) {
        Some(remark) => format!("{operator} process【{step}】({action}): {remark}"),
        None => format!("{operator} process【{step}】({action})"),
    }
}

/// Where a ticket's workflow stands.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Workflow {
    pub steps: Vec<FlowStep>,
    /// Index of the current step; `None` once the ticket is final.
    pub at: Option<usize>,
    /// Someone who claimed the current step: the other processors may no longer submit it.
    pub claimed_by: Option<String>,
    pub logs: Vec<Log>,
}

impl Workflow {
    pub fn current(&self) -> Option<&FlowStep> {
        self.at.and_then(|at| self.steps.get(at))
    }
}

/// The current step in bk-itsm's `current_steps` shape (`get_tickets`, `get_ticket_info`).
pub fn step_json(ticket_id: i64, step: &FlowStep, suspended: bool) -> Value {
    json!({"id": ticket_id * 100 + step.state_id % 100, "tag": "DEFAULT", "name": step.name,
        "state_id": step.state_id, "type": step.node_type, "action_type": "TRANSITION",
        "processors_type": "PERSON", "processors": step.processors.join(","),
        "status": if suspended { "SUSPEND" } else { "RUNNING" }})
}

/// Keeps the list's view (status, current steps, processors, times) in line with the flow.
pub fn sync(ticket: &mut StoredTicket) {
    let suspended = ticket.item.current_status == "SUSPENDED";
    ticket.processors = ticket
        .workflow
        .current()
        .map(|step| step.processors.clone())
        .unwrap_or_default();
    ticket.item.current_steps = Some(
        ticket
            .workflow
            .current()
            .map(|step| vec![step_json(ticket.item.id, step, suspended)])
            .unwrap_or_default(),
    );
}

/// Whether the ticket waits for `user`: still moving, not suspended, and its current step
/// lists the user (a claim by someone else does not take the step off ITSM's to-do list).
pub fn waits_for(ticket: &StoredTicket, user: &str) -> bool {
    let status = ticket.item.current_status.as_str();
    !is_final(status) && status != "SUSPENDED" && ticket.processors.iter().any(|p| p == user)
}

fn may_submit(ticket: &StoredTicket, user: &str) -> bool {
    waits_for(ticket, user)
        && ticket
            .workflow
            .claimed_by
            .as_deref()
            .is_none_or(|claimer| claimer == user)
}

/// `get_ticket_status` as `user` sees it: what the ticket and its current step offer them.
pub fn status_for(ticket: &StoredTicket, user: &str) -> Value {
    let status = ticket.item.current_status.as_str();
    let open = !is_final(status);
    let mut operations = Vec::new();
    if open && ticket.item.creator == user {
        operations.push(json!({"key": "WITHDRAW", "name": "撤单", "can_operate": true}));
    }
    let processor = ticket.processors.iter().any(|p| p == user);
    if open && processor {
        let (key, name) = if status == "SUSPENDED" {
            ("UNSUSPEND", "恢复")
        } else {
            ("SUSPEND", "挂起")
        };
        operations.push(json!({"key": key, "name": name, "can_operate": true}));
    }
    let steps: Vec<Value> = ticket
        .workflow
        .current()
        .map(|step| {
            let mut value = step_json(ticket.item.id, step, status == "SUSPENDED");
            let submit = may_submit(ticket, user);
            value["operations"] = json!([
                {"key": "TRANSITION", "name": "处理", "can_operate": submit},
                {"key": "CLAIM", "name": "认领",
                    "can_operate": processor && ticket.workflow.claimed_by.is_none()},
            ]);
            value["fields"] = approval_fields(step);
            vec![value]
        })
        .unwrap_or_default();
    json!({"ticket_url": ticket.item.ticket_url, "current_status": status,
        "operations": operations, "current_steps": steps,
        "is_commented": ticket.item.is_commented, "is_finished": is_final(status)})
}

fn approval_fields(step: &FlowStep) -> Value {
    if step.node_type != APPROVAL {
        return json!([]);
    }
    let id = step.state_id;
    json!([
        {"id": id * 10 + 1, "key": format!("APPROVE_RESULT_{id}"), "type": "RADIO",
            "name": "审批结果", "validate_type": "REQUIRE", "state_id": id,
            "choice": [{"key": "true", "name": "通过"}, {"key": "false", "name": "拒绝"}]},
        {"id": id * 10 + 2, "key": format!("APPROVE_REMARK_{id}"), "type": "TEXT",
            "name": "备注", "validate_type": "OPTION", "state_id": id, "choice": []},
    ])
}

fn refuse_final(ticket: &StoredTicket) -> Result<(), Refusal> {
    let status = &ticket.item.current_status;
    if is_final(status) {
        return Err(Refusal::new(
            CODE_WRONG_STATE,
            format!(
                "单据 {sn} 已结束 ({status})，无法处理 (ticket {sn} is already {status})",
                sn = ticket.item.sn
            ),
        ));
    }
    Ok(())
}

/// `approve`: `approver` submits the current approval step `state_id`; `approved` false
/// rejects. Refuses in ITSM's words whatever ITSM would refuse.
pub fn approve(
    ticket: &mut StoredTicket,
    state_id: i64,
    approver: &str,
    approved: bool,
    remark: Option<&str>,
    now: &str,
) -> Result<(), Refusal> {
    refuse_final(ticket)?;
    let sn = ticket.item.sn.clone();
    let Some(at) = ticket
        .workflow
        .at
        .filter(|&at| ticket.workflow.steps[at].state_id == state_id)
    else {
        return Err(Refusal::new(
            CODE_WRONG_STATE,
            format!("节点 {state_id} 不是单据 {sn} 的当前节点 (state {state_id} is not a current step of ticket {sn})"),
        ));
    };
    let step = ticket.workflow.steps[at].clone();
    if step.node_type != APPROVAL {
        return Err(Refusal::new(
            CODE_WRONG_STATE,
            format!(
                "节点【{}】不是审批节点 (step {} is not an approval step)",
                step.name, step.name
            ),
        ));
    }
    if ticket.item.current_status == "SUSPENDED" {
        return Err(Refusal::new(
            CODE_WRONG_STATE,
            format!("单据 {sn} 已被挂起，请先恢复 (ticket {sn} is suspended; resume it first)"),
        ));
    }
    if !step.processors.iter().any(|p| p == approver) {
        return Err(Refusal::new(
            CODE_NO_PERMISSION,
            format!("{approver} 不是节点【{name}】的处理人，无权处理 ({approver} is not a processor of step {name})", name = step.name),
        ));
    }
    if let Some(claimer) = ticket.workflow.claimed_by.clone().filter(|c| c != approver) {
        return Err(Refusal::new(
            CODE_NO_PERMISSION,
            format!("节点【{name}】已被 {claimer} 认领，{approver} 无权处理 (step {name} was claimed by {claimer}; {approver} cannot process it)", name = step.name),
        ));
    }
    let action = if approved { "approve" } else { "reject" };
    let flow = &mut ticket.workflow;
    flow.logs.push(Log::new(
        approver,
        step_message(approver, &step.name, action, remark),
        "API",
        now,
    ));
    flow.claimed_by = None;
    let next = approved
        .then_some(at + 1)
        .filter(|&next| next < flow.steps.len());
    let status = match (approved, next) {
        (true, Some(next)) => {
            flow.at = Some(next);
            "RUNNING"
        }
        (true, None) => {
            flow.at = None;
            flow.logs
                .push(Log::new("system", "over".into(), "SYS", now));
            "FINISHED"
        }
        (false, _) => {
            flow.at = None;
            flow.logs
                .push(Log::new("system", "terminated".into(), "SYS", now));
            "TERMINATED"
        }
    };
    finish_change(ticket, status, approver, now);
    Ok(())
}

/// `operate_ticket` WITHDRAW: only the creator, only while the ticket moves.
pub fn withdraw(
    ticket: &mut StoredTicket,
    operator: &str,
    message: Option<&str>,
    now: &str,
) -> Result<(), Refusal> {
    refuse_final(ticket)?;
    let creator = ticket.item.creator.clone();
    if creator != operator {
        return Err(Refusal::new(
            CODE_NO_PERMISSION,
            format!("只有提单人 {creator} 可以撤单 (only the creator {creator} can withdraw ticket {sn})", sn = ticket.item.sn),
        ));
    }
    let text = match message.map(str::trim).filter(|text| !text.is_empty()) {
        Some(message) => format!("{operator} withdraw the ticket: {message}"),
        None => format!("{operator} withdraw the ticket"),
    };
    let flow = &mut ticket.workflow;
    flow.logs.push(Log::new(operator, text, "API", now));
    flow.at = None;
    flow.claimed_by = None;
    finish_change(ticket, "REVOKED", operator, now);
    Ok(())
}

fn finish_change(ticket: &mut StoredTicket, status: &str, by: &str, now: &str) {
    ticket.item.current_status = status.to_string();
    ticket.item.updated_by = by.to_string();
    ticket.item.update_at = now.to_string();
    ticket.item.end_at = is_final(status).then(|| now.to_string());
    sync(ticket);
}

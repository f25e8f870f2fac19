//! `approve` and `operate_ticket`: decoded and checked with the wire model, then applied to
//! the ticket's workflow under the write lock; refusals in ITSM's envelope and words.

use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};
use vendors::itsm::{Approve, OperateTicket, WITHDRAW};

use super::tickets::{decode, find_mut};
use super::workflow::{self, CODE_WRONG_STATE};
use super::{fail, invalid, ok, ItsmSim, Refusal, StoredTicket};
use crate::time::{now_secs, plain_from_secs, secs_from_plain};

// The errors are the finished replies, made once per refused call.
#[allow(clippy::result_large_err)]
pub fn parse_approve(params: Map<String, Value>) -> Result<Approve, Response> {
    let request: Approve = decode(params).map_err(IntoResponse::into_response)?;
    request.validate().map_err(|problems| invalid(&problems))?;
    Ok(request)
}

#[allow(clippy::result_large_err)]
pub fn parse_operate(params: Map<String, Value>) -> Result<OperateTicket, Response> {
    let request: OperateTicket = decode(params).map_err(IntoResponse::into_response)?;
    request.validate().map_err(|problems| invalid(&problems))?;
    Ok(request)
}

/// Now, but never before the ticket's last log entry (seed tickets run into the future), so
/// the log stays in order.
fn now_for(ticket: &StoredTicket) -> String {
    let last = ticket
        .workflow
        .logs
        .iter()
        .filter_map(|log| secs_from_plain(&log.operate_at))
        .chain(secs_from_plain(&ticket.item.update_at))
        .max()
        .unwrap_or(0);
    plain_from_secs(now_secs().max(last))
}

pub fn approve(sim: &mut ItsmSim, request: &Approve) -> Response {
    let result = find_mut(sim, &request.sn).and_then(|ticket| {
        let now = now_for(ticket);
        workflow::approve(
            ticket,
            request.state_id,
            request.approver.trim(),
            request.action.trim() == "true",
            request.remark.as_deref(),
            &now,
        )
    });
    match result {
        Ok(()) => ok(json!([])),
        Err(refusal) => refusal.into_response(),
    }
}

pub fn operate(sim: &mut ItsmSim, request: &OperateTicket) -> Response {
    let action = request.action_type.trim();
    if action != WITHDRAW {
        // Suspending and terminating are not simulated; the gateway never forwards them.
        return fail(
            CODE_WRONG_STATE,
            format!("操作 {action} 暂不支持 (this ITSM only withdraws tickets through the API)"),
        );
    }
    let result: Result<(), Refusal> = find_mut(sim, &request.sn).and_then(|ticket| {
        let now = now_for(ticket);
        workflow::withdraw(
            ticket,
            request.operator.trim(),
            request.action_message.as_deref(),
            &now,
        )
    });
    match result {
        Ok(()) => ok(json!([])),
        Err(refusal) => refusal.into_response(),
    }
}

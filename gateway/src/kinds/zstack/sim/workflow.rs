//! ChangeTicketStatus over the two-step flows (Pending -> IntermediateApproved ->
//! FinalApproved, or Rejected / Cancelled, and reopen back to Pending). The refusal codes are
//! this simulator's choice in ZStack's style (unverified): ID.1002 "permission denied" for a
//! decision that is not the caller's to take, SYS.1001 "operation error" for a transition the
//! ticket's status does not allow.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Serialize;
use serde_json::Value;
use vendors::zstack::{
    ChangeTicketStatus, StatusEvent, CHANGE_TICKET_STATUS, OPEN_STATUSES, REOPENABLE_STATUSES,
};

use super::flows::{find_flow, Collection};
use super::tickets::{accept_as_job, history_entry};
use super::{
    error, invalid_argument, invalid_session, user_uuid, zstack_date, SharedZstack, StoredTicket,
    ZstackSim,
};
use crate::demo::serve::json_response;
use crate::time::now_secs;

#[derive(Serialize)]
struct Inventory<'a, T> {
    inventory: &'a T,
}

/// Why a status change is refused, in ZStack's words.
enum Refusal {
    /// Not the caller's decision to take.
    Denied(String),
    /// Not a transition the ticket's status allows.
    Illegal(String),
}

impl Refusal {
    fn into_response(self) -> Response {
        match self {
            Refusal::Denied(details) => error(
                StatusCode::FORBIDDEN,
                "ID.1002",
                "permission denied",
                details,
            ),
            Refusal::Illegal(details) => error(
                StatusCode::BAD_REQUEST,
                "SYS.1001",
                "operation error",
                details,
            ),
        }
    }
}

/// What a status change does: the new status, the flow the ticket waits at next, and the
/// flow whose approver acted (for the history).
struct Change {
    to: &'static str,
    next_flow: Option<String>,
    flow_name: Option<String>,
}

fn is_one_of(status: &str, statuses: &[&str]) -> bool {
    statuses.contains(&status)
}

/// Checks `event` by `user` on the ticket against ZStack's rules.
fn plan(
    stored: &StoredTicket,
    collections: &[Collection],
    user: &str,
    event: StatusEvent,
) -> Result<Change, Refusal> {
    let ticket = &stored.ticket;
    let (uuid, status) = (&ticket.uuid, ticket.status.as_str());
    let requester = ticket
        .account_system_context
        .as_ref()
        .and_then(|context| context.virtual_id_uuid.as_deref());
    let own = requester == Some(user);
    let open = is_one_of(status, &OPEN_STATUSES);
    match event {
        StatusEvent::Approve | StatusEvent::Reject => {
            let verb = event.as_str();
            if !open {
                return Err(Refusal::Illegal(format!(
                    "ticket[uuid:{uuid}] is {status}; only a Pending or IntermediateApproved ticket can be {verb}d"
                )));
            }
            let Some((collection, flow)) = ticket
                .current_flow_uuid
                .as_deref()
                .and_then(|current| find_flow(collections, current))
            else {
                return Err(Refusal::Illegal(format!(
                    "ticket[uuid:{uuid}] waits at no approval flow"
                )));
            };
            let approver = flow.approver().unwrap_or("nobody");
            if approver != user {
                return Err(Refusal::Denied(format!(
                    "the current flow[{}] of ticket[uuid:{uuid}] is approved by [uuid:{approver}], not by [uuid:{user}]",
                    flow.name
                )));
            }
            if own {
                return Err(Refusal::Denied(format!(
                    "[uuid:{user}] submitted ticket[uuid:{uuid}]; the requester of a ticket cannot {verb} it"
                )));
            }
            let (to, next_flow) = match event {
                StatusEvent::Reject => ("Rejected", None),
                _ => match collection.after(&flow.uuid) {
                    Some(next) => ("IntermediateApproved", Some(next.uuid.clone())),
                    None => ("FinalApproved", None),
                },
            };
            Ok(Change {
                to,
                next_flow,
                flow_name: Some(flow.name.clone()),
            })
        }
        StatusEvent::Cancel | StatusEvent::Reopen => {
            let verb = event.as_str();
            if !own {
                return Err(Refusal::Denied(format!(
                    "only the requester of ticket[uuid:{uuid}] can {verb} it, not [uuid:{user}]"
                )));
            }
            if event == StatusEvent::Cancel {
                if !open {
                    return Err(Refusal::Illegal(format!(
                        "ticket[uuid:{uuid}] is {status}; only a Pending or IntermediateApproved ticket can be cancelled"
                    )));
                }
                return Ok(Change {
                    to: "Cancelled",
                    next_flow: None,
                    flow_name: None,
                });
            }
            if !is_one_of(status, &REOPENABLE_STATUSES) {
                return Err(Refusal::Illegal(format!(
                    "ticket[uuid:{uuid}] is {status}; only a Rejected or Cancelled ticket can be reopened"
                )));
            }
            let collection = collections
                .iter()
                .find(|c| Some(c.uuid.as_str()) == ticket.flow_collection_uuid.as_deref())
                .or(collections.last())
                .expect("the seed has flow collections");
            Ok(Change {
                to: "Pending",
                next_flow: Some(collection.first().uuid.clone()),
                flow_name: None,
            })
        }
        StatusEvent::Open => Err(Refusal::Illegal(format!(
            "ticket[uuid:{uuid}] is {status}; a ticket is opened when it is submitted"
        ))),
    }
}

/// `PUT /zstack/v1/tickets/{uuid}/actions` with `{"changeTicketStatus": {statusEvent, comment}}`:
/// answers the changed ticket, or (every `async_every`-th call) 202 + a job that does.
pub async fn ticket_actions(
    State(state): State<SharedZstack>,
    Path(uuid): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let body: Value = match serde_json::from_slice(&body) {
        Ok(body) => body,
        Err(error) => return invalid_argument(format!("the body is not JSON: {error}")),
    };
    let action = body
        .as_object()
        .filter(|object| object.len() == 1)
        .and_then(|object| object.iter().next());
    let Some((name, params)) = action else {
        return invalid_argument(
            "the body must name exactly one action, like {\"changeTicketStatus\": {...}}",
        );
    };
    if name != CHANGE_TICKET_STATUS {
        return invalid_argument(format!(
            "this simulator takes the action {CHANGE_TICKET_STATUS} only, not {name}"
        ));
    }
    let change: ChangeTicketStatus = match serde_json::from_value(params.clone()) {
        Ok(change) => change,
        Err(error) => {
            return invalid_argument(format!(
                "{CHANGE_TICKET_STATUS}: {error}; statusEvent is one of open, approve, cancel, reject, reopen"
            ))
        }
    };
    let mut sim = state.lock().expect("zstack state");
    let user = match sim.session_user(&headers) {
        Ok(name) => user_uuid(&name),
        Err(details) => return invalid_session(details),
    };
    let ZstackSim {
        tickets,
        collections,
        ..
    } = &mut *sim;
    let Some(stored) = tickets.iter_mut().find(|stored| stored.ticket.uuid == uuid) else {
        return error(
            StatusCode::NOT_FOUND,
            "SYS.1000",
            "resource not found",
            format!("no ticket[uuid:{uuid}]"),
        );
    };
    let planned = match plan(stored, collections, &user, change.status_event) {
        Ok(planned) => planned,
        Err(refused) => return refused.into_response(),
    };
    let now = now_secs().max(stored.last_op);
    let from = std::mem::replace(&mut stored.ticket.status, planned.to.to_string());
    stored.ticket.current_flow_uuid = planned.next_flow;
    stored.last_op = now;
    stored.ticket.last_op_date = zstack_date(now);
    let comment = change
        .comment
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    let entry = history_entry(
        &stored.ticket,
        stored.history.len() + 1,
        Some(&from),
        Some(&user),
        planned.flow_name.as_deref(),
        comment,
        now,
    );
    stored.history.push(entry);
    let ticket = stored.ticket.clone();
    sim.change_calls += 1;
    let asynchronous = sim.async_every > 0 && sim.change_calls % u64::from(sim.async_every) == 0;
    if asynchronous {
        return accept_as_job(&mut sim, &headers, ticket);
    }
    json_response(&Inventory { inventory: &ticket })
}

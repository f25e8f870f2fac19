//! ChangeTicketStatus over the two-step flows (Pending -> IntermediateApproved ->
//! FinalApproved, or Rejected / Cancelled, and reopen back to Pending), QueryTicketHistory and
//! QueryTicketFlow. The refusal codes are this simulator's choice in ZStack's style
//! (unverified): ID.1002 "permission denied" for a decision that is not the caller's to take,
//! SYS.1001 "operation error" for a transition the ticket's status does not allow.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Serialize;
use serde_json::Value;
use vendors::zstack::{
    ChangeTicketStatus, QueryOp, StatusEvent, TicketFlow, TicketHistory, TicketQuery,
    CHANGE_TICKET_STATUS, OPEN_STATUSES, REOPENABLE_STATUSES,
};

use super::flows::{find_flow, Collection};
use super::query::{holds, like, values_of};
use super::tickets::{accept_as_job, history_entry, problems_text};
use super::{
    error, invalid_argument, invalid_session, user_uuid, zstack_date, SharedZstack, StoredTicket,
    ZstackSim,
};
use crate::demo::serve::json_response;
use crate::proxy::request::decode_query;
use crate::time::now_secs;

const HISTORY_FIELDS: [&str; 7] = [
    "uuid",
    "ticketUuid",
    "fromStatus",
    "toStatus",
    "operatorUuid",
    "operatorType",
    "flowName",
];
/// `flowContext` is JSON text in ZStack's database: conditions on it compare that text.
const FLOW_FIELDS: [&str; 5] = [
    "uuid",
    "collectionUuid",
    "parentFlowUuid",
    "name",
    "flowContext",
];

#[derive(Serialize)]
struct Inventories<'a, T> {
    inventories: Vec<&'a T>,
    #[serde(skip_serializing_if = "Option::is_none")]
    total: Option<u64>,
}

#[derive(Serialize)]
struct Inventory<'a, T> {
    inventory: &'a T,
}

fn permission_denied(details: String) -> Response {
    error(
        StatusCode::FORBIDDEN,
        "ID.1002",
        "permission denied",
        details,
    )
}

fn operation_error(details: String) -> Response {
    error(
        StatusCode::BAD_REQUEST,
        "SYS.1001",
        "operation error",
        details,
    )
}

/// A text condition on one of `fields`; the error is SYS.1007's details.
struct TextFilter {
    field: &'static str,
    op: QueryOp,
    values: Vec<String>,
}

fn compile(
    query: &TicketQuery,
    entity: &str,
    fields: &[&'static str],
) -> Result<Vec<TextFilter>, String> {
    query
        .conditions
        .iter()
        .map(|condition| {
            let name = condition.field.trim();
            let field = fields.iter().find(|field| **field == name).ok_or_else(|| {
                format!(
                    "entity[{entity}] has no field[{name}] to query; use one of {}",
                    fields.join(", ")
                )
            })?;
            Ok(TextFilter {
                field,
                op: condition.op,
                values: values_of(condition),
            })
        })
        .collect()
}

fn passes(filters: &[TextFilter], text_of: impl Fn(&str) -> Option<String>) -> bool {
    filters.iter().all(|filter| match text_of(filter.field) {
        Some(text) => holds(
            filter.op,
            text.as_str(),
            &filter.values,
            |a, b| a.cmp(b.as_str()),
            |a, b| like(a, b),
        ),
        None => false,
    })
}

/// The query of the request, its matches paged by `start`/`limit`, as ZStack answers them.
fn answer<'a, T: Serialize + 'a>(
    sim: &'a ZstackSim,
    headers: &HeaderMap,
    raw_query: Option<&str>,
    items: impl Fn(&'a ZstackSim, &TicketQuery) -> Result<Vec<&'a T>, String>,
) -> Response {
    if let Err(details) = sim.session_user(headers) {
        return invalid_session(details);
    }
    let query = match TicketQuery::from_query(&decode_query(raw_query.unwrap_or_default())) {
        Ok(query) => query,
        Err(problems) => return invalid_argument(problems_text(&problems)),
    };
    match items(sim, &query) {
        Ok(matched) => {
            let total = matched.len() as u64;
            let start = query.start.unwrap_or(0).min(total) as usize;
            let limit = query.limit_or_default() as usize;
            json_response(&Inventories {
                inventories: matched.into_iter().skip(start).take(limit).collect(),
                total: query.reply_with_count.then_some(total),
            })
        }
        Err(details) => invalid_argument(details),
    }
}

fn history_text(entry: &TicketHistory, field: &str) -> Option<String> {
    match field {
        "uuid" => Some(entry.uuid.clone()),
        "ticketUuid" => Some(entry.ticket_uuid.clone()),
        "fromStatus" => entry.from_status.clone(),
        "toStatus" => Some(entry.to_status.clone()),
        "operatorUuid" => entry.operator_uuid.clone(),
        "operatorType" => entry.operator_type.clone(),
        _ => entry.flow_name.clone(),
    }
}

fn flow_text(flow: &TicketFlow, field: &str) -> Option<String> {
    match field {
        "uuid" => Some(flow.uuid.clone()),
        "collectionUuid" => flow.collection_uuid.clone(),
        "parentFlowUuid" => flow.parent_flow_uuid.clone(),
        "name" => Some(flow.name.clone()),
        _ => flow
            .flow_context
            .as_ref()
            .and_then(|context| serde_json::to_string(context).ok()),
    }
}

/// QueryTicketHistory: every entry, ticket by ticket, each ticket's oldest first.
pub async fn query_histories(
    State(state): State<SharedZstack>,
    RawQuery(raw_query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let sim = state.lock().expect("zstack state");
    answer(&sim, &headers, raw_query.as_deref(), |sim, query| {
        let filters = compile(query, "TicketHistoryInventory", &HISTORY_FIELDS)?;
        Ok(sim
            .tickets
            .iter()
            .flat_map(|stored| &stored.history)
            .filter(|entry| passes(&filters, |field| history_text(entry, field)))
            .collect())
    })
}

fn flows_answer(
    state: &SharedZstack,
    headers: &HeaderMap,
    raw: Option<&str>,
    uuid: Option<&str>,
) -> Response {
    let sim = state.lock().expect("zstack state");
    answer(&sim, headers, raw, |sim, query| {
        let filters = compile(query, "TicketFlowInventory", &FLOW_FIELDS)?;
        Ok(sim
            .collections
            .iter()
            .flat_map(|collection| &collection.flows)
            .filter(|flow| uuid.is_none_or(|uuid| flow.uuid == uuid))
            .filter(|flow| passes(&filters, |field| flow_text(flow, field)))
            .collect())
    })
}

/// QueryTicketFlow: the steps of every collection, in order.
pub async fn query_flows(
    State(state): State<SharedZstack>,
    RawQuery(raw_query): RawQuery,
    headers: HeaderMap,
) -> Response {
    flows_answer(&state, &headers, raw_query.as_deref(), None)
}

pub async fn query_flow(
    State(state): State<SharedZstack>,
    Path(uuid): Path<String>,
    RawQuery(raw_query): RawQuery,
    headers: HeaderMap,
) -> Response {
    flows_answer(&state, &headers, raw_query.as_deref(), Some(&uuid))
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
) -> Result<Change, Response> {
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
                return Err(operation_error(format!(
                    "ticket[uuid:{uuid}] is {status}; only a Pending or IntermediateApproved ticket can be {verb}d"
                )));
            }
            let Some((collection, flow)) = ticket
                .current_flow_uuid
                .as_deref()
                .and_then(|current| find_flow(collections, current))
            else {
                return Err(operation_error(format!(
                    "ticket[uuid:{uuid}] waits at no approval flow"
                )));
            };
            let approver = flow.approver().unwrap_or("nobody");
            if approver != user {
                return Err(permission_denied(format!(
                    "the current flow[{}] of ticket[uuid:{uuid}] is approved by [uuid:{approver}], not by [uuid:{user}]",
                    flow.name
                )));
            }
            if own {
                return Err(permission_denied(format!(
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
                return Err(permission_denied(format!(
                    "only the requester of ticket[uuid:{uuid}] can {verb} it, not [uuid:{user}]"
                )));
            }
            if event == StatusEvent::Cancel {
                if !open {
                    return Err(operation_error(format!(
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
                return Err(operation_error(format!(
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
        StatusEvent::Open => Err(operation_error(format!(
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
        Err(refused) => return refused,
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

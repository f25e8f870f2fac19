//! QueryTicket, CreateTicket and API-job polling.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use serde_json::json;
use vendors::zstack::{CreateTicket, Ticket, TicketHistory, TicketQuery};

use super::{
    error, invalid_argument, invalid_session, new_uuid, operator_type, query, user_uuid,
    zstack_date, Job, SharedZstack, StoredTicket, ZstackSim, JOB_PENDING_POLLS,
};
use crate::demo::serve::json_response;
use crate::proxy::request::decode_query;
use crate::time::now_secs;

#[derive(Serialize)]
struct Inventories<'a> {
    inventories: Vec<&'a Ticket>,
    #[serde(skip_serializing_if = "Option::is_none")]
    total: Option<u64>,
}

/// `{inventory: ...}`, the answer of a finished create.
#[derive(Serialize)]
struct Inventory<'a> {
    inventory: &'a Ticket,
}

pub(super) fn problems_text(problems: &[vendors::Problem]) -> String {
    let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
    text.join("; ")
}

fn answer_query(
    state: &SharedZstack,
    headers: &HeaderMap,
    raw_query: Option<&str>,
    uuid: Option<&str>,
) -> Response {
    let sim = state.lock().expect("zstack state");
    if let Err(details) = sim.session_user(headers) {
        return invalid_session(details);
    }
    let query = match TicketQuery::from_query(&decode_query(raw_query.unwrap_or_default())) {
        Ok(query) => query,
        Err(problems) => return invalid_argument(problems_text(&problems)),
    };
    match query::run(&sim.tickets, &query, uuid) {
        Ok((page, total)) => json_response(&Inventories {
            inventories: page.into_iter().map(|stored| &stored.ticket).collect(),
            total: query.reply_with_count.then_some(total),
        }),
        Err(details) => invalid_argument(details),
    }
}

pub async fn query_tickets(
    State(state): State<SharedZstack>,
    RawQuery(raw_query): RawQuery,
    headers: HeaderMap,
) -> Response {
    answer_query(&state, &headers, raw_query.as_deref(), None)
}

pub async fn query_ticket(
    State(state): State<SharedZstack>,
    Path(uuid): Path<String>,
    RawQuery(raw_query): RawQuery,
    headers: HeaderMap,
) -> Response {
    answer_query(&state, &headers, raw_query.as_deref(), Some(&uuid))
}

/// `org.zstack.<package>.API<Name>Msg`, the shape of every ZStack API message class.
pub fn is_api_message(name: &str) -> bool {
    let Some(rest) = name.strip_prefix("org.zstack.") else {
        return false;
    };
    let Some((package, class)) = rest.rsplit_once('.') else {
        return false;
    };
    let identifier = |part: &str| {
        part.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    package.split('.').all(identifier)
        && identifier(class)
        && class.len() > "APIMsg".len()
        && class.starts_with("API")
        && class.ends_with("Msg")
}

pub async fn create_ticket(
    State(state): State<SharedZstack>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    // The body is decoded and checked without the lock; it is taken again only to insert.
    let session = state.lock().expect("zstack state").session_user(&headers);
    let user = match session {
        Ok(user) => user_uuid(&user),
        Err(details) => return invalid_session(details),
    };
    let request: CreateTicket = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(error) => {
            return invalid_argument(format!("the body is not a CreateTicket message: {error}"))
        }
    };
    if let Err(problems) = request.validate() {
        return invalid_argument(problems_text(&problems));
    }
    let params = request.params;
    if let Some((index, bad)) = params
        .requests
        .iter()
        .enumerate()
        .find(|(_, request)| !is_api_message(request.api_name.trim()))
    {
        return error(
            StatusCode::BAD_REQUEST,
            "SYS.1006",
            "unsupported API message",
            format!(
                "params.requests[{index}].apiName: {} is not a ZStack API message class \
                 (like org.zstack.header.vm.APICreateVmInstanceMsg)",
                bad.api_name
            ),
        );
    }
    let mut sim = state.lock().expect("zstack state");
    // Never older than the newest ticket, so createDate order is creation order.
    let newest = sim.tickets.last().map_or(0, |stored| stored.created + 1);
    let created = now_secs().max(newest);
    // An unknown flow collection gets the project's default one (the last).
    let collection = params
        .flow_collection_uuid
        .as_deref()
        .and_then(|wanted| sim.collections.iter().find(|c| c.uuid == wanted.trim()))
        .or(sim.collections.last())
        .expect("the seed has flow collections");
    // The requester is whoever is logged in: that is who may cancel the ticket.
    let mut context = params.account_system_context.unwrap_or_default();
    context.virtual_id_uuid = Some(user.clone());
    let ticket = Ticket {
        uuid: new_uuid(),
        name: params.name.trim().to_string(),
        description: params.description.filter(|text| !text.trim().is_empty()),
        status: "Pending".into(),
        requests: Some(params.requests),
        account_system_type: Some(params.account_system_type.unwrap_or_else(|| "iam2".into())),
        account_system_context: Some(context),
        current_flow_uuid: Some(collection.first().uuid.clone()),
        flow_collection_uuid: Some(collection.uuid.clone()),
        ticket_type_uuid: None,
        create_date: zstack_date(created),
        last_op_date: zstack_date(created),
    };
    let submitted = history_entry(&ticket, 1, None, Some(&user), None, None, created);
    sim.tickets.push(StoredTicket {
        ticket: ticket.clone(),
        created,
        last_op: created,
        history: vec![submitted],
    });
    if let Some(excess) = sim.tickets.len().checked_sub(super::MAX_TICKETS) {
        sim.tickets.drain(..excess);
    }
    sim.create_calls += 1;
    let asynchronous = sim.async_every > 0 && sim.create_calls % u64::from(sim.async_every) == 0;
    if !asynchronous {
        return json_response(&Inventory { inventory: &ticket });
    }
    accept_as_job(&mut sim, &headers, ticket)
}

/// One history entry of `ticket`, now at `to` = its status.
pub(super) fn history_entry(
    ticket: &Ticket,
    sequence: usize,
    from: Option<&str>,
    operator: Option<&str>,
    flow_name: Option<&str>,
    comment: Option<&str>,
    at: i64,
) -> TicketHistory {
    TicketHistory {
        uuid: new_uuid(),
        ticket_uuid: ticket.uuid.clone(),
        from_status: from.map(str::to_string),
        to_status: ticket.status.clone(),
        comment: comment.map(str::to_string),
        operator_uuid: operator.map(str::to_string),
        operator_type: Some(operator_type(operator).to_string()),
        flow_name: flow_name.map(str::to_string),
        sequence: Some(sequence as i64),
        operation_context: None,
        create_date: zstack_date(at),
    }
}

/// 202 with the job's `location` (header and body); polling it later answers the ticket.
pub(super) fn accept_as_job(sim: &mut ZstackSim, headers: &HeaderMap, ticket: Ticket) -> Response {
    let job = new_uuid();
    sim.add_job(job.clone(), Job { polls: 0, ticket });
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    let location = format!("http://{host}{}/{job}", vendors::zstack::API_JOBS_PATH);
    (
        StatusCode::ACCEPTED,
        [(header::LOCATION, location.clone())],
        Json(json!({"location": location})),
    )
        .into_response()
}

/// An API job answers 202 `{}` for its first polls, then 200 with the call's result.
pub async fn get_job(
    State(state): State<SharedZstack>,
    Path(uuid): Path<String>,
    headers: HeaderMap,
) -> Response {
    let mut sim = state.lock().expect("zstack state");
    if let Err(details) = sim.session_user(&headers) {
        return invalid_session(details);
    }
    let Some(job) = sim.jobs.get_mut(&uuid) else {
        return error(
            StatusCode::NOT_FOUND,
            "SYS.1000",
            "resource not found",
            format!("no api job {uuid}"),
        );
    };
    job.polls += 1;
    if job.polls <= JOB_PENDING_POLLS {
        return (StatusCode::ACCEPTED, Json(json!({}))).into_response();
    }
    json_response(&Inventory {
        inventory: &job.ticket,
    })
}

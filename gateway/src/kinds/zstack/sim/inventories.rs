//! QueryTicketHistory and QueryTicketFlow: text conditions on the entries' fields, paged by
//! `start`/`limit` like QueryTicket.

use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Serialize;
use vendors::zstack::{QueryOp, TicketFlow, TicketHistory, TicketQuery};

use super::query::{holds, like, values_of};
use super::tickets::problems_text;
use super::{invalid_argument, invalid_session, SharedZstack, ZstackSim};
use crate::demo::serve::json_response;
use crate::proxy::request::decode_query;

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

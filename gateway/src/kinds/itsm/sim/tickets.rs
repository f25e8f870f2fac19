//! `get_tickets`, `create_ticket`, `get_ticket_info`, `get_ticket_status` and `get_ticket_logs`.

use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Map, Value};
use vendors::itsm::{CreateTicket, GetTickets, TicketItem};

use super::seed::{serial_number, ticket_url, SITE};
use super::workflow::{self, step_message, FlowStep, Log, Workflow, APPROVAL, NORMAL};
use super::{
    fail, invalid, ok, services, ItsmSim, Refusal, StoredTicket, CODE_FIELD_INVALID,
    CODE_INVALID_PARAMS, CODE_NOT_FOUND,
};
use crate::time::{now_secs, plain_from_secs, secs_from_plain};

/// `data` of `get_tickets`, borrowing the page's items.
#[derive(Serialize)]
struct TicketPage<'a> {
    page: u64,
    total_page: u64,
    count: u64,
    next: Option<String>,
    previous: Option<String>,
    items: Vec<&'a TicketItem>,
}

/// Calls with more parameters than this are not searched for the culprit of a decode error:
/// each try decodes the whole call again, and real calls have about ten.
const MAX_PARAMS_SEARCHED: usize = 16;

/// Decodes a call's parameters with the wire model. Serde's message does not say which
/// parameter it choked on (the common parameters are flattened in), so for a call of a
/// plausible size the culprit is the first one whose removal changes the error.
pub(super) fn decode<T: DeserializeOwned>(params: Map<String, Value>) -> Result<T, Refusal> {
    let searchable = params.len() <= MAX_PARAMS_SEARCHED;
    let copy = searchable.then(|| params.clone());
    let error = match serde_json::from_value::<T>(Value::Object(params)) {
        Ok(request) => return Ok(request),
        Err(error) => error.to_string(),
    };
    let params = copy.unwrap_or_default();
    let culprit = params.keys().find(|key| {
        let mut without = params.clone();
        without.remove(*key);
        serde_json::from_value::<T>(Value::Object(without))
            .err()
            .is_none_or(|other| other.to_string() != error)
    });
    let message = match culprit {
        Some(key) => format!("参数校验失败 (invalid parameters): {key}: {error}"),
        None => format!("参数校验失败 (invalid parameters): {error}"),
    };
    Err(Refusal::new(CODE_INVALID_PARAMS, message))
}

/// The backend URL of another page, as BlueKing's paginator reports it.
fn page_url(page: u64, page_size: u64) -> String {
    let path = vendors::itsm::operation_path(vendors::itsm::GET_TICKETS);
    format!("{SITE}{path}?page={page}&page_size={page_size}")
}

fn matches(request: &GetTickets, ticket: &StoredTicket) -> bool {
    let item = &ticket.item;
    // Every date has the same fixed-width format, so text order is time order.
    let within = |value: Option<&str>, from: &Option<String>, to: &Option<String>| {
        let after = from
            .as_deref()
            .is_none_or(|from| value.is_some_and(|v| v >= from.trim()));
        let before = to
            .as_deref()
            .is_none_or(|to| value.is_some_and(|v| v <= to.trim()));
        after && before
    };
    request
        .sns
        .as_ref()
        .is_none_or(|sns| sns.contains(&item.sn))
        && request
            .creator
            .as_deref()
            .is_none_or(|creator| creator == item.creator)
        && within(
            Some(&item.create_at),
            &request.created_from,
            &request.created_to,
        )
        && within(
            item.end_at.as_deref(),
            &request.ended_from,
            &request.ended_to,
        )
        && request
            .service_ids
            .as_ref()
            .is_none_or(|ids| ids.contains(&item.service_id))
        && request
            .biz_ids
            .as_ref()
            .is_none_or(|ids| ids.contains(&item.bk_biz_id))
        && request
            .statuses
            .as_ref()
            .is_none_or(|statuses| statuses.contains(&item.current_status))
        && request
            .username
            .as_deref()
            .is_none_or(|user| workflow::waits_for(ticket, user))
}

/// A `get_tickets` call decoded and checked, ready to run under the read lock.
// The error is the finished reply, made once per refused call.
#[allow(clippy::result_large_err)]
pub fn parse_get_tickets(params: Map<String, Value>) -> Result<GetTickets, Response> {
    let request: GetTickets = decode(params).map_err(IntoResponse::into_response)?;
    request.validate().map_err(|problems| invalid(&problems))?;
    Ok(request)
}

pub fn get_tickets(sim: &ItsmSim, request: &GetTickets) -> Response {
    let page = request.page_or_default();
    let page_size = request.page_size_or_default();
    let skip = (page - 1).saturating_mul(page_size);
    let mut count = 0u64;
    let mut items = Vec::with_capacity(page_size.min(sim.tickets.len() as u64) as usize);
    for ticket in sim.tickets.iter().filter(|ticket| matches(request, ticket)) {
        if count >= skip && count - skip < page_size {
            items.push(&ticket.item);
        }
        count += 1;
    }
    // Like Django's paginator, an empty result still has one (empty) page.
    let total_page = count.div_ceil(page_size).max(1);
    ok(TicketPage {
        page,
        total_page,
        count,
        next: (page < total_page).then(|| page_url(page + 1, page_size)),
        previous: (page > 1).then(|| page_url(page - 1, page_size)),
        items,
    })
}

/// A `create_ticket` call decoded and checked against its service's form, ready to insert.
pub struct NewTicket {
    request: CreateTicket,
    service: Option<&'static services::Service>,
}

impl NewTicket {
    // The error is the finished reply, made once per refused call.
    #[allow(clippy::result_large_err)]
    pub fn parse(params: Map<String, Value>) -> Result<Self, Response> {
        let request: CreateTicket = decode(params).map_err(IntoResponse::into_response)?;
        request.validate().map_err(|problems| invalid(&problems))?;
        let service = match request.service_id {
            Some(id) => Some(services::find(id).ok_or_else(|| {
                fail(
                    CODE_NOT_FOUND,
                    format!("服务 {id} 不存在 (service {id} does not exist)"),
                )
            })?),
            None => None,
        };
        if let Some(service) = service {
            services::check_fields(service, &request.fields)
                .map_err(|message| fail(CODE_FIELD_INVALID, message))?;
        }
        Ok(Self { request, service })
    }
}

pub fn create_ticket(sim: &mut ItsmSim, ticket: NewTicket, user: &str) -> Response {
    let NewTicket { request, service } = ticket;
    let field = |key: &str| {
        request
            .fields
            .iter()
            .find(|field| field.key == key)
            .map(|field| field.value.trim().to_string())
    };
    sim.last_id += 1;
    let id = sim.last_id;
    // Never older than the newest ticket, so a new ticket always lists first.
    let newest = sim
        .tickets
        .front()
        .and_then(|t| secs_from_plain(&t.item.create_at))
        .unwrap_or(0);
    let created = now_secs().max(newest + 1);
    let now = plain_from_secs(created);
    let (flow, processors) = new_flow(&request, service, &now);
    let sn = serial_number(created, id, &mut sim.used_sns);
    let item = TicketItem {
        id,
        sn: sn.clone(),
        title: field("title").unwrap_or_default(),
        catalog_id: service.map_or(0, |s| s.catalog_id),
        service_id: service.map_or(0, |s| s.id),
        service_type: service.map_or("request", |s| s.service_type).to_string(),
        flow_id: service.map_or(0, |s| s.id * 10 + 1),
        current_status: "NEW".into(),
        current_steps: None,
        comment_id: String::new(),
        is_commented: false,
        updated_by: user.to_string(),
        update_at: now.clone(),
        end_at: None,
        creator: request.creator.trim().to_string(),
        create_at: now,
        is_biz_need: Some(false),
        bk_biz_id: -1,
        ticket_url: ticket_url(id),
    };
    let mut ticket = StoredTicket {
        item,
        processors,
        fields: request.fields,
        workflow: flow,
    };
    // A new ticket waits in its approval step for its approvers.
    workflow::sync(&mut ticket);
    sim.push_newest(ticket);
    ok(json!({"sn": sn, "id": id, "ticket_url": ticket_url(id)}))
}

/// A submit step done by the creator, then one approval step. Its processors: `meta`'s
/// state processors for that state, else the APPROVER field, else (no service) the first
/// state processors given, else `admin`. State processors for states the flow does not
/// have are ignored, as ITSM ignores them.
fn new_flow(
    request: &CreateTicket,
    service: Option<&services::Service>,
    now: &str,
) -> (Workflow, Vec<String>) {
    let (state_id, name) = match service {
        Some(service) if service.id == services::BUILTIN_APPROVAL_ID => {
            (services::BUILTIN_APPROVAL_STATE, "Approval")
        }
        Some(service) => (
            service.id * 10 + 2,
            super::seed_flow::approval_names(service.id).0,
        ),
        None => (2, "Approval"),
    };
    let state_processors = request
        .meta
        .as_ref()
        .and_then(|meta| meta.state_processors.as_ref());
    let approver = request
        .fields
        .iter()
        .find(|field| field.key == "APPROVER")
        .map(|field| field.value.clone());
    let processors = state_processors
        .and_then(|states| states.get(&state_id.to_string()).cloned())
        .or(approver)
        .or_else(|| {
            service
                .is_none()
                .then(|| state_processors.and_then(|states| states.values().next().cloned()))
                .flatten()
        })
        .map(|users| vendors::form::split_list(&users))
        .filter(|users| !users.is_empty())
        .unwrap_or_else(|| vec!["admin".to_string()]);
    let creator = request.creator.trim();
    let steps = vec![
        FlowStep::new(state_id - 1, "Submit", NORMAL, vec![creator.to_string()]),
        FlowStep::new(state_id, name, APPROVAL, processors.clone()),
    ];
    let logs = vec![Log::new(
        creator,
        step_message(creator, "Submit", "submit", None),
        "API",
        now,
    )];
    let flow = Workflow {
        steps,
        at: Some(1),
        claimed_by: None,
        logs,
    };
    (flow, processors)
}

fn position(sim: &ItsmSim, sn: &str) -> Result<usize, Refusal> {
    if sn.trim().is_empty() {
        return Err(Refusal::new(
            CODE_INVALID_PARAMS,
            "sn: this field is required",
        ));
    }
    sim.tickets
        .iter()
        .position(|ticket| ticket.item.sn == sn.trim())
        .ok_or_else(|| {
            Refusal::new(
                CODE_NOT_FOUND,
                format!("单据 {sn} 不存在 (ticket {sn} does not exist)"),
            )
        })
}

pub(super) fn find<'a>(sim: &'a ItsmSim, sn: &str) -> Result<&'a StoredTicket, Refusal> {
    position(sim, sn).map(|index| &sim.tickets[index])
}

pub(super) fn find_mut<'a>(
    sim: &'a mut ItsmSim,
    sn: &str,
) -> Result<&'a mut StoredTicket, Refusal> {
    position(sim, sn).map(|index| &mut sim.tickets[index])
}

pub fn ticket_info(sim: &ItsmSim, sn: &str) -> Response {
    match find(sim, sn) {
        Ok(ticket) => {
            let mut info = serde_json::to_value(&ticket.item).unwrap_or_default();
            let service = services::find(ticket.item.service_id);
            let fields: Vec<Value> = ticket
                .fields
                .iter()
                .enumerate()
                .map(|(index, field)| services::info_field(service, index, field))
                .collect();
            info["fields"] = Value::Array(fields);
            ok(info)
        }
        Err(refusal) => refusal.into_response(),
    }
}

pub fn ticket_status(sim: &ItsmSim, sn: &str, user: &str) -> Response {
    match find(sim, sn) {
        Ok(ticket) => ok(workflow::status_for(ticket, user)),
        Err(refusal) => refusal.into_response(),
    }
}

pub fn ticket_logs(sim: &ItsmSim, sn: &str) -> Response {
    match find(sim, sn) {
        Ok(ticket) => ok(json!({"sn": ticket.item.sn, "title": ticket.item.title,
            "create_at": ticket.item.create_at, "creator": ticket.item.creator,
            "logs": ticket.workflow.logs})),
        Err(refusal) => refusal.into_response(),
    }
}

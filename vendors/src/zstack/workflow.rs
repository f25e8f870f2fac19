//! A ticket's workflow: QueryTicketHistory, QueryTicketFlow and ChangeTicketStatus, their
//! tolerant answer types, and the decision calls built from a [`DecisionRequest`].

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use super::query::{Condition, QueryOp, TicketQuery};
use super::types::Ticket;
use super::{authorized, check_uuid, decode_reply, with_body, Reply};
use crate::call::{HttpCall, Method, Problem, VendorError};
use crate::decide::{Decision, DecisionRequest};
use crate::lenient;
use crate::validate::Problems;

/// `GET` with `q=ticketUuid=<uuid>`: a ticket's status changes.
pub const TICKET_HISTORIES_PATH: &str = "/zstack/v1/tickets/histories";
/// `GET [/{uuid}]`: approval flows (steps of a flow collection) with their approver.
pub const TICKET_FLOWS_PATH: &str = "/zstack/v1/tickets/flow";
/// The action key of ChangeTicketStatus, the only `PUT .../tickets/{uuid}/actions` body the app
/// sends.
pub const CHANGE_TICKET_STATUS: &str = "changeTicketStatus";
/// Statuses in which a ticket waits for an approver.
pub const OPEN_STATUSES: [&str; 2] = ["Pending", "IntermediateApproved"]; // wire
/// Statuses its requester may reopen.
pub const REOPENABLE_STATUSES: [&str; 2] = ["Rejected", "Cancelled"]; // wire

/// `PUT /zstack/v1/tickets/{uuid}/actions`.
pub fn ticket_actions_path(uuid: &str) -> String {
    format!("{}/{}/actions", super::TICKETS_PATH, uuid.trim())
}

/// ChangeTicketStatus's events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StatusEvent {
    Open,
    Approve,
    Cancel,
    Reject,
    Reopen,
}

impl StatusEvent {
    pub const ALL: [StatusEvent; 5] = [
        StatusEvent::Open,
        StatusEvent::Approve,
        StatusEvent::Cancel,
        StatusEvent::Reject,
        StatusEvent::Reopen,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            StatusEvent::Open => "open",
            StatusEvent::Approve => "approve",
            StatusEvent::Cancel => "cancel",
            StatusEvent::Reject => "reject",
            StatusEvent::Reopen => "reopen",
        }
    }

    pub fn parse(text: &str) -> Option<StatusEvent> {
        StatusEvent::ALL
            .into_iter()
            .find(|event| event.as_str().eq_ignore_ascii_case(text.trim()))
    }

    /// The event a person's decision sends; withdrawing is the requester's `cancel`.
    pub fn of(decision: Decision) -> StatusEvent {
        match decision {
            Decision::Approve => StatusEvent::Approve,
            Decision::Reject => StatusEvent::Reject,
            Decision::Withdraw => StatusEvent::Cancel,
            Decision::Reopen => StatusEvent::Reopen,
        }
    }
}

/// Body of ChangeTicketStatus: `{"changeTicketStatus": {"statusEvent": .., "comment": ..}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeTicketStatusBody {
    #[serde(rename = "changeTicketStatus")]
    pub change_ticket_status: ChangeTicketStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChangeTicketStatus {
    pub status_event: StatusEvent,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

impl ChangeTicketStatusBody {
    pub fn new(event: StatusEvent, comment: Option<String>) -> Self {
        ChangeTicketStatusBody {
            change_ticket_status: ChangeTicketStatus {
                status_event: event,
                comment: comment.filter(|text| !text.trim().is_empty()),
            },
        }
    }

    /// The body of a person's decision; the reason travels trimmed, or not at all.
    pub fn from_decision(request: &DecisionRequest) -> Self {
        Self::new(
            StatusEvent::of(request.decision),
            request.reason().map(str::to_string),
        )
    }
}

pub fn change_ticket_status_call(
    uuid: &str,
    body: &ChangeTicketStatusBody,
    session: Option<&str>,
) -> HttpCall {
    authorized(
        with_body(HttpCall::new(Method::Put, ticket_actions_path(uuid)), body),
        session,
    )
}

/// The ChangeTicketStatus call of a decision on ticket `uuid`, or the problems: the decision's
/// own (reason at `comment`) and a bad uuid (at `uuid`).
pub fn decision_call(
    uuid: &str,
    request: &DecisionRequest,
    session: Option<&str>,
) -> Result<HttpCall, Vec<Problem>> {
    let mut problems = Problems::new();
    check_uuid(
        &mut problems,
        "uuid",
        super::labels::TICKET_UUID.get(),
        uuid,
    );
    problems.extend(request.validate().err().unwrap_or_default());
    problems.into_result()?;
    Ok(change_ticket_status_call(
        uuid,
        &ChangeTicketStatusBody::from_decision(request),
        session,
    ))
}

/// ChangeTicketStatus answers `{inventory: ticket}` (200, or 200 from its job); the document
/// promises no more, so the inventory is optional.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TicketChanged {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inventory: Option<Ticket>,
}

pub fn decode_change_ticket_status(
    status: u16,
    body: &str,
) -> Result<Reply<TicketChanged>, VendorError> {
    decode_reply(status, body)
}

/// One status change of a ticket.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TicketHistory {
    #[serde(default, deserialize_with = "lenient::string")]
    pub uuid: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub ticket_uuid: String,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub from_status: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub to_status: String,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub comment: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub operator_uuid: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub operator_type: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub flow_name: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_int"
    )]
    pub sequence: Option<i64>,
    /// Free-form; kept as it came.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation_context: Option<Value>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub create_date: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct HistoryInventories {
    #[serde(default, deserialize_with = "lenient::list")]
    pub inventories: Vec<TicketHistory>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_uint"
    )]
    pub total: Option<u64>,
}

/// One step of a flow collection; `parentFlowUuid` names the step before it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TicketFlow {
    #[serde(default, deserialize_with = "lenient::string")]
    pub uuid: String,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub collection_uuid: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub parent_flow_uuid: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub name: String,
    /// An object, or the same object as JSON text (ZStack keeps it as a text column).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "flow_context"
    )]
    pub flow_context: Option<FlowContext>,
}

impl TicketFlow {
    pub fn approver(&self) -> Option<&str> {
        self.flow_context
            .as_ref()
            .and_then(|context| context.approver_uuid.as_deref())
            .filter(|uuid| !uuid.is_empty())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FlowContext {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub approver_uuid: Option<String>,
}

fn flow_context<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<FlowContext>, D::Error> {
    let value = Value::deserialize(deserializer)?;
    let value = match value {
        Value::String(text) => serde_json::from_str(&text).unwrap_or(Value::Null),
        other => other,
    };
    Ok(serde_json::from_value(value).ok())
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct FlowInventories {
    #[serde(default, deserialize_with = "lenient::list")]
    pub inventories: Vec<TicketFlow>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_uint"
    )]
    pub total: Option<u64>,
}

/// A query with ZStack's `q`/`limit`/... parameters on any queryable path.
pub fn query_call(path: &str, query: &TicketQuery, session: Option<&str>) -> HttpCall {
    let mut call = HttpCall::new(Method::Get, path);
    call.query = query.to_query();
    authorized(call, session)
}

/// Every history entry of one ticket.
pub fn ticket_history_call(ticket_uuid: &str, session: Option<&str>) -> HttpCall {
    let query = TicketQuery {
        conditions: vec![Condition::new(
            "ticketUuid",
            QueryOp::Eq,
            ticket_uuid.trim(),
        )],
        ..TicketQuery::default()
    };
    query_call(TICKET_HISTORIES_PATH, &query, session)
}

/// The steps of one flow collection.
pub fn collection_flows_call(collection_uuid: &str, session: Option<&str>) -> HttpCall {
    let query = TicketQuery {
        conditions: vec![Condition::new(
            "collectionUuid",
            QueryOp::Eq,
            collection_uuid.trim(),
        )],
        ..TicketQuery::default()
    };
    query_call(TICKET_FLOWS_PATH, &query, session)
}

/// One flow by its uuid (a ticket whose collection is unknown still names its current flow).
pub fn flow_call(uuid: &str, session: Option<&str>) -> HttpCall {
    let path = format!("{TICKET_FLOWS_PATH}/{}", uuid.trim());
    query_call(&path, &TicketQuery::default(), session)
}

/// The flows `user_uuid` approves. `flowContext` is a JSON text column, so the condition is a
/// `like` on the uuid, which cannot match anything but that uuid (32 hex digits).
pub fn approver_flows_call(user_uuid: &str, session: Option<&str>) -> HttpCall {
    let query = TicketQuery {
        conditions: vec![Condition::new(
            "flowContext",
            QueryOp::Like,
            format!("%{}%", user_uuid.trim()),
        )],
        ..TicketQuery::default()
    };
    query_call(TICKET_FLOWS_PATH, &query, session)
}

/// The conditions that narrow a ticket query to the tickets waiting at one of `flow_uuids`;
/// `None` when there are no flows (nothing can wait: send no query).
pub fn waiting_conditions(flow_uuids: &[String]) -> Option<Vec<Condition>> {
    if flow_uuids.is_empty() {
        return None;
    }
    Some(vec![
        Condition::new("currentFlowUuid", QueryOp::In, flow_uuids.join(",")),
        Condition::new("status", QueryOp::In, OPEN_STATUSES.join(",")),
    ])
}

/// The uuids of the flows whose approver is `user_uuid` (the `like` may be loose on other
/// servers: the approver is checked here again).
pub fn approver_flow_uuids(flows: &FlowInventories, user_uuid: &str) -> Vec<String> {
    flows
        .inventories
        .iter()
        .filter(|flow| {
            flow.approver()
                .is_some_and(|uuid| uuid.eq_ignore_ascii_case(user_uuid))
        })
        .map(|flow| flow.uuid.clone())
        .collect()
}

fn decode_inventories<T: serde::de::DeserializeOwned>(
    status: u16,
    body: &str,
) -> Result<T, VendorError> {
    match decode_reply(status, body)? {
        Reply::Done(inventories) => Ok(inventories),
        Reply::Pending { .. } => Err(super::query_answered_with_job(status)),
    }
}

pub fn decode_ticket_history(status: u16, body: &str) -> Result<HistoryInventories, VendorError> {
    decode_inventories(status, body)
}

pub fn decode_ticket_flows(status: u16, body: &str) -> Result<FlowInventories, VendorError> {
    decode_inventories(status, body)
}

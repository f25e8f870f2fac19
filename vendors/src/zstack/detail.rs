//! The unified ticket page of a ZStack ticket: QueryTicket's ticket, its history and its flow
//! collection's flows, and which decisions the logged-in user may take.

use super::labels;
use super::types::Ticket;
use super::workflow::{
    FlowInventories, HistoryInventories, TicketFlow, TicketHistory, OPEN_STATUSES,
    REOPENABLE_STATUSES,
};
use crate::decide::{Decision, DetailField, DetailStep, StepState, TicketDetail, TimelineEntry};
use crate::kind::Kind;
use crate::{text, tr};

/// Who the ticket's requester is: the IAM2 virtual id that submitted it.
pub fn requester(ticket: &Ticket) -> Option<&str> {
    ticket
        .account_system_context
        .as_ref()
        .and_then(|context| context.virtual_id_uuid.as_deref())
        .filter(|uuid| !uuid.is_empty())
}

fn is_one_of(status: &str, statuses: &[&str]) -> bool {
    statuses
        .iter()
        .any(|known| known.eq_ignore_ascii_case(status.trim()))
}

fn same_user(a: Option<&str>, b: Option<&str>) -> bool {
    matches!((a, b), (Some(a), Some(b)) if a.eq_ignore_ascii_case(b))
}

/// The flow the ticket waits at, when the flows answered name it.
pub fn current_flow<'a>(ticket: &Ticket, flows: &'a FlowInventories) -> Option<&'a TicketFlow> {
    let current = ticket.current_flow_uuid.as_deref()?;
    flows.inventories.iter().find(|flow| flow.uuid == current)
}

/// The decisions `user_uuid` may take: approve and reject while the ticket waits at a flow
/// they approve; withdraw their own open ticket; reopen their own rejected or cancelled one.
/// Unknown statuses allow nothing. In [`Decision::ALL`] order.
pub fn allowed_decisions(
    ticket: &Ticket,
    flows: &FlowInventories,
    user_uuid: Option<&str>,
) -> Vec<Decision> {
    let open = is_one_of(&ticket.status, &OPEN_STATUSES);
    let approver = open
        && same_user(
            current_flow(ticket, flows).and_then(TicketFlow::approver),
            user_uuid,
        );
    let own = same_user(requester(ticket), user_uuid);
    Decision::ALL
        .into_iter()
        .filter(|decision| match decision {
            Decision::Approve | Decision::Reject => approver,
            Decision::Withdraw => own && open,
            Decision::Reopen => own && is_one_of(&ticket.status, &REOPENABLE_STATUSES),
        })
        .collect()
}

/// The collection's flows in order: the one without a parent first, then each flow's child.
/// Flows outside the chain (a broken answer) follow in the order they came.
pub fn ordered_flows(flows: &FlowInventories) -> Vec<&TicketFlow> {
    let all = &flows.inventories;
    let mut ordered: Vec<&TicketFlow> = Vec::with_capacity(all.len());
    let mut parent: Option<&str> = None;
    while let Some(next) = all.iter().find(|flow| {
        let flow_parent = flow.parent_flow_uuid.as_deref().filter(|p| !p.is_empty());
        flow_parent == parent && !ordered.iter().any(|seen| seen.uuid == flow.uuid)
    }) {
        ordered.push(next);
        parent = Some(&next.uuid);
    }
    for flow in all {
        if !ordered.iter().any(|seen| seen.uuid == flow.uuid) {
            ordered.push(flow);
        }
    }
    ordered
}

/// `uuid (you)` for the logged-in user, so a person finds themselves among the uuids.
fn person(uuid: &str, user_uuid: Option<&str>) -> String {
    if same_user(Some(uuid), user_uuid) {
        tr!("{uuid} (you)", "{uuid}（我）")
    } else {
        uuid.to_string()
    }
}

fn steps(
    ticket: &Ticket,
    flows: &FlowInventories,
    history: &[&TicketHistory],
    user_uuid: Option<&str>,
) -> Vec<DetailStep> {
    let ordered = ordered_flows(flows);
    let current = ticket.current_flow_uuid.as_deref();
    let current_index = ordered
        .iter()
        .position(|flow| Some(flow.uuid.as_str()) == current);
    let final_approved = ticket.status.eq_ignore_ascii_case("FinalApproved");
    // Without a current flow, a step is done when the history shows it approved.
    let approved_in_history = |flow: &TicketFlow| {
        history.iter().any(|entry| {
            entry.flow_name.as_deref() == Some(flow.name.as_str())
                && is_one_of(&entry.to_status, &["IntermediateApproved", "FinalApproved"])
        })
    };
    ordered
        .iter()
        .enumerate()
        .map(|(index, flow)| {
            let state = match current_index {
                Some(at) if index < at => StepState::Done,
                Some(at) if index == at => StepState::Current,
                Some(_) => StepState::Waiting,
                None if final_approved || approved_in_history(flow) => StepState::Done,
                None => StepState::Waiting,
            };
            DetailStep {
                name: flow.name.clone(),
                state,
                handlers: flow
                    .approver()
                    .map(|uuid| person(uuid, user_uuid))
                    .into_iter()
                    .collect(),
            }
        })
        .collect()
}

/// History oldest first: by `sequence` where every entry has one, else as the server sent it.
fn oldest_first(history: &HistoryInventories) -> Vec<&TicketHistory> {
    let mut entries: Vec<&TicketHistory> = history.inventories.iter().collect();
    if entries.iter().all(|entry| entry.sequence.is_some()) {
        entries.sort_by_key(|entry| entry.sequence);
    }
    entries
}

fn timeline_entry(entry: &TicketHistory, user_uuid: Option<&str>) -> TimelineEntry {
    let from = entry.from_status.as_deref().filter(|text| !text.is_empty());
    let status_name = |status: &str| crate::status_name(Kind::Zstack, status);
    let to = status_name(&entry.to_status);
    let mut what = match from.map(status_name) {
        Some(from) => format!("{from} → {to}"),
        None => tr!("submitted → {to}", "已提交 → {to}"),
    };
    if let Some(flow) = entry.flow_name.as_deref().filter(|name| !name.is_empty()) {
        what.push_str(&tr!(" ({flow})", "（{flow}）"));
    }
    TimelineEntry {
        at: entry.create_date.clone(),
        who: entry
            .operator_uuid
            .as_deref()
            .map(|uuid| person(uuid, user_uuid))
            .unwrap_or_default(),
        what,
        comment: entry
            .comment
            .as_deref()
            .map(str::trim)
            .filter(|text| !text.is_empty())
            .map(str::to_string),
    }
}

fn fields(ticket: &Ticket, flows: &FlowInventories, user_uuid: Option<&str>) -> Vec<DetailField> {
    let mut fields = vec![DetailField::text("UUID", &ticket.uuid)];
    let optional = [
        (labels::DESCRIPTION, ticket.description.clone()),
        (
            text!("Requested by", "提单人"),
            requester(ticket).map(|uuid| person(uuid, user_uuid)),
        ),
        (
            text!("Project", "项目"),
            ticket
                .account_system_context
                .as_ref()
                .and_then(|context| context.project_uuid.clone()),
        ),
        (labels::ACCOUNT_SYSTEM, ticket.account_system_type.clone()),
        (
            text!("Flow collection", "流程集合"),
            ticket.flow_collection_uuid.clone(),
        ),
        (
            text!("Current step", "当前步骤"),
            current_flow(ticket, flows)
                .map(|flow| flow.name.clone())
                .or_else(|| ticket.current_flow_uuid.clone()),
        ),
        (
            text!("Ticket type", "工单类型"),
            ticket.ticket_type_uuid.clone(),
        ),
    ];
    fields.extend(
        optional
            .into_iter()
            .filter_map(|(label, value)| {
                value
                    .filter(|text| !text.trim().is_empty())
                    .map(|v| (label, v))
            })
            .map(|(label, value)| DetailField::text(label.get(), value)),
    );
    for (index, request) in ticket.requests.iter().flatten().enumerate() {
        let body = serde_json::to_string_pretty(&request.api_body)
            .unwrap_or_else(|_| request.api_body.to_string());
        let count = request.execute_times;
        let times = if count == 1.0 {
            String::new()
        } else {
            let count = crate::lenient::number_text(count);
            tr!(", {count} times", "，执行 {count} 次")
        };
        let (number, name, api) = (index + 1, &request.request_name, &request.api_name);
        fields.push(DetailField::code(
            tr!(
                "Request {number}: {name} ({api}{times})",
                "请求 {number}：{name}（{api}{times}）"
            ),
            body,
        ));
    }
    fields
}

/// The ticket page: fields (requests with their API bodies as code), the flow collection's
/// steps with their approver, the history oldest first, and what `user_uuid` (the session's
/// user) may decide.
pub fn ticket_detail(
    ticket: &Ticket,
    history: &HistoryInventories,
    flows: &FlowInventories,
    user_uuid: Option<&str>,
) -> TicketDetail {
    let entries = oldest_first(history);
    TicketDetail {
        summary: super::ticket_summary(ticket.clone()),
        fields: fields(ticket, flows, user_uuid),
        steps: steps(ticket, flows, &entries, user_uuid),
        timeline: entries
            .iter()
            .map(|entry| timeline_entry(entry, user_uuid))
            .collect(),
        allowed: allowed_decisions(ticket, flows, user_uuid),
    }
}

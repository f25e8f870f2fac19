//! ZStack ticket operations for the shared pages: the detail (QueryTicket one, its history,
//! its flow collection's flows), decisions (one ChangeTicketStatus, following a 202 job to its
//! end) and the count of tickets waiting for the session's user. Every call carries the tab's
//! session; without one the calls still go (a service-account gateway logs in itself), but
//! nothing needs "who you are" then: no decisions are offered and no count is shown.

use super::job::wait_for_job;
use super::session::{self, login_first, StoredSession, ZstackSession};
use crate::api;
use crate::config::BackendConfig;
use crate::ticket_ops::{count_with, status_after, CountFuture, DecideError, OpFuture, TicketOps};
use vendors::decide::{DecisionOutcome, DecisionRequest, TicketDetail};
use vendors::zstack::{
    self, FlowInventories, HistoryInventories, Reply, Ticket, TicketChanged, TicketInventories,
    TicketQuery,
};
use vendors::{tr, Problem, VendorError};

/// Where the session comes from: the page's signal (a rejected session then opens its login
/// panel) or, for the navigation, what the tab stored.
#[derive(Clone)]
struct Context {
    base: String,
    instance: String,
    page: Option<ZstackSession>,
}

impl Context {
    fn session(&self) -> Option<StoredSession> {
        match &self.page {
            Some(page) => page.get_untracked(),
            None => session::stored(&self.instance),
        }
    }

    fn check(&self, sent: &Option<String>, error: VendorError) -> VendorError {
        match &self.page {
            Some(page) => page.check(sent, error),
            None => error,
        }
    }
}

/// Operations that read the tab's stored session at each call.
pub fn ticket_ops(backend: &BackendConfig) -> TicketOps {
    ops(Context {
        base: backend.base_url.clone(),
        instance: backend.id.clone(),
        page: None,
    })
}

/// Operations over a page's session: a refused session opens that page's login panel.
pub fn ticket_ops_with(backend: &BackendConfig, page: ZstackSession) -> TicketOps {
    ops(Context {
        base: backend.base_url.clone(),
        instance: backend.id.clone(),
        page: Some(page),
    })
}

fn ops(context: Context) -> TicketOps {
    let (load, decide) = (context.clone(), context);
    TicketOps::new(
        move |id| load_detail(load.clone(), id),
        move |id, request| take_decision(decide.clone(), id, request),
    )
}

/// How many tickets wait for the tab's stored session's user (the total of a one-row query);
/// `None` without one.
pub fn count_waiting(backend: &BackendConfig) -> Option<CountFuture> {
    let session = session::stored(&backend.id)?;
    let user = session.user_uuid.clone()?;
    let base = backend.base_url.clone();
    Some(Box::pin(async move {
        let waiting = waiting_query(&base, &session.uuid, &user, first_tickets(1))
            .await
            .ok()?;
        // The user approves no flow: nothing waits.
        let Some(query) = waiting else {
            return Some(0);
        };
        let call = zstack::query_tickets_call(&query, Some(&session.uuid));
        count_with(base, call, zstack::decode_ticket_count).await
    }))
}

/// The first `limit` tickets waiting for the tab's stored session's user; `None` without one.
pub fn waiting(backend: &BackendConfig, limit: u64) -> Option<OpFuture<vendors::Page>> {
    let session = session::stored(&backend.id)?;
    let user = session.user_uuid.clone()?;
    let base = backend.base_url.clone();
    Some(Box::pin(waiting_for(base, session.uuid, user, limit)))
}

fn not_found(id: &str) -> VendorError {
    VendorError::new(
        404,
        "NOT_FOUND",
        tr!(
            "ZStack has no ticket {id} (or this session may not see it)",
            "ZStack 中没有工单 {id}（或当前会话无权查看）"
        ),
    )
}

fn invalid(problems: Vec<Problem>) -> VendorError {
    let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
    VendorError::new(400, "INVALID", text.join("; "))
}

async fn read_ticket(base: &str, id: &str, token: Option<&str>) -> Result<Ticket, VendorError> {
    let query = TicketQuery {
        uuid: Some(id.to_string()),
        ..TicketQuery::default()
    };
    query.validate().map_err(|_| not_found(id))?;
    let call = zstack::query_tickets_call(&query, token);
    let answer: TicketInventories = api::call(base, &call, list_decode::zstack_tickets).await?;
    answer
        .inventories
        .into_iter()
        .find(|ticket| ticket.uuid == id)
        .ok_or_else(|| not_found(id))
}

/// The call that brings the ticket's steps: its collection's flows, else its current flow.
fn flows_call(ticket: &Ticket, token: Option<&str>) -> Option<vendors::HttpCall> {
    let nonempty = |text: &Option<String>| text.clone().filter(|text| !text.trim().is_empty());
    match (
        nonempty(&ticket.flow_collection_uuid),
        nonempty(&ticket.current_flow_uuid),
    ) {
        (Some(collection), _) => Some(zstack::collection_flows_call(&collection, token)),
        (None, Some(flow)) => Some(zstack::flow_call(&flow, token)),
        (None, None) => None,
    }
}

async fn load_detail(context: Context, id: String) -> Result<TicketDetail, VendorError> {
    let id = id.trim().to_string();
    let session = context.session();
    let token = session.as_ref().map(|s| s.uuid.clone());
    let base = context.base.as_str();
    let detail = async {
        let ticket = read_ticket(base, &id, token.as_deref()).await?;
        let history_call = zstack::ticket_history_call(&id, token.as_deref());
        let history: HistoryInventories =
            api::call(base, &history_call, zstack::decode_ticket_history).await?;
        let flows: FlowInventories = match flows_call(&ticket, token.as_deref()) {
            Some(call) => api::call(base, &call, zstack::decode_ticket_flows).await?,
            None => FlowInventories::default(),
        };
        let user = session.as_ref().and_then(|s| s.user_uuid.as_deref());
        Ok(zstack::ticket_detail(&ticket, &history, &flows, user))
    };
    detail.await.map_err(|error| context.check(&token, error))
}

/// A job that ZStack accepted and then lost track of: it may still be applied.
fn accepted_then(error: VendorError) -> VendorError {
    let message = &error.message;
    VendorError {
        message: tr!(
            "ZStack accepted the decision, then {message}",
            "ZStack 已受理该审批，但随后出错：{message}"
        ),
        ..error
    }
}

async fn take_decision(
    context: Context,
    id: String,
    request: DecisionRequest,
) -> Result<DecisionOutcome, DecideError> {
    let id = id.trim().to_string();
    let token = context.session().map(|s| s.uuid);
    let base = context.base.as_str();
    let call = zstack::decision_call(&id, &request, token.as_deref())
        .map_err(|problems| DecideError::NotSent(invalid(problems)))?;
    // Sent once: no retry here, whatever comes back.
    let reply = api::call(base, &call, zstack::decode_change_ticket_status)
        .await
        .map_err(|error| DecideError::of_decision_call(context.check(&token, error)))?;
    let changed = match reply {
        Reply::Done(changed) => changed,
        Reply::Pending { job_path } => {
            wait_for_job::<TicketChanged>(base, &job_path, token.as_deref(), |_| {})
                .await
                .map_err(|error| context.check(&token, error))
                .map_err(|error| match error.status {
                    // A job that failed (ZStack answers 503 with its error) was not applied.
                    503 => DecideError::Refused(error),
                    _ => DecideError::Unsure(accepted_then(error)),
                })?
        }
    };
    Ok(
        match changed.inventory.filter(|ticket| !ticket.status.is_empty()) {
            Some(ticket) => DecisionOutcome {
                status: ticket.status,
                status_label: None,
            },
            // The answer did not carry the ticket: read it back.
            None => status_after(
                read_ticket(base, &id, token.as_deref())
                    .await
                    .map(|ticket| DecisionOutcome {
                        status: ticket.status,
                        status_label: None,
                    }),
            ),
        },
    )
}

/// The query narrowed to the tickets waiting for `user`: the flows they approve first;
/// `None` when they approve none (nothing waits).
pub async fn waiting_query(
    base: &str,
    token: &str,
    user: &str,
    mut query: TicketQuery,
) -> Result<Option<TicketQuery>, VendorError> {
    let call = zstack::approver_flows_call(user, Some(token));
    let flows = api::call(base, &call, zstack::decode_ticket_flows).await?;
    let flows = zstack::approver_flow_uuids(&flows, user);
    Ok(zstack::waiting_conditions(&flows).map(|conditions| {
        query.conditions.extend(conditions);
        query
    }))
}

/// The first `limit` tickets and how many there are, before [`waiting_query`] narrows them.
fn first_tickets(limit: u64) -> TicketQuery {
    TicketQuery {
        limit: Some(limit),
        reply_with_count: true,
        ..TicketQuery::default()
    }
}

/// The first `limit` tickets waiting for `user` and how many there are: the waiting query
/// with the count.
async fn waiting_for(
    base: String,
    token: String,
    user: String,
    limit: u64,
) -> Result<vendors::Page, VendorError> {
    let asked = first_tickets(limit);
    let base = base.as_str();
    let Some(query) = waiting_query(base, &token, &user, asked.clone()).await? else {
        return Ok(zstack::page_from(&asked, TicketInventories::default()));
    };
    let call = zstack::query_tickets_call(&query, Some(&token));
    let answer = api::call(base, &call, list_decode::zstack_tickets).await?;
    Ok(zstack::page_from(&query, answer))
}

/// The error of a waiting list without a known user.
pub fn waiting_needs_login() -> VendorError {
    login_first(&tr!("the tickets waiting for you", "待您审批的工单"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lost_job_says_zstack_had_accepted_the_decision() {
        let lost = accepted_then(VendorError::new(0, "NETWORK", "the connection dropped"));
        assert!(lost
            .message
            .starts_with("ZStack accepted the decision, then"));
        assert_eq!(lost.code, "NETWORK");
    }

    #[test]
    fn steps_come_from_the_collection_or_the_current_flow() {
        let mut ticket = Ticket {
            flow_collection_uuid: Some("c0ffee".into()),
            current_flow_uuid: Some("f1".into()),
            ..Ticket::default()
        };
        let call = flows_call(&ticket, None).unwrap();
        assert_eq!(call.query[0].1, "collectionUuid=c0ffee");
        ticket.flow_collection_uuid = Some(" ".into());
        assert!(flows_call(&ticket, None)
            .unwrap()
            .path
            .ends_with("/flow/f1"));
        ticket.current_flow_uuid = None;
        assert!(flows_call(&ticket, None).is_none());
    }

    #[test]
    fn a_bad_decision_is_stopped_before_anything_is_sent() {
        let problems = zstack::decision_call(
            "3f2c1a9b8e7d4c6fa1b2c3d4e5f60718",
            &DecisionRequest::new(vendors::decide::Decision::Reject, ""),
            None,
        )
        .unwrap_err();
        let error = invalid(problems);
        assert_eq!(error.status, 400);
        assert!(!crate::ticket_ops::may_have_been_applied(&error));
        assert!(error.message.contains("comment"), "{}", error.message);
    }
}

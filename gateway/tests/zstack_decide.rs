//! ZStack deciding through the gateway: the seeded workflows, "waiting for me" as the app
//! queries it, ChangeTicketStatus (approve, reject, cancel, reopen; 200 and 202 + job), the
//! simulator's refusals in ZStack's error shape, and the allowlist around the actions path.

mod common;

use axum::http::{Method, StatusCode};
use axum::Router;
use common::demo::*;
use common::*;
use serde_json::{json, Value};
use ticket_gateway::kinds::zstack::sim::{
    self as zstack, user_uuid, StoredTicket, ZstackSim, ACCOUNT, ENV_ASYNC_EVERY, IAM2_USER,
    REFUSED_WAITING_INDEX,
};
use vendors::zstack::hash_password;

fn seed() -> ZstackSim {
    ZstackSim::new(ACCOUNT, IAM2_USER)
}

fn demo() -> String {
    user_uuid(IAM2_USER.0)
}

fn requester(stored: &StoredTicket) -> Option<&str> {
    vendors::zstack::requester(&stored.ticket)
}

/// The tickets waiting for `demo`, newest first (the list's default order).
fn waiting_for_demo(sim: &ZstackSim) -> Vec<&StoredTicket> {
    let demo = demo();
    sim.tickets()
        .iter()
        .rev()
        .filter(|stored| sim.waits_for(stored, &demo))
        .collect()
}

/// Every decision answered at once, unless a test asks for jobs.
async fn app(async_every: u32) -> Router {
    demo_app_with(move |name| (name == ENV_ASYNC_EVERY).then(|| async_every.to_string()))
        .await
        .0
}

async fn login_demo(app: &Router) -> String {
    let body = json!({"loginIAM2VirtualID": {"name": IAM2_USER.0, "password": hash_password(IAM2_USER.1)}});
    let reply = zstack(
        app,
        Method::PUT,
        "/zstack/v1/iam2/virtual-ids/login",
        None,
        Some(body),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(reply.json()["inventory"]["userUuid"], demo());
    reply.json()["inventory"]["uuid"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn decide(app: &Router, session: &str, uuid: &str, event: &str, comment: &str) -> Reply {
    let body = json!({"changeTicketStatus": {"statusEvent": event, "comment": comment}});
    let path = format!("/zstack/v1/tickets/{uuid}/actions");
    zstack(app, Method::PUT, &path, Some(session), Some(body)).await
}

async fn get_json(app: &Router, session: &str, path_and_query: &str) -> Value {
    let reply = zstack(app, Method::GET, path_and_query, Some(session), None).await;
    assert_eq!(
        reply.status,
        StatusCode::OK,
        "{path_and_query}: {}",
        reply.text()
    );
    reply.json()
}

async fn history(app: &Router, session: &str, uuid: &str) -> Vec<Value> {
    let path = format!("/zstack/v1/tickets/histories?q=ticketUuid={uuid}");
    get_json(app, session, &path).await["inventories"]
        .as_array()
        .unwrap()
        .clone()
}

async fn ticket(app: &Router, session: &str, uuid: &str) -> Value {
    get_json(app, session, &format!("/zstack/v1/tickets/{uuid}")).await["inventories"][0].clone()
}

#[test]
fn the_demo_user_has_a_good_share_of_tickets_of_all_ages_and_some_of_their_own() {
    let sim = seed();
    let demo = demo();
    let waiting = waiting_for_demo(&sim);
    assert!(
        (100..=200).contains(&waiting.len()),
        "waiting for demo: {}",
        waiting.len()
    );
    let oldest = waiting.iter().map(|t| t.created).min().unwrap();
    let newest = waiting.iter().map(|t| t.created).max().unwrap();
    assert!(newest - oldest > 365 * 86_400, "a spread of ages");
    // Exactly one waiting ticket is demo's own, at a fixed place in the list.
    let own_waiting: Vec<usize> = (0..waiting.len())
        .filter(|&i| requester(waiting[i]) == Some(demo.as_str()))
        .collect();
    assert_eq!(own_waiting, [REFUSED_WAITING_INDEX]);
    let refused = &waiting[REFUSED_WAITING_INDEX].ticket;
    println!(
        "demo {demo}: {} waiting; refused: {} \"{}\" ({})",
        waiting.len(),
        refused.uuid,
        refused.name,
        refused.create_date
    );
    let owned = |status: &str| {
        sim.tickets()
            .iter()
            .filter(|t| t.ticket.status == status && requester(t) == Some(demo.as_str()))
            .count()
    };
    for status in ["Pending", "IntermediateApproved", "Rejected", "Cancelled"] {
        assert!(
            owned(status) >= 3,
            "demo owns {} {status} tickets",
            owned(status)
        );
    }
    // Every ticket's history ends at its status, each entry following the one before.
    for stored in sim.tickets() {
        let history = &stored.history;
        assert_eq!(history[0].from_status, None);
        assert_eq!(history.last().unwrap().to_status, stored.ticket.status);
        for pair in history.windows(2) {
            assert_eq!(
                pair[1].from_status.as_deref(),
                Some(pair[0].to_status.as_str())
            );
        }
    }
}

#[tokio::test]
async fn waiting_for_me_is_two_queries_the_app_sends() {
    let app = app(0).await;
    let session = login_demo(&app).await;
    let flows_call = vendors::zstack::approver_flows_call(&demo(), None);
    let flows_path = format!(
        "{}?{}",
        flows_call.path,
        vendors::encode_query(&flows_call.query)
    );
    let flows: vendors::zstack::FlowInventories =
        serde_json::from_value(get_json(&app, &session, &flows_path).await).unwrap();
    let mine = vendors::zstack::approver_flow_uuids(&flows, &demo());
    assert_eq!(mine.len(), 3, "demo approves three steps: {flows:?}");
    assert_eq!(
        flows.inventories.len(),
        3,
        "the like matches demo's flows only"
    );

    let conditions = vendors::zstack::waiting_conditions(&mine).unwrap();
    let query = vendors::zstack::TicketQuery {
        conditions,
        limit: Some(20),
        reply_with_count: true,
        sort_by: Some("createDate".into()),
        sort_direction: Some(vendors::zstack::SortDirection::Desc),
        ..Default::default()
    };
    let call = vendors::zstack::query_tickets_call(&query, None);
    let path = format!("{}?{}", call.path, vendors::encode_query(&call.query));
    let page = get_json(&app, &session, &path).await;
    let sim = seed();
    let expected = waiting_for_demo(&sim);
    assert_eq!(page["total"], expected.len() as u64);
    let uuids: Vec<&str> = page["inventories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["uuid"].as_str().unwrap())
        .collect();
    let first: Vec<&str> = expected
        .iter()
        .take(20)
        .map(|t| t.ticket.uuid.as_str())
        .collect();
    assert_eq!(uuids, first);
}

#[tokio::test]
async fn approve_reject_and_the_refusals() {
    let app = app(0).await;
    let session = login_demo(&app).await;
    let sim = seed();
    let waiting = waiting_for_demo(&sim);
    let demo = demo();

    // Approve the newest: it moves on to the next step (someone else's) or is done.
    let first = &waiting[0].ticket;
    let reply = decide(&app, &session, &first.uuid, "approve", "").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let status = reply.json()["inventory"]["status"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(["IntermediateApproved", "FinalApproved"].contains(&status.as_str()));
    let entries = history(&app, &session, &first.uuid).await;
    let last = entries.last().unwrap();
    assert_eq!(
        (last["fromStatus"].as_str(), last["toStatus"].as_str()),
        (Some(first.status.as_str()), Some(status.as_str()))
    );
    assert_eq!(last["operatorUuid"], demo);
    assert!(last["flowName"].is_string());
    // Not twice: the ticket no longer waits at demo's step.
    let again = decide(&app, &session, &first.uuid, "approve", "").await;
    assert!(again.status.is_client_error(), "{}", again.text());

    // Reject with a reason.
    let second = &waiting[1].ticket;
    let reply = decide(&app, &session, &second.uuid, "reject", "wrong zone").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(reply.json()["inventory"]["status"], "Rejected");
    let entries = history(&app, &session, &second.uuid).await;
    assert_eq!(entries.last().unwrap()["comment"], "wrong zone");

    // Demo's own waiting ticket: ZStack's words, and nothing changes.
    let own = &waiting[REFUSED_WAITING_INDEX].ticket;
    let reply = decide(&app, &session, &own.uuid, "approve", "").await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    let error = &reply.json()["error"];
    assert_eq!(error["code"], "ID.1002");
    assert_eq!(error["description"], "permission denied");
    assert!(
        error["details"]
            .as_str()
            .unwrap()
            .contains("the requester of a ticket cannot approve it"),
        "{error}"
    );
    assert_eq!(
        ticket(&app, &session, &own.uuid).await["status"],
        own.status
    );
    let decoded = vendors::zstack::decode_change_ticket_status(403, &reply.text()).unwrap_err();
    assert_eq!(decoded.code, "ID.1002");

    // A ticket waiting at someone else's step.
    let others = sim
        .tickets()
        .iter()
        .find(|t| t.ticket.status == "Pending" && !sim.waits_for(t, &demo))
        .unwrap();
    let reply = decide(&app, &session, &others.ticket.uuid, "approve", "").await;
    assert_eq!(reply.json()["error"]["code"], "ID.1002", "{}", reply.text());
    assert!(reply.json()["error"]["details"]
        .as_str()
        .unwrap()
        .contains("is approved by"));

    // An illegal transition.
    let done = sim
        .tickets()
        .iter()
        .find(|t| t.ticket.status == "FinalApproved")
        .unwrap();
    let reply = decide(&app, &session, &done.ticket.uuid, "reject", "late").await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.json()["error"]["code"], "SYS.1001");
    // An event Ticket Desk never sends does not get past the gateway.
    let reply = decide(&app, &session, &done.ticket.uuid, "close", "").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.text());
}

#[tokio::test]
async fn the_requester_cancels_and_reopens_their_own_ticket() {
    let app = app(0).await;
    let session = login_demo(&app).await;
    let created = zstack(
        &app,
        Method::POST,
        "/zstack/v1/tickets",
        Some(&session),
        Some(zstack_ticket("mine")),
    )
    .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.text());
    let mine = created.json()["inventory"].clone();
    let uuid = mine["uuid"].as_str().unwrap();
    assert_eq!(mine["status"], "Pending");
    assert_eq!(mine["accountSystemContext"]["virtualIDUuid"], demo());
    // Its first step is not demo's: they may withdraw it, not approve it.
    let reply = decide(&app, &session, uuid, "approve", "").await;
    assert_eq!(reply.json()["error"]["code"], "ID.1002");

    let reply = decide(&app, &session, uuid, "cancel", "").await;
    assert_eq!(
        reply.json()["inventory"]["status"],
        "Cancelled",
        "{}",
        reply.text()
    );
    let reply = decide(&app, &session, uuid, "cancel", "").await;
    assert_eq!(reply.json()["error"]["code"], "SYS.1001");
    let reply = decide(&app, &session, uuid, "reopen", "needed after all").await;
    assert_eq!(reply.json()["inventory"]["status"], "Pending");
    assert_eq!(
        reply.json()["inventory"]["currentFlowUuid"],
        mine["currentFlowUuid"]
    );
    let statuses: Vec<(Value, Value)> = history(&app, &session, uuid)
        .await
        .iter()
        .map(|e| (e["fromStatus"].clone(), e["toStatus"].clone()))
        .collect();
    assert_eq!(
        statuses,
        [
            (Value::Null, json!("Pending")),
            (json!("Pending"), json!("Cancelled")),
            (json!("Cancelled"), json!("Pending")),
        ]
    );

    // The admin account may not cancel it, but approves the default collection's first step.
    let admin = zstack_login(&app).await;
    let reply = decide(&app, &admin, uuid, "cancel", "").await;
    assert_eq!(reply.json()["error"]["code"], "ID.1002");
    let reply = decide(&app, &admin, uuid, "approve", "").await;
    assert_eq!(
        reply.json()["inventory"]["status"],
        "IntermediateApproved",
        "{}",
        reply.text()
    );
}

#[tokio::test]
async fn a_decision_may_answer_with_a_job() {
    let app = app(1).await;
    let session = login_demo(&app).await;
    let sim = seed();
    let uuid = waiting_for_demo(&sim)[0].ticket.uuid.clone();
    let reply = decide(&app, &session, &uuid, "reject", "no").await;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{}", reply.text());
    let location = reply.json()["location"].as_str().unwrap().to_string();
    assert!(
        location.starts_with("/proxy/zstack/zstack/v1/api-jobs/"),
        "{location}"
    );
    let mut polls = 0;
    let done = loop {
        polls += 1;
        let poll = zstack(&app, Method::GET, &location, Some(&session), None).await;
        if poll.status == StatusCode::OK {
            break poll.json();
        }
        assert_eq!(poll.status, StatusCode::ACCEPTED);
        assert!(polls < 10);
    };
    assert_eq!(done["inventory"]["status"], "Rejected");
}

#[tokio::test]
async fn the_actions_path_takes_change_ticket_status_only() {
    let (upstream, seen) = echo_upstream().await;
    let app = gateway(&zstack_config(upstream, false));
    let uuid = "b86c9016b4f24953a9edefb53ca0678c";
    let actions = format!("/zstack/v1/tickets/{uuid}/actions");
    let put = |body: Value| {
        let (app, actions) = (app.clone(), actions.clone());
        async move {
            zstack(&app, Method::PUT, &actions, Some("s"), Some(body))
                .await
                .status
        }
    };
    assert_eq!(
        put(json!({"changeTicketStatus": {"statusEvent": "approve", "comment": "ok"}})).await,
        StatusCode::OK
    );
    for body in [
        json!({"deleteTicket": {}}),
        json!({"updateTicketRequest": {"requests": [], "description": "x"}}),
        json!({"changeTicketStatus": {"statusEvent": "approve"}, "deleteTicket": {}}),
        json!({"changeTicketStatus": "approve"}),
        json!([{"changeTicketStatus": {}}]),
    ] {
        assert_eq!(put(body.clone()).await, StatusCode::NOT_FOUND, "{body}");
    }
    for (method, path) in [
        (Method::DELETE, format!("/zstack/v1/tickets/{uuid}")),
        (Method::PUT, format!("/zstack/v1/tickets/{uuid}")),
        (Method::PUT, format!("/zstack/v1/tickets/{uuid}/actions/x")),
        (
            Method::PUT,
            "/zstack/v1/tickets/not-a-uuid/actions".to_string(),
        ),
        (Method::POST, actions.clone()),
        (Method::GET, "/zstack/v1/tickets/histories/x".to_string()),
        (Method::PUT, "/zstack/v1/tickets/flow".to_string()),
        (Method::GET, "/zstack/v1/tickets/flows".to_string()),
    ] {
        let body = json!({"changeTicketStatus": {"statusEvent": "approve"}});
        let reply = zstack(&app, method.clone(), &path, Some("s"), Some(body)).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{method} {path}");
    }
    for path in [
        "/zstack/v1/tickets/histories?q=ticketUuid=x".to_string(),
        "/zstack/v1/tickets/flow".to_string(),
        format!("/zstack/v1/tickets/flow/{uuid}"),
        format!("/zstack/v1/tickets/{uuid}"),
    ] {
        assert_eq!(
            zstack(&app, Method::GET, &path, Some("s"), None)
                .await
                .status,
            StatusCode::OK,
            "{path}"
        );
    }
    let seen = seen.lock().unwrap();
    let sent: Vec<(&str, &str)> = seen
        .iter()
        .map(|s| (s.method.as_str(), s.path.as_str()))
        .collect();
    assert_eq!(
        sent.len(),
        5,
        "only the allowed calls went upstream: {sent:?}"
    );
    assert_eq!(sent[0], ("PUT", actions.as_str()));
    assert_eq!(seen[0].headers["authorization"], "OAuth s");
}

#[test]
fn operator_types_name_who_acted() {
    assert_eq!(zstack::operator_type(None), "System");
    assert_eq!(
        zstack::operator_type(Some(&user_uuid(ACCOUNT.0))),
        "AccountVO"
    );
    assert_eq!(zstack::operator_type(Some(&demo())), "IAM2VirtualIDVO");
}

#[tokio::test]
async fn a_service_account_gateway_refuses_decisions() {
    let (upstream, seen) = echo_upstream().await;
    let app = gateway(&zstack_config(upstream, true));
    let body = json!({"changeTicketStatus": {"statusEvent": "approve", "comment": "ok"}});
    let path = "/zstack/v1/tickets/b86c9016b4f24953a9edefb53ca0678c/actions";
    let reply = zstack(&app, Method::PUT, path, None, Some(body)).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.text());
    assert!(
        reply.text().contains("own ZStack session"),
        "{}",
        reply.text()
    );
    assert!(seen.lock().unwrap().is_empty(), "nothing reached ZStack");
}

//! ITSM deciding through the gateway: exactly the new calls pass (neighbours are 404),
//! operate_ticket only withdraws, approver/operator are bound in trusted-header mode, and the
//! demo simulator's workflows: waiting lists, approve / reject / withdraw, refusals in ITSM's
//! words, the built-in approval service taking the documented example verbatim.

mod common;

use axum::body::Body;
use axum::http::{Method, StatusCode};
use common::demo::*;
use common::*;
use serde_json::{json, Value};
use ticket_gateway::kinds::itsm::sim::{self as itsm, workflow, ItsmSim};

const API: &str = "/proxy/itsm/api/c/compapi/v2/itsm/";

async fn call(app: &axum::Router, method: Method, operation: &str, user: Option<&str>) -> Reply {
    let mut builder = request(method, &format!("{API}{operation}/?sn=NO1"))
        .header("content-type", "application/json");
    if let Some(user) = user {
        builder = builder.header("x-remote-user", user);
    }
    send(app, builder.body(Body::from("{}")).unwrap()).await
}

#[tokio::test]
async fn exactly_the_new_calls_pass_and_neighbours_are_404() {
    let (upstream, seen) = echo_upstream().await;
    let app = gateway(&itsm_config(upstream, r#"{ fixed = "admin" }"#));
    for (method, operation) in [
        (Method::GET, "get_ticket_info"),
        (Method::GET, "get_ticket_status"),
        (Method::GET, "get_ticket_logs"),
        (Method::POST, "approve"),
    ] {
        let reply = call(&app, method.clone(), operation, None).await;
        assert_eq!(reply.status, StatusCode::OK, "{method} {operation}");
    }
    let withdraw = post_json(
        &app,
        &format!("{API}operate_ticket/"),
        json!({"sn": "NO1", "operator": "admin", "action_type": "WITHDRAW"}),
    )
    .await;
    assert_eq!(withdraw.status, StatusCode::OK, "{}", withdraw.text());
    let passed = seen.lock().unwrap().len();
    assert_eq!(passed, 5);

    for (method, operation) in [
        (Method::POST, "operate_node"),
        (Method::GET, "get_tickets_by_user"),
        (Method::POST, "ticket_approval_result"),
        (Method::POST, "proxy_operate"),
        (Method::POST, "get_ticket_logs"),
        (Method::GET, "approve"),
        (Method::GET, "operate_ticket"),
        (Method::PUT, "approve"),
    ] {
        let reply = call(&app, method.clone(), operation, None).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{method} {operation}");
    }
    for action in ["SUSPEND", "TERMINATE", "UNSUSPEND"] {
        let reply = post_json(
            &app,
            &format!("{API}operate_ticket/"),
            json!({"sn": "NO1", "operator": "admin", "action_type": action}),
        )
        .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{action}");
        let message = reply.json()["error"]["message"].to_string();
        assert!(message.contains("action_type"), "{message}");
    }
    assert_eq!(
        seen.lock().unwrap().len(),
        passed,
        "refused calls never went upstream"
    );
}

#[tokio::test]
async fn trusted_header_binds_approver_and_operator() {
    let (upstream, seen) = echo_upstream().await;
    let app = gateway(&itsm_config(
        upstream,
        r#"{ from = "header", name = "X-Remote-User" }"#,
    ));
    let as_carol = |operation: &'static str, body: Value| {
        let app = app.clone();
        async move {
            let call = request(Method::POST, &format!("{API}{operation}/"))
                .header("content-type", "application/json")
                .header("x-remote-user", "carol")
                .body(Body::from(body.to_string()))
                .unwrap();
            send(&app, call).await
        }
    };
    let own = as_carol(
        "approve",
        json!({"sn": "NO1", "state_id": 2, "approver": "carol", "action": "true"}),
    )
    .await;
    assert_eq!(own.status, StatusCode::OK);
    let forged = as_carol(
        "approve",
        json!({"sn": "NO1", "state_id": 2, "approver": "mallory", "action": "true"}),
    )
    .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(forged.text().contains("approver"), "{}", forged.text());
    let own = as_carol(
        "operate_ticket",
        json!({"sn": "NO1", "operator": "carol", "action_type": "WITHDRAW"}),
    )
    .await;
    assert_eq!(own.status, StatusCode::OK);
    let forged = as_carol(
        "operate_ticket",
        json!({"sn": "NO1", "operator": "mallory", "action_type": "WITHDRAW"}),
    )
    .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(forged.text().contains("operator"), "{}", forged.text());
    assert_eq!(seen.lock().unwrap().len(), 2);
}

async fn status(app: &axum::Router, sn: &str) -> Value {
    itsm_data(&get(app, &format!("{ITSM_API}get_ticket_status/?sn={sn}")).await)
}

async fn waiting(app: &axum::Router, user: &str, page_size: u64) -> Value {
    itsm_data(
        &itsm(
            app,
            "get_tickets",
            json!({"username": user, "page_size": page_size}),
        )
        .await,
    )
}

fn sns(list: &Value) -> Vec<String> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["sn"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_demo_user_waits_on_a_good_share_and_one_step_is_claimed() {
    let sim = ItsmSim::new(itsm::APP_CODE, itsm::APP_SECRET);
    let tickets = sim.tickets();
    let waiting: Vec<_> = tickets
        .iter()
        .filter(|t| workflow::waits_for(t, itsm::DEMO_USER))
        .collect();
    assert!(waiting.len() > 500, "{}", waiting.len());
    let years: std::collections::HashSet<&str> =
        waiting.iter().map(|t| &t.item.create_at[..4]).collect();
    assert!(years.len() >= 3, "a spread of ages: {years:?}");
    let claimed: Vec<_> = tickets
        .iter()
        .filter(|t| t.workflow.claimed_by.is_some())
        .collect();
    assert_eq!(claimed.len(), 1);
    assert_eq!(
        claimed[0].item.sn,
        waiting[itsm::CLAIMED_WAITING_INDEX].item.sn
    );
    for ticket in &tickets {
        // Every flow agrees with the list's view of it.
        assert_eq!(
            ticket.workflow.at.is_none(),
            itsm::is_final(&ticket.item.current_status)
        );
        assert!(!ticket.workflow.logs.is_empty());
        assert!(ticket
            .workflow
            .logs
            .windows(2)
            .all(|w| w[0].operate_at <= w[1].operate_at));
    }
}

#[tokio::test]
async fn approve_reject_and_the_claimed_refusal_on_the_demo() {
    let (app, _) = demo_app().await;
    let before = waiting(&app, "admin", 20).await;
    let count = before["count"].as_u64().unwrap();
    let top = sns(&before);
    assert_eq!(top.len(), 20);

    let mut refused = Vec::new();
    for (index, sn) in top.iter().enumerate() {
        let state = status(&app, sn).await;
        let step = &state["current_steps"][0];
        let can = step["operations"][0]["can_operate"].as_bool().unwrap();
        assert_eq!(step["operations"][0]["key"], "TRANSITION");
        let reply = itsm(
            &app,
            "approve",
            json!({"sn": sn, "state_id": step["state_id"], "approver": "admin", "action": "true"}),
        )
        .await;
        if reply.json()["result"] == true {
            assert!(can, "{sn} was approved though ITSM said admin may not");
        } else {
            assert!(!can);
            refused.push((index, itsm_error(&reply)));
        }
    }
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert_eq!(refused[0].0, itsm::CLAIMED_WAITING_INDEX);
    assert!(
        refused[0].1.contains("claimed by wang.fang"),
        "{}",
        refused[0].1
    );

    // Approved steps moved on (to someone else, or finished): off admin's list, unless the
    // next step waits for admin too.
    let after = waiting(&app, "admin", 10_000).await["count"]
        .as_u64()
        .unwrap();
    assert!(after < count, "{after} < {count}");
    let moved = status(&app, &top[0]).await;
    assert!(["RUNNING", "FINISHED"].contains(&moved["current_status"].as_str().unwrap()));
    let logs = itsm_data(&get(&app, &format!("{ITSM_API}get_ticket_logs/?sn={}", top[0])).await);
    let last = logs["logs"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .find(|l| l["operator"] == "admin");
    assert!(last.unwrap()["message"]
        .as_str()
        .unwrap()
        .contains("(approve)"));

    // Rejecting with a reason terminates the ticket; the log keeps the reason.
    let claimed = &top[itsm::CLAIMED_WAITING_INDEX];
    let next = sns(&waiting(&app, "admin", 2).await)
        .into_iter()
        .find(|sn| sn != claimed)
        .unwrap();
    let state_id = status(&app, &next).await["current_steps"][0]["state_id"].clone();
    let reply = itsm(
        &app,
        "approve",
        json!({"sn": next, "state_id": state_id, "approver": "admin",
        "action": "false", "remark": "wrong database"}),
    )
    .await;
    itsm_data(&reply);
    assert_eq!(status(&app, &next).await["current_status"], "TERMINATED");
    let logs = itsm_data(&get(&app, &format!("{ITSM_API}get_ticket_logs/?sn={next}")).await);
    let text = logs["logs"].to_string();
    assert!(text.contains("(reject): wrong database"), "{text}");

    // A final ticket, a stranger and a missing reason are refused in ITSM's envelope.
    let again = itsm(
        &app,
        "approve",
        json!({"sn": next, "state_id": state_id, "approver": "admin", "action": "true"}),
    )
    .await;
    assert!(itsm_error(&again).contains("already TERMINATED"));
    let other = sns(&waiting(&app, "bob", 1).await)[0].clone();
    let other_state = status(&app, &other).await["current_steps"][0]["state_id"].clone();
    let stranger = itsm(
        &app,
        "approve",
        json!({"sn": other, "state_id": other_state, "approver": "nobody", "action": "true"}),
    )
    .await;
    assert!(itsm_error(&stranger).contains("nobody is not a processor"));
    let no_reason = itsm(
        &app,
        "approve",
        json!({"sn": other, "state_id": other_state, "approver": "bob", "action": "false"}),
    )
    .await;
    assert!(itsm_error(&no_reason).contains("remark"));
}

#[tokio::test]
async fn the_documented_example_files_a_built_in_approval_its_creator_can_withdraw() {
    let (app, _) = demo_app().await;
    let example: Value = serde_json::from_str(include_str!(
        "../../vendors/tests/fixtures/itsm_create_ticket_request.json"
    ))
    .unwrap();
    let created = itsm_data(&itsm(&app, "create_ticket", example).await);
    let sn = created["sn"].as_str().unwrap().to_string();
    let info = itsm_data(&get(&app, &format!("{ITSM_API}get_ticket_info/?sn={sn}")).await);
    assert_eq!(info["service_id"], 17);
    assert_eq!(
        info["current_steps"][0]["processors"], "xx,xxx,xxxx",
        "the APPROVER list"
    );
    assert_eq!(info["current_steps"][0]["type"], "APPROVAL");
    assert_eq!(info["fields"][2]["display_value"], "这是一个审批单");
    let todo = itsm_data(&itsm(&app, "get_tickets", json!({"username": "xxx", "sns": [sn]})).await);
    assert_eq!(todo["count"], 1);

    // Filed by admin (the demo user): admin may withdraw it, nobody else.
    let mine = json!({"service_id": 17, "creator": "admin", "fields": [
        {"key": "title", "value": "Mine"}, {"key": "APPROVER", "value": "bob"}]});
    let mine = itsm_data(&itsm(&app, "create_ticket", mine).await)["sn"]
        .as_str()
        .unwrap()
        .to_string();
    let offered = status(&app, &mine).await["operations"].to_string();
    assert!(offered.contains("WITHDRAW"), "{offered}");
    assert!(!status(&app, &sn).await["operations"]
        .to_string()
        .contains("WITHDRAW"));
    let by_bob = itsm(
        &app,
        "operate_ticket",
        json!({"sn": mine, "operator": "bob", "action_type": "WITHDRAW"}),
    )
    .await;
    assert!(itsm_error(&by_bob).contains("only the creator admin"));
    let withdrawn = itsm(
        &app,
        "operate_ticket",
        json!({"sn": mine, "operator": "admin",
        "action_type": "WITHDRAW", "action_message": "not needed"}),
    )
    .await;
    itsm_data(&withdrawn);
    assert_eq!(status(&app, &mine).await["current_status"], "REVOKED");
    let todo = itsm_data(
        &itsm(
            &app,
            "get_tickets",
            json!({"username": "bob", "sns": [mine]}),
        )
        .await,
    );
    assert_eq!(todo["count"], 0, "a withdrawn ticket waits for no one");

    // Approving the last step finishes a ticket.
    let single = json!({"service_id": 17, "creator": "alice", "fields": [
        {"key": "title", "value": "One step"}, {"key": "APPROVER", "value": "admin"}]});
    let single = itsm_data(&itsm(&app, "create_ticket", single).await)["sn"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(status(&app, &single).await["current_status"], "NEW");
    itsm_data(
        &itsm(
            &app,
            "approve",
            json!({"sn": single, "state_id": 406, "approver": "admin", "action": "true"}),
        )
        .await,
    );
    assert_eq!(status(&app, &single).await["current_status"], "FINISHED");
}

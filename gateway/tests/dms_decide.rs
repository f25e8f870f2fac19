//! `--demo` DMS approvals through the gateway: the demo user's "waiting for me" list, the
//! approval detail, ApproveOrder AGREE / REJECT / CANCEL and CloseOrder moving orders along,
//! DMS's own refusals (not your node, already decided, your own order), and the allowlist:
//! only these actions and approval types pass.

mod common;

use axum::http::StatusCode;
use common::demo::*;
use serde_json::Value;
use ticket_gateway::kinds::dms::sim::{self as dms, DmsSim};
use ticket_gateway::kinds::dms::sim::{ACCESS_KEY_ID, ACCESS_KEY_SECRET};
use vendors::decide::{Decision, StepState};
use vendors::dms::{decode_generic, decode_get_approval_detail, decode_get_order_base_info};

const DEMO: i64 = dms::DEMO_USER.id;
const WAITING: [(&str, &str); 2] = [
    ("OrderResultType", "AS_HANDLER"),
    ("OrderStatus", "RUNNING"),
];

/// Order ids waiting for the demo user, newest first (one page of `size`).
async fn waiting(app: &axum::Router, size: u64) -> (u64, Vec<i64>) {
    let size = size.to_string();
    let mut params = WAITING.to_vec();
    params.extend([("PageNumber", "1"), ("PageSize", size.as_str())]);
    let reply = dms(app, "ListOrders", &params).await;
    let list = vendors::dms::decode_list_orders(200, &reply.text()).unwrap();
    let ids = list.orders.order.iter().map(|o| o.order_id).collect();
    (list.total_count, ids)
}

async fn base_info(app: &axum::Router, order_id: i64) -> vendors::dms::OrderBaseInfo {
    let reply = dms(
        app,
        "GetOrderBaseInfo",
        &[("OrderId", &order_id.to_string())],
    )
    .await;
    decode_get_order_base_info(200, &reply.text())
        .unwrap()
        .order_base_info
}

async fn approve(app: &axum::Router, workflow: i64, kind: &str, comment: &str) -> Value {
    let workflow = workflow.to_string();
    let mut params = vec![
        ("WorkflowInstanceId", workflow.as_str()),
        ("ApprovalType", kind),
    ];
    if !comment.is_empty() {
        params.push(("Comment", comment));
    }
    let reply = dms(app, "ApproveOrder", &params).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    reply.json()
}

fn workflow_of(order_id: i64) -> i64 {
    order_id * 10 + 7
}

/// The one seeded order waiting for the demo user that it committed itself.
fn own_waiting(sim: &DmsSim) -> Vec<i64> {
    sim.orders()
        .iter()
        .filter(|o| o.handlers.contains(&DEMO) && o.order.committer_id == DEMO)
        .map(|o| o.order.order_id)
        .collect()
}

#[tokio::test]
async fn the_demo_user_has_a_spread_of_orders_waiting() {
    let (app, _) = demo_app().await;
    let sim = DmsSim::new(ACCESS_KEY_ID, ACCESS_KEY_SECRET);
    let (total, first) = waiting(&app, 200).await;
    assert!(total >= 100, "{total} waiting");
    assert_eq!(first.len() as u64, total);
    let waiting: Vec<_> = sim
        .orders()
        .iter()
        .filter(|o| first.contains(&o.order.order_id))
        .collect();
    assert!(waiting.iter().all(|o| o.order.status_code == "toaudit"));
    let (newest, oldest) = (
        &waiting[0].order.create_time,
        &waiting[waiting.len() - 1].order.create_time,
    );
    assert!(newest[..4] != oldest[..4], "ages from {oldest} to {newest}");
    // The count the navigation shows: the same call with one row.
    assert_eq!(self::waiting(&app, 1).await.0, total);
    // The demo user can withdraw orders of its own that await approval.
    let own_to_audit = sim
        .orders()
        .iter()
        .filter(|o| o.order.committer_id == DEMO && o.order.status_code == "toaudit")
        .count();
    assert!(own_to_audit >= 20, "{own_to_audit}");
}

#[tokio::test]
async fn approving_and_rejecting_move_the_order_and_record_the_node() {
    let (app, _) = demo_app().await;
    let (total, ids) = waiting(&app, 10).await;
    let sim = DmsSim::new(ACCESS_KEY_ID, ACCESS_KEY_SECRET);
    let own = own_waiting(&sim);
    let mut candidates = ids.iter().filter(|id| !own.contains(id));
    let (first, second) = (*candidates.next().unwrap(), *candidates.next().unwrap());

    let before = base_info(&app, first).await;
    assert_eq!(before.workflow_instance_id, Some(workflow_of(first)));
    assert_eq!(
        before.workflow_status_desc.as_deref(),
        Some("Awaiting approval")
    );
    let detail = dms(
        &app,
        "GetApprovalDetail",
        &[("WorkflowInstanceId", &workflow_of(first).to_string())],
    )
    .await;
    let detail = decode_get_approval_detail(200, &detail.text())
        .unwrap()
        .approval_detail;
    assert!(detail.is_auditing());
    assert!(detail
        .handlers()
        .iter()
        .any(|h| h.id == DEMO && h.nick_name == "dms_demo"));
    assert_eq!(detail.nodes()[0].node_name, "Submit");
    assert!(detail.nodes()[0].is_done() && !detail.nodes()[2].is_done());

    let body = approve(&app, workflow_of(first), "AGREE", "looks right").await;
    assert!(decode_generic(200, &body.to_string()).unwrap().success);
    let after = base_info(&app, first).await;
    assert_eq!(
        (after.status_code.as_str(), after.status_desc.as_str()),
        ("Approved", "Approved")
    );
    assert!(after.last_modify_time > before.last_modify_time);
    assert_eq!(waiting(&app, 1).await.0, total - 1);

    // Decided: a second approval is refused in DMS's words.
    let again = approve(&app, workflow_of(first), "AGREE", "").await;
    let error = decode_generic(200, &again.to_string()).unwrap_err();
    assert_eq!(error.code, "InvalidStatus");
    assert!(
        error.message.contains("has already ended (APPROVED)"),
        "{}",
        error.message
    );

    // Rejecting needs a reason; with one, the node keeps it.
    let bare = approve(&app, workflow_of(second), "REJECT", "").await;
    assert_eq!(bare["Success"], false);
    assert_eq!(
        bare["ErrorMessage"],
        "Comment is mandatory to reject an order."
    );
    approve(&app, workflow_of(second), "REJECT", "wrong database").await;
    let rejected = base_info(&app, second).await;
    assert_eq!(
        (rejected.status_code.as_str(), rejected.status_desc.as_str()),
        ("reject", "Rejected")
    );
    let detail = dms(
        &app,
        "GetApprovalDetail",
        &[("WorkflowInstanceId", &workflow_of(second).to_string())],
    )
    .await;
    let detail = decode_get_approval_detail(200, &detail.text())
        .unwrap()
        .approval_detail;
    assert_eq!(detail.workflow_ins_code, "REJECT");
    assert!(detail.handlers().is_empty());
    let last = detail.nodes().last().unwrap();
    assert_eq!(
        (last.operator_id, last.operate_comment.as_deref()),
        (Some(DEMO), Some("wrong database"))
    );
}

#[tokio::test]
async fn orders_the_caller_may_not_decide_are_refused_like_dms() {
    let (app, _) = demo_app().await;
    let sim = DmsSim::new(ACCESS_KEY_ID, ACCESS_KEY_SECRET);
    let others = sim
        .orders()
        .iter()
        .find(|o| {
            o.order.status_code == "toaudit"
                && !o.handlers.contains(&DEMO)
                && o.order.committer_id != DEMO
        })
        .unwrap()
        .order
        .order_id;
    let body = approve(&app, workflow_of(others), "AGREE", "").await;
    assert_eq!(body["Success"], false);
    assert_eq!(body["ErrorCode"], "NoPermission");
    assert_eq!(
        body["ErrorMessage"],
        "You are not an approver of the current node of this workflow."
    );
    assert!(body["RequestId"].is_string());
    let cancel = approve(&app, workflow_of(others), "CANCEL", "").await;
    assert_eq!(
        cancel["ErrorMessage"],
        "Only the committer of an order can cancel its approval."
    );
    let close = dms(
        &app,
        "CloseOrder",
        &[("OrderId", &others.to_string()), ("CloseReason", "x")],
    )
    .await;
    assert_eq!(
        close.json()["ErrorMessage"],
        "Only the committer of an order can close it."
    );
    let unknown = approve(&app, 42, "AGREE", "").await;
    assert_eq!(
        unknown["ErrorMessage"],
        "The workflow instance 42 does not exist or you have no permission."
    );
    let missing = dms(&app, "ApproveOrder", &[("WorkflowInstanceId", "42")]).await;
    assert_eq!(
        (missing.status, missing.json()["Code"].clone()),
        (StatusCode::BAD_REQUEST, Value::from("MissingApprovalType"))
    );
    assert_eq!(base_info(&app, others).await.status_code, "toaudit");
}

#[tokio::test]
async fn a_batch_of_twenty_from_the_inbox_has_exactly_one_refusal() {
    let (app, _) = demo_app().await;
    let sim = DmsSim::new(ACCESS_KEY_ID, ACCESS_KEY_SECRET);
    let own = own_waiting(&sim);
    assert_eq!(
        own.len(),
        1,
        "exactly one order waits for its own committer"
    );
    let (_, first) = waiting(&app, 20).await;
    let position = first.iter().position(|id| *id == own[0]).unwrap();
    assert!((1..5).contains(&position), "at row {position}");
    let mut refused = Vec::new();
    for id in &first {
        let body = approve(&app, workflow_of(*id), "AGREE", "").await;
        if body["Success"] != true {
            refused.push((*id, body["ErrorMessage"].as_str().unwrap().to_string()));
        }
    }
    assert_eq!(
        refused,
        [(
            own[0],
            "The committer of an order cannot approve or reject it.".to_string()
        )]
    );
    // The committer may still withdraw it.
    let body = approve(&app, workflow_of(own[0]), "CANCEL", "filed by mistake").await;
    assert_eq!(body["Success"], true, "{body}");
    assert_eq!(base_info(&app, own[0]).await.status_code, "closed");
}

#[tokio::test]
async fn the_committer_withdraws_a_new_order_or_closes_one_out_of_approval() {
    let (app, _) = demo_app().await;
    let params = [
        ("Comment", "Export refunds for the audit"),
        ("PluginType", "DATA_EXPORT"),
        (
            "PluginParam",
            r#"{"dbId":1001,"exeSQL":"SELECT id FROM refunds","logic":false}"#,
        ),
        ("RelatedUserList", "20002"),
    ];
    let created = dms(&app, "CreateOrder", &params).await.json();
    let order_id = created["CreateOrderResult"]["OrderIds"][0]
        .as_i64()
        .unwrap();
    let info = base_info(&app, order_id).await;
    assert_eq!(info.status_code, "toaudit");
    let workflow = info.workflow_instance_id.unwrap();
    let detail = dms(
        &app,
        "GetApprovalDetail",
        &[("WorkflowInstanceId", &workflow.to_string())],
    )
    .await;
    let detail = decode_get_approval_detail(200, &detail.text())
        .unwrap()
        .approval_detail;
    // orders_db is the demo user's own: a DBA approves instead.
    let handlers: Vec<&str> = detail
        .handlers()
        .iter()
        .map(|h| h.nick_name.as_str())
        .collect();
    assert_eq!(handlers, ["dba.li"]);
    assert_eq!(waiting(&app, 1).await.0, waiting(&app, 1).await.0);
    assert_eq!(approve(&app, workflow, "CANCEL", "").await["Success"], true);
    let closed = base_info(&app, order_id).await;
    assert_eq!(
        (
            closed.status_code.as_str(),
            closed.workflow_status_desc.as_deref()
        ),
        ("closed", Some("Cancelled"))
    );

    // Approved, not finished: closing it is the way out; closing twice is refused.
    let sim = DmsSim::new(ACCESS_KEY_ID, ACCESS_KEY_SECRET);
    let approved = sim
        .orders()
        .iter()
        .find(|o| o.order.committer_id == DEMO && o.order.status_code == "Approved")
        .unwrap()
        .order
        .order_id
        .to_string();
    let close = [
        ("OrderId", approved.as_str()),
        ("CloseReason", "not needed any more"),
    ];
    assert_eq!(
        dms(&app, "CloseOrder", &close).await.json()["Success"],
        true
    );
    let again = dms(&app, "CloseOrder", &close).await.json();
    assert_eq!(again["ErrorCode"], "InvalidStatus");
    assert_eq!(
        again["ErrorMessage"],
        format!("The order {approved} has already ended (Closed); it cannot be closed.")
    );
}

#[tokio::test]
async fn only_the_deciding_actions_and_approval_types_pass_the_gateway() {
    let (app, _) = demo_app().await;
    for neighbour in [
        "ExecuteDataCorrect",
        "SubmitOrderApproval",
        "ListWorkFlowNodes",
        "GetApprovalDetailList",
        "ApproveOrders",
    ] {
        let reply = dms(&app, neighbour, &[("OrderId", "3250001")]).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{neighbour}");
    }
    for kind in ["TRANSFER", "ADD_APPROVAL_NODE"] {
        let reply = dms(
            &app,
            "ApproveOrder",
            &[("WorkflowInstanceId", "32500017"), ("ApprovalType", kind)],
        )
        .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{kind}");
        assert_eq!(
            reply.json()["error"]["message"],
            format!(
                "ApproveOrder's ApprovalType must be one of AGREE, REJECT, CANCEL, not \"{kind}\""
            )
        );
    }
    let extra = dms(
        &app,
        "ApproveOrder",
        &[
            ("WorkflowInstanceId", "32500017"),
            ("ApprovalType", "AGREE"),
            ("NewApprover", "20002"),
        ],
    )
    .await;
    assert_eq!(extra.status, StatusCode::BAD_REQUEST);
    let close = dms(&app, "CloseOrder", &[("OrderId", "3250001"), ("Tid", "1")]).await;
    assert_eq!(close.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_simulators_answers_make_a_ticket_page_with_the_demo_users_decisions() {
    let (app, _) = demo_app().await;
    let (_, ids) = waiting(&app, 1).await;
    let info = base_info(&app, ids[0]).await;
    let detail = dms(
        &app,
        "GetApprovalDetail",
        &[("WorkflowInstanceId", &workflow_of(ids[0]).to_string())],
    )
    .await;
    let approval = decode_get_approval_detail(200, &detail.text())
        .unwrap()
        .approval_detail;
    let page = vendors::dms::ticket_detail(&info, Some(&approval), Some(&DEMO.to_string()));
    assert_eq!(page.allowed, [Decision::Approve, Decision::Reject]);
    let states: Vec<StepState> = page.steps.iter().map(|step| step.state).collect();
    assert_eq!(
        states,
        [StepState::Done, StepState::Done, StepState::Current]
    );
    assert!(page.steps[2].handlers.contains(&"dms_demo".to_string()));
    assert_eq!(page.timeline.len(), 2);
    assert_eq!(page.timeline[0].what, "Submit: submitted");
    assert_eq!(page.timeline[0].who, info.committer);

    // Withdrawn by its committer: the timeline says so, with the reason.
    let sim = DmsSim::new(ACCESS_KEY_ID, ACCESS_KEY_SECRET);
    let own = sim
        .orders()
        .iter()
        .find(|o| o.order.committer_id == DEMO && o.order.status_code == "toaudit")
        .unwrap()
        .order
        .order_id;
    let info = base_info(&app, own).await;
    let caller = DEMO.to_string();
    let before = vendors::dms::ticket_detail(&info, None, Some(&caller));
    assert_eq!(before.allowed, [Decision::Withdraw]);
    approve(&app, workflow_of(own), "CANCEL", "filed twice").await;
    let detail = dms(
        &app,
        "GetApprovalDetail",
        &[("WorkflowInstanceId", &workflow_of(own).to_string())],
    )
    .await;
    let approval = decode_get_approval_detail(200, &detail.text())
        .unwrap()
        .approval_detail;
    let page =
        vendors::dms::ticket_detail(&base_info(&app, own).await, Some(&approval), Some(&caller));
    let last = page.timeline.last().unwrap();
    assert_eq!(
        (
            last.what.as_str(),
            last.who.as_str(),
            last.comment.as_deref()
        ),
        ("DBA approval: withdrawn", "dms_demo", Some("filed twice"))
    );
    assert!(page.allowed.is_empty());
    assert_eq!(page.summary.status_label.as_deref(), Some("Closed"));
}

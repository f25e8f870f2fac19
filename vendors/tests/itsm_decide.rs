//! ITSM deciding: golden fixtures from the documented examples (get_ticket_info,
//! get_ticket_status, get_ticket_logs, operate_ticket's withdraw demo; the approve request is
//! assembled from the parameter table), validation, the decision rule, the decision calls and
//! the unified detail.

mod common;

use common::{fixture, golden, paths};
use serde_json::{json, Value};
use vendors::decide::{Decision, DecisionRequest, StepState};
use vendors::itsm::{self, Approve, Envelope, OperateTicket, TicketInfo, TicketLogs, TicketStatus};
use vendors::Method;

fn info() -> TicketInfo {
    itsm::decode_get_ticket_info(200, &fixture("itsm_get_ticket_info_response.json")).unwrap()
}

fn status() -> TicketStatus {
    itsm::decode_get_ticket_status(200, &fixture("itsm_get_ticket_status_response.json")).unwrap()
}

fn logs() -> TicketLogs {
    itsm::decode_get_ticket_logs(200, &fixture("itsm_get_ticket_logs_response.json")).unwrap()
}

#[test]
fn documented_examples_round_trip() {
    let info = golden::<Envelope<TicketInfo>>("itsm_get_ticket_info_response.json");
    let info = info.data.unwrap();
    assert_eq!(info.current_steps[0].state_id, 8);
    assert_eq!(info.fields[1].display_value, "bk");
    assert_eq!(info.extra["end_at"], Value::Null);

    let status = golden::<Envelope<TicketStatus>>("itsm_get_ticket_status_response.json");
    let status = status.data.unwrap();
    assert!(status.offers("WITHDRAW"));
    assert_eq!(status.current_steps[0].operations.len(), 3);
    assert_eq!(status.current_steps[0].fields[0]["key"], "SHENPIJIEGUO");

    let logs = golden::<Envelope<TicketLogs>>("itsm_get_ticket_logs_response.json");
    assert_eq!(logs.data.unwrap().logs[5].source, "SYS");

    let withdraw = golden::<OperateTicket>("itsm_operate_ticket_request.json");
    assert_eq!(withdraw.action_type, "WITHDRAW");
    assert!(withdraw.validate().is_ok());
    let approve = golden::<Approve>("itsm_approve_request.json");
    assert_eq!((approve.state_id, approve.action.as_str()), (4, "false"));
    assert!(approve.validate().is_ok());

    // operate_ticket answers `data: []`; approve may answer no data at all.
    assert!(itsm::decode_decision(200, &fixture("itsm_operate_ticket_response.json")).is_ok());
    assert!(itsm::decode_decision(200, r#"{"result":true,"code":0,"message":"success"}"#).is_ok());
}

#[test]
fn read_calls_are_gets_with_the_sn() {
    for (call, operation) in [
        (itsm::get_ticket_info_call(" NO1 "), itsm::GET_TICKET_INFO),
        (itsm::get_ticket_status_call("NO1"), itsm::GET_TICKET_STATUS),
        (itsm::get_ticket_logs_call("NO1"), itsm::GET_TICKET_LOGS),
    ] {
        assert_eq!(call.method, Method::Get);
        assert_eq!(itsm::operation_of(&call.path), Some(operation));
        assert_eq!(call.query, [("sn".to_string(), "NO1".to_string())]);
        assert!(itsm::GET_OPERATIONS.contains(&operation));
    }
    assert!(itsm::POST_OPERATIONS.contains(&itsm::APPROVE));
    assert!(itsm::POST_OPERATIONS.contains(&itsm::OPERATE_TICKET));
    assert_eq!(paths(&itsm::check_sn(" ").unwrap_err()), ["sn"]);
}

#[test]
fn decoding_is_tolerant() {
    let body = json!({"result": true, "code": 0, "message": "", "data": {
        "current_status": "RUNNING", "operations": null,
        "current_steps": [{"state_id": "12", "name": "Approval", "processors": ["admin", "bob"],
            "type": "APPROVAL", "operations": [{"key": "TRANSITION", "can_operate": "true"}]}]}})
    .to_string();
    let status = itsm::decode_get_ticket_status(200, &body).unwrap();
    let step = &status.current_steps[0];
    assert_eq!(step.state_id, 12);
    assert_eq!(step.processor_names(), ["admin", "bob"]);
    assert!(step.is_approval() && step.can_transition());
    assert!(status.operations.is_empty());
}

#[test]
fn vendor_refusals_keep_their_words() {
    let body = r#"{"result":false,"code":3900403,"message":"单据节点已被 bob 认领 (claimed by bob)","data":null}"#;
    let error = itsm::decode_decision(200, body).unwrap_err();
    assert_eq!(error.code, "3900403");
    assert_eq!(error.message, "单据节点已被 bob 认领 (claimed by bob)");
}

#[test]
fn approve_and_operate_validation_names_fields() {
    let bad = Approve {
        sn: " ".into(),
        state_id: 0,
        approver: String::new(),
        action: "maybe".into(),
        ..Approve::default()
    };
    assert_eq!(
        paths(&bad.validate().unwrap_err()),
        ["sn", "state_id", "approver", "action"]
    );
    let reject = Approve {
        sn: "NO1".into(),
        state_id: 3,
        approver: "admin".into(),
        action: "false".into(),
        remark: Some("  ".into()),
        ..Approve::default()
    };
    assert_eq!(paths(&reject.validate().unwrap_err()), ["remark"]);
    let operate = OperateTicket {
        sn: "NO1".into(),
        operator: " ".into(),
        action_type: "DELETE".into(),
        action_message: Some("x".repeat(1001)),
        ..OperateTicket::default()
    };
    assert_eq!(
        paths(&operate.validate().unwrap_err()),
        ["operator", "action_type", "action_message"]
    );
}

fn approval_status(can_operate: bool, withdraw: bool) -> TicketStatus {
    let operations = if withdraw {
        json!([{"key": "WITHDRAW", "name": "撤单", "can_operate": true}])
    } else {
        json!([])
    };
    serde_json::from_value(
        json!({"current_status": "RUNNING", "operations": operations,
        "current_steps": [
            {"state_id": 11, "name": "Notify", "type": "NORMAL",
             "operations": [{"key": "TRANSITION", "can_operate": true}]},
            {"state_id": 12, "name": "Approval", "type": "APPROVAL", "processors": "admin",
             "operations": [{"key": "TRANSITION", "can_operate": can_operate}]}]}),
    )
    .unwrap()
}

#[test]
fn decisions_follow_what_itsm_offers() {
    use Decision::*;
    assert_eq!(
        itsm::allowed_decisions(&approval_status(true, false)),
        [Approve, Reject]
    );
    assert_eq!(
        itsm::allowed_decisions(&approval_status(false, true)),
        [Withdraw]
    );
    assert!(itsm::allowed_decisions(&approval_status(false, false)).is_empty());
    // The documented example's step has no node type and offers TRANSITION: approvable.
    assert_eq!(
        itsm::allowed_decisions(&status()),
        [Approve, Reject, Withdraw]
    );
}

#[test]
fn decision_calls_carry_the_state_user_and_reason() {
    let status = approval_status(true, true);
    let call = itsm::decision_call(
        "NO1",
        &status,
        "admin",
        &DecisionRequest::new(Decision::Reject, " wrong db "),
    )
    .unwrap();
    assert_eq!(call.method, Method::Post);
    assert_eq!(itsm::operation_of(&call.path), Some(itsm::APPROVE));
    assert_eq!(
        call.body.unwrap(),
        json!({"sn": "NO1", "state_id": 12, "approver": "admin", "action": "false", "remark": "wrong db"})
    );
    let call = itsm::decision_call(
        "NO1",
        &status,
        "admin",
        &DecisionRequest::new(Decision::Approve, ""),
    )
    .unwrap();
    assert_eq!(
        call.body.unwrap(),
        json!({"sn": "NO1", "state_id": 12, "approver": "admin", "action": "true"})
    );
    let call = itsm::decision_call(
        "NO1",
        &status,
        "alice",
        &DecisionRequest::new(Decision::Withdraw, "not needed"),
    )
    .unwrap();
    assert_eq!(itsm::operation_of(&call.path), Some(itsm::OPERATE_TICKET));
    assert_eq!(
        call.body.unwrap(),
        json!({"sn": "NO1", "operator": "alice", "action_type": "WITHDRAW", "action_message": "not needed"})
    );
    // Locked for this user: still sent, so ITSM says why in its own words.
    let locked = approval_status(false, false);
    let call = itsm::decision_call(
        "NO1",
        &locked,
        "admin",
        &DecisionRequest::new(Decision::Approve, ""),
    );
    assert_eq!(call.unwrap().body.unwrap()["state_id"], 12);
}

#[test]
fn decisions_that_cannot_be_sent_say_why() {
    let finished: TicketStatus =
        serde_json::from_value(json!({"current_status": "FINISHED", "current_steps": []})).unwrap();
    let error = itsm::decision_call(
        "NO1",
        &finished,
        "admin",
        &DecisionRequest::new(Decision::Approve, ""),
    )
    .unwrap_err();
    assert!(error.message.contains("FINISHED"), "{}", error.message);
    let error = itsm::decision_call(
        "NO1",
        &approval_status(true, false),
        "admin",
        &DecisionRequest::new(Decision::Reject, ""),
    )
    .unwrap_err();
    assert!(error.message.contains("comment"), "{}", error.message);
    assert!(itsm::decision_call(
        "NO1",
        &finished,
        "admin",
        &DecisionRequest::new(Decision::Reopen, "")
    )
    .is_err());
}

#[test]
fn detail_maps_fields_steps_timeline_and_decisions() {
    let detail = itsm::ticket_detail(&info(), &status(), &logs());
    assert_eq!(detail.summary.id, "NO2019090414050083");
    assert_eq!(
        detail.summary.status, "SUSPENDED",
        "the status call is fresher"
    );
    assert_eq!(detail.summary.service.as_deref(), Some("service 18"));
    // Title is the heading; the select shows its display value.
    assert_eq!(detail.fields.len(), 1);
    assert_eq!(
        (
            detail.fields[0].label.as_str(),
            detail.fields[0].value.as_str()
        ),
        ("title", "bk")
    );
    assert_eq!(detail.steps.len(), 1);
    assert_eq!(detail.steps[0].name, "node1");
    assert_eq!(detail.steps[0].state, StepState::Current);
    assert_eq!(detail.steps[0].handlers, ["zhangsan"]);
    assert_eq!(detail.timeline.len(), 6);
    assert_eq!(detail.timeline[0].what, "start");
    assert_eq!(detail.timeline[5].what, "over");
    assert_eq!(
        detail.allowed,
        [Decision::Approve, Decision::Reject, Decision::Withdraw]
    );
    assert!(detail
        .summary
        .link
        .as_deref()
        .unwrap()
        .starts_with("https://paas.bk.com/"));
}

#[test]
fn detail_timeline_is_oldest_first_whatever_the_order_sent() {
    let mut reversed = logs();
    reversed.logs.reverse();
    let detail = itsm::ticket_detail(&info(), &TicketStatus::default(), &reversed);
    assert_eq!(detail.timeline[0].at, "2019-08-09 00:41:02");
    assert_eq!(
        detail.summary.status, "RUNNING",
        "info's status when status has none"
    );
    assert_eq!(detail.steps[0].handlers, ["admin"], "info's steps stand in");
    assert!(detail.allowed.is_empty());
}

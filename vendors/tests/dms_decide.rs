//! Deciding DMS orders: GetApprovalDetail, ApproveOrder and CloseOrder calls, their golden
//! fixtures, the unified ticket page of an order, and which decisions its caller may take.
//!
//! Fixture notes: VENDORS.md ("Deciding") documents these actions' fields, not example values;
//! the fixtures fill the documented shapes (`ApprovalDetail{..., CurrentHandlers{CurrentHandler
//! [..]}, WorkflowNodes{WorkflowNode[..]}}`, the generic `{RequestId, Success, ErrorCode,
//! ErrorMessage}`) with values like the seed's CreateOrder example.

mod common;

use common::{fixture, golden};
use serde_json::json;
use vendors::decide::{Decision, DecisionRequest, StepState};
use vendors::dms::{
    self, ApprovalDetail, ApproveOrder, CloseOrder, GetApprovalDetail, GetApprovalDetailResponse,
    GetOrderBaseInfoResponse, OrderBaseInfo,
};
use vendors::Method;

fn base() -> OrderBaseInfo {
    golden::<GetOrderBaseInfoResponse>("dms_get_order_base_info_response.json").order_base_info
}

fn approval() -> ApprovalDetail {
    golden::<GetApprovalDetailResponse>("dms_get_approval_detail_response.json").approval_detail
}

fn query_of(call: &vendors::HttpCall) -> Vec<(&str, &str)> {
    call.query
        .iter()
        .map(|(key, value)| (key.as_str(), value.as_str()))
        .collect()
}

#[test]
fn documented_shapes_round_trip() {
    let approval = approval();
    assert!(approval.is_auditing());
    assert_eq!(approval.handlers()[0].nick_name, "dba.li");
    assert_eq!(approval.nodes()[2].audit_user_ids(), ["20005", "20001"]);
    assert!(approval.nodes()[1].is_done() && !approval.nodes()[2].is_done());
    assert_eq!(base().workflow_instance_id, Some(32_500_127));
    let approve = golden::<ApproveOrder>("dms_approve_order_request.json");
    assert_eq!(approve.approval_type, "REJECT");
    assert!(approve.validate().is_ok());
    let close = golden::<CloseOrder>("dms_close_order_request.json");
    assert_eq!(close.order_id, 3_250_012);
    let generic = golden::<dms::GenericResponse>("dms_generic_response.json");
    assert!(generic.success);
    let decoded = dms::decode_generic(200, &fixture("dms_generic_response.json")).unwrap();
    assert_eq!(decoded, generic);
}

#[test]
fn tolerant_decoding_of_approval_details() {
    let body = json!({"Success": true, "RequestId": "r", "ApprovalDetail": {
        "WorkflowInsCode": "auditing", "CurrentHandlers": {"CurrentHandler": [{"Id": "7", "NickName": "x"}]},
        "WorkflowNodes": {"WorkflowNode": [{"NodeName": "A", "AuditUserIdList": [7, "8"], "OperatorId": null, "Extra": 1}]},
        "TemplateId": 3}});
    let detail = dms::decode_get_approval_detail(200, &body.to_string())
        .unwrap()
        .approval_detail;
    assert!(detail.is_auditing());
    assert_eq!(detail.handlers()[0].id, 7);
    assert_eq!(detail.nodes()[0].audit_user_ids(), ["7", "8"]);
    assert_eq!(detail.nodes()[0].operator_id, None);
}

#[test]
fn refusals_keep_dms_words() {
    let body = json!({"RequestId": "R-1", "Success": false, "ErrorCode": "UnsupportedOperation",
        "ErrorMessage": "The current user is not the approver of this node."});
    let error = dms::decode_generic(200, &body.to_string()).unwrap_err();
    assert_eq!(error.code, "UnsupportedOperation");
    assert_eq!(
        error.message,
        "The current user is not the approver of this node."
    );
    assert_eq!(error.request_id.as_deref(), Some("R-1"));
}

#[test]
fn calls_carry_exactly_the_allowlisted_parameters() {
    let detail = dms::get_approval_detail_call(42);
    assert_eq!((detail.method, detail.path.as_str()), (Method::Post, "/"));
    assert_eq!(dms::action_of(&detail), Some("GetApprovalDetail"));
    assert_eq!(query_of(&detail), [("WorkflowInstanceId", "42")]);
    let approve = dms::approve_order_call(&ApproveOrder {
        workflow_instance_id: 42,
        approval_type: "AGREE".into(),
        comment: Some("  ".into()),
    });
    assert_eq!(
        query_of(&approve),
        [("WorkflowInstanceId", "42"), ("ApprovalType", "AGREE")]
    );
    for call in [detail, approve] {
        let action = dms::action_of(&call).unwrap();
        let allowed = dms::parameters_of(action).unwrap();
        assert!(call
            .query
            .iter()
            .all(|(key, _)| allowed.contains(&key.as_str())));
        assert!(dms::ACTIONS.contains(&action));
    }
    for action in ["ApproveOrder", "CloseOrder", "GetApprovalDetail"] {
        assert!(dms::ACTIONS.contains(&action), "{action}");
    }
    for neighbour in [
        "SubmitOrderApproval",
        "ExecuteDataCorrect",
        "ListWorkFlowNodes",
    ] {
        assert!(!dms::ACTIONS.contains(&neighbour));
        assert_eq!(dms::parameters_of(neighbour), None);
    }
}

#[test]
fn queries_round_trip_and_bad_ones_name_their_parameter() {
    let approve = ApproveOrder {
        workflow_instance_id: 9,
        approval_type: "REJECT".into(),
        comment: Some("wrong db".into()),
    };
    assert_eq!(
        ApproveOrder::from_query(&approve.to_query()).unwrap(),
        approve
    );
    let close = CloseOrder {
        order_id: 3,
        close_reason: "done".into(),
    };
    assert_eq!(CloseOrder::from_query(&close.to_query()).unwrap(), close);
    let get = GetApprovalDetail {
        workflow_instance_id: 5,
    };
    assert_eq!(GetApprovalDetail::from_query(&get.to_query()).unwrap(), get);

    let pairs = |items: &[(&str, &str)]| -> Vec<(String, String)> {
        items
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    let transfer = ApproveOrder::from_query(&pairs(&[
        ("WorkflowInstanceId", "x"),
        ("ApprovalType", "TRANSFER"),
    ]))
    .unwrap_err();
    let paths: Vec<&str> = transfer.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(paths, ["WorkflowInstanceId", "ApprovalType"]);
    assert!(
        transfer[1].message.contains("AGREE"),
        "{}",
        transfer[1].message
    );
    let reject = ApproveOrder::from_query(&pairs(&[
        ("WorkflowInstanceId", "3"),
        ("ApprovalType", "REJECT"),
    ]))
    .unwrap_err();
    assert_eq!(reject[0].path, "Comment");
    let close = CloseOrder::from_query(&pairs(&[])).unwrap_err();
    let paths: Vec<&str> = close.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(paths, ["OrderId", "CloseReason"]);
    assert_eq!(
        GetApprovalDetail::from_query(&[]).unwrap_err()[0].message,
        "Workflow instance id is required."
    );
}

#[test]
fn a_current_handler_may_approve_and_reject_the_committer_may_withdraw() {
    let (base, approval) = (base(), approval());
    for caller in ["20001", "dms_demo"] {
        assert_eq!(
            dms::allowed_decisions(&base, Some(&approval), Some(caller)),
            [Decision::Approve, Decision::Reject]
        );
    }
    assert_eq!(
        dms::allowed_decisions(&base, Some(&approval), Some("alice")),
        [Decision::Withdraw]
    );
    // Listed on a node, not a current handler: nothing.
    assert!(dms::allowed_decisions(&base, Some(&approval), Some("20003")).is_empty());
    assert!(dms::allowed_decisions(&base, Some(&approval), None).is_empty());

    let mut decided = approval.clone();
    decided.workflow_ins_code = "APPROVED".into();
    assert!(dms::allowed_decisions(&base, Some(&decided), Some("20001")).is_empty());
    let mut closed = base.clone();
    closed.status_code = "closed".into();
    assert!(dms::allowed_decisions(&closed, None, Some("20002")).is_empty());
    let mut fresh = base.clone();
    fresh.status_code = "new".into();
    assert_eq!(
        dms::allowed_decisions(&fresh, None, Some("20002")),
        [Decision::Withdraw]
    );
}

#[test]
fn decisions_become_one_call_each() {
    let base = base();
    let call = |decision, comment: &str| {
        dms::decision_call(&base, &DecisionRequest::new(decision, comment)).map(|call| {
            let action = dms::action_of(&call).unwrap().to_string();
            let query: Vec<(String, String)> = call.query.clone();
            (action, query)
        })
    };
    let pairs = |items: &[(&str, &str)]| -> Vec<(String, String)> {
        items
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    assert_eq!(
        call(Decision::Approve, "").unwrap(),
        (
            "ApproveOrder".to_string(),
            pairs(&[
                ("WorkflowInstanceId", "32500127"),
                ("ApprovalType", "AGREE")
            ])
        )
    );
    assert_eq!(
        call(Decision::Reject, " wrong db ").unwrap().1,
        pairs(&[
            ("WorkflowInstanceId", "32500127"),
            ("ApprovalType", "REJECT"),
            ("Comment", "wrong db")
        ])
    );
    // Awaiting approval: the workflow is cancelled.
    assert_eq!(call(Decision::Withdraw, "").unwrap().1[1].1, "CANCEL");
    // A reason is required to reject, at the decision form's field.
    assert_eq!(call(Decision::Reject, " ").unwrap_err()[0].path, "comment");
    assert_eq!(
        call(Decision::Reopen, "").unwrap_err()[0].path,
        dms::DECISION_PATH
    );

    // Not in approval any more: withdrawing closes the order, with a reason DMS keeps.
    let mut approved = base.clone();
    approved.status_code = "Approved".into();
    let closing =
        dms::decision_call(&approved, &DecisionRequest::new(Decision::Withdraw, "")).unwrap();
    assert_eq!(dms::action_of(&closing), Some("CloseOrder"));
    assert_eq!(
        closing.query,
        pairs(&[
            ("OrderId", "3250012"),
            ("CloseReason", dms::DEFAULT_CLOSE_REASON.get())
        ])
    );
    let mut new = base.clone();
    new.workflow_instance_id = None;
    new.status_code = "new".into();
    new.status_desc = "New".into();
    let refused =
        dms::decision_call(&new, &DecisionRequest::new(Decision::Approve, "")).unwrap_err();
    assert!(
        refused[0].message.contains("status New"),
        "{}",
        refused[0].message
    );
}

#[test]
fn the_ticket_page_of_an_order() {
    let detail = dms::ticket_detail(&base(), Some(&approval()), Some("dms_demo"));
    assert_eq!(detail.summary.id, "3250012");
    assert_eq!(detail.summary.status, "toaudit");
    assert_eq!(
        detail.summary.status_label.as_deref(),
        Some("Awaiting approval")
    );
    let field = |label: &str| {
        detail
            .fields
            .iter()
            .find(|field| field.label == label)
            .map(|field| field.value.as_str())
    };
    assert_eq!(field("Related users"), Some("alice, dms_demo"));
    assert_eq!(field("Approval"), Some("AUDITING"));
    assert_eq!(field("Approval title"), None, "same as the comment");
    assert_eq!(field("Attachment"), Some("order/3250012/export.csv"));

    let states: Vec<StepState> = detail.steps.iter().map(|step| step.state).collect();
    assert_eq!(
        states,
        [StepState::Done, StepState::Done, StepState::Current]
    );
    assert_eq!(detail.steps[2].handlers, ["dba.li", "dms_demo"]);
    assert_eq!(detail.steps[0].handlers, ["alice"]);
    // 20003 is named nowhere: the id stands in.
    assert_eq!(detail.steps[1].handlers, ["20003"]);

    let timeline: Vec<(&str, &str, &str)> = detail
        .timeline
        .iter()
        .map(|entry| (entry.at.as_str(), entry.who.as_str(), entry.what.as_str()))
        .collect();
    assert_eq!(
        timeline,
        [
            ("2026-03-02 09:15:00", "alice", "Submit: submitted"),
            ("2026-03-02 10:40:12", "20003", "Database owner: approved"),
        ]
    );
    assert_eq!(detail.timeline[0].comment.as_deref(), Some("please export"));
    assert_eq!(detail.timeline[1].comment, None);
    assert_eq!(detail.allowed, [Decision::Approve, Decision::Reject]);

    // A rejected workflow: the last node acted on is the rejection; nothing is current.
    let mut rejected = approval();
    rejected.workflow_ins_code = "REJECT".into();
    rejected.workflow_nodes.workflow_node[2].operator_id = Some(20005);
    rejected.workflow_nodes.workflow_node[2].operate_time = Some("2026-03-03 08:00:00".into());
    rejected.workflow_nodes.workflow_node[2].operate_comment = Some("too wide".into());
    let detail = dms::ticket_detail(&base(), Some(&rejected), Some("dms_demo"));
    assert_eq!(detail.timeline[2].what, "DBA: rejected");
    assert_eq!(detail.timeline[2].who, "dba.li");
    assert!(detail
        .steps
        .iter()
        .all(|step| step.state == StepState::Done));
    assert!(detail.allowed.is_empty());

    // An order not yet submitted has no workflow: no steps, no timeline.
    let detail = dms::ticket_detail(&base(), None, None);
    assert!(detail.steps.is_empty() && detail.timeline.is_empty());
}

//! ZStack deciding: QueryTicket one, QueryTicketHistory, QueryTicketFlow, ChangeTicketStatus;
//! golden fixtures from the shapes VENDORS.md documents, the detail mapping and the rules for
//! which decisions a user may take.

mod common;

use common::paths;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use vendors::decide::{Decision, DecisionRequest, StepState, COMMENT_PATH};
use vendors::zstack::{
    self, ChangeTicketStatusBody, FlowInventories, HistoryInventories, Reply, StatusEvent,
    TicketInventories,
};
use vendors::Method;

const TICKET: &str = "3f2c1a9b8e7d4c6fa1b2c3d4e5f60718";
const REQUESTER: &str = "1c255722caf34cb888b57d11a744248c";
const LEAD: &str = "5d6e7f8091a2b3c4d5e6f708192a3b4c";
const OPS: &str = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
const SESSION: &str = "b86c9016b4f24953a9edefb53ca0678c";

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{path}: {error}"))
}

fn round_trip<T: DeserializeOwned + Serialize>(name: &str) -> (Value, Value, T) {
    let text = fixture(name);
    let original: Value = serde_json::from_str(&text).expect("fixtures are JSON");
    let typed: T = serde_json::from_str(&text)
        .unwrap_or_else(|error| panic!("{name} does not parse: {error}"));
    let back = serde_json::to_value(&typed).expect("serializes");
    (original, back, typed)
}

fn ticket_answer() -> TicketInventories {
    zstack::decode_query_tickets(200, &fixture("zstack_query_ticket_one.json")).unwrap()
}

fn history() -> HistoryInventories {
    zstack::decode_ticket_history(200, &fixture("zstack_query_ticket_history.json")).unwrap()
}

fn flows() -> FlowInventories {
    zstack::decode_ticket_flows(200, &fixture("zstack_query_ticket_flow.json")).unwrap()
}

#[test]
fn change_ticket_status_body_round_trips() {
    let (original, back, body) =
        round_trip::<ChangeTicketStatusBody>("zstack_change_ticket_status_request.json");
    assert_eq!(back, original);
    assert_eq!(body.change_ticket_status.status_event, StatusEvent::Approve);
}

#[test]
fn history_and_flow_answers_round_trip() {
    let (original, back, history) =
        round_trip::<HistoryInventories>("zstack_query_ticket_history.json");
    assert_eq!(back, original);
    assert_eq!(history.inventories[0].sequence, Some(2));
    assert_eq!(
        history.inventories[0].operation_context,
        Some(json!({"statusEvent": "approve"}))
    );
    let (original, back, flows) = round_trip::<FlowInventories>("zstack_query_ticket_flow.json");
    assert_eq!(back, original);
    assert_eq!(flows.inventories[1].approver(), Some(LEAD));
}

/// The query metadata names the field `request`; it reads into `requests` and goes back out
/// under the name the create call uses, the document otherwise unchanged.
#[test]
fn a_ticket_with_request_reads_like_one_with_requests() {
    let (mut original, back, answer) =
        round_trip::<TicketInventories>("zstack_query_ticket_one.json");
    let ticket = &mut original["inventories"][0];
    let requests = ticket.as_object_mut().unwrap().remove("request").unwrap();
    ticket["requests"] = requests;
    assert_eq!(back, original);
    let ticket = &answer.inventories[0];
    assert_eq!(
        ticket.requests.as_ref().unwrap()[0].request_name,
        "create vm"
    );
    assert_eq!(
        ticket.ticket_type_uuid.as_deref(),
        Some("9b1f0c2d3e4f5a6b7c8d9e0f1a2b3c4d")
    );
}

#[test]
fn a_flow_context_given_as_json_text_still_names_the_approver() {
    let flows = zstack::decode_ticket_flows(
        200,
        &json!({"inventories": [{"uuid": "x", "name": "n", "flowContext": format!("{{\"approverUuid\":\"{OPS}\"}}")},
            {"uuid": "y", "name": "m", "flowContext": "not json"}]})
        .to_string(),
    )
    .unwrap();
    assert_eq!(flows.inventories[0].approver(), Some(OPS));
    assert_eq!(flows.inventories[1].approver(), None);
}

#[test]
fn decisions_become_change_ticket_status_calls() {
    let cases = [
        (Decision::Approve, "", json!({"statusEvent": "approve"})),
        (
            Decision::Reject,
            "  wrong zone  ",
            json!({"statusEvent": "reject", "comment": "wrong zone"}),
        ),
        (Decision::Withdraw, "", json!({"statusEvent": "cancel"})),
        (
            Decision::Reopen,
            "again",
            json!({"statusEvent": "reopen", "comment": "again"}),
        ),
    ];
    for (decision, comment, expected) in cases {
        let call = zstack::decision_call(
            TICKET,
            &DecisionRequest::new(decision, comment),
            Some(SESSION),
        )
        .unwrap();
        assert_eq!(call.method, Method::Put);
        assert_eq!(call.path, format!("/zstack/v1/tickets/{TICKET}/actions"));
        assert_eq!(
            call.header("Authorization"),
            Some(format!("OAuth {SESSION}").as_str())
        );
        assert_eq!(call.body.unwrap(), json!({"changeTicketStatus": expected}));
    }
}

#[test]
fn a_bad_decision_names_its_fields_and_builds_nothing() {
    let problems = zstack::decision_call(
        "not-a-uuid",
        &DecisionRequest::new(Decision::Reject, " "),
        None,
    )
    .unwrap_err();
    assert_eq!(paths(&problems), ["uuid", COMMENT_PATH]);
}

#[test]
fn change_ticket_status_answers_now_or_with_a_job() {
    let done = zstack::decode_change_ticket_status(
        200,
        r#"{"inventory": {"uuid": "u", "status": "Rejected"}}"#,
    )
    .unwrap();
    let Reply::Done(changed) = done else {
        panic!("{done:?}")
    };
    assert_eq!(changed.inventory.unwrap().status, "Rejected");
    let job = "http://zs:8080/zstack/v1/api-jobs/0123456789abcdef0123456789abcdef";
    assert_eq!(
        zstack::decode_change_ticket_status(202, &json!({"location": job}).to_string()).unwrap(),
        Reply::Pending {
            job_path: "/zstack/v1/api-jobs/0123456789abcdef0123456789abcdef".into()
        }
    );
    let refused = zstack::decode_change_ticket_status(
        403,
        r#"{"error": {"code": "ID.1002", "description": "permission denied", "details": "not your flow"}}"#,
    )
    .unwrap_err();
    assert_eq!(refused.code, "ID.1002");
    assert!(refused.to_string().contains("not your flow"), "{refused}");
}

#[test]
fn queries_for_history_flows_and_the_waiting_list() {
    let call = zstack::ticket_history_call(TICKET, Some(SESSION));
    assert_eq!(call.path, "/zstack/v1/tickets/histories");
    assert_eq!(
        call.query,
        [("q".to_string(), format!("ticketUuid={TICKET}"))]
    );
    let call = zstack::collection_flows_call("f0e1", None);
    assert_eq!(
        (call.path.as_str(), call.query[0].1.as_str()),
        ("/zstack/v1/tickets/flow", "collectionUuid=f0e1")
    );
    let call = zstack::approver_flows_call(LEAD, None);
    assert_eq!(call.query[0].1, format!("flowContext~=%{LEAD}%"));
    assert_eq!(
        zstack::flow_call(OPS, None).path,
        format!("/zstack/v1/tickets/flow/{OPS}")
    );

    assert_eq!(
        zstack::approver_flow_uuids(&flows(), LEAD),
        ["a1b2c3d4e5f60718293a4b5c6d7e8f90"]
    );
    assert!(zstack::waiting_conditions(&[]).is_none());
    let q: Vec<String> = zstack::waiting_conditions(&["a".into(), "b".into()])
        .unwrap()
        .iter()
        .map(zstack::Condition::to_q)
        .collect();
    assert_eq!(
        q,
        [
            "currentFlowUuid?=a,b",
            "status?=Pending,IntermediateApproved"
        ]
    );
}

#[test]
fn the_detail_shows_requests_steps_and_history_oldest_first() {
    let ticket = &ticket_answer().inventories[0];
    let detail = zstack::ticket_detail(ticket, &history(), &flows(), Some(OPS));
    assert_eq!(detail.summary.id, TICKET);
    assert_eq!(detail.summary.status, "IntermediateApproved");
    let request = detail.fields.iter().find(|f| f.code).unwrap();
    assert!(request.label.contains("create vm"), "{}", request.label);
    // A request run more than once says how often, as a whole number.
    let mut twice = ticket.clone();
    twice.requests.as_mut().unwrap()[0].execute_times = 2.0;
    let detail_twice = zstack::ticket_detail(&twice, &history(), &flows(), Some(OPS));
    let label = &detail_twice.fields.iter().find(|f| f.code).unwrap().label;
    assert!(label.ends_with(", 2 times)"), "{label}");
    assert!(request.value.contains("\"instanceOfferingUuid\""));
    let current = detail
        .fields
        .iter()
        .find(|f| f.label == "Current step")
        .unwrap();
    assert_eq!(current.value, "Operations approval");

    let steps: Vec<_> = detail
        .steps
        .iter()
        .map(|s| (s.name.as_str(), s.state, s.handlers.clone()))
        .collect();
    assert_eq!(
        steps,
        [
            (
                "Team lead approval",
                StepState::Done,
                vec![LEAD.to_string()]
            ),
            (
                "Operations approval",
                StepState::Current,
                vec![format!("{OPS} (you)")]
            ),
        ]
    );
    let timeline: Vec<_> = detail.timeline.iter().map(|t| t.what.as_str()).collect();
    assert_eq!(
        timeline,
        [
            "submitted → Pending",
            "Pending → IntermediateApproved (Team lead approval)"
        ]
    );
    assert_eq!(detail.timeline[1].comment.as_deref(), Some("looks fine"));
    assert_eq!(detail.timeline[1].who, LEAD);
    assert_eq!(detail.timeline[0].at, "Nov 3, 2026 10:22:11 AM");
}

#[test]
fn who_may_decide_what() {
    let answer = ticket_answer();
    let mut ticket = answer.inventories[0].clone();
    let flows = flows();
    let allowed = |ticket: &zstack::Ticket, user: Option<&str>| {
        zstack::allowed_decisions(ticket, &flows, user)
    };
    // The current flow's approver, and no one else, approves and rejects.
    assert_eq!(
        allowed(&ticket, Some(OPS)),
        [Decision::Approve, Decision::Reject]
    );
    assert_eq!(
        allowed(&ticket, Some(&OPS.to_uppercase())),
        [Decision::Approve, Decision::Reject]
    );
    assert!(
        allowed(&ticket, Some(LEAD)).is_empty(),
        "the lead's step is done"
    );
    assert!(allowed(&ticket, None).is_empty());
    // The requester withdraws an open ticket.
    assert_eq!(allowed(&ticket, Some(REQUESTER)), [Decision::Withdraw]);
    for (status, expected) in [
        ("Rejected", vec![Decision::Reopen]),
        ("Cancelled", vec![Decision::Reopen]),
        ("FinalApproved", vec![]),
        ("Expired", vec![]),
    ] {
        ticket.status = status.into();
        assert_eq!(allowed(&ticket, Some(REQUESTER)), expected, "{status}");
        assert!(allowed(&ticket, Some(OPS)).is_empty(), "{status}");
    }
}

#[test]
fn steps_without_a_current_flow_follow_the_status_and_history() {
    let mut ticket = ticket_answer().inventories[0].clone();
    ticket.current_flow_uuid = None;
    ticket.status = "Rejected".into();
    let detail = zstack::ticket_detail(&ticket, &history(), &flows(), None);
    let states: Vec<_> = detail.steps.iter().map(|s| s.state).collect();
    assert_eq!(states, [StepState::Done, StepState::Waiting]);
    ticket.status = "FinalApproved".into();
    let detail = zstack::ticket_detail(&ticket, &history(), &flows(), None);
    assert!(detail.steps.iter().all(|s| s.state == StepState::Done));
}

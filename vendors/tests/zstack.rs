//! ZStack: calls with sessions, 200/202 replies and job polling, queries, login, forms.

mod common;

use common::{paths, values};

use serde_json::json;
use vendors::zstack::{
    self, Condition, CreateTicket, CreateTicketParams, QueryOp, Reply, SortDirection,
    TicketCreated, TicketQuery, TicketRequest,
};
use vendors::{FieldKind, Method, VendorError};

const PROJECT: &str = "28c9a199e3e842d28c9805eb89be56cb";
const VIRTUAL_ID: &str = "1c255722caf34cb888b57d11a744248c";

fn ticket() -> CreateTicket {
    CreateTicket {
        params: CreateTicketParams {
            name: "new vm".into(),
            requests: vec![TicketRequest {
                request_name: "create vm".into(),
                api_name: "org.zstack.header.vm.APICreateVmInstanceMsg".into(),
                execute_times: 1.0,
                api_body: json!({"name": "vm1"}),
            }],
            ..Default::default()
        },
        ..Default::default()
    }
}

#[test]
fn create_ticket_call_adds_the_session_only_when_given() {
    let call = zstack::create_ticket_call(&ticket(), Some("b86c9016b4f24953a9edefb53ca0678c"));
    assert_eq!(
        (call.method, call.path.as_str()),
        (Method::Post, "/zstack/v1/tickets")
    );
    assert_eq!(
        call.header("Authorization"),
        Some("OAuth b86c9016b4f24953a9edefb53ca0678c")
    );
    assert_eq!(
        call.body.as_ref().unwrap()["params"]["requests"][0]["executeTimes"],
        json!(1.0)
    );
    let anonymous = zstack::create_ticket_call(&ticket(), None);
    assert!(anonymous.headers.is_empty(), "the gateway adds the session");
    assert!(zstack::create_ticket_call(&ticket(), Some(" "))
        .headers
        .is_empty());
}

#[test]
fn reply_200_is_done_with_or_without_inventory() {
    assert_eq!(
        zstack::decode_create_ticket(200, "{}").unwrap(),
        Reply::Done(TicketCreated::default())
    );
    let body =
        json!({"inventory": {"uuid": "u1", "name": "n", "status": "Pending", "newField": true}});
    match zstack::decode_create_ticket(200, &body.to_string()).unwrap() {
        Reply::Done(created) => assert_eq!(created.inventory.unwrap().status, "Pending"),
        other => panic!("expected Done, got {other:?}"),
    }
}

#[test]
fn reply_202_becomes_a_pending_job_path_on_the_proxy() {
    let body = r#"{"location": "http://zstack.local:8080/zstack/v1/api-jobs/3a8c5e7e9e2e4e3f9d1b0c2a4f6e8d0b"}"#;
    let reply = zstack::decode_create_ticket(202, body).unwrap();
    let expected = "/zstack/v1/api-jobs/3a8c5e7e9e2e4e3f9d1b0c2a4f6e8d0b";
    assert_eq!(
        reply,
        Reply::Pending {
            job_path: expected.into()
        }
    );
    let bad =
        zstack::decode_create_ticket(202, r#"{"location": "http://evil/../../etc"}"#).unwrap_err();
    assert_eq!(bad.code, "BAD_RESPONSE");
    assert_eq!(
        zstack::job_path_from_location("https://h/zstack/v1/api-jobs/../x"),
        None
    );
}

#[test]
fn polling_a_job() {
    let path = "/zstack/v1/api-jobs/3a8c5e7e9e2e4e3f9d1b0c2a4f6e8d0b";
    let call = zstack::poll_job_call(path, Some("s1"));
    assert_eq!((call.method, call.path.as_str()), (Method::Get, path));
    assert_eq!(call.header("authorization"), Some("OAuth s1"));
    let still = zstack::decode_poll_job::<TicketCreated>(path, 202, "{}").unwrap();
    assert_eq!(
        still,
        Reply::Pending {
            job_path: path.into()
        }
    );
    let done =
        zstack::decode_poll_job::<TicketCreated>(path, 200, r#"{"inventory": {"uuid": "t1"}}"#)
            .unwrap();
    assert!(
        matches!(done, Reply::Done(TicketCreated { inventory: Some(ref t) }) if t.uuid == "t1")
    );
    let failed = zstack::decode_poll_job::<TicketCreated>(
        path,
        503,
        r#"{"error": {"code": "SYS.1006", "description": "operation failed", "details": "no host"}}"#,
    )
    .unwrap_err();
    assert_eq!(
        (
            failed.status,
            failed.code.as_str(),
            failed.details.as_deref()
        ),
        (503, "SYS.1006", Some("no host"))
    );
    let not_found = zstack::decode_poll_job::<TicketCreated>(path, 404, "not found").unwrap_err();
    assert_eq!(not_found.code, "HTTP 404");
}

#[test]
fn session_errors_are_recognized() {
    let expired = zstack::decode_create_ticket(
        400,
        r#"{"error": {"code": "ID.1001", "description": "Session expired"}}"#,
    )
    .unwrap_err();
    assert!(zstack::is_session_error(&expired));
    assert!(zstack::is_session_error(&VendorError::new(
        401,
        "HTTP 401",
        "unauthorized"
    )));
    assert!(!zstack::is_session_error(&VendorError::new(
        503, "SYS.1001", "timeout"
    )));
}

#[test]
fn query_call_encodes_conditions_and_paging() {
    let query = TicketQuery {
        conditions: vec![
            Condition::new("status", QueryOp::Eq, "Pending"),
            Condition::new("name", QueryOp::Like, "%vm%"),
            Condition::new("createDate", QueryOp::Ge, "2024-01-01"),
        ],
        limit: Some(50),
        start: Some(100),
        reply_with_count: true,
        sort_by: Some("createDate".into()),
        sort_direction: Some(SortDirection::Desc),
        ..Default::default()
    };
    let call = zstack::query_tickets_call(&query, Some("s"));
    assert_eq!(
        (call.method, call.path.as_str()),
        (Method::Get, "/zstack/v1/tickets")
    );
    assert_eq!(
        call.url(""),
        "/zstack/v1/tickets?q=status%3DPending&q=name~%3D%25vm%25&q=createDate%3E%3D2024-01-01&limit=50&start=100&replyWithCount=true&sortBy=createDate&sortDirection=desc"
    );
    assert_eq!(TicketQuery::from_query(&call.query).unwrap(), query);
}

#[test]
fn conditions_parse_every_operator() {
    for op in [
        QueryOp::Eq,
        QueryOp::NotEq,
        QueryOp::Gt,
        QueryOp::Lt,
        QueryOp::Ge,
        QueryOp::Le,
        QueryOp::In,
        QueryOp::NotIn,
        QueryOp::Like,
        QueryOp::NotLike,
    ] {
        let condition = Condition::new("uuid", op, "a,b=c");
        assert_eq!(Condition::parse(&condition.to_q()), Ok(condition));
    }
    assert!(Condition::parse("novalue").is_err());
    assert!(Condition::parse("=x").is_err());
}

#[test]
fn query_validation_and_parse_problems() {
    let pairs: Vec<(String, String)> = [
        ("q", "broken"),
        ("limit", "0"),
        ("start", "-1"),
        ("sortDirection", "up"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let problems = TicketQuery::from_query(&pairs).unwrap_err();
    assert_eq!(
        paths(&problems),
        ["q[0]", "start", "sortDirection", "limit"]
    );
    let single = TicketQuery {
        uuid: Some("bad".into()),
        ..Default::default()
    };
    assert_eq!(single.path(), "/zstack/v1/tickets/bad");
    assert_eq!(paths(&single.validate().unwrap_err()), ["uuid"]);
    assert!(TicketQuery {
        limit: Some(10_000),
        ..Default::default()
    }
    .validate()
    .is_ok());
}

#[test]
fn query_decoding_maps_rows_and_pages() {
    let body = json!({"inventories": [{"uuid": "t1", "name": "vm please", "status": "FinalApprovedSomehow",
        "requests": [{"requestName": "r", "apiName": "a", "executeTimes": 2, "apiBody": {}}, {"requestName": "s"}],
        "accountSystemContext": {"virtualIDUuid": VIRTUAL_ID}, "createDate": "Jan 1, 2024 10:00:00 AM",
        "lastOpDate": "Jan 2, 2024 10:00:00 AM", "somethingNew": 1}], "total": "41"});
    let found = zstack::decode_query_tickets(200, &body.to_string()).unwrap();
    let row = zstack::ticket_summary(found.inventories[0].clone());
    assert_eq!(
        (
            row.title.as_str(),
            row.status.as_str(),
            row.creator.as_str()
        ),
        ("vm please", "FinalApprovedSomehow", VIRTUAL_ID)
    );
    assert_eq!(row.service.as_deref(), Some("2 requests"));
    let page = zstack::page_from(
        &TicketQuery {
            limit: Some(20),
            start: Some(40),
            ..Default::default()
        },
        found,
    );
    assert_eq!(
        (page.page, page.page_size, page.total, page.total_pages()),
        (3, 20, 41, 3)
    );
}

#[test]
fn login_calls_send_sha512_passwords_and_decode_the_session() {
    assert_eq!(
        zstack::hash_password("password"),
        "b109f3bbbc244eb82441917ed06d618b9008dd09b3befd1b5e07394c706a8bb980b1d7785e5976ec049b46df5f1326af5a2ea6d103fd07c95385ffab0cacbc86"
    );
    let account = zstack::login_by_account_call("admin", "password");
    assert_eq!(
        (account.method, account.path.as_str()),
        (Method::Put, "/zstack/v1/accounts/login")
    );
    assert_eq!(
        account.body.unwrap(),
        json!({"logInByAccount": {"accountName": "admin", "password": zstack::hash_password("password")}})
    );
    let virtual_id = zstack::login_virtual_id_call("alice", "pw");
    assert_eq!(virtual_id.path, "/zstack/v1/iam2/virtual-ids/login");
    assert_eq!(
        virtual_id.body.unwrap()["loginIAM2VirtualID"]["name"],
        json!("alice")
    );
    let session = zstack::decode_login(
        200,
        r#"{"inventory": {"uuid": "s1", "expiredDate": "Jan 1, 2030"}}"#,
    )
    .unwrap();
    assert_eq!(
        (session.uuid.as_str(), session.expired_date.as_deref()),
        ("s1", Some("Jan 1, 2030"))
    );
    let refused = zstack::decode_login(
        400,
        r#"{"error": {"code": "ID.1000", "description": "wrong password"}}"#,
    )
    .unwrap_err();
    assert_eq!(refused.message, "wrong password");
    assert_eq!(
        zstack::decode_login(200, "{}").unwrap_err().code,
        "BAD_RESPONSE"
    );
}

#[test]
fn validation_reports_every_problem() {
    let mut bad = ticket();
    bad.params.name = " ".into();
    bad.params.requests.push(TicketRequest {
        execute_times: 0.5,
        api_body: json!("x"),
        ..Default::default()
    });
    bad.params.resource_uuid = Some("not-a-uuid".into());
    bad.params.account_system_context = Some(zstack::AccountSystemContext {
        project_uuid: Some("123".into()),
        virtual_id_uuid: None,
    });
    bad.user_tags = Some(vec!["".into()]);
    let problems = bad.validate().unwrap_err();
    assert_eq!(
        paths(&problems),
        [
            "params.name",
            "params.requests[1].requestName",
            "params.requests[1].apiName",
            "params.requests[1].executeTimes",
            "params.requests[1].apiBody",
            "params.resourceUuid",
            "params.accountSystemContext.projectUuid",
            "userTags[0]",
        ]
    );
    let mut empty = ticket();
    empty.params.requests.clear();
    assert_eq!(paths(&empty.validate().unwrap_err()), ["params.requests"]);
    assert!(ticket().validate().is_ok());
}

#[test]
fn create_form_describes_rows_and_suggestions() {
    let form = zstack::create_form();
    let requests = form
        .iter()
        .find(|spec| spec.path == "params.requests")
        .unwrap();
    let FieldKind::Repeated { fields, min } = &requests.kind else {
        panic!("requests are rows")
    };
    assert_eq!(*min, 1);
    let api_name = fields.iter().find(|spec| spec.path == "apiName").unwrap();
    assert!(
        matches!(&api_name.kind, FieldKind::Suggest(names) if names.contains(&"org.zstack.header.vm.APIStartVmInstanceMsg".to_string()))
    );
    let times = fields
        .iter()
        .find(|spec| spec.path == "executeTimes")
        .unwrap();
    assert_eq!(times.default.as_deref(), Some("1"));
    let account = form
        .iter()
        .find(|spec| spec.path == "params.accountSystemType")
        .unwrap();
    assert_eq!(account.default.as_deref(), Some("iam2"));
}

#[test]
fn create_from_form_builds_the_document_body() {
    let request = zstack::create_from_form(&values(&[
        ("params.name", "this is a new ticket"),
        ("params.requests[0].requestName", "create vm"),
        (
            "params.requests[0].apiName",
            "org.zstack.header.vm.APICreateVmInstanceMsg",
        ),
        (
            "params.requests[0].apiBody",
            r#"{"name": "vm name", "timeout": -1.0}"#,
        ),
        ("params.accountSystemContext.projectUuid", PROJECT),
        ("params.accountSystemContext.virtualIDUuid", VIRTUAL_ID),
        ("systemTags", "a, b"),
    ]))
    .unwrap();
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({"params": {"name": "this is a new ticket", "requests": [{"requestName": "create vm",
            "apiName": "org.zstack.header.vm.APICreateVmInstanceMsg", "executeTimes": 1.0,
            "apiBody": {"name": "vm name", "timeout": -1.0}}], "accountSystemType": "iam2",
            "accountSystemContext": {"projectUuid": PROJECT, "virtualIDUuid": VIRTUAL_ID}},
            "systemTags": ["a", "b"]})
    );
}

#[test]
fn create_from_form_reports_problems_by_input_name() {
    let problems = zstack::create_from_form(&values(&[
        ("params.requests[0].requestName", "r"),
        ("params.requests[0].apiName", "a"),
        ("params.requests[0].executeTimes", "0"),
        ("params.requests[0].apiBody", "{\"a\": 1,}"),
        ("params.requests[1].requestName", ""),
        ("params.resourceUuid", "xyz"),
    ]))
    .unwrap_err();
    assert_eq!(
        paths(&problems),
        [
            "params.name",
            "params.requests[0].executeTimes",
            "params.requests[0].apiBody",
            "params.requests[1].requestName",
            "params.requests[1].apiName",
            "params.resourceUuid",
        ]
    );
    assert!(
        problems[2].message.contains("line 1, column 9"),
        "{}",
        problems[2].message
    );
    // Without rows the form starts one blank request (its minimum), so that row's required
    // fields are what gets reported; its defaults (executeTimes 1, apiBody {}) pass.
    let none = zstack::create_from_form(&values(&[("params.name", "n")])).unwrap_err();
    assert_eq!(
        paths(&none),
        [
            "params.requests[0].requestName",
            "params.requests[0].apiName"
        ]
    );
}

#[test]
fn logout_deletes_the_session_and_tolerates_an_expired_one() {
    let call = zstack::logout_call("b86c9016b4f24953a9edefb53ca0678c");
    assert_eq!(call.method, vendors::Method::Delete);
    assert_eq!(
        call.path,
        "/zstack/v1/accounts/sessions/b86c9016b4f24953a9edefb53ca0678c"
    );
    assert_eq!(
        call.header("Authorization"),
        Some("OAuth b86c9016b4f24953a9edefb53ca0678c")
    );
    assert!(zstack::decode_logout(200, "{}").is_ok());
    let expired = r#"{"error":{"code":"ID.1001","description":"invalid session"}}"#;
    assert!(zstack::decode_logout(401, expired).is_ok());
    let broken = r#"{"error":{"code":"SYS.1000","description":"internal error"}}"#;
    assert_eq!(
        zstack::decode_logout(500, broken).unwrap_err().code,
        "SYS.1000"
    );
}

#[test]
fn job_paths_live_under_the_api_jobs_path() {
    let path = zstack::job_path_from_location(
        "http://zs:8080/zstack/v1/api-jobs/b86c9016b4f24953a9edefb53ca0678c",
    )
    .unwrap();
    assert_eq!(
        path,
        format!("{}/b86c9016b4f24953a9edefb53ca0678c", zstack::API_JOBS_PATH)
    );
}

#[test]
fn a_count_reads_the_total_of_a_successful_answer_only() {
    let body = json!({"inventories": [{"uuid": "t1", "name": "n"}], "total": "41"}).to_string();
    let full = zstack::decode_query_tickets(200, &body).unwrap();
    assert_eq!(zstack::decode_ticket_count(200, &body), full.total);
    assert_eq!(full.total, Some(41));
    // No total: the rows shown, as the list's page counts them.
    assert_eq!(
        zstack::decode_ticket_count(200, r#"{"inventories": [{"uuid": "t1"}]}"#),
        Some(1)
    );
    for (status, failed) in [
        (
            202,
            r#"{"location": "http://z/zstack/v1/api-jobs/j1", "total": 3}"#,
        ),
        (
            401,
            r#"{"error": {"code": "ID.1001", "description": "bad session"}, "total": 3}"#,
        ),
    ] {
        assert_eq!(
            zstack::decode_ticket_count(status, failed),
            None,
            "{failed}"
        );
    }
}

//! BlueKing ITSM: call building, decoding, validation, forms, list mapping.

mod common;

use common::{paths, values};

use serde_json::json;
use vendors::itsm::{self, CreateTicket, GetTickets, ServiceDetail, TicketField, TicketMeta};
use vendors::{FieldKind, Kind, Method, Problem};

fn good_ticket() -> CreateTicket {
    CreateTicket {
        creator: "admin".into(),
        fields: vec![
            TicketField::new("title", "Disk full"),
            TicketField::new("APPROVER", "a,b"),
        ],
        ..Default::default()
    }
}

#[test]
fn create_ticket_call_posts_the_document_body() {
    let call = itsm::create_ticket_call(&good_ticket());
    assert_eq!(call.method, Method::Post);
    assert_eq!(call.path, "/api/c/compapi/v2/itsm/create_ticket/");
    assert!(call.query.is_empty());
    assert_eq!(
        call.body,
        Some(json!({"creator": "admin", "fields": [
            {"key": "title", "value": "Disk full"}, {"key": "APPROVER", "value": "a,b"}]}))
    );
}

#[test]
fn get_tickets_call_sends_filters_under_their_wire_names() {
    let request = GetTickets {
        created_from: Some("2024-01-01 00:00:00".into()),
        page: Some(2),
        page_size: Some(50),
        statuses: Some(vec!["RUNNING".into()]),
        service_ids: Some(vec![3, 4]),
        ..Default::default()
    };
    let call = itsm::get_tickets_call(&request);
    assert_eq!(call.path, "/api/c/compapi/v2/itsm/get_tickets/");
    assert_eq!(
        call.body,
        Some(
            json!({"create_at__gte": "2024-01-01 00:00:00", "page": 2, "page_size": 50,
            "current_status__in": ["RUNNING"], "service_id__in": [3, 4]})
        )
    );
}

#[test]
fn service_calls_are_gets_with_query() {
    let all = itsm::get_services_call(&Default::default());
    assert_eq!(
        (all.method, all.path.as_str()),
        (Method::Get, "/api/c/compapi/v2/itsm/get_services/")
    );
    assert!(all.query.is_empty() && all.body.is_none());
    let catalog = itsm::get_services_call(&itsm::GetServices {
        catalog_id: Some(7),
    });
    assert_eq!(
        catalog.query,
        vec![("catalog_id".to_string(), "7".to_string())]
    );
    let detail = itsm::get_service_detail_call(17);
    assert_eq!(
        detail.url("/proxy/itsm"),
        "/proxy/itsm/api/c/compapi/v2/itsm/get_service_detail/?service_id=17"
    );
}

#[test]
fn decoding_success_unwraps_data() {
    let body = r#"{"result": true, "code": 0, "message": "success",
        "data": {"sn": "NO1", "id": "5", "ticket_url": "http://x/1", "extra": 1}}"#;
    let created = itsm::decode_create_ticket(200, body).unwrap();
    assert_eq!(
        (created.sn.as_str(), created.id),
        ("NO1", 5),
        "numbers as strings are accepted"
    );
}

#[test]
fn decoding_a_vendor_error_keeps_code_message_and_request_id() {
    let body = r#"{"result": false, "code": 3900001, "message": "服务不存在", "data": null,
        "request_id": "req-9"}"#;
    let error = itsm::decode_create_ticket(200, body).unwrap_err();
    assert_eq!(error.code, "3900001");
    assert_eq!(error.message, "服务不存在");
    assert_eq!(error.request_id.as_deref(), Some("req-9"));
    assert_eq!(
        error.said_by(Kind::Itsm.short_label()),
        "ITSM said: 服务不存在 (code 3900001, request id req-9)"
    );
    // result true but a non-zero code is a failure too.
    let odd = itsm::decode_get_tickets(200, r#"{"result": true, "code": 5, "message": "odd"}"#)
        .unwrap_err();
    assert_eq!(odd.code, "5");
}

#[test]
fn decoding_non_json_and_gateway_errors() {
    let proxy = itsm::decode_get_tickets(502, "<html><body>Bad Gateway</body></html>").unwrap_err();
    assert_eq!(proxy.status, 502);
    assert_eq!(proxy.code, "HTTP 502");
    assert!(
        proxy.message.starts_with("the proxy answered 502: <html>"),
        "{}",
        proxy.message
    );
    let gateway = itsm::decode_get_tickets(
        403,
        r#"{"error": {"code": "PATH_NOT_ALLOWED", "message": "not allowed"}}"#,
    )
    .unwrap_err();
    assert_eq!(
        (gateway.code.as_str(), gateway.message.as_str()),
        ("PATH_NOT_ALLOWED", "not allowed")
    );
    let not_envelope = itsm::decode_get_tickets(200, r#"{"hello": 1}"#).unwrap_err();
    assert_eq!(not_envelope.code, "BAD_RESPONSE");
}

#[test]
fn decoding_tickets_keeps_unknown_statuses_and_tolerates_loose_fields() {
    let body = json!({"result": true, "code": "0", "message": "", "data": {
        "page": "1", "total_page": 3, "count": 21, "next": "http://x?page=2", "previous": null,
        "items": [{"id": 9, "sn": "NO9", "title": "t", "current_status": "WAITING_FOR_GODOT",
            "current_steps": [{"name": "Approve", "id": 3}], "is_biz_need": true,
            "service_id": "4", "bk_biz_id": null, "creator": "me", "create_at": "2024-01-01 00:00:00",
            "update_at": "2024-01-02 00:00:00", "ticket_url": "https://itsm/#/ticket/9", "new_field": [1]}]}});
    let list = itsm::decode_get_tickets(200, &body.to_string()).unwrap();
    let item = &list.items[0];
    assert_eq!(item.current_status, "WAITING_FOR_GODOT");
    assert_eq!(item.current_step_names(), ["Approve"]);
    let row = itsm::ticket_summary(item.clone());
    assert_eq!(row.status, "WAITING_FOR_GODOT");
    assert_eq!(
        vendors::status_tone(row.kind, &row.status),
        vendors::Tone::Unknown
    );
    assert_eq!(row.link.as_deref(), Some("https://itsm/#/ticket/9"));
    assert_eq!(row.service.as_deref(), Some("service 4"));
    let request = GetTickets {
        page_size: Some(10),
        ..Default::default()
    };
    let page = itsm::page_from(&request, list.clone(), &Default::default());
    assert_eq!(
        (page.page, page.page_size, page.total, page.total_pages()),
        (1, 10, 21, 3)
    );
    // With get_services' names the column says what the service is; unknown ids keep "service N".
    let services = [itsm::ServiceInfo {
        id: 4,
        name: "Database access".into(),
        ..Default::default()
    }];
    let named = itsm::page_from(&request, list, &itsm::service_names(&services));
    assert_eq!(named.items[0].service.as_deref(), Some("Database access"));
    assert_eq!(page.items[0].service.as_deref(), Some("service 4"));
}

#[test]
fn decoding_services_and_service_detail() {
    let services = itsm::decode_get_services(
        200,
        r#"{"result": true, "code": 0, "message": "",
        "data": [{"id": 1, "name": "Access", "desc": "", "service_type": "request"}]}"#,
    )
    .unwrap();
    assert_eq!(services[0].name, "Access");
    let detail = itsm::decode_get_service_detail(200, &detail_body().to_string()).unwrap();
    assert_eq!(detail.fields.len(), 4);
    assert_eq!(detail.fields[2].choice[1].key, "high");
    assert!(detail.fields[0].is_required());
}

fn detail_body() -> serde_json::Value {
    json!({"result": true, "code": 0, "message": "", "data": {"id": 17, "name": "Access", "desc": "",
    "fields": [
        {"key": "title", "name": "Title", "type": "STRING", "validate_type": "REQUIRE", "regex": "EMPTY", "choice": []},
        {"key": "count", "name": "Count", "type": "INT", "validate_type": "OPTION", "regex": "^[0-9]{1,3}$", "default": 1},
        {"key": "level", "name": "Level", "type": "SELECT", "validate_type": "REQUIRE",
         "choice": [{"key": "low", "name": "Low"}, {"key": "high", "name": "High"}]},
        {"key": "APPROVER", "name": "Approvers", "type": "MEMBERS", "validate_type": "REQUIRE", "choice": null}
    ]}})
}

fn detail() -> ServiceDetail {
    itsm::decode_get_service_detail(200, &detail_body().to_string()).unwrap()
}

#[test]
fn validation_requires_creator_fields_and_title_all_at_once() {
    let problems = CreateTicket::default().validate().unwrap_err();
    assert_eq!(paths(&problems), ["creator", "fields"]);
    let no_title = CreateTicket {
        creator: "a".into(),
        fields: vec![TicketField::new("x", "1")],
        ..Default::default()
    };
    let problems = no_title.validate().unwrap_err();
    assert_eq!(
        problems,
        [Problem::new(
            "fields",
            "The fields must include \"title\", the ticket's title."
        )]
    );
}

#[test]
fn validation_flags_empty_keys_empty_title_url_and_processors() {
    let mut ticket = good_ticket();
    ticket.fields = vec![TicketField::new("title", " "), TicketField::new("", "v")];
    ticket.meta = Some(TicketMeta {
        callback_url: Some("ftp://x".into()),
        state_processors: Some(
            [
                ("407".to_string(), " ".to_string()),
                ("".to_string(), "a".to_string()),
            ]
            .into(),
        ),
    });
    ticket.service_id = Some(0);
    let problems = ticket.validate().unwrap_err();
    assert_eq!(
        paths(&problems),
        [
            "service_id",
            "fields[1].key",
            "fields[0].value",
            "meta.callback_url",
            "meta.state_processors",
            "meta.state_processors.407"
        ]
    );
    assert_eq!(problems[2].message, "Title is required.");
    assert!(good_ticket().validate().is_ok());
}

#[test]
fn get_tickets_validation_pages_dates_and_order() {
    let request = GetTickets {
        page: Some(0),
        page_size: Some(10_001),
        created_from: Some("2024-02-01 00:00:00".into()),
        created_to: Some("2024-01-01 00:00:00".into()),
        ended_to: Some("2024/01/01".into()),
        ..Default::default()
    };
    let problems = request.validate().unwrap_err();
    assert_eq!(
        paths(&problems),
        ["page", "page_size", "create_at__gte", "end_at__lte"]
    );
    assert_eq!(
        problems[2].message,
        "Created from must not be later than Created until."
    );
    assert!(GetTickets {
        page_size: Some(10_000),
        ..Default::default()
    }
    .validate()
    .is_ok());
}

#[test]
fn raw_create_form_builds_a_request() {
    let form = itsm::create_form();
    assert!(form
        .iter()
        .any(|spec| spec.path == "fields" && spec.kind == FieldKind::KeyValue));
    let request = itsm::create_from_form(
        &values(&[
            ("creator", "admin"),
            ("service_id", "17"),
            ("fields[0].key", "title"),
            ("fields[0].value", "Disk full"),
            ("fields[1].key", ""),
            ("fields[1].value", ""),
            ("fields[2].key", "APPROVER"),
            ("fields[2].value", "a, b"),
            ("meta.callback_url", "https://hook.example/itsm"),
            ("meta.state_processors[0].key", "407"),
            ("meta.state_processors[0].value", "x, y"),
        ]),
        None,
    )
    .unwrap();
    assert_eq!(request.service_id, Some(17));
    assert_eq!(
        request.fields,
        vec![
            TicketField::new("title", "Disk full"),
            TicketField::new("APPROVER", "a, b")
        ]
    );
    assert_eq!(request.fast_approval, Some(false), "the form's default");
    let meta = request.meta.unwrap();
    assert_eq!(meta.state_processors.unwrap()["407"], "x,y");
}

#[test]
fn raw_create_form_reports_problems_at_the_rows_the_person_sees() {
    let problems = itsm::create_from_form(
        &values(&[
            ("fields[0].key", ""),
            ("fields[0].value", ""),
            ("fields[1].key", "title"),
            ("fields[1].value", ""),
            ("meta.callback_url", "hook"),
            ("meta.state_processors[0].key", "407"),
            ("meta.state_processors[0].value", ""),
        ]),
        None,
    )
    .unwrap_err();
    assert_eq!(
        paths(&problems),
        [
            "creator",
            "meta.callback_url",
            "fields[1].value",
            "meta.state_processors[0].value"
        ]
    );
}

#[test]
fn service_form_maps_field_types() {
    let specs = itsm::service_form(&detail());
    let by_path = |path: &str| specs.iter().find(|spec| spec.path == path).unwrap();
    assert_eq!(by_path("creator").kind, FieldKind::Text);
    let title = by_path("fields[0].value");
    assert!(title.required);
    assert_eq!(title.pattern, None, "\"EMPTY\" names a rule, not a pattern");
    let count = by_path("fields[1].value");
    assert_eq!(
        count.kind,
        FieldKind::Integer {
            min: None,
            max: None
        }
    );
    assert_eq!(count.pattern.as_deref(), Some("^[0-9]{1,3}$"));
    assert_eq!(count.default.as_deref(), Some("1"));
    assert!(
        matches!(&by_path("fields[2].value").kind, FieldKind::Choice(c) if c.len() == 2 && c[1].label == "High")
    );
    assert_eq!(by_path("fields[3].value").kind, FieldKind::MemberList);
}

#[test]
fn service_form_adds_a_title_when_the_service_has_none() {
    let detail = ServiceDetail {
        id: 3,
        fields: vec![],
        ..Default::default()
    };
    assert_eq!(itsm::service_field_keys(&detail), ["title"]);
    let request = itsm::create_from_form(
        &values(&[("creator", "a"), ("fields[0].value", "T")]),
        Some(&detail),
    )
    .unwrap();
    assert_eq!(request.fields, vec![TicketField::new("title", "T")]);
}

#[test]
fn service_create_from_form_builds_fields_in_service_order() {
    let request = itsm::create_from_form(
        &values(&[
            ("creator", "admin"),
            ("fields[0].value", "Need access"),
            // fields[1] ("count") absent: its service default "1" applies.
            ("fields[2].value", "high"),
            ("fields[3].value", "alice, bob,"),
        ]),
        Some(&detail()),
    )
    .unwrap();
    assert_eq!(request.service_id, Some(17));
    assert_eq!(
        request.fields,
        vec![
            TicketField::new("title", "Need access"),
            TicketField::new("count", "1"),
            TicketField::new("level", "high"),
            TicketField::new("APPROVER", "alice,bob"),
        ]
    );
    // A field the person cleared is left out rather than sent empty.
    let cleared = itsm::create_from_form(
        &values(&[
            ("creator", "a"),
            ("fields[0].value", "T"),
            ("fields[1].value", ""),
            ("fields[2].value", "low"),
            ("fields[3].value", "x"),
        ]),
        Some(&detail()),
    )
    .unwrap();
    assert!(cleared.fields.iter().all(|field| field.key != "count"));
}

#[test]
fn service_create_from_form_reports_every_bad_field() {
    let problems = itsm::create_from_form(
        &values(&[("fields[1].value", "1234"), ("fields[2].value", "urgent")]),
        Some(&detail()),
    )
    .unwrap_err();
    assert_eq!(
        paths(&problems),
        [
            "creator",
            "fields[0].value",
            "fields[1].value",
            "fields[2].value",
            "fields[3].value"
        ]
    );
}

#[test]
fn operation_paths_round_trip_and_the_app_operations_are_listed() {
    for operation in itsm::POST_OPERATIONS.iter().chain(&itsm::GET_OPERATIONS) {
        let path = itsm::operation_path(operation);
        assert_eq!(itsm::operation_of(&path), Some(*operation), "{path}");
    }
    assert_eq!(
        itsm::operation_of(&itsm::create_ticket_call(&good_ticket()).path),
        Some(itsm::CREATE_TICKET)
    );
    for path in [
        "/api/c/compapi/v2/itsm/",
        "/api/c/compapi/v2/itsm/a/b/",
        "/api/c/compapi/v2/itsm/get_tickets",
        "/other/get_tickets/",
    ] {
        assert_eq!(itsm::operation_of(path), None, "{path}");
    }
}

#[test]
fn a_count_reads_the_total_of_a_successful_answer_only() {
    let body = common::fixture("itsm_get_tickets_response.json");
    let full = itsm::decode_get_tickets(200, &body).unwrap();
    assert_eq!(itsm::decode_ticket_count(200, &body), Some(full.count));
    let loose = r#"{"result": true, "code": "0", "data": {"count": "7", "items": []}}"#;
    assert_eq!(itsm::decode_ticket_count(200, loose), Some(7));
    for (status, failed) in [
        (
            200,
            r#"{"result": false, "code": 3900001, "message": "no", "data": {"count": 3}}"#,
        ),
        (200, r#"{"result": true, "code": 5, "data": {"count": 3}}"#),
        (500, r#"{"result": true, "code": 0, "data": {"count": 3}}"#),
        (502, "<html>Bad Gateway</html>"),
    ] {
        assert_eq!(itsm::decode_ticket_count(status, failed), None, "{failed}");
    }
}

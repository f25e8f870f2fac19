//! `--demo` ITSM: the seed, every get_tickets filter, error envelopes, create then list, and
//! the service forms, mostly through the proxy as the app calls them.

mod common;

use std::collections::HashSet;

use axum::body::Body;
use axum::http::Method;
use common::demo::*;
use common::*;
use serde_json::{json, Value};
use ticket_gateway::kinds::itsm::sim::{self as itsm, ItsmSim, StoredTicket};
use ticket_gateway::kinds::itsm::sim::{APP_CODE as ITSM_APP_CODE, APP_SECRET as ITSM_APP_SECRET};
use vendors::Kind;

fn seed() -> ItsmSim {
    ItsmSim::new(ITSM_APP_CODE, ITSM_APP_SECRET)
}

fn count_where(sim: &ItsmSim, keep: impl Fn(&StoredTicket) -> bool) -> u64 {
    sim.tickets().iter().filter(|t| keep(t)).count() as u64
}

#[test]
fn seed_is_large_varied_and_the_same_every_time() {
    let started = std::time::Instant::now();
    let sim = seed();
    eprintln!("ITSM seed generated in {:?}", started.elapsed());
    let again = seed();
    let tickets = sim.tickets();
    assert_eq!(tickets.len(), itsm::SEED_TICKETS);
    assert!(tickets.len() >= 12_000);
    assert!(tickets
        .iter()
        .zip(again.tickets())
        .all(|(a, b)| a.item == b.item && a.processors == b.processors));

    let sns: HashSet<&str> = tickets.iter().map(|t| t.item.sn.as_str()).collect();
    assert_eq!(sns.len(), tickets.len(), "serial numbers are unique");
    assert!(tickets
        .iter()
        .all(|t| t.item.sn.len() == 18 && t.item.sn.starts_with("NO")));
    let statuses: HashSet<&str> = tickets
        .iter()
        .map(|t| t.item.current_status.as_str())
        .collect();
    for status in vendors::itsm::STATUSES
        .iter()
        .map(|known| known.code)
        .chain([itsm::UNKNOWN_STATUS])
    {
        assert!(statuses.contains(status), "no {status} ticket");
    }
    let creators: HashSet<&str> = tickets.iter().map(|t| t.item.creator.as_str()).collect();
    assert!(creators.len() >= 20);
    let services: HashSet<i64> = tickets.iter().map(|t| t.item.service_id).collect();
    assert_eq!(services.len(), itsm::services::SEEDED_SERVICES.len());
    for ticket in &tickets {
        let item = &ticket.item;
        assert!(
            ("2024-01-01 00:00:00".."2026-11-01 00:00:00").contains(&item.create_at.as_str()),
            "{}",
            item.create_at
        );
        assert!(item.update_at >= item.create_at);
        assert_eq!(item.end_at.is_some(), itsm::is_final(&item.current_status));
        assert_eq!(
            ticket.processors.is_empty(),
            itsm::is_final(&item.current_status)
        );
        assert!(item
            .ticket_url
            .ends_with(&format!("#/ticket/detail?id={}", item.id)));
    }
    // Newest first, as get_tickets answers.
    assert!(tickets.windows(2).all(|pair| {
        (&pair[0].item.create_at, pair[0].item.id) > (&pair[1].item.create_at, pair[1].item.id)
    }));
}

#[tokio::test]
async fn get_tickets_defaults_and_paging() {
    let (app, _) = demo_app().await;
    let sim = seed();
    let first = itsm_data(&itsm(&app, "get_tickets", json!({})).await);
    assert_eq!(first["page"], 1);
    assert_eq!(first["count"], itsm::SEED_TICKETS as u64);
    assert_eq!(first["total_page"], (itsm::SEED_TICKETS / 10) as u64);
    assert!(first["previous"].is_null());
    assert!(first["next"].as_str().unwrap().contains("page=2"));
    assert_eq!(first["items"].as_array().unwrap().len(), 10);
    assert_eq!(first["items"][0]["sn"], sim.tickets()[0].item.sn.as_str());

    // The seed sends page_size as a string.
    let third = itsm_data(&itsm(&app, "get_tickets", json!({"page": 3, "page_size": "50"})).await);
    let sns: Vec<&str> = third["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["sn"].as_str().unwrap())
        .collect();
    let expected: Vec<&str> = sim.tickets()[100..150]
        .iter()
        .map(|t| t.item.sn.as_str())
        .collect();
    assert_eq!(sns, expected);
    assert!(third["previous"].as_str().unwrap().contains("page=2"));

    let whole = itsm_data(&itsm(&app, "get_tickets", json!({"page_size": 10000})).await);
    assert_eq!(whole["items"].as_array().unwrap().len(), 10_000);
    // Every item decodes with the app's wire model.
    let list: vendors::itsm::TicketList = serde_json::from_value(whole).unwrap();
    assert_eq!(list.items[9_999].sn, sim.tickets()[9_999].item.sn);
}

#[tokio::test]
async fn every_get_tickets_filter() {
    let (app, _) = demo_app().await;
    let sim = seed();
    let count = |body: Value| {
        let app = app.clone();
        async move {
            itsm_data(&itsm(&app, "get_tickets", body).await)["count"]
                .as_u64()
                .unwrap()
        }
    };
    let two: Vec<String> = sim.tickets()[5..7]
        .iter()
        .map(|t| t.item.sn.clone())
        .collect();
    assert_eq!(count(json!({"sns": two})).await, 2);

    let alice = count_where(&sim, |t| t.item.creator == "alice");
    assert!(alice > 0);
    assert_eq!(count(json!({"creator": "alice"})).await, alice);

    let (from, to) = ("2025-03-01 00:00:00", "2025-03-31 23:59:59");
    let in_march = count_where(&sim, |t| {
        t.item.create_at.as_str() >= from && t.item.create_at.as_str() <= to
    });
    assert!(in_march > 100);
    assert_eq!(
        count(json!({"create_at__gte": from, "create_at__lte": to})).await,
        in_march
    );
    let since = count_where(&sim, |t| t.item.create_at.as_str() >= from);
    assert_eq!(count(json!({"create_at__gte": from})).await, since);

    let ended = count_where(&sim, |t| {
        t.item
            .end_at
            .as_deref()
            .is_some_and(|end| end >= from && end <= to)
    });
    assert!(ended > 0);
    assert_eq!(
        count(json!({"end_at__gte": from, "end_at__lte": to})).await,
        ended
    );

    let services = count_where(&sim, |t| [1, 3].contains(&t.item.service_id));
    assert_eq!(count(json!({"service_id__in": [1, 3]})).await, services);
    let business = count_where(&sim, |t| t.item.bk_biz_id == 2);
    assert_eq!(count(json!({"bk_biz_id__in": [2]})).await, business);

    assert_eq!(
        count(json!({"current_status__in": [itsm::UNKNOWN_STATUS]})).await,
        12
    );
    let open = count_where(&sim, |t| {
        ["NEW", "RUNNING"].contains(&t.item.current_status.as_str())
    });
    assert_eq!(
        count(json!({"current_status__in": ["NEW", "RUNNING"]})).await,
        open
    );

    // "My to-do": open, unsuspended tickets whose current step waits for the user.
    let todo = count_where(&sim, |t| {
        !itsm::is_final(&t.item.current_status)
            && t.item.current_status != "SUSPENDED"
            && t.processors.iter().any(|p| p == "admin")
    });
    assert!(todo > 500);
    assert_eq!(count(json!({"username": "admin"})).await, todo);
    let page = itsm_data(
        &itsm(
            &app,
            "get_tickets",
            json!({"username": "bob", "page_size": 100}),
        )
        .await,
    );
    for item in page["items"].as_array().unwrap() {
        let processors = item["current_steps"][0]["processors"].as_str().unwrap();
        assert!(processors.split(',').any(|p| p == "bob"), "{item}");
    }

    let combined = count_where(&sim, |t| {
        t.item.creator == "alice" && t.item.service_id == 2
    });
    assert_eq!(
        count(json!({"creator": "alice", "service_id__in": "2"})).await,
        combined
    );
}

#[tokio::test]
async fn bad_get_tickets_input_gets_the_error_envelope() {
    let (app, _) = demo_app().await;
    for (body, named) in [
        (json!({"page_size": 0}), "page_size"),
        (json!({"page_size": 20000}), "page_size"),
        (json!({"page_size": "lots"}), "page_size"),
        (json!({"page": 0}), "page"),
        (json!({"create_at__gte": "2025/03/01"}), "create_at__gte"),
        (json!({"end_at__lte": "yesterday"}), "end_at__lte"),
        (
            json!({"create_at__gte": "2025-03-02 00:00:00", "create_at__lte": "2025-03-01 00:00:00"}),
            "create_at__gte",
        ),
    ] {
        let message = itsm_error(&itsm(&app, "get_tickets", body.clone()).await);
        assert!(message.contains(named), "{body}: {message}");
    }
}

fn permission_fields(approvers: &str) -> Value {
    json!([{"key": "title", "value": "Grafana editor"}, {"key": "system", "value": "grafana"},
        {"key": "permissions", "value": "read,write"}, {"key": "reason", "value": "on-call dashboards"},
        {"key": "APPROVER", "value": approvers}])
}

#[tokio::test]
async fn created_ticket_lists_first_and_is_waiting_for_its_approver() {
    let (app, _) = demo_app().await;
    let body = json!({"service_id": 2, "creator": "alice", "fields": permission_fields("zhang.san,li.na")});
    let created = itsm_data(&itsm(&app, "create_ticket", body).await);
    let sn = created["sn"].as_str().unwrap().to_string();
    let id = created["id"].as_i64().unwrap();
    assert_eq!(id, itsm::SEED_TICKETS as i64 + 1);
    assert!(created["ticket_url"]
        .as_str()
        .unwrap()
        .ends_with(&format!("?id={id}")));

    let list = itsm_data(&itsm(&app, "get_tickets", json!({"page_size": 5})).await);
    assert_eq!(list["count"], itsm::SEED_TICKETS as u64 + 1);
    let first = &list["items"][0];
    assert_eq!(first["sn"], sn.as_str());
    assert_eq!(first["current_status"], "NEW");
    assert_eq!(first["title"], "Grafana editor");
    assert_eq!(first["service_id"], 2);

    let todo = itsm_data(
        &itsm(
            &app,
            "get_tickets",
            json!({"username": "li.na", "sns": [sn]}),
        )
        .await,
    );
    assert_eq!(todo["count"], 1);
    let info = get(&app, &format!("{ITSM_API}get_ticket_info/?sn={sn}")).await;
    assert_eq!(itsm_data(&info)["fields"][1]["value"], "grafana");
    let status = get(&app, &format!("{ITSM_API}get_ticket_status/?sn={sn}")).await;
    assert_eq!(itsm_data(&status)["current_status"], "NEW");

    // A second ticket gets the next id and another number.
    let body = json!({"service_id": 2, "creator": "bob", "fields": permission_fields("admin")});
    let second = itsm_data(&itsm(&app, "create_ticket", body).await);
    assert_eq!(second["id"], id + 1);
    assert_ne!(second["sn"], sn.as_str());
}

#[tokio::test]
async fn service_definitions_are_enforced_on_create() {
    let (app, _) = demo_app().await;
    let create = |service_id: Value, fields: Value| {
        let app = app.clone();
        async move {
            let body = json!({"service_id": service_id, "creator": "admin", "fields": fields});
            itsm(&app, "create_ticket", body).await
        }
    };
    // The seed's own example files under the built-in approval service 17; an unknown service
    // is refused.
    let seed_example =
        json!([{"key": "title", "value": "测试内置审批"}, {"key": "APPROVER", "value": "xx,xxx"}]);
    itsm_data(&create(json!(17), seed_example.clone()).await);
    let message = itsm_error(&create(json!(99), seed_example.clone()).await);
    assert!(message.contains("99"), "{message}");

    let message = itsm_error(&create(json!(2), json!([{"key": "title", "value": "x"}])).await);
    assert!(message.contains("字段 system 为必填项"), "{message}");
    assert!(message.contains("field system is required"), "{message}");

    let mut fields = permission_fields("admin");
    fields[4]["value"] = json!("");
    let message = itsm_error(&create(json!(2), fields).await);
    assert!(message.contains("field APPROVER is required"), "{message}");

    let vm = |hostname: &str, cpu: &str| {
        json!([{"key": "title", "value": "VM"}, {"key": "hostname", "value": hostname},
            {"key": "cpu", "value": cpu}, {"key": "memory", "value": "8G"}, {"key": "APPROVER", "value": "admin"}])
    };
    let message = itsm_error(&create(json!(1), vm("Web_01", "2")).await);
    assert!(
        message.contains("hostname") && message.contains("^[a-z]"),
        "{message}"
    );
    let message = itsm_error(&create(json!(1), vm("web-01", "two")).await);
    assert!(message.contains("cpu"), "{message}");
    itsm_data(&create(json!(1), vm("web-01", "2")).await);

    // The wire model's own rules: creator and title are required.
    let message =
        itsm_error(&itsm(&app, "create_ticket", json!({"creator": "", "fields": []})).await);
    assert!(
        message.contains("creator") && message.contains("fields"),
        "{message}"
    );
    // A parameter of the wrong JSON type is named in the message.
    let wrong_type = json!({"creator": "admin", "fields": "title=x"});
    let message = itsm_error(&itsm(&app, "create_ticket", wrong_type).await);
    assert!(message.contains("fields:"), "{message}");
    // Without a service, only the wire model's rules apply.
    itsm_data(&create(Value::Null, seed_example).await);
}

#[tokio::test]
async fn services_cover_every_field_type() {
    let (app, _) = demo_app().await;
    let services = itsm_data(&get(&app, &format!("{ITSM_API}get_services/")).await);
    let services = services.as_array().unwrap();
    assert_eq!(services.len(), itsm::services::SERVICES.len());
    let mut types = HashSet::new();
    let mut real_regex = 0;
    for service in services {
        assert!(!service["desc"].as_str().unwrap().is_empty());
        assert!(!service["service_type"].as_str().unwrap().is_empty());
        let reply = get(
            &app,
            &format!("{ITSM_API}get_service_detail/?service_id={}", service["id"]),
        )
        .await;
        let detail = vendors::itsm::decode_get_service_detail(200, &reply.text()).unwrap();
        let title = detail
            .fields
            .iter()
            .find(|f| f.key == "title")
            .expect("a title field");
        assert!(title.is_required() && title.field_type == "STRING");
        assert!(detail.fields.iter().any(|f| !f.desc.is_empty()));
        // The built-in approval service is BlueKing's three fields, none with a default.
        if detail.id != itsm::services::BUILTIN_APPROVAL_ID {
            assert!(detail.fields.iter().any(|f| !f.default.is_empty()));
        }
        assert!(detail.fields.iter().any(|f| !f.is_required()));
        for field in &detail.fields {
            types.insert(field.field_type.clone());
            if ["SELECT", "MULTISELECT", "RADIO", "CHECKBOX"].contains(&field.field_type.as_str()) {
                assert!(field.choice.len() >= 2, "{} has no choices", field.key);
            }
            if !field.regex.is_empty() {
                regex_lite::Regex::new(&field.regex).unwrap();
                real_regex += 1;
            }
        }
        // The app can build a form from it.
        assert!(vendors::itsm::service_form(&detail).len() > detail.fields.len());
    }
    for kind in [
        "STRING",
        "TEXT",
        "INT",
        "DATE",
        "DATETIME",
        "SELECT",
        "MULTISELECT",
        "RADIO",
        "CHECKBOX",
        "MEMBER",
        "MEMBERS",
    ] {
        assert!(types.contains(kind), "no {kind} field");
    }
    assert!(real_regex >= 1);

    let missing = get(
        &app,
        &format!("{ITSM_API}get_service_detail/?service_id=99"),
    )
    .await;
    assert!(itsm_error(&missing).contains("99"));
    let catalogs = get(&app, &format!("{ITSM_API}get_service_catalogs/")).await;
    assert_eq!(
        itsm_data(&catalogs)[0]["children"].as_array().map(Vec::len),
        Some(2)
    );
    // A bk_token cookie is honoured instead of the demo user.
    let with_token = request(
        Method::GET,
        &format!("{ITSM_API}get_services/?catalog_id=3"),
    )
    .header("cookie", "bk_token=abcdef123")
    .body(Body::empty())
    .unwrap();
    assert_eq!(
        itsm_data(&send(&app, with_token).await)
            .as_array()
            .map(Vec::len),
        Some(2)
    );
}

#[tokio::test]
async fn simulator_refuses_calls_without_the_app_secret() {
    let (_, vendors) = demo_app().await;
    let url = format!(
        "http://{}/api/c/compapi/v2/itsm/get_tickets/",
        vendors.addr(Kind::Itsm)
    );
    for body in [
        json!({"bk_username": "admin"}),
        json!({"bk_app_code": ITSM_APP_CODE, "bk_app_secret": "wrong", "bk_username": "admin"}),
        json!({"bk_app_code": ITSM_APP_CODE, "bk_app_secret": ITSM_APP_SECRET}),
    ] {
        let reply = client().post(&url).json(&body).send().await.unwrap();
        assert_eq!(reply.status(), 200);
        let reply: Value = reply.json().await.unwrap();
        assert_eq!(reply["result"], false, "{reply}");
        assert_ne!(reply["code"], 0);
        assert!(reply["data"].is_null());
        assert!(reply["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
}

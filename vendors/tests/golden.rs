//! The seeds' request and response examples are the golden fixtures: each parses into the
//! wire types and serializes back to an equivalent JSON document (compared as
//! `serde_json::Value`, so key order and white space do not matter).
//!
//! Fixture notes: the DMS examples had `//` comments stripped and masked ids such as `11****`
//! replaced by real numbers; the DMS CreateOrder request is assembled from the parameter
//! table's example column. The only normalization allowed is a numeric string becoming a
//! number: ITSM's get_tickets example sends `"page_size": "10"`, which is sent back as `10`.

mod common;

use common::{fixture, fixture_value, round_trip};
use serde_json::json;
use vendors::{dms, itsm, zstack};

#[test]
fn itsm_create_ticket_request_round_trips() {
    let (original, back, request) =
        round_trip::<itsm::CreateTicket>("itsm_create_ticket_request.json");
    assert_eq!(back, original);
    assert_eq!(request.service_id, Some(17));
    assert_eq!(request.common.bk_app_code.as_deref(), Some("xxxx"));
    assert_eq!(request.fields[1].value, "xx,xxx,xxxx");
    let processors = request.meta.unwrap().state_processors.unwrap();
    assert_eq!(processors["407"], "xxx,xxxx");
}

#[test]
fn itsm_create_ticket_response_round_trips() {
    let (original, back, envelope) =
        round_trip::<itsm::Envelope<itsm::CreatedTicket>>("itsm_create_ticket_response.json");
    assert_eq!(back, original);
    let created = envelope.data.unwrap();
    assert_eq!(created.sn, "NO2019090519542603");
    assert_eq!(created.id, 101);
}

#[test]
fn itsm_get_tickets_request_round_trips_with_page_size_as_number() {
    let (mut original, back, request) =
        round_trip::<itsm::GetTickets>("itsm_get_tickets_request.json");
    assert_eq!(original["page_size"], json!("10"));
    // The one allowed normalization: the numeric string "10" is sent back as the number 10.
    original["page_size"] = json!(10);
    assert_eq!(back, original);
    assert_eq!(request.page_size, Some(10));
    assert_eq!(request.created_from.as_deref(), Some("2020-09-16 10:00:00"));
    assert_eq!(request.created_to.as_deref(), Some("2019-09-16 10:00:00"));
}

#[test]
fn itsm_get_tickets_response_round_trips() {
    let (original, back, envelope) =
        round_trip::<itsm::Envelope<itsm::TicketList>>("itsm_get_tickets_response.json");
    assert_eq!(back, original);
    let list = envelope.data.unwrap();
    assert_eq!(list.items[0].current_status, "RUNNING");
    assert_eq!(list.items[0].end_at, None);
    assert_eq!(list.items[0].bk_biz_id, -1);
}

#[test]
fn dms_create_order_request_round_trips() {
    let (original, back, order) = round_trip::<dms::CreateOrder>("dms_create_order_request.json");
    assert_eq!(back, original);
    assert_eq!(order.tid, Some(3000));
    assert_eq!(order.plugin_param["exeSQL"], json!("select 1"));
}

#[test]
fn dms_create_order_response_round_trips() {
    let (original, back, response) =
        round_trip::<dms::CreateOrderResponse>("dms_create_order_response.json");
    assert_eq!(back, original);
    assert!(response.success);
    assert_eq!(response.order_ids(), &[0]);
}

#[test]
fn dms_plugin_param_examples_round_trip_through_the_typed_form() {
    for (plugin_type, name) in [
        ("NDDL", "dms_plugin_param_nddl.json"),
        ("DATA_EXPORT", "dms_plugin_param_data_export.json"),
    ] {
        let original = fixture_value(name);
        let values = dms::plugin_param_to_form(plugin_type, &original);
        assert!(!values.is_empty(), "{name} produced no form values");
        let back = dms::plugin_param_from_form(plugin_type, &values)
            .unwrap_or_else(|problems| panic!("{name}: {problems:?}"));
        assert_eq!(back, original, "{name}");
    }
}

#[test]
fn zstack_create_ticket_bodies_round_trip() {
    for name in [
        "zstack_create_ticket_request.json",
        "zstack_curl_request.json",
    ] {
        let (original, back, request) = round_trip::<zstack::CreateTicket>(name);
        assert_eq!(back, original, "{name}");
        assert_eq!(request.params.requests[0].execute_times, 1.0);
        assert!(
            request.validate().is_ok(),
            "{name}: {:?}",
            request.validate()
        );
    }
}

#[test]
fn zstack_create_ticket_request_keeps_floats_in_the_api_body() {
    let (_, back, _) = round_trip::<zstack::CreateTicket>("zstack_create_ticket_request.json");
    let body = &back["params"]["requests"][0]["apiBody"];
    assert_eq!(body["createdTime"].as_f64(), Some(1.545993580705e12));
    assert_eq!(body["timeout"].as_f64(), Some(-1.0));
    assert!(back["params"]["requests"][0]["executeTimes"].is_f64());
}

#[test]
fn zstack_success_and_error_bodies_decode() {
    let (original, back, created) =
        round_trip::<zstack::TicketCreated>("zstack_create_ticket_success.json");
    assert_eq!(back, original);
    assert_eq!(created.inventory, None);

    let (original, back, reply) = round_trip::<zstack::ErrorReply>("zstack_error.json");
    assert_eq!(back, original);
    assert_eq!(reply.error.code, "SYS.1001");

    let error = zstack::decode_create_ticket(503, &fixture("zstack_error.json")).unwrap_err();
    assert_eq!(error.code, "SYS.1001");
    assert_eq!(error.message, "A message or a operation timeout");
    assert_eq!(
        error.details.as_deref(),
        Some("Create VM on KVM timeout after 300s")
    );
}

//! Several instances of one kind: each `/proxy/<id>/` reaches its own upstream with its own
//! credentials, and per-instance replies (ZStack job locations) name the instance.

mod common;

use std::sync::{Arc, Mutex};

use axum::http::{Method, StatusCode};
use common::demo::zstack_ticket;
use common::*;
use serde_json::{json, Value};
use ticket_gateway::demo::serve_on_loopback;
use ticket_gateway::kinds::zstack::sim::{self, ZstackSim};

const CREATE: &str = "api/c/compapi/v2/itsm/create_ticket/";

/// An ITSM instance whose user is fixed, so no cookie is needed.
fn itsm_instance(id: &str, upstream: std::net::SocketAddr, code: &str, secret_env: &str) -> String {
    format!(
        "[backends.{id}]\nkind = \"itsm\"\nupstream = \"http://{upstream}\"\napp_code = \"{code}\"\n\
         app_secret_env = \"{secret_env}\"\nuser = {{ fixed = \"{id}-user\" }}\n"
    )
}

fn two_itsms(prod: std::net::SocketAddr, staging: std::net::SocketAddr) -> String {
    itsm_instance("itsm-prod", prod, "desk-prod", "ITSM_SECRET")
        + &itsm_instance("itsm-staging", staging, "desk-staging", "DMS_SECRET")
}

#[tokio::test]
async fn each_itsm_instance_reaches_its_own_upstream_with_its_own_credentials() {
    let (prod, prod_seen) = echo_upstream().await;
    let (staging, staging_seen) = echo_upstream().await;
    let app = gateway(&config_from(&two_itsms(prod, staging)));

    for (id, seen, code, secret, user) in [
        (
            "itsm-prod",
            &prod_seen,
            "desk-prod",
            ITSM_SECRET,
            "itsm-prod-user",
        ),
        (
            "itsm-staging",
            &staging_seen,
            "desk-staging",
            DMS_SECRET,
            "itsm-staging-user",
        ),
    ] {
        let reply = post_json(
            &app,
            &format!("/proxy/{id}/{CREATE}"),
            json!({"creator": "x"}),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{id}: {}", reply.text());
        let seen = seen.lock().unwrap().clone();
        assert_eq!(seen.len(), 1, "{id} upstream saw {} calls", seen.len());
        let body: Value = serde_json::from_slice(&seen[0].body).unwrap();
        assert_eq!(body["bk_app_code"], code, "{id}");
        assert_eq!(body["bk_app_secret"], secret, "{id}");
        assert_eq!(body["bk_username"], user, "{id}");
        let header: Value =
            serde_json::from_str(seen[0].headers["x-bkapi-authorization"].to_str().unwrap())
                .unwrap();
        assert_eq!(header["bk_app_code"], code, "{id}");
        // Whatever the upstream echoes, the instance's secret is masked.
        assert!(!reply.text().contains(secret), "{id}: {}", reply.text());
    }
    // The kind's name is not an instance here.
    let reply = post_json(&app, &format!("/proxy/itsm/{CREATE}"), json!({})).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn zstack_job_location_names_the_instance() {
    let every_create_is_async = ZstackSim::new(sim::ACCOUNT, sim::IAM2_USER).with_async_every(1);
    let upstream =
        serve_on_loopback(sim::router(Arc::new(Mutex::new(every_create_is_async)))).unwrap();
    let app = gateway(&config_from(&format!(
        "[backends.zs-lab]\nkind = \"zstack\"\nupstream = \"http://{upstream}\"\nmode = \"service-account\"\naccount_name = \"{}\"\npassword_env = \"ZS_LAB_PASSWORD\"\n",
        sim::ACCOUNT.0
    )));

    let reply = send(
        &app,
        request(Method::POST, "/proxy/zs-lab/zstack/v1/tickets")
            .header("content-type", "application/json")
            .body(zstack_ticket("lab ticket").to_string().into())
            .unwrap(),
    )
    .await;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{}", reply.text());
    let location = reply.json()["location"].as_str().unwrap().to_string();
    let job = location
        .strip_prefix("/proxy/zs-lab/zstack/v1/api-jobs/")
        .unwrap_or_else(|| panic!("location {location} does not name the instance"));
    assert!(vendors::zstack::is_uuid(job), "{location}");
    // The browser can poll it where it points.
    let poll = get(&app, &location).await;
    assert!(
        matches!(poll.status, StatusCode::OK | StatusCode::ACCEPTED),
        "{}",
        poll.text()
    );
}

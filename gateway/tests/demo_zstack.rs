//! `--demo` ZStack: the seed, sessions (login, logout, expiry), CreateTicket (200, 202 + job,
//! errors) through the proxy. QueryTicket's conditions and paging: `demo_zstack_query.rs`.

mod common;

use std::time::Duration;

use axum::http::{Method, StatusCode};
use common::demo::*;
use common::*;
use serde_json::{json, Value};
use ticket_gateway::demo::serve_on_loopback;
use ticket_gateway::kinds::zstack::sim::{self, ZstackSim, ENV_ASYNC_EVERY};
use vendors::zstack::hash_password as password_hash;

/// The demo simulators' environment with the ZStack async knob set.
fn options(async_every: u32) -> impl Fn(&str) -> Option<String> {
    move |name| (name == ENV_ASYNC_EVERY).then(|| async_every.to_string())
}

#[tokio::test]
async fn logins_logout_and_invalid_sessions() {
    let (app, _) = demo_app().await;
    let anonymous = zstack(&app, Method::GET, "/zstack/v1/tickets", None, None).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    assert_eq!(anonymous.json()["error"]["code"], "ID.1001");

    let wrong =
        json!({"logInByAccount": {"accountName": "admin", "password": password_hash("nope")}});
    let wrong = zstack(
        &app,
        Method::PUT,
        "/zstack/v1/accounts/login",
        None,
        Some(wrong),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let iam2 =
        json!({"loginIAM2VirtualID": {"name": "demo", "password": password_hash("password")}});
    let iam2 = zstack(
        &app,
        Method::PUT,
        "/zstack/v1/iam2/virtual-ids/login",
        None,
        Some(iam2),
    )
    .await;
    assert!(
        iam2.json()["inventory"]["uuid"].is_string(),
        "{}",
        iam2.text()
    );

    let session = zstack_login(&app).await;
    assert_eq!(
        zstack_query(&app, &session, "limit=1").await["inventories"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    let logout = zstack(
        &app,
        Method::DELETE,
        &format!("/zstack/v1/accounts/sessions/{session}"),
        Some(&session),
        None,
    )
    .await;
    assert_eq!(logout.status, StatusCode::OK, "{}", logout.text());
    assert_eq!(logout.json(), json!({}));
    let after = zstack(
        &app,
        Method::GET,
        "/zstack/v1/tickets",
        Some(&session),
        None,
    )
    .await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        after.json(),
        json!({"error": {"code": "ID.1001", "description": "invalid session",
            "details": "the session has expired or does not exist; log in again"}})
    );
    let error = vendors::zstack::decode_query_tickets(401, &after.text()).unwrap_err();
    assert!(vendors::zstack::is_session_error(&error));
}

#[tokio::test]
async fn sessions_expire_after_their_lifetime() {
    // Shorter than the env knob's whole seconds allow: a simulator of its own.
    let short_lived = ZstackSim::new(sim::ACCOUNT, sim::IAM2_USER)
        .with_session_lifetime(Duration::from_millis(300));
    let upstream = serve_on_loopback(sim::router(std::sync::Arc::new(std::sync::Mutex::new(
        short_lived,
    ))))
    .unwrap();
    let app = gateway(&zstack_config(upstream, false));
    let session = zstack_login(&app).await;
    zstack_query(&app, &session, "limit=1").await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    let expired = zstack(
        &app,
        Method::POST,
        "/zstack/v1/tickets",
        Some(&session),
        Some(zstack_ticket("late")),
    )
    .await;
    assert_eq!(expired.status, StatusCode::UNAUTHORIZED);
    assert_eq!(expired.json()["error"]["code"], "ID.1001");
}

#[tokio::test]
async fn create_answers_200_or_202_with_a_job_to_poll() {
    let (app, _) = demo_app_with(options(0)).await;
    let session = zstack_login(&app).await;
    let done = zstack(
        &app,
        Method::POST,
        "/zstack/v1/tickets",
        Some(&session),
        Some(zstack_ticket("sync vm")),
    )
    .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text());
    let created = vendors::zstack::decode_create_ticket(200, &done.text()).unwrap();
    let vendors::zstack::Reply::Done(created) = created else {
        panic!("not done")
    };
    let ticket = created.inventory.unwrap();
    assert_eq!(
        (ticket.name.as_str(), ticket.status.as_str()),
        ("sync vm", "Pending")
    );
    let newest = zstack_query(
        &app,
        &session,
        "sortBy=createDate&sortDirection=desc&limit=1",
    )
    .await;
    assert_eq!(newest["inventories"][0]["uuid"], ticket.uuid.as_str());
    let one = zstack(
        &app,
        Method::GET,
        &format!("/zstack/v1/tickets/{}", ticket.uuid),
        Some(&session),
        None,
    )
    .await;
    assert_eq!(names(&one.json()), ["sync vm"]);

    let (app, _) = demo_app_with(options(1)).await;
    let session = zstack_login(&app).await;
    let accepted = zstack(
        &app,
        Method::POST,
        "/zstack/v1/tickets",
        Some(&session),
        Some(zstack_ticket("async vm")),
    )
    .await;
    assert_eq!(accepted.status, StatusCode::ACCEPTED, "{}", accepted.text());
    let location = accepted.json()["location"].as_str().unwrap().to_string();
    assert!(
        location.starts_with("/proxy/zstack/zstack/v1/api-jobs/"),
        "{location}"
    );
    assert_eq!(accepted.headers["location"], location.as_str());
    for _ in 0..2 {
        let pending = zstack(&app, Method::GET, &location, Some(&session), None).await;
        assert_eq!(
            (pending.status, pending.json()),
            (StatusCode::ACCEPTED, json!({}))
        );
    }
    let finished = zstack(&app, Method::GET, &location, Some(&session), None).await;
    assert_eq!(finished.status, StatusCode::OK);
    assert_eq!(finished.json()["inventory"]["name"], "async vm");

    // The default: every second call is asynchronous.
    let (app, _) = demo_app().await;
    let session = zstack_login(&app).await;
    let mut statuses = Vec::new();
    for index in 0..4 {
        let body = Some(zstack_ticket(&format!("vm {index}")));
        statuses.push(
            zstack(
                &app,
                Method::POST,
                "/zstack/v1/tickets",
                Some(&session),
                body,
            )
            .await
            .status
            .as_u16(),
        );
    }
    assert_eq!(statuses, [200, 202, 200, 202]);
}

#[tokio::test]
async fn bad_tickets_get_zstack_errors() {
    let (app, _) = demo_app().await;
    let session = zstack_login(&app).await;
    let create = |body: Value| {
        let (app, session) = (app.clone(), session.clone());
        async move {
            zstack(
                &app,
                Method::POST,
                "/zstack/v1/tickets",
                Some(&session),
                Some(body),
            )
            .await
        }
    };
    let mut nameless = zstack_ticket("");
    nameless["params"]["requests"][0]["executeTimes"] = json!(0);
    let reply = create(nameless).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    let error = &reply.json()["error"];
    assert_eq!(
        (error["code"].as_str(), error["description"].as_str()),
        (Some("SYS.1007"), Some("invalid argument"))
    );
    let details = error["details"].as_str().unwrap();
    assert!(
        details.contains("params.name") && details.contains("executeTimes"),
        "{details}"
    );

    let reply = create(json!({"params": "vm please"})).await;
    assert_eq!(reply.json()["error"]["code"], "SYS.1007");

    let mut odd_api = zstack_ticket("odd");
    odd_api["params"]["requests"][0]["apiName"] = json!("CreateVm");
    let reply = create(odd_api).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.json()["error"]["code"], "SYS.1006");
    assert!(reply.json()["error"]["details"]
        .as_str()
        .unwrap()
        .contains("CreateVm"));
    let error = vendors::zstack::decode_create_ticket(400, &reply.text()).unwrap_err();
    assert_eq!(error.code, "SYS.1006");
}

#[tokio::test]
async fn logout_is_only_proxied_for_the_browsers_own_session() {
    let (upstream, _) = echo_upstream().await;
    let service_account = gateway(&zstack_config(upstream, true));
    let uuid = "b86c9016b4f24953a9edefb53ca0678c";
    let path = format!("/zstack/v1/accounts/sessions/{uuid}");
    assert_eq!(
        zstack(&service_account, Method::DELETE, &path, None, None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let pass_through = gateway(&zstack_config(upstream, false));
    assert_eq!(
        zstack(&pass_through, Method::DELETE, &path, None, None)
            .await
            .status,
        StatusCode::OK
    );
    let not_a_uuid = "/zstack/v1/accounts/sessions/everything";
    assert_eq!(
        zstack(&pass_through, Method::DELETE, not_a_uuid, None, None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

//! The simulators cannot be stalled or grown without bound by a client.

mod common;

use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use axum::http::Method;
use common::*;
use serde_json::{json, Map, Value};
use ticket_gateway::kinds::itsm::sim::{self as itsm, ItsmSim};
use ticket_gateway::kinds::zstack::sim::{self as zstack, ZstackSim};
use vendors::zstack::hash_password;

fn itsm_body(extra: Map<String, Value>) -> Value {
    let mut body = json!({"bk_app_code": itsm::APP_CODE, "bk_app_secret": itsm::APP_SECRET,
        "bk_username": "admin"});
    body.as_object_mut().unwrap().extend(extra);
    body
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_megabyte_of_keys_is_answered_at_once_and_does_not_block_others() {
    let state = Arc::new(RwLock::new(ItsmSim::new(itsm::APP_CODE, itsm::APP_SECRET)));
    let app = itsm::router(state);
    let mut keys: Map<String, Value> = (0..125_000).map(|i| (format!("k{i}"), json!(0))).collect();
    // A bad `fields` makes the call fail to decode, the case that once searched every key.
    keys.insert("fields".into(), json!("not a list"));
    let body = itsm_body(keys);
    assert!(body.to_string().len() > 1_000_000);

    let path = format!("{}create_ticket/", vendors::itsm::API_PREFIX);
    let started = Instant::now();
    let flood = tokio::spawn({
        let app = app.clone();
        let path = path.clone();
        async move { post_json(&app, &path, body).await }
    });
    let list = post_json(
        &app,
        &format!("{}get_tickets/", vendors::itsm::API_PREFIX),
        itsm_body(Map::from_iter([("page_size".into(), json!(1))])),
    )
    .await;
    assert_eq!(list.json()["result"], true, "{}", list.text());
    let reply = flood.await.unwrap();
    // The quadratic search took minutes; a linear decode takes well under a second in release.
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    let answer = reply.json();
    assert_eq!(answer["result"], false);
    assert!(answer["message"]
        .as_str()
        .unwrap()
        .contains("invalid parameters"));
}

#[tokio::test]
async fn expired_zstack_sessions_are_dropped_at_the_next_login() {
    let sim = ZstackSim::new(zstack::ACCOUNT, zstack::IAM2_USER)
        .with_session_lifetime(Duration::from_millis(1));
    let state = Arc::new(Mutex::new(sim));
    let app = zstack::router(state.clone());
    let login = json!({"logInByAccount": {"accountName": zstack::ACCOUNT.0,
        "password": hash_password(zstack::ACCOUNT.1)}});
    for _ in 0..3 {
        let reply = send(
            &app,
            request(Method::PUT, "/zstack/v1/accounts/login")
                .header("content-type", "application/json")
                .body(login.to_string().into())
                .unwrap(),
        )
        .await;
        assert_eq!(reply.status, 200, "{}", reply.text());
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert_eq!(state.lock().unwrap().session_count(), 1);
}

#[tokio::test]
async fn a_wrong_zstack_password_is_refused() {
    let state = Arc::new(Mutex::new(ZstackSim::new(
        zstack::ACCOUNT,
        zstack::IAM2_USER,
    )));
    let app = zstack::router(state);
    let login = json!({"logInByAccount": {"accountName": zstack::ACCOUNT.0,
        "password": hash_password("not the password")}});
    let reply = send(
        &app,
        request(Method::PUT, "/zstack/v1/accounts/login")
            .body(login.to_string().into())
            .unwrap(),
    )
    .await;
    assert_eq!(reply.status, 401, "{}", reply.text());
}

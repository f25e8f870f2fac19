//! Identity binding: with a trusted user header, the acting-user fields of ITSM calls must
//! name that user; other user sources leave them to the app.

mod common;

use axum::body::Body;
use axum::http::{Method, StatusCode};
use common::*;
use serde_json::{json, Value};

const API: &str = "/proxy/itsm/api/c/compapi/v2/itsm/";

async fn call_as(app: &axum::Router, user: &str, operation: &str, body: Value) -> Reply {
    let call = request(Method::POST, &format!("{API}{operation}/"))
        .header("content-type", "application/json")
        .header("x-remote-user", user)
        .body(Body::from(body.to_string()))
        .unwrap();
    send(app, call).await
}

#[tokio::test]
async fn trusted_header_user_binds_creator_and_username() {
    let (upstream, seen) = echo_upstream().await;
    let app = gateway(&itsm_config(
        upstream,
        r#"{ from = "header", name = "X-Remote-User" }"#,
    ));
    let own = call_as(&app, "carol", "create_ticket", json!({"creator": "carol"})).await;
    assert_eq!(own.status, StatusCode::OK, "{}", own.text());

    let forged = call_as(
        &app,
        "carol",
        "create_ticket",
        json!({"creator": "mallory"}),
    )
    .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let message = forged.json()["error"]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        message.contains("creator") && message.contains("carol"),
        "{message}"
    );

    let waiting_for_other = call_as(&app, "carol", "get_tickets", json!({"username": "bob"})).await;
    assert_eq!(waiting_for_other.status, StatusCode::FORBIDDEN);

    // Listing who filed what is a read: any creator filter passes.
    let by_creator = call_as(&app, "carol", "get_tickets", json!({"creator": "alice"})).await;
    assert_eq!(by_creator.status, StatusCode::OK);
    assert_eq!(
        seen.lock().unwrap().len(),
        2,
        "refused calls never went upstream"
    );
}

#[tokio::test]
async fn cookie_fallback_and_fixed_users_do_not_bind() {
    let (upstream, _) = echo_upstream().await;
    for user in [
        r#"{ from = "cookie", fallback = "admin" }"#,
        r#"{ fixed = "svc-desk" }"#,
    ] {
        let app = gateway(&itsm_config(upstream, user));
        // The demo's e2e tests file tickets as dave, erin... with the fallback user `admin`.
        let reply = post_json(
            &app,
            &format!("{API}create_ticket/"),
            json!({"creator": "dave"}),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{user}: {}", reply.text());
    }
}

//! No secret reaches the browser or the logs, even when a vendor echoes it back.

mod common;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{Method, StatusCode};
use axum::routing::put;
use axum::{Json, Router};
use common::*;
use serde_json::{json, Value};
use ticket_gateway::demo::serve_on_loopback;
use vendors::zstack::hash_password as password_hash;

fn assert_absent(what: &str, text: &str, secrets: &[&str]) {
    for secret in secrets {
        assert!(!text.contains(secret), "{what} leaks {secret:?}:\n{text}");
    }
}

#[tokio::test]
async fn itsm_secret_echoed_by_the_vendor_is_masked_and_never_logged() {
    let (logs, _guard) = capture_logs();
    let (upstream, seen) = echo_upstream().await;
    let app = gateway(&itsm_config(upstream, r#"{ fixed = "admin" }"#));

    let post = post_json(
        &app,
        "/proxy/itsm/api/c/compapi/v2/itsm/create_ticket/",
        json!({"creator": "a"}),
    )
    .await;
    let get = get(&app, "/proxy/itsm/api/c/compapi/v2/itsm/get_services/?x=1").await;
    // The secret did go upstream (that is its purpose) ...
    assert!(String::from_utf8_lossy(&seen.lock().unwrap()[0].body).contains(ITSM_SECRET));
    // ... and the echo of it came back masked.
    for reply in [&post, &get] {
        assert_eq!(reply.status, StatusCode::OK);
        assert_absent("response", &reply.everything(), &[ITSM_SECRET]);
        assert!(reply.text().contains("***"), "{}", reply.text());
    }
    assert_eq!(
        post.json()["headers"]["x-bkapi-authorization"]
            .as_str()
            .map(|h| h.contains("***")),
        Some(true)
    );

    // A failing upstream call whose URL carries the secret (GET) must not log it either.
    let down = gateway(&itsm_config(closed_port().await, r#"{ fixed = "admin" }"#));
    let failed = get_reply(&down, "/proxy/itsm/api/c/compapi/v2/itsm/get_services/").await;
    assert_eq!(failed.status, StatusCode::BAD_GATEWAY);
    assert_absent("error response", &failed.everything(), &[ITSM_SECRET]);

    let logs = logs.text();
    assert!(logs.contains("proxied"), "logs were not captured:\n{logs}");
    assert_absent("logs", &logs, &[ITSM_SECRET, "%2D"]);
}

async fn get_reply(app: &Router, uri: &str) -> Reply {
    common::get(app, uri).await
}

/// An upstream that answers every call with the given secrets in its body and a header, as a
/// misbehaving vendor or a debug endpoint might.
async fn leaky_upstream(leaked: Vec<String>) -> SocketAddr {
    let router = Router::new().fallback(move || {
        let leaked = leaked.clone();
        async move {
            (
                [("x-debug", leaked.join(","))],
                Json(json!({"Message": format!("bad key {}", leaked.join(" ")), "leaked": leaked})),
            )
        }
    });
    serve_on_loopback(router).unwrap()
}

#[tokio::test]
async fn dms_secret_is_never_in_responses_or_logs() {
    let (logs, _guard) = capture_logs();
    let upstream = leaky_upstream(vec![DMS_SECRET.into(), DMS_ID.into()]).await;
    let app = gateway(&dms_config(upstream));
    let call = request(Method::POST, "/proxy/dms/?Comment=x")
        .header("x-acs-action", "CreateOrder")
        .body(Body::empty())
        .unwrap();
    let reply = send(&app, call).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_absent("response", &reply.everything(), &[DMS_SECRET, DMS_ID]);
    assert!(reply.text().contains("bad key *** ***"), "{}", reply.text());
    let logs = logs.text();
    assert!(logs.contains("proxied"));
    assert_absent("logs", &logs, &[DMS_SECRET, DMS_ID]);
}

/// A ZStack stand-in: login hands out `session`; every other call echoes the request and the
/// last login body (which holds the password hash).
async fn echoing_zstack(session: &'static str) -> SocketAddr {
    let last_login: Arc<Mutex<Value>> = Arc::default();
    let login_seen = last_login.clone();
    let router = Router::new()
        .route(
            "/zstack/v1/accounts/login",
            put(move |Json(body): Json<Value>| async move {
                *login_seen.lock().unwrap() = body;
                Json(json!({"inventory": {"uuid": session}}))
            }),
        )
        .fallback(move |headers: axum::http::HeaderMap| async move {
            let auth = headers
                .get("authorization")
                .map(|v| v.to_str().unwrap().to_string());
            let login = last_login.lock().unwrap().clone();
            Json(json!({"authorization": auth, "login": login}))
        });
    serve_on_loopback(router).unwrap()
}

#[tokio::test]
async fn zstack_service_password_hash_and_session_stay_hidden() {
    let (logs, _guard) = capture_logs();
    const SESSION: &str = "5e55105e55105e55105e55105e551050";
    let upstream = echoing_zstack(SESSION).await;
    let app = gateway(&zstack_config(upstream, true));
    let reply = get_reply(&app, "/proxy/zstack/zstack/v1/tickets").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    // The upstream really received the session and the hash, so masking is what hides them.
    assert_eq!(reply.json()["authorization"], "OAuth ***");
    let hash = password_hash(ZSTACK_PASSWORD);
    let secrets = [ZSTACK_PASSWORD, hash.as_str(), SESSION];
    assert_absent("response", &reply.everything(), &secrets);
    let logs = logs.text();
    assert!(logs.contains("proxied"));
    assert_absent("logs", &logs, &secrets);
}

#[tokio::test]
async fn zstack_pass_through_returns_the_users_own_session() {
    const SESSION: &str = "0123456789abcdef0123456789abcdef";
    let upstream = echoing_zstack(SESSION).await;
    let app = gateway(&zstack_config(upstream, false));
    let login = request(Method::PUT, "/proxy/zstack/zstack/v1/accounts/login")
        .header("content-type", "application/json")
        .body(Body::from(
            r#"{"logInByAccount":{"accountName":"u","password":"h"}}"#,
        ))
        .unwrap();
    let reply = send(&app, login).await;
    assert_eq!(
        reply.json()["inventory"]["uuid"],
        SESSION,
        "the browser needs its session"
    );
}

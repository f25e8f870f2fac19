//! The proxy core: allowlist, limits, upstream failures, header hygiene.

mod common;

use std::time::Duration;

use axum::body::Body;
use axum::http::{Method, StatusCode};
use common::*;
use serde_json::json;

const CREATE: &str = "/proxy/itsm/api/c/compapi/v2/itsm/create_ticket/";
const TICKET_UUID: &str = "b86c9016b4f24953a9edefb53ca0678c";

fn assert_json_error(reply: &Reply, status: StatusCode, code: &str) {
    assert_eq!(reply.status, status, "{}", reply.text());
    assert_eq!(reply.json()["error"]["code"], code, "{}", reply.text());
    assert!(reply.json()["error"]["message"]
        .as_str()
        .is_some_and(|m| !m.is_empty()));
}

#[tokio::test]
async fn allowlisted_paths_pass_and_others_are_404() {
    let (upstream, seen) = echo_upstream().await;
    let mut config = itsm_config(upstream, r#"{ fixed = "admin" }"#);
    config
        .backends
        .extend(zstack_config(upstream, false).backends);
    config.backends.extend(dms_config(upstream).backends);
    let app = gateway(&config);

    let allowed = [
        (Method::POST, CREATE.to_string()),
        (
            Method::POST,
            "/proxy/itsm/api/c/compapi/v2/itsm/get_tickets/".into(),
        ),
        (
            Method::GET,
            "/proxy/itsm/api/c/compapi/v2/itsm/get_services/".into(),
        ),
        (
            Method::GET,
            "/proxy/itsm/api/c/compapi/v2/itsm/get_service_detail/?service_id=1".into(),
        ),
        (Method::GET, "/proxy/zstack/zstack/v1/tickets".into()),
        (Method::POST, "/proxy/zstack/zstack/v1/tickets".into()),
        (
            Method::GET,
            format!("/proxy/zstack/zstack/v1/tickets/{TICKET_UUID}"),
        ),
        (
            Method::GET,
            format!("/proxy/zstack/zstack/v1/api-jobs/{TICKET_UUID}"),
        ),
        (Method::PUT, "/proxy/zstack/zstack/v1/accounts/login".into()),
        (
            Method::PUT,
            "/proxy/zstack/zstack/v1/iam2/virtual-ids/login".into(),
        ),
    ];
    for (method, uri) in allowed {
        let reply = send(
            &app,
            request(method.clone(), &uri)
                .header("content-type", "application/json")
                .body(Body::from("{}"))
                .unwrap(),
        )
        .await;
        assert_eq!(
            reply.status,
            StatusCode::OK,
            "{method} {uri}: {}",
            reply.text()
        );
    }
    let dms = request(Method::POST, "/proxy/dms/")
        .header("x-acs-action", "ListOrders")
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&app, dms).await.status, StatusCode::OK);
    let forwarded = seen.lock().unwrap().len();
    assert_eq!(forwarded, 11);

    let refused = [
        (Method::GET, CREATE.to_string()),
        (
            Method::DELETE,
            format!("/proxy/zstack/zstack/v1/tickets/{TICKET_UUID}"),
        ),
        (
            Method::POST,
            "/proxy/itsm/api/c/compapi/v2/itsm/operate_node/".into(),
        ),
        (
            Method::POST,
            "/proxy/itsm/api/c/compapi/v2/itsm/create_ticket".into(),
        ),
        (Method::GET, "/proxy/zstack/zstack/v1/vm-instances".into()),
        (
            Method::GET,
            "/proxy/zstack/zstack/v1/tickets/not-a-uuid".into(),
        ),
        (Method::GET, "/proxy/unknown/anything".into()),
        (Method::GET, "/proxy/itsm".into()),
        (Method::GET, "/proxy/".into()),
        (
            Method::POST,
            "/proxy/itsm/api/c/compapi/v2/itsm/%2e%2e/create_ticket/".into(),
        ),
        (
            Method::POST,
            "/proxy/itsm/api/c/compapi/v2/itsm/get_tickets/%2e%2e/create_ticket/".into(),
        ),
        (
            Method::POST,
            "/proxy/itsm/api/c/compapi/v2/itsm%2fcreate_ticket/".into(),
        ),
        (
            Method::POST,
            "/proxy/itsm/api/c/compapi/v2/itsm//create_ticket/".into(),
        ),
        (
            Method::POST,
            "/proxy/itsm//api/c/compapi/v2/itsm/create_ticket/".into(),
        ),
        (
            Method::POST,
            "/proxy/itsm/api/c/compapi/v2/itsm/../itsm/create_ticket/".into(),
        ),
        (
            Method::GET,
            "/proxy/zstack/zstack/v1/api-jobs/%2e%2e%2f%2e%2e%2faccounts".into(),
        ),
        (
            Method::GET,
            "/proxy/zstack/zstack/v1/tickets/b86c9016b4f24953a9edefb53ca0678c/actions".into(),
        ),
    ];
    for (method, uri) in refused {
        let reply = send(
            &app,
            request(method.clone(), &uri).body(Body::empty()).unwrap(),
        )
        .await;
        assert_json_error(&reply, StatusCode::NOT_FOUND, "NOT_FOUND");
    }
    for action in ["DeleteInstance", ""] {
        let dms = request(Method::POST, "/proxy/dms/")
            .header("x-acs-action", action)
            .body(Body::empty())
            .unwrap();
        assert_json_error(&send(&app, dms).await, StatusCode::NOT_FOUND, "NOT_FOUND");
    }
    assert_eq!(
        seen.lock().unwrap().len(),
        forwarded,
        "a refused path reached the upstream"
    );
}

#[tokio::test]
async fn disabled_backend_is_404() {
    let (upstream, _) = echo_upstream().await;
    let app = gateway(&dms_config(upstream));
    let reply = post_json(&app, CREATE, json!({})).await;
    assert_json_error(&reply, StatusCode::NOT_FOUND, "NOT_FOUND");
}

#[tokio::test]
async fn oversized_body_is_413_json() {
    let (upstream, seen) = echo_upstream().await;
    let app = gateway(&itsm_config(upstream, r#"{ fixed = "admin" }"#));
    let big = "x".repeat(1024 * 1024 + 1);
    let reply = post_json(&app, CREATE, json!({ "creator": big })).await;
    assert_json_error(&reply, StatusCode::PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE");

    // (oneshot sends no Content-Length, so the case above exercised the streaming limit.)
    // A declared length over the limit is refused before reading.
    let declared = request(Method::POST, CREATE)
        .header("content-length", (2 * 1024 * 1024).to_string())
        .body(Body::from("{}"))
        .unwrap();
    assert_json_error(
        &send(&app, declared).await,
        StatusCode::PAYLOAD_TOO_LARGE,
        "PAYLOAD_TOO_LARGE",
    );
    // Just under the limit passes.
    let fits = post_json(&app, CREATE, json!({ "creator": "x".repeat(1024 * 1000) })).await;
    assert_eq!(fits.status, StatusCode::OK);
    assert_eq!(seen.lock().unwrap().len(), 1);
}
#[tokio::test]
async fn slow_upstream_is_504_json() {
    let upstream = slow_upstream(Duration::from_secs(5)).await;
    let mut config = itsm_config(upstream, r#"{ fixed = "admin" }"#);
    config.upstream_timeout = Duration::from_millis(200);
    let app = gateway(&config);
    let started = std::time::Instant::now();
    let reply = post_json(&app, CREATE, json!({})).await;
    assert_json_error(&reply, StatusCode::GATEWAY_TIMEOUT, "GATEWAY_TIMEOUT");
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn unreachable_upstream_is_502_json() {
    let app = gateway(&itsm_config(closed_port().await, r#"{ fixed = "admin" }"#));
    let reply = post_json(&app, CREATE, json!({})).await;
    assert_json_error(&reply, StatusCode::BAD_GATEWAY, "BAD_GATEWAY");
    assert!(!reply.text().contains(ITSM_SECRET));
}

#[tokio::test]
async fn hop_by_hop_cookies_and_authorization_are_stripped() {
    let (upstream, seen) = echo_upstream().await;
    let app = gateway(&itsm_config(upstream, r#"{ from = "cookie" }"#));
    let request = request(
        Method::GET,
        "/proxy/itsm/api/c/compapi/v2/itsm/get_service_detail/?service_id=2&x=a%20b",
    )
    .header("cookie", "bk_token=user-token; other=1")
    .header("authorization", "Bearer browser")
    .header("connection", "x-private")
    .header("x-private", "1")
    .header("te", "trailers")
    .header("x-bkapi-authorization", r#"{"bk_app_code":"evil"}"#)
    .header("accept", "application/json")
    .body(Body::empty())
    .unwrap();
    let reply = send(&app, request).await;
    assert_eq!(reply.status, StatusCode::OK);

    let seen = seen.lock().unwrap()[0].clone();
    for dropped in ["cookie", "authorization", "x-private", "te"] {
        assert!(
            !seen.headers.contains_key(dropped),
            "{dropped} was forwarded"
        );
    }
    assert_eq!(seen.headers["accept"], "application/json");
    // A GET's own parameters pass unchanged; the gateway's credentials follow them.
    let query = seen.query.unwrap();
    assert!(query.starts_with("service_id=2&x=a%20b&"), "{query}");
    let injected = seen.headers["x-bkapi-authorization"].to_str().unwrap();
    assert!(injected.contains("\"bk_app_code\":\"desk\"") && injected.contains("user-token"));

    assert!(!reply.headers.contains_key("set-cookie"));
    assert!(!reply.headers.contains_key("keep-alive"));
    // Only allowlisted vendor headers come back.
    assert!(!reply.headers.contains_key("x-upstream"));
    assert_eq!(reply.headers["content-type"], "application/json");
    assert_eq!(reply.headers["cache-control"], "no-store");
}

#[tokio::test]
async fn proxy_replies_carry_security_headers() {
    let (upstream, _) = echo_upstream().await;
    let app = gateway(&itsm_config(upstream, r#"{ fixed = "admin" }"#));
    for reply in [
        post_json(&app, CREATE, json!({})).await,
        get(&app, "/proxy/nope/x").await,
    ] {
        assert_eq!(reply.headers["x-content-type-options"], "nosniff");
        assert!(reply.headers.contains_key("content-security-policy"));
    }
}

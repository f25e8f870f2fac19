//! Credential injection per back-end.

mod common;

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{Method, StatusCode};
use common::*;
use serde_json::{json, Value};
use ticket_gateway::demo::serve_on_loopback;
use ticket_gateway::kinds::{dms::sim::DmsSim, zstack::sim::ZstackSim};

const CREATE: &str = "/proxy/itsm/api/c/compapi/v2/itsm/create_ticket/";
const SERVICES: &str = "/proxy/itsm/api/c/compapi/v2/itsm/get_service_detail/";

fn seen_body(seen: &Seen) -> Value {
    serde_json::from_slice(&seen.body).unwrap()
}

fn seen_auth_header(seen: &Seen) -> Value {
    serde_json::from_str(seen.headers["x-bkapi-authorization"].to_str().unwrap()).unwrap()
}

#[tokio::test]
async fn itsm_fixed_user_goes_into_body_and_header_replacing_forgeries() {
    let (upstream, seen) = echo_upstream().await;
    let app = gateway(&itsm_config(upstream, r#"{ fixed = "admin" }"#));
    let forged = json!({"creator": "alice", "fields": [], "bk_app_code": "evil",
        "bk_app_secret": "guess", "bk_username": "root", "bk_token": "stolen"});
    assert_eq!(post_json(&app, CREATE, forged).await.status, StatusCode::OK);
    let in_query = format!("{CREATE}?bk_app_secret=guess&bk_token=stolen&trace=1");
    let reply = post_json(&app, &in_query, json!({"creator": "alice", "fields": []})).await;
    assert_eq!(reply.status, StatusCode::OK);
    let query = seen.lock().unwrap()[1].query.clone();
    assert_eq!(
        query, None,
        "a POST's query is not forwarded: credential keys and everything else stay out"
    );

    let seen = seen.lock().unwrap()[0].clone();
    let body = seen_body(&seen);
    assert_eq!(body["bk_app_code"], "desk");
    assert_eq!(body["bk_app_secret"], ITSM_SECRET);
    assert_eq!(body["bk_username"], "admin");
    assert!(
        body.get("bk_token").is_none(),
        "the browser's bk_token must be dropped"
    );
    assert_eq!(body["creator"], "alice");
    assert_eq!(
        seen_auth_header(&seen),
        json!({"bk_app_code": "desk", "bk_app_secret": ITSM_SECRET, "bk_username": "admin"})
    );
}

#[tokio::test]
async fn itsm_get_puts_credentials_in_the_query() {
    let (upstream, seen) = echo_upstream().await;
    let app = gateway(&itsm_config(upstream, r#"{ fixed = "admin" }"#));
    let reply = get(
        &app,
        &format!("{SERVICES}?service_id=7&bk_app_secret=guess"),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    let seen = seen.lock().unwrap()[0].clone();
    let query = seen.query.clone().unwrap();
    assert!(query.starts_with("service_id=7&"), "{query}");
    assert!(
        // RFC 3986: the secret's dashes go unescaped.
        query.contains("bk_app_secret=itsm-app-secret-Zq9"),
        "{query}"
    );
    assert!(!query.contains("guess"), "{query}");
    assert!(query.contains("bk_username=admin"), "{query}");
    assert_eq!(seen_auth_header(&seen)["bk_username"], "admin");
}

#[tokio::test]
async fn itsm_cookie_user_sends_bk_token_and_requires_it() {
    let (upstream, seen) = echo_upstream().await;
    let app = gateway(&itsm_config(upstream, r#"{ from = "cookie" }"#));
    let with_cookie = request(Method::POST, CREATE)
        .header("content-type", "application/json")
        .header("cookie", "lang=en; bk_token=tok-123")
        .body(Body::from("{}"))
        .unwrap();
    assert_eq!(send(&app, with_cookie).await.status, StatusCode::OK);
    let first = seen.lock().unwrap()[0].clone();
    assert_eq!(seen_body(&first)["bk_token"], "tok-123");
    assert_eq!(seen_auth_header(&first)["bk_token"], "tok-123");
    assert!(!first.headers.contains_key("cookie"));

    let reply = post_json(&app, CREATE, json!({})).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(reply.json()["error"]["code"], "UNAUTHENTICATED");
    assert_eq!(
        seen.lock().unwrap().len(),
        1,
        "an anonymous call must not go upstream"
    );
}

#[tokio::test]
async fn itsm_cookie_user_with_fallback_uses_the_username() {
    let (upstream, seen) = echo_upstream().await;
    let app = gateway(&itsm_config(
        upstream,
        r#"{ from = "cookie", fallback = "guest" }"#,
    ));
    assert_eq!(
        post_json(&app, CREATE, json!({})).await.status,
        StatusCode::OK
    );
    assert_eq!(seen_body(&seen.lock().unwrap()[0])["bk_username"], "guest");
}

#[tokio::test]
async fn itsm_trusted_header_user() {
    let (upstream, seen) = echo_upstream().await;
    let app = gateway(&itsm_config(
        upstream,
        r#"{ from = "header", name = "X-Remote-User" }"#,
    ));
    let request_as = |user: Option<&str>| {
        let mut builder = request(Method::POST, CREATE).header("content-type", "application/json");
        if let Some(user) = user {
            builder = builder.header("x-remote-user", user);
        }
        builder.body(Body::from("{}")).unwrap()
    };
    assert_eq!(
        send(&app, request_as(Some("carol"))).await.status,
        StatusCode::OK
    );
    let first = seen.lock().unwrap()[0].clone();
    assert_eq!(seen_body(&first)["bk_username"], "carol");
    assert!(!first.headers.contains_key("x-remote-user"));
    assert_eq!(
        send(&app, request_as(None)).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        send(&app, request_as(Some("  "))).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn itsm_non_object_body_is_400() {
    let (upstream, seen) = echo_upstream().await;
    let app = gateway(&itsm_config(upstream, r#"{ fixed = "admin" }"#));
    let reply = post_json(&app, CREATE, json!([1, 2])).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.json()["error"]["code"], "BAD_REQUEST");
    assert!(seen.lock().unwrap().is_empty());
}

#[tokio::test]
async fn dms_requests_are_signed_so_the_simulator_accepts_them() {
    let sim = Arc::new(Mutex::new(DmsSim::new(DMS_ID, DMS_SECRET)));
    let upstream = serve_on_loopback(ticket_gateway::kinds::dms::sim::router(sim.clone())).unwrap();
    let app = gateway(&dms_config(upstream));
    let plugin_param = r#"{"dbId": 1001, "exeSQL": "select 1"}"#;
    let query = format!(
        "Comment=needs+a%20review&PluginType=DATA_EXPORT&RelatedUserList=1,2&PluginParam={}",
        percent_encoding::utf8_percent_encode(plugin_param, percent_encoding::NON_ALPHANUMERIC)
    );
    let create = request(Method::POST, &format!("/proxy/dms/?{query}"))
        .header("x-acs-action", "CreateOrder")
        .header("x-acs-version", "2018-11-01")
        .header(
            "authorization",
            "ACS3-HMAC-SHA256 Credential=forged,SignedHeaders=host,Signature=00",
        )
        .body(Body::empty())
        .unwrap();
    let reply = send(&app, create).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(reply.json()["Success"], true);
    assert!(reply.json()["CreateOrderResult"]["OrderIds"][0].is_i64());
    let order_id = reply.json()["CreateOrderResult"]["OrderIds"][0].clone();
    let newest = sim.lock().unwrap().orders()[0].order.clone();
    assert_eq!(newest.comment, "needs a review");
    assert_eq!(order_id, newest.order_id);

    // Each request gets a fresh nonce and date, so a second call is accepted too.
    let list = request(Method::POST, "/proxy/dms/?PageNumber=1&PageSize=10")
        .header("x-acs-action", "ListOrders")
        .body(Body::empty())
        .unwrap();
    let reply = send(&app, list).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(reply.json()["Orders"]["Order"][0]["OrderId"], order_id);
}

#[tokio::test]
async fn dms_signature_headers_reach_the_upstream() {
    let (upstream, seen) = echo_upstream().await;
    let app = gateway(&dms_config(upstream));
    let call = request(Method::POST, "/proxy/dms/?Tid=2&OrderId=x+y")
        .header("x-acs-action", "GetOrderBaseInfo")
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&app, call).await.status, StatusCode::OK);
    let seen = seen.lock().unwrap()[0].clone();
    let authorization = seen.headers["authorization"].to_str().unwrap();
    assert!(authorization.starts_with(&format!(
        "ACS3-HMAC-SHA256 Credential={DMS_ID},SignedHeaders=host;x-acs-action;"
    )));
    assert_eq!(seen.headers["x-acs-version"], "2018-11-01");
    assert_eq!(seen.headers["host"], upstream.to_string());
    assert_eq!(
        seen.query.as_deref(),
        Some("OrderId=x%20y&Tid=2"),
        "the query goes as signed"
    );
    assert!(seen.headers["x-acs-date"].to_str().unwrap().ends_with('Z'));
}

#[tokio::test]
async fn dms_calls_with_another_version_or_unknown_parameters_are_not_signed() {
    let (upstream, seen) = echo_upstream().await;
    let app = gateway(&dms_config(upstream));
    let old_version = request(Method::POST, "/proxy/dms/?OrderId=1")
        .header("x-acs-action", "GetOrderBaseInfo")
        .header("x-acs-version", "2015-01-01")
        .body(Body::empty())
        .unwrap();
    let extra = request(Method::POST, "/proxy/dms/?OrderId=1&RegionId=cn-evil")
        .header("x-acs-action", "GetOrderBaseInfo")
        .body(Body::empty())
        .unwrap();
    let in_body = request(Method::POST, "/proxy/dms/?OrderId=1")
        .header("x-acs-action", "GetOrderBaseInfo")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from("RegionId=cn-evil"))
        .unwrap();
    for call in [old_version, extra, in_body] {
        let reply = send(&app, call).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.text());
        assert_eq!(reply.json()["error"]["code"], "BAD_REQUEST");
    }
    assert!(seen.lock().unwrap().is_empty(), "nothing reached DMS");
}

#[tokio::test]
async fn zstack_pass_through_forwards_only_the_oauth_session() {
    let (upstream, seen) = echo_upstream().await;
    let app = gateway(&zstack_config(upstream, false));
    let with_session = |auth: &str| {
        request(
            Method::GET,
            "/proxy/zstack/zstack/v1/tickets?q=status=Pending&limit=5",
        )
        .header("authorization", auth)
        .body(Body::empty())
        .unwrap()
    };
    send(&app, with_session("OAuth b86c9016b4f24953a9edefb53ca0678c")).await;
    send(&app, with_session("Bearer abc")).await;
    let seen = seen.lock().unwrap().clone();
    assert_eq!(
        seen[0].headers["authorization"],
        "OAuth b86c9016b4f24953a9edefb53ca0678c"
    );
    assert_eq!(seen[0].query.as_deref(), Some("q=status=Pending&limit=5"));
    assert!(!seen[1].headers.contains_key("authorization"));
}

async fn zstack_service_account_app() -> (axum::Router, Arc<Mutex<ZstackSim>>) {
    let sim = Arc::new(Mutex::new(ZstackSim::new(
        ("desk", ZSTACK_PASSWORD),
        ("nobody", "x"),
    )));
    let upstream =
        serve_on_loopback(ticket_gateway::kinds::zstack::sim::router(sim.clone())).unwrap();
    (gateway(&zstack_config(upstream, true)), sim)
}

#[tokio::test]
async fn zstack_service_account_logs_in_once_and_renews_after_invalid_session() {
    let (app, sim) = zstack_service_account_app().await;
    for _ in 0..3 {
        let reply = get(&app, "/proxy/zstack/zstack/v1/tickets").await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    }
    assert_eq!(sim.lock().unwrap().logins, 1, "the session must be reused");

    sim.lock().unwrap().expire_sessions();
    let reply = get(&app, "/proxy/zstack/zstack/v1/tickets").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(
        sim.lock().unwrap().logins,
        2,
        "an invalid session must trigger one new login"
    );
}

#[tokio::test]
async fn zstack_service_account_login_failure_is_502_without_the_password() {
    let sim = Arc::new(Mutex::new(ZstackSim::new(
        ("desk", "another-password"),
        ("n", "x"),
    )));
    let upstream = serve_on_loopback(ticket_gateway::kinds::zstack::sim::router(sim)).unwrap();
    let app = gateway(&zstack_config(upstream, true));
    let reply = get(&app, "/proxy/zstack/zstack/v1/tickets").await;
    assert_eq!(reply.status, StatusCode::BAD_GATEWAY);
    assert_eq!(reply.json()["error"]["code"], "BAD_GATEWAY");
    assert!(reply.text().contains("login failed"), "{}", reply.text());
    assert!(!reply.text().contains(ZSTACK_PASSWORD));
}

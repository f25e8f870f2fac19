//! Host, origin, marker-header and content-type rules; what vendor headers come back.

mod common;

use axum::body::Body;
use axum::http::{Method, StatusCode};
use axum::response::IntoResponse;
use axum::Router;
use common::demo::*;
use common::*;
use serde_json::json;

const CREATE: &str = "/proxy/itsm/api/c/compapi/v2/itsm/create_ticket/";
const HOST: &str = "127.0.0.1:8080";
const OWN_ORIGIN: &str = "http://127.0.0.1:8080";
const CORS_ORIGIN: &str = "https://desk.example.com";

fn ticket() -> String {
    json!({"service_id": 2, "creator": "admin", "fields": [
        {"key": "title", "value": "Grafana editor access"}, {"key": "system", "value": "grafana"},
        {"key": "permissions", "value": "read,write"}, {"key": "reason", "value": "on-call"},
        {"key": "APPROVER", "value": "alice,bob"}]})
    .to_string()
}

/// `create_ticket` with a valid ticket body and these headers.
fn create_with(headers: &[(&str, &str)]) -> axum::http::Request<Body> {
    headers
        .iter()
        .fold(request(Method::POST, CREATE), |call, (name, value)| {
            call.header(*name, *value)
        })
        .body(Body::from(ticket()))
        .unwrap()
}

async fn ticket_count(app: &Router) -> u64 {
    let data = itsm_data(&itsm(app, "get_tickets", json!({"page_size": 1})).await);
    data["count"].as_u64().unwrap()
}

fn assert_refused(reply: &Reply, status: StatusCode, code: &str) {
    assert_eq!(reply.status, status, "{}", reply.text());
    assert_eq!(reply.json()["error"]["code"], code, "{}", reply.text());
}

/// A page on another site posting `text/plain` (a "simple" request, no preflight).
#[tokio::test]
async fn a_cross_site_simple_post_files_nothing() {
    let (app, _vendors) = demo_app().await;
    let before = ticket_count(&app).await;

    let csrf = create_with(&[
        ("host", HOST),
        ("content-type", "text/plain"),
        ("origin", "https://evil.example"),
        ("sec-fetch-site", "cross-site"),
    ]);
    assert_refused(&send(&app, csrf).await, StatusCode::FORBIDDEN, "FORBIDDEN");

    // Cross-site even without an Origin header (e.g. a form navigation).
    let no_origin = create_with(&[
        ("sec-fetch-site", "cross-site"),
        ("content-type", "application/json"),
        ("x-ticket-desk", "1"),
    ]);
    assert_refused(
        &send(&app, no_origin).await,
        StatusCode::FORBIDDEN,
        "FORBIDDEN",
    );

    // Same origin but no marker header: not the app.
    let unmarked = create_with(&[
        ("host", HOST),
        ("origin", OWN_ORIGIN),
        ("sec-fetch-site", "same-origin"),
        ("content-type", "application/json"),
    ]);
    assert_refused(
        &send(&app, unmarked).await,
        StatusCode::FORBIDDEN,
        "FORBIDDEN",
    );

    // A script (no Origin) with the wrong content type.
    let text_plain = create_with(&[("content-type", "text/plain")]);
    assert_refused(
        &send(&app, text_plain).await,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "UNSUPPORTED_MEDIA_TYPE",
    );

    assert_eq!(ticket_count(&app).await, before, "nothing was filed");
}

#[tokio::test]
async fn the_app_on_its_own_origin_with_the_marker_files_a_ticket() {
    let (app, _vendors) = demo_app().await;
    let before = ticket_count(&app).await;
    let call = create_with(&[
        ("host", HOST),
        ("origin", OWN_ORIGIN),
        ("sec-fetch-site", "same-origin"),
        ("sec-fetch-mode", "cors"),
        ("x-ticket-desk", "1"),
        ("content-type", "application/json; charset=utf-8"),
    ]);
    let reply = send(&app, call).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    itsm_data(&reply);
    assert_eq!(ticket_count(&app).await, before + 1);

    // A same-origin GET carries no Origin, only Sec-Fetch-*: the marker is enough.
    let get = request(
        Method::GET,
        "/proxy/itsm/api/c/compapi/v2/itsm/get_services/",
    )
    .header("host", HOST)
    .header("sec-fetch-site", "same-origin")
    .header("x-ticket-desk", "1")
    .body(Body::empty())
    .unwrap();
    assert_eq!(send(&app, get).await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_foreign_host_is_421_everywhere_but_the_probes() {
    let (app, _vendors) = demo_app().await;
    for uri in [
        "/",
        "/index.html",
        "/itsm/tickets",
        "/metrics",
        "/proxy/itsm/api/c/compapi/v2/itsm/get_services/",
    ] {
        let call = request(Method::GET, uri)
            .header("host", "rebind.evil.example:8080")
            .body(Body::empty())
            .unwrap();
        assert_refused(
            &send(&app, call).await,
            StatusCode::MISDIRECTED_REQUEST,
            "MISDIRECTED_REQUEST",
        );
    }
    let dms = request(Method::POST, "/proxy/dms/")
        .header("host", "rebind.evil.example")
        .header("x-acs-action", "ListOrders")
        .body(Body::empty())
        .unwrap();
    assert_eq!(
        send(&app, dms).await.status,
        StatusCode::MISDIRECTED_REQUEST
    );
    for uri in ["/healthz", "/readyz"] {
        let call = request(Method::GET, uri)
            .header("host", "10.1.2.3:8080")
            .body(Body::empty())
            .unwrap();
        assert_eq!(send(&app, call).await.status, StatusCode::OK, "{uri}");
    }
    for host in ["localhost:8080", "127.0.0.1", "[::1]:8080", "LOCALHOST"] {
        let call = request(Method::GET, "/")
            .header("host", host)
            .body(Body::empty())
            .unwrap();
        assert_eq!(send(&app, call).await.status, StatusCode::OK, "{host}");
    }
}

#[tokio::test]
async fn configured_allowed_hosts_replace_the_defaults() {
    let (_, vendors) = demo_app().await;
    let mut config = vendors.config();
    config.allowed_hosts = Some(vec!["desk.example.com".into()]);
    let app = gateway(&config);
    let at = |host: &'static str| {
        request(Method::GET, "/")
            .header("host", host)
            .body(Body::empty())
            .unwrap()
    };
    assert_eq!(
        send(&app, at("desk.example.com")).await.status,
        StatusCode::OK
    );
    assert_eq!(
        send(&app, at("localhost:8080")).await.status,
        StatusCode::MISDIRECTED_REQUEST
    );
}

fn preflight(origin: &str) -> axum::http::Request<Body> {
    request(Method::OPTIONS, CREATE)
        .header("host", "gateway.example.com")
        .header("origin", origin)
        .header("sec-fetch-site", "cross-site")
        .header("sec-fetch-mode", "cors")
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "content-type,x-ticket-desk",
        )
        .body(Body::empty())
        .unwrap()
}

#[tokio::test]
async fn preflights_are_answered_for_cors_origins_only() {
    let (_, vendors) = demo_app().await;
    let mut config = vendors.config();
    config.allowed_hosts = Some(vec!["gateway.example.com".into()]);
    config.cors_origins = vec![CORS_ORIGIN.into()];
    let app = gateway(&config);

    let reply = send(&app, preflight(CORS_ORIGIN)).await;
    assert!(reply.status.is_success(), "{}", reply.status);
    let header = |name: &str| reply.headers[name].to_str().unwrap().to_ascii_lowercase();
    assert_eq!(header("access-control-allow-origin"), CORS_ORIGIN);
    assert_eq!(header("access-control-allow-credentials"), "true");
    assert!(header("access-control-allow-methods").contains("post"));
    for allowed in [
        "content-type",
        "x-ticket-desk",
        "x-acs-action",
        "x-acs-version",
        "authorization",
    ] {
        assert!(
            header("access-control-allow-headers").contains(allowed),
            "{allowed}"
        );
    }
    assert!(header("vary").contains("origin"));

    let other = send(&app, preflight("https://evil.example")).await;
    assert_eq!(other.status, StatusCode::FORBIDDEN);
    assert!(!other.headers.contains_key("access-control-allow-origin"));

    // The app on the other origin then calls with its marker header.
    let call = create_with(&[
        ("host", "gateway.example.com"),
        ("origin", CORS_ORIGIN),
        ("sec-fetch-site", "cross-site"),
        ("x-ticket-desk", "1"),
        ("content-type", "application/json"),
    ]);
    let reply = send(&app, call).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(reply.headers["access-control-allow-origin"], CORS_ORIGIN);

    // Without cors_origins there is no CORS at all: the same preflight is refused.
    let mut plain = vendors.config();
    plain.allowed_hosts = Some(vec!["gateway.example.com".into()]);
    let reply = send(&gateway(&plain), preflight(CORS_ORIGIN)).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn vendor_cors_and_cookie_headers_never_reach_the_browser() {
    let upstream = Router::new().fallback(|| async {
        (
            [
                ("access-control-allow-origin", "*"),
                ("access-control-allow-credentials", "true"),
                ("set-cookie", "vendor=1; Path=/"),
                ("cache-control", "public, max-age=3600"),
                ("x-acs-request-id", "req-42"),
                ("x-powered-by", "vendor"),
                ("content-type", "application/json"),
            ],
            r#"{"result":true,"code":0,"data":[]}"#,
        )
            .into_response()
    });
    let addr = ticket_gateway::demo::serve_on_loopback(upstream).unwrap();
    let app = gateway(&itsm_config(addr, r#"{ fixed = "admin" }"#));
    let reply = get(&app, "/proxy/itsm/api/c/compapi/v2/itsm/get_services/").await;
    assert_eq!(reply.status, StatusCode::OK);
    for dropped in [
        "access-control-allow-origin",
        "access-control-allow-credentials",
        "set-cookie",
        "x-powered-by",
    ] {
        assert!(!reply.headers.contains_key(dropped), "{dropped} came back");
    }
    assert_eq!(reply.headers["x-acs-request-id"], "req-42");
    assert_eq!(reply.headers["cache-control"], "no-store");
    assert_eq!(reply.headers["content-type"], "application/json");
}

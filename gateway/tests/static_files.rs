//! Serving the built app.

mod common;

use axum::http::StatusCode;
use base64::Engine;
use common::*;
use sha2::{Digest, Sha256};
use ticket_gateway::static_files::Site;

fn assert_security_headers(reply: &Reply) {
    let csp = reply.headers["content-security-policy"].to_str().unwrap();
    for directive in [
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval' 'sha256-",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ] {
        assert!(csp.contains(directive), "{directive} missing from {csp}");
    }
    assert!(!csp.contains("unsafe-inline"));
    assert_eq!(reply.headers["x-content-type-options"], "nosniff");
    assert_eq!(reply.headers["referrer-policy"], "no-referrer");
    assert_eq!(reply.headers["x-frame-options"], "DENY");
}

fn app() -> axum::Router {
    gateway(&config_from(""))
}

#[tokio::test]
async fn index_has_a_csp_with_the_inline_loader_hash() {
    let reply = get(&app(), "/").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.text(), INDEX_HTML);
    assert_security_headers(&reply);
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(INLINE_SCRIPT));
    let csp = reply.headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains(&format!("'sha256-{hash}'")), "{csp}");
    assert_eq!(csp.matches("'sha256-").count(), 1);
}

#[tokio::test]
async fn assets_are_served_with_their_types() {
    let app = app();
    let wasm = get(&app, "/app_bg.wasm").await;
    assert_eq!(wasm.status, StatusCode::OK);
    assert_eq!(wasm.headers["content-type"], "application/wasm");
    assert_security_headers(&wasm);
    let js = get(&app, "/app.js").await;
    assert!(js.headers["content-type"]
        .to_str()
        .unwrap()
        .contains("javascript"));
}

#[tokio::test]
async fn app_routes_fall_back_to_index_but_missing_files_do_not() {
    let app = app();
    for route in ["/itsm/tickets", "/dms/new?page=3", "/zstack"] {
        let reply = get(&app, route).await;
        assert_eq!(reply.status, StatusCode::OK, "{route}");
        assert_eq!(reply.text(), INDEX_HTML, "{route}");
        assert_security_headers(&reply);
    }
    let missing = get(&app, "/missing.js").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_security_headers(&missing);
    let proxy = get(&app, "/proxy/itsm/x").await;
    assert_eq!(proxy.status, StatusCode::NOT_FOUND);
    assert_eq!(proxy.json()["error"]["code"], "NOT_FOUND");
}

#[test]
fn missing_dist_or_index_is_a_clear_error() {
    let missing = std::env::temp_dir().join("ticket-gateway-no-such-dist");
    let error = Site::load(&missing).unwrap_err().to_string();
    assert!(error.contains("ticket-gateway-no-such-dist"), "{error}");

    let empty = temp_dist();
    std::fs::remove_file(empty.join("index.html")).unwrap();
    let error = Site::load(&empty).unwrap_err().to_string();
    assert!(
        error.contains(&empty.join("index.html").display().to_string()),
        "{error}"
    );
}

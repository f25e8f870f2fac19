//! Compressed delivery: precompressed files from dist, compressed proxy replies, cache headers.

mod common;

use std::io::Read;
use std::path::Path;

use axum::body::Body;
use axum::http::{Method, StatusCode};
use axum::Router;
use common::demo::{demo_app, itsm_data, ITSM_API};
use common::*;
use serde_json::{json, Value};
use ticket_gateway::static_files::Site;

const WASM: &str = "ticket-desk-9c3b670366b56ae1_bg.wasm";
const JS: &str = "ticket-desk-9c3b670366b56ae1.js";
const CSS: &str = "main-5ca2b56ff974773.css";
const WASM_BYTES: &[u8] = b"\0asm\x01\0\0\0 the module, uncompressed";
const WASM_BR: &[u8] = b"brotli bytes of the module";
const WASM_GZ: &[u8] = b"gzip bytes of the module";
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// A dist folder as Trunk and scripts/precompress.sh leave it: hashed assets with `.br` and
/// `.gz` beside them, config.json without.
fn built_dist() -> std::path::PathBuf {
    let dist = temp_dist();
    let write = |name: &str, bytes: &[u8]| std::fs::write(dist.join(name), bytes).unwrap();
    write(WASM, WASM_BYTES);
    write(&format!("{WASM}.br"), WASM_BR);
    write(&format!("{WASM}.gz"), WASM_GZ);
    write(JS, b"export default 1;");
    write(CSS, b"body { margin: 0 }");
    // Leftovers that must never be served: the gateway answers index.html from the copy it read
    // at start-up, and operators edit config.json after deploy.
    write("index.html.br", b"brotli index");
    write("config.json", br#"{"backends": []}"#);
    write("config.json.br", b"stale brotli config");
    dist
}

fn app_over(dist: &Path) -> Router {
    let site = Site::load(dist).unwrap();
    ticket_gateway::server::app(&config_from(""), &site).unwrap()
}

async fn get_encoded(app: &Router, uri: &str, accept: Option<&str>) -> Reply {
    let mut builder = request(Method::GET, uri);
    if let Some(accept) = accept {
        builder = builder.header("accept-encoding", accept);
    }
    send(app, builder.body(Body::empty()).unwrap()).await
}

fn header<'a>(reply: &'a Reply, name: &str) -> Option<&'a str> {
    reply.headers.get(name).map(|value| value.to_str().unwrap())
}

#[tokio::test]
async fn wasm_is_served_precompressed_by_what_the_browser_accepts() {
    let app = app_over(&built_dist());
    let uri = format!("/{WASM}");
    let brotli = get_encoded(&app, &uri, Some("gzip, deflate, br")).await;
    assert_eq!(brotli.status, StatusCode::OK);
    assert_eq!(header(&brotli, "content-encoding"), Some("br"));
    assert_eq!(header(&brotli, "content-type"), Some("application/wasm"));
    assert_eq!(&brotli.body[..], WASM_BR);
    assert_eq!(header(&brotli, "vary"), Some("accept-encoding"));

    let gzip = get_encoded(&app, &uri, Some("gzip")).await;
    assert_eq!(header(&gzip, "content-encoding"), Some("gzip"));
    assert_eq!(&gzip.body[..], WASM_GZ);

    for accept in [None, Some("identity"), Some("zstd")] {
        let plain = get_encoded(&app, &uri, accept).await;
        assert_eq!(header(&plain, "content-encoding"), None, "{accept:?}");
        assert_eq!(&plain.body[..], WASM_BYTES, "{accept:?}");
    }
}

#[tokio::test]
async fn config_json_and_index_html_are_never_served_from_a_compressed_copy() {
    let app = app_over(&built_dist());
    let config = get_encoded(&app, "/config.json", Some("br, gzip")).await;
    assert_eq!(config.status, StatusCode::OK);
    assert_eq!(header(&config, "content-encoding"), None);
    assert_eq!(config.text(), r#"{"backends": []}"#);
    for page in ["/", "/index.html"] {
        let index = get_encoded(&app, page, Some("br, gzip")).await;
        assert_eq!(header(&index, "content-encoding"), None, "{page}");
        assert_eq!(index.text(), INDEX_HTML, "{page}");
    }
}

#[tokio::test]
async fn hashed_assets_are_immutable_and_the_rest_revalidated() {
    let app = app_over(&built_dist());
    for asset in [WASM, JS, CSS] {
        for accept in [None, Some("br")] {
            let reply = get_encoded(&app, &format!("/{asset}"), accept).await;
            assert_eq!(reply.status, StatusCode::OK, "{asset}");
            assert_eq!(header(&reply, "cache-control"), Some(IMMUTABLE), "{asset}");
        }
    }
    for page in [
        "/",
        "/index.html",
        "/config.json",
        "/itsm/tickets",
        "/app.js",
    ] {
        let reply = get_encoded(&app, page, Some("br")).await;
        assert_eq!(reply.status, StatusCode::OK, "{page}");
        assert_eq!(header(&reply, "cache-control"), Some("no-cache"), "{page}");
    }
    let missing = get(&app, "/missing-9c3b670366b56ae1.js").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(header(&missing, "cache-control"), Some("no-cache"));
}

#[tokio::test]
async fn the_spa_fallback_keeps_its_headers() {
    let app = app_over(&built_dist());
    let reply = get_encoded(&app, "/dms/new", Some("br")).await;
    assert_eq!(reply.text(), INDEX_HTML);
    assert_eq!(header(&reply, "cache-control"), Some("no-cache"));
    assert!(header(&reply, "content-security-policy").is_some());
    assert_eq!(header(&reply, "x-frame-options"), Some("DENY"));
}

fn brotli_decode(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli_decompressor::Decompressor::new(bytes, 4096)
        .read_to_end(&mut out)
        .unwrap();
    out
}

fn gzip_decode(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    out
}

async fn itsm_page(app: &Router, accept: Option<&str>) -> Reply {
    let mut builder = request(Method::POST, &format!("{ITSM_API}get_tickets/"))
        .header("content-type", "application/json");
    if let Some(accept) = accept {
        builder = builder.header("accept-encoding", accept);
    }
    let body = json!({"page": 1, "page_size": 10000}).to_string();
    send(app, builder.body(Body::from(body)).unwrap()).await
}

#[tokio::test]
async fn a_ten_thousand_row_page_comes_back_compressed_when_asked() {
    let (app, _vendors) = demo_app().await;
    let plain = itsm_page(&app, None).await;
    assert_eq!(header(&plain, "content-encoding"), None);
    let rows = itsm_data(&plain)["items"].as_array().unwrap().len();
    assert_eq!(rows, 10_000);

    let brotli = itsm_page(&app, Some("br")).await;
    assert_eq!(header(&brotli, "content-encoding"), Some("br"));
    assert!(
        brotli.body.len() * 5 < plain.body.len(),
        "{}",
        brotli.body.len()
    );
    let decoded: Value = serde_json::from_slice(&brotli_decode(&brotli.body)).unwrap();
    assert_eq!(decoded, plain.json());

    let gzip = itsm_page(&app, Some("gzip")).await;
    assert_eq!(header(&gzip, "content-encoding"), Some("gzip"));
    let decoded: Value = serde_json::from_slice(&gzip_decode(&gzip.body)).unwrap();
    assert_eq!(decoded, plain.json());
}

#[tokio::test]
async fn upstream_calls_stay_uncompressed_and_masking_comes_first() {
    let (upstream, seen) = echo_upstream().await;
    let app = gateway(&itsm_config(upstream, "{ fixed = \"admin\" }"));
    let call = request(Method::POST, &format!("{ITSM_API}get_tickets/"))
        .header("content-type", "application/json")
        .header("accept-encoding", "br")
        .body(Body::from(
            json!({"page": 1, "padding": "x".repeat(2000)}).to_string(),
        ))
        .unwrap();
    let reply = send(&app, call).await;
    assert_eq!(header(&reply, "content-encoding"), Some("br"));
    assert!(seen.lock().unwrap()[0]
        .headers
        .get("accept-encoding")
        .is_none());
    // The echo carries the body the gateway sent, app secret included: masked before compression.
    let text = String::from_utf8(brotli_decode(&reply.body)).unwrap();
    assert!(text.contains("bk_app_secret"), "{text}");
    assert!(!text.contains(ITSM_SECRET), "{text}");
}

#[tokio::test]
async fn an_encoded_upstream_reply_is_refused_rather_than_passed_unmasked() {
    let router = Router::new().fallback(|| async {
        (
            [("content-encoding", "gzip")],
            format!("{ITSM_SECRET} hidden"),
        )
    });
    let upstream = ticket_gateway::demo::serve_on_loopback(router).unwrap();
    let app = gateway(&itsm_config(upstream, "{ fixed = \"admin\" }"));
    let reply = post_json(&app, &format!("{ITSM_API}get_tickets/"), json!({})).await;
    assert_eq!(reply.status, StatusCode::BAD_GATEWAY);
    assert_eq!(reply.json()["error"]["code"], "BAD_GATEWAY");
    assert!(!reply.everything().contains(ITSM_SECRET));
}

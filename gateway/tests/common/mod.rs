//! Shared test helpers: stub upstreams, a temporary dist folder, log capture, request helpers.
#![allow(dead_code)]

use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use ticket_gateway::config::{self, Config};
use ticket_gateway::demo::serve_on_loopback;
use ticket_gateway::static_files::Site;
use tower::ServiceExt;

pub mod demo;

pub const ITSM_SECRET: &str = "itsm-app-secret-Zq9";
pub const DMS_ID: &str = "dms-key-id-Kx1";
pub const DMS_SECRET: &str = "dms-key-secret-Vb7";
pub const ZSTACK_PASSWORD: &str = "zstack-password-Hm3";

pub fn test_env(name: &str) -> Option<String> {
    match name {
        "ITSM_SECRET" => Some(ITSM_SECRET.into()),
        "DMS_ID" => Some(DMS_ID.into()),
        "DMS_SECRET" => Some(DMS_SECRET.into()),
        "ZS_PASSWORD" => Some(ZSTACK_PASSWORD.into()),
        // The ZStack simulator's own account, for a service account in front of it.
        "ZS_LAB_PASSWORD" => Some(ticket_gateway::kinds::zstack::sim::ACCOUNT.1.into()),
        _ => None,
    }
}

/// A config from TOML text with the test secrets in its "environment".
pub fn config_from(toml: &str) -> Config {
    let mut config = config::parse(Path::new("test.toml"), toml, &test_env).expect("test config");
    config.use_env_proxy = false;
    config
}

pub fn itsm_config(upstream: SocketAddr, user: &str) -> Config {
    config_from(&format!(
        "[itsm]\nupstream = \"http://{upstream}\"\napp_code = \"desk\"\napp_secret_env = \"ITSM_SECRET\"\nuser = {user}\n"
    ))
}

pub fn dms_config(upstream: SocketAddr) -> Config {
    config_from(&format!(
        "[dms]\nupstream = \"http://{upstream}\"\naccess_key_id_env = \"DMS_ID\"\naccess_key_secret_env = \"DMS_SECRET\"\n"
    ))
}

pub fn zstack_config(upstream: SocketAddr, service_account: bool) -> Config {
    let mode = if service_account {
        "mode = \"service-account\"\naccount_name = \"desk\"\npassword_env = \"ZS_PASSWORD\"\n"
    } else {
        "mode = \"pass-through\"\n"
    };
    config_from(&format!(
        "[zstack]\nupstream = \"http://{upstream}\"\n{mode}"
    ))
}

/// A dist folder with an index.html (one inline script) and one asset.
pub fn temp_dist() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ticket-gateway-test-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), INDEX_HTML).unwrap();
    std::fs::write(dir.join("app_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(dir.join("app.js"), b"export default 1;").unwrap();
    dir
}

pub const INLINE_SCRIPT: &str =
    "\nimport init, * as bindings from '/app.js';\nconst wasm = await init({ module_or_path: '/app_bg.wasm' });\n";
pub const INDEX_HTML: &str = concat!(
    "<!DOCTYPE html><html><head><link rel=\"modulepreload\" href=\"/app.js\">",
    "<script type=\"module\">",
    "\nimport init, * as bindings from '/app.js';\nconst wasm = await init({ module_or_path: '/app_bg.wasm' });\n",
    "</script></head><body></body></html>"
);

/// The gateway app for a config, with a temporary dist folder.
pub fn gateway(config: &Config) -> Router {
    let site = Site::load(&temp_dist()).unwrap();
    ticket_gateway::server::app(config, &site).unwrap()
}

/// What an echo upstream saw last.
#[derive(Debug, Clone, Default)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub headers: HeaderMap,
    pub body: Bytes,
}

pub type SeenLog = Arc<Mutex<Vec<Seen>>>;

/// An upstream that records each request and echoes all of it back as JSON, with a
/// `Set-Cookie` and a hop-by-hop header the gateway must drop.
pub async fn echo_upstream() -> (SocketAddr, SeenLog) {
    let seen: SeenLog = Arc::default();
    let router = Router::new().fallback(echo).with_state(seen.clone());
    (serve_on_loopback(router).unwrap(), seen)
}

async fn echo(State(seen): State<SeenLog>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let body = body.collect().await.unwrap().to_bytes();
    let headers: serde_json::Map<String, Value> = parts
        .headers
        .iter()
        .map(|(k, v)| (k.to_string(), json!(v.to_str().unwrap_or("?"))))
        .collect();
    seen.lock().unwrap().push(Seen {
        method: parts.method.to_string(),
        path: parts.uri.path().to_string(),
        query: parts.uri.query().map(str::to_string),
        headers: parts.headers.clone(),
        body: body.clone(),
    });
    let echo = json!({
        "method": parts.method.as_str(), "path": parts.uri.path(), "query": parts.uri.query(),
        "headers": headers, "body": String::from_utf8_lossy(&body),
    });
    (
        [
            ("set-cookie", "upstream=1"),
            ("x-upstream", "yes"),
            ("keep-alive", "timeout=5"),
        ],
        Json(echo),
    )
        .into_response()
}

/// An upstream that answers after `delay`.
pub async fn slow_upstream(delay: Duration) -> SocketAddr {
    let router = Router::new().fallback(move || async move {
        tokio::time::sleep(delay).await;
        "late"
    });
    serve_on_loopback(router).unwrap()
}

/// A loopback address nothing listens on.
pub async fn closed_port() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    addr
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Body and every header value, for leak checks.
    pub fn everything(&self) -> String {
        let headers: String = self
            .headers
            .iter()
            .map(|(k, v)| format!("{k}: {}\n", String::from_utf8_lossy(v.as_bytes())))
            .collect();
        format!("{headers}\n{}", self.text())
    }
}

pub async fn send(app: &Router, request: axum::http::Request<Body>) -> Reply {
    let response = app.clone().oneshot(request).await.unwrap();
    let (parts, body) = response.into_parts();
    Reply {
        status: parts.status,
        headers: parts.headers,
        body: body.collect().await.unwrap().to_bytes(),
    }
}

pub fn request(method: Method, uri: &str) -> axum::http::request::Builder {
    axum::http::Request::builder().method(method).uri(uri)
}

pub async fn get(app: &Router, uri: &str) -> Reply {
    send(app, request(Method::GET, uri).body(Body::empty()).unwrap()).await
}

pub async fn post_json(app: &Router, uri: &str, body: Value) -> Reply {
    let request = request(Method::POST, uri)
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    send(app, request).await
}

/// Captures every log line (all levels) of the current thread while the guard lives. Use with
/// `#[tokio::test]` (current-thread runtime), so spawned servers log on this thread too.
#[derive(Clone, Default)]
pub struct LogBuffer(Arc<Mutex<Vec<u8>>>);

impl LogBuffer {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl Write for LogBuffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

pub fn capture_logs() -> (LogBuffer, tracing::subscriber::DefaultGuard) {
    let buffer = LogBuffer::default();
    let writer = buffer.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    (buffer, tracing::subscriber::set_default(subscriber))
}

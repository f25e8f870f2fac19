//! Helpers for the `--demo` end-to-end tests: the gateway in front of the three simulators,
//! and browser-shaped calls for each back-end.

use axum::body::Body;
use axum::http::Method;
use axum::http::StatusCode;
use axum::Router;
use serde_json::{json, Value};
use ticket_gateway::demo::{self, DemoVendors};
use vendors::zstack::hash_password as password_hash;

use super::{gateway, post_json, request, send, Reply};

pub const ITSM_API: &str = "/proxy/itsm/api/c/compapi/v2/itsm/";

/// The demo gateway with the simulators' knobs read from `env`.
pub async fn demo_app_with(env: impl Fn(&str) -> Option<String>) -> (Router, DemoVendors) {
    let vendors = demo::start_with(&env).await.unwrap();
    (gateway(&vendors.config()), vendors)
}

pub async fn demo_app() -> (Router, DemoVendors) {
    demo_app_with(|_| None).await
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().build().unwrap()
}

/// POST an ITSM call through the proxy.
pub async fn itsm(app: &Router, call: &str, body: Value) -> Reply {
    post_json(app, &format!("{ITSM_API}{call}/"), body).await
}

/// `data` of a successful ITSM envelope (panics with the envelope otherwise).
pub fn itsm_data(reply: &Reply) -> Value {
    let body = reply.json();
    assert_eq!(body["result"], true, "{body}");
    assert_eq!(body["code"], 0, "{body}");
    body["data"].clone()
}

/// Asserts a BlueKing error envelope (HTTP 200) and returns its message.
pub fn itsm_error(reply: &Reply) -> String {
    assert_eq!(reply.status, 200, "{}", reply.text());
    let body = reply.json();
    assert_eq!(body["result"], false, "{body}");
    assert_ne!(body["code"], 0, "{body}");
    assert!(body["data"].is_null(), "{body}");
    body["message"].as_str().unwrap().to_string()
}

/// A DMS action through the proxy, parameters in the query as the app sends them.
pub async fn dms(app: &Router, action: &str, params: &[(&str, &str)]) -> Reply {
    let pairs: Vec<(String, String)> = params
        .iter()
        .map(|(key, value)| (key.to_string(), value.to_string()))
        .collect();
    let call = request(
        Method::POST,
        &format!("/proxy/dms/?{}", vendors::encode_query(&pairs)),
    )
    .header("x-acs-action", action)
    .header("x-acs-version", "2018-11-01")
    .body(Body::empty())
    .unwrap();
    send(app, call).await
}

pub async fn zstack_login(app: &Router) -> String {
    let body =
        json!({"logInByAccount": {"accountName": "admin", "password": password_hash("password")}});
    let reply = zstack(
        app,
        Method::PUT,
        "/zstack/v1/accounts/login",
        None,
        Some(body),
    )
    .await;
    reply.json()["inventory"]["uuid"]
        .as_str()
        .unwrap_or_else(|| panic!("no session in {}", reply.text()))
        .to_string()
}

/// A ZStack call through the proxy; `path` may be `/zstack/...` or already `/proxy/zstack/...`.
pub async fn zstack(
    app: &Router,
    method: Method,
    path: &str,
    session: Option<&str>,
    body: Option<Value>,
) -> Reply {
    let uri = if path.starts_with("/proxy/") {
        path.to_string()
    } else {
        format!("/proxy/zstack{path}")
    };
    let mut builder = request(method, &uri).header("content-type", "application/json");
    if let Some(session) = session {
        builder = builder.header("authorization", format!("OAuth {session}"));
    }
    let body = body.map_or_else(Body::empty, |body| Body::from(body.to_string()));
    send(app, builder.body(body).unwrap()).await
}

/// A valid CreateTicket body.
pub fn zstack_ticket(name: &str) -> Value {
    json!({"params": {"name": name, "description": "made by a test",
        "requests": [{"requestName": "create vm", "apiName": "org.zstack.header.vm.APICreateVmInstanceMsg",
            "executeTimes": 1.0, "apiBody": {"name": "vm-1", "instanceOfferingUuid": "46466abc6c8931fdaab7a8df43e4f175",
            "imageUuid": "43e997234af63863b28a5e9987e1d122", "l3NetworkUuids": ["8b4ddd66c7ba30598cdc7ab835e04f96"]}}],
        "accountSystemType": "iam2",
        "accountSystemContext": {"projectUuid": "28c9a199e3e842d28c9805eb89be56cb",
            "virtualIDUuid": "1c255722caf34cb888b57d11a744248c"}},
        "systemTags": [], "userTags": []})
}

/// `k=v&...` with each value percent-encoded, as the app's call builder sends conditions
/// such as `q=createDate>=Jun 1, 2025 12:00:00 AM`.
pub fn encoded(query: &str) -> String {
    let pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (key.to_string(), value.to_string())
        })
        .collect();
    vendors::encode_query(&pairs)
}

/// QueryTicket with the given query string; the decoded answer.
pub async fn zstack_query(app: &Router, session: &str, query: &str) -> Value {
    let query = encoded(query);
    let reply = zstack(
        app,
        Method::GET,
        &format!("/zstack/v1/tickets?{query}"),
        Some(session),
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{query}: {}", reply.text());
    reply.json()
}

pub fn names(answer: &Value) -> Vec<String> {
    answer["inventories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap().to_string())
        .collect()
}

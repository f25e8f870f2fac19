//! BlueKing ITSM simulator: checks the app code/secret and user like the ESB/API gateway, and
//! answers in the BlueKing envelope `{result, code, message, data}`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use crate::proxy::request::{cookie, decode_query};

/// Envelope codes. BlueKing's published numbers vary by release; clients rely on
/// `result`/`code != 0`/`message`, so these are this simulator's own (unverified numbers).
pub const CODE_APP_AUTH_FAILED: i64 = 1_306_401;
pub const CODE_USER_AUTH_FAILED: i64 = 1_306_402;
pub const CODE_INVALID_PARAMS: i64 = 3_900_001;
pub const CODE_NOT_FOUND: i64 = 3_900_404;

pub type SharedItsm = Arc<Mutex<ItsmSim>>;

/// In-memory ITSM: the expected app credentials and the tickets filed so far.
#[derive(Debug)]
pub struct ItsmSim {
    app_code: String,
    app_secret: String,
    pub tickets: Vec<Value>,
}

impl ItsmSim {
    pub fn new(app_code: &str, app_secret: &str) -> Self {
        Self {
            app_code: app_code.into(),
            app_secret: app_secret.into(),
            tickets: Vec::new(),
        }
    }
}

pub fn router(state: SharedItsm) -> Router {
    Router::new()
        .route(
            "/api/c/compapi/v2/itsm/{call}/",
            post(post_call).get(get_call),
        )
        .with_state(state)
}

type Envelope = Json<Value>;

pub fn ok(data: Value) -> Envelope {
    Json(json!({"result": true, "code": 0, "message": "success", "data": data}))
}

pub fn fail(code: i64, message: impl Into<String>) -> Envelope {
    Json(json!({"result": false, "code": code, "message": message.into(), "data": null}))
}

/// The common parameters, from `X-Bkapi-Authorization` or else from the body/query.
fn authenticate(
    sim: &ItsmSim,
    headers: &HeaderMap,
    params: &Map<String, Value>,
) -> Result<String, Envelope> {
    let header: Option<Map<String, Value>> = headers
        .get("x-bkapi-authorization")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| serde_json::from_str(value).ok());
    let source = header.as_ref().unwrap_or(params);
    let text = |key: &str| {
        source
            .get(key)
            .and_then(Value::as_str)
            .filter(|v| !v.is_empty())
    };
    match (text("bk_app_code"), text("bk_app_secret")) {
        (Some(code), Some(secret)) if code == sim.app_code && secret == sim.app_secret => {}
        (None, _) | (_, None) => {
            return Err(fail(
                CODE_APP_AUTH_FAILED,
                "bk_app_code or bk_app_secret is missing",
            ))
        }
        _ => {
            return Err(fail(
                CODE_APP_AUTH_FAILED,
                "app code or app secret is not correct",
            ))
        }
    }
    // Any non-empty login token stands for a signed-in user; the cookie counts too.
    let token = text("bk_token")
        .map(str::to_string)
        .or_else(|| cookie(headers, "bk_token"));
    match (text("bk_username"), token) {
        (Some(username), _) => Ok(username.to_string()),
        (None, Some(token)) => Ok(format!("user-{}", &token[..token.len().min(8)])),
        (None, None) => Err(fail(
            CODE_USER_AUTH_FAILED,
            "user authentication failed: bk_token or bk_username is required",
        )),
    }
}

async fn post_call(
    State(state): State<SharedItsm>,
    Path(call): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Envelope {
    let params = match serde_json::from_slice::<Value>(&body) {
        Ok(Value::Object(params)) => params,
        _ => {
            return fail(
                CODE_INVALID_PARAMS,
                "the request body must be a JSON object",
            )
        }
    };
    let mut sim = state.lock().expect("itsm state");
    let user = match authenticate(&sim, &headers, &params) {
        Ok(user) => user,
        Err(envelope) => return envelope,
    };
    match call.as_str() {
        "create_ticket" => create_ticket(&mut sim, &params, &user),
        "get_tickets" => get_tickets(&sim, &params),
        _ => fail(CODE_NOT_FOUND, format!("{call} is not a POST call")),
    }
}

async fn get_call(
    State(state): State<SharedItsm>,
    Path(call): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Envelope {
    let params: Map<String, Value> = decode_query(query.as_deref().unwrap_or_default())
        .into_iter()
        .map(|(key, value)| (key, Value::String(value)))
        .collect();
    let sim = state.lock().expect("itsm state");
    if let Err(envelope) = authenticate(&sim, &headers, &params) {
        return envelope;
    }
    let sn = params.get("sn").and_then(Value::as_str).unwrap_or_default();
    match call.as_str() {
        "get_services" => ok(services()),
        "get_service_catalogs" => ok(
            json!([{"id": 1, "key": "root", "name": "Root", "level": 0, "children": [
            {"id": 2, "key": "it", "name": "IT services", "level": 1, "children": []}]}]),
        ),
        "get_service_detail" => {
            let id = params
                .get("service_id")
                .and_then(Value::as_str)
                .and_then(|id| id.parse::<i64>().ok());
            match id.and_then(service_detail) {
                Some(detail) => ok(detail),
                None => fail(CODE_INVALID_PARAMS, "service_id: no such service"),
            }
        }
        "get_ticket_info" | "get_ticket_status" => match sim.tickets.iter().find(|t| t["sn"] == sn)
        {
            Some(ticket) if call == "get_ticket_info" => ok(ticket.clone()),
            Some(ticket) => {
                ok(json!({"current_status": ticket["current_status"], "current_steps": []}))
            }
            None => fail(CODE_NOT_FOUND, format!("ticket {sn:?} does not exist")),
        },
        _ => fail(CODE_NOT_FOUND, format!("{call} is not a GET call")),
    }
}

fn services() -> Value {
    json!([
        {"id": 1, "name": "Access request", "desc": "Ask for access to a system", "service_type": "request"},
        {"id": 2, "name": "Change", "desc": "A planned change", "service_type": "change"}
    ])
}

fn service_detail(id: i64) -> Option<Value> {
    let title = json!({"key": "title", "name": "Title", "type": "STRING", "desc": "",
        "default": "", "choice": [], "validate_type": "REQUIRE", "regex": "", "layout": "COL_12"});
    match id {
        1 => Some(json!({"id": 1, "name": "Access request", "fields": [title,
            {"key": "APPROVER", "name": "Approvers", "type": "MEMBERS", "desc": "", "default": "",
             "choice": [], "validate_type": "REQUIRE", "regex": "", "layout": "COL_12"}]})),
        2 => Some(json!({"id": 2, "name": "Change", "fields": [title,
            {"key": "impact", "name": "Impact", "type": "SELECT", "desc": "", "default": "low",
             "choice": [{"key": "low", "name": "Low"}, {"key": "high", "name": "High"}],
             "validate_type": "OPTION", "regex": "", "layout": "COL_6"}]})),
        _ => None,
    }
}

fn create_ticket(sim: &mut ItsmSim, params: &Map<String, Value>, user: &str) -> Envelope {
    let Some(creator) = params
        .get("creator")
        .and_then(Value::as_str)
        .filter(|c| !c.is_empty())
    else {
        return fail(CODE_INVALID_PARAMS, "creator: this field is required");
    };
    let Some(fields) = params.get("fields").and_then(Value::as_array) else {
        return fail(CODE_INVALID_PARAMS, "fields: this field is required");
    };
    let mut values = HashMap::new();
    for (index, field) in fields.iter().enumerate() {
        match (field["key"].as_str(), field["value"].as_str()) {
            (Some(key), Some(value)) => {
                values.insert(key.to_string(), value.to_string());
            }
            _ => {
                return fail(
                    CODE_INVALID_PARAMS,
                    format!("fields[{index}]: key and value must be strings"),
                )
            }
        }
    }
    let id = sim.tickets.len() as i64 + 1;
    let now = crate::time::plain_utc(SystemTime::now());
    let sn = format!(
        "NO{}{id:06}",
        now.chars()
            .filter(char::is_ascii_digit)
            .take(8)
            .collect::<String>()
    );
    let ticket_url = format!("http://bk-itsm.demo/#/ticket/detail?id={id}");
    sim.tickets.push(json!({
        "id": id, "sn": sn, "title": values.get("title").cloned().unwrap_or_default(),
        "catalog_id": 2, "service_id": params.get("service_id").cloned().unwrap_or(json!(1)),
        "service_type": "request", "flow_id": 1, "current_status": "RUNNING", "current_steps": [],
        "comment_id": "", "is_commented": false, "updated_by": user, "update_at": now,
        "end_at": null, "creator": creator, "create_at": now, "is_biz_need": false,
        "bk_biz_id": -1, "ticket_url": ticket_url,
    }));
    ok(json!({"sn": sn, "id": id, "ticket_url": ticket_url}))
}

/// A number that may arrive as a JSON number or a string (the seed sends `"page_size": "10"`).
fn loose_number(value: Option<&Value>) -> Option<i64> {
    match value? {
        Value::Number(number) => number.as_i64(),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}

fn get_tickets(sim: &ItsmSim, params: &Map<String, Value>) -> Envelope {
    let page = loose_number(params.get("page")).unwrap_or(1);
    let page_size = loose_number(params.get("page_size")).unwrap_or(10);
    if page < 1 || !(1..=10_000).contains(&page_size) {
        return fail(
            CODE_INVALID_PARAMS,
            "page must be >= 1 and page_size within 1..=10000",
        );
    }
    let creator = params.get("creator").and_then(Value::as_str);
    let sns: Option<Vec<&str>> = params
        .get("sns")
        .and_then(Value::as_array)
        .map(|sns| sns.iter().filter_map(Value::as_str).collect());
    let matching: Vec<&Value> = sim
        .tickets
        .iter()
        .rev()
        .filter(|t| creator.is_none_or(|c| t["creator"] == c))
        .filter(|t| {
            sns.as_ref()
                .is_none_or(|sns| sns.iter().any(|sn| t["sn"] == *sn))
        })
        .collect();
    let count = matching.len() as i64;
    let items: Vec<Value> = matching
        .into_iter()
        .skip(((page - 1) * page_size) as usize)
        .take(page_size as usize)
        .cloned()
        .collect();
    ok(
        json!({"page": page, "total_page": (count + page_size - 1) / page_size, "count": count,
        "next": null, "previous": null, "items": items}),
    )
}

//! BlueKing ITSM simulator: checks the app code/secret and user like the ESB/API gateway,
//! decodes calls with the `vendors` wire model and answers in the BlueKing envelope
//! `{result, code, message, data}` (HTTP 200 even for errors, as BlueKing does).

mod seed;
pub mod services;
mod tickets;

use std::collections::HashSet;
use std::sync::{Arc, RwLock};

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use serde::Serialize;
use serde_json::{Map, Value};
use vendors::itsm::{
    Envelope, TicketField, TicketItem, API_PREFIX, CREATE_TICKET, GET_SERVICES,
    GET_SERVICE_CATALOGS, GET_SERVICE_DETAIL, GET_TICKETS, GET_TICKET_INFO, GET_TICKET_STATUS,
};
use vendors::Problem;

pub use seed::{is_final, seed_range, CREATORS, SEED_TICKETS, SITE, UNKNOWN_STATUS};

use crate::demo::json_response;
use crate::proxy::request::{cookie, decode_query};

/// The demo app credentials the gateway sends and the simulator expects.
pub const APP_CODE: &str = "ticket-desk-demo";
pub const APP_SECRET: &str = "demo-itsm-app-secret";
/// The ITSM user when no `bk_token` cookie is present.
pub const DEMO_USER: &str = "admin";

/// Envelope codes. BlueKing's published numbers vary by release; clients rely on
/// `result`/`code != 0`/`message`, so these are this simulator's own (unverified numbers).
pub const CODE_APP_AUTH_FAILED: i64 = 1_306_401;
pub const CODE_USER_AUTH_FAILED: i64 = 1_306_402;
pub const CODE_INVALID_PARAMS: i64 = 3_900_001;
pub const CODE_FIELD_INVALID: i64 = 3_900_002;
pub const CODE_NOT_FOUND: i64 = 3_900_404;

pub type SharedItsm = Arc<RwLock<ItsmSim>>;

/// One ticket: what `get_tickets` lists, plus what the filters and `get_ticket_info` need.
#[derive(Debug, Clone)]
pub struct StoredTicket {
    pub item: TicketItem,
    /// Who the current step waits for (empty once the ticket is final).
    pub processors: Vec<String>,
    pub fields: Vec<TicketField>,
}

/// In-memory ITSM: the expected app credentials and every ticket, newest first.
#[derive(Debug)]
pub struct ItsmSim {
    app_code: String,
    app_secret: String,
    /// Sorted by (create_at desc, id desc), the order `get_tickets` answers in.
    tickets: Vec<StoredTicket>,
    used_sns: HashSet<String>,
}

impl ItsmSim {
    /// A simulator holding the deterministic seed tickets.
    pub fn new(app_code: &str, app_secret: &str) -> Self {
        let (tickets, used_sns) = seed::tickets();
        Self {
            app_code: app_code.into(),
            app_secret: app_secret.into(),
            tickets,
            used_sns,
        }
    }

    /// Every ticket, newest first.
    pub fn tickets(&self) -> &[StoredTicket] {
        &self.tickets
    }
}

pub fn router(state: SharedItsm) -> Router {
    Router::new()
        .route(
            &format!("{API_PREFIX}{{call}}/"),
            post(post_call).get(get_call),
        )
        .with_state(state)
}

pub fn ok<T: Serialize>(data: T) -> Response {
    json_response(&Envelope::ok(data))
}

pub fn fail(code: i64, message: impl Into<String>) -> Response {
    json_response(&Envelope::<Value>::failure(code, message))
}

/// Validation problems as one envelope message: "page_size: Page size must be ...".
pub fn invalid(problems: &[Problem]) -> Response {
    let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
    fail(
        CODE_INVALID_PARAMS,
        format!("参数校验失败 (invalid parameters): {}", text.join("; ")),
    )
}

/// An error envelope's code and message, small enough to travel in a `Result`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub code: i64,
    pub message: String,
}

impl Refusal {
    pub fn new(code: i64, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        fail(self.code, self.message)
    }
}

/// The common parameters, from `X-Bkapi-Authorization` or else from the body/query.
fn authenticate(
    sim: &ItsmSim,
    headers: &HeaderMap,
    params: &Map<String, Value>,
) -> Result<String, Refusal> {
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
            return Err(Refusal::new(
                CODE_APP_AUTH_FAILED,
                "bk_app_code or bk_app_secret is missing",
            ))
        }
        _ => {
            return Err(Refusal::new(
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
        (None, None) => Err(Refusal::new(
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
) -> Response {
    let params = match serde_json::from_slice::<Value>(&body) {
        Ok(Value::Object(params)) => params,
        _ => {
            return fail(
                CODE_INVALID_PARAMS,
                "the request body must be a JSON object",
            )
        }
    };
    if call == CREATE_TICKET {
        let mut sim = state.write().expect("itsm state");
        let user = match authenticate(&sim, &headers, &params) {
            Ok(user) => user,
            Err(refusal) => return refusal.into_response(),
        };
        return tickets::create_ticket(&mut sim, params, &user);
    }
    let sim = state.read().expect("itsm state");
    if let Err(refusal) = authenticate(&sim, &headers, &params) {
        return refusal.into_response();
    }
    match call.as_str() {
        GET_TICKETS => tickets::get_tickets(&sim, params),
        _ => fail(CODE_NOT_FOUND, format!("{call} is not a POST call")),
    }
}

async fn get_call(
    State(state): State<SharedItsm>,
    Path(call): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let params: Map<String, Value> = decode_query(query.as_deref().unwrap_or_default())
        .into_iter()
        .map(|(key, value)| (key, Value::String(value)))
        .collect();
    let sim = state.read().expect("itsm state");
    if let Err(refusal) = authenticate(&sim, &headers, &params) {
        return refusal.into_response();
    }
    let text = |key: &str| params.get(key).and_then(Value::as_str).unwrap_or_default();
    let number = |key: &str| text(key).trim().parse::<i64>().ok();
    match call.as_str() {
        GET_SERVICES => ok(services::list(number("catalog_id"))),
        GET_SERVICE_CATALOGS => ok(services::catalogs()),
        GET_SERVICE_DETAIL => match (text("service_id"), number("service_id")) {
            ("", _) => fail(CODE_INVALID_PARAMS, "service_id: this field is required"),
            (_, Some(id)) => match services::find(id) {
                Some(service) => ok(services::detail(service)),
                None => fail(
                    CODE_NOT_FOUND,
                    format!("服务 {id} 不存在 (service {id} does not exist)"),
                ),
            },
            (raw, None) => fail(
                CODE_INVALID_PARAMS,
                format!("service_id: \"{raw}\" is not a whole number"),
            ),
        },
        GET_TICKET_INFO => tickets::ticket_info(&sim, text("sn")),
        GET_TICKET_STATUS => tickets::ticket_status(&sim, text("sn")),
        _ => fail(CODE_NOT_FOUND, format!("{call} is not a GET call")),
    }
}

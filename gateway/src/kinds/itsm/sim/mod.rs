//! BlueKing ITSM simulator: checks the app code/secret and user like the ESB/API gateway,
//! decodes calls with the `vendors` wire model and answers in the BlueKing envelope
//! `{result, code, message, data}` (HTTP 200 even for errors, as BlueKing does).

mod decisions;
mod seed;
mod seed_flow;
pub mod services;
mod tickets;
pub mod workflow;

use std::collections::{HashSet, VecDeque};
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
    Envelope, TicketField, TicketItem, API_PREFIX, APPROVE, CREATE_TICKET, GET_SERVICES,
    GET_SERVICE_CATALOGS, GET_SERVICE_DETAIL, GET_TICKETS, GET_TICKET_INFO, GET_TICKET_LOGS,
    GET_TICKET_STATUS, OPERATE_TICKET,
};
use vendors::Problem;

pub use seed::{
    is_final, seed_range, CLAIMED_WAITING_INDEX, CLAIMER, CREATORS, SEED_TICKETS, SITE,
    UNKNOWN_STATUS,
};
pub use workflow::Workflow;

use crate::demo::serve::json_response;
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

/// One ticket: what `get_tickets` lists, plus what the filters, `get_ticket_info`,
/// `get_ticket_status`, `get_ticket_logs` and the decisions need.
#[derive(Debug, Clone)]
pub struct StoredTicket {
    pub item: TicketItem,
    /// Who the current step waits for (empty once the ticket is final); kept in line with
    /// `workflow` by [`workflow::sync`].
    pub processors: Vec<String>,
    pub fields: Vec<TicketField>,
    pub workflow: Workflow,
}

/// Tickets kept at most: the seed and 50,000 created ones; beyond that the oldest go first,
/// so a client filing in a loop cannot grow the demo's memory without bound.
pub const MAX_TICKETS: usize = SEED_TICKETS + 50_000;

/// The app code and secret the simulator expects. Fixed at start, so checked without a lock.
#[derive(Clone)]
pub struct AppCredentials {
    app_code: String,
    app_secret: String,
}

impl std::fmt::Debug for AppCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppCredentials")
            .field("app_code", &self.app_code)
            .field("app_secret", &crate::secret::MASK)
            .finish()
    }
}

/// In-memory ITSM: the expected app credentials and every ticket, newest first.
#[derive(Debug)]
pub struct ItsmSim {
    credentials: AppCredentials,
    /// Sorted by (create_at desc, id desc), the order `get_tickets` answers in.
    tickets: VecDeque<StoredTicket>,
    used_sns: HashSet<String>,
    last_id: i64,
}

impl ItsmSim {
    /// A simulator holding the deterministic seed tickets.
    pub fn new(app_code: &str, app_secret: &str) -> Self {
        let (tickets, used_sns) = seed::tickets();
        let last_id = tickets.iter().map(|t| t.item.id).max().unwrap_or(0);
        Self {
            credentials: AppCredentials {
                app_code: app_code.into(),
                app_secret: app_secret.into(),
            },
            tickets: tickets.into(),
            used_sns,
            last_id,
        }
    }

    /// Every ticket, newest first.
    pub fn tickets(&self) -> Vec<&StoredTicket> {
        self.tickets.iter().collect()
    }

    /// Files a ticket as the newest, dropping the oldest beyond [`MAX_TICKETS`].
    fn push_newest(&mut self, ticket: StoredTicket) {
        self.tickets.push_front(ticket);
        while self.tickets.len() > MAX_TICKETS {
            if let Some(oldest) = self.tickets.pop_back() {
                self.used_sns.remove(&oldest.item.sn);
            }
        }
    }
}

fn credentials(state: &SharedItsm) -> AppCredentials {
    state.read().expect("itsm state").credentials.clone()
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
    expected: &AppCredentials,
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
        (Some(code), Some(secret))
            if code == expected.app_code
                && crate::secret::equal(secret.as_bytes(), expected.app_secret.as_bytes()) => {}
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
    // Parsing and checks run before any lock; the lock covers only reading or inserting.
    let user = match authenticate(&credentials(&state), &headers, &params) {
        Ok(user) => user,
        Err(refusal) => return refusal.into_response(),
    };
    match call.as_str() {
        CREATE_TICKET => match tickets::NewTicket::parse(params) {
            Ok(ticket) => {
                tickets::create_ticket(&mut state.write().expect("itsm state"), ticket, &user)
            }
            Err(refusal) => refusal,
        },
        GET_TICKETS => match tickets::parse_get_tickets(params) {
            Ok(request) => tickets::get_tickets(&state.read().expect("itsm state"), &request),
            Err(refusal) => refusal,
        },
        APPROVE => match decisions::parse_approve(params) {
            Ok(request) => decisions::approve(&mut state.write().expect("itsm state"), &request),
            Err(refusal) => refusal,
        },
        OPERATE_TICKET => match decisions::parse_operate(params) {
            Ok(request) => decisions::operate(&mut state.write().expect("itsm state"), &request),
            Err(refusal) => refusal,
        },
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
    let user = match authenticate(&credentials(&state), &headers, &params) {
        Ok(user) => user,
        Err(refusal) => return refusal.into_response(),
    };
    let sim = state.read().expect("itsm state");
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
        GET_TICKET_STATUS => tickets::ticket_status(&sim, text("sn"), &user),
        GET_TICKET_LOGS => tickets::ticket_logs(&sim, text("sn")),
        _ => fail(CODE_NOT_FOUND, format!("{call} is not a GET call")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_at_most_max_tickets_dropping_the_oldest() {
        let mut sim = ItsmSim::new(APP_CODE, APP_SECRET);
        let oldest_sn = sim.tickets.back().unwrap().item.sn.clone();
        let template = sim.tickets.front().unwrap().clone();
        for index in 0..=(MAX_TICKETS - sim.tickets.len()) {
            let mut ticket = template.clone();
            ticket.item.sn = format!("NEW{index}");
            sim.used_sns.insert(ticket.item.sn.clone());
            sim.push_newest(ticket);
        }
        assert_eq!(sim.tickets.len(), MAX_TICKETS);
        assert!(!sim.used_sns.contains(&oldest_sn));
        assert!(sim.tickets.iter().all(|t| t.item.sn != oldest_sn));
    }

    #[test]
    fn debug_does_not_show_the_app_secret() {
        let text = format!("{:?}", ItsmSim::new(APP_CODE, APP_SECRET).credentials);
        assert!(!text.contains(APP_SECRET), "{text}");
        assert!(text.contains(APP_CODE), "{text}");
    }
}

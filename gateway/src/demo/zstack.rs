//! ZStack simulator: account and IAM2 logins, sessions, and tickets created through an
//! asynchronous job (202 + `location`, then 200 from the job URL) as ZStack's REST API does.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::proxy::zstack::{password_hash, INVALID_SESSION};

pub const SESSION_LIFETIME: Duration = Duration::from_secs(2 * 60 * 60);

pub type SharedZstack = Arc<Mutex<ZstackSim>>;

/// In-memory ZStack: users (password SHA-512 hex), live sessions, tickets and finished jobs.
#[derive(Debug)]
pub struct ZstackSim {
    accounts: HashMap<String, String>,
    virtual_ids: HashMap<String, String>,
    sessions: HashMap<String, Session>,
    pub tickets: Vec<Value>,
    jobs: HashMap<String, Value>,
    /// Successful logins so far (tests check that sessions are reused).
    pub logins: usize,
}

#[derive(Debug, Clone)]
struct Session {
    user: String,
    expires: Instant,
}

impl ZstackSim {
    pub fn new(account: (&str, &str), virtual_id: (&str, &str)) -> Self {
        Self {
            accounts: HashMap::from([(account.0.into(), password_hash(account.1))]),
            virtual_ids: HashMap::from([(virtual_id.0.into(), password_hash(virtual_id.1))]),
            sessions: HashMap::new(),
            tickets: Vec::new(),
            jobs: HashMap::new(),
            logins: 0,
        }
    }

    /// Ends every session, as a ZStack restart or timeout would.
    pub fn expire_sessions(&mut self) {
        self.sessions.clear();
    }

    /// The session's user, or why the session is refused.
    fn session_user(&self, headers: &HeaderMap) -> Result<String, &'static str> {
        let session = headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("OAuth "))
            .map(str::trim);
        let Some(session) = session else {
            return Err("missing Authorization: OAuth <session uuid>");
        };
        match self.sessions.get(session) {
            Some(found) if found.expires > Instant::now() => Ok(found.user.clone()),
            Some(_) => Err("the session has expired"),
            None => Err("the session does not exist"),
        }
    }
}

pub fn router(state: SharedZstack) -> Router {
    Router::new()
        .route("/zstack/v1/accounts/login", put(account_login))
        .route("/zstack/v1/iam2/virtual-ids/login", put(iam2_login))
        .route("/zstack/v1/tickets", get(list_tickets).post(create_ticket))
        .route("/zstack/v1/tickets/{uuid}", get(get_ticket))
        .route("/zstack/v1/api-jobs/{uuid}", get(get_job))
        .with_state(state)
}

pub fn error(
    status: StatusCode,
    code: &str,
    description: &str,
    details: impl Into<String>,
) -> Response {
    let body =
        json!({"error": {"code": code, "description": description, "details": details.into()}});
    (status, Json(body)).into_response()
}

fn invalid_session(details: &str) -> Response {
    error(
        StatusCode::UNAUTHORIZED,
        INVALID_SESSION,
        "invalid session",
        details,
    )
}

fn new_uuid() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

fn login(
    state: &SharedZstack,
    users_of: fn(&ZstackSim) -> &HashMap<String, String>,
    name: Option<&str>,
    password: Option<&str>,
) -> Response {
    let mut sim = state.lock().expect("zstack state");
    let known = name.and_then(|name| users_of(&sim).get(name));
    if known.is_none() || known.map(String::as_str) != password {
        // The code for wrong credentials is this simulator's choice (unverified).
        return error(
            StatusCode::UNAUTHORIZED,
            "ID.1000",
            "wrong name or password",
            "wrong name or password",
        );
    }
    sim.logins += 1;
    let uuid = new_uuid();
    let user = name.unwrap_or_default().to_string();
    let now = SystemTime::now();
    sim.sessions.insert(
        uuid.clone(),
        Session {
            user: user.clone(),
            expires: Instant::now() + SESSION_LIFETIME,
        },
    );
    Json(json!({"inventory": {
        "uuid": uuid, "accountUuid": hex::encode(&password_hash(&user)[..16]), "userUuid": hex::encode(&password_hash(&user)[..16]),
        "expiredDate": crate::time::plain_utc(now + SESSION_LIFETIME), "createDate": crate::time::plain_utc(now),
    }}))
    .into_response()
}

async fn account_login(State(state): State<SharedZstack>, Json(body): Json<Value>) -> Response {
    // Newer releases send `logInByAccount`, older ones `logIn`.
    let params = body
        .get("logInByAccount")
        .or_else(|| body.get("logIn"))
        .unwrap_or(&Value::Null);
    login(
        &state,
        |sim| &sim.accounts,
        params["accountName"].as_str(),
        params["password"].as_str(),
    )
}

async fn iam2_login(State(state): State<SharedZstack>, Json(body): Json<Value>) -> Response {
    let params = &body["loginIAM2VirtualID"];
    login(
        &state,
        |sim| &sim.virtual_ids,
        params["name"].as_str(),
        params["password"].as_str(),
    )
}

async fn list_tickets(State(state): State<SharedZstack>, headers: HeaderMap) -> Response {
    let sim = state.lock().expect("zstack state");
    if let Err(details) = sim.session_user(&headers) {
        return invalid_session(details);
    }
    let inventories: Vec<Value> = sim.tickets.iter().rev().cloned().collect();
    Json(json!({"inventories": inventories, "total": sim.tickets.len()})).into_response()
}

async fn get_ticket(
    State(state): State<SharedZstack>,
    Path(uuid): Path<String>,
    headers: HeaderMap,
) -> Response {
    let sim = state.lock().expect("zstack state");
    if let Err(details) = sim.session_user(&headers) {
        return invalid_session(details);
    }
    let found: Vec<Value> = sim
        .tickets
        .iter()
        .filter(|t| t["uuid"] == uuid.as_str())
        .cloned()
        .collect();
    Json(json!({"inventories": found})).into_response()
}

async fn create_ticket(
    State(state): State<SharedZstack>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    let mut sim = state.lock().expect("zstack state");
    if let Err(details) = sim.session_user(&headers) {
        return invalid_session(details);
    }
    let params = &body["params"];
    let name = params["name"].as_str().filter(|name| !name.is_empty());
    let requests = params["requests"]
        .as_array()
        .filter(|requests| !requests.is_empty());
    let (Some(name), Some(requests)) = (name, requests) else {
        return error(
            StatusCode::BAD_REQUEST,
            "SYS.1007",
            "One or more API argument is invalid",
            "params.name and a non-empty params.requests are required",
        );
    };
    let now = crate::time::plain_utc(SystemTime::now());
    let ticket = json!({
        "uuid": new_uuid(), "name": name, "description": params["description"],
        "status": "Pending", "requests": requests, "accountSystemType": params["accountSystemType"],
        "accountSystemContext": params["accountSystemContext"],
        "flowCollectionUuid": params["flowCollectionUuid"], "currentFlowUuid": null,
        "createDate": now, "lastOpDate": now,
    });
    sim.tickets.push(ticket.clone());
    let job = new_uuid();
    sim.jobs.insert(job.clone(), json!({"inventory": ticket}));
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    let location = format!("http://{host}/zstack/v1/api-jobs/{job}");
    (
        StatusCode::ACCEPTED,
        [(header::LOCATION, location.clone())],
        Json(json!({"location": location})),
    )
        .into_response()
}

async fn get_job(
    State(state): State<SharedZstack>,
    Path(uuid): Path<String>,
    headers: HeaderMap,
) -> Response {
    let sim = state.lock().expect("zstack state");
    if let Err(details) = sim.session_user(&headers) {
        return invalid_session(details);
    }
    match sim.jobs.get(&uuid) {
        Some(result) => Json(result.clone()).into_response(),
        None => error(
            StatusCode::NOT_FOUND,
            "SYS.1000",
            "resource not found",
            format!("no api job {uuid}"),
        ),
    }
}

//! ZStack simulator: account and IAM2 logins, logout and expiring sessions, QueryTicket with
//! ZStack's `q` conditions, CreateTicket answering 200 or 202 + an API job to poll, two-step
//! approval flows with ChangeTicketStatus and the ticket history, with errors as
//! `{error: {code, description, details}}`.

mod dates;
mod flows;
mod inventories;
mod options;
mod query;
mod seed;
mod tickets;
mod workflow;

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, put};
use axum::{Json, Router};
use serde_json::{json, Value};
use vendors::zstack::{
    hash_password, Ticket, TicketHistory, ACCOUNT_LOGIN_PATH, API_JOBS_PATH, SESSIONS_PATH,
    SESSION_ERROR_CODE, TICKETS_PATH, TICKET_FLOWS_PATH, TICKET_HISTORIES_PATH,
    VIRTUAL_ID_LOGIN_PATH,
};

pub use dates::{parse_date, zstack_date};
pub use flows::Collection;
pub use options::{SimOptions, ENV_ASYNC_EVERY, ENV_SESSION_SECS};
pub use seed::{waits_for, REFUSED_WAITING_INDEX, SEED_TICKETS, UNKNOWN_STATUS};

/// Demo logins (the password travels as its SHA-512 hex).
pub const ACCOUNT: (&str, &str) = ("admin", "password");
pub const IAM2_USER: (&str, &str) = ("demo", "password");

/// How long a session lives unless the demo options say otherwise (ZStack's default
/// session timeout is two hours).
pub const DEFAULT_SESSION_LIFETIME: Duration = Duration::from_secs(2 * 60 * 60);
/// Every second CreateTicket answers 202 + a job, the others 200, unless configured.
pub const DEFAULT_ASYNC_EVERY: u32 = 2;
/// Polls of an API job that still answer 202 before the result is ready.
pub const JOB_PENDING_POLLS: u32 = 2;

pub type SharedZstack = Arc<Mutex<ZstackSim>>;

/// Bounds on what clients can make the simulator keep: tickets beyond the seed (the oldest go
/// first) and live sessions (expired ones are dropped at each login, then the oldest).
pub const MAX_TICKETS: usize = seed::SEED_TICKETS + 50_000;
pub const MAX_SESSIONS: usize = 10_000;
/// API jobs kept for polling; the oldest are forgotten first.
pub const MAX_JOBS: usize = 10_000;

/// One ticket, with its times as seconds so conditions and sorting compare numbers, and its
/// status changes oldest first.
#[derive(Debug, Clone)]
pub struct StoredTicket {
    pub ticket: Ticket,
    pub created: i64,
    pub last_op: i64,
    pub history: Vec<TicketHistory>,
}

/// The uuid a login answers as `userUuid` for `name`: derived from the name, so the seed can
/// name the demo users as approvers and requesters.
pub fn user_uuid(name: &str) -> String {
    hex::encode(&hash_password(name)[..16])
}

/// How the history names who acted: the demo account, an IAM2 virtual id, or the system.
pub fn operator_type(operator: Option<&str>) -> &'static str {
    match operator {
        None => "System",
        Some(uuid) if uuid == user_uuid(ACCOUNT.0) => "AccountVO",
        Some(_) => "IAM2VirtualIDVO",
    }
}

#[derive(Debug, Clone)]
struct Session {
    user: String,
    expires: Instant,
}

#[derive(Debug, Clone)]
struct Job {
    polls: u32,
    ticket: Ticket,
}

/// In-memory ZStack: users (password SHA-512 hex), live sessions, tickets in creation order
/// (the order the database returns them without `sortBy`) and API jobs. `Debug` leaves out
/// the password hashes and session ids (each is a credential).
pub struct ZstackSim {
    accounts: HashMap<String, String>,
    virtual_ids: HashMap<String, String>,
    sessions: HashMap<String, Session>,
    tickets: Vec<StoredTicket>,
    collections: Vec<Collection>,
    jobs: HashMap<String, Job>,
    /// Job uuids, oldest first, to know which to forget beyond [`MAX_JOBS`].
    job_order: VecDeque<String>,
    /// Successful logins so far (tests check that sessions are reused).
    pub logins: usize,
    create_calls: u64,
    /// ChangeTicketStatus calls so far: every `async_every`-th answers with a job, too.
    change_calls: u64,
    async_every: u32,
    session_lifetime: Duration,
}

impl std::fmt::Debug for ZstackSim {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ZstackSim")
            .field("accounts", &self.accounts.keys().collect::<Vec<_>>())
            .field("virtual_ids", &self.virtual_ids.keys().collect::<Vec<_>>())
            .field("sessions", &self.sessions.len())
            .field("tickets", &self.tickets.len())
            .field("jobs", &self.jobs.len())
            .field("logins", &self.logins)
            .finish_non_exhaustive()
    }
}

impl ZstackSim {
    /// A simulator with the seed tickets, one account and one IAM2 virtual id.
    pub fn new(account: (&str, &str), virtual_id: (&str, &str)) -> Self {
        let seed = seed::seed();
        Self {
            accounts: HashMap::from([(account.0.into(), hash_password(account.1))]),
            virtual_ids: HashMap::from([(virtual_id.0.into(), hash_password(virtual_id.1))]),
            sessions: HashMap::new(),
            tickets: seed.tickets,
            collections: seed.collections,
            jobs: HashMap::new(),
            job_order: VecDeque::new(),
            logins: 0,
            create_calls: 0,
            change_calls: 0,
            async_every: DEFAULT_ASYNC_EVERY,
            session_lifetime: DEFAULT_SESSION_LIFETIME,
        }
    }

    /// Every `every`-th CreateTicket answers 202 + a job (1: all of them, 0: none).
    pub fn with_async_every(mut self, every: u32) -> Self {
        self.async_every = every;
        self
    }

    pub fn with_session_lifetime(mut self, lifetime: Duration) -> Self {
        self.session_lifetime = lifetime;
        self
    }

    pub fn with_options(self, options: SimOptions) -> Self {
        self.with_async_every(options.async_every)
            .with_session_lifetime(options.session_lifetime)
    }

    /// Every ticket in creation order.
    pub fn tickets(&self) -> &[StoredTicket] {
        &self.tickets
    }

    /// The approval flow collections; the last is the default for new tickets.
    pub fn collections(&self) -> &[Collection] {
        &self.collections
    }

    /// Whether the ticket waits at a flow the user with this uuid approves.
    pub fn waits_for(&self, stored: &StoredTicket, user_uuid: &str) -> bool {
        waits_for(stored, &self.collections, user_uuid)
    }

    /// Ends every session, as a ZStack restart would.
    pub fn expire_sessions(&mut self) {
        self.sessions.clear();
    }

    /// Live sessions now (expired ones may linger until the next login).
    pub fn session_count(&self) -> usize {
        self.sessions.len()
    }

    /// Keeps a job for polling, forgetting the oldest beyond [`MAX_JOBS`].
    fn add_job(&mut self, uuid: String, job: Job) {
        self.jobs.insert(uuid.clone(), job);
        self.job_order.push_back(uuid);
        while self.job_order.len() > MAX_JOBS {
            if let Some(oldest) = self.job_order.pop_front() {
                self.jobs.remove(&oldest);
            }
        }
    }

    /// Drops expired sessions, then the oldest live ones while at [`MAX_SESSIONS`].
    fn make_room_for_a_session(&mut self) {
        let now = Instant::now();
        self.sessions.retain(|_, session| session.expires > now);
        while self.sessions.len() >= MAX_SESSIONS {
            let oldest = self
                .sessions
                .iter()
                .min_by_key(|(_, session)| session.expires)
                .map(|(uuid, _)| uuid.clone());
            match oldest {
                Some(uuid) => self.sessions.remove(&uuid),
                None => break,
            };
        }
    }

    /// The session's user, or the details of why the session is refused.
    fn session_user(&self, headers: &HeaderMap) -> Result<String, &'static str> {
        let session = headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("OAuth "))
            .map(str::trim);
        let Some(session) = session else {
            return Err("missing the header Authorization: OAuth <session uuid>; log in first");
        };
        match self.sessions.get(session) {
            Some(found) if found.expires > Instant::now() => Ok(found.user.clone()),
            _ => Err("the session has expired or does not exist; log in again"),
        }
    }
}

pub fn router(state: SharedZstack) -> Router {
    Router::new()
        .route(ACCOUNT_LOGIN_PATH, put(account_login))
        .route(VIRTUAL_ID_LOGIN_PATH, put(iam2_login))
        .route(&format!("{SESSIONS_PATH}/{{uuid}}"), delete(logout))
        .route(
            TICKETS_PATH,
            get(tickets::query_tickets).post(tickets::create_ticket),
        )
        .route(
            &format!("{TICKETS_PATH}/{{uuid}}"),
            get(tickets::query_ticket),
        )
        .route(
            &format!("{TICKETS_PATH}/{{uuid}}/actions"),
            put(workflow::ticket_actions),
        )
        .route(TICKET_HISTORIES_PATH, get(inventories::query_histories))
        .route(TICKET_FLOWS_PATH, get(inventories::query_flows))
        .route(
            &format!("{TICKET_FLOWS_PATH}/{{uuid}}"),
            get(inventories::query_flow),
        )
        .route(&format!("{API_JOBS_PATH}/{{uuid}}"), get(tickets::get_job))
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

/// ZStack's invalid-argument error (SYS.1007).
pub fn invalid_argument(details: impl Into<String>) -> Response {
    error(
        StatusCode::BAD_REQUEST,
        "SYS.1007",
        "invalid argument",
        details,
    )
}

pub fn invalid_session(details: &str) -> Response {
    error(
        StatusCode::UNAUTHORIZED,
        SESSION_ERROR_CODE,
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
    let matches = match (known, password) {
        (Some(known), Some(given)) => crate::secret::equal(given.as_bytes(), known.as_bytes()),
        _ => false,
    };
    if !matches {
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
    let lifetime = sim.session_lifetime;
    sim.make_room_for_a_session();
    sim.sessions.insert(
        uuid.clone(),
        Session {
            user: user.clone(),
            expires: Instant::now() + lifetime,
        },
    );
    let now = crate::time::now_secs();
    let user_uuid = user_uuid(&user);
    Json(json!({"inventory": {
        "uuid": uuid, "accountUuid": user_uuid, "userUuid": user_uuid,
        "expiredDate": zstack_date(now + lifetime.as_secs() as i64), "createDate": zstack_date(now),
    }}))
    .into_response()
}

async fn account_login(State(state): State<SharedZstack>, body: axum::body::Bytes) -> Response {
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
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

async fn iam2_login(State(state): State<SharedZstack>, body: axum::body::Bytes) -> Response {
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let params = &body["loginIAM2VirtualID"];
    login(
        &state,
        |sim| &sim.virtual_ids,
        params["name"].as_str(),
        params["password"].as_str(),
    )
}

/// LogOut: `DELETE /zstack/v1/accounts/sessions/{uuid}` ends the session; ending one that is
/// already gone succeeds too.
async fn logout(State(state): State<SharedZstack>, Path(uuid): Path<String>) -> Response {
    state.lock().expect("zstack state").sessions.remove(&uuid);
    Json(json!({})).into_response()
}

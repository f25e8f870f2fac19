//! Alibaba Cloud DMS simulator: verifies the V3 signature with the gateway's own signer,
//! decodes actions with the `vendors` wire model, runs each order's approval workflow, and
//! answers like DMS: request errors as
//! Alibaba's gateway body `{RequestId, HostId, Code, Message}` with a 4xx status, business
//! errors as the action's own body with `Success: false, ErrorCode, ErrorMessage` (HTTP 200).

mod approvals;
mod orders;
pub mod seed;
pub mod workflow;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Value};
use vendors::dms::{
    Order, ACTION_APPROVE_ORDER, ACTION_CLOSE_ORDER, ACTION_CREATE_ORDER,
    ACTION_GET_APPROVAL_DETAIL, ACTION_GET_ORDER_BASE_INFO, ACTION_HEADER, ACTION_LIST_ORDERS,
    API_VERSION, RPC_PATH, VERSION_HEADER,
};

use super::acs3::{self, VerifyError};
use crate::demo::recent::RecentSet;
use crate::proxy::request::decode_query;

pub use seed::{DATABASES, DEMO_USER, SEED_ORDERS, USERS};

pub const HOST_ID: &str = "dms-enterprise.aliyuncs.com";
/// The demo AccessKey the gateway signs with and the simulator knows.
pub const ACCESS_KEY_ID: &str = "demo-access-key-id";
pub const ACCESS_KEY_SECRET: &str = "demo-access-key-secret";

/// A random request id in the upper-case dashed form Alibaba uses.
pub fn request_id() -> String {
    uuid::Uuid::new_v4().hyphenated().to_string().to_uppercase()
}

pub type SharedDms = Arc<Mutex<DmsSim>>;

/// One order: the row ListOrders shows plus what filters and GetOrderBaseInfo need.
#[derive(Debug, Clone)]
pub struct StoredOrder {
    pub order: Order,
    pub plugin_param: Value,
    /// RelatedUserList as given: user ids (or names).
    pub related_users: Vec<String>,
    /// Who must act on the order now: its workflow's current approvers (`AS_HANDLER`).
    pub handlers: Vec<i64>,
    /// Owners of the databases it touches (`AS_OWNER`).
    pub owners: Vec<i64>,
    pub attachment_key: Option<String>,
    /// The approval workflow, once the order was submitted.
    pub workflow: Option<workflow::Workflow>,
}

/// Orders kept at most (the oldest go first) and nonces remembered (the oldest forgotten
/// first; a real nonce is only replayable within minutes, this keeps the last 100,000).
pub const MAX_ORDERS: usize = SEED_ORDERS + 50_000;
pub const MAX_NONCES: usize = 100_000;

/// The AccessKeys: each id's secret and the user it acts as. Fixed at start, so signatures are
/// checked without holding the simulator's lock.
#[derive(Clone)]
pub struct AccessKeys(Arc<HashMap<String, (String, i64)>>);

impl std::fmt::Debug for AccessKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ids: Vec<&String> = self.0.keys().collect();
        f.debug_struct("AccessKeys")
            .field("ids", &ids)
            .field("secrets", &crate::secret::MASK)
            .finish()
    }
}

/// In-memory DMS: AccessKeys (secret and the user each acts as), nonces already used, and
/// every order, newest first.
#[derive(Debug)]
pub struct DmsSim {
    access_keys: AccessKeys,
    used_nonces: RecentSet,
    orders: Vec<StoredOrder>,
}

impl DmsSim {
    /// A simulator with the seed orders whose one AccessKey acts as [`DEMO_USER`].
    pub fn new(access_key_id: &str, access_key_secret: &str) -> Self {
        Self {
            access_keys: AccessKeys(Arc::new(HashMap::from([(
                access_key_id.into(),
                (access_key_secret.into(), DEMO_USER.id),
            )]))),
            used_nonces: RecentSet::new(MAX_NONCES),
            orders: seed::orders(),
        }
    }

    /// Every order, newest first (CreateTime desc, OrderId desc).
    pub fn orders(&self) -> &[StoredOrder] {
        &self.orders
    }

    /// Nonces remembered now.
    pub fn nonces_remembered(&self) -> usize {
        self.used_nonces.len()
    }
}

pub fn router(state: SharedDms) -> Router {
    Router::new().route(RPC_PATH, post(call)).with_state(state)
}

/// Alibaba's gateway error, kept small so it can travel in a `Result`.
#[derive(Debug)]
pub struct AliError {
    status: StatusCode,
    code: String,
    message: String,
}

impl AliError {
    pub fn new(status: StatusCode, code: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            status,
            code: code.into(),
            message: message.into(),
        }
    }
}

impl IntoResponse for AliError {
    fn into_response(self) -> Response {
        error(self.status, &self.code, self.message)
    }
}

pub fn error(status: StatusCode, code: &str, message: impl Into<String>) -> Response {
    let body = json!({"RequestId": request_id(), "HostId": HOST_ID, "Code": code, "Message": message.into()});
    (status, Json(body)).into_response()
}

/// A business error in the action's own body (HTTP 200), as DMS reports them.
pub fn business_error(code: &str, message: impl Into<String>) -> Response {
    Json(
        json!({"RequestId": request_id(), "Success": false, "ErrorCode": code,
        "ErrorMessage": message.into()}),
    )
    .into_response()
}

fn signature_error(cause: VerifyError) -> Response {
    match cause {
        VerifyError::Malformed
        | VerifyError::MissingSignedHeader(_)
        | VerifyError::UnsignedRequiredHeader(_) => error(
            StatusCode::BAD_REQUEST,
            "IncompleteSignature",
            format!("The request signature does not conform to Aliyun standards: {cause}."),
        ),
        VerifyError::UnknownAccessKey => error(
            StatusCode::NOT_FOUND,
            "InvalidAccessKeyId.NotFound",
            "Specified access key is not found.",
        ),
        VerifyError::ContentHashMismatch | VerifyError::SignatureMismatch => error(
            StatusCode::FORBIDDEN,
            "SignatureDoesNotMatch",
            "Specified signature is not matched with our calculation.",
        ),
    }
}

async fn call(
    State(state): State<SharedDms>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let query = decode_query(query.as_deref().unwrap_or_default());
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    // The signature (a hash of the whole body) is checked before taking the lock.
    let keys = state.lock().expect("dms state").access_keys.clone();
    if let Err(cause) = acs3::verify("POST", RPC_PATH, &query, header, &body, |id| {
        keys.0.get(id).map(|(secret, _)| secret.clone())
    }) {
        return signature_error(cause);
    }
    let caller = acs3::parse_authorization(&header("authorization").unwrap_or_default())
        .ok()
        .and_then(|auth| keys.0.get(&auth.access_key_id))
        .map_or(DEMO_USER.id, |(_, user)| *user);
    let nonce = header("x-acs-signature-nonce").unwrap_or_default();
    if !state.lock().expect("dms state").used_nonces.insert(nonce) {
        return error(
            StatusCode::BAD_REQUEST,
            "SignatureNonceUsed",
            "Specified signature nonce was used already.",
        );
    }
    if header(VERSION_HEADER).as_deref() != Some(API_VERSION) {
        return error(
            StatusCode::BAD_REQUEST,
            "InvalidVersion",
            "Specified parameter Version is not valid.",
        );
    }
    match header(ACTION_HEADER).as_deref().unwrap_or_default() {
        ACTION_CREATE_ORDER => match orders::NewOrder::parse(&query) {
            Ok(order) => orders::create_order(&mut state.lock().expect("dms state"), order, caller),
            Err(refusal) => refusal,
        },
        ACTION_LIST_ORDERS => {
            orders::list_orders(&state.lock().expect("dms state"), &query, caller)
        }
        ACTION_GET_ORDER_BASE_INFO => {
            orders::get_order_base_info(&state.lock().expect("dms state"), &query)
        }
        ACTION_GET_APPROVAL_DETAIL => {
            approvals::get_approval_detail(&mut state.lock().expect("dms state"), &query)
        }
        ACTION_APPROVE_ORDER => {
            approvals::approve_order(&mut state.lock().expect("dms state"), &query, caller)
        }
        ACTION_CLOSE_ORDER => {
            approvals::close_order(&mut state.lock().expect("dms state"), &query, caller)
        }
        other => error(
            StatusCode::NOT_FOUND,
            "InvalidAction.NotFound",
            format!("Specified api {other} is not found, please check your url and method."),
        ),
    }
}

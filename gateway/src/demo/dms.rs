//! Alibaba Cloud DMS simulator: verifies the V3 signature with the gateway's own signer and
//! answers Alibaba's RPC error body `{RequestId, HostId, Code, Message}` on failure.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Value};

use super::request_id;
use crate::acs3::{self, VerifyError};
use crate::proxy::dms::API_VERSION;
use crate::proxy::request::decode_query;

pub const HOST_ID: &str = "dms-enterprise.aliyuncs.com";

pub type SharedDms = Arc<Mutex<DmsSim>>;

/// In-memory DMS: the AccessKeys it knows, nonces already used, and orders created.
#[derive(Debug)]
pub struct DmsSim {
    access_keys: HashMap<String, String>,
    used_nonces: HashSet<String>,
    pub orders: Vec<Value>,
}

impl DmsSim {
    pub fn new(access_key_id: &str, access_key_secret: &str) -> Self {
        Self {
            access_keys: HashMap::from([(access_key_id.into(), access_key_secret.into())]),
            used_nonces: HashSet::new(),
            orders: Vec::new(),
        }
    }
}

pub fn router(state: SharedDms) -> Router {
    Router::new().route("/", post(call)).with_state(state)
}

/// Alibaba's RPC error, kept small so it can travel in a `Result`.
#[derive(Debug)]
pub struct AliError {
    status: StatusCode,
    code: String,
    message: String,
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

fn success(mut body: Value) -> Response {
    body["RequestId"] = json!(request_id());
    body["Success"] = json!(true);
    Json(body).into_response()
}

fn signature_error(cause: VerifyError) -> Response {
    match cause {
        VerifyError::Malformed
        | VerifyError::MissingSignedHeader(_)
        | VerifyError::UnsignedRequiredHeader(_) => error_response_incomplete(cause),
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

fn error_response_incomplete(cause: VerifyError) -> Response {
    error(
        StatusCode::BAD_REQUEST,
        "IncompleteSignature",
        format!("The request signature does not conform to Aliyun standards: {cause}."),
    )
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
    let mut sim = state.lock().expect("dms state");
    let keys = sim.access_keys.clone();
    if let Err(cause) = acs3::verify("POST", "/", &query, header, &body, |id| {
        keys.get(id).cloned()
    }) {
        return signature_error(cause);
    }
    let nonce = header("x-acs-signature-nonce").unwrap_or_default();
    if !sim.used_nonces.insert(nonce) {
        return error(
            StatusCode::BAD_REQUEST,
            "SignatureNonceUsed",
            "Specified signature nonce was used already.",
        );
    }
    if header("x-acs-version").as_deref() != Some(API_VERSION) {
        return error(
            StatusCode::BAD_REQUEST,
            "InvalidVersion",
            "Specified parameter Version is not valid.",
        );
    }
    let params: HashMap<String, String> = query.into_iter().collect();
    match header("x-acs-action").as_deref().unwrap_or_default() {
        "CreateOrder" => create_order(&mut sim, &params),
        "ListOrders" => list_orders(&sim, &params),
        "GetOrderBaseInfo" => get_order(&sim, &params),
        other => error(
            StatusCode::NOT_FOUND,
            "InvalidAction.NotFound",
            format!("Specified api {other} is not found, please check your url and method."),
        ),
    }
}

fn required<'a>(params: &'a HashMap<String, String>, name: &str) -> Result<&'a str, AliError> {
    params
        .get(name)
        .map(String::as_str)
        .filter(|value| !value.is_empty())
        .ok_or_else(|| AliError {
            status: StatusCode::BAD_REQUEST,
            code: format!("Missing{name}"),
            message: format!("{name} is mandatory for this action."),
        })
}

fn create_order(sim: &mut DmsSim, params: &HashMap<String, String>) -> Response {
    let checked = (|| {
        let comment = required(params, "Comment")?;
        let plugin_type = required(params, "PluginType")?;
        let plugin_param = required(params, "PluginParam")?;
        required(params, "RelatedUserList")?;
        let plugin_param: Value = serde_json::from_str(plugin_param).map_err(|_| AliError {
            status: StatusCode::BAD_REQUEST,
            code: "InvalidParameter".into(),
            message: "PluginParam must be a JSON object.".into(),
        })?;
        Ok::<_, AliError>((comment.to_string(), plugin_type.to_string(), plugin_param))
    })();
    let (comment, plugin_type, _plugin_param) = match checked {
        Ok(values) => values,
        Err(cause) => return cause.into_response(),
    };
    let order_id = 10_000 + sim.orders.len() as i64 + 1;
    let now = crate::time::plain_utc(SystemTime::now());
    sim.orders.push(json!({
        "OrderId": order_id, "Comment": comment, "Committer": "demo", "CommitterId": 1,
        "CreateTime": now, "LastModifyTime": now, "PluginType": plugin_type,
        "StatusCode": "toaudit", "StatusDesc": "To be reviewed",
    }));
    success(json!({"CreateOrderResult": {"OrderIds": [order_id]}}))
}

fn list_orders(sim: &DmsSim, params: &HashMap<String, String>) -> Response {
    let number = |name: &str, default: usize| {
        params
            .get(name)
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let (page, size) = (
        number("PageNumber", 1).max(1),
        number("PageSize", 20).clamp(1, 100),
    );
    let plugin_type = params.get("PluginType");
    let matching: Vec<&Value> = sim
        .orders
        .iter()
        .rev()
        .filter(|order| plugin_type.is_none_or(|wanted| order["PluginType"] == wanted.as_str()))
        .collect();
    let total = matching.len();
    let page: Vec<Value> = matching
        .into_iter()
        .skip((page - 1) * size)
        .take(size)
        .cloned()
        .collect();
    success(json!({"Orders": {"Order": page}, "TotalCount": total}))
}

fn get_order(sim: &DmsSim, params: &HashMap<String, String>) -> Response {
    let id = match required(params, "OrderId") {
        Ok(id) => id.parse::<i64>().unwrap_or(-1),
        Err(cause) => return cause.into_response(),
    };
    match sim.orders.iter().find(|order| order["OrderId"] == id) {
        Some(order) => success(json!({"OrderBaseInfo": {
            "OrderId": id, "Comment": order["Comment"], "PluginType": order["PluginType"],
            "StatusCode": order["StatusCode"], "StatusDesc": order["StatusDesc"],
            "Committer": order["Committer"], "CreateTime": order["CreateTime"],
            "LastModifyTime": order["LastModifyTime"], "WorkflowInstanceId": id * 10,
            "RelatedUserNickList": [], "RelatedUserList": [],
        }})),
        // Business errors come back in the action's own body, not the gateway error shape.
        None => Json(json!({"RequestId": request_id(), "Success": false,
            "ErrorCode": "UnknownError", "ErrorMessage": format!("order {id} does not exist")}))
        .into_response(),
    }
}

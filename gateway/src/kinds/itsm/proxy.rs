//! BlueKing ITSM: adds the app code and secret and the user identity, both as body/query
//! parameters (ESB) and as the `X-Bkapi-Authorization` header (API gateway).

use axum::http::{HeaderMap, HeaderValue, Method};
use serde_json::{Map, Value};
use vendors::encode_component;
use vendors::itsm::{
    operation_of, APPROVE, CREATE_TICKET, GET_OPERATIONS, GET_TICKETS, OPERATE_TICKET,
    POST_OPERATIONS, WITHDRAW,
};

use super::config::{ItsmConfig, UserSource};
use crate::proxy::backend::{Backend, BoxFuture, Outgoing};
use crate::proxy::error::ProxyError;
use crate::proxy::request::{cookie, decode_component};

/// Parameters only the gateway may set; whatever the browser sent for them is dropped.
const CREDENTIAL_KEYS: [&str; 4] = ["bk_app_code", "bk_app_secret", "bk_token", "bk_username"];

pub struct ItsmBackend {
    config: ItsmConfig,
}

/// Who the call is made for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identity {
    Token(String),
    Username(String),
}

impl Identity {
    fn key(&self) -> &'static str {
        match self {
            Identity::Token(_) => "bk_token",
            Identity::Username(_) => "bk_username",
        }
    }

    fn value(&self) -> &str {
        match self {
            Identity::Token(value) | Identity::Username(value) => value,
        }
    }
}

impl ItsmBackend {
    pub fn new(config: ItsmConfig) -> Self {
        Self { config }
    }

    fn identity(&self, incoming: &HeaderMap) -> Option<Identity> {
        match &self.config.user {
            UserSource::Cookie { fallback } => cookie(incoming, "bk_token")
                .map(Identity::Token)
                .or_else(|| fallback.clone().map(Identity::Username)),
            UserSource::Header { name } => incoming
                .get(name)
                .and_then(|value| value.to_str().ok())
                .map(str::trim)
                .filter(|value| !value.is_empty())
                .map(|value| Identity::Username(value.to_string())),
            UserSource::Fixed { username } => Some(Identity::Username(username.clone())),
        }
    }

    fn credentials(&self, identity: &Identity) -> [(&'static str, String); 3] {
        [
            ("bk_app_code", self.config.app_code.clone()),
            ("bk_app_secret", self.config.app_secret.expose().to_string()),
            (identity.key(), identity.value().to_string()),
        ]
    }
}

/// Identity binding: the body fields that name the user *acting* in a call. A field naming
/// someone else is refused (403) rather than rewritten, so the app shows why. Filters on who
/// filed (get_tickets `creator`) are reads of others' tickets and stay free.
const ACTING_USER_FIELDS: [(&str, &str); 4] = [
    (CREATE_TICKET, "creator"),
    (GET_TICKETS, "username"),
    (APPROVE, "approver"),
    (OPERATE_TICKET, "operator"),
];

/// `operate_ticket` may only withdraw: Ticket Desk sends nothing else, and suspending or
/// terminating someone's ticket through the gateway is not something it offers.
fn check_ticket_action(path: &str, object: &Map<String, Value>) -> Result<(), ProxyError> {
    if operation_of(path) != Some(OPERATE_TICKET) {
        return Ok(());
    }
    match object.get("action_type") {
        Some(Value::String(action)) if action == WITHDRAW => Ok(()),
        other => Err(ProxyError::forbidden(format!(
            "operate_ticket: `action_type` must be {WITHDRAW} (the only ticket operation Ticket Desk sends), not {}",
            other.map_or_else(|| "missing".to_string(), Value::to_string)
        ))),
    }
}

impl ItsmBackend {
    /// The user calls are bound to: only a trusted header names the person at the browser.
    /// With `bk_token` BlueKing resolves the user and the gateway never learns the name; a
    /// cookie fallback (the demo's `admin`) and a fixed user are shared service identities,
    /// and binding to them would stop people filing under their own names.
    fn bound_user<'a>(&self, identity: &'a Identity) -> Option<&'a str> {
        match (&self.config.user, identity) {
            (UserSource::Header { .. }, Identity::Username(name)) => Some(name),
            (UserSource::Header { .. }, Identity::Token(_))
            | (UserSource::Cookie { .. }, _)
            | (UserSource::Fixed { .. }, _) => None,
        }
    }
}

/// 403 when an acting-user field of the call's JSON body names someone other than `user`.
/// An absent field is left to the vendor.
fn check_acting_user(
    path: &str,
    object: &Map<String, Value>,
    user: &str,
) -> Result<(), ProxyError> {
    let Some(operation) = operation_of(path) else {
        return Ok(());
    };
    for (_, field) in ACTING_USER_FIELDS
        .iter()
        .filter(|(bound_operation, _)| *bound_operation == operation)
    {
        match object.get(*field) {
            None | Some(Value::Null) => {}
            Some(Value::String(named)) if named == user => {}
            Some(_) => {
                return Err(ProxyError::forbidden(format!(
                    "{operation}: `{field}` must be the signed-in user {user:?} (the gateway binds it to the user of its trusted header)"
                )))
            }
        }
    }
    Ok(())
}

impl Backend for ItsmBackend {
    fn allows(&self, method: &Method, path: &str, _headers: &HeaderMap) -> bool {
        let Some(operation) = operation_of(path) else {
            return false;
        };
        match *method {
            Method::POST => POST_OPERATIONS.contains(&operation),
            Method::GET => GET_OPERATIONS.contains(&operation),
            _ => false,
        }
    }

    fn prepare<'a>(
        &'a self,
        incoming: &'a HeaderMap,
        outgoing: &'a mut Outgoing,
    ) -> BoxFuture<'a, Result<(), ProxyError>> {
        Box::pin(async move {
            let identity = self.identity(incoming).ok_or_else(|| {
                ProxyError::unauthenticated(
                    "no BlueKing user: sign in to BlueKing (bk_token cookie) and try again",
                )
            })?;
            let credentials = self.credentials(&identity);
            if outgoing.method == Method::GET {
                outgoing.query = Some(query_with(outgoing.query.as_deref(), &credentials));
            } else {
                // Everything of a POST travels in its body, credentials included: a query
                // could carry a field past the checks below, so none is forwarded.
                outgoing.query = None;
                // Read once: checked for the acting user, then given the credentials.
                let object = json_object(&outgoing.body)?;
                check_ticket_action(&outgoing.path, &object)?;
                if let Some(user) = self.bound_user(&identity) {
                    check_acting_user(&outgoing.path, &object, user)?;
                }
                outgoing.body = with_credentials(object, &credentials).into();
                outgoing.headers.insert(
                    axum::http::header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                );
            }
            let header: Map<String, Value> = credentials
                .iter()
                .map(|(key, value)| (key.to_string(), Value::String(value.clone())))
                .collect();
            let header =
                HeaderValue::from_str(&Value::Object(header).to_string()).map_err(|_| {
                    ProxyError::bad_request("the BlueKing user name is not a valid header value")
                })?;
            outgoing.headers.insert("x-bkapi-authorization", header);
            if let UserSource::Header { name } = &self.config.user {
                outgoing.headers.remove(name);
            }
            Ok(())
        })
    }

    fn secrets(&self) -> Vec<String> {
        vec![self.config.app_secret.expose().to_string()]
    }

    fn takes_json(&self, method: &Method) -> bool {
        *method == Method::POST
    }
}

/// The browser's body as a JSON object (an empty body is an empty object).
fn json_object(body: &[u8]) -> Result<Map<String, Value>, ProxyError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(object)) => Ok(object),
        _ => Err(ProxyError::bad_request(
            "the request body must be a JSON object",
        )),
    }
}

/// The browser's JSON object with credential keys replaced by the gateway's.
fn with_credentials(mut object: Map<String, Value>, credentials: &[(&str, String)]) -> Vec<u8> {
    for key in CREDENTIAL_KEYS {
        object.remove(key);
    }
    for (key, value) in credentials {
        object.insert(key.to_string(), Value::String(value.clone()));
    }
    Value::Object(object).to_string().into_bytes()
}

/// The browser's query, unchanged except that credential keys are dropped and the gateway's
/// appended.
fn query_with(query: Option<&str>, credentials: &[(&str, String)]) -> String {
    let kept = query
        .unwrap_or_default()
        .split('&')
        .filter(|pair| !pair.is_empty())
        .filter(|pair| {
            let key = decode_component(pair.split_once('=').map_or(*pair, |(key, _)| key));
            !CREDENTIAL_KEYS.contains(&key.as_str())
        });
    let added = credentials
        .iter()
        .map(|(key, value)| format!("{key}={}", encode_component(value)));
    kept.map(str::to_string)
        .chain(added)
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn creds() -> Vec<(&'static str, String)> {
        vec![
            ("bk_app_code", "desk".into()),
            ("bk_app_secret", "s3cr3t".into()),
            ("bk_username", "admin".into()),
        ]
    }

    #[test]
    fn body_credentials_replace_the_browsers() {
        let body = br#"{"creator":"x","bk_app_secret":"forged","bk_username":"root","fields":[]}"#;
        let body_with = |body: &[u8], creds: &[(&str, String)]| {
            json_object(body).map(|object| with_credentials(object, creds))
        };
        let out: Value = serde_json::from_slice(&body_with(body, &creds()).unwrap()).unwrap();
        assert_eq!(out["bk_app_secret"], "s3cr3t");
        assert_eq!(out["bk_username"], "admin");
        assert_eq!(out["creator"], "x");
        assert!(body_with(b"[1]", &creds()).is_err());
        assert!(body_with(b"", &creds()).is_ok());
    }

    #[test]
    fn acting_user_fields_must_name_the_bound_user() {
        let create = "/api/c/compapi/v2/itsm/create_ticket/";
        let list = "/api/c/compapi/v2/itsm/get_tickets/";
        let check_acting_user = |path: &str, body: &[u8], user: &str| {
            check_acting_user(path, &json_object(body).unwrap(), user)
        };
        assert!(check_acting_user(create, br#"{"creator":"carol"}"#, "carol").is_ok());
        assert!(check_acting_user(create, br#"{"fields":[]}"#, "carol").is_ok());
        let refused = check_acting_user(create, br#"{"creator":"mallory"}"#, "carol").unwrap_err();
        assert_eq!(refused.status, axum::http::StatusCode::FORBIDDEN);
        assert!(refused.message.contains("creator"), "{}", refused.message);
        assert!(check_acting_user(create, br#"{"creator":["carol"]}"#, "carol").is_err());
        assert!(check_acting_user(list, br#"{"username":"mallory"}"#, "carol").is_err());
        // Listing someone else's tickets is a read, not acting as them.
        assert!(check_acting_user(list, br#"{"creator":"mallory"}"#, "carol").is_ok());
        let approve = "/api/c/compapi/v2/itsm/approve/";
        let operate = "/api/c/compapi/v2/itsm/operate_ticket/";
        assert!(check_acting_user(approve, br#"{"approver":"carol"}"#, "carol").is_ok());
        let refused =
            check_acting_user(approve, br#"{"approver":"mallory"}"#, "carol").unwrap_err();
        assert!(
            refused.message.contains("`approver`"),
            "{}",
            refused.message
        );
        let refused =
            check_acting_user(operate, br#"{"operator":"mallory"}"#, "carol").unwrap_err();
        assert!(
            refused.message.contains("`operator`"),
            "{}",
            refused.message
        );
    }

    #[test]
    fn operate_ticket_only_withdraws() {
        let operate = "/api/c/compapi/v2/itsm/operate_ticket/";
        let check = |body: &[u8]| check_ticket_action(operate, &json_object(body).unwrap());
        assert!(check(br#"{"action_type":"WITHDRAW"}"#).is_ok());
        for body in [
            &br#"{"action_type":"TERMINATE"}"#[..],
            br#"{"action_type":"withdraw"}"#,
            br#"{}"#,
        ] {
            let refused = check(body).unwrap_err();
            assert_eq!(refused.status, axum::http::StatusCode::FORBIDDEN);
            assert!(
                refused.message.contains("`action_type`"),
                "{}",
                refused.message
            );
        }
        // Other calls are not its business.
        let approve = "/api/c/compapi/v2/itsm/approve/";
        assert!(
            check_ticket_action(approve, &json_object(br#"{"action_type":"X"}"#).unwrap()).is_ok()
        );
    }

    #[test]
    fn query_keeps_other_parameters_verbatim() {
        let query = query_with(
            Some("service_id=3&bk_app_code=evil&x=a+b%20c&bk%5Fapp%5Fsecret=z"),
            &creds(),
        );
        assert_eq!(
            query,
            "service_id=3&x=a+b%20c&bk_app_code=desk&bk_app_secret=s3cr3t&bk_username=admin"
        );
    }
}

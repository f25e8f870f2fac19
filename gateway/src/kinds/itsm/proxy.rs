//! BlueKing ITSM: adds the app code and secret and the user identity, both as body/query
//! parameters (ESB) and as the `X-Bkapi-Authorization` header (API gateway).

use axum::http::{HeaderMap, HeaderValue, Method};
use serde_json::{Map, Value};
use vendors::encode_component;
use vendors::itsm::{operation_of, GET_OPERATIONS, POST_OPERATIONS};

use super::config::{ItsmConfig, UserSource};
use crate::proxy::request::{cookie, decode_component};
use crate::proxy::{Backend, BoxFuture, Outgoing, ProxyError};

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
                outgoing.body = body_with(&outgoing.body, &credentials)?.into();
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

/// The browser's JSON object with credential keys replaced by the gateway's.
fn body_with(body: &[u8], credentials: &[(&str, String)]) -> Result<Vec<u8>, ProxyError> {
    let mut object = if body.iter().all(u8::is_ascii_whitespace) {
        Map::new()
    } else {
        match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(object)) => object,
            _ => {
                return Err(ProxyError::bad_request(
                    "the request body must be a JSON object",
                ))
            }
        }
    };
    for key in CREDENTIAL_KEYS {
        object.remove(key);
    }
    for (key, value) in credentials {
        object.insert(key.to_string(), Value::String(value.clone()));
    }
    Ok(Value::Object(object).to_string().into_bytes())
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
        let out: Value = serde_json::from_slice(&body_with(body, &creds()).unwrap()).unwrap();
        assert_eq!(out["bk_app_secret"], "s3cr3t");
        assert_eq!(out["bk_username"], "admin");
        assert_eq!(out["creator"], "x");
        assert!(body_with(b"[1]", &creds()).is_err());
        assert!(body_with(b"", &creds()).is_ok());
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

//! ZStack: the browser's own session (pass-through) or a service account's session that the
//! gateway logs in and renews. Async-job `location`s are rewritten to the proxy so the browser
//! can poll them.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use serde_json::{json, Value};
use sha2::{Digest, Sha512};

use super::request::is_uuid;
use super::{Backend, BoxFuture, Outgoing, ProxyError, Reply};
use crate::config::{LoginKind, ZstackConfig, ZstackMode};
use crate::secret::Secret;

pub const ACCOUNT_LOGIN: &str = "/zstack/v1/accounts/login";
pub const IAM2_LOGIN: &str = "/zstack/v1/iam2/virtual-ids/login";
const TICKETS: &str = "/zstack/v1/tickets";
const API_JOBS: &str = "/zstack/v1/api-jobs/";
/// LogOut: `DELETE /zstack/v1/accounts/sessions/{session uuid}`.
pub const SESSIONS: &str = "/zstack/v1/accounts/sessions/";
/// ZStack's error code for a missing, unknown or expired session.
pub const INVALID_SESSION: &str = "ID.1001";

pub struct ZstackBackend {
    config: ZstackConfig,
    client: reqwest::Client,
    session: Mutex<Option<Session>>,
    /// Held while logging in, so concurrent requests share one login.
    login_lock: tokio::sync::Mutex<()>,
}

#[derive(Debug, Clone)]
struct Session {
    uuid: String,
    obtained: Instant,
}

/// SHA-512 hex of a password: what ZStack's login calls expect.
pub fn password_hash(password: &str) -> String {
    hex::encode(Sha512::digest(password.as_bytes()))
}

impl ZstackBackend {
    pub fn new(config: ZstackConfig, client: reqwest::Client) -> Self {
        Self {
            config,
            client,
            session: Mutex::new(None),
            login_lock: tokio::sync::Mutex::new(()),
        }
    }

    fn current_session(&self, max_age: Duration) -> Option<String> {
        let session = self.session.lock().expect("session lock");
        session
            .as_ref()
            .filter(|session| session.obtained.elapsed() < max_age)
            .map(|session| session.uuid.clone())
    }

    async fn service_session(
        &self,
        login: LoginKind,
        account_name: &str,
        password: &Secret,
        max_age: Duration,
    ) -> Result<String, ProxyError> {
        let _one_login_at_a_time = self.login_lock.lock().await;
        if let Some(uuid) = self.current_session(max_age) {
            return Ok(uuid);
        }
        let (path, body) = match login {
            LoginKind::Account => (
                ACCOUNT_LOGIN,
                json!({"logInByAccount": {"accountName": account_name, "password": password_hash(password.expose())}}),
            ),
            LoginKind::Iam2 => (
                IAM2_LOGIN,
                json!({"loginIAM2VirtualID": {"name": account_name, "password": password_hash(password.expose())}}),
            ),
        };
        let url = super::upstream_url(&self.config.upstream, path, None);
        let failed = |why: String| {
            tracing::warn!(
                account = account_name,
                why,
                "ZStack service-account login failed"
            );
            ProxyError::bad_gateway(format!("ZStack service-account login failed: {why}"))
        };
        let response = self
            .client
            .put(url)
            .json(&body)
            .send()
            .await
            .map_err(|error| {
                if error.is_timeout() {
                    ProxyError::timeout("zstack")
                } else {
                    failed("the back-end is unreachable".into())
                }
            })?;
        let status = response.status();
        let reply: Value = response.json().await.unwrap_or(Value::Null);
        let uuid = reply["inventory"]["uuid"]
            .as_str()
            .filter(|uuid| !uuid.is_empty());
        let Some(uuid) = uuid.filter(|_| status.is_success()) else {
            let code = reply["error"]["code"].as_str().unwrap_or("none");
            return Err(failed(format!(
                "HTTP {}, error code {code}",
                status.as_u16()
            )));
        };
        tracing::info!(
            account = account_name,
            "ZStack service-account session obtained"
        );
        *self.session.lock().expect("session lock") = Some(Session {
            uuid: uuid.to_string(),
            obtained: Instant::now(),
        });
        Ok(uuid.to_string())
    }

    fn is_login(path: &str) -> bool {
        path == ACCOUNT_LOGIN || path == IAM2_LOGIN
    }
}

impl Backend for ZstackBackend {
    fn name(&self) -> &'static str {
        "zstack"
    }

    fn upstream(&self) -> &reqwest::Url {
        &self.config.upstream
    }

    fn allows(&self, method: &Method, path: &str, _headers: &HeaderMap) -> bool {
        let id_after = |prefix: &str| path.strip_prefix(prefix).is_some_and(is_uuid);
        match *method {
            Method::GET => path == TICKETS || id_after("/zstack/v1/tickets/") || id_after(API_JOBS),
            Method::POST => path == TICKETS,
            Method::PUT => Self::is_login(path),
            // Only the browser's own session may be ended; a service account's is the
            // gateway's to manage.
            Method::DELETE => {
                matches!(self.config.mode, ZstackMode::PassThrough) && id_after(SESSIONS)
            }
            _ => false,
        }
    }

    fn prepare<'a>(
        &'a self,
        incoming: &'a HeaderMap,
        outgoing: &'a mut Outgoing,
    ) -> BoxFuture<'a, Result<(), ProxyError>> {
        Box::pin(async move {
            if Self::is_login(&outgoing.path) {
                return Ok(());
            }
            let session = match &self.config.mode {
                ZstackMode::PassThrough => incoming
                    .get(header::AUTHORIZATION)
                    .and_then(|value| value.to_str().ok())
                    .and_then(|value| value.strip_prefix("OAuth "))
                    .map(|session| session.trim().to_string()),
                ZstackMode::ServiceAccount {
                    login,
                    account_name,
                    password,
                    session_max_age,
                } => Some(
                    self.service_session(*login, account_name, password, *session_max_age)
                        .await?,
                ),
            };
            if let Some(session) = session {
                let value = HeaderValue::from_str(&format!("OAuth {session}"))
                    .map_err(|_| ProxyError::bad_request("the session id is not valid"))?;
                outgoing.headers.insert(header::AUTHORIZATION, value);
            }
            Ok(())
        })
    }

    fn secrets(&self) -> Vec<String> {
        match &self.config.mode {
            // The browser's own session is its to see.
            ZstackMode::PassThrough => Vec::new(),
            ZstackMode::ServiceAccount { password, .. } => {
                let mut secrets = vec![
                    password.expose().to_string(),
                    password_hash(password.expose()),
                ];
                if let Some(session) = self.session.lock().expect("session lock").as_ref() {
                    secrets.push(session.uuid.clone());
                }
                secrets
            }
        }
    }

    fn should_retry<'a>(&'a self, path: &'a str, reply: &'a Reply) -> BoxFuture<'a, bool> {
        Box::pin(async move {
            let service_account = matches!(self.config.mode, ZstackMode::ServiceAccount { .. });
            if !service_account || Self::is_login(path) || !is_invalid_session(reply) {
                return false;
            }
            // Drop the session so the retry's `prepare` logs in again.
            *self.session.lock().expect("session lock") = None;
            true
        })
    }

    fn rewrite_reply(&self, reply: &mut Reply) {
        rewrite_job_location(reply);
    }
}

/// A 401, or any reply whose error code is ZStack's invalid-session code.
pub fn is_invalid_session(reply: &Reply) -> bool {
    reply.status == StatusCode::UNAUTHORIZED
        || serde_json::from_slice::<Value>(&reply.body)
            .is_ok_and(|body| body["error"]["code"] == INVALID_SESSION)
}

/// `http://zstack:8080/zstack/v1/api-jobs/<uuid>` -> `/proxy/zstack/zstack/v1/api-jobs/<uuid>`.
pub fn proxy_job_location(location: &str) -> Option<String> {
    let at = location.find("/v1/api-jobs/")?;
    let rest = &location[at + "/v1/api-jobs/".len()..];
    let uuid = rest.split(['?', '#', '/']).next().unwrap_or_default();
    is_uuid(uuid).then(|| format!("/proxy/zstack{API_JOBS}{uuid}"))
}

fn rewrite_job_location(reply: &mut Reply) {
    if let Some(location) = reply
        .headers
        .get(header::LOCATION)
        .and_then(|value| value.to_str().ok())
        .and_then(proxy_job_location)
    {
        if let Ok(value) = HeaderValue::from_str(&location) {
            reply.headers.insert(header::LOCATION, value);
        }
    }
    let Ok(Value::Object(mut body)) = serde_json::from_slice::<Value>(&reply.body) else {
        return;
    };
    let rewritten = body
        .get("location")
        .and_then(Value::as_str)
        .and_then(proxy_job_location);
    if let Some(location) = rewritten {
        body.insert("location".into(), Value::String(location));
        reply.body = Value::Object(body).to_string().into_bytes();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn job_locations_point_at_the_proxy() {
        assert_eq!(
            proxy_job_location(
                "http://10.0.0.5:8080/zstack/v1/api-jobs/b86c9016b4f24953a9edefb53ca0678c"
            )
            .as_deref(),
            Some("/proxy/zstack/zstack/v1/api-jobs/b86c9016b4f24953a9edefb53ca0678c")
        );
        assert_eq!(
            proxy_job_location("http://x/zstack/v1/api-jobs/../../etc"),
            None
        );
        assert_eq!(proxy_job_location("http://x/zstack/v1/tickets"), None);
    }

    #[test]
    fn body_location_is_rewritten() {
        let mut reply = Reply {
            status: StatusCode::ACCEPTED,
            headers: HeaderMap::new(),
            body: br#"{"location":"http://zs:8080/zstack/v1/api-jobs/b86c9016b4f24953a9edefb53ca0678c"}"#.to_vec(),
        };
        rewrite_job_location(&mut reply);
        let body: Value = serde_json::from_slice(&reply.body).unwrap();
        assert_eq!(
            body["location"],
            "/proxy/zstack/zstack/v1/api-jobs/b86c9016b4f24953a9edefb53ca0678c"
        );
    }

    #[test]
    fn password_hash_is_sha512_hex() {
        assert_eq!(password_hash("password").len(), 128);
        assert!(password_hash("password").starts_with("b109f3bbbc244eb8"));
    }
}

//! ZStack: the browser's own session (pass-through) or a service account's session that the
//! gateway logs in and renews. Async-job `location`s are rewritten to the proxy so the browser
//! can poll them.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use serde_json::Value;
use vendors::decide::Decision;
use vendors::zstack::StatusEvent;
use vendors::zstack::{
    decode_login, hash_password, is_uuid, job_path_from_location, login_by_account_call,
    login_virtual_id_call, ACCOUNT_LOGIN_PATH, API_JOBS_PATH, CHANGE_TICKET_STATUS, SESSIONS_PATH,
    SESSION_ERROR_CODE, TICKETS_PATH, TICKET_FLOWS_PATH, TICKET_HISTORIES_PATH,
    VIRTUAL_ID_LOGIN_PATH,
};

use super::config::{LoginKind, ZstackConfig, ZstackMode};
use crate::proxy::backend::{self, Backend, BoxFuture, Outgoing, Reply};
use crate::proxy::error::ProxyError;
use crate::secret::Secret;

pub struct ZstackBackend {
    id: String,
    config: ZstackConfig,
    client: reqwest::Client,
    /// This instance's service-account session.
    session: Mutex<Option<Session>>,
    /// Held while logging in, so concurrent requests share one login.
    login_lock: tokio::sync::Mutex<()>,
}

#[derive(Debug, Clone)]
struct Session {
    uuid: String,
    obtained: Instant,
}

impl ZstackBackend {
    pub fn new(id: &str, config: ZstackConfig, client: reqwest::Client) -> Self {
        Self {
            id: id.to_string(),
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
        let call = match login {
            LoginKind::Account => login_by_account_call(account_name, password.expose()),
            LoginKind::Iam2 => login_virtual_id_call(account_name, password.expose()),
        };
        let failed = |why: String| {
            tracing::warn!(
                instance = self.id,
                account = account_name,
                why,
                "ZStack service-account login failed"
            );
            ProxyError::bad_gateway(format!("ZStack service-account login failed: {why}"))
        };
        let (status, body) = backend::execute(&self.client, &self.config.upstream, &call)
            .await
            .map_err(|error| {
                if error.is_timeout() {
                    ProxyError::timeout(&self.id)
                } else {
                    failed("the back-end is unreachable".into())
                }
            })?;
        let session = decode_login(status.as_u16(), &body).map_err(|error| {
            let code = if error.code.is_empty() {
                "none"
            } else {
                &error.code
            };
            failed(format!("HTTP {}, error code {code}", status.as_u16()))
        })?;
        let uuid = session.uuid;
        tracing::info!(
            account = account_name,
            "ZStack service-account session obtained"
        );
        *self.session.lock().expect("session lock") = Some(Session {
            uuid: uuid.clone(),
            obtained: Instant::now(),
        });
        Ok(uuid)
    }

    fn is_login(path: &str) -> bool {
        path == ACCOUNT_LOGIN_PATH || path == VIRTUAL_ID_LOGIN_PATH
    }
}

/// `/zstack/v1/tickets/{uuid}/actions`: the one path of ChangeTicketStatus (and of its
/// neighbours, which the body tells apart).
fn is_ticket_actions(path: &str) -> bool {
    path.strip_prefix(TICKETS_PATH)
        .and_then(|rest| rest.strip_prefix('/'))
        .and_then(|rest| rest.strip_suffix("/actions"))
        .is_some_and(is_uuid)
}

/// Whether an actions body is ChangeTicketStatus as Ticket Desk sends it and nothing else: one
/// key, `changeTicketStatus`, holding `statusEvent` (one of the events a decision sends:
/// approve, reject, cancel, reopen) and at most a text `comment`. `deleteTicket`,
/// `updateTicketRequest`, a second action or extra fields are not the app's.
pub fn is_change_ticket_status(body: &[u8]) -> bool {
    let Ok(Value::Object(body)) = serde_json::from_slice::<Value>(body) else {
        return false;
    };
    let Some(Value::Object(change)) = body.get(CHANGE_TICKET_STATUS).filter(|_| body.len() == 1)
    else {
        return false;
    };
    let event_ok = change
        .get("statusEvent")
        .and_then(Value::as_str)
        .and_then(StatusEvent::parse)
        .is_some_and(|event| {
            Decision::ALL
                .into_iter()
                .any(|d| StatusEvent::of(d) == event)
        });
    let comment_ok = change.get("comment").is_none_or(Value::is_string);
    let only_known = change
        .keys()
        .all(|key| key == "statusEvent" || key == "comment");
    event_ok && comment_ok && only_known
}

impl Backend for ZstackBackend {
    fn allows(&self, method: &Method, path: &str, _headers: &HeaderMap) -> bool {
        let uuid_under = |base: &str| {
            path.strip_prefix(base)
                .and_then(|rest| rest.strip_prefix('/'))
                .is_some_and(is_uuid)
        };
        match *method {
            Method::GET => {
                [TICKETS_PATH, TICKET_HISTORIES_PATH, TICKET_FLOWS_PATH].contains(&path)
                    || uuid_under(TICKETS_PATH)
                    || uuid_under(TICKET_FLOWS_PATH)
                    || uuid_under(API_JOBS_PATH)
            }
            Method::POST => path == TICKETS_PATH,
            // The actions body is checked in `prepare`, once it has been read.
            Method::PUT => Self::is_login(path) || is_ticket_actions(path),
            // Only the browser's own session may be ended; a service account's is the
            // gateway's to manage.
            Method::DELETE => {
                matches!(self.config.mode, ZstackMode::PassThrough) && uuid_under(SESSIONS_PATH)
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
            // ZStack's ChangeTicketStatus names no operator: the session is the user, so
            // there is no field to bind, only the action to keep to.
            if is_ticket_actions(&outgoing.path) {
                if !is_change_ticket_status(&outgoing.body) {
                    return Err(ProxyError::not_found());
                }
                // A decision is a person's: a shared service account would let anyone reaching
                // the gateway decide under its name.
                if matches!(self.config.mode, ZstackMode::ServiceAccount { .. }) {
                    return Err(ProxyError::forbidden(
                        "deciding needs the person's own ZStack session; this gateway logs in a \
                         service account (mode = \"service-account\"), so decisions are refused",
                    ));
                }
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
                    hash_password(password.expose()),
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
        rewrite_job_location(&self.id, reply);
    }

    fn takes_json(&self, method: &Method) -> bool {
        matches!(*method, Method::POST | Method::PUT)
    }
}

/// A 401, or any reply whose error code is ZStack's invalid-session code.
pub fn is_invalid_session(reply: &Reply) -> bool {
    reply.status == StatusCode::UNAUTHORIZED
        || serde_json::from_slice::<Value>(&reply.body)
            .is_ok_and(|body| body["error"]["code"] == SESSION_ERROR_CODE)
}

/// `http://zstack:8080/zstack/v1/api-jobs/<uuid>` -> `/proxy/<id>/zstack/v1/api-jobs/<uuid>`,
/// the instance's own proxy path, so the browser polls through the gateway.
pub fn proxy_job_location(id: &str, location: &str) -> Option<String> {
    let job_path = job_path_from_location(location)?;
    let uuid = job_path.strip_prefix(API_JOBS_PATH)?.strip_prefix('/')?;
    is_uuid(uuid).then(|| format!("/proxy/{id}{job_path}"))
}

fn rewrite_job_location(id: &str, reply: &mut Reply) {
    if let Some(location) = reply
        .headers
        .get(header::LOCATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|location| proxy_job_location(id, location))
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
        .and_then(|location| proxy_job_location(id, location));
    if let Some(location) = rewritten {
        body.insert("location".into(), Value::String(location));
        reply.body = Value::Object(body).to_string().into_bytes();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const JOB: &str = "b86c9016b4f24953a9edefb53ca0678c";

    #[test]
    fn job_locations_point_at_the_instance() {
        assert_eq!(
            proxy_job_location(
                "zstack",
                &format!("http://10.0.0.5:8080/zstack/v1/api-jobs/{JOB}")
            )
            .as_deref(),
            Some(format!("/proxy/zstack/zstack/v1/api-jobs/{JOB}").as_str())
        );
        assert_eq!(
            proxy_job_location("zs-lab", &format!("http://zs/zstack/v1/api-jobs/{JOB}?x=1"))
                .as_deref(),
            Some(format!("/proxy/zs-lab/zstack/v1/api-jobs/{JOB}").as_str())
        );
        assert_eq!(
            proxy_job_location("zstack", "http://x/zstack/v1/api-jobs/../../etc"),
            None
        );
        // ZStack's uuids have no dashes; anything else is not a job of ours.
        assert_eq!(
            proxy_job_location(
                "zstack",
                "http://x/zstack/v1/api-jobs/b86c9016-b4f2-4953-a9ed-efb53ca0678c"
            ),
            None
        );
        assert_eq!(
            proxy_job_location("zstack", "http://x/zstack/v1/tickets"),
            None
        );
    }

    #[test]
    fn only_change_ticket_status_is_an_allowed_action() {
        assert!(is_ticket_actions(&format!(
            "/zstack/v1/tickets/{JOB}/actions"
        )));
        assert!(!is_ticket_actions("/zstack/v1/tickets/x/actions"));
        assert!(!is_ticket_actions(&format!(
            "/zstack/v1/tickets/{JOB}/actions/more"
        )));
        assert!(is_change_ticket_status(
            br#"{"changeTicketStatus": {"statusEvent": "approve"}}"#
        ));
        for body in [
            r#"{"deleteTicket": {}}"#,
            r#"{"updateTicketRequest": {"requests": []}}"#,
            r#"{"changeTicketStatus": {"statusEvent": "approve"}, "deleteTicket": {}}"#,
            r#"{"changeTicketStatus": "approve"}"#,
            r#"[{"changeTicketStatus": {}}]"#,
            r#"{"changeTicketStatus": {"statusEvent": "open"}}"#,
            r#"{"changeTicketStatus": {"statusEvent": "approve", "requests": []}}"#,
            r#"{"changeTicketStatus": {"statusEvent": "approve", "comment": 3}}"#,
            r#"{"changeTicketStatus": {}}"#,
            "not json",
        ] {
            assert!(!is_change_ticket_status(body.as_bytes()), "{body}");
        }
    }

    #[test]
    fn body_location_is_rewritten() {
        let mut reply = Reply {
            status: StatusCode::ACCEPTED,
            headers: HeaderMap::new(),
            body: format!(r#"{{"location":"http://zs:8080/zstack/v1/api-jobs/{JOB}"}}"#)
                .into_bytes(),
        };
        rewrite_job_location("zs-prod", &mut reply);
        let body: Value = serde_json::from_slice(&reply.body).unwrap();
        assert_eq!(
            body["location"],
            format!("/proxy/zs-prod/zstack/v1/api-jobs/{JOB}")
        );
    }
}

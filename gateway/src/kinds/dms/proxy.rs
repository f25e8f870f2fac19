//! Alibaba Cloud DMS (RPC style, signature V3): allowlisted actions only, each request signed
//! with the AccessKey the gateway holds.

use std::time::SystemTime;

use axum::http::{HeaderMap, HeaderName, HeaderValue, Method};

use vendors::dms::{ACTIONS, ACTION_HEADER, API_VERSION, RPC_PATH, VERSION_HEADER};

use super::acs3;
use super::config::DmsConfig;
use crate::proxy::request::decode_query;
use crate::proxy::{Backend, BoxFuture, Outgoing, ProxyError};

pub struct DmsBackend {
    config: DmsConfig,
}

impl DmsBackend {
    pub fn new(config: DmsConfig) -> Self {
        Self { config }
    }
}

fn header_text<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|value| value.to_str().ok())
}

impl Backend for DmsBackend {
    fn allows(&self, method: &Method, path: &str, headers: &HeaderMap) -> bool {
        *method == Method::POST
            && path == RPC_PATH
            && header_text(headers, ACTION_HEADER).is_some_and(|action| ACTIONS.contains(&action))
    }

    fn prepare<'a>(
        &'a self,
        incoming: &'a HeaderMap,
        outgoing: &'a mut Outgoing,
    ) -> BoxFuture<'a, Result<(), ProxyError>> {
        Box::pin(async move {
            let action = header_text(incoming, ACTION_HEADER).unwrap_or_default();
            let version = header_text(incoming, VERSION_HEADER).unwrap_or(API_VERSION);
            let query = decode_query(outgoing.query.as_deref().unwrap_or_default());
            let date = crate::time::iso8601_utc(SystemTime::now());
            let nonce = uuid::Uuid::new_v4().simple().to_string();
            let signed = acs3::sign(&acs3::SigningInput {
                method: outgoing.method.as_str(),
                path: &outgoing.path,
                query: &query,
                host: &self.config.signing_host,
                action,
                version,
                date: &date,
                nonce: &nonce,
                body: &outgoing.body,
                access_key_id: self.config.access_key_id.expose(),
                access_key_secret: self.config.access_key_secret.expose(),
            });
            // Send the query exactly as signed, so the vendor's decoding cannot differ from ours
            // (e.g. on `+`).
            outgoing.query = Some(acs3::canonical_query(&query));
            for (name, value) in signed.headers {
                let name = HeaderName::try_from(name).expect("signer emits valid header names");
                let value = HeaderValue::from_str(&value).map_err(|_| {
                    ProxyError::bad_request("x-acs-action and x-acs-version must be plain text")
                })?;
                outgoing.headers.insert(name, value);
            }
            Ok(())
        })
    }

    fn secrets(&self) -> Vec<String> {
        vec![
            self.config.access_key_secret.expose().to_string(),
            self.config.access_key_id.expose().to_string(),
        ]
    }
}

//! Alibaba Cloud DMS (RPC style, signature V3): allowlisted actions only, each request signed
//! with the AccessKey the gateway holds.

use std::time::SystemTime;

use axum::http::{HeaderMap, HeaderName, HeaderValue, Method};

use vendors::dms::{
    parameters_of, ACTIONS, ACTION_APPROVE_ORDER, ACTION_HEADER, API_VERSION, APPROVAL_TYPES,
    RPC_PATH, VERSION_HEADER,
};

use super::acs3;
use super::config::DmsConfig;
use crate::proxy::backend::{Backend, BoxFuture, Outgoing};
use crate::proxy::error::ProxyError;
use crate::proxy::request::decode_query;

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
            let query = decode_query(outgoing.query.as_deref().unwrap_or_default());
            check_call(action, header_text(incoming, VERSION_HEADER), &query)?;
            // DMS also reads form parameters from a body; the app sends none, so none is signed.
            if !outgoing.body.is_empty() {
                return Err(ProxyError::bad_request(
                    "DMS calls carry their parameters in the query; the body must be empty",
                ));
            }
            let version = API_VERSION;
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

/// Only the API version the app speaks, and only the parameters its calls write, get signed:
/// the gateway must not sign whatever a caller puts in the query.
fn check_call(
    action: &str,
    version: Option<&str>,
    query: &[(String, String)],
) -> Result<(), ProxyError> {
    if version.is_some_and(|version| version != API_VERSION) {
        return Err(ProxyError::bad_request(format!(
            "{VERSION_HEADER} must be {API_VERSION}"
        )));
    }
    let allowed = parameters_of(action).unwrap_or_default();
    if let Some((key, _)) = query
        .iter()
        .find(|(key, _)| !allowed.contains(&key.as_str()))
    {
        return Err(ProxyError::bad_request(format!(
            "{action} does not take the parameter {key:?}"
        )));
    }
    // TRANSFER and ADD_APPROVAL_NODE reshape a workflow: Ticket Desk only agrees, rejects and
    // cancels, so nothing else is signed.
    if action == ACTION_APPROVE_ORDER {
        let refused = query
            .iter()
            .filter(|(key, _)| key == "ApprovalType")
            .find(|(_, value)| !APPROVAL_TYPES.contains(&value.as_str()));
        if let Some((_, value)) = refused {
            return Err(ProxyError::bad_request(format!(
                "ApproveOrder's ApprovalType must be one of {}, not {value:?}",
                APPROVAL_TYPES.join(", ")
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(keys: &[&str]) -> Vec<(String, String)> {
        keys.iter()
            .map(|key| (key.to_string(), "1".into()))
            .collect()
    }

    #[test]
    fn only_the_pinned_version_and_known_parameters_are_signed() {
        assert!(check_call("ListOrders", None, &pairs(&["PageNumber", "PageSize"])).is_ok());
        assert!(check_call("ListOrders", Some(API_VERSION), &[]).is_ok());
        let old = check_call("ListOrders", Some("2017-01-01"), &[]).unwrap_err();
        assert_eq!(old.message, "x-acs-version must be 2018-11-01");
        let extra =
            check_call("GetOrderBaseInfo", None, &pairs(&["OrderId", "InstanceId"])).unwrap_err();
        assert_eq!(extra.status, axum::http::StatusCode::BAD_REQUEST);
        assert!(
            extra.message.contains("\"InstanceId\""),
            "{}",
            extra.message
        );
    }

    #[test]
    fn approve_order_signs_agree_reject_and_cancel_only() {
        let call = |kind: &str| {
            let query = vec![
                ("WorkflowInstanceId".to_string(), "17".to_string()),
                ("ApprovalType".to_string(), kind.to_string()),
            ];
            check_call("ApproveOrder", None, &query)
        };
        for kind in ["AGREE", "REJECT", "CANCEL"] {
            assert!(call(kind).is_ok(), "{kind}");
        }
        for kind in ["TRANSFER", "ADD_APPROVAL_NODE", "agree"] {
            let refused = call(kind).unwrap_err();
            assert_eq!(refused.status, axum::http::StatusCode::BAD_REQUEST);
            assert_eq!(
                refused.message,
                format!("ApproveOrder's ApprovalType must be one of AGREE, REJECT, CANCEL, not {kind:?}")
            );
        }
        let transfer = check_call(
            "ApproveOrder",
            None,
            &pairs(&["WorkflowInstanceId", "NewApprover"]),
        )
        .unwrap_err();
        assert!(transfer.message.contains("\"NewApprover\""));
        assert!(check_call("CloseOrder", None, &pairs(&["OrderId", "CloseReason"])).is_ok());
    }
}

//! The description of one HTTP call, and the two error types every back-end shares.

use crate::gateway::{gateway_code, GatewayCode};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Every byte outside RFC 3986's unreserved set (`A-Z a-z 0-9 - . _ ~`) gets percent-encoded.
/// Alibaba's signature V3 needs exactly this encoding, so the gateway signs with the same set
/// the app uses to build URLs.
pub const RFC3986_ENCODE_SET: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes one query key or value (RFC 3986; a space becomes `%20`, never `+`).
pub fn encode_component(text: &str) -> String {
    utf8_percent_encode(text, RFC3986_ENCODE_SET).to_string()
}

/// `k1=v1&k2=v2` with both sides percent-encoded, in the given order.
pub fn encode_query(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(key, value)| format!("{}={}", encode_component(key), encode_component(value)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The header the app puts on every call to its proxy (value `1`). A page on another site
/// cannot send a custom header without a CORS preflight, which the gateway does not grant it,
/// so the gateway refuses browser calls that lack it.
pub const APP_MARKER_HEADER: &str = "x-ticket-desk";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What to send: the executor (gloo-net in the app, reqwest or a simulator in the gateway)
/// adds the base URL and sends `body` as JSON (`Content-Type: application/json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HttpCall {
    pub method: Method,
    /// Relative to the back-end's base URL; starts with `/`.
    pub path: String,
    pub query: Vec<(String, String)>,
    pub headers: Vec<(String, String)>,
    pub body: Option<serde_json::Value>,
}

impl HttpCall {
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        HttpCall {
            method,
            path: path.into(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
        }
    }

    /// `base` (without its trailing `/`) + path + `?` + encoded query when there is one.
    pub fn url(&self, base: &str) -> String {
        let mut url = format!("{}{}", base.trim_end_matches('/'), self.path);
        if !self.query.is_empty() {
            url.push('?');
            url.push_str(&encode_query(&self.query));
        }
        url
    }

    /// The first header with this name (case-insensitive), as the simulators read it.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// A failed call, as the vendor (or the proxy in front of it) explained it. The vendor's own
/// code, message and request id are kept verbatim so a person can quote them to support.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub struct VendorError {
    /// HTTP status of the answer (0 when the call never got one).
    pub status: u16,
    pub code: String,
    pub message: String,
    pub request_id: Option<String>,
    pub details: Option<String>,
    /// The answer was the gateway's own error, not the vendor's (see [`crate::gateway`]):
    /// `code` and `message` are the gateway's, as sent; the app says it in its own words.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub from_gateway: bool,
}

impl VendorError {
    pub fn new(status: u16, code: impl Into<String>, message: impl Into<String>) -> Self {
        VendorError {
            status,
            code: code.into(),
            message: message.into(),
            request_id: None,
            details: None,
            from_gateway: false,
        }
    }

    /// The gateway's own error with a known code: `code` and `message` as the gateway sent them.
    pub fn by_gateway(status: u16, code: impl Into<String>, message: impl Into<String>) -> Self {
        VendorError {
            from_gateway: true,
            ..VendorError::new(status, code, message)
        }
    }

    /// The gateway's table entry when this is the gateway's own error (not the vendor's).
    pub fn gateway_code(&self) -> Option<&'static GatewayCode> {
        if self.from_gateway {
            gateway_code(&self.code)
        } else {
            None
        }
    }

    pub fn with_request_id(mut self, request_id: Option<String>) -> Self {
        self.request_id = request_id.filter(|id| !id.is_empty());
        self
    }

    pub fn with_details(mut self, details: Option<String>) -> Self {
        self.details = details.filter(|text| !text.is_empty());
        self
    }

    /// The same sentence as `Display`, naming who said it: "ITSM said: no such service (code
    /// 3900001)". The gateway's own errors name the gateway and say what happened to `who`:
    /// "The gateway: ITSM did not answer in time. (code GATEWAY_TIMEOUT, gateway message: ...)".
    pub fn said_by(&self, who: &str) -> String {
        match self.gateway_code() {
            Some(known) => {
                let words = known.words(who);
                let notes = self.gateway_notes();
                crate::tr!("The gateway: {words}{notes}", "网关：{words}{notes}")
            }
            None => crate::tr!("{who} said: {self}", "{who} 返回：{self}"),
        }
    }

    /// `(code X, gateway message: ...)` after the gateway's error in the app's words, with the
    /// request id when there is one.
    fn gateway_notes(&self) -> String {
        let code = &self.code;
        let mut notes = vec![crate::tr!("code {code}", "错误码 {code}")];
        if let Some(request_id) = &self.request_id {
            notes.push(crate::tr!(
                "request id {request_id}",
                "请求 ID {request_id}"
            ));
        }
        let mut message = self.message.clone();
        if let Some(details) = &self.details {
            message.push_str(&crate::tr!(": {details}", "：{details}"));
        }
        if !message.is_empty() {
            notes.push(crate::tr!(
                "gateway message: {message}",
                "网关原文：{message}"
            ));
        }
        let notes = notes.join(crate::text!(", ", "，").get());
        crate::tr!(" ({notes})", "（{notes}）")
    }
}

impl fmt::Display for VendorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(known) = self.gateway_code() {
            let words = known.words(crate::text!("the back-end", "后端").get());
            let notes = self.gateway_notes();
            return write!(
                f,
                "{}",
                crate::tr!("the gateway: {words}{notes}", "网关：{words}{notes}")
            );
        }
        let message = if self.message.is_empty() {
            crate::text!("no explanation was given", "未给出说明").get()
        } else {
            self.message.as_str()
        };
        write!(f, "{message}")?;
        if let Some(details) = &self.details {
            write!(f, "{}", crate::tr!(": {details}", "：{details}"))?;
        }
        let mut notes = Vec::new();
        if !self.code.is_empty() {
            let code = &self.code;
            notes.push(crate::tr!("code {code}", "错误码 {code}"));
        }
        if let Some(request_id) = &self.request_id {
            notes.push(crate::tr!(
                "request id {request_id}",
                "请求 ID {request_id}"
            ));
        }
        if !notes.is_empty() {
            let notes = notes.join(crate::text!(", ", "，").get());
            write!(f, "{}", crate::tr!(" ({notes})", "（{notes}）"))?;
        }
        Ok(())
    }
}

/// One thing wrong with an input, named by its wire path (`fields[0].value`,
/// `PluginParam.dbId`, `params.requests[0].apiBody`), which is also the form input's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub path: String,
    pub message: String,
}

impl Problem {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

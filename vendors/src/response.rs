//! Decoding shared by every back-end: JSON parsing, the error shapes that do not depend on the
//! vendor, and turning serde failures into a [`VendorError`] a person can read.

use crate::call::VendorError;
use crate::gateway::gateway_code;
use crate::tr;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Code of a [`VendorError`] for an answer that is not JSON at all.
pub const CODE_NOT_JSON: &str = "NOT_JSON";
/// Code of a [`VendorError`] for JSON that does not have the documented shape.
pub const CODE_BAD_RESPONSE: &str = "BAD_RESPONSE";
/// Prefix of the code of a [`VendorError`] made from the HTTP status alone ("HTTP 502").
pub const CODE_HTTP_PREFIX: &str = "HTTP ";

/// Longest piece of a body quoted in an error message.
const SNIPPET_CHARS: usize = 200;

pub fn is_success(status: u16) -> bool {
    (200..300).contains(&status)
}

/// Parses a body as JSON. An error object of the shape `{"error": {"code", "message" |
/// "description", "details"}}` (the gateway's own errors and ZStack's) becomes `Err` whatever
/// the status (the gateway's marked as such, see [`crate::gateway`]); a body that is not JSON
/// becomes `Err` with a quote of its beginning.
pub fn parse_json(status: u16, body: &str) -> Result<Value, VendorError> {
    if body.trim().is_empty() {
        // ZStack documents "{}" on success; an empty 2xx body carries the same news.
        return if is_success(status) {
            Ok(Value::Object(Default::default()))
        } else {
            Err(VendorError::new(
                status,
                http_code(status),
                tr!(
                    "the proxy answered {status} with an empty body",
                    "代理返回 {status}，内容为空"
                ),
            ))
        };
    }
    let value: Value = serde_json::from_str(body).map_err(|_| {
        let quote = snippet(body);
        if is_success(status) {
            VendorError::new(
                status,
                CODE_NOT_JSON,
                tr!(
                    "the answer was not JSON: {quote}",
                    "返回内容不是 JSON：{quote}"
                ),
            )
        } else {
            VendorError::new(
                status,
                http_code(status),
                tr!(
                    "the proxy answered {status}: {quote}",
                    "代理返回 {status}：{quote}"
                ),
            )
        }
    })?;
    match error_object(status, &value) {
        Some(error) => Err(error),
        None => Ok(value),
    }
}

/// Reads `{"error": {code, message | description, details}}`, if that is what `value` is.
pub fn error_object(status: u16, value: &Value) -> Option<VendorError> {
    let error = value.get("error")?.as_object()?;
    let code = error.get("code").and_then(text_of).unwrap_or_default();
    let message = error
        .get("message")
        .or_else(|| error.get("description"))
        .and_then(text_of)
        .unwrap_or_default();
    if code.is_empty() && message.is_empty() {
        return None;
    }
    let request_id = value
        .get("request_id")
        .or_else(|| error.get("request_id"))
        .and_then(text_of);
    // The gateway's own errors have exactly `code` and `message` (ZStack's have `description`).
    let from_gateway = gateway_code(&code).is_some()
        && error.get("message").is_some_and(Value::is_string)
        && error.keys().all(|key| key == "code" || key == "message");
    let error_of = if from_gateway {
        VendorError::by_gateway
    } else {
        VendorError::new
    };
    Some(
        error_of(status, code, message)
            .with_request_id(request_id)
            .with_details(error.get("details").and_then(text_of)),
    )
}

/// The error for a non-2xx answer that carried no error the vendor's own shape describes.
pub fn http_failure(status: u16, value: &Value) -> VendorError {
    let quote = snippet(&value.to_string());
    VendorError::new(
        status,
        http_code(status),
        tr!(
            "the proxy answered {status}: {quote}",
            "代理返回 {status}：{quote}"
        ),
    )
}

/// Deserializes the documented part of an answer.
pub fn shape<T: DeserializeOwned>(status: u16, value: Value) -> Result<T, VendorError> {
    serde_json::from_value(value).map_err(|error| {
        VendorError::new(
            status,
            CODE_BAD_RESPONSE,
            tr!(
                "the answer did not have the expected shape ({error})",
                "返回内容的结构不符合预期（{error}）"
            ),
        )
    })
}

/// A JSON scalar as text; objects and arrays as compact JSON; `null` as nothing.
pub fn text_of(value: &Value) -> Option<String> {
    crate::lenient::Loose::from(value).text()
}

fn http_code(status: u16) -> String {
    format!("{CODE_HTTP_PREFIX}{status}")
}

fn snippet(body: &str) -> String {
    let collapsed = body.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() > SNIPPET_CHARS {
        let cut: String = collapsed.chars().take(SNIPPET_CHARS).collect();
        format!("{cut}…")
    } else {
        collapsed
    }
}

//! Alibaba Cloud signature V3 (`ACS3-HMAC-SHA256`), as pure functions: the proxy signs with
//! them and the DMS simulator verifies with the very same code.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use vendors::dms::{ACTION_HEADER, VERSION_HEADER};
use vendors::encode_component;

pub const ALGORITHM: &str = "ACS3-HMAC-SHA256";

/// The headers V3 signs, in canonical (sorted) order.
pub const SIGNED_HEADERS: [&str; 6] = [
    "host",
    ACTION_HEADER,
    "x-acs-content-sha256",
    "x-acs-date",
    "x-acs-signature-nonce",
    VERSION_HEADER,
];

/// Everything a V3 signature depends on. Query pairs are decoded values. Its `Debug` leaves
/// the AccessKey out.
#[derive(Clone)]
pub struct SigningInput<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub query: &'a [(String, String)],
    pub host: &'a str,
    pub action: &'a str,
    pub version: &'a str,
    pub date: &'a str,
    pub nonce: &'a str,
    pub body: &'a [u8],
    pub access_key_id: &'a str,
    pub access_key_secret: &'a str,
}

impl std::fmt::Debug for SigningInput<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningInput")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("host", &self.host)
            .field("action", &self.action)
            .field("version", &self.version)
            .field("date", &self.date)
            .field("body_bytes", &self.body.len())
            .finish_non_exhaustive()
    }
}

/// The result of signing: the headers to send, plus the intermediate strings for tests.
#[derive(Debug, Clone)]
pub struct Signed {
    /// Lower-case name and value of every header to add, `authorization` included.
    pub headers: Vec<(String, String)>,
    pub canonical_request: String,
    pub string_to_sign: String,
    pub signature: String,
}

/// Signs a request; pure, so the test vector and the simulator can reproduce it.
pub fn sign(input: &SigningInput<'_>) -> Signed {
    let content_sha256 = hex_sha256(input.body);
    let headers: Vec<(String, String)> = [
        ("host", input.host),
        (ACTION_HEADER, input.action),
        ("x-acs-content-sha256", content_sha256.as_str()),
        ("x-acs-date", input.date),
        ("x-acs-signature-nonce", input.nonce),
        (VERSION_HEADER, input.version),
    ]
    .iter()
    .map(|(name, value)| (name.to_string(), value.to_string()))
    .collect();
    let canonical_request = canonical_request(
        input.method,
        input.path,
        input.query,
        &headers,
        &content_sha256,
    );
    let string_to_sign = string_to_sign(&canonical_request);
    let signature = hmac_hex(input.access_key_secret, &string_to_sign);
    let authorization = format!(
        "{ALGORITHM} Credential={},SignedHeaders={},Signature={signature}",
        input.access_key_id,
        SIGNED_HEADERS.join(";")
    );
    let mut out = headers;
    out.push(("authorization".to_string(), authorization));
    Signed {
        headers: out,
        canonical_request,
        string_to_sign,
        signature,
    }
}

/// Method, canonical URI, canonical query, canonical headers, signed header list, payload hash.
/// `headers` are (lower-case name, value) pairs; they are sorted here.
pub fn canonical_request(
    method: &str,
    path: &str,
    query: &[(String, String)],
    headers: &[(String, String)],
    payload_sha256: &str,
) -> String {
    let mut headers: Vec<(String, String)> = headers
        .iter()
        .map(|(name, value)| (name.to_ascii_lowercase(), value.trim().to_string()))
        .collect();
    headers.sort();
    let canonical_headers: String = headers
        .iter()
        .map(|(name, value)| format!("{name}:{value}\n"))
        .collect();
    let signed_headers = headers
        .iter()
        .map(|(name, _)| name.as_str())
        .collect::<Vec<_>>()
        .join(";");
    format!(
        "{}\n{}\n{}\n{canonical_headers}\n{signed_headers}\n{payload_sha256}",
        method.to_ascii_uppercase(),
        canonical_uri(path),
        canonical_query(query),
    )
}

/// `ACS3-HMAC-SHA256\n` + hex SHA-256 of the canonical request.
pub fn string_to_sign(canonical_request: &str) -> String {
    format!("{ALGORITHM}\n{}", hex_sha256(canonical_request.as_bytes()))
}

/// Sorted `key=value` pairs joined by `&`, both sides RFC 3986-encoded.
pub fn canonical_query(query: &[(String, String)]) -> String {
    let mut pairs: Vec<(String, String)> = query
        .iter()
        .map(|(key, value)| (encode_component(key), encode_component(value)))
        .collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(key, value)| format!("{key}={value}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// Each path segment RFC 3986-encoded; an empty path is `/`.
pub fn canonical_uri(path: &str) -> String {
    if path.is_empty() {
        return "/".to_string();
    }
    path.split('/')
        .map(encode_component)
        .collect::<Vec<_>>()
        .join("/")
}

pub fn hex_sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn hmac_hex(secret: &str, message: &str) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(message.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// The parts of an `Authorization: ACS3-HMAC-SHA256 ...` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorization {
    pub access_key_id: String,
    pub signed_headers: Vec<String>,
    pub signature: String,
}

/// Why a signature was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    #[error("the Authorization header is missing or malformed")]
    Malformed,
    #[error("signed header {0} is missing from the request")]
    MissingSignedHeader(String),
    #[error("header {0} must be signed")]
    UnsignedRequiredHeader(String),
    #[error("x-acs-content-sha256 does not match the body")]
    ContentHashMismatch,
    #[error("unknown AccessKey id")]
    UnknownAccessKey,
    #[error("the signature does not match")]
    SignatureMismatch,
}

pub fn parse_authorization(value: &str) -> Result<Authorization, VerifyError> {
    let rest = value
        .strip_prefix(ALGORITHM)
        .and_then(|rest| rest.strip_prefix(' '))
        .ok_or(VerifyError::Malformed)?;
    let (mut id, mut signed, mut signature) = (None, None, None);
    for part in rest.split(',') {
        let (key, value) = part.trim().split_once('=').ok_or(VerifyError::Malformed)?;
        match key {
            "Credential" => id = Some(value.to_string()),
            "SignedHeaders" => {
                signed = Some(value.split(';').map(str::to_ascii_lowercase).collect())
            }
            "Signature" => signature = Some(value.to_ascii_lowercase()),
            _ => return Err(VerifyError::Malformed),
        }
    }
    match (id, signed, signature) {
        (Some(access_key_id), Some(signed_headers), Some(signature))
            if !access_key_id.is_empty() =>
        {
            Ok(Authorization {
                access_key_id,
                signed_headers,
                signature,
            })
        }
        _ => Err(VerifyError::Malformed),
    }
}

/// Checks a received request. `header` looks a header up by lower-case name; `secret_for` maps
/// an AccessKey id to its secret.
pub fn verify(
    method: &str,
    path: &str,
    query: &[(String, String)],
    header: impl Fn(&str) -> Option<String>,
    body: &[u8],
    secret_for: impl Fn(&str) -> Option<String>,
) -> Result<Authorization, VerifyError> {
    let authorization =
        parse_authorization(&header("authorization").ok_or(VerifyError::Malformed)?)?;
    for required in SIGNED_HEADERS {
        if !authorization
            .signed_headers
            .iter()
            .any(|name| name == required)
        {
            return Err(VerifyError::UnsignedRequiredHeader(required.to_string()));
        }
    }
    let mut headers = Vec::new();
    for name in &authorization.signed_headers {
        let value = header(name).ok_or_else(|| VerifyError::MissingSignedHeader(name.clone()))?;
        headers.push((name.clone(), value));
    }
    let payload_sha256 = hex_sha256(body);
    if header("x-acs-content-sha256").as_deref() != Some(payload_sha256.as_str()) {
        return Err(VerifyError::ContentHashMismatch);
    }
    let secret = secret_for(&authorization.access_key_id).ok_or(VerifyError::UnknownAccessKey)?;
    let canonical = canonical_request(method, path, query, &headers, &payload_sha256);
    let expected = hmac_hex(&secret, &string_to_sign(&canonical));
    if !crate::secret::equal(expected.as_bytes(), authorization.signature.as_bytes()) {
        return Err(VerifyError::SignatureMismatch);
    }
    Ok(authorization)
}

#[cfg(test)]
#[path = "acs3_tests.rs"]
mod tests;

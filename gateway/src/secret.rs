//! Secrets: a wrapper that never prints itself, and a redactor for browser-facing bytes.

use std::fmt;

/// A credential read from the environment. `Debug` prints `***`; there is no `Display`, so a
/// secret cannot end up in a log line or an error message by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The plain value, for the few places that must put it on the wire upstream.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// Whether two secrets (or signatures) are equal, in time that does not depend on where they
/// first differ, so a caller cannot guess one byte at a time.
pub fn equal(given: &[u8], expected: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    given.ct_eq(expected).into()
}

/// What replaces a secret that a vendor echoed back.
pub const MASK: &str = "***";

/// Replaces every occurrence of each secret (raw, JSON-escaped and percent-encoded, since a
/// vendor may echo a body or a query) with [`MASK`].
pub fn redact(bytes: &[u8], secrets: &[String]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    for secret in secrets.iter().filter(|secret| !secret.is_empty()) {
        for form in secret_forms(secret) {
            if let Some(replaced) = replace_all(&out, form.as_bytes(), MASK.as_bytes()) {
                out = replaced;
            }
        }
    }
    out
}

/// True when `text` contains any form of any secret.
pub fn contains_secret(text: &[u8], secrets: &[String]) -> bool {
    secrets
        .iter()
        .filter(|secret| !secret.is_empty())
        .flat_map(|secret| secret_forms(secret))
        .any(|form| find(text, form.as_bytes(), 0).is_some())
}

fn secret_forms(secret: &str) -> Vec<String> {
    let json = serde_json::to_string(secret).unwrap_or_default();
    let json = json.trim_matches('"').to_string();
    // Fully escaped, and RFC 3986 as the gateway itself sends query values.
    let percent = percent_encoding::utf8_percent_encode(secret, percent_encoding::NON_ALPHANUMERIC)
        .to_string();
    let mut forms = vec![
        secret.to_string(),
        json,
        percent,
        vendors::encode_component(secret),
    ];
    forms.sort();
    forms.dedup();
    // Longest first, so a shorter form never splits a longer one.
    forms.sort_by_key(|form| std::cmp::Reverse(form.len()));
    forms
}

/// Linear-time substring search (Two-Way with SIMD prefilters): a 10,000-ticket page is
/// scanned once per secret form.
fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || from > haystack.len() {
        return None;
    }
    memchr::memmem::find(&haystack[from..], needle).map(|at| from + at)
}

/// `None` when the needle does not occur, so the common case copies nothing.
fn replace_all(haystack: &[u8], needle: &[u8], replacement: &[u8]) -> Option<Vec<u8>> {
    let mut matches = memchr::memmem::find_iter(haystack, needle).peekable();
    matches.peek()?;
    let mut out = Vec::with_capacity(haystack.len());
    let mut start = 0;
    for at in matches {
        // Non-overlapping, like `str::replace`.
        if at < start {
            continue;
        }
        out.extend_from_slice(&haystack[start..at]);
        out.extend_from_slice(replacement);
        start = at + needle.len();
    }
    out.extend_from_slice(&haystack[start..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_value() {
        let secret = Secret::new("hunter2");
        assert_eq!(format!("{secret:?}"), "Secret(***)");
    }

    #[test]
    fn redacts_raw_json_escaped_and_percent_encoded_echoes() {
        let secrets = vec!["a/b\"c d".to_string()];
        let echoed = br#"raw=a/b"c d json="a/b\"c d" query=a%2Fb%22c%20d"#;
        let clean = redact(echoed, &secrets);
        assert!(
            !contains_secret(&clean, &secrets),
            "{}",
            String::from_utf8_lossy(&clean)
        );
        assert_eq!(
            String::from_utf8(clean).unwrap(),
            r#"raw=*** json="***" query=***"#
        );
    }

    #[test]
    fn repeated_and_overlapping_echoes_are_all_masked() {
        let secrets = vec!["aa".to_string()];
        assert_eq!(redact(b"aaa-aa", &secrets), b"***a-***");
        assert_eq!(redact(b"no secret here", &secrets), b"no secret here");
    }

    #[test]
    fn empty_secret_is_ignored() {
        assert_eq!(redact(b"abc", &[String::new()]), b"abc");
    }
}

//! Request plumbing shared by every back-end: path checks, header filtering, query parsing.

use axum::http::{header, HeaderMap, HeaderName};
use percent_encoding::percent_decode_str;

/// Connection-scoped headers (RFC 9110 section 7.6.1) that a proxy must not forward.
const HOP_BY_HOP: [&str; 8] = [
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
];

/// Browser headers that never go upstream as they are: credentials are the gateway's job,
/// `accept-encoding` is dropped so replies arrive uncompressed and can be redacted, and the
/// length and host are recomputed.
const NOT_FORWARDED: [&str; 7] = [
    // The app's marker is for the gateway's own checks.
    vendors::call::APP_MARKER_HEADER,
    "cookie",
    "authorization",
    "x-bkapi-authorization",
    "accept-encoding",
    "content-length",
    "host",
];

/// The only upstream headers that reach the browser: what the app reads (type, the ZStack
/// job `Location`, rewritten by its kind) and vendor request ids for support. Never
/// `Set-Cookie` or `Access-Control-*`: the gateway, not a vendor, decides what a page may do.
pub const RETURNED: [&str; 6] = [
    "content-type",
    "location",
    "x-acs-request-id",
    "x-request-id",
    "x-bkapi-request-id",
    "retry-after",
];

/// The instance id of a `/proxy/<id>/...` path (`/proxy/itsm/api/x/` -> `itsm`).
pub fn proxy_instance(path: &str) -> Option<&str> {
    path.strip_prefix("/proxy/")?.split('/').next()
}

/// `/proxy/itsm/api/x/` -> (`itsm`, `/api/x/`).
pub fn split_proxy_path(path: &str) -> Option<(&str, &str)> {
    let id = proxy_instance(path)?;
    let vendor_path = &path["/proxy/".len() + id.len()..];
    vendor_path.starts_with('/').then_some((id, vendor_path))
}

/// A vendor path is only matched against the allowlist when it is plainly written: no
/// percent-escapes (which could hide `..` or `/`), no empty, `.` or `..` segments, no backslash.
pub fn is_plain_path(path: &str) -> bool {
    path.starts_with('/')
        && !path.contains(['%', '\\'])
        && !path.contains("//")
        && path
            .split('/')
            .skip(1)
            .all(|segment| segment != "." && segment != "..")
}

/// Headers to send upstream: everything but hop-by-hop and [`NOT_FORWARDED`] headers.
pub fn forwardable_request_headers(incoming: &HeaderMap) -> HeaderMap {
    filter_headers(incoming, &NOT_FORWARDED)
}

/// Headers to send back to the browser: the [`RETURNED`] ones only.
pub fn returnable_response_headers(upstream: &HeaderMap) -> HeaderMap {
    let mut out = HeaderMap::new();
    for (name, value) in upstream {
        if RETURNED.contains(&name.as_str()) {
            out.append(name.clone(), value.clone());
        }
    }
    out
}

fn filter_headers(headers: &HeaderMap, extra: &[&str]) -> HeaderMap {
    // Headers named in `Connection` are hop-by-hop too.
    let named_by_connection: Vec<String> = headers
        .get_all(header::CONNECTION)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(|name| name.trim().to_ascii_lowercase())
        .collect();
    let dropped = |name: &HeaderName| {
        let name = name.as_str();
        HOP_BY_HOP.contains(&name)
            || extra.contains(&name)
            || named_by_connection.iter().any(|named| named == name)
    };
    let mut out = HeaderMap::new();
    for (name, value) in headers {
        if !dropped(name) {
            out.append(name.clone(), value.clone());
        }
    }
    out
}

/// The value of one cookie from the `Cookie` header(s).
pub fn cookie(headers: &HeaderMap, wanted: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == wanted)
        .map(|(_, value)| value.trim_matches('"').to_string())
        .filter(|value| !value.is_empty())
}

/// Decodes a query string as `application/x-www-form-urlencoded` (`+` is a space).
pub fn decode_query(raw: &str) -> Vec<(String, String)> {
    raw.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode_component(key), decode_component(value))
        })
        .collect()
}

pub fn decode_component(text: &str) -> String {
    percent_decode_str(&text.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn plain_paths() {
        assert!(is_plain_path("/zstack/v1/tickets"));
        assert!(is_plain_path("/"));
        for bad in [
            "/a/%2e%2e/b",
            "/a%2fb",
            "/a//b",
            "/a/../b",
            "/a/./b",
            "/a\\b",
            "",
        ] {
            assert!(!is_plain_path(bad), "{bad}");
        }
    }

    #[test]
    fn drops_hop_by_hop_credentials_and_connection_named_headers() {
        let mut headers = HeaderMap::new();
        for (name, value) in [
            ("connection", "keep-alive, x-private"),
            ("x-private", "1"),
            ("keep-alive", "timeout=5"),
            ("cookie", "bk_token=t"),
            ("authorization", "OAuth s"),
            ("content-type", "application/json"),
            ("x-acs-action", "CreateOrder"),
        ] {
            headers.append(name, HeaderValue::from_static(value));
        }
        let kept = forwardable_request_headers(&headers);
        let names: Vec<&str> = kept.keys().map(|name| name.as_str()).collect();
        assert_eq!(names, vec!["content-type", "x-acs-action"]);
    }

    #[test]
    fn reads_cookies_and_queries() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; bk_token=tok%3D; b=2"),
        );
        assert_eq!(cookie(&headers, "bk_token").as_deref(), Some("tok%3D"));
        assert_eq!(cookie(&headers, "missing"), None);
        assert_eq!(
            decode_query("a=1+2&b=%7B%22x%22%3A1%7D&c"),
            vec![
                ("a".into(), "1 2".into()),
                ("b".into(), "{\"x\":1}".into()),
                ("c".into(), "".into())
            ]
        );
    }
}

//! The built app: files from `dist/` (precompressed `.br`/`.gz` variants when the browser accepts
//! them), SPA fallback to `index.html`, cache headers, and the security headers (with a CSP that
//! allows exactly the inline scripts `index.html` had at start-up).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use base64::Engine;
use sha2::{Digest, Sha256};
use tower::ServiceExt;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

#[derive(Debug, thiserror::Error)]
pub enum StaticError {
    #[error("dist folder {0} does not exist or is not a folder (build the app with `make build`, or pass --dist)")]
    MissingDist(PathBuf),
    #[error("cannot read {path}: {source} (the dist folder must contain the app's index.html)")]
    MissingIndex {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The app's files, checked at start-up.
#[derive(Debug, Clone)]
pub struct Site {
    pub dist: PathBuf,
    pub index_html: Arc<[u8]>,
    pub csp: String,
}

impl Site {
    pub fn load(dist: &Path) -> Result<Self, StaticError> {
        if !dist.is_dir() {
            return Err(StaticError::MissingDist(dist.to_path_buf()));
        }
        let index_path = dist.join("index.html");
        let index_html =
            std::fs::read(&index_path).map_err(|source| StaticError::MissingIndex {
                path: index_path,
                source,
            })?;
        let csp = content_security_policy(&String::from_utf8_lossy(&index_html));
        Ok(Self {
            dist: dist.to_path_buf(),
            index_html: index_html.into(),
            csp,
        })
    }

    /// A router serving the files, falling back to `index.html` for app routes.
    pub fn router(&self) -> Router {
        Router::new()
            .fallback(serve_static)
            .with_state(self.clone())
    }
}

async fn serve_static(State(site): State<Site>, request: Request) -> Response {
    let path = request.uri().path().to_string();
    // index.html is the copy read at start-up, whose inline scripts the CSP names; an operator
    // editing config.json after deploy must never be shadowed by a stale compressed copy.
    match path.as_str() {
        "/" | "/index.html" => return index_response(&site),
        "/config.json" => {
            return with_cache_headers(serve_file(&site, request, false).await, &path)
        }
        _ => {}
    }
    let response = serve_file(&site, request, true).await;
    if response.status() == StatusCode::NOT_FOUND && is_app_route(&path) {
        return index_response(&site);
    }
    with_cache_headers(response, &path)
}

/// A file of `dist/`, with its `.br`/`.gz` variant (written by `scripts/precompress.sh` at
/// build time) when `precompressed` and the browser accepts it.
async fn serve_file(site: &Site, request: Request, precompressed: bool) -> Response {
    let files = ServeDir::new(&site.dist);
    let served = if precompressed {
        files
            .precompressed_br()
            .precompressed_gzip()
            .oneshot(request)
            .await
    } else {
        files.oneshot(request).await
    };
    match served {
        Ok(response) => response.into_response(),
        Err(never) => match never {},
    }
}

/// Hashed assets never change under their name, so browsers keep them for a year; everything
/// else (index.html, config.json, errors) is revalidated on each use. The body depends on
/// Accept-Encoding (precompressed variants), which caches must know.
fn with_cache_headers(mut response: Response, path: &str) -> Response {
    let status = response.status();
    let cacheable = status.is_success() || status == StatusCode::NOT_MODIFIED;
    let policy = if cacheable && is_hashed_asset(path) {
        IMMUTABLE
    } else {
        NO_CACHE
    };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    response
}

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const NO_CACHE: &str = "no-cache";

/// Trunk names built assets `<name>-<hash>.<ext>` (the wasm module `<name>-<hash>_bg.wasm`),
/// the hash being lower-case hex of up to 16 digits (leading zeros dropped).
fn is_hashed_asset(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or_default();
    let Some((stem, _extension)) = file.split_once('.') else {
        return false;
    };
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    let Some((_name, hash)) = stem.rsplit_once('-') else {
        return false;
    };
    (8..=16).contains(&hash.len())
        && hash
            .bytes()
            .all(|byte| byte.is_ascii_digit() || (b'a'..=b'f').contains(&byte))
}

/// App routes have no file extension in their last segment and are not proxy paths.
fn is_app_route(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or_default();
    !path.starts_with("/proxy/") && path != "/proxy" && !last.contains('.')
}

fn index_response(site: &Site) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            // The page names hashed asset files; it must be re-fetched after each deploy.
            (header::CACHE_CONTROL, NO_CACHE),
        ],
        Body::from(site.index_html.to_vec()),
    )
        .into_response()
}

/// The CSP: the app's own origin only, wasm compilation allowed, and each inline script of
/// `index.html` (Trunk's loader) allowed by hash rather than by 'unsafe-inline'.
pub fn content_security_policy(index_html: &str) -> String {
    let hashes: String = inline_scripts(index_html)
        .iter()
        .map(|script| format!(" 'sha256-{}'", sha256_base64(script)))
        .collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

fn sha256_base64(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes()))
}

/// The bodies of `<script>` elements without a `src` attribute, byte for byte (browsers hash
/// the raw text between the tags).
pub fn inline_scripts(html: &str) -> Vec<&str> {
    let lower = html.to_ascii_lowercase();
    let mut scripts = Vec::new();
    let mut from = 0;
    while let Some(open) = lower[from..].find("<script").map(|at| from + at) {
        let Some(tag_end) = lower[open..].find('>').map(|at| open + at) else {
            break;
        };
        let Some(close) = lower[tag_end..].find("</script").map(|at| tag_end + at) else {
            break;
        };
        let attributes = &lower[open + "<script".len()..tag_end];
        if !has_src_attribute(attributes) {
            scripts.push(&html[tag_end + 1..close]);
        }
        from = close + "</script".len();
    }
    scripts
}

fn has_src_attribute(attributes: &str) -> bool {
    attributes
        .split(|c: char| c.is_whitespace())
        .any(|word| word == "src" || word.starts_with("src="))
}

/// Adds the security headers to every response (files, fallback and proxy alike).
pub fn with_security_headers(router: Router, csp: &str) -> Router {
    let csp = HeaderValue::from_str(csp).expect("CSP is ASCII built from base64 hashes");
    let fixed: [(HeaderName, HeaderValue); 4] = [
        (header::CONTENT_SECURITY_POLICY, csp),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
    ];
    fixed.into_iter().fold(router, |router, (name, value)| {
        router.layer(SetResponseHeaderLayer::overriding(name, value))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_only_inline_scripts() {
        let html = "<html><head><script src=\"/a.js\"></script>\
            <SCRIPT type=\"module\">import init from '/x.js';\nawait init();</SCRIPT>\
            <script type=\"module\" src='/b.js'></script><script>1</script></head></html>";
        assert_eq!(
            inline_scripts(html),
            vec!["import init from '/x.js';\nawait init();", "1"]
        );
    }

    #[test]
    fn csp_lists_one_hash_per_inline_script() {
        let csp = content_security_policy("<script>alert(1)</script>");
        // sha256("alert(1)"), base64, computed independently.
        assert!(
            csp.contains("'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"),
            "{csp}"
        );
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"));
        assert!(!csp.contains("unsafe-inline"));
        let none = content_security_policy("<p>no scripts</p>");
        assert!(
            none.contains("script-src 'self' 'wasm-unsafe-eval';"),
            "{none}"
        );
    }

    #[test]
    fn hashed_assets_are_trunk_names() {
        for hashed in [
            "/ticket-desk-9c3b670366b56ae1_bg.wasm",
            "/ticket-desk-9c3b670366b56ae1.js",
            "/main-5ca2b56ff974773.css",
            "/assets/list-51495cb8ed2aa4b6.css",
            // The lazily loaded parts (scripts/post-build.sh names them).
            "/split___list_view_3892241302782968428-6cc41e7f035519e.wasm",
            "/chunk_10-6cc41e7f035519e.wasm",
            "/__wasm_split-6cc41e7f035519e.js",
        ] {
            assert!(is_hashed_asset(hashed), "{hashed}");
        }
        for plain in [
            "/",
            "/index.html",
            "/config.json",
            "/app_bg.wasm",
            "/ticket-desk.js",
            "/x-9C3B670366B56AE1.js",
            "/x-12345.js",
            "/x-9c3b670366b56ae1",
        ] {
            assert!(!is_hashed_asset(plain), "{plain}");
        }
    }

    #[test]
    fn app_routes_are_extensionless_non_proxy_paths() {
        assert!(is_app_route("/itsm/tickets"));
        assert!(!is_app_route("/missing.js"));
        assert!(!is_app_route("/proxy/itsm/x"));
    }
}

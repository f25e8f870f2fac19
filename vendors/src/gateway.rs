//! The errors `ticket-gateway` answers on its own (`gateway/src/proxy/error.rs`, and the
//! `ProxyError::new` calls in `guard.rs`, `limits.rs` and `proxy/mod.rs`):
//! `{"error": {"code": "GATEWAY_TIMEOUT", "message": "the itsm back-end did not answer in time"}}`.
//! Their messages are the gateway's, in English and about its instance ids; this table says
//! what each code means in the reader's language, naming the back-end as the app knows it.
//! The wire format stays the gateway's: a code missing here is shown as the gateway sent it.

use crate::i18n::Text;
use crate::text;

/// One code the gateway answers with.
#[derive(Debug, Clone, Copy)]
pub struct GatewayCode {
    pub code: &'static str,
    /// The HTTP status the gateway sends it with.
    pub status: u16,
    /// What happened, completing "The gateway: ..."; `{who}` stands for the back-end.
    words: Text,
}

impl GatewayCode {
    /// What happened, in the current language, about the back-end `who` ("ITSM").
    pub fn words(&self, who: &str) -> String {
        fill(self.words.get(), who)
    }
}

/// Every code the gateway makes its own error body with.
pub const GATEWAY_CODES: &[GatewayCode] = &[
    GatewayCode {
        code: "BAD_REQUEST",
        status: 400,
        words: text!(
            "the request to {who} is malformed.",
            "发往 {who} 的请求格式不正确。"
        ),
    },
    GatewayCode {
        code: "UNAUTHENTICATED",
        status: 401,
        words: text!(
            "you are not signed in to {who}; sign in and try again.",
            "您尚未登录 {who}，请登录后重试。"
        ),
    },
    GatewayCode {
        code: "FORBIDDEN",
        status: 403,
        words: text!(
            "this call to {who} is not allowed.",
            "不允许向 {who} 发出此请求。"
        ),
    },
    GatewayCode {
        code: "NOT_FOUND",
        status: 404,
        words: text!(
            "this call is not forwarded to {who} (check base_url in config.json).",
            "此请求不会转发给 {who}（请检查 config.json 中的 base_url）。"
        ),
    },
    GatewayCode {
        code: "REQUEST_TIMEOUT",
        status: 408,
        words: text!(
            "the request to {who} did not arrive in time.",
            "发往 {who} 的请求未能及时送达。"
        ),
    },
    GatewayCode {
        code: "PAYLOAD_TOO_LARGE",
        status: 413,
        words: text!(
            "the request to {who} is too large.",
            "发往 {who} 的请求内容过大。"
        ),
    },
    GatewayCode {
        code: "UNSUPPORTED_MEDIA_TYPE",
        status: 415,
        words: text!(
            "the request to {who} must be sent as JSON.",
            "发往 {who} 的请求必须是 JSON。"
        ),
    },
    GatewayCode {
        code: "MISDIRECTED_REQUEST",
        status: 421,
        words: text!(
            "it does not serve this site's host name.",
            "不为此站点的主机名提供服务。"
        ),
    },
    GatewayCode {
        code: "INTERNAL",
        status: 500,
        words: text!("it could not handle the request.", "无法处理该请求。"),
    },
    GatewayCode {
        code: "BAD_GATEWAY",
        status: 502,
        words: text!("the call to {who} failed.", "调用 {who} 失败。"),
    },
    GatewayCode {
        code: "OVERLOADED",
        status: 503,
        words: text!("it is busy; try again shortly.", "当前繁忙，请稍后重试。"),
    },
    GatewayCode {
        code: "GATEWAY_TIMEOUT",
        status: 504,
        words: text!("{who} did not answer in time.", "{who} 没有及时响应。"),
    },
];

/// The table's entry for `code`, if the gateway makes errors with it.
pub fn gateway_code(code: &str) -> Option<&'static GatewayCode> {
    GATEWAY_CODES.iter().find(|known| known.code == code)
}

/// `template` with `{who}` replaced. The Chinese templates put a space between `{who}` and the
/// Chinese text for Latin names ("ITSM 没有及时响应"); a Chinese name takes none ("后端没有").
fn fill(template: &str, who: &str) -> String {
    let Some((before, after)) = template.split_once("{who}") else {
        return template.to_string();
    };
    let is_cjk = |c: char| c >= '\u{2E80}';
    let before = match who.chars().next() {
        Some(first) if is_cjk(first) => before.strip_suffix(' ').unwrap_or(before),
        _ => before,
    };
    let after = match who.chars().last() {
        Some(last) if is_cjk(last) => after.strip_prefix(' ').unwrap_or(after),
        _ => after,
    };
    format!("{before}{who}{after}")
}

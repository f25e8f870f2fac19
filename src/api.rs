//! The one place the app touches the network: executes a `vendors` call description with the
//! browser's `fetch` against a back-end's proxy base URL, with a timeout, and aborts it when the
//! component that started it goes away. Components never build URLs or JSON by hand.

use futures_channel::oneshot;
use leptos::prelude::*;
use leptos::task::spawn_local;
use send_wrapper::SendWrapper;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use vendors::{tr, HttpCall, Method, VendorError};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Longer than the gateway's own upstream timeout (30 s), so its clearer 504 arrives first.
pub const TIMEOUT: Duration = Duration::from_secs(45);

/// Code of the error when no answer came at all.
pub const CODE_NETWORK: &str = "NETWORK";
pub const CODE_TIMEOUT: &str = "TIMEOUT";

type Answer = Result<(u16, String), VendorError>;

/// A call sent ahead of the page that will make it (see [`send_early`]).
struct Early {
    id: u64,
    base: String,
    call: HttpCall,
    answer: oneshot::Receiver<Answer>,
    /// When the answer came ([`now`]); `None` while it is on its way.
    answered_at: Rc<Cell<Option<f64>>>,
}

/// How long an answer that has come waits for its page: long enough for a page's code to
/// finish loading on a slow line, short enough that no later visit shows a list from before
/// the person's last decision.
const EARLY_KEPT_MS: f64 = 10_000.0;

/// Milliseconds on the page's monotonic clock (the wall clock may be set back).
fn now() -> f64 {
    web_sys::window()
        .and_then(|window| window.performance())
        .map_or(0.0, |performance| performance.now())
}

thread_local! {
    /// The early calls not taken yet, each answer taken once by the first [`send`] of the
    /// same call to the same base.
    static EARLY: RefCell<Vec<Early>> = const { RefCell::new(Vec::new()) };
    static NEXT_EARLY: Cell<u64> = const { Cell::new(0) };
}

/// Sends `call` now, for a page whose code is still loading (a lazily loaded part): the page's
/// own `send` of the same call takes this answer instead of asking again. Sent under the
/// current owner (the route's): leaving the route aborts the call and drops its answer, and a
/// newer equal call (the route entered again) replaces this one.
pub fn send_early(base: &str, call: HttpCall) {
    let (answer, receiver) = oneshot::channel();
    let id = NEXT_EARLY.with(|next| next.replace(next.get() + 1));
    let answered_at = Rc::new(Cell::new(None));
    EARLY.with(|early| {
        let mut early = early.borrow_mut();
        early.retain(|older| !(older.base == base && older.call == call));
        early.push(Early {
            id,
            base: base.to_string(),
            call: call.clone(),
            answer: receiver,
            answered_at: answered_at.clone(),
        });
    });
    if Owner::current().is_some() {
        on_cleanup(move || EARLY.with(|early| early.borrow_mut().retain(|e| e.id != id)));
    }
    // `fetch` called now, not in the task: a task runs after the route's own work, which asks
    // for the page's code first, and a browser has six connections to the host (HTTP/1.1), so
    // the call would wait behind a dozen code downloads.
    let sent = start(base, &call);
    // Not a scoped task: one would keep the route's owner alive until the answer came, so
    // leaving the route would abort nothing.
    spawn_local(async move {
        let left = sent.as_ref().ok().map(|sent| sent.left.clone());
        let answered = async { receive(sent?).await }.await;
        if left.is_some_and(|left| left.load(Ordering::Relaxed)) {
            // Aborted with its route: no answer, so a page that took it asks again.
            return;
        }
        answered_at.set(Some(now()));
        // Nobody waiting any more (already dropped) is fine.
        let _ = answer.send(answered);
    });
}

/// The early answer to this call, still on its way or come lately, if not taken yet.
fn take_early(base: &str, call: &HttpCall) -> Option<oneshot::Receiver<Answer>> {
    EARLY.with(|early| {
        let mut early = early.borrow_mut();
        let now = now();
        early.retain(|e| {
            e.answered_at
                .get()
                .is_none_or(|at| now - at < EARLY_KEPT_MS)
        });
        let at = early
            .iter()
            .position(|e| e.base == base && &e.call == call)?;
        Some(early.swap_remove(at).answer)
    })
}

/// Sends `call` to `base` and returns the HTTP status and body as text, whatever the status:
/// the back-end's decoder decides what a status means. A call already sent early answers
/// with that answer.
pub async fn send(base: &str, call: &HttpCall) -> Answer {
    if let Some(early) = take_early(base, call) {
        // Cancelled only when its route went away; then ask again.
        if let Ok(answer) = early.await {
            return answer;
        }
    }
    receive(start(base, call)?).await
}

/// A request `fetch` has been called for.
struct Sent {
    response: JsFuture,
    /// Set when the timer aborted it.
    timed_out: Arc<AtomicBool>,
    /// Set when its owner went away (and aborted it).
    left: Arc<AtomicBool>,
}

/// Builds the request and calls `fetch` (aborted when the current owner goes away, or after
/// [`TIMEOUT`]).
fn start(base: &str, call: &HttpCall) -> Result<Sent, VendorError> {
    let url = call.url(base);
    let method = match call.method {
        Method::Get => gloo_net::http::Method::GET,
        Method::Post => gloo_net::http::Method::POST,
        Method::Put => gloo_net::http::Method::PUT,
        Method::Delete => gloo_net::http::Method::DELETE,
    };
    let abort = web_sys::AbortController::new().ok();
    let signal = abort.as_ref().map(|a| a.signal());
    let timed_out = Arc::new(AtomicBool::new(false));
    let left = Arc::new(AtomicBool::new(false));
    if let Some(abort) = abort {
        // The controller is a JS object: single-threaded, as is everything in this app.
        let abort = SendWrapper::new(abort);
        let on_timeout = {
            let (abort, timed_out) = (abort.clone(), timed_out.clone());
            move || {
                timed_out.store(true, Ordering::Relaxed);
                abort.abort();
            }
        };
        let timer = set_timeout_with_handle(on_timeout, TIMEOUT).ok();
        // Leaving the page (or re-running the resource) cancels the request and its timer.
        if Owner::current().is_some() {
            let left = left.clone();
            on_cleanup(move || {
                if let Some(timer) = timer {
                    timer.clear();
                }
                left.store(true, Ordering::Relaxed);
                abort.abort();
            });
        }
    }

    let mut builder = gloo_net::http::RequestBuilder::new(&url)
        .method(method)
        .abort_signal(signal.as_ref())
        .header(vendors::call::APP_MARKER_HEADER, "1");
    for (name, value) in &call.headers {
        builder = builder.header(name, value);
    }
    let request = match &call.body {
        Some(body) => builder.json(body),
        None => builder.build(),
    }
    .map_err(|e| {
        VendorError::new(
            0,
            CODE_NETWORK,
            tr!("the request could not be built: {e}", "无法构建请求：{e}"),
        )
    })?;

    let window = web_sys::window().ok_or_else(|| {
        VendorError::new(
            0,
            CODE_NETWORK,
            tr!(
                "the request could not be sent: this page has no window",
                "无法发送请求：此页面没有窗口"
            ),
        )
    })?;
    let promise = window.fetch_with_request(&web_sys::Request::from(request));
    Ok(Sent {
        response: JsFuture::from(promise),
        timed_out,
        left,
    })
}

/// Waits for the answer of a request [`start`] sent: its status and body as text.
async fn receive(sent: Sent) -> Answer {
    let response = sent.response.await.map_err(|e| {
        if sent.timed_out.load(Ordering::Relaxed) {
            let seconds = TIMEOUT.as_secs();
            VendorError::new(
                0,
                CODE_TIMEOUT,
                tr!(
                    "no answer within {seconds} seconds; try again",
                    "{seconds} 秒内没有应答，请重试"
                ),
            )
        } else {
            proxy_unreachable(&js_error_text(&e))
        }
    })?;
    let response = gloo_net::http::Response::from(response.unchecked_into::<web_sys::Response>());
    let status = response.status();
    // The bytes straight into wasm memory: `text()` would decode them into a JS string first and
    // encode that again on the way in, twice the work on a 10,000-row page.
    let bytes = response.binary().await.map_err(|e| {
        VendorError::new(
            status,
            CODE_NETWORK,
            tr!("the answer could not be read ({e})", "无法读取应答（{e}）"),
        )
    })?;
    Ok((status, body_text(bytes)))
}

/// No answer came: the network, the proxy down, or the request aborted.
fn proxy_unreachable(reason: &str) -> VendorError {
    VendorError::new(
        0,
        CODE_NETWORK,
        tr!(
            "the proxy could not be reached ({reason})",
            "无法连接代理（{reason}）"
        ),
    )
}

/// What `fetch` rejected with, as the browser writes it ("TypeError: Failed to fetch").
fn js_error_text(error: &JsValue) -> String {
    match error.dyn_ref::<js_sys::Error>() {
        Some(error) => String::from(error.to_string()),
        None => error
            .as_string()
            .unwrap_or_else(|| tr!("no reason given", "未说明原因")),
    }
}

/// The body as text, as `Response.text()` would give it: UTF-8 without a leading byte-order
/// mark (some IIS, .NET and Java servers send one), invalid bytes replaced.
fn body_text(mut bytes: Vec<u8>) -> String {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes)
        .unwrap_or_else(|invalid| String::from_utf8_lossy(invalid.as_bytes()).into_owned())
}

/// Sends `call` and decodes the answer with the back-end's decoder.
pub async fn call<T>(
    base: &str,
    call: &HttpCall,
    decode: impl FnOnce(u16, &str) -> Result<T, VendorError>,
) -> Result<T, VendorError> {
    let (status, body) = send(base, call).await?;
    decode(status, &body)
}

/// A resource holding one call's decoded answer, sent when the component that owns it mounts.
pub fn load<T: 'static>(
    base: String,
    call: HttpCall,
    decode: fn(u16, &str) -> Result<T, VendorError>,
) -> LocalResource<Result<T, VendorError>> {
    LocalResource::new(move || {
        let (base, call) = (base.clone(), call.clone());
        async move { self::call(&base, &call, decode).await }
    })
}

#[cfg(test)]
mod tests {
    use super::body_text;

    #[test]
    fn bodies_read_like_the_browsers_text() {
        assert_eq!(body_text(b"\xEF\xBB\xBF{\"a\":1}".to_vec()), "{\"a\":1}");
        assert_eq!(body_text("工单".as_bytes().to_vec()), "工单");
        assert_eq!(body_text(b"a\xFFb".to_vec()), "a\u{FFFD}b");
        assert_eq!(body_text(Vec::new()), "");
    }
}

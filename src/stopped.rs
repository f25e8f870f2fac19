//! What a person sees when the app stops on a panic: a wasm module that panics is dead (release
//! builds abort), so without this the page would just stop answering. The likeliest cause is a
//! lazily loaded page part that could not be fetched (the network, or a newer build deployed
//! meanwhile, whose parts have other names): a reload fixes both, and drafts survive it.

use vendors::tr;
use wasm_bindgen::JsCast;

/// The id of the notice, so a second panic does not add a second one.
const STOPPED_ID: &str = "app-stopped";

/// Logs each panic to the console, as before, and puts the notice on the page.
pub fn show_when_stopped() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_notice();
    }));
}

/// Plain DOM calls: the reactive system may be what broke.
fn show_notice() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(document) = window.document() else {
        return;
    };
    if document.get_element_by_id(STOPPED_ID).is_some() {
        return;
    }
    let (Some(body), Ok(notice), Ok(reload)) = (
        document.body(),
        document.create_element("div"),
        document.create_element("a"),
    ) else {
        return;
    };
    notice.set_id(STOPPED_ID);
    notice.set_class_name("app-stopped");
    let _ = notice.set_attribute("role", "alert");
    notice.set_text_content(Some(&tr!(
        "Ticket Desk stopped: a part of it could not be loaded, or it met an error.",
        "Ticket Desk 已停止运行：部分内容未能加载，或遇到了错误。"
    )));
    // A link to this very address, without its #fragment (that would only scroll): a reload
    // with no script to run. rel=external, or the router, still listening, takes the click.
    let location = window.location();
    let here = [location.origin(), location.pathname(), location.search()];
    let _ = reload.set_attribute("href", &here.map(Result::unwrap_or_default).concat());
    let _ = reload.set_attribute("rel", "external");
    reload.set_text_content(Some(&tr!(
        "Reload the page (saved drafts are kept)",
        "重新加载页面（已保存的草稿不会丢失）"
    )));
    let _ = notice.append_child(&reload);
    let _ = body.insert_before(&notice, body.first_child().as_ref());
    if let Some(reload) = reload.dyn_ref::<web_sys::HtmlElement>() {
        let _ = reload.focus();
    }
}

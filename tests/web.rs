//! Browser component tests: real components mounted into headless Chromium's DOM.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use ticket_desk::config::AppConfig;
use ticket_desk::shell::{Shell, StartupError};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh element in the page body for one test to mount into.
fn host() -> HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let host = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    host.unchecked_into()
}

fn hrefs(host: &HtmlElement, selector: &str) -> Vec<String> {
    let links = host.query_selector_all(selector).unwrap();
    (0..links.length())
        .filter_map(|i| links.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
        .filter_map(|e| e.get_attribute("href"))
        .collect()
}

#[wasm_bindgen_test]
fn shell_navigates_to_each_enabled_backend() {
    let config = AppConfig::parse(
        r#"{"backends":[
            {"id":"itsm","label":"BlueKing ITSM","base_url":"/proxy/itsm"},
            {"id":"dms","label":"Alibaba Cloud DMS","base_url":"/proxy/dms","enabled":false},
            {"id":"zstack","label":"ZStack","base_url":"/proxy/zstack"}]}"#,
    )
    .unwrap();
    let host = host();
    let handle = leptos::mount::mount_to(host.clone(), move || view! { <Shell config /> });

    let nav = hrefs(&host, ".backend-nav a");
    assert_eq!(
        nav,
        [
            "/itsm/new",
            "/itsm/tickets",
            "/zstack/new",
            "/zstack/tickets"
        ]
    );
    let text = host.text_content().unwrap();
    assert!(
        text.contains("BlueKing ITSM") && text.contains("ZStack"),
        "{text}"
    );
    assert!(
        !text.contains("Alibaba Cloud DMS"),
        "a disabled back-end is hidden: {text}"
    );
    drop(handle);
}

#[wasm_bindgen_test]
fn startup_error_tells_the_operator_what_to_fix() {
    let host = host();
    let message = "config.json is not valid: backends[0].base_url is empty.".to_string();
    let handle = leptos::mount::mount_to(host.clone(), move || view! { <StartupError message /> });

    let alert = host
        .query_selector("[role=alert]")
        .unwrap()
        .expect("an alert region");
    let text = alert.text_content().unwrap();
    assert!(text.contains("Ticket Desk could not start"), "{text}");
    assert!(text.contains("backends[0].base_url is empty"), "{text}");
    assert!(
        host.query_selector("button").unwrap().is_some(),
        "a retry button"
    );
    drop(handle);
}

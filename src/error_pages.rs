//! Pages shown instead of content: the start-up error (config.json missing or malformed) and
//! "not found" for a route or back-end that does not exist.

use crate::config::CONFIG_URL;
use leptos::prelude::*;
use leptos_router::components::A;

/// Shown instead of a blank screen when config.json is missing or malformed.
#[component]
pub fn StartupError(message: String) -> impl IntoView {
    view! {
        <main class="startup-error" role="alert">
            <h1>"Ticket Desk could not start"</h1>
            <p class="error-message">{message}</p>
            <p>
                "Operators: the app reads its back-ends from "<code>{CONFIG_URL}</code>
                ", which must be deployed next to index.html and be valid JSON of the form "
                <code>{r#"{"backends": [{"id": "itsm", "kind": "itsm", "label": "BlueKing ITSM", "base_url": "/proxy/itsm"}]}"#}</code>
                ". See the README, section \"Pointing the app at real proxies\"."
            </p>
            <button type="button" on:click=|_| reload()>"Try again"</button>
        </main>
    }
}

#[component]
pub fn NotFound(what: String) -> impl IntoView {
    view! {
        <section class="not-found">
            <h1>"Not found"</h1>
            <p>{what}" does not exist here. Pick a back-end from the navigation above."</p>
            <A href="/">"Back to the start page"</A>
        </section>
    }
}

fn reload() {
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}

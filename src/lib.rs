//! Ticket Desk: the browser app. `App` loads config.json, then draws the shell and its routes.

pub mod api;
pub mod app_base;
mod backends;
pub mod busy;
pub mod config;
pub mod detail;
pub mod error_pages;
pub mod form;
pub mod i18n;
mod identity;
mod inbox;
pub mod kept;
mod list;
mod pages;
pub mod perf;
pub mod shell;
pub mod storage;
pub mod theme;
pub mod ticket_ops;
pub mod widgets;

use config::AppConfig;
use leptos::prelude::*;
use vendors::i18n::Text;

/// The product's name: the same in both languages.
pub const APP_NAME: Text = vendors::text!("Ticket Desk", "Ticket Desk");

/// The whole app: waits for config.json, then shows the shell, or a start-up error page.
#[component]
pub fn App() -> impl IntoView {
    let language = i18n::Language::start();
    theme::Theme::start();
    provide_context(language);
    // Above the part a language switch redraws: what is under way, and what was typed.
    provide_context(busy::Busy::new());
    provide_context(kept::Kept::new());
    // A signal the answer is put into, not a `LocalResource`: nothing re-reads the file, and
    // the resource's machinery for this one type was 1 KB (brotli) of the start-up wasm.
    let config = RwSignal::new(config::read_now());
    if config.with_untracked(Option::is_none) {
        leptos::task::spawn_local_scoped(async move { config.set(Some(config::load().await)) });
    }
    // No <Suspense> here: it would also wait for every resource read below it, so the shell
    // would appear only once the page's list had arrived. Each page shows its own loading state.
    move || {
        // A language switch draws everything again in the new language.
        language.0.track();
        match config.get() {
            None => view! {
                <p class="startup" role="status">{vendors::tr!("Loading Ticket Desk…", "正在加载 Ticket Desk…")}</p>
            }
            .into_any(),
            Some(Ok(config)) => view! { <shell::Shell config /> }.into_any(),
            Some(Err(message)) => view! { <error_pages::StartupError message /> }.into_any(),
        }
    }
}

/// The configuration every page reads; provided once by the shell.
pub fn use_config() -> AppConfig {
    expect_context::<AppConfig>()
}

//! The frame around every page: top bar, navigation per enabled back-end, routes, error pages.

use crate::config::{AppConfig, BackendConfig};
use crate::error_pages::NotFound;
use crate::pages;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::path;

#[component]
pub fn Shell(config: AppConfig) -> impl IntoView {
    let backends: Vec<BackendConfig> = config.enabled().cloned().collect();
    provide_context(config);
    view! {
        <Router>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <header class="topbar">
                <A href="/" attr:class="brand">"Ticket Desk"</A>
                <nav aria-label="Back-ends">
                    <ul class="backend-nav">
                        {backends.into_iter().map(|b| view! { <BackendNav backend=b /> }).collect_view()}
                    </ul>
                </nav>
            </header>
            <main id="main" tabindex="-1">
                <Routes fallback=|| view! { <NotFound what="This page".to_string() /> }>
                    <Route path=path!("/") view=pages::Home />
                    <Route path=path!("/:backend/new") view=pages::CreatePage />
                    <Route path=path!("/:backend/tickets") view=pages::ListPage />
                    <Route path=path!("/:backend/tickets/:ticket") view=pages::DetailPage />
                    <Route path=path!("/:backend/waiting") view=pages::WaitingPage />
                </Routes>
            </main>
        </Router>
    }
}

#[component]
fn BackendNav(backend: BackendConfig) -> impl IntoView {
    let new_href = format!("/{}/new", backend.id);
    let list_href = format!("/{}/tickets", backend.id);
    let waiting_href = format!("/{}/waiting", backend.id);
    view! {
        <li class="backend-nav-item" data-backend=backend.id.clone()>
            <span class="backend-name">{backend.label.clone()}</span>
            <A href=new_href>"New ticket"</A>
            <A href=list_href>"Tickets"</A>
            <A href=waiting_href>"Waiting for me"</A>
        </li>
    }
}

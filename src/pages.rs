//! Route targets. Each back-end page looks its back-end up in the config by the `:backend` segment.

use crate::config::BackendConfig;
use crate::shell::NotFound;
use crate::use_config;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn Home() -> impl IntoView {
    let config = use_config();
    view! {
        <section class="home">
            <h1>"Ticket Desk"</h1>
            <p>"File a ticket or review the queue on any of your ticketing back-ends."</p>
            <ul class="backend-cards">
                {config
                    .enabled()
                    .map(|b| {
                        view! {
                            <li class="backend-card">
                                <h2>{b.label.clone()}</h2>
                                <A href=format!("/{}/new", b.id)>"File a ticket"</A>
                                <A href=format!("/{}/tickets", b.id)>"Review tickets"</A>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

/// The enabled back-end named by the route, as a signal so the page follows navigation.
fn use_backend() -> Signal<Option<BackendConfig>> {
    let config = use_config();
    let params = use_params_map();
    Signal::derive(move || {
        params.with(|p| p.get("backend").and_then(|id| config.backend(&id).cloned()))
    })
}

#[component]
pub fn CreatePage() -> impl IntoView {
    let backend = use_backend();
    move || match backend.get() {
        Some(b) => view! {
            <section class="create-page" data-backend=b.id.clone()>
                <h1>"New " {b.label.clone()} " ticket"</h1>
                <p class="coming">"The " {b.label} " ticket form is coming soon."</p>
            </section>
        }
        .into_any(),
        None => view! { <NotFound what="This back-end".to_string() /> }.into_any(),
    }
}

#[component]
pub fn ListPage() -> impl IntoView {
    let backend = use_backend();
    move || match backend.get() {
        Some(b) => view! {
            <section class="list-page" data-backend=b.id.clone()>
                <h1>{b.label.clone()} " tickets"</h1>
                <p class="coming">"The " {b.label} " ticket list is coming soon."</p>
            </section>
        }
        .into_any(),
        None => view! { <NotFound what="This back-end".to_string() /> }.into_any(),
    }
}

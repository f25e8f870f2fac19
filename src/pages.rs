//! Route targets. Each back-end page looks its back-end up in the config by the `:backend` segment.

use crate::backends;
use crate::config::BackendConfig;
use crate::error_pages::NotFound;
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
    backend_page(
        "create-page",
        |b| format!("New {} ticket", b.label),
        backends::create_page,
    )
}

#[component]
pub fn ListPage() -> impl IntoView {
    backend_page(
        "list-page",
        |b| format!("{} tickets", b.label),
        backends::list_page,
    )
}

/// The page of the instance named by the route, or "not found" when no enabled instance has
/// that id.
fn backend_page(
    class: &'static str,
    title: fn(&BackendConfig) -> String,
    body: fn(BackendConfig) -> AnyView,
) -> impl IntoView {
    let backend = use_backend();
    move || match backend.get() {
        Some(b) => {
            let (id, heading) = (b.id.clone(), title(&b));
            let kind = b.kind.as_str();
            view! {
                <section class=class data-backend=id data-kind=kind>
                    <h1>{heading}</h1>
                    {body(b)}
                </section>
            }
            .into_any()
        }
        None => view! { <NotFound what="This back-end".to_string() /> }.into_any(),
    }
}

//! Route targets. Each back-end page looks its back-end up in the config by the `:backend` segment.

use crate::backends;
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
    move || {
        backend
            .get()
            .map(|b| {
                let (id, title) = (b.id.clone(), format!("New {} ticket", b.label));
                let body = match id.as_str() {
                    "itsm" => view! { <backends::itsm::ItsmCreate backend=b /> }.into_any(),
                    "dms" => view! { <backends::dms::DmsCreate backend=b /> }.into_any(),
                    "zstack" => view! { <backends::zstack::ZstackCreate backend=b /> }.into_any(),
                    _ => coming(&b, "ticket form"),
                };
                view! {
                    <section class="create-page" data-backend=id>
                        <h1>{title}</h1>
                        {body}
                    </section>
                }
                .into_any()
            })
            .unwrap_or_else(not_found)
    }
}

#[component]
pub fn ListPage() -> impl IntoView {
    let backend = use_backend();
    move || {
        backend
            .get()
            .map(|b| {
                let (id, title) = (b.id.clone(), format!("{} tickets", b.label));
                let body = match id.as_str() {
                    "itsm" => view! { <backends::itsm::ItsmList backend=b /> }.into_any(),
                    "dms" => view! { <backends::dms::DmsList backend=b /> }.into_any(),
                    "zstack" => view! { <backends::zstack::ZstackList backend=b /> }.into_any(),
                    _ => coming(&b, "ticket list"),
                };
                view! {
                    <section class="list-page" data-backend=id>
                        <h1>{title}</h1>
                        {body}
                    </section>
                }
                .into_any()
            })
            .unwrap_or_else(not_found)
    }
}

fn coming(backend: &BackendConfig, what: &str) -> AnyView {
    let text = format!("The {} {what} is coming soon.", backend.label);
    view! { <p class="coming">{text}</p> }.into_any()
}

fn not_found() -> AnyView {
    view! { <NotFound what="This back-end".to_string() /> }.into_any()
}

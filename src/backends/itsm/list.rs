use crate::config::BackendConfig;
use leptos::prelude::*;

/// The ITSM get_tickets list.
#[component]
pub fn ItsmList(backend: BackendConfig) -> impl IntoView {
    view! { <p class="coming">"The " {backend.label} " ticket list is coming soon."</p> }
}

use crate::config::BackendConfig;
use leptos::prelude::*;

/// The ITSM create_ticket form.
#[component]
pub fn ItsmCreate(backend: BackendConfig) -> impl IntoView {
    view! { <p class="coming">"The " {backend.label} " ticket form is coming soon."</p> }
}

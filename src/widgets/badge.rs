//! Status badge: the back-end's own status text, coloured by how far along the ticket is.
//! Unknown statuses still show, as their text in a neutral badge.

use leptos::prelude::*;
use vendors::{status_tone, Backend};

#[component]
pub fn StatusBadge(backend: Backend, #[prop(into)] status: String) -> impl IntoView {
    let tone = status_tone(backend, &status);
    let class = format!("badge badge-{}", tone.css_class());
    let text = if status.trim().is_empty() {
        "no status".to_string()
    } else {
        status
    };
    view! { <span class=class>{text}</span> }
}

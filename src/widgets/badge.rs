//! Status badge: the back-end's own status text, coloured by how far along the ticket is.
//! Unknown statuses still show, as their text in a neutral badge.

use leptos::prelude::*;
use vendors::{status_tone, tr, Kind};

#[component]
pub fn StatusBadge(
    kind: Kind,
    #[prop(into)] status: String,
    /// Words to show instead of the status itself (DMS's StatusDesc); the colour still
    /// comes from `status`.
    #[prop(optional_no_strip)]
    text: Option<String>,
) -> impl IntoView {
    let tone = status_tone(kind, &status);
    let class = format!("badge badge-{}", tone.css_class()); // wire
    let text = badge_text(kind, &status, text.as_deref());
    view! { <span class=class>{text}</span> }
}

/// What the badge says: the vendor's words when it sent some, else the status's name in the
/// current language (a status the code does not know, as sent).
pub fn badge_text(kind: Kind, status: &str, text: Option<&str>) -> String {
    match text.filter(|text| !text.trim().is_empty()) {
        Some(text) => text.to_string(),
        None if status.trim().is_empty() => tr!("no status", "无状态"),
        None => vendors::status_name(kind, status),
    }
}

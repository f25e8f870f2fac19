//! Links to vendor pages: vendors return ticket URLs, which must never become `javascript:` links.

use leptos::prelude::*;
use vendors::validate::is_http_url;

/// A link only for http(s) URLs; anything else (`javascript:`, `data:`) stays inert text.
#[component]
pub fn SafeLink(
    url: String,
    text: String,
    /// The accessible name, when `text` alone would be ambiguous in a list.
    #[prop(optional, into)]
    label: Option<String>,
) -> impl IntoView {
    if is_http_url(&url) {
        view! {
            <a href=url target="_blank" rel="noopener noreferrer" aria-label=label> // wire
                {text}
            </a>
        }
        .into_any()
    } else {
        let tooltip = url.clone();
        view! { <span class="cell-text unsafe-link" title=tooltip>{url}</span> }.into_any()
    }
}

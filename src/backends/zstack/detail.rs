//! The ZStack ticket page: the session panel above the shared detail view, so a person without
//! a session (or whose session ZStack refused) logs in right there; the detail loads again
//! with the new session.

use super::ops::ticket_ops_with;
use super::session::{SessionPanel, ZstackSession};
use crate::config::BackendConfig;
use crate::detail::DetailView;
use leptos::prelude::*;
use vendors::Kind;

#[component]
pub fn ZstackDetail(backend: BackendConfig, ticket: String) -> impl IntoView {
    let session = ZstackSession::load(&backend.id);
    let base = backend.base_url.clone();
    let view_of = move || {
        // A new login (or a forgotten session) loads the ticket again, with what it may decide.
        session
            .current
            .with(|current| current.as_ref().map(|s| s.uuid.clone()));
        let ops = ticket_ops_with(&backend, session);
        let (instance, ticket) = (backend.id.clone(), ticket.clone());
        view! { <DetailView ops kind=Kind::Zstack instance ticket /> }
    };
    view! {
        <SessionPanel base session />
        {view_of}
    }
}

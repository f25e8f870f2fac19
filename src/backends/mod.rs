//! The app's registry of back-end kinds: one module per kind wires that kind's field specs,
//! calls and list columns to the shared widgets; the functions below say what each kind
//! supplies for an instance. Adding a kind means one new module and one arm in each.

pub mod dms;
pub mod itsm;
pub mod zstack;

use crate::config::BackendConfig;
use crate::detail::DetailView;
use crate::list::ListScope;
use crate::ticket_ops::{CountFuture, OpFuture, TicketOps};
use leptos::prelude::*;
use leptos_router::params::ParamsMap;
use vendors::{HttpCall, Kind, Page};

/// The create-ticket page of one instance.
pub fn create_page(backend: BackendConfig) -> AnyView {
    match backend.kind {
        Kind::Itsm => view! { <itsm::ItsmCreate backend /> }.into_any(),
        Kind::Dms => view! { <dms::DmsCreate backend /> }.into_any(),
        Kind::Zstack => view! { <zstack::ZstackCreate backend /> }.into_any(),
    }
}

/// The ticket list of one instance: every ticket, or those waiting for the current user.
pub fn list_page(backend: BackendConfig, scope: ListScope) -> AnyView {
    match backend.kind {
        Kind::Itsm => view! { <itsm::ItsmList backend scope /> }.into_any(),
        Kind::Dms => view! { <dms::DmsList backend scope /> }.into_any(),
        Kind::Zstack => view! { <zstack::ZstackList backend scope /> }.into_any(),
    }
}

/// How many tickets wait for the current user on one instance; `None` when the user is not
/// known there yet (as [`waiting`]).
pub fn count_waiting(backend: &BackendConfig) -> Option<CountFuture> {
    match backend.kind {
        Kind::Itsm => itsm::count_waiting(backend),
        Kind::Dms => dms::count_waiting(backend),
        Kind::Zstack => zstack::count_waiting(backend),
    }
}

/// The calls the list page of an instance sends first for this URL query, to be sent while
/// the page's code is still loading ([`crate::api::send_early`]).
pub fn first_list_calls(
    backend: &BackendConfig,
    scope: ListScope,
    query: &ParamsMap,
) -> Vec<HttpCall> {
    match backend.kind {
        Kind::Itsm => itsm::first_calls(backend, scope, query),
        Kind::Dms => dms::first_calls(scope, query),
        Kind::Zstack => zstack::first_calls(backend, scope, query),
    }
}

/// The page of one ticket: the shared detail view over the kind's operations, with whatever
/// the kind needs around it (ZStack's login panel).
pub fn detail_page(backend: BackendConfig, ticket: String) -> AnyView {
    let shared = |backend: &BackendConfig, ticket: String| {
        let (ops, kind, instance) = (ticket_ops(backend), backend.kind, backend.id.clone());
        view! { <DetailView ops kind instance ticket /> }.into_any()
    };
    match backend.kind {
        Kind::Itsm | Kind::Dms => shared(&backend, ticket),
        Kind::Zstack => view! { <zstack::ZstackDetail backend ticket /> }.into_any(),
    }
}

/// Detail and decisions of one instance.
pub fn ticket_ops(backend: &BackendConfig) -> TicketOps {
    match backend.kind {
        Kind::Itsm => itsm::ticket_ops(backend),
        Kind::Dms => dms::ticket_ops(backend),
        Kind::Zstack => zstack::ticket_ops(backend),
    }
}

/// The first `limit` tickets waiting for the current user on one instance, with their total in
/// `Page::total`; `None` when the user is not known there yet (no remembered ITSM user name, no
/// ZStack session).
pub fn waiting(backend: &BackendConfig, limit: u64) -> Option<OpFuture<Page>> {
    match backend.kind {
        Kind::Itsm => itsm::waiting(backend, limit),
        Kind::Dms => dms::waiting(backend, limit),
        Kind::Zstack => zstack::waiting(backend, limit),
    }
}

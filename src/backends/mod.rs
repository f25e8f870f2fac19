//! The app's registry of back-end kinds: one module per kind wires that kind's field specs,
//! calls and list columns to the shared widgets; the two functions below say which page each
//! kind draws for an instance. Adding a kind means one new module and one arm in each.

pub mod dms;
pub mod itsm;
pub mod zstack;

use crate::config::BackendConfig;
use leptos::prelude::*;
use vendors::Kind;

/// The create-ticket page of one instance.
pub fn create_page(backend: BackendConfig) -> AnyView {
    match backend.kind {
        Kind::Itsm => view! { <itsm::ItsmCreate backend /> }.into_any(),
        Kind::Dms => view! { <dms::DmsCreate backend /> }.into_any(),
        Kind::Zstack => view! { <zstack::ZstackCreate backend /> }.into_any(),
    }
}

/// The ticket list of one instance.
pub fn list_page(backend: BackendConfig) -> AnyView {
    match backend.kind {
        Kind::Itsm => view! { <itsm::ItsmList backend /> }.into_any(),
        Kind::Dms => view! { <dms::DmsList backend /> }.into_any(),
        Kind::Zstack => view! { <zstack::ZstackList backend /> }.into_any(),
    }
}

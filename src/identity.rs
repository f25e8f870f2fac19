//! The user's name on each back-end instance, set once and remembered (localStorage
//! "identity:<instance id>"): it prefills ticket creators and drives "my to-do" filters.

use crate::storage::{self, Store};

fn key(instance: &str) -> String {
    format!("identity:{instance}")
}

pub fn get(instance: &str) -> Option<String> {
    storage::get::<String>(Store::Local, &key(instance)).filter(|name| !name.trim().is_empty())
}

pub fn set(instance: &str, name: &str) {
    storage::set(Store::Local, &key(instance), &name.trim().to_string());
    // A new name changes what waits for "me": the navigation counts afresh.
    crate::ticket_ops::WaitingChanged::notify();
}

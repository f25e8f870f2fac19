//! The user's name on each back-end, set once and remembered (localStorage "identity:<id>"):
//! it prefills ticket creators and drives "my to-do" filters.

use crate::storage::{self, Store};
use vendors::Kind;

fn key(backend: Kind) -> String {
    format!("identity:{}", backend.as_str())
}

pub fn get(backend: Kind) -> Option<String> {
    storage::get::<String>(Store::Local, &key(backend)).filter(|name| !name.trim().is_empty())
}

pub fn set(backend: Kind, name: &str) {
    storage::set(Store::Local, &key(backend), &name.trim().to_string());
}

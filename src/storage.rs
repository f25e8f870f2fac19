//! Browser storage: form drafts and remembered identities live in localStorage (they survive a
//! reload), sessions in sessionStorage (they end with the tab). Storage can be unavailable
//! (private mode, quota): every operation then quietly does nothing rather than break the page.

use serde::{de::DeserializeOwned, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Store {
    /// Kept across reloads and browser restarts.
    Local,
    /// Kept for this tab only.
    Session,
}

fn storage(store: Store) -> Option<web_sys::Storage> {
    let window = web_sys::window()?;
    match store {
        Store::Local => window.local_storage().ok()?,
        Store::Session => window.session_storage().ok()?,
    }
}

/// Every key the app writes starts with this, so it never collides with other apps on the origin.
const PREFIX: &str = "ticket-desk:";

pub fn get_text(store: Store, key: &str) -> Option<String> {
    storage(store)?.get_item(&format!("{PREFIX}{key}")).ok()?
}

pub fn set_text(store: Store, key: &str, value: &str) {
    if let Some(storage) = storage(store) {
        let _ = storage.set_item(&format!("{PREFIX}{key}"), value);
    }
}

pub fn remove(store: Store, key: &str) {
    if let Some(storage) = storage(store) {
        let _ = storage.remove_item(&format!("{PREFIX}{key}"));
    }
}

/// A stored JSON value; a value that no longer parses (an older app version) counts as absent.
pub fn get<T: DeserializeOwned>(store: Store, key: &str) -> Option<T> {
    serde_json::from_str(&get_text(store, key)?).ok()
}

pub fn set<T: Serialize>(store: Store, key: &str, value: &T) {
    if let Ok(text) = serde_json::to_string(value) {
        set_text(store, key, &text);
    }
}

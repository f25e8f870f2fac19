//! Text typed where there is no form draft (a decision's reason, a login's user name, the ITSM
//! "which user are you" prompt) kept in memory for this page load, so that a language switch,
//! which draws the page again, gives it back. Not in storage: a reason is not a draft to keep
//! forever. Passwords are never kept.
//!
//! The store is provided by `App` above the part a switch redraws; each text is keyed by the
//! route's path and the field's name, so every ticket has its own reason.

use leptos::prelude::*;
use std::collections::HashMap;

/// The texts kept for this page load.
#[derive(Clone, Copy)]
pub struct Kept(StoredValue<KeptTexts>);

impl Kept {
    pub fn new() -> Kept {
        Kept(StoredValue::new(KeptTexts::default()))
    }

    /// The text of `field` on the current page: it starts from what was kept for it, and every
    /// change is kept (an emptied field keeps nothing). Without a store (a component mounted
    /// alone in a test) it is a plain, empty signal.
    pub fn text(field: &str) -> RwSignal<String> {
        let Some(kept) = use_context::<Kept>() else {
            return RwSignal::new(String::new());
        };
        let key = key(&current_path(), field);
        let start = kept
            .0
            .try_with_value(|texts| texts.get(&key).map(str::to_string))
            .flatten()
            .unwrap_or_default();
        let text = RwSignal::new(start);
        Effect::new(move || {
            text.with(|now| {
                kept.0.try_update_value(|texts| texts.put(&key, now));
            })
        });
        text
    }
}

impl Default for Kept {
    fn default() -> Self {
        Kept::new()
    }
}

/// The path of the page on screen (`/itsm/tickets/NO1`).
fn current_path() -> String {
    web_sys::window()
        .and_then(|window| window.location().pathname().ok())
        .unwrap_or_default()
}

/// The key of `field` on the page at `path`.
fn key(path: &str, field: &str) -> String {
    format!("{path}#{field}")
}

/// Key -> text; an empty text is not kept.
#[derive(Debug, Default)]
pub struct KeptTexts(HashMap<String, String>);

impl KeptTexts {
    fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(String::as_str)
    }

    fn put(&mut self, key: &str, text: &str) {
        if text.is_empty() {
            self.0.remove(key);
        } else if self.get(key) != Some(text) {
            self.0.insert(key.to_string(), text.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_page_keeps_its_own_text_per_field() {
        let mut texts = KeptTexts::default();
        texts.put(&key("/itsm/tickets/NO1", "comment"), "fine by me");
        texts.put(&key("/itsm/tickets/NO2", "comment"), "not this one");
        texts.put(&key("/itsm/tickets", "batch-comment"), "all good");
        assert_eq!(
            texts.get(&key("/itsm/tickets/NO1", "comment")),
            Some("fine by me")
        );
        assert_eq!(
            texts.get(&key("/itsm/tickets/NO2", "comment")),
            Some("not this one")
        );
        assert_eq!(texts.get(&key("/itsm/tickets", "comment")), None);
    }

    #[test]
    fn an_emptied_field_keeps_nothing() {
        let mut texts = KeptTexts::default();
        let at = key("/zstack/new", "zstack-login-name");
        texts.put(&at, "admin");
        texts.put(&at, "");
        assert_eq!(texts.get(&at), None);
        assert!(texts.0.is_empty());
    }
}

//! Drafts: a form's values are saved to localStorage on every change, per back-end and form
//! (e.g. "draft:itsm:service:3"), restored on the next visit, and cleared after a successful
//! submit or when the user discards them. Nothing typed is lost to a reload or a failed submit.
//! A form drawn again by a language switch gets its draft back without saying "restored": the
//! person never left it.

use crate::i18n::Language;
use crate::storage::{self, Store};
use leptos::prelude::*;
use vendors::FormValues;

#[derive(Clone, Copy)]
pub struct Draft {
    pub values: RwSignal<FormValues>,
    /// True when the values came from an earlier visit, so the form can say so.
    pub restored: RwSignal<bool>,
    key: StoredValue<String>,
    /// The values of an empty form: recomputed on discard, since they may change (a creator
    /// remembered after the first ticket).
    starting: StoredValue<Box<dyn Fn() -> FormValues + Send + Sync>>,
    initial: StoredValue<FormValues>,
}

impl Draft {
    /// The saved draft under `key`, or the `starting` values when there is none.
    pub fn load(key: String, starting: impl Fn() -> FormValues + Send + Sync + 'static) -> Draft {
        let initial = starting();
        let saved = storage::get::<FormValues>(Store::Local, &storage_key(&key))
            .filter(|saved| *saved != initial);
        // Drawn again by a language switch: these are the values on screen a moment ago.
        let redrawn = use_context::<Language>().is_some_and(|language| language.draws_draft(&key));
        let draft = Draft {
            restored: RwSignal::new(saved.is_some() && !redrawn),
            values: RwSignal::new(saved.unwrap_or_else(|| initial.clone())),
            key: StoredValue::new(key),
            starting: StoredValue::new(Box::new(starting)),
            initial: StoredValue::new(initial),
        };
        Effect::new(move |_| {
            let key = storage_key(&draft.key.read_value());
            draft.values.with(|values| {
                if draft.initial.with_value(|initial| values == initial) {
                    storage::remove(Store::Local, &key);
                } else {
                    storage::set(Store::Local, &key, values);
                }
            });
        });
        draft
    }

    /// The storage key of this draft, for clearing it from a task that may outlive the page.
    pub fn saved_key(&self) -> String {
        storage_key(&self.key.read_value())
    }

    /// Back to the initial values, and nothing saved.
    pub fn discard(&self) {
        storage::remove(Store::Local, &storage_key(&self.key.read_value()));
        let initial = self.starting.with_value(|starting| starting());
        self.initial.set_value(initial.clone());
        self.values.set(initial);
        self.restored.set(false);
    }
}

fn storage_key(key: &str) -> String {
    format!("draft:{key}")
}

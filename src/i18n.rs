//! The language the app speaks: chosen on the first visit from the browser's preferences,
//! switched in the top bar, remembered in localStorage ("lang"), mirrored on `<html lang>`.
//! Texts are made with `vendors::tr!`; a switch redraws the shell (forms keep their drafts,
//! lists load again), so no component has to follow the language by hand.

use crate::storage::{self, Store};
use leptos::prelude::*;
use std::cell::RefCell;
use vendors::i18n::{self, Lang};

const STORAGE_KEY: &str = "lang";

/// The current language; provided by `App`.
#[derive(Clone, Copy)]
pub struct Language(pub RwSignal<Lang>);

impl Language {
    /// The remembered choice, else the browser's first preference; applied at once.
    pub fn start() -> Language {
        let lang = storage::get_text(Store::Local, STORAGE_KEY)
            .and_then(|tag| Lang::from_tag(&tag))
            .unwrap_or_else(browser_language);
        apply(lang);
        Language(RwSignal::new(lang))
    }

    pub fn switch(self, lang: Lang) {
        storage::set_text(Store::Local, STORAGE_KEY, lang.tag());
        apply(lang);
        self.0.set(lang);
    }
}

fn browser_language() -> Lang {
    let languages: Vec<String> = web_sys::window()
        .map(|window| window.navigator().languages())
        .map(|tags| tags.iter().filter_map(|tag| tag.as_string()).collect())
        .unwrap_or_default();
    Lang::from_preferences(languages.iter().map(String::as_str))
}

fn apply(lang: Lang) {
    i18n::set(lang);
    if let Some(root) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.document_element())
    {
        let _ = root.set_attribute("lang", lang.tag());
    }
}

/// The language select of the top bar; each option names its language in that language.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let language = expect_context::<Language>();
    let current = language.0.get_untracked();
    view! {
        <label class="pref-switch">
            <span class="pref-label">{vendors::tr!("Language", "语言")}</span>
            <select
                name="lang"
                on:change=move |event| {
                    if let Some(lang) = Lang::from_tag(&event_target_value(&event)) {
                        language.switch(lang);
                    }
                }
            >
                {Lang::ALL
                    .into_iter()
                    .map(|lang| {
                        view! {
                            <option value=lang.tag() selected=lang == current lang=lang.tag()>
                                {lang.endonym()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

thread_local! {
    /// Building an `Intl.DateTimeFormat` costs far more than using one: one per language.
    static DATE_TIME_FORMAT: RefCell<Option<(Lang, js_sys::Intl::DateTimeFormat)>> =
        const { RefCell::new(None) };
}

/// A vendor's time text (`2026-11-23 15:55:04`, ISO 8601, ZStack's `Nov 23, 2026 3:55:04 PM`)
/// in the current language's style (`2026年11月23日 15:55`, `Nov 23, 2026, 3:55 PM`); a text the
/// browser cannot read as a time is shown as it came.
pub fn date_time(text: &str) -> String {
    let trimmed = text.trim();
    // Host tests have no browser and so no `Intl`: they see the vendor's text.
    if trimmed.is_empty() || cfg!(not(target_arch = "wasm32")) {
        return trimmed.to_string();
    }
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(&as_iso_local(trimmed)));
    if date.get_time().is_nan() {
        return text.to_string();
    }
    let lang = i18n::current();
    DATE_TIME_FORMAT.with(|cached| {
        let mut cached = cached.borrow_mut();
        let format = match &*cached {
            Some((made_for, format)) if *made_for == lang => format.clone(),
            _ => {
                let format = date_time_format(lang);
                *cached = Some((lang, format.clone()));
                format
            }
        };
        format
            .format()
            .call1(&format, &date)
            .ok()
            .and_then(|formatted| formatted.as_string())
            .unwrap_or_else(|| text.to_string())
    })
}

/// ITSM's and DMS's `2026-11-23 15:55:04` in the one form every browser reads the same way, as
/// local time (`2026-11-23T15:55:04`); a bare date becomes local midnight (ISO would read it as
/// UTC). Anything else is left to the browser.
fn as_iso_local(text: &str) -> String {
    let bytes = text.as_bytes();
    let date_like = bytes.len() >= 10
        && bytes[..10].iter().enumerate().all(|(i, b)| {
            matches!(i, 4 | 7) && *b == b'-' || !matches!(i, 4 | 7) && b.is_ascii_digit()
        });
    match (date_like, bytes.get(10)) {
        (true, None) => format!("{text}T00:00:00"),
        (true, Some(b' ')) => format!("{}T{}", &text[..10], &text[11..]),
        _ => text.to_string(),
    }
}

fn date_time_format(lang: Lang) -> js_sys::Intl::DateTimeFormat {
    let options = js_sys::Object::new();
    for (key, value) in [("dateStyle", "medium"), ("timeStyle", "short")] {
        let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
    }
    let locales = js_sys::Array::of1(&lang.tag().into());
    js_sys::Intl::DateTimeFormat::new(&locales, &options)
}

#[cfg(test)]
mod tests {
    use super::as_iso_local;

    #[test]
    fn vendor_times_become_iso_local_times() {
        assert_eq!(as_iso_local("2026-11-23 15:55:04"), "2026-11-23T15:55:04");
        assert_eq!(as_iso_local("2026-11-23"), "2026-11-23T00:00:00");
        assert_eq!(as_iso_local("2026-11-23T15:55:04Z"), "2026-11-23T15:55:04Z");
        assert_eq!(
            as_iso_local("Nov 23, 2026 3:55:04 PM"),
            "Nov 23, 2026 3:55:04 PM"
        );
        assert_eq!(as_iso_local("2026/11/23"), "2026/11/23");
    }
}

//! The language the app speaks: chosen on the first visit from the browser's preferences,
//! switched in the top bar, remembered in localStorage ("lang"), mirrored on `<html lang>`.
//! Texts are made with `vendors::tr!`; a switch redraws the shell (forms keep their drafts,
//! other typed text is kept by `crate::kept`, lists load again), so no component has to follow
//! the language by hand. Nothing under way is interrupted: the select is disabled while
//! `crate::busy` counts an operation. After the redraw the keyboard focus is back on the select.

use crate::busy::Busy;
use crate::storage::{self, Store};
use crate::widgets::focus::focus_later;
use leptos::prelude::*;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use vendors::i18n::{self, Lang};
use vendors::tr;

const STORAGE_KEY: &str = "lang";

/// The id of the language select, where the focus returns after a switch.
pub const SELECT_ID: &str = "lang-select";
const BUSY_HINT_ID: &str = "lang-busy-hint";

/// The current language, and which drafts a switch draws again; provided by `App`, above the
/// part a switch redraws.
#[derive(Clone, Copy)]
pub struct Language(pub RwSignal<Lang>, StoredValue<Redraws>);

impl Language {
    /// The remembered choice, else the browser's first preference; applied at once.
    pub fn start() -> Language {
        let lang = storage::get_text(Store::Local, STORAGE_KEY)
            .and_then(|tag| Lang::from_tag(&tag))
            .unwrap_or_else(browser_language);
        apply(lang);
        Language(RwSignal::new(lang), StoredValue::new(Redraws::default()))
    }

    /// Speaks `lang` from now on: everything is drawn again, then the focus is back on the
    /// language select (not thrown to the top of the page).
    pub fn switch(self, lang: Lang) {
        storage::set_text(Store::Local, STORAGE_KEY, lang.tag());
        apply(lang);
        self.1.update_value(Redraws::switched);
        self.0.set(lang);
        // The redraw runs before the next frame.
        focus_later(SELECT_ID.to_string());
    }

    /// A form keeping its draft under `key` is drawn, until the current owner is cleaned up.
    /// True when it is the same form drawn again by a switch: its saved draft is then what was
    /// on screen a moment ago, not one restored from an earlier visit.
    pub fn draws_draft(self, key: &str) -> bool {
        let memory = self.1;
        let again = memory.try_update_value(|r| r.draws(key)).unwrap_or(false);
        let key = key.to_string();
        on_cleanup(move || {
            memory.try_update_value(|r| r.gone(&key));
        });
        again
    }
}

/// Which draft-keeping forms are on screen, and which were when the language was last switched
/// and have not been drawn again since.
#[derive(Debug, Default)]
pub struct Redraws {
    /// Draft key -> how many forms on screen keep it.
    on_screen: HashMap<String, usize>,
    before_switch: HashSet<String>,
}

impl Redraws {
    /// A switch: every form on screen is about to be drawn again.
    fn switched(&mut self) {
        self.before_switch = self.on_screen.keys().cloned().collect();
    }

    /// A form with draft `key` is drawn; true when a switch drew it again.
    fn draws(&mut self, key: &str) -> bool {
        *self.on_screen.entry(key.to_string()).or_default() += 1;
        self.before_switch.remove(key)
    }

    /// A form with draft `key` is gone (the user left it, or a switch disposed it).
    fn gone(&mut self, key: &str) {
        if let Some(count) = self.on_screen.get_mut(key) {
            *count -= 1;
            if *count == 0 {
                self.on_screen.remove(key);
            }
        }
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
/// While something is being sent (see `crate::busy`) it is disabled and says why.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let language = expect_context::<Language>();
    let busy = Busy::from_context();
    let current = language.0.get_untracked();
    let is_busy = move || busy.is_busy();
    view! {
        <label class="pref-switch">
            <span class="pref-label">{tr!("Language", "语言")}</span>
            <select
                id=SELECT_ID
                name="lang"
                disabled=is_busy
                title=move || is_busy().then(|| tr!(
                    "Switching the language now would interrupt what is being sent.",
                    "现在切换语言会中断正在发送的内容。"
                ))
                aria-describedby=move || is_busy().then_some(BUSY_HINT_ID)
                on:change=move |event| {
                    // Disabled while something is under way; never switch then all the same.
                    if busy.count_untracked() > 0 {
                        return;
                    }
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
        {move || is_busy().then(|| view! {
            <span id=BUSY_HINT_ID class="pref-hint">
                {tr!("Wait until sending is done to switch", "请等待发送完成后再切换")}
            </span>
        })}
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
    let format = cached_date_time_format();
    format
        .format()
        .call1(&format, &date)
        .ok()
        .and_then(|formatted| formatted.as_string())
        .unwrap_or_else(|| text.to_string())
}

/// Makes the current language's time format ahead of need: the first one costs the browser
/// ~13 ms (it loads the language's data, measured in a 10,000-row list's profile), better spent
/// while a page waits for its answer than when its rows are drawn.
pub fn prepare_date_time() {
    if cfg!(target_arch = "wasm32") {
        cached_date_time_format();
    }
}

fn cached_date_time_format() -> js_sys::Intl::DateTimeFormat {
    let lang = i18n::current();
    DATE_TIME_FORMAT.with(|cached| {
        let mut cached = cached.borrow_mut();
        match &*cached {
            Some((made_for, format)) if *made_for == lang => format.clone(),
            _ => {
                let format = date_time_format(lang);
                *cached = Some((lang, format.clone()));
                format
            }
        }
    })
}

/// A vendor's time text in ms since the epoch, read as the time column reads it (NaN when it
/// cannot be read).
pub fn vendor_time_ms(text: &str) -> f64 {
    js_sys::Date::parse(&as_iso_local(text.trim()))
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
    use super::{as_iso_local, Redraws};

    #[test]
    fn a_draft_drawn_again_by_a_switch_is_not_taken_for_a_restored_one() {
        let mut redraws = Redraws::default();
        assert!(!redraws.draws("itsm:raw"), "the first visit");
        redraws.switched();
        // The switch disposes the form, then draws it again.
        redraws.gone("itsm:raw");
        assert!(redraws.draws("itsm:raw"), "drawn again by the switch");
        // Leaving and coming back later is a return to the draft, as before.
        redraws.gone("itsm:raw");
        assert!(!redraws.draws("itsm:raw"));
    }

    #[test]
    fn only_forms_on_screen_at_the_switch_count_as_drawn_again() {
        let mut redraws = Redraws::default();
        redraws.draws("itsm:raw");
        redraws.gone("itsm:raw");
        redraws.draws("dms:order");
        redraws.switched();
        redraws.gone("dms:order");
        assert!(redraws.draws("dms:order"));
        // The ITSM form was left before the switch: opening it again restores its draft.
        assert!(!redraws.draws("itsm:raw"));
    }

    #[test]
    fn a_form_drawn_after_the_switch_drew_the_rest_counts_too() {
        // A service's form appears once its definition has loaded, well after the redraw.
        let mut redraws = Redraws::default();
        redraws.draws("itsm:service:3:title");
        redraws.switched();
        redraws.gone("itsm:service:3:title");
        assert!(redraws.draws("itsm:service:3:title"));
        // A form whose key was never on screen (another service) was saved on an earlier visit.
        assert!(!redraws.draws("itsm:service:4:title"));
    }

    #[test]
    fn a_form_drawn_twice_stays_on_screen_until_both_are_gone() {
        let mut redraws = Redraws::default();
        redraws.draws("k");
        redraws.draws("k");
        redraws.gone("k");
        redraws.switched();
        assert!(redraws.draws("k"));
    }

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

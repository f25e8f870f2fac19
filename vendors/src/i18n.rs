//! The two languages Ticket Desk speaks. Every text a person reads is written in both where it is
//! made, with [`tr!`](crate::tr): a missing translation is a compile error, not a key that slips
//! through. Validation messages, form labels and status names are made here in `vendors` (no
//! Leptos), so the language is a plain per-thread setting: the app sets it and redraws; the
//! gateway and the tests never touch it and read English.

use std::cell::Cell;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Lang {
    #[default]
    En,
    /// Simplified Chinese.
    Zh,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    /// The BCP 47 tag: `<html lang>`, `Intl` formatters, localStorage.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    /// The language's name in itself, for the switch.
    pub fn endonym(self) -> &'static str {
        match self {
            Lang::En => "English", // wire: a language is named in itself, never translated
            Lang::Zh => "简体中文",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|lang| lang.tag() == tag)
    }

    /// The first visit's language from the browser's preference list: Simplified Chinese for
    /// `zh`, `zh-CN`, `zh-SG` and `zh-Hans…` first, English for anything else.
    pub fn from_preferences<'a>(mut preferred: impl Iterator<Item = &'a str>) -> Lang {
        match preferred.next() {
            Some(tag) if is_simplified_chinese(tag) => Lang::Zh,
            _ => Lang::En,
        }
    }
}

fn is_simplified_chinese(tag: &str) -> bool {
    let tag = tag.to_ascii_lowercase();
    let mut parts = tag.split(['-', '_']);
    if parts.next() != Some("zh") {
        return false;
    }
    match parts.next() {
        None => true,
        Some(second) => matches!(second, "cn" | "sg" | "hans"),
    }
}

thread_local! {
    static CURRENT: Cell<Lang> = const { Cell::new(Lang::En) };
}

/// The language texts are made in now.
pub fn current() -> Lang {
    CURRENT.with(Cell::get)
}

/// Texts made from now on are in `lang`; the app calls this on start and on every switch.
pub fn set(lang: Lang) {
    CURRENT.with(|current| current.set(lang));
}

/// The text in the current language, as a `String`: `tr!("{n} rows", "{n} 行")`. Both arguments
/// are `format!` strings, so each language orders its own placeholders.
#[macro_export]
macro_rules! tr {
    ($en:literal, $zh:literal $(,)?) => {
        $crate::i18n::pick(::std::format_args!($en), ::std::format_args!($zh))
    };
}

/// What `tr!` expands to. One shared function formats the chosen text, so each of the hundreds
/// of call sites compiles to two small argument lists and a call, not two inlined `format!`s.
#[doc(hidden)]
#[inline(never)]
pub fn pick(en: std::fmt::Arguments<'_>, zh: std::fmt::Arguments<'_>) -> String {
    std::fmt::format(match current() {
        Lang::En => en,
        Lang::Zh => zh,
    })
}

/// A text known at compile time in both languages, for tables and constants where `tr!` (which
/// formats at run time) cannot go: `const LABEL: Text = text!("Database id", "数据库 ID");`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text {
    pub en: &'static str,
    pub zh: &'static str,
}

impl Text {
    /// The text in the current language.
    pub fn get(self) -> &'static str {
        match current() {
            Lang::En => self.en,
            Lang::Zh => self.zh,
        }
    }
}

/// A [`Text`] in both languages, usable in `const` items.
#[macro_export]
macro_rules! text {
    ($en:literal, $zh:literal $(,)?) => {
        $crate::i18n::Text { en: $en, zh: $zh }
    };
}

/// Chinese text has no space between Chinese words and one between Chinese and Latin words:
/// `join_chinese(&["新建", "蓝鲸 ITSM", "工单"])` is "新建蓝鲸 ITSM 工单", with "ZStack" in the middle
/// "新建 ZStack 工单". For Chinese sentences around a name that may be in either script.
pub fn join_chinese(parts: &[&str]) -> String {
    let is_han = |c: char| matches!(c, '\u{3000}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{ff00}'..='\u{ffef}');
    let mut joined = String::new();
    for part in parts
        .iter()
        .map(|part| part.trim())
        .filter(|part| !part.is_empty())
    {
        let both_han = joined.chars().next_back().is_some_and(is_han)
            && part.chars().next().is_some_and(is_han);
        if !joined.is_empty() && !both_han {
            joined.push(' ');
        }
        joined.push_str(part);
    }
    joined
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_preferences_pick_simplified_chinese_only_when_first() {
        for tag in [
            "zh",
            "zh-CN",
            "zh-Hans",
            "zh-Hans-CN",
            "ZH-cn",
            "zh_CN",
            "zh-SG",
        ] {
            assert_eq!(
                Lang::from_preferences([tag, "en"].into_iter()),
                Lang::Zh,
                "{tag}"
            );
        }
        for tag in ["en-US", "zh-TW", "zh-Hant", "fr", ""] {
            assert_eq!(
                Lang::from_preferences([tag, "zh-CN"].into_iter()),
                Lang::En,
                "{tag}"
            );
        }
        assert_eq!(Lang::from_preferences([].into_iter()), Lang::En);
    }

    #[test]
    fn chinese_words_join_without_spaces_latin_ones_with() {
        assert_eq!(
            join_chinese(&["新建", "蓝鲸 ITSM", "工单"]),
            "新建蓝鲸 ITSM 工单"
        );
        assert_eq!(
            join_chinese(&["新建", "ZStack", "工单"]),
            "新建 ZStack 工单"
        );
        assert_eq!(join_chinese(&["生产环境", "工单列表"]), "生产环境工单列表");
        assert_eq!(
            join_chinese(&["阿里云 DMS", "待我审批的工单"]),
            "阿里云 DMS 待我审批的工单"
        );
        assert_eq!(join_chinese(&["", "工单"]), "工单");
    }

    #[test]
    fn tags_round_trip_and_tr_follows_the_setting() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_tag(lang.tag()), Some(lang));
        }
        let count = 3;
        set(Lang::Zh);
        assert_eq!(tr!("{count} rows", "{count} 行"), "3 行");
        const PAIR: Text = text!("Rows", "行");
        assert_eq!(PAIR.get(), "行");
        set(Lang::En);
        assert_eq!(tr!("{count} rows", "{count} 行"), "3 rows");
        assert_eq!(PAIR.get(), "Rows");
    }
}

//! `config.json`, fetched at start: which back-ends are enabled, their labels and proxy base URLs.
//! Operators change proxies by editing this file; no rebuild is needed.

use serde::de::value::SeqAccessDeserializer;
use serde::de::{Deserializer, Error, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;
use std::fmt;
use vendors::kind::instance_id_problem;
use vendors::validate::{json_error_reason, json_error_without_position};
use vendors::{i18n, tr, Kind, Lang};

/// Where the app looks for its configuration: next to index.html, in whatever folder the app is
/// served from (relative to the page's `<base>`, see [`crate::app_base`]).
pub const CONFIG_URL: &str = "config.json";

#[derive(Debug, Clone, PartialEq)]
pub struct AppConfig {
    pub backends: Vec<BackendConfig>,
}

/// One back-end instance: a kind (ITSM, DMS, ZStack) reached through one proxy. A deployment
/// may have several instances of a kind (a production and a staging ITSM).
#[derive(Debug, Clone, PartialEq)]
pub struct BackendConfig {
    /// The first segment of the instance's routes and the key of everything stored for it
    /// (drafts, identity, sessions); `[a-z0-9-]+`.
    pub id: String,
    pub kind: Kind,
    /// What users see; read it with [`BackendConfig::label`].
    label: Label,
    /// Base URL of the proxy that adds credentials, e.g. `/proxy/itsm`, `https://proxy.example/itsm`,
    /// or `proxy/itsm` (relative: below the folder the app is served from).
    pub base_url: String,
    pub enabled: bool,
}

impl BackendConfig {
    /// The instance's name in the current language (see [`Label::get`]).
    pub fn label(&self) -> &str {
        self.label.get()
    }
}

/// An instance's name as config.json gives it: one text (`"label": "ZStack"`), or texts by
/// language tag (`"label": {"en": "Alibaba Cloud DMS", "zh-CN": "阿里云 DMS"}`).
#[derive(Debug, Clone, PartialEq)]
pub enum Label {
    Text(String),
    /// `(tag, text)` in file order; never empty.
    ByLanguage(Vec<(String, String)>),
}

impl Label {
    /// The text for the current language (its tag, else another tag of that language:
    /// `zh`, `zh-Hans`...), else the English one, else the first one.
    pub fn get(&self) -> &str {
        let texts = match self {
            Label::Text(text) => return text,
            Label::ByLanguage(texts) => texts,
        };
        let lang = i18n::current();
        let find = |matches: &dyn Fn(&str) -> bool| {
            texts
                .iter()
                .find(|(tag, _)| matches(tag))
                .map(|(_, text)| text.as_str())
        };
        find(&|tag| tag.eq_ignore_ascii_case(lang.tag()))
            .or_else(|| find(&|tag| speaks(tag) == Some(lang)))
            .or_else(|| find(&|tag| speaks(tag) == Some(Lang::En)))
            .or_else(|| texts.first().map(|(_, text)| text.as_str()))
            .unwrap_or_default()
    }

    /// Checks `label` as written: a text that is not blank, or an object of language tags to
    /// texts that are not blank. Every problem names the field.
    fn read(label: LabelInput) -> Result<Label, Vec<String>> {
        let texts = match label {
            LabelInput::Text(text) if text.trim().is_empty() => {
                return Err(vec![tr!("label is empty", "label 为空")]);
            }
            LabelInput::Text(text) => return Ok(Label::Text(text)),
            LabelInput::ByLanguage(texts) => texts,
            LabelInput::Other(other) => {
                let kind = json_kind(&other);
                return Err(vec![tr!(
                    r#"label must be a text or texts by language tag ({{"en": "…", "zh-CN": "…"}}), not {kind}"#,
                    r#"label 必须是文本，或按语言标签给出的文本（{{"en": "…", "zh-CN": "…"}}），不能是{kind}"#
                )]);
            }
        };
        if texts.is_empty() {
            return Err(vec![tr!(
                r#"label has no texts; give at least one, e.g. {{"en": "…"}}"#,
                r#"label 中没有任何文本；至少给出一个，例如 {{"en": "…"}}"#
            )]);
        }
        let mut problems = Vec::new();
        for (tag, text) in &texts {
            match text {
                _ if tag.trim().is_empty() => {
                    problems.push(tr!(
                        "label has an empty language tag",
                        "label 中有空的语言标签"
                    ));
                }
                Value::String(text) if text.trim().is_empty() => {
                    problems.push(tr!("label.{tag} is empty", "label.{tag} 为空"));
                }
                Value::String(_) => {}
                other => {
                    let kind = json_kind(other);
                    problems.push(tr!(
                        "label.{tag} must be a text, not {kind}",
                        "label.{tag} 必须是文本，不能是{kind}"
                    ));
                }
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let texts = texts
            .into_iter()
            .filter_map(|(tag, text)| Some((tag, text.as_str()?.to_string())))
            .collect();
        Ok(Label::ByLanguage(texts))
    }
}

/// The language a tag names, if it is one of the app's: `en`, `en-GB`... or Simplified Chinese
/// (`zh`, `zh-CN`, `zh-Hans`...), as the browser's preferences are read.
fn speaks(tag: &str) -> Option<Lang> {
    let primary = tag.split(['-', '_']).next().unwrap_or_default();
    if primary.eq_ignore_ascii_case("en") {
        Some(Lang::En)
    } else {
        Some(Lang::from_preferences(std::iter::once(tag))).filter(|lang| *lang == Lang::Zh)
    }
}

/// What a JSON value is, completing "..., not <kind>".
fn json_kind(value: &Value) -> String {
    match value {
        Value::Null => "null".to_string(),
        Value::Bool(_) => tr!("true/false", "布尔值"),
        Value::Number(_) => tr!("a number", "数字"),
        Value::String(_) => tr!("a text", "文本"),
        Value::Array(_) => tr!("a list", "列表"),
        Value::Object(_) => tr!("an object", "对象"),
    }
}

/// `label` as written: a text, texts by language tag in file order (a `serde_json::Value`
/// object would sort its keys, and "the first one" is the file's first), or any other value,
/// kept to say what it is. Read by hand: serde's `untagged` buffers the value first, and that
/// machinery alone was about 2 KB (brotli) of the start-up wasm.
enum LabelInput {
    Text(String),
    ByLanguage(Vec<(String, Value)>),
    Other(Value),
}

impl<'de> Deserialize<'de> for LabelInput {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Input;
        impl<'de> Visitor<'de> for Input {
            type Value = LabelInput;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                // Never shown: every JSON value is accepted.
                f.write_str("a label") // wire
            }
            fn visit_str<E: Error>(self, text: &str) -> Result<LabelInput, E> {
                Ok(LabelInput::Text(text.to_owned()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<LabelInput, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(LabelInput::ByLanguage(entries))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<LabelInput, A::Error> {
                Value::deserialize(SeqAccessDeserializer::new(seq)).map(LabelInput::Other)
            }
            fn visit_bool<E: Error>(self, flag: bool) -> Result<LabelInput, E> {
                Ok(LabelInput::Other(Value::Bool(flag)))
            }
            fn visit_i64<E: Error>(self, number: i64) -> Result<LabelInput, E> {
                Ok(LabelInput::Other(Value::from(number)))
            }
            fn visit_u64<E: Error>(self, number: u64) -> Result<LabelInput, E> {
                Ok(LabelInput::Other(Value::from(number)))
            }
            fn visit_f64<E: Error>(self, number: f64) -> Result<LabelInput, E> {
                Ok(LabelInput::Other(Value::from(number)))
            }
            fn visit_unit<E: Error>(self) -> Result<LabelInput, E> {
                Ok(LabelInput::Other(Value::Null))
            }
        }
        deserializer.deserialize_any(Input)
    }
}

/// config.json as written; entries are read one by one so an error can name its entry.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    /// Each entry as written, read on its own below.
    backends: Vec<Box<RawValue>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileBackend {
    id: String,
    /// May be left out when the id is a kind's name (`"id": "itsm"`).
    kind: Option<Kind>,
    /// A text, or texts by language tag; checked by [`Label::read`].
    label: LabelInput,
    base_url: String,
    #[serde(default = "enabled_by_default")]
    enabled: bool,
}

fn enabled_by_default() -> bool {
    true
}

impl AppConfig {
    /// Parses and checks config.json; the error is a sentence an operator can act on, naming
    /// each entry at fault.
    pub fn parse(text: &str) -> Result<Self, String> {
        let file: FileConfig = serde_json::from_str(text).map_err(|e| {
            let reason = json_error_reason(&e);
            tr!(
                "config.json is not valid: {e}.",
                "config.json 无效：{reason}。"
            )
        })?;
        let mut problems = Vec::new();
        let mut backends = Vec::new();
        let mut ids_so_far = Vec::new();
        for (i, raw) in file.backends.iter().enumerate() {
            // Already read once as JSON, so it reads again.
            let entry: Value = serde_json::from_str(raw.get()).unwrap_or_default();
            let name = entry_name(i, &entry);
            let id = entry.get("id").and_then(serde_json::Value::as_str);
            if let Some(id) = id {
                if ids_so_far.contains(&id.to_string()) {
                    problems.push(tr!(
                        "{name}: id {id:?} appears twice",
                        "{name}：id {id:?} 出现了两次"
                    ));
                }
                ids_so_far.push(id.to_string());
            }
            match serde_json::from_str::<FileBackend>(raw.get()) {
                Ok(entry) => match check_entry(entry) {
                    Ok(backend) => backends.push(backend),
                    Err(found) => problems
                        .extend(found.into_iter().map(|p| tr!("{name}: {p}", "{name}：{p}"))),
                },
                Err(e) => {
                    // The entry was read on its own: a position in it would not be the file's.
                    let e = json_error_without_position(&e);
                    problems.push(tr!("{name}: {e}", "{name}：{e}"));
                }
            }
        }
        if problems.is_empty() {
            Ok(AppConfig { backends })
        } else {
            let problems = problems.join(&tr!("; ", "；"));
            Err(tr!(
                "config.json is not valid: {problems}.",
                "config.json 无效：{problems}。"
            ))
        }
    }

    pub fn enabled(&self) -> impl Iterator<Item = &BackendConfig> {
        self.backends.iter().filter(|b| b.enabled)
    }

    pub fn backend(&self, id: &str) -> Option<&BackendConfig> {
        self.enabled().find(|b| b.id == id)
    }
}

/// `backends[2] ("itsm-staging")`: how messages name an entry.
fn entry_name(index: usize, entry: &serde_json::Value) -> String {
    match entry.get("id").and_then(serde_json::Value::as_str) {
        Some(id) => format!("backends[{index}] ({id:?})"),
        None => format!("backends[{index}]"),
    }
}

/// Every problem with one entry on its own (repeated ids are the caller's to find).
fn check_entry(entry: FileBackend) -> Result<BackendConfig, Vec<String>> {
    let mut problems = Vec::new();
    if let Some(problem) = instance_id_problem(&entry.id) {
        problems.push(format!("id {:?} {problem}", entry.id));
    }
    let kind = entry.kind.or_else(|| entry.id.parse::<Kind>().ok());
    if kind.is_none() {
        let names = Kind::names();
        problems.push(tr!(
            "kind is missing; it may only be left out when the id is a kind's name ({names})",
            "缺少 kind；只有 id 本身是某个 kind 的名称（{names}）时才可以省略"
        ));
    }
    let label = Label::read(entry.label).map_err(|found| problems.extend(found));
    if entry.base_url.trim().is_empty() {
        problems.push(tr!("base_url is empty", "base_url 为空"));
    }
    match (kind, label) {
        (Some(kind), Ok(label)) if problems.is_empty() => Ok(BackendConfig {
            id: entry.id,
            kind,
            label,
            base_url: entry.base_url,
            enabled: entry.enabled,
        }),
        _ => Err(problems),
    }
}

/// config.json parsed at once when index.html's request for it has been answered (the text is
/// there): the app's first screen is then the shell, not a "Loading" one. `None` otherwise;
/// then [`load`].
pub fn read_now() -> Option<Result<AppConfig, String>> {
    // Only the text: a promise still on its way is left for `load` to await.
    let text = asked_by_the_page()?.as_string()?;
    take_asked_by_the_page();
    Some(parse_and_mark(&text))
}

/// Reads config.json (as index.html asked for it, else fetched now) and parses it. Any failure
/// becomes the message of the start-up error page.
pub async fn load() -> Result<AppConfig, String> {
    let text = match taken_text().await {
        Some(text) => text,
        None => fetch_text().await?,
    };
    parse_and_mark(&text)
}

fn parse_and_mark(text: &str) -> Result<AppConfig, String> {
    let config = AppConfig::parse(text);
    crate::perf::mark(crate::perf::MARK_CONFIG_READ);
    config
}

/// Where index.html's script leaves its request for config.json, asked for while the wasm
/// loads: a promise of its text, replaced by the text once it has come.
const ASKED_BY_THE_PAGE: &str = "ticketDeskConfig";

fn asked_by_the_page() -> Option<wasm_bindgen::JsValue> {
    let window = web_sys::window()?;
    js_sys::Reflect::get(&window, &ASKED_BY_THE_PAGE.into()).ok()
}

/// Taken once: the page's script no longer replaces it, and a later read asks again.
fn take_asked_by_the_page() -> Option<wasm_bindgen::JsValue> {
    let asked = asked_by_the_page()?;
    let window = web_sys::window()?;
    let _ = js_sys::Reflect::set(
        &window,
        &ASKED_BY_THE_PAGE.into(),
        &wasm_bindgen::JsValue::UNDEFINED,
    );
    Some(asked)
}

/// The text of index.html's request, taken, once it has come; `None` when there was none or it
/// failed (then the app asks again, and explains a failure).
async fn taken_text() -> Option<String> {
    use wasm_bindgen::JsCast;
    let asked = take_asked_by_the_page()?;
    if let Some(text) = asked.as_string() {
        return Some(text);
    }
    let promise = asked.dyn_into::<js_sys::Promise>().ok()?;
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .ok()?
        .as_string()
}

async fn fetch_text() -> Result<String, String> {
    let response = gloo_net::http::Request::get(CONFIG_URL)
        .send()
        .await
        .map_err(|e| {
            tr!(
                "config.json could not be fetched: {e}.",
                "无法获取 config.json：{e}。"
            )
        })?;
    if !response.ok() {
        let (status, text) = (response.status(), response.status_text());
        return Err(tr!(
            "config.json could not be fetched: the server answered {status} {text}.",
            "无法获取 config.json：服务器返回 {status} {text}。"
        ));
    }
    response.text().await.map_err(|e| {
        tr!(
            "config.json could not be read: {e}.",
            "无法读取 config.json：{e}。"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_shipped_config() {
        let config = AppConfig::parse(include_str!("../public/config.json")).unwrap();
        // One instance of each kind, named after it (as `ticket-gateway --demo` serves them).
        let ids: Vec<_> = config.enabled().map(|b| b.id.as_str()).collect();
        assert_eq!(ids, Kind::ALL.map(Kind::as_str));
        let kinds: Vec<_> = config.enabled().map(|b| b.kind).collect();
        assert_eq!(kinds, Kind::ALL);
        assert_eq!(config.backend("dms").unwrap().base_url, "/proxy/dms");
        // Each name in both languages.
        let names = || {
            config
                .enabled()
                .map(|b| b.label().to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(), ["BlueKing ITSM", "Alibaba Cloud DMS", "ZStack"]);
        i18n::set(Lang::Zh);
        let chinese = names();
        i18n::set(Lang::En);
        assert_eq!(chinese, ["蓝鲸 ITSM", "阿里云 DMS", "ZStack"]);
    }

    /// The label of a config with one DMS entry whose label is `label`, in `lang`.
    fn label_in(lang: Lang, label: &str) -> String {
        let config = AppConfig::parse(&format!(
            r#"{{"backends":[{{"id":"dms","label":{label},"base_url":"/p"}}]}}"#
        ))
        .unwrap();
        i18n::set(lang);
        let text = config.backend("dms").unwrap().label().to_string();
        i18n::set(Lang::En);
        text
    }

    #[test]
    fn a_text_label_reads_the_same_in_every_language() {
        for lang in Lang::ALL {
            assert_eq!(label_in(lang, r#""DMS (prod)""#), "DMS (prod)");
        }
    }

    #[test]
    fn a_label_by_language_follows_the_current_language() {
        let label = r#"{"en": "Alibaba Cloud DMS", "zh-CN": "阿里云 DMS"}"#;
        assert_eq!(label_in(Lang::En, label), "Alibaba Cloud DMS");
        assert_eq!(label_in(Lang::Zh, label), "阿里云 DMS");
    }

    #[test]
    fn a_label_falls_back_to_the_language_then_english_then_the_first() {
        // Another tag of the language; the language's own tag before it.
        assert_eq!(
            label_in(Lang::Zh, r#"{"en": "DMS", "zh-Hans": "数据库"}"#),
            "数据库"
        );
        assert_eq!(label_in(Lang::Zh, r#"{"zh": "甲", "zh-cn": "乙"}"#), "乙");
        assert_eq!(
            label_in(Lang::En, r#"{"zh-CN": "数据库", "en-GB": "DMS"}"#),
            "DMS"
        );
        // No Chinese (Traditional Chinese is not the app's): English.
        assert_eq!(
            label_in(Lang::Zh, r#"{"zh-TW": "資料庫", "en": "DMS"}"#),
            "DMS"
        );
        // Neither: the first in the file, not the first in sorted order.
        assert_eq!(
            label_in(Lang::Zh, r#"{"fr": "Base", "de": "Datenbank"}"#),
            "Base"
        );
        assert_eq!(label_in(Lang::En, r#"{"zh-CN": "数据库"}"#), "数据库");
    }

    #[test]
    fn a_bad_label_is_named() {
        let problem = |label: &str| {
            AppConfig::parse(&format!(
                r#"{{"backends":[{{"id":"dms","label":{label},"base_url":"/p"}}]}}"#
            ))
            .unwrap_err()
        };
        assert_eq!(
            problem("42"),
            r#"config.json is not valid: backends[0] ("dms"): label must be a text or texts by language tag ({"en": "…", "zh-CN": "…"}), not a number."#
        );
        // Every other JSON value is named too (the label is read by hand, value by value).
        for (label, kind) in [
            ("2.5", "a number"),
            ("-1", "a number"),
            ("null", "null"),
            (r#"["x"]"#, "a list"),
        ] {
            assert!(problem(label).ends_with(&format!("not {kind}.")), "{label}");
        }
        assert!(problem("{}").contains(r#"backends[0] ("dms"): label has no texts"#));
        let err = problem(r#"{"en": " ", "zh-CN": ["阿里云"], "": "x"}"#);
        for expected in [
            "label.en is empty",
            "label.zh-CN must be a text, not a list",
            "label has an empty language tag",
        ] {
            assert!(err.contains(expected), "{expected}\n in: {err}");
        }
        // Still required.
        let missing =
            AppConfig::parse(r#"{"backends":[{"id":"dms","base_url":"/p"}]}"#).unwrap_err();
        assert!(missing.contains("missing field `label`"), "{missing}");

        i18n::set(Lang::Zh);
        let chinese = problem("true");
        i18n::set(Lang::En);
        assert_eq!(
            chinese,
            r#"config.json 无效：backends[0] ("dms")：label 必须是文本，或按语言标签给出的文本（{"en": "…", "zh-CN": "…"}），不能是布尔值。"#
        );
    }

    #[test]
    fn malformed_json_is_explained_in_chinese() {
        i18n::set(Lang::Zh);
        let err = AppConfig::parse(r#"{"backends": [}"#).unwrap_err();
        i18n::set(Lang::En);
        assert_eq!(
            err,
            "config.json 无效：此处应为一个值（第 1 行，第 15 列）。"
        );
    }

    #[test]
    fn several_instances_of_a_kind() {
        let config = AppConfig::parse(
            r#"{"backends":[
                {"id":"itsm","label":"ITSM","base_url":"/proxy/itsm"},
                {"id":"itsm-staging","kind":"itsm","label":"ITSM staging","base_url":"/proxy/itsm-staging"}]}"#,
        )
        .unwrap();
        let staging = config.backend("itsm-staging").unwrap();
        assert_eq!(
            (staging.kind, staging.base_url.as_str()),
            (Kind::Itsm, "/proxy/itsm-staging")
        );
        assert_eq!(config.backend("itsm").unwrap().kind, Kind::Itsm);
    }

    #[test]
    fn disabled_backends_are_hidden() {
        let config = AppConfig::parse(
            r#"{"backends":[{"id":"itsm","label":"ITSM","base_url":"/p","enabled":false}]}"#,
        )
        .unwrap();
        assert!(config.backend("itsm").is_none());
    }

    #[test]
    fn malformed_json_names_the_place() {
        let err = AppConfig::parse(r#"{"backends": [}"#).unwrap_err();
        assert!(err.contains("line 1 column"), "{err}");
    }

    #[test]
    fn unknown_kinds_bad_ids_and_empty_entries_are_named() {
        let err = AppConfig::parse(
            r#"{"backends":[
                {"id":"jira","kind":"jira","label":"Jira","base_url":"/p"},
                {"id":"tickets","label":"","base_url":"/p"},
                {"id":"Prod ITSM","kind":"itsm","label":"P","base_url":" "},
                {"id":"dms","label":"D","base_url":"/p"},
                {"id":"dms","label":"D","base_url":"/p"}]}"#,
        )
        .unwrap_err();
        for expected in [
            r#"backends[0] ("jira"): unknown variant `jira`, expected one of `itsm`, `dms`, `zstack`"#,
            r#"backends[1] ("tickets"): kind is missing; it may only be left out when the id is a kind's name (itsm, dms, zstack)"#,
            r#"backends[1] ("tickets"): label is empty"#,
            r#"backends[2] ("Prod ITSM"): id "Prod ITSM" must be lower-case letters"#,
            r#"backends[2] ("Prod ITSM"): base_url is empty"#,
            r#"backends[4] ("dms"): id "dms" appears twice"#,
        ] {
            assert!(err.contains(expected), "{expected}\n in: {err}");
        }
    }

    #[test]
    fn missing_field_is_named() {
        let err = AppConfig::parse(r#"{"backends":[{"id":"itsm","label":"ITSM"}]}"#).unwrap_err();
        assert!(
            err.contains("backends[0] (\"itsm\"): missing field `base_url`"),
            "{err}"
        );
    }
}

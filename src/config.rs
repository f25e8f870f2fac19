//! `config.json`, fetched at start: which back-ends are enabled, their labels and proxy base URLs.
//! Operators change proxies by editing this file; no rebuild is needed.

use serde::Deserialize;
use vendors::kind::instance_id_problem;
use vendors::{tr, Kind};

/// Where the app looks for its configuration, relative to the site root.
pub const CONFIG_URL: &str = "/config.json";

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
    pub label: String,
    /// Base URL of the proxy that adds credentials, e.g. `/proxy/itsm` or `https://proxy.example/itsm`.
    pub base_url: String,
    pub enabled: bool,
}

/// config.json as written; entries are read one by one so an error can name its entry.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    backends: Vec<serde_json::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileBackend {
    id: String,
    /// May be left out when the id is a kind's name (`"id": "itsm"`).
    kind: Option<Kind>,
    label: String,
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
        let file: FileConfig = serde_json::from_str(text)
            .map_err(|e| tr!("config.json is not valid: {e}.", "config.json 无效：{e}。"))?;
        let mut problems = Vec::new();
        let mut backends = Vec::new();
        let mut ids_so_far = Vec::new();
        for (i, entry) in file.backends.into_iter().enumerate() {
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
            match serde_json::from_value::<FileBackend>(entry) {
                Ok(entry) => match check_entry(entry) {
                    Ok(backend) => backends.push(backend),
                    Err(found) => problems
                        .extend(found.into_iter().map(|p| tr!("{name}: {p}", "{name}：{p}"))),
                },
                Err(e) => problems.push(tr!("{name}: {e}", "{name}：{e}")),
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
    if entry.label.trim().is_empty() {
        problems.push(tr!("label is empty", "label 为空"));
    }
    if entry.base_url.trim().is_empty() {
        problems.push(tr!("base_url is empty", "base_url 为空"));
    }
    match kind {
        Some(kind) if problems.is_empty() => Ok(BackendConfig {
            id: entry.id,
            kind,
            label: entry.label,
            base_url: entry.base_url,
            enabled: entry.enabled,
        }),
        _ => Err(problems),
    }
}

/// Fetches and parses config.json. Any failure becomes the message of the start-up error page.
pub async fn load() -> Result<AppConfig, String> {
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
    let text = response.text().await.map_err(|e| {
        tr!(
            "config.json could not be read: {e}.",
            "无法读取 config.json：{e}。"
        )
    })?;
    AppConfig::parse(&text)
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

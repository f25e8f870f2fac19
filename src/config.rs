//! `config.json`, fetched at start: which back-ends are enabled, their labels and proxy base URLs.
//! Operators change proxies by editing this file; no rebuild is needed.

use serde::Deserialize;

/// Where the app looks for its configuration, relative to the site root.
pub const CONFIG_URL: &str = "/config.json";

/// The back-ends this build knows how to talk to.
pub const KNOWN_BACKENDS: [&str; 3] = ["itsm", "dms", "zstack"];

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppConfig {
    pub backends: Vec<BackendConfig>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackendConfig {
    /// One of [`KNOWN_BACKENDS`]; also the first segment of the back-end's routes.
    pub id: String,
    pub label: String,
    /// Base URL of the proxy that adds credentials, e.g. `/proxy/itsm` or `https://proxy.example/itsm`.
    pub base_url: String,
    #[serde(default = "enabled_by_default")]
    pub enabled: bool,
}

fn enabled_by_default() -> bool {
    true
}

impl AppConfig {
    /// Parses and checks config.json; the error is a sentence an operator can act on.
    pub fn parse(text: &str) -> Result<Self, String> {
        let config: AppConfig =
            serde_json::from_str(text).map_err(|e| format!("config.json is not valid: {e}."))?;
        let mut problems = Vec::new();
        for (i, backend) in config.backends.iter().enumerate() {
            if !KNOWN_BACKENDS.contains(&backend.id.as_str()) {
                problems.push(format!(
                    "backends[{i}].id \"{}\" is not one of {}",
                    backend.id,
                    KNOWN_BACKENDS.join(", ")
                ));
            }
            if backend.label.trim().is_empty() {
                problems.push(format!("backends[{i}].label is empty"));
            }
            if backend.base_url.trim().is_empty() {
                problems.push(format!("backends[{i}].base_url is empty"));
            }
            let earlier = &config.backends[..i];
            if earlier.iter().any(|b| b.id == backend.id) {
                problems.push(format!("backends[{i}].id \"{}\" appears twice", backend.id));
            }
        }
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(format!(
                "config.json is not valid: {}.",
                problems.join("; ")
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

/// Fetches and parses config.json. Any failure becomes the message of the start-up error page.
pub async fn load() -> Result<AppConfig, String> {
    let response = gloo_net::http::Request::get(CONFIG_URL)
        .send()
        .await
        .map_err(|e| format!("config.json could not be fetched: {e}."))?;
    if !response.ok() {
        return Err(format!(
            "config.json could not be fetched: the server answered {} {}.",
            response.status(),
            response.status_text()
        ));
    }
    let text = response
        .text()
        .await
        .map_err(|e| format!("config.json could not be read: {e}."))?;
    AppConfig::parse(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_shipped_config() {
        let config = AppConfig::parse(include_str!("../public/config.json")).unwrap();
        let ids: Vec<_> = config.enabled().map(|b| b.id.as_str()).collect();
        assert_eq!(ids, KNOWN_BACKENDS);
        assert_eq!(config.backend("dms").unwrap().base_url, "/proxy/dms");
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
    fn unknown_and_empty_entries_are_named() {
        let err = AppConfig::parse(
            r#"{"backends":[{"id":"jira","label":"","base_url":"/p"},{"id":"jira","label":"J","base_url":" "}]}"#,
        )
        .unwrap_err();
        assert!(
            err.contains("backends[0].id \"jira\" is not one of itsm, dms, zstack"),
            "{err}"
        );
        assert!(err.contains("backends[0].label is empty"), "{err}");
        assert!(err.contains("backends[1].base_url is empty"), "{err}");
        assert!(err.contains("appears twice"), "{err}");
    }

    #[test]
    fn missing_field_is_named() {
        let err = AppConfig::parse(r#"{"backends":[{"id":"itsm","label":"ITSM"}]}"#).unwrap_err();
        assert!(err.contains("base_url"), "{err}");
    }
}

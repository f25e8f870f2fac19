use std::collections::HashMap;
use std::path::Path;

use super::*;
use crate::kinds::dms::DmsConfig;
use crate::kinds::itsm::{ItsmConfig, UserSource};
use crate::kinds::zstack::{LoginKind, ZstackConfig, ZstackMode};

const PATH: &str = "/etc/ticket-gateway.toml";

fn env_with(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let map: HashMap<String, String> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    move |name| map.get(name).cloned()
}

fn parse_with(text: &str, vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
    parse(Path::new(PATH), text, &env_with(vars))
}

fn settings<T: Settings + Clone>(config: &Config, id: &str) -> T {
    config
        .instance(id)
        .unwrap_or_else(|| panic!("no instance {id}"))
        .settings_as::<T>()
        .unwrap_or_else(|| panic!("instance {id} is of another kind"))
        .clone()
}

fn error_text(text: &str, vars: &[(&str, &str)]) -> String {
    parse_with(text, vars)
        .expect_err("config should be refused")
        .to_string()
}

const FULL: &str = r#"
listen = "0.0.0.0:9000"
dist = "web"
upstream_timeout_secs = 5
[itsm]
upstream = "https://paas.example.com"
app_code = "ticket-desk"
app_secret_env = "ITSM_SECRET"
user = { from = "header", name = "X-Remote-User" }
[dms]
upstream = "https://dms-enterprise.aliyuncs.com"
access_key_id_env = "DMS_ID"
access_key_secret_env = "DMS_SECRET"
[zstack]
upstream = "http://zstack.example.com:8080"
mode = "service-account"
account_name = "desk"
password_env = "ZS_PASSWORD"
login = "iam2"
"#;

const FULL_ENV: &[(&str, &str)] = &[
    ("ITSM_SECRET", "s1"),
    ("DMS_ID", "id"),
    ("DMS_SECRET", "s2"),
    ("ZS_PASSWORD", "s3"),
];

#[test]
fn full_config_resolves() {
    let config = parse_with(FULL, FULL_ENV).unwrap();
    assert_eq!(config.listen, "0.0.0.0:9000");
    assert_eq!(config.upstream_timeout, Duration::from_secs(5));
    let itsm: ItsmConfig = settings(&config, "itsm");
    assert_eq!(itsm.app_secret.expose(), "s1");
    assert!(matches!(itsm.user, UserSource::Header { ref name } if name == "x-remote-user"));
    assert_eq!(
        settings::<DmsConfig>(&config, "dms").signing_host,
        "dms-enterprise.aliyuncs.com"
    );
    assert!(matches!(
        settings::<ZstackConfig>(&config, "zstack").mode,
        ZstackMode::ServiceAccount {
            login: LoginKind::Iam2,
            ..
        }
    ));
}

#[test]
fn empty_file_gives_defaults_and_no_backends() {
    let config = parse_with("", &[]).unwrap();
    assert_eq!(config.listen, DEFAULT_LISTEN);
    assert_eq!(config.dist, PathBuf::from("dist"));
    assert_eq!(config.max_body_bytes, 1024 * 1024);
    assert!(config.backends.is_empty());
}

#[test]
fn missing_env_secret_names_key_and_variable() {
    let text = error_text(
        FULL,
        &[
            ("ITSM_SECRET", "s1"),
            ("DMS_ID", "id"),
            ("ZS_PASSWORD", "p"),
        ],
    );
    assert!(text.contains(PATH), "{text}");
    assert!(text.contains("dms.access_key_secret_env"), "{text}");
    assert!(text.contains("DMS_SECRET"), "{text}");
}

#[test]
fn empty_env_secret_counts_as_missing() {
    let text = error_text(
        FULL,
        &[
            ("ITSM_SECRET", ""),
            ("DMS_ID", "i"),
            ("DMS_SECRET", "s"),
            ("ZS_PASSWORD", "p"),
        ],
    );
    assert!(
        text.contains("ITSM_SECRET") && text.contains("itsm.app_secret_env"),
        "{text}"
    );
}

#[test]
fn error_never_contains_the_secret_values() {
    let bad = FULL.replace("login = \"iam2\"", "login = \"ldap\"");
    let text = error_text(&bad, FULL_ENV);
    assert!(
        text.contains("zstack.login") && text.contains("ldap"),
        "{text}"
    );
    for (_, value) in FULL_ENV {
        assert!(!text.contains(&format!("\"{value}\"")), "{text}");
    }
}

#[test]
fn malformed_toml_names_the_file_and_line() {
    let text = error_text("listen = ", &[]);
    assert!(text.contains(PATH) && text.contains("line 1"), "{text}");
}

#[test]
fn unknown_key_is_refused_by_name() {
    let text = error_text("[itsm]\nupstream = \"http://x\"\napp_code = \"a\"\napp_secret_env = \"S\"\nuser = { fixed = \"admin\" }\napp_sceret = \"oops\"\n", &[("S", "s")]);
    assert!(text.contains("app_sceret"), "{text}");
}

#[test]
fn missing_required_key_is_named() {
    let text = error_text(
        "[dms]\nupstream = \"http://x\"\naccess_key_id_env = \"A\"\n",
        &[],
    );
    assert!(text.contains("access_key_secret_env"), "{text}");
}

#[test]
fn bad_upstream_url_is_named() {
    let text = error_text(
        "[zstack]\nupstream = \"ftp://x\"\nmode = \"pass-through\"\n",
        &[],
    );
    assert!(
        text.contains("zstack.upstream") && text.contains("ftp://x"),
        "{text}"
    );
    let text = error_text(
        "[zstack]\nupstream = \"not a url\"\nmode = \"pass-through\"\n",
        &[],
    );
    assert!(text.contains("zstack.upstream"), "{text}");
}

#[test]
fn bad_zstack_mode_and_missing_account_are_named() {
    let text = error_text("[zstack]\nupstream = \"http://x\"\nmode = \"magic\"\n", &[]);
    assert!(
        text.contains("zstack.mode") && text.contains("magic"),
        "{text}"
    );
    let text = error_text(
        "[zstack]\nupstream = \"http://x\"\nmode = \"service-account\"\npassword_env = \"P\"\n",
        &[("P", "p")],
    );
    assert!(text.contains("zstack.account_name"), "{text}");
}

#[test]
fn user_source_forms() {
    let itsm = |user: &str| {
        format!("[itsm]\nupstream = \"http://x\"\napp_code = \"a\"\napp_secret_env = \"S\"\nuser = {user}\n")
    };
    let env = [("S", "s")];
    let cookie = parse_with(&itsm(r#"{ from = "cookie" }"#), &env).unwrap();
    assert_eq!(
        settings::<ItsmConfig>(&cookie, "itsm").user,
        UserSource::Cookie { fallback: None }
    );
    let fixed = parse_with(&itsm(r#"{ fixed = "admin" }"#), &env).unwrap();
    assert_eq!(
        settings::<ItsmConfig>(&fixed, "itsm").user,
        UserSource::Fixed {
            username: "admin".into()
        }
    );

    let text = error_text(&itsm(r#"{ from = "header" }"#), &env);
    assert!(text.contains("itsm.user.name"), "{text}");
    let text = error_text(&itsm(r#"{ from = "ldap" }"#), &env);
    assert!(
        text.contains("itsm.user.from") && text.contains("ldap"),
        "{text}"
    );
    let text = error_text(&itsm(r#"{ from = "header", name = "bad header" }"#), &env);
    assert!(text.contains("itsm.user.name"), "{text}");
    let text = error_text(&itsm(r#"{ from = "cookie", fixed = "x" }"#), &env);
    assert!(text.contains("itsm.user"), "{text}");
}

#[test]
fn bad_listen_address_is_named() {
    let text = error_text("listen = \"localhost\"\n", &[]);
    assert!(
        text.contains("`listen`") && text.contains("localhost"),
        "{text}"
    );
}

#[test]
fn missing_file_names_the_path() {
    let text = load(Path::new("/nonexistent/gw.toml"))
        .unwrap_err()
        .to_string();
    assert!(text.contains("/nonexistent/gw.toml"), "{text}");
}

#[test]
fn signing_host_keeps_a_non_default_port() {
    let config = parse_with(
        "[dms]\nupstream = \"http://127.0.0.1:4567\"\naccess_key_id_env = \"A\"\naccess_key_secret_env = \"B\"\n",
        &[("A", "a"), ("B", "b")],
    )
    .unwrap();
    assert_eq!(
        settings::<DmsConfig>(&config, "dms").signing_host,
        "127.0.0.1:4567"
    );
}

#[test]
fn the_example_config_parses() {
    let text = include_str!("../ticket-gateway.example.toml");
    let config = parse_with(
        text,
        &[
            ("TICKET_DESK_ITSM_APP_SECRET", "a"),
            ("TICKET_DESK_DMS_ACCESS_KEY_ID", "b"),
            ("TICKET_DESK_DMS_ACCESS_KEY_SECRET", "c"),
        ],
    )
    .unwrap();
    let ids: Vec<&str> = config.backends.iter().map(|b| b.id.as_str()).collect();
    assert_eq!(ids, ["dms", "itsm", "zstack"]);
}

#[test]
fn deployment_keys_resolve_with_defaults() {
    let config = parse_with("", &[]).unwrap();
    assert_eq!(config.allowed_hosts, None);
    assert!(config.cors_origins.is_empty());
    assert_eq!(config.hsts_max_age, None);
    assert_eq!(config.limits, Limits::default());
    assert_eq!(config.limits.header_read_timeout, Duration::from_secs(10));
    assert_eq!(config.limits.max_upstream_answer_bytes, 32 * 1024 * 1024);

    let config = parse_with(
        r#"
allowed_hosts = ["Desk.Example.com", "gw:8443"]
cors_origins = ["HTTPS://app.example.com/"]
hsts_max_age_secs = 31536000
[limits]
header_read_timeout_secs = 5
body_read_timeout_secs = 20
max_concurrent_requests = 64
max_upstream_answer_bytes = 1000
"#,
        &[],
    )
    .unwrap();
    assert_eq!(
        config.allowed_hosts,
        Some(vec!["desk.example.com".to_string(), "gw:8443".to_string()])
    );
    assert_eq!(config.cors_origins, vec!["https://app.example.com"]);
    assert_eq!(config.hsts_max_age, Some(Duration::from_secs(31_536_000)));
    assert_eq!(config.limits.header_read_timeout, Duration::from_secs(5));
    assert_eq!(config.limits.body_read_timeout, Duration::from_secs(20));
    assert_eq!(config.limits.max_concurrent_requests, 64);
    assert_eq!(config.limits.max_upstream_answer_bytes, 1000);
}

#[test]
fn bad_deployment_keys_are_named() {
    for (text, key) in [
        (
            "cors_origins = [\"https://a.example/app\"]",
            "`cors_origins`",
        ),
        ("cors_origins = [\"*\"]", "`cors_origins`"),
        ("allowed_hosts = [\"http://a.example\"]", "`allowed_hosts`"),
        ("hsts_max_age_secs = 0", "`hsts_max_age_secs`"),
        (
            "[limits]\nmax_concurrent_requests = 0",
            "`limits.max_concurrent_requests`",
        ),
        (
            "[limits]\nheader_read_timeout_secs = 0",
            "`limits.header_read_timeout_secs`",
        ),
        ("[limits]\nbody_read_secs = 3", "body_read_secs"),
    ] {
        let error = error_text(text, &[]);
        assert!(error.contains(key), "{text}: {error}");
    }
}

//! Instances of kinds: `[backends.<id>]` tables, legacy sections, and the errors of each form.

use std::path::Path;

use super::*;
use crate::kinds::itsm::{ItsmConfig, UserSource};
use crate::kinds::zstack::{LoginKind, ZstackConfig, ZstackMode};

const PATH: &str = "/etc/gw.toml";

fn env(name: &str) -> Option<String> {
    match name {
        "PROD_SECRET" => Some("prod-secret".into()),
        "STAGING_SECRET" => Some("staging-secret".into()),
        "ZS_PASSWORD" => Some("zs".into()),
        "DMS_ID" | "DMS_SECRET" => Some("d".into()),
        _ => None,
    }
}

fn parse_text(text: &str) -> Result<Config, ConfigError> {
    parse(Path::new(PATH), text, &env)
}

fn error_text(text: &str) -> String {
    let text = parse_text(text)
        .expect_err("config should be refused")
        .to_string();
    assert!(text.contains(PATH), "{text}");
    text
}

const TWO_ITSMS: &str = r#"
[backends.itsm-prod]
kind = "itsm"
upstream = "https://paas.example.com"
app_code = "desk"
app_secret_env = "PROD_SECRET"
user = { from = "cookie" }

[backends.itsm-staging]
kind = "itsm"
upstream = "https://paas-staging.example.com"
app_code = "desk-staging"
app_secret_env = "STAGING_SECRET"
user = { fixed = "tester" }
"#;

#[test]
fn two_instances_of_one_kind() {
    let config = parse_text(TWO_ITSMS).unwrap();
    let ids: Vec<&str> = config.backends.iter().map(|b| b.id.as_str()).collect();
    assert_eq!(ids, ["itsm-prod", "itsm-staging"]);
    assert!(config.backends.iter().all(|b| b.kind() == Kind::Itsm));
    let staging = config.instance("itsm-staging").unwrap();
    let staging: &ItsmConfig = staging.settings_as().unwrap();
    assert_eq!(staging.app_code, "desk-staging");
    assert_eq!(staging.app_secret.expose(), "staging-secret");
    assert_eq!(
        staging.upstream.as_str(),
        "https://paas-staging.example.com/"
    );
    assert_eq!(
        staging.user,
        UserSource::Fixed {
            username: "tester".into()
        }
    );
    // Debug never shows a secret, however deep.
    assert!(!format!("{config:?}").contains("staging-secret"));
}

#[test]
fn legacy_sections_are_instances_named_after_their_kind() {
    let config = parse_text(
        "[itsm]\nupstream = \"http://i\"\napp_code = \"a\"\napp_secret_env = \"PROD_SECRET\"\nuser = { from = \"cookie\" }\n\
         [dms]\nupstream = \"http://d\"\naccess_key_id_env = \"DMS_ID\"\naccess_key_secret_env = \"DMS_SECRET\"\n\
         [zstack]\nupstream = \"http://z\"\nmode = \"pass-through\"\n\
         [backends.zs-lab]\nkind = \"zstack\"\nupstream = \"http://lab\"\nmode = \"service-account\"\naccount_name = \"desk\"\npassword_env = \"ZS_PASSWORD\"\n",
    )
    .unwrap();
    let kinds: Vec<(&str, Kind)> = config
        .backends
        .iter()
        .map(|b| (b.id.as_str(), b.kind()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("dms", Kind::Dms),
            ("itsm", Kind::Itsm),
            ("zs-lab", Kind::Zstack),
            ("zstack", Kind::Zstack)
        ]
    );
    let lab: &ZstackConfig = config.instance("zs-lab").unwrap().settings_as().unwrap();
    assert!(matches!(
        lab.mode,
        ZstackMode::ServiceAccount {
            login: LoginKind::Account,
            ..
        }
    ));
}

#[test]
fn bad_instance_id_is_named() {
    for id in ["ITSM", "itsm_prod", "\"itsm prod\""] {
        let text = error_text(&format!(
            "[backends.{id}]\nkind = \"zstack\"\nupstream = \"http://z\"\nmode = \"pass-through\"\n"
        ));
        assert!(
            text.contains(&format!("`backends.{}`", id.trim_matches('"')))
                && text.contains("[a-z0-9-]")
                || text.contains("lower-case letters"),
            "{text}"
        );
    }
}

#[test]
fn an_id_defined_twice_is_refused() {
    let text = error_text(
        "[zstack]\nupstream = \"http://z\"\nmode = \"pass-through\"\n\
         [backends.zstack]\nkind = \"zstack\"\nupstream = \"http://y\"\nmode = \"pass-through\"\n",
    );
    assert!(
        text.contains("`backends.zstack`") && text.contains("[zstack]"),
        "{text}"
    );
}

#[test]
fn unknown_or_missing_kind_is_named_with_the_kinds() {
    let text = error_text("[backends.tickets]\nkind = \"jira\"\nupstream = \"http://j\"\n");
    assert!(
        text.contains("`backends.tickets.kind`")
            && text.contains("jira")
            && text.contains("itsm, dms, zstack"),
        "{text}"
    );
    let text = error_text("[backends.tickets]\nupstream = \"http://j\"\n");
    assert!(
        text.contains("`backends.tickets.kind`") && text.contains("itsm, dms, zstack"),
        "{text}"
    );
}

#[test]
fn missing_env_names_the_instance_key_and_variable() {
    let text = error_text(&TWO_ITSMS.replace("STAGING_SECRET", "NOT_SET"));
    assert!(
        text.contains("`backends.itsm-staging.app_secret_env`") && text.contains("NOT_SET"),
        "{text}"
    );
}

fn zstack_error(keys: &str) -> String {
    error_text(&format!(
        "[backends.zs]\nkind = \"zstack\"\nupstream = \"http://z\"\n{keys}"
    ))
}

#[test]
fn zstack_mode_forms_are_explained() {
    let text = zstack_error("mode = \"magic\"\n");
    assert!(
        text.contains("`backends.zs.mode`")
            && text.contains("\"magic\"")
            && text.contains("pass-through")
            && text.contains("service-account"),
        "{text}"
    );
    let text = zstack_error("");
    assert!(
        text.contains("`backends.zs.mode`") && text.contains("required"),
        "{text}"
    );
    let text = zstack_error("mode = \"service-account\"\naccount_name = \"a\"\n");
    assert!(
        text.contains("`backends.zs.password_env`") && text.contains("required"),
        "{text}"
    );
    let text = zstack_error(
        "mode = \"service-account\"\naccount_name = \"a\"\npassword_env = \"ZS_PASSWORD\"\nlogin = \"ldap\"\n",
    );
    assert!(
        text.contains("`backends.zs.login`") && text.contains("`account` or `iam2`"),
        "{text}"
    );
    let text = zstack_error("mode = \"pass-through\"\naccount_name = \"a\"\n");
    assert!(text.contains("`backends.zs.account_name`"), "{text}");
    let text = zstack_error(
        "mode = \"service-account\"\naccount_name = \" \"\npassword_env = \"ZS_PASSWORD\"\n",
    );
    assert!(
        text.contains("`backends.zs.account_name`") && text.contains("empty"),
        "{text}"
    );
}

fn itsm_user_error(user: &str) -> String {
    error_text(&format!(
        "[backends.bk]\nkind = \"itsm\"\nupstream = \"http://i\"\napp_code = \"a\"\napp_secret_env = \"PROD_SECRET\"\nuser = {user}\n"
    ))
}

#[test]
fn itsm_user_forms_are_explained() {
    let text = itsm_user_error(r#"{ from = "header" }"#);
    assert!(
        text.contains("`backends.bk.user.name`") && text.contains("required"),
        "{text}"
    );
    let text = itsm_user_error(r#"{ from = "ldap" }"#);
    assert!(
        text.contains("`backends.bk.user.from`")
            && text.contains("\"ldap\"")
            && text.contains("`cookie` or `header`"),
        "{text}"
    );
    let text = itsm_user_error(r#"{ fixed = "" }"#);
    assert!(text.contains("`backends.bk.user.fixed`"), "{text}");
    for mixed in [
        r#"{ from = "cookie", fixed = "x" }"#,
        r#"{ name = "X-User" }"#,
    ] {
        let text = itsm_user_error(mixed);
        assert!(
            text.contains("`backends.bk.user`") && text.contains(r#"{ fixed = "..." }"#),
            "{text}"
        );
    }
    let text = itsm_user_error(r#"{ fixed = "a", fallback = "b" }"#);
    assert!(text.contains("`backends.bk.user.fallback`"), "{text}");
}

#[test]
fn unknown_top_level_key_is_named() {
    let text = error_text("lisen = \"127.0.0.1:1\"\n");
    assert!(text.contains("lisen"), "{text}");
}

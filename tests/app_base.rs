//! index.html's first script finds the folder the app is served from by taking the route off the
//! page's path, so it lists the routes of src/shell.rs in JavaScript; this test keeps the two
//! lists equal. The README shows the nginx sub-path config the end-to-end test runs; this test
//! keeps the README's copy equal to the file.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;

const INDEX_HTML: &str = include_str!("../index.html");
const SHELL_RS: &str = include_str!("../src/shell.rs");
const README: &str = include_str!("../README.md");
const NGINX_CONF: &str = include_str!("../docs/nginx-desk.conf");

/// The string literals between `open` and the next `close` after it.
fn quoted_after<'a>(text: &'a str, open: &str, close: &str) -> Vec<&'a str> {
    let mut found = Vec::new();
    for (_, rest) in text
        .match_indices(open)
        .map(|(at, _)| text.split_at(at + open.len()))
    {
        let inside = &rest[..rest.find(close).expect("closed")];
        found.extend(inside.split('"').skip(1).step_by(2));
    }
    found
}

#[test]
fn the_script_knows_every_route_of_the_router() {
    let routes: BTreeSet<&str> = quoted_after(SHELL_RS, "path!(", ")")
        .into_iter()
        .filter(|route| *route != "/") // the folder itself: no tail to take off
        .collect();
    let script: BTreeSet<&str> = quoted_after(INDEX_HTML, "var ROUTES = [", "]")
        .into_iter()
        .collect();
    assert!(routes.len() >= 4, "the routes of shell.rs: {routes:?}");
    assert_eq!(
        script, routes,
        "ROUTES in index.html must list the routes of src/shell.rs"
    );
}

#[test]
fn the_readme_shows_the_nginx_config_the_test_runs() {
    let shown = format!("```nginx\n{NGINX_CONF}```");
    assert!(
        README.contains(&shown),
        "README.md must show docs/nginx-desk.conf as it is, in an nginx code block"
    );
}

//! Browsers without `light-dark()` read the plain light colours of the `@supports not` block in
//! style/app.css. Every colour is defined once as `light-dark(<light>, <dark>)`; this test keeps
//! the fallback block equal to those light values, so the two cannot drift.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;

const MAIN_CSS: &str = include_str!("../style/app.css");

/// `--name: value;` declarations of `text`, by name.
fn declarations(text: &str) -> BTreeMap<String, String> {
    text.lines()
        .filter_map(|line| {
            let line = line.split("/*").next()?.trim();
            let (name, value) = line.split_once(':')?;
            let name = name.trim();
            name.starts_with("--").then(|| {
                (
                    name.to_string(),
                    value.trim().trim_end_matches(';').to_string(),
                )
            })
        })
        .collect()
}

/// The light half of `light-dark(<light>, <dark>)`, with `rgb(...)` values kept whole.
fn light_half(value: &str) -> Option<String> {
    let inner = value.strip_prefix("light-dark(")?.strip_suffix(')')?;
    let mut depth = 0;
    for (index, c) in inner.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => return Some(inner[..index].trim().to_string()),
            _ => {}
        }
    }
    None
}

#[test]
fn the_fallback_for_old_browsers_is_the_light_theme() {
    let (themed, fallback) = MAIN_CSS
        .split_once("@supports not (color: light-dark(")
        .expect("app.css has the fallback block");
    let light: BTreeMap<String, String> = declarations(themed)
        .into_iter()
        .filter_map(|(name, value)| Some((name, light_half(&value)?)))
        .collect();
    assert!(light.len() > 30, "the colours of app.css: {light:?}");
    let fallback = declarations(fallback.split("\n}\n").next().unwrap());
    assert_eq!(fallback, light);
}

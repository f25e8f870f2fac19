//! The top bar's language and theme: what the page says it is in (`<html lang>`,
//! `<html data-theme>`), the switches, what the browser remembers, and how light or dark the
//! page's background is.

use crate::Session;
use serde_json::json;

/// The localStorage key of the chosen language (`en`, `zh-CN`).
pub const LANG_KEY: &str = "ticket-desk:lang";
/// The localStorage key of the chosen theme (`system`, `light`, `dark`).
pub const THEME_KEY: &str = "ticket-desk:theme";

/// `<html lang>`.
pub async fn html_lang(session: &Session) -> String {
    let lang = session
        .execute("return document.documentElement.lang;", vec![])
        .await;
    lang.as_str().unwrap_or_default().to_string()
}

/// `<html data-theme>`, `None` when absent (the page follows the system).
pub async fn data_theme(session: &Session) -> Option<String> {
    let theme = session
        .execute(
            "return document.documentElement.getAttribute('data-theme');",
            vec![],
        )
        .await;
    theme.as_str().map(str::to_string)
}

/// Waits until `<html lang>` is `lang`.
pub async fn wait_for_lang(session: &Session, lang: &str) {
    let what = format!("<html lang> is {lang:?}");
    session
        .wait_for(&what, || html_lang(session), |seen| seen == lang)
        .await;
}

/// The text of the first back-end's three navigation links (new, tickets, waiting), once the
/// shell is up; the waiting link's count, if any, is left out.
pub async fn nav_texts(session: &Session) -> [String; 3] {
    session.find(".backend-nav-item[data-backend] a").await;
    let texts = session
        .execute(
            "const item = document.querySelector('.backend-nav-item[data-backend]');
             return [...item.querySelectorAll('a')].map(a => {
                 const copy = a.cloneNode(true);
                 copy.querySelectorAll('.waiting-count').forEach(c => c.remove());
                 return copy.textContent.trim();
             });",
            vec![],
        )
        .await;
    let texts: Vec<String> = serde_json::from_value(texts).unwrap();
    texts
        .try_into()
        .unwrap_or_else(|texts| panic!("three links per back-end: {texts:?}"))
}

/// Waits until the navigation reads `expected` (new, tickets, waiting).
pub async fn wait_for_nav(session: &Session, expected: [&str; 3]) {
    let what = format!("the navigation reads {expected:?}");
    session
        .wait_for(&what, || nav_texts(session), |seen| seen == &expected)
        .await;
}

/// Picks `value` in the top bar's `select[name=...]` (`lang` or `theme`) the way a person does.
pub async fn choose(session: &Session, name: &str, value: &str) {
    session
        .find(&format!("select[name={name}]"))
        .await
        .select_by_value(value)
        .await
        .unwrap_or_else(|e| panic!("choose {value} in select[name={name}]: {e}"));
}

/// What localStorage holds under `key`.
pub async fn stored(session: &Session, key: &str) -> Option<String> {
    let value = session
        .execute(
            "return localStorage.getItem(arguments[0]);",
            vec![json!(key)],
        )
        .await;
    value.as_str().map(str::to_string)
}

/// Remembers a language and a theme as the switches would, for the next page load; the page on
/// screen must be one of the app's (same origin).
pub async fn remember(session: &Session, lang: &str, theme: &str) {
    session
        .execute(
            "localStorage.setItem(arguments[0], arguments[1]);
             localStorage.setItem(arguments[2], arguments[3]);",
            vec![json!(LANG_KEY), json!(lang), json!(THEME_KEY), json!(theme)],
        )
        .await;
}

/// The page's background as painted behind the content: the first opaque `background-color`
/// of `main`, `body` and `<html>`, as sRGB 0..=255, with the CSS text it came from.
pub async fn canvas_color(session: &Session) -> ([u8; 3], String) {
    // A canvas turns any CSS colour syntax (rgb(), oklch(), color(srgb ...)) into sRGB.
    let found = session
        .execute(
            "const canvas = document.createElement('canvas');
             canvas.width = canvas.height = 1;
             const ctx = canvas.getContext('2d', { willReadFrequently: true });
             for (const el of [document.querySelector('main'), document.body,
                               document.documentElement]) {
                 if (!el) continue;
                 const css = getComputedStyle(el).backgroundColor;
                 ctx.clearRect(0, 0, 1, 1);
                 ctx.fillStyle = 'rgba(0, 0, 0, 0)';
                 ctx.fillStyle = css;
                 ctx.fillRect(0, 0, 1, 1);
                 const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
                 if (a > 200) return [[r, g, b], el.tagName.toLowerCase() + ': ' + css];
             }
             return null;",
            vec![],
        )
        .await;
    serde_json::from_value::<Option<([u8; 3], String)>>(found)
        .unwrap()
        .expect("main, body or <html> has an opaque background colour")
}

/// WCAG relative luminance of an sRGB colour: 0 is black, 1 white.
pub fn luminance([r, g, b]: [u8; 3]) -> f64 {
    let linear = |channel: u8| {
        let c = f64::from(channel) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

/// Light or dark, as a person would call the page's background.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shade {
    Light,
    Dark,
}

/// Waits until the page's background is `shade`: luminance below 0.15 for dark (a dark grey
/// such as #2b2f36 is 0.03), above 0.5 for light (#f4f6f9 is 0.92).
pub async fn wait_for_shade(session: &Session, shade: Shade) {
    let probe = || async {
        let (rgb, css) = canvas_color(session).await;
        (css, luminance(rgb))
    };
    let matches = |(_, l): &(String, f64)| match shade {
        Shade::Dark => *l < 0.15,
        Shade::Light => *l > 0.5,
    };
    let what = format!("the page's background (CSS, luminance) is {shade:?}");
    session.wait_for(&what, probe, matches).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luminance_spans_black_to_white() {
        assert_eq!(luminance([0, 0, 0]), 0.0);
        assert!((luminance([255, 255, 255]) - 1.0).abs() < 1e-9);
        assert!(luminance([0xf4, 0xf6, 0xf9]) > 0.9);
        assert!(luminance([0x2b, 0x2f, 0x36]) < 0.05);
    }
}

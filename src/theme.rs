//! Light or dark: follows the system (`prefers-color-scheme`) unless the person picks one in the
//! top bar; the pick is remembered in localStorage ("theme"). The choice is one attribute on
//! `<html>` (`data-theme`); the style sheets define every colour once with `light-dark()`.

use crate::storage::{self, Store};
use leptos::prelude::*;

const STORAGE_KEY: &str = "theme";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    System,
    Light,
    Dark,
}

impl Theme {
    const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    fn tag(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    fn from_tag(tag: &str) -> Option<Theme> {
        Theme::ALL.into_iter().find(|theme| theme.tag() == tag)
    }

    fn name(self) -> String {
        match self {
            Theme::System => vendors::tr!("System", "跟随系统"),
            Theme::Light => vendors::tr!("Light", "浅色"),
            Theme::Dark => vendors::tr!("Dark", "深色"),
        }
    }

    /// The remembered theme, system when none.
    fn remembered() -> Theme {
        storage::get_text(Store::Local, STORAGE_KEY)
            .and_then(|tag| Theme::from_tag(&tag))
            .unwrap_or(Theme::System)
    }

    /// Applies the remembered theme to the page.
    pub fn start() {
        Theme::remembered().apply();
    }

    fn choose(self) {
        storage::set_text(Store::Local, STORAGE_KEY, self.tag());
        self.apply();
    }

    fn apply(self) {
        let Some(root) = web_sys::window()
            .and_then(|window| window.document())
            .and_then(|document| document.document_element())
        else {
            return;
        };
        let _ = match self {
            Theme::System => root.remove_attribute("data-theme"),
            Theme::Light | Theme::Dark => root.set_attribute("data-theme", self.tag()),
        };
    }
}

/// The theme select of the top bar.
#[component]
pub fn ThemeSwitch() -> impl IntoView {
    let current = Theme::remembered();
    view! {
        <label class="pref-switch">
            <span class="pref-label">{vendors::tr!("Theme", "主题")}</span>
            <select
                name="theme"
                on:change=move |event| {
                    if let Some(theme) = Theme::from_tag(&event_target_value(&event)) {
                        theme.choose();
                    }
                }
            >
                {Theme::ALL
                    .into_iter()
                    .map(|theme| {
                        view! {
                            <option value=theme.tag() selected=theme == current>
                                {theme.name()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

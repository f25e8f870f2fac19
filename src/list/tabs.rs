//! Tabs over one filter (DMS's "whose orders", say). Each tab is a link to the list with that
//! value at page 1, so a tab can be bookmarked or opened in a new tab and back/forward walk
//! through them. The arrow keys, Home and End move between tabs; Enter follows one.

use super::query::{ListUrl, QueryFilters};
use crate::widgets::field_frame::{problem_at, ProblemLine};
use crate::widgets::focus::input_id;
use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use vendors::Problem;
use wasm_bindgen::JsCast;

/// One tab: the filter value it selects and what it says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tab {
    pub value: &'static str,
    pub label: vendors::i18n::Text,
}

#[component]
pub fn FilterTabs<F: QueryFilters>(
    url: ListUrl<F>,
    /// Names the tab list, e.g. "Whose orders".
    #[prop(into)]
    label: String,
    /// The wire name of the filter, for its error line.
    name: &'static str,
    tabs: &'static [Tab],
    /// The value the URL selects, its default applied.
    selected: Signal<String>,
    /// Puts a tab's value into the filters.
    choose: fn(&mut F, &str),
    problems: Signal<Vec<Problem>>,
) -> impl IntoView {
    let none_selected = move || selected.with(|s| tabs.iter().all(|tab| tab.value != s));
    let links = tabs
        .iter()
        .enumerate()
        .map(|(index, tab)| {
            let value = tab.value;
            let is_selected = move || selected.with(|s| s == value);
            // One tab stop for the whole list: the selected tab (or the first, if none is).
            let tab_stop = move || {
                if is_selected() || (index == 0 && none_selected()) {
                    "0"
                } else {
                    "-1"
                }
            };
            view! {
                <a
                    role="tab"
                    class="filter-tab"
                    href=move || url.href_with(|filters| choose(filters, value))
                    aria-selected=move || is_selected().to_string()
                    tabindex=tab_stop
                >
                    {tab.label.get()}
                </a>
            }
        })
        .collect_view();
    let error = Signal::derive(move || problems.with(|p| problem_at(p, name)));
    let id = input_id(name);
    view! {
        <div class="filter-tabs">
            <div
                role="tablist"
                id=id.clone()
                aria-label=label
                aria-describedby=format!("{id}-error")
                on:keydown=move_between_tabs
            >
                {links}
            </div>
            <ProblemLine id message=error />
        </div>
    }
}

/// Arrow keys, Home and End move the focus between the tabs of the list the event is on.
fn move_between_tabs(event: KeyboardEvent) {
    let Some(list) = event
        .current_target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    let Ok(nodes) = list.query_selector_all("[role=tab]") else {
        return;
    };
    let tabs: Vec<web_sys::HtmlElement> = (0..nodes.length())
        .filter_map(|index| nodes.item(index)?.dyn_into().ok())
        .collect();
    let focused = document().active_element();
    let Some(current) = tabs
        .iter()
        .position(|tab| focused.as_ref() == Some(tab.unchecked_ref::<web_sys::Element>()))
    else {
        return;
    };
    let last = tabs.len() - 1;
    let next = match event.key().as_str() {
        "ArrowRight" => (current + 1) % tabs.len(),
        "ArrowLeft" => current.checked_sub(1).unwrap_or(last),
        "Home" => 0,
        "End" => last,
        _ => return,
    };
    event.prevent_default();
    let _ = tabs[next].focus();
}

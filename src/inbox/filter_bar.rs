//! The inbox's filters and sort: each change is a new URL (so it survives a reload and is a
//! link), and the list follows the URL.

use super::rows::{statuses, InboxFilters, InboxRow, MinAge, SortOrder};
use crate::config::BackendConfig;
use crate::list::query::{QueryFilters, UrlQuery};
use leptos::prelude::*;
use leptos_router::params::ParamsMap;
use vendors::{tr, Kind};

fn age_label(age: MinAge) -> String {
    match age {
        MinAge::Day => tr!("over 1 day", "超过 1 天"),
        MinAge::ThreeDays => tr!("over 3 days", "超过 3 天"),
        MinAge::Week => tr!("over 1 week", "超过 1 周"),
        MinAge::Month => tr!("over 30 days", "超过 30 天"),
    }
}

fn sort_label(order: SortOrder) -> String {
    match order {
        SortOrder::OldestFirst => tr!("Waiting longest first", "等待最久的在前"),
        SortOrder::NewestFirst => tr!("Newest first", "最新的在前"),
    }
}

/// One `<select>` over a filter: "all" (empty) and the options.
fn select(
    id: &'static str,
    label: String,
    all: String,
    options: Vec<(String, String)>,
    value: impl Fn() -> String + Send + Sync + 'static,
    set: impl Fn(String) + 'static,
) -> impl IntoView {
    let options = options
        .into_iter()
        .map(|(value, text)| view! { <option value=value>{text}</option> })
        .collect_view();
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select id=id prop:value=value on:change=move |event| set(event_target_value(&event))>
                <option value="">{all}</option>
                {options}
            </select>
        </div>
    }
}

#[component]
pub fn FilterBar(
    url: UrlQuery,
    filters: Memo<InboxFilters>,
    backends: Vec<BackendConfig>,
    rows: Memo<Vec<InboxRow>>,
) -> impl IntoView {
    let change = move |edit: &dyn Fn(&mut InboxFilters)| {
        let mut changed = filters.get_untracked();
        edit(&mut changed);
        let mut query = ParamsMap::new();
        changed.write_query(&mut query);
        url.go(&query);
    };
    let kinds: Vec<Kind> = backends.iter().map(|b| b.kind).collect();
    let backend_options = backends
        .iter()
        .map(|b| (b.id.clone(), b.label().to_string()))
        .collect();
    let kind_options = Kind::ALL
        .into_iter()
        .filter(|kind| kinds.contains(kind))
        .map(|kind| (kind.as_str().to_string(), kind.label().to_string()))
        .collect();
    let age_options = MinAge::ALL
        .into_iter()
        .map(|age| (age.as_str().to_string(), age_label(age)))
        .collect();
    // The statuses the queue holds, and the one the URL names even while it holds none of it.
    let status_options = move || {
        let mut options: Vec<(String, String)> = rows
            .with(|rows| statuses(rows))
            .into_iter()
            .map(|(kind, status, words)| {
                let text = crate::widgets::badge::badge_text(kind, &status, words.as_deref());
                (status, text)
            })
            .collect();
        let wanted = filters.with(|f| f.status.clone());
        if !wanted.is_empty() && !options.iter().any(|(value, _)| *value == wanted) {
            options.push((wanted.clone(), wanted));
        }
        options
            .into_iter()
            .map(|(value, text)| view! { <option value=value>{text}</option> })
            .collect_view()
    };
    let on_text = move |event: leptos::ev::Event| {
        let text = event_target_value(&event);
        change(&|f| f.text = text.clone());
    };
    view! {
        <form class="list-filters inbox-filters" aria-label=tr!("Filter the queue", "筛选待审批工单") on:submit=|event| event.prevent_default()>
            {select("inbox-backend", tr!("Back-end", "工单系统"), tr!("All back-ends", "全部工单系统"),
                backend_options, move || filters.with(|f| f.backend.clone()),
                move |value| change(&|f| f.backend = value.clone()))}
            {select("inbox-kind", tr!("Kind", "类型"), tr!("All kinds", "全部类型"),
                kind_options, move || filters.with(|f| f.kind.clone()),
                move |value| change(&|f| f.kind = value.clone()))}
            <div class="field">
                <label for="inbox-status">{tr!("Status", "状态")}</label>
                <select id="inbox-status" prop:value=move || filters.with(|f| f.status.clone())
                    on:change=move |event| {
                        let value = event_target_value(&event);
                        change(&|f| f.status = value.clone());
                    }>
                    <option value="">{tr!("All statuses", "全部状态")}</option>
                    {status_options}
                </select>
            </div>
            {select("inbox-age", tr!("Waiting", "已等待"), tr!("Any time", "不限"),
                age_options, move || filters.with(|f| f.age.clone()),
                move |value| change(&|f| f.age = value.clone()))}
            <div class="field">
                <label for="inbox-text">{tr!("Search", "搜索")}</label>
                <input id="inbox-text" type="search" prop:value=move || filters.with(|f| f.text.clone())
                    on:change=on_text />
            </div>
            <div class="field">
                <label for="inbox-sort">{tr!("Sort", "排序")}</label>
                <select id="inbox-sort" prop:value=move || filters.with(|f| f.order().as_str())
                    on:change=move |event| {
                        let value = event_target_value(&event);
                        change(&|f| f.sort = value.clone());
                    }>
                    {[SortOrder::OldestFirst, SortOrder::NewestFirst]
                        .into_iter()
                        .map(|order| view! { <option value=order.as_str()>{sort_label(order)}</option> })
                        .collect_view()}
                </select>
            </div>
        </form>
    }
}

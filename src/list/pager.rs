//! Paging controls: the count line, first/previous/next/last, a page number box and the
//! page-size select. Every move changes the URL; nothing here holds paging state of its own.

use super::query::PagingUrl;
use crate::widgets::field_frame::{problem_at, ProblemLine};
use crate::widgets::focus::input_id;
use leptos::prelude::*;
use vendors::{tr, Problem};

/// `12000` -> `12,000`.
pub fn group_thousands(number: u64) -> String {
    let digits = number.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}

#[component]
pub fn Pager(
    paging: PagingUrl,
    /// Pages in the last answer; unknown until one arrives.
    total_pages: Signal<Option<u64>>,
    problems: Signal<Vec<Problem>>,
) -> impl IntoView {
    let page_key = paging.spec.page_key;
    let page = Signal::derive(move || paging.request.get().map(|r| r.page).unwrap_or(1));
    let last = move || total_pages.get().unwrap_or(0).max(1);
    let at_start = move || page.get() <= 1;
    let at_end = move || total_pages.get().is_none_or(|total| page.get() >= total);
    let error = Signal::derive(move || problems.with(|p| problem_at(p, page_key)));
    let id = input_id(page_key);
    let typed = RwSignal::new(String::new());
    Effect::new(move || typed.set(paging.text(page_key).unwrap_or_else(|| "1".into())));
    let jump = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        paging.go_to_page_text(&typed.get_untracked());
    };
    view! {
        <nav class="pager" aria-label=tr!("Pages", "分页")>
            <button type="button" on:click=move |_| paging.go_to_page(1) disabled=at_start>
                {tr!("« First", "« 首页")}
            </button>
            <button
                type="button"
                on:click=move |_| paging.go_to_page(page.get_untracked().saturating_sub(1).max(1))
                disabled=at_start
            >
                {tr!("‹ Previous", "‹ 上一页")}
            </button>
            <form class="page-jump" on:submit=jump>
                <label for=id.clone()>{tr!("Page", "页码")}</label>
                <input
                    id=id.clone()
                    name=page_key
                    type="text"
                    inputmode="numeric"
                    size="5"
                    bind:value=typed
                    aria-invalid=move || error.with(Option::is_some).to_string()
                    aria-describedby=format!("{id}-error")
                />
                <span class="page-of">
                    {move || {
                        total_pages.get().map(|total| {
                            let total = group_thousands(total);
                            tr!("of {total}", "共 {total} 页")
                        })
                    }}
                </span>
                <button type="submit">{tr!("Go", "跳转")}</button>
                <ProblemLine id message=error />
            </form>
            <button
                type="button"
                on:click=move |_| paging.go_to_page(page.get_untracked() + 1)
                disabled=at_end
            >
                {tr!("Next ›", "下一页 ›")}
            </button>
            <button type="button" on:click=move |_| paging.go_to_page(last()) disabled=at_end>
                {tr!("Last »", "末页 »")}
            </button>
        </nav>
    }
}

#[component]
pub fn PageSizeSelect(paging: PagingUrl, problems: Signal<Vec<Problem>>) -> impl IntoView {
    let key = paging.spec.page_size_key;
    let default_size = paging.spec.default_page_size.to_string();
    let current = Memo::new(move |_| paging.text(key).unwrap_or_else(|| default_size.clone()));
    let error = Signal::derive(move || problems.with(|p| problem_at(p, key)));
    let id = input_id(key);
    // A size from the URL that is not offered (even a rejected one) is still shown as chosen.
    let choices = move || {
        let mut sizes: Vec<String> = paging
            .spec
            .page_sizes()
            .iter()
            .map(u64::to_string)
            .collect();
        let current = current.get();
        if !sizes.contains(&current) {
            sizes.push(current);
        }
        sizes
    };
    let on_change = move |event: leptos::ev::Event| {
        if let Ok(size) = event_target_value(&event).parse::<u64>() {
            paging.set_page_size(size);
        }
    };
    view! {
        <div class="page-size">
            <label for=id.clone()>{tr!("Rows per page", "每页条数")}</label>
            <select
                id=id.clone()
                name=key
                on:change=on_change
                prop:value=move || current.get()
                aria-invalid=move || error.with(Option::is_some).to_string()
                aria-describedby=format!("{id}-error")
            >
                {move || {
                    choices()
                        .into_iter()
                        .map(|size| {
                            let selected = size == current.get_untracked();
                            let value = size.clone();
                            view! {
                                <option value=value selected=selected>
                                    {size}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
            <ProblemLine id message=error />
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(12_000), "12,000");
        assert_eq!(group_thousands(1_234_567), "1,234,567");
    }
}

//! `ListView`: one list page of any back-end. It fetches what the URL asks for, and shows the
//! loading, invalid, failed, empty and loaded states, the count, the pager and the rows.

use super::batch::BatchState;
use super::batch_bar::BatchBar;
use super::columns::Column;
use super::csv::DownloadCsv;
use super::pager::{group_thousands, PageSizeSelect, Pager};
use super::perf::MARK_RENDERED;
use super::query::PagingUrl;
use super::table::WindowedTable;
use crate::perf::mark;
use crate::ticket_ops::Decide;
use leptos::prelude::*;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use vendors::{tr, Kind, Page, Problem, VendorError};

/// What the list shows right now.
#[derive(Debug, Clone)]
enum ListState {
    /// The URL holds values the back-end would reject; nothing was sent.
    Invalid(Vec<Problem>),
    Loading,
    Failed(VendorError),
    Loaded(Arc<Page>),
}

impl PartialEq for ListState {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (ListState::Invalid(a), ListState::Invalid(b)) => a == b,
            (ListState::Loading, ListState::Loading) => true,
            (ListState::Failed(a), ListState::Failed(b)) => a == b,
            // The same answer, not merely equal rows: a retry that brings the same rows redraws.
            (ListState::Loaded(a), ListState::Loaded(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

/// An answer, with the request and attempt it belongs to, so a stale answer is never shown
/// for a newer request.
#[derive(Clone)]
struct Answer<Q> {
    request: Option<Q>,
    attempt: u32,
    result: Option<Result<Arc<Page>, VendorError>>,
}

/// A list of tickets from any back-end.
///
/// `request` is the back-end's call input built from the URL (`Err` holds every invalid value;
/// then nothing is sent); `fetch` turns it into a page, usually via
/// [`fetch_page`](super::fetch_page).
#[component]
pub fn ListView<Q, Fut, Fetch>(
    request: Memo<Result<Q, Vec<Problem>>>,
    fetch: Fetch,
    columns: Vec<Column>,
    paging: PagingUrl,
    kind: Kind,
    /// Names the table, e.g. "ITSM tickets".
    #[prop(into)]
    label: String,
    /// Takes a decision on one ticket: given, the rows get a selection column and the list a
    /// bar for batch decisions.
    #[prop(optional)]
    decide: Option<Decide>,
) -> impl IntoView
where
    Q: Clone + PartialEq + Send + Sync + 'static,
    Fut: Future<Output = Result<Page, VendorError>> + 'static,
    Fetch: Fn(Q) -> Fut + 'static,
{
    // After this task: the list's request is out by then.
    set_timeout(crate::i18n::prepare_date_time, Duration::ZERO);
    let attempt = RwSignal::new(0_u32);
    let answers = LocalResource::new(move || {
        let wanted = request.get().ok();
        let attempt = attempt.get();
        let pending = wanted.clone().map(&fetch);
        async move {
            let result = match pending {
                Some(future) => Some(future.await.map(Arc::new)),
                None => None,
            };
            Answer {
                request: wanted,
                attempt,
                result,
            }
        }
    });
    let state = Memo::new(move |_| match request.get() {
        Err(problems) => ListState::Invalid(problems),
        Ok(wanted) => match answers.get() {
            Some(Answer {
                request: Some(answered),
                attempt: answered_attempt,
                result: Some(result),
            }) if answered == wanted && answered_attempt == attempt.get() => match result {
                Ok(page) => ListState::Loaded(page),
                Err(error) => ListState::Failed(error),
            },
            _ => ListState::Loading,
        },
    });

    // The pager keeps the last known page count while the next page loads.
    let total_pages = RwSignal::new(None::<u64>);
    Effect::new(move || {
        if let ListState::Loaded(page) = state.get() {
            total_pages.set(Some(page.total_pages()));
            request_animation_frame(|| mark(MARK_RENDERED));
        }
    });
    let problems = Signal::derive(move || match state.get() {
        ListState::Invalid(problems) => problems,
        _ => Vec::new(),
    });

    let batch = decide.as_ref().map(|_| BatchState::new());
    if let Some(batch) = batch {
        // A new page on screen starts with nothing selected.
        Effect::new(move || {
            if let ListState::Loaded(page) = state.get() {
                batch.reset_selection(page.items.len());
            }
        });
    }
    let columns = Arc::new(columns);
    let csv_columns = columns.clone();
    let loaded = Signal::derive(move || match state.get() {
        ListState::Loaded(page) if !page.items.is_empty() => Some(page),
        _ => None,
    });
    let body = move || match state.get() {
        ListState::Invalid(problems) => invalid_view(problems),
        ListState::Loading => view! {
            <p class="list-loading" role="status">
                <span class="spinner" aria-hidden="true"></span>
                {tr!("Loading tickets…", "正在加载工单…")}
            </p>
        }
        .into_any(),
        ListState::Failed(error) => {
            let said = error.said_by(kind.short_label());
            view! {
                <div class="list-error" role="alert">
                    <p class="list-error-title">{tr!("The tickets could not be loaded.", "无法加载工单列表。")}</p>
                    <p class="error-message">{said}</p>
                    <button type="button" on:click=move |_| attempt.update(|n| *n += 1)>
                        {tr!("Retry", "重试")}
                    </button>
                </div>
            }
            .into_any()
        }
        ListState::Loaded(page) => {
            let bar = match (&decide, batch) {
                (Some(decide), Some(state)) if !page.items.is_empty() => Some(view! {
                    <BatchBar state page=Signal::stored(page.clone()) decide=decide.clone() />
                }),
                _ => None,
            };
            view! {
                {bar}
                {loaded_view(&page, paging, columns.clone(), label.clone(), batch)}
            }
            .into_any()
        }
    };

    view! {
        <div class="list-view">
            <div class="list-toolbar">
                <p class="list-total" role="status">{move || summary(&state.get())}</p>
                <Pager paging total_pages=total_pages.into() problems />
                <PageSizeSelect paging problems />
                <DownloadCsv page=loaded columns=csv_columns kind />
            </div>
            {body}
        </div>
    }
}

/// "12,000 tickets · page 2 of 1,200", or nothing until an answer is in.
fn summary(state: &ListState) -> String {
    match state {
        ListState::Loaded(page) => {
            let total = group_thousands(page.total);
            let number = group_thousands(page.page);
            let pages = group_thousands(page.total_pages().max(1));
            if page.total == 1 {
                tr!(
                    "{total} ticket · page {number} of {pages}",
                    "共 {total} 条 · 第 {number}/{pages} 页"
                )
            } else {
                tr!(
                    "{total} tickets · page {number} of {pages}",
                    "共 {total} 条 · 第 {number}/{pages} 页"
                )
            }
        }
        _ => String::new(),
    }
}

fn invalid_view(problems: Vec<Problem>) -> AnyView {
    view! {
        <div class="list-invalid" role="alert">
            <p>
                {tr!(
                    "Some filters are not valid, so nothing was sent. Fix the marked fields:",
                    "部分筛选条件无效，因此没有发送查询。请修正标出的字段："
                )}
            </p>
            <ul>
                {problems
                    .into_iter()
                    .map(|problem| view! { <li data-path=problem.path>{problem.message}</li> })
                    .collect_view()}
            </ul>
        </div>
    }
    .into_any()
}

fn loaded_view(
    page: &Arc<Page>,
    paging: PagingUrl,
    columns: Arc<Vec<Column>>,
    label: String,
    batch: Option<BatchState>,
) -> AnyView {
    let last = page.total_pages();
    if page.items.is_empty() && page.total > 0 && page.page > last {
        let (number, last_number) = (group_thousands(page.page), group_thousands(last));
        let text = tr!(
            "Page {number} is past the last page, {last_number}.",
            "第 {number} 页超出了最后一页（第 {last_number} 页）。"
        );
        return view! {
            <div class="list-empty" role="status">
                <p>{text}</p>
                <button type="button" on:click=move |_| paging.go_to_page(last)>
                    {tr!("Go to the last page", "转到最后一页")}
                </button>
            </div>
        }
        .into_any();
    }
    if page.items.is_empty() {
        return view! {
            <p class="list-empty" role="status">
                {tr!("No tickets match these filters.", "没有符合筛选条件的工单。")}
            </p>
        }
        .into_any();
    }
    view! { <WindowedTable page=page.clone() columns label batch /> }.into_any()
}

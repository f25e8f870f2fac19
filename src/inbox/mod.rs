//! `/inbox`: every ticket waiting for the current user on every enabled instance, in one list.
//! Each instance is asked on its own (through its `TicketOps::waiting`), so its rows show as
//! soon as it answers and a slow or failing one holds back nobody else. The queue refreshes in
//! the background; tickets that arrive meanwhile are announced, not slipped under the pointer.
//! Decisions, single or batch, run through the owning instance's `decide`.

mod columns;
mod filter_bar;
mod notify;
pub mod rows;
mod source;

use crate::config::BackendConfig;
use crate::list::batch::{BatchState, RowOutcome};
use crate::list::batch_bar::BatchBar;
use crate::list::pager::group_thousands;
use crate::list::query::{QueryFilters, UrlQuery};
use crate::list::table::WindowedTable;
use crate::perf::mark;
use crate::ticket_ops::{Decide, DecideError};
use crate::use_config;
use columns::inbox_columns;
use filter_bar::FilterBar;
use leptos::prelude::*;
use rows::{split_key, visible, InboxFilters, InboxRow};
use source::{Answer, Source, SourceLine};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use vendors::{tr, Page, VendorError};
use wasm_bindgen::JsCast;

/// Most tickets asked of one instance: the queue is a working list, not an archive.
pub const PER_INSTANCE_LIMIT: u64 = 1000;
/// Background refresh while the page is open.
const REFRESH_EVERY_MS: u32 = 120_000;
/// Back to the tab after this long away: refresh at once.
const STALE_AFTER_MS: f64 = 30_000.0;

/// User Timing marks the inbox benchmark (`e2e` `bench_inbox`) reads: the first rows drawn,
/// every instance answered, and each merge of the answers into the filtered, sorted queue
/// (the start mark comes before the merged rows are read, so a new answer's merge is inside).
pub const MARK_FIRST_ROWS: &str = "inbox:first-rows";
pub const MARK_ALL_LOADED: &str = "inbox:all-loaded";
pub const MARK_MERGE_START: &str = "inbox:merge-start";
pub const MARK_MERGE_END: &str = "inbox:merge-end";

/// A decision on a row goes to the instance its key names.
fn decide_by_instance(sources: &[Source]) -> Decide {
    let by_instance: HashMap<String, Decide> = sources
        .iter()
        .map(|s| (s.backend.id.clone(), s.ops.decide.clone()))
        .collect();
    Arc::new(move |key: String, request| {
        let (instance, id) = split_key(&key);
        match by_instance.get(instance) {
            Some(decide) => decide(id.to_string(), request),
            None => {
                let error =
                    VendorError::new(0, "NOT_FOUND", tr!("No such back-end", "没有此工单系统"));
                Box::pin(async move { Err(DecideError::NotSent(error)) })
            }
        }
    })
}

#[component]
pub fn InboxPage() -> impl IntoView {
    let config = use_config();
    let sources: Vec<Source> = config.enabled().map(Source::new).collect();
    let sources = Arc::new(sources);
    let last_load = StoredValue::new(0.0_f64);
    let load_all = {
        let sources = sources.clone();
        move |quiet: bool| {
            last_load.set_value(js_sys::Date::now());
            sources.iter().for_each(|source| source.load(quiet));
        }
    };
    // Who the user is on each instance is settled on other pages (a user name, a login): the
    // inbox asks afresh each time it is opened, and on the refreshes below.
    load_all(false);
    {
        let refresh = load_all.clone();
        let timer = gloo_timers::callback::Interval::new(REFRESH_EVERY_MS, move || refresh(true));
        let focus_refresh = load_all.clone();
        let focus = window_event_listener(leptos::ev::focus, move |_| {
            if js_sys::Date::now() - last_load.get_value() > STALE_AFTER_MS {
                focus_refresh(true);
            }
        });
        let timer = send_wrapper::SendWrapper::new(timer);
        on_cleanup(move || {
            drop(timer);
            focus.remove();
        });
    }

    let url = UrlQuery::current();
    // A back-end or kind the URL names but this deployment does not have (a bookmark from
    // before an instance was removed) filters nothing, as its select then shows "all".
    let known: Vec<(String, &'static str)> = sources
        .iter()
        .map(|s| (s.backend.id.clone(), s.backend.kind.as_str()))
        .collect();
    let filters = Memo::new(move |_| {
        let mut filters = url.with(InboxFilters::from_query);
        if !known.iter().any(|(id, _)| *id == filters.backend) {
            filters.backend.clear();
        }
        if !known.iter().any(|(_, kind)| *kind == filters.kind) {
            filters.kind.clear();
        }
        filters
    });
    // Rows decided from here leave the queue.
    let decided = RwSignal::new(HashSet::<String>::new());
    let all_rows = {
        let sources = sources.clone();
        Memo::new(move |_| {
            decided.with(|decided| {
                sources
                    .iter()
                    .filter_map(|source| match source.answer.get() {
                        Answer::Loaded { rows, .. } => Some(rows),
                        _ => None,
                    })
                    .flat_map(|rows| rows.iter().cloned().collect::<Vec<_>>())
                    .filter(|row| !decided.contains(&row.row.id))
                    .collect::<Vec<InboxRow>>()
            })
        })
    };
    let page = Memo::new(move |_| {
        mark(MARK_MERGE_START);
        let items = all_rows.with(|rows| filters.with(|f| visible(rows, f, js_sys::Date::now())));
        mark(MARK_MERGE_END);
        let total = items.len() as u64;
        Arc::new(Page {
            items,
            page: 1,
            page_size: total.max(1),
            total,
        })
    });

    let batch = BatchState::new();
    // Rows stay ticked while the queue changes under them (another instance answers, a row is
    // decided): the selection follows the keys, not the positions.
    Effect::new(move |before: Option<Arc<Page>>| {
        let now = page.get();
        let ticked: HashSet<String> = match &before {
            Some(before) => batch.selected.with_untracked(|selected| {
                before
                    .items
                    .iter()
                    .zip(selected)
                    .filter(|(_, on)| **on)
                    .map(|(row, _)| row.id.clone())
                    .collect()
            }),
            None => HashSet::new(),
        };
        batch.reset_selection(now.items.len());
        batch.selected.set(
            now.items
                .iter()
                .map(|row| ticked.contains(&row.id))
                .collect(),
        );
        now
    });
    // When a run ends, its applied decisions take their rows out of the queue.
    Effect::new(move || {
        let ended = batch.progress.with(|p| p.decision.is_some() && !p.running);
        if ended {
            let done: Vec<String> = batch.outcomes.with_untracked(|outcomes| {
                outcomes
                    .iter()
                    .filter(|(_, outcome)| matches!(outcome, RowOutcome::Done(..)))
                    .map(|(key, _)| key.clone())
                    .collect()
            });
            decided.update(|decided| decided.extend(done));
        }
    });
    let any_rows = {
        let sources = sources.clone();
        move || {
            sources.iter().any(
                |s| matches!(s.answer.get(), Answer::Loaded { ref rows, .. } if !rows.is_empty()),
            )
        }
    };
    {
        let sources = sources.clone();
        let any_rows = any_rows.clone();
        let (first_marked, all_marked) = (StoredValue::new(false), StoredValue::new(false));
        Effect::new(move || {
            if any_rows() && !first_marked.get_value() {
                first_marked.set_value(true);
                request_animation_frame(|| mark(MARK_FIRST_ROWS));
            }
            let all = sources
                .iter()
                .all(|s| !matches!(s.answer.get(), Answer::Loading));
            if all && !all_marked.get_value() {
                all_marked.set_value(true);
                request_animation_frame(|| mark(MARK_ALL_LOADED));
            }
        });
    }

    let labels: Arc<HashMap<String, String>> = Arc::new(
        sources
            .iter()
            .map(|s| (s.backend.id.clone(), s.backend.label().to_string()))
            .collect(),
    );
    let columns = Arc::new(inbox_columns(labels));
    let decide = decide_by_instance(&sources);
    // Held-back background answers: whether any waits, and how many new tickets in them the
    // filters would show (a new ITSM ticket is no news on a DMS-only view).
    let holding = {
        let sources = sources.clone();
        Memo::new(move |_| sources.iter().any(Source::holds))
    };
    let new_count = {
        let sources = sources.clone();
        Memo::new(move |_| {
            let new: Vec<InboxRow> = sources.iter().flat_map(Source::new_rows).collect();
            filters.with(|f| visible(&new, f, js_sys::Date::now()).len())
        })
    };
    // A desktop notification when more new tickets arrive (if asked for, tab hidden).
    Effect::new(move |before: Option<usize>| {
        let now = new_count.get();
        if now > before.unwrap_or(0) {
            notify::new_tickets(now);
        }
        now
    });
    let show_new = {
        let sources = sources.clone();
        move |_| {
            sources.iter().for_each(Source::show_held);
            // The button is gone with the notice: the focus goes to the rows it showed.
            request_animation_frame(|| {
                let viewport = document().query_selector(".inbox-page .table-viewport");
                if let Ok(Some(viewport)) = viewport {
                    if let Ok(viewport) = viewport.dyn_into::<web_sys::HtmlElement>() {
                        let _ = viewport.focus();
                    }
                }
            });
        }
    };
    let refresh = load_all.clone();
    let table = move || {
        let page = page.get();
        if page.items.is_empty() {
            let words = if all_rows.with(Vec::is_empty) {
                tr!("Nothing is waiting for you.", "没有待您审批的工单。")
            } else {
                tr!(
                    "No waiting tickets match these filters.",
                    "没有符合筛选条件的待审批工单。"
                )
            };
            return view! { <p class="list-empty" role="status">{words}</p> }.into_any();
        }
        view! {
            <WindowedTable
                page
                columns=columns.clone()
                label=tr!("Tickets waiting for me", "待我审批的工单")
                batch=Some(batch)
            />
        }
        .into_any()
    };
    // The bar stays while the queue changes under it, so a run's summary ("3 approved, 1
    // failed: see its row.") stays in place, also once every row it decided has left.
    let show_bar = Memo::new(move |_| {
        page.with(|p| !p.items.is_empty()) || batch.progress.with(|p| p.decision.is_some())
    });
    let bar = move || {
        show_bar
            .get()
            .then(|| view! { <BatchBar state=batch page decide=decide.clone() /> })
    };
    let instance_lines = sources
        .iter()
        .map(|source| view! { <SourceLine source=source.clone() /> })
        .collect_view();
    let backends: Vec<BackendConfig> = sources.iter().map(|s| s.backend.clone()).collect();
    view! {
        <section class="list-page inbox-page">
            <h1>{tr!("Waiting for me", "待我审批")}</h1>
            <ul class="inbox-sources">{instance_lines}</ul>
            <FilterBar url filters backends rows=all_rows />
            // Always in the page, so screen readers announce what appears in it.
            <div class="inbox-news" role="status">
                {move || holding.get().then(|| {
                    let text = match new_count.get() {
                        0 => tr!("The queue changed", "待审批工单有变化"),
                        1 => tr!("1 new", "1 条新工单"),
                        n => tr!("{n} new", "{n} 条新工单"),
                    };
                    view! {
                        <p class="inbox-new">
                            {text}
                            " "
                            <button type="button" class="show-new" on:click=show_new.clone()>{tr!("Show", "显示")}</button>
                        </p>
                    }
                })}
            </div>
            <div class="list-toolbar">
                <p class="list-total" role="status">
                    {move || {
                        let total = group_thousands(page.with(|p| p.total));
                        tr!("{total} waiting", "共 {total} 条待审批")
                    }}
                </p>
                // Asks every instance again; new tickets are announced, as on the timer.
                <button type="button" class="refresh" on:click=move |_| refresh(true)>
                    {tr!("Refresh", "刷新")}
                </button>
                <notify::NotifyToggle />
            </div>
            <div class="list-view">{bar}{table}</div>
        </section>
    }
}

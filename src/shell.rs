//! The frame around every page: top bar, navigation per enabled back-end, routes, error pages.

use crate::app_base;
use crate::backends;
use crate::config::{AppConfig, BackendConfig};
use crate::error_pages::NotFound;
use crate::i18n::LanguageSwitch;
use crate::list::pager::group_thousands;
use crate::pages::{self, page};
use crate::perf::mark;
use crate::theme::ThemeSwitch;
use crate::ticket_ops::{CountFuture, WaitingChanged, WaitingCounts};
use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::hooks::use_location;
use leptos_router::path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use vendors::tr;

/// User Timing mark the first-visit benchmark (`e2e` `bench_first_visit`) reads: the first
/// animation frame in which the shell and its home page are in the document (the one that paints
/// them), as `list:rendered` is for rows.
pub const MARK_SHELL_READY: &str = "shell:ready";

/// Whether this page load has marked [`MARK_SHELL_READY`]: the benchmark times the first Home
/// shown, not each return to it.
static SHELL_MARKED: AtomicBool = AtomicBool::new(false);

/// How many frames a built Home may take to enter the document (about 10 s at 60 Hz): one
/// replaced before its first frame (a language switch, a navigation) never enters it.
const FRAMES_TO_WAIT: u32 = 600;

/// Marks [`MARK_SHELL_READY`], once per page load, in the first frame in which `page` is in the
/// document. Checked frame by frame: the router may put a page into the document some time
/// after building it (when its effects have already run).
pub fn mark_ready_when_shown(page: web_sys::Node) {
    wait_until_shown(page, FRAMES_TO_WAIT);
}

fn wait_until_shown(page: web_sys::Node, frames_left: u32) {
    if frames_left == 0 || SHELL_MARKED.load(Ordering::Relaxed) {
        return;
    }
    request_animation_frame(move || {
        if !page.is_connected() {
            wait_until_shown(page, frames_left - 1);
        } else if !SHELL_MARKED.swap(true, Ordering::Relaxed) {
            mark(MARK_SHELL_READY);
        }
    });
}

#[component]
pub fn Shell(config: AppConfig) -> impl IntoView {
    let backends: Vec<BackendConfig> = config.enabled().cloned().collect();
    provide_context(config);
    provide_context(WaitingChanged(RwSignal::new(0)));
    let counts: Vec<(BackendConfig, RwSignal<Option<u64>>)> = backends
        .into_iter()
        .map(|backend| {
            let count = waiting_count(&backend);
            (backend, count)
        })
        .collect();
    provide_context(WaitingCounts(Arc::new(
        counts
            .iter()
            .map(|(backend, count)| (backend.id.clone(), *count))
            .collect(),
    )));
    let total = waiting_total(counts.iter().map(|(_, count)| *count).collect());
    title_follows(total);
    view! {
        <Router base=app_base::base()>
            <SkipLink />
            <header class="topbar">
                <A href=app_base::href("/") exact=true attr:class="brand">{crate::APP_NAME.get()}</A>
                <nav aria-label=tr!("Back-ends", "工单系统")>
                    <ul class="backend-nav">
                        <InboxNav total />
                        {counts.into_iter().map(|(backend, count)| view! { <BackendNav backend count /> }).collect_view()}
                    </ul>
                </nav>
                <div class="prefs">
                    <LanguageSwitch />
                    <ThemeSwitch />
                </div>
            </header>
            <main id="main" tabindex="-1">
                <Routes fallback=|| view! { <NotFound what=tr!("This page", "此页面") /> }>
                    <Route path=path!("/") view=pages::Home />
                    <Route path=path!("/inbox") view={page!(Inbox, crate::inbox::InboxPage)} />
                    <Route path=path!("/:backend/new") view={page!(Create, pages::CreatePage)} />
                    <Route path=path!("/:backend/tickets") view={page!(List, pages::ListPage)} />
                    <Route path=path!("/:backend/tickets/:ticket") view={page!(Detail, pages::DetailPage)} />
                    <Route path=path!("/:backend/waiting") view={page!(Waiting, pages::WaitingPage)} />
                </Routes>
            </main>
        </Router>
    }
}

/// To the page's content, past the navigation. The address is the page's own, whole: the
/// `<base>` element would make a bare `#main` point at the app's start page.
#[component]
fn SkipLink() -> impl IntoView {
    let location = use_location();
    let href = move || {
        let (path, search) = (location.pathname.get(), location.search.get());
        let query = if search.is_empty() { "" } else { "?" };
        format!("{path}{query}{search}#main")
    };
    view! { <a class="skip-link" href=href>{tr!("Skip to content", "跳到正文")}</a> }
}

/// The count badge of a waiting link, once known.
fn count_badge(count: Option<u64>) -> Option<impl IntoView> {
    count.map(|n| {
        view! {
            <span class="waiting-count" aria-label=tr!("{n} waiting", "{n} 条待审批")>{group_thousands(n)}</span>
        }
    })
}

/// The inbox, first in the navigation: everything waiting for the user, on every instance.
#[component]
fn InboxNav(total: Signal<Option<u64>>) -> impl IntoView {
    view! {
        <li class="backend-nav-item inbox-nav">
            <A href=app_base::href("/inbox") attr:class="waiting-link inbox-link">
                {tr!("Waiting for me", "待我审批")}
                {move || count_badge(total.get())}
            </A>
        </li>
    }
}

/// The sum of the instances' counts that are known; `None` while none is.
fn waiting_total(counts: Vec<RwSignal<Option<u64>>>) -> Signal<Option<u64>> {
    Signal::derive(move || {
        counts
            .iter()
            .filter_map(|count| count.get())
            .reduce(|a, b| a + b)
    })
}

/// The tab's title says how many tickets wait: "(12) Ticket Desk".
fn title_follows(total: Signal<Option<u64>>) {
    Effect::new(move || {
        let name = crate::APP_NAME.get();
        let title = match total.get() {
            Some(n) if n > 0 => format!("({}) {name}", group_thousands(n)),
            _ => name.to_string(),
        };
        document().set_title(&title);
    });
}

#[component]
fn BackendNav(backend: BackendConfig, count: RwSignal<Option<u64>>) -> impl IntoView {
    let new_href = app_base::instance_href(&backend.id, "new");
    let list_href = app_base::instance_href(&backend.id, "tickets");
    let waiting_href = app_base::instance_href(&backend.id, "waiting");
    view! {
        <li class="backend-nav-item" data-backend=backend.id.clone()>
            <span class="backend-name">{backend.label().to_string()}</span>
            <A href=new_href>{tr!("New ticket", "新建工单")}</A>
            <A href=list_href>{tr!("Tickets", "工单列表")}</A>
            <A href=waiting_href attr:class="waiting-link">
                {tr!("Waiting for me", "待我审批")}
                {move || count_badge(count.get())}
            </A>
        </li>
    }
}

/// How many tickets wait for the user on this instance, counted afresh after a decision, a new
/// user name or a login; `None` while unknown (no user name or session yet, or a failure: the
/// pages themselves say what went wrong). A page may report a newer total in between
/// ([`WaitingCounts::set`]).
fn waiting_count(backend: &BackendConfig) -> RwSignal<Option<u64>> {
    let backend = backend.clone();
    let changed = expect_context::<WaitingChanged>();
    let counted = LocalResource::new(move || {
        changed.0.track();
        let backend = backend.clone();
        async move {
            // The shell and its page paint first; the counting part loads after.
            after_next_paint().await;
            count_waiting(backend).await
        }
    });
    let count = RwSignal::new(None);
    Effect::new(move || {
        if let Some(counted) = counted.get() {
            count.set(counted);
        }
    });
    count
}

/// Resolves once the browser has painted the next frame (a task after its frame callback).
async fn after_next_paint() {
    let painted = js_sys::Promise::new(&mut |resolve, _reject| {
        request_animation_frame(move || {
            set_timeout(
                move || {
                    let _ = resolve.call0(&wasm_bindgen::JsValue::UNDEFINED);
                },
                std::time::Duration::ZERO,
            );
        });
    });
    let _ = wasm_bindgen_futures::JsFuture::from(painted).await;
}

/// One instance's waiting total, asked with a one-row page (the total comes with it); `None`
/// while unknown, also when the counting part could not be fetched.
async fn count_waiting(backend: BackendConfig) -> Option<u64> {
    #[cfg(feature = "split")]
    let asked = ask_waiting(backend).await;
    #[cfg(not(feature = "split"))]
    let asked = ask_waiting(backend);
    asked.ok()??.await
}

/// The call behind [`count_waiting`]: its own wasm part under `split`, as the vendors' calls and
/// decoders are not needed to show the shell. Fallible, unlike `#[lazy]`: a part that cannot be
/// fetched leaves the badge out instead of stopping the app.
#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(count_waiting, wasm_split_path = ::leptos::wasm_split, fallible)
)]
fn ask_waiting(backend: BackendConfig) -> Result<Option<CountFuture>, SplitLoaderError> {
    Ok(backends::count_waiting(&backend))
}

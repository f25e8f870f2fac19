//! Route targets. Each back-end page looks its back-end up in the config by the `:backend` segment.

use crate::app_base;
use crate::backends;
use crate::config::BackendConfig;
use crate::error_pages::NotFound;
use crate::list::ListScope;
use crate::use_config;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};
use vendors::i18n::join_chinese;
use vendors::tr;

#[component]
pub fn Home() -> impl IntoView {
    let config = use_config();
    let page = NodeRef::<leptos::html::Section>::new();
    page.on_load(|section| crate::shell::mark_ready_when_shown(section.into()));
    view! {
        <section class="home" node_ref=page>
            <h1>{crate::APP_NAME.get()}</h1>
            <p>
                {tr!(
                    "File a ticket or review the queue on any of your ticketing back-ends.",
                    "在任一工单系统上提交工单，或审阅待处理的工单。"
                )}
            </p>
            <ul class="backend-cards">
                {config
                    .enabled()
                    .map(|b| {
                        view! {
                            <li class="backend-card">
                                <h2>{b.label().to_string()}</h2>
                                <A href=app_base::instance_href(&b.id, "new")>{tr!("File a ticket", "新建工单")}</A>
                                <A href=app_base::instance_href(&b.id, "tickets")>{tr!("Review tickets", "查看工单")}</A>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

/// The enabled back-end named by the route, as a signal so the page follows navigation.
fn use_backend() -> Signal<Option<BackendConfig>> {
    let config = use_config();
    let params = use_params_map();
    Signal::derive(move || {
        params.with(|p| p.get("backend").and_then(|id| config.backend(&id).cloned()))
    })
}

#[component]
pub fn CreatePage() -> impl IntoView {
    backend_page(
        "create-page",
        |b| {
            let label = b.label();
            let zh = join_chinese(&["新建", label, "工单"]);
            tr!("New {label} ticket", "{zh}")
        },
        backends::create_page,
    )
}

/// The list's first calls, sent now: under `split` when its route is entered (the `lazy`
/// routes' data step), so the answers are on their way while the list's module loads; without
/// it, by the page itself, which then takes them at once.
fn send_first_list_calls(scope: ListScope) {
    let Some(backend) = use_backend().get_untracked() else {
        return;
    };
    let query = use_query_map().get_untracked();
    for call in backends::first_list_calls(&backend, scope, &query) {
        crate::api::send_early(&backend.base_url, call);
    }
}

#[component]
pub fn ListPage() -> impl IntoView {
    #[cfg(not(feature = "split"))]
    send_first_list_calls(ListScope::All);
    backend_page(
        "list-page",
        |b| {
            let label = b.label();
            let zh = join_chinese(&[label, "工单列表"]);
            tr!("{label} tickets", "{zh}")
        },
        |b| backends::list_page(b, ListScope::All),
    )
}

#[component]
pub fn WaitingPage() -> impl IntoView {
    #[cfg(not(feature = "split"))]
    send_first_list_calls(ListScope::WaitingForMe);
    backend_page(
        "list-page waiting-page",
        |b| {
            let label = b.label();
            tr!("{label}: waiting for me", "{label}：待我审批")
        },
        |b| backends::list_page(b, ListScope::WaitingForMe),
    )
}

/// One ticket of an instance: `/:backend/tickets/:ticket`.
#[component]
pub fn DetailPage() -> impl IntoView {
    let backend = use_backend();
    let params = use_params_map();
    move || {
        let ticket = params.with(|p| p.get("ticket")).unwrap_or_default();
        match backend.get() {
            Some(b) => {
                let (id, kind) = (b.id.clone(), b.kind.as_str());
                view! {
                    <section class="detail-page" data-backend=id data-kind=kind>
                        {backends::detail_page(b, ticket)}
                    </section>
                }
                .into_any()
            }
            None => view! { <NotFound what=tr!("This back-end", "此工单系统") /> }.into_any(),
        }
    }
}

/// The page of the instance named by the route, or "not found" when no enabled instance has
/// that id.
fn backend_page(
    class: &'static str,
    title: fn(&BackendConfig) -> String,
    body: impl Fn(BackendConfig) -> AnyView + Send + Sync + 'static,
) -> impl IntoView {
    let backend = use_backend();
    move || match backend.get() {
        Some(b) => {
            let (id, heading) = (b.id.clone(), title(&b));
            let kind = b.kind.as_str();
            view! {
                <section class=class data-backend=id data-kind=kind>
                    <h1>{heading}</h1>
                    {body(b)}
                </section>
            }
            .into_any()
        }
        None => view! { <NotFound what=tr!("This back-end", "此工单系统") /> }.into_any(),
    }
}

/// What a route shows: under `split` the page's lazily loaded part (`page!(Create, CreatePage)`
/// names [`lazy::Create`]), else the page itself.
#[cfg(feature = "split")]
macro_rules! page {
    ($part:ident, $page:path) => {
        ::leptos_router::Lazy::<$crate::pages::lazy::$part>::new()
    };
}
#[cfg(not(feature = "split"))]
macro_rules! page {
    ($part:ident, $page:path) => {
        $page
    };
}
pub(crate) use page;

/// Every page but Home as its own wasm module, fetched on its first visit (`--features split`,
/// which a Trunk build with the splitter turns on): the first visit loads the shell and Home only.
/// Without the feature the routes take the pages themselves, so builds without the splitter
/// (the browser tests) start.
#[cfg(feature = "split")]
pub mod lazy {
    use super::{send_first_list_calls, CreatePage, DetailPage, ListPage, WaitingPage};
    use crate::inbox::InboxPage;
    use crate::list::ListScope;
    use leptos::prelude::*;
    use leptos_router::{lazy_route, LazyRoute};

    macro_rules! lazy_page {
        ($route:ident, $page:ident) => {
            lazy_page!($route, $page, {});
        };
        // `$early` runs when the route is entered, in the app's start module, while the
        // page's own module is still being fetched.
        ($route:ident, $page:ident, $early:expr) => {
            pub struct $route;

            #[lazy_route]
            impl LazyRoute for $route {
                fn data() -> Self {
                    $early;
                    $route
                }

                fn view(this: Self) -> AnyView {
                    let $route = this;
                    view! { <$page /> }.into_any()
                }
            }
        };
    }

    lazy_page!(Inbox, InboxPage);
    lazy_page!(Create, CreatePage);
    lazy_page!(List, ListPage, send_first_list_calls(ListScope::All));
    lazy_page!(
        Waiting,
        WaitingPage,
        send_first_list_calls(ListScope::WaitingForMe)
    );
    lazy_page!(Detail, DetailPage);
}

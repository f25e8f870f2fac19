//! Pages shown instead of content: the start-up error (config.json missing or malformed) and
//! "not found" for a route or back-end that does not exist.

use crate::config::CONFIG_URL;
use leptos::prelude::*;
use leptos_router::components::A;
use vendors::tr;

/// Shown instead of a blank screen when config.json is missing or malformed.
#[component]
pub fn StartupError(message: String) -> impl IntoView {
    let example = r#"{"backends": [{"id": "itsm", "kind": "itsm", "label": "BlueKing ITSM", "base_url": "/proxy/itsm"}]}"#;
    view! {
        <main class="startup-error" role="alert">
            <h1>{tr!("Ticket Desk could not start", "Ticket Desk 无法启动")}</h1>
            <p class="error-message">{message}</p>
            <p>
                {tr!("Operators: the app reads its back-ends from ", "运维人员：应用从 ")}
                <code>{CONFIG_URL}</code>
                {tr!(
                    ", which must be deployed next to index.html and be valid JSON of the form ",
                    " 读取工单系统的配置。该文件须与 index.html 部署在同一目录，且须是如下格式的有效 JSON："
                )}
                <code>{example}</code>
                {tr!(
                    ". See the README, section \"Pointing the app at real proxies\".",
                    "。详见 README 中“Pointing the app at real proxies”一节。"
                )}
            </p>
            <button type="button" on:click=|_| reload()>{tr!("Try again", "重试")}</button>
        </main>
    }
}

#[component]
pub fn NotFound(what: String) -> impl IntoView {
    view! {
        <section class="not-found">
            <h1>{tr!("Not found", "未找到")}</h1>
            <p>
                {tr!(
                    "{what} does not exist here. Pick a back-end from the navigation above.",
                    "{what}不存在。请从上方导航中选择一个工单系统。"
                )}
            </p>
            <A href=crate::app_base::href("/") exact=true>{tr!("Back to the start page", "返回首页")}</A>
        </section>
    }
}

fn reload() {
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}

//! Opt-in desktop notifications of new waiting tickets while the tab is hidden: the browser's
//! Notification API, asked for permission only when the person ticks the box, and the choice
//! remembered in localStorage.

use crate::storage::{self, Store};
use leptos::prelude::*;
use leptos::task::spawn_local;
use vendors::tr;
use wasm_bindgen::JsCast;
use web_sys::{Notification, NotificationOptions, NotificationPermission};

const OPT_IN_KEY: &str = "inbox-notify";

fn opted_in() -> bool {
    storage::get_text(Store::Local, OPT_IN_KEY).as_deref() == Some("on")
}

/// Whether this browser has the Notification API at all (asking a missing one would throw).
fn supported() -> bool {
    js_sys::Reflect::has(&window(), &"Notification".into()).unwrap_or(false) // wire
}

fn permitted() -> bool {
    supported() && Notification::permission() == NotificationPermission::Granted
}

/// Says that `count` new tickets wait, if the person asked for it, the browser allows it and
/// the tab is out of sight (in sight, the page's own notice says it).
pub fn new_tickets(count: usize) {
    let hidden = document().hidden();
    if count == 0 || !hidden || !opted_in() || !permitted() {
        return;
    }
    let title = if count == 1 {
        tr!("1 new ticket waits for you", "有 1 条新工单待您审批")
    } else {
        tr!(
            "{count} new tickets wait for you",
            "有 {count} 条新工单待您审批"
        )
    };
    let options = NotificationOptions::new();
    options.set_body(&tr!(
        "Ticket Desk: back to the tab and choose “Show” to see them.",
        "Ticket Desk：回到此标签页并点击“显示”即可查看。"
    ));
    // One notification at a time: a newer count replaces the last.
    options.set_tag("ticket-desk-inbox");
    let _ = Notification::new_with_options(&title, &options);
}

/// The opt-in box (none where the browser has no notifications). Ticking it asks the browser's
/// permission; a refusal unticks it and says why.
#[component]
pub fn NotifyToggle() -> impl IntoView {
    if !supported() {
        return None;
    }
    let on = RwSignal::new(opted_in() && permitted());
    let problem = RwSignal::new(None::<String>);
    let toggle = move |event: leptos::ev::Event| {
        let wanted = event_target_checked(&event);
        problem.set(None);
        if !wanted {
            storage::set_text(Store::Local, OPT_IN_KEY, "off");
            on.set(false);
            return;
        }
        spawn_local(async move {
            // Older Safari answers through a callback and returns nothing: then the permission
            // is read afterwards instead of awaited.
            let granted = match Notification::request_permission() {
                Ok(asking) if asking.is_instance_of::<js_sys::Promise>() => {
                    let _ = wasm_bindgen_futures::JsFuture::from(asking).await;
                    permitted()
                }
                _ => permitted(),
            };
            storage::set_text(Store::Local, OPT_IN_KEY, if granted { "on" } else { "off" });
            on.try_set(granted);
            if !granted {
                problem.try_set(Some(tr!(
                    "The browser does not allow notifications for this site: allow them in its site settings, then tick again.",
                    "浏览器不允许此网站发送通知：请在浏览器的网站设置中允许后再勾选。"
                )));
            }
        });
    };
    Some(view! {
        <div class="notify-toggle check">
            <input id="inbox-notify" type="checkbox" prop:checked=move || on.get() on:change=toggle
                aria-describedby="inbox-notify-error" />
            <label for="inbox-notify">
                {tr!("Notify me of new tickets while this tab is hidden", "此标签页不在前台时，有新工单就通知我")}
            </label>
            <p id="inbox-notify-error" class="field-error" role="alert">{move || problem.get()}</p>
        </div>
    })
}

//! Browser component tests: real components mounted into headless Chromium's DOM.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use ticket_desk::config::AppConfig;
use ticket_desk::error_pages::StartupError;
use ticket_desk::shell::Shell;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh element in the page body for one test to mount into.
fn host() -> HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let host = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    host.unchecked_into()
}

fn hrefs(host: &HtmlElement, selector: &str) -> Vec<String> {
    let links = host.query_selector_all(selector).unwrap();
    (0..links.length())
        .filter_map(|i| links.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
        .filter_map(|e| e.get_attribute("href"))
        .collect()
}

#[wasm_bindgen_test]
fn shell_navigates_to_each_enabled_backend() {
    let config = AppConfig::parse(
        r#"{"backends":[
            {"id":"itsm","label":"BlueKing ITSM","base_url":"/proxy/itsm"},
            {"id":"dms","label":"Alibaba Cloud DMS","base_url":"/proxy/dms","enabled":false},
            {"id":"zstack","label":"ZStack","base_url":"/proxy/zstack"}]}"#,
    )
    .unwrap();
    let host = host();
    // What `App` provides above the shell.
    let handle = leptos::mount::mount_to(host.clone(), move || {
        provide_context(ticket_desk::i18n::Language::start());
        provide_context(ticket_desk::busy::Busy::new());
        provide_context(ticket_desk::kept::Kept::new());
        view! { <Shell config /> }
    });

    let nav = hrefs(&host, ".backend-nav a");
    assert_eq!(
        nav,
        [
            // The inbox first: every enabled instance's waiting tickets.
            "/inbox",
            "/itsm/new",
            "/itsm/tickets",
            "/itsm/waiting",
            "/zstack/new",
            "/zstack/tickets",
            "/zstack/waiting"
        ]
    );
    let text = host.text_content().unwrap();
    assert!(
        text.contains("BlueKing ITSM") && text.contains("ZStack"),
        "{text}"
    );
    assert!(
        !text.contains("Alibaba Cloud DMS"),
        "a disabled back-end is hidden: {text}"
    );
    drop(handle);
}

#[wasm_bindgen_test]
fn startup_error_tells_the_operator_what_to_fix() {
    let host = host();
    let message = "config.json is not valid: backends[0].base_url is empty.".to_string();
    let handle = leptos::mount::mount_to(host.clone(), move || view! { <StartupError message /> });

    let alert = host
        .query_selector("[role=alert]")
        .unwrap()
        .expect("an alert region");
    let text = alert.text_content().unwrap();
    assert!(text.contains("Ticket Desk could not start"), "{text}");
    assert!(text.contains("backends[0].base_url is empty"), "{text}");
    assert!(
        host.query_selector("button").unwrap().is_some(),
        "a retry button"
    );
    drop(handle);
}

mod field_renderer {
    use super::host;
    use leptos::prelude::*;
    use ticket_desk::widgets::field_frame::FormState;
    use ticket_desk::widgets::fields::FieldList;
    use vendors::{Choice, FieldKind, FieldSpec, FormValues, Problem};
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::*;
    use web_sys::{HtmlInputElement, HtmlSelectElement};

    fn specs() -> Vec<FieldSpec> {
        vec![
            FieldSpec::new("creator", "Creator", FieldKind::Text)
                .required()
                .help("Who files it."),
            FieldSpec::new(
                "PluginParam.dbId",
                "Database id",
                FieldKind::Integer {
                    min: Some(1),
                    max: None,
                },
            ),
            FieldSpec::new("fast_approval", "Fast approval", FieldKind::Boolean),
            FieldSpec::new(
                "os",
                "OS",
                FieldKind::Choice(vec![
                    Choice::new("linux", "Linux"),
                    Choice::new("win", "Windows"),
                ]),
            ),
            FieldSpec::new(
                "params.requests",
                "Requests",
                FieldKind::Repeated {
                    fields: vec![FieldSpec::new("apiBody", "API body", FieldKind::Json).required()],
                    min: 1,
                },
            ),
        ]
    }

    #[wasm_bindgen_test]
    async fn draws_labelled_inputs_named_by_wire_path_and_shows_problems_at_them() {
        let host = host();
        // The test's signals belong to an owner, as a component's would.
        let owner = Owner::new();
        owner.set();
        let mut start = FormValues::new();
        start.insert("params.requests[0].apiBody".into(), "{}".into());
        start.insert("os".into(), "win".into());
        let values = RwSignal::new(start);
        let problems = RwSignal::new(Vec::<Problem>::new());
        let state = FormState {
            values,
            problems: problems.into(),
        };
        let handle = leptos::mount::mount_to(
            host.clone(),
            move || view! { <FieldList specs=specs() state /> },
        );

        // Every input has a visible label pointing at it and the wire path as its name.
        for (name, label) in [
            ("creator", "Creator"),
            ("PluginParam.dbId", "Database id"),
            ("fast_approval", "Fast approval"),
            ("os", "OS"),
            ("params.requests[0].apiBody", "API body"),
        ] {
            let input = host
                .query_selector(&format!("[name='{name}']"))
                .unwrap()
                .unwrap_or_else(|| panic!("an input named {name}"));
            let shown = host
                .query_selector(&format!("label[for='{}']", input.id()))
                .unwrap()
                .unwrap_or_else(|| panic!("a label for {name}"));
            assert!(shown.text_content().unwrap().contains(label), "{name}");
        }
        let creator_label = host
            .query_selector("label[for='f-creator']")
            .unwrap()
            .unwrap();
        assert!(
            creator_label.text_content().unwrap().contains('*'),
            "required marker"
        );
        assert!(
            host.text_content().unwrap().contains("Who files it."),
            "help text"
        );
        let options = host
            .query_selector("select[name=os]")
            .unwrap()
            .unwrap()
            .unchecked_into::<HtmlSelectElement>();
        assert_eq!(options.length(), 3, "a blank choice and the two options");
        // A value already there (a restored draft, a default) shows as chosen.
        assert_eq!(options.value(), "win");

        // Typing goes into the flat value map under the wire path.
        let creator: HtmlInputElement = host
            .query_selector("[name=creator]")
            .unwrap()
            .unwrap()
            .unchecked_into();
        creator.set_value("alice");
        creator
            .dispatch_event(&web_sys::Event::new("input").unwrap())
            .unwrap();
        assert_eq!(
            values.get_untracked().get("creator").map(String::as_str),
            Some("alice")
        );

        // A problem at a path appears under that field and marks it invalid.
        problems.set(vec![Problem::new(
            "PluginParam.dbId",
            "Database id must be a whole number.",
        )]);
        leptos::task::tick().await;
        let error = host
            .query_selector("#f-PluginParam-dbId-error")
            .unwrap()
            .unwrap();
        assert_eq!(
            error.text_content().unwrap(),
            "Database id must be a whole number."
        );
        let db = host
            .query_selector("[name='PluginParam.dbId']")
            .unwrap()
            .unwrap();
        assert_eq!(db.get_attribute("aria-invalid").as_deref(), Some("true"));
        drop(handle);
    }

    #[wasm_bindgen_test]
    fn a_select_names_its_blank_choice_and_keeps_a_value_it_does_not_offer() {
        let host = host();
        let owner = Owner::new();
        owner.set();
        let status = FieldSpec::new(
            "status",
            "Status",
            FieldKind::Choice(vec![Choice::new("Pending", "Pending")]),
        )
        .placeholder("Any status");
        let order = FieldSpec::new(
            "order",
            "Order",
            FieldKind::Choice(Choice::plain(&["asc", "desc"])),
        )
        .default_value("desc");
        let mut start = FormValues::new();
        start.insert("status".into(), "Archived".into());
        start.insert("order".into(), "desc".into());
        let state = FormState {
            values: RwSignal::new(start),
            problems: Signal::stored(Vec::new()),
        };
        let handle = leptos::mount::mount_to(
            host.clone(),
            move || view! { <FieldList specs=vec![status, order] state /> },
        );

        let select = |name: &str| -> HtmlSelectElement {
            host.query_selector(&format!("select[name={name}]"))
                .unwrap()
                .unwrap()
                .unchecked_into()
        };
        let status = select("status");
        let blank = host
            .query_selector("select[name=status] option")
            .unwrap()
            .unwrap();
        assert_eq!(blank.text_content().as_deref(), Some("Any status"));
        // A value from a shared link that no choice has is still shown as chosen.
        assert_eq!(status.value(), "Archived");
        // With a default, a blank choice would only mean the default again.
        assert_eq!(select("order").length(), 2);
        drop(handle);
    }
}

mod decisions {
    use super::*;
    use gloo_timers::future::TimeoutFuture;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    use ticket_desk::detail::DetailView;
    use ticket_desk::ticket_ops::{DecideError, TicketOps};
    use vendors::decide::{Decision, DecisionOutcome, TicketDetail};
    use vendors::{Kind, TicketSummary, VendorError};
    use web_sys::{HtmlButtonElement, HtmlTextAreaElement};

    fn detail() -> TicketDetail {
        TicketDetail {
            summary: TicketSummary {
                kind: Kind::Itsm,
                id: "NO1".into(),
                title: "Open port 443".into(),
                status: "RUNNING".into(),
                status_label: None,
                creator: "alice".into(),
                created: "2026-11-20 10:00:00".into(),
                updated: None,
                service: None,
                link: None,
            },
            fields: vec![],
            steps: vec![],
            timeline: vec![],
            allowed: vec![Decision::Approve, Decision::Reject],
        }
    }

    /// Ops whose decisions take 50 ms and answer with `answer`; counts the decisions sent.
    /// Every load after the first takes 300 ms, as a reload after a decision might.
    fn ops(sent: Arc<AtomicUsize>, answer: Result<(), u16>) -> TicketOps {
        let loads = Arc::new(AtomicUsize::new(0));
        TicketOps::new(
            move |_id| {
                let first = loads.fetch_add(1, Ordering::SeqCst) == 0;
                async move {
                    if !first {
                        TimeoutFuture::new(300).await;
                    }
                    Ok(detail())
                }
            },
            move |_id, _request| {
                sent.fetch_add(1, Ordering::SeqCst);
                async move {
                    TimeoutFuture::new(50).await;
                    match answer {
                        Ok(()) => Ok(DecisionOutcome {
                            status: "FINISHED".into(),
                            status_label: None,
                        }),
                        Err(status) => Err(DecideError::Unsure(VendorError::new(
                            status,
                            "TIMEOUT",
                            "no answer",
                        ))),
                    }
                }
            },
        )
    }

    fn mount(ops: TicketOps) -> (HtmlElement, impl Drop) {
        let host = host();
        let handle = leptos::mount::mount_to(host.clone(), move || {
            view! { <DetailView ops kind=Kind::Itsm instance="itsm".to_string() ticket="NO1".to_string() /> }
        });
        (host, handle)
    }

    fn button(host: &HtmlElement, decision: &str) -> HtmlButtonElement {
        host.query_selector(&format!("[data-decision={decision}]"))
            .unwrap()
            .expect("the decision's button")
            .unchecked_into()
    }

    #[wasm_bindgen_test]
    async fn rejecting_without_a_reason_is_stopped_at_the_field_and_sends_nothing() {
        let sent = Arc::new(AtomicUsize::new(0));
        let (host, _handle) = mount(ops(sent.clone(), Ok(())));
        TimeoutFuture::new(20).await;
        button(&host, "reject").click();
        TimeoutFuture::new(20).await;
        let error = host.query_selector("#f-comment-error").unwrap().unwrap();
        assert!(error.text_content().unwrap().contains("reason is required"));
        assert_eq!(sent.load(Ordering::SeqCst), 0);
    }

    #[wasm_bindgen_test]
    async fn a_double_click_sends_one_decision() {
        let sent = Arc::new(AtomicUsize::new(0));
        let (host, _handle) = mount(ops(sent.clone(), Ok(())));
        TimeoutFuture::new(20).await;
        let comment: HtmlTextAreaElement = host
            .query_selector("#f-comment")
            .unwrap()
            .unwrap()
            .unchecked_into();
        comment.set_value("fine by me");
        comment
            .dispatch_event(&web_sys::Event::new("input").unwrap())
            .unwrap();
        button(&host, "approve").click();
        button(&host, "approve").click();
        TimeoutFuture::new(150).await;
        assert_eq!(sent.load(Ordering::SeqCst), 1);
        // While the ticket loads afresh, the buttons on screen belong to the old state.
        assert!(
            button(&host, "approve").disabled(),
            "locked during the reload"
        );
        TimeoutFuture::new(400).await;
        assert_eq!(sent.load(Ordering::SeqCst), 1);
        assert!(
            !button(&host, "approve").disabled(),
            "free again once reloaded"
        );
        let outcome = host.query_selector("#decision-outcome").unwrap().unwrap();
        assert!(
            outcome.text_content().unwrap().contains("now FINISHED"),
            "{:?}",
            outcome.text_content()
        );
    }

    #[wasm_bindgen_test]
    async fn an_answer_that_never_came_locks_the_buttons_until_a_reload() {
        let sent = Arc::new(AtomicUsize::new(0));
        let (host, _handle) = mount(ops(sent.clone(), Err(0)));
        TimeoutFuture::new(20).await;
        button(&host, "approve").click();
        TimeoutFuture::new(150).await;
        let outcome = host
            .query_selector("#decision-outcome [data-outcome=uncertain]")
            .unwrap()
            .expect("an uncertain outcome");
        assert!(outcome
            .text_content()
            .unwrap()
            .contains("may have been applied"));
        assert!(button(&host, "approve").disabled(), "nothing is sent twice");
        // "Reload the ticket" loads it afresh; then the person may decide again.
        let reload: HtmlButtonElement = host
            .query_selector(".decision-unsure button")
            .unwrap()
            .unwrap()
            .unchecked_into();
        reload.click();
        TimeoutFuture::new(400).await;
        assert!(!button(&host, "approve").disabled(), "free once reloaded");
        assert_eq!(sent.load(Ordering::SeqCst), 1);
    }
}

/// A language switch draws everything again: nothing under way may be interrupted by it,
/// nothing typed lost, no draft claimed restored, and the focus stays at the select.
mod language_switch {
    use super::host;
    use gloo_timers::future::TimeoutFuture;
    use leptos::prelude::*;
    use ticket_desk::busy::Busy;
    use ticket_desk::form::Draft;
    use ticket_desk::i18n::{Language, LanguageSwitch, SELECT_ID};
    use ticket_desk::kept::Kept;
    use ticket_desk::storage::{self, Store};
    use ticket_desk::widgets::reason::ReasonField;
    use vendors::i18n::{self, Lang};
    use vendors::{FormValues, Problem};
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::*;
    use web_sys::{HtmlElement, HtmlSelectElement, HtmlTextAreaElement};

    /// The language every test here starts and ends in.
    fn english() -> Language {
        storage::set_text(Store::Local, "lang", Lang::En.tag());
        let language = Language::start();
        assert_eq!(i18n::current(), Lang::En);
        language
    }

    fn select(host: &HtmlElement) -> HtmlSelectElement {
        host.query_selector(&format!("#{SELECT_ID}"))
            .unwrap()
            .expect("the language select")
            .unchecked_into()
    }

    fn hint(host: &HtmlElement) -> Option<String> {
        host.query_selector(".pref-hint")
            .unwrap()
            .map(|hint| hint.text_content().unwrap_or_default())
    }

    #[wasm_bindgen_test]
    async fn the_select_waits_while_something_is_being_sent() {
        let owner = Owner::new();
        owner.set();
        let language = english();
        let busy = Busy::new();
        let host = host();
        let handle = leptos::mount::mount_to(host.clone(), move || {
            provide_context(language);
            provide_context(busy);
            view! { <LanguageSwitch /> }
        });
        assert!(!select(&host).disabled(), "free while nothing is sent");
        assert_eq!(hint(&host), None);
        assert_eq!(select(&host).get_attribute("title"), None);

        let sending = busy.hold();
        leptos::task::tick().await;
        let chooser = select(&host);
        assert!(chooser.disabled(), "disabled while a guard is held");
        let said = hint(&host).expect("a visible hint");
        assert!(said.contains("Wait until sending is done"), "{said}");
        assert!(chooser
            .get_attribute("title")
            .is_some_and(|t| !t.is_empty()));
        assert_eq!(
            chooser.get_attribute("aria-describedby").as_deref(),
            host.query_selector(".pref-hint")
                .unwrap()
                .map(|hint| hint.id())
                .as_deref(),
            "the hint describes the select"
        );
        // Even a change that got through does not switch while something is sent.
        chooser.set_value(Lang::Zh.tag());
        chooser
            .dispatch_event(&web_sys::Event::new("change").unwrap())
            .unwrap();
        assert_eq!(i18n::current(), Lang::En);
        chooser.set_value(Lang::En.tag());

        // Two operations: free again only once both are over.
        let second = busy.hold();
        drop(sending);
        leptos::task::tick().await;
        assert!(select(&host).disabled(), "one is still under way");
        drop(second);
        leptos::task::tick().await;
        assert!(!select(&host).disabled(), "free once the guard dropped");
        assert_eq!(hint(&host), None);
        assert_eq!(select(&host).get_attribute("title"), None);

        // A guard inside a future that is dropped unfinished (a cancelled task) is released too.
        let guard = busy.hold();
        let cancelled = async move {
            let _busy = guard;
            std::future::pending::<()>().await;
        };
        leptos::task::tick().await;
        assert!(select(&host).disabled());
        drop(cancelled);
        leptos::task::tick().await;
        assert!(!select(&host).disabled());
        drop(handle);
    }

    #[wasm_bindgen_test]
    async fn after_a_switch_the_focus_is_back_on_the_language_select() {
        let owner = Owner::new();
        owner.set();
        let language = english();
        let host = host();
        // As `App` does: the language's change draws everything under it again.
        let handle = leptos::mount::mount_to(host.clone(), move || {
            provide_context(language);
            provide_context(Busy::new());
            move || {
                language.0.track();
                view! { <LanguageSwitch /> }
            }
        });
        let chooser = select(&host);
        chooser.set_value(Lang::Zh.tag());
        chooser
            .dispatch_event(&web_sys::Event::new("change").unwrap())
            .unwrap();
        TimeoutFuture::new(100).await;
        let switched = i18n::current();
        let shown = select(&host).value();
        let focused = web_sys::window()
            .unwrap()
            .document()
            .unwrap()
            .active_element()
            .map(|element| element.id());
        // Back to English before asserting, so no other test runs in Chinese.
        language.switch(Lang::En);
        TimeoutFuture::new(50).await;
        assert_eq!(switched, Lang::Zh);
        // The redraw may patch the select in place or make a new one: either way it shows the
        // new language and has the focus.
        assert_eq!(shown, Lang::Zh.tag());
        assert_eq!(focused.as_deref(), Some(SELECT_ID));
        drop(handle);
    }

    #[wasm_bindgen_test]
    async fn a_reason_survives_the_page_being_drawn_again() {
        let owner = Owner::new();
        owner.set();
        let kept = Kept::new();
        let reason = move || {
            provide_context(kept);
            let problems = RwSignal::new(Vec::<Problem>::new());
            view! { <ReasonField path="comment" text=Kept::text("comment") problems /> }
        };
        let textarea = |host: &HtmlElement| -> HtmlTextAreaElement {
            host.query_selector("#f-comment")
                .unwrap()
                .expect("the reason")
                .unchecked_into()
        };

        let first = host();
        let handle = leptos::mount::mount_to(first.clone(), reason);
        let typed = textarea(&first);
        typed.set_value("fine by me");
        typed
            .dispatch_event(&web_sys::Event::new("input").unwrap())
            .unwrap();
        TimeoutFuture::new(20).await;
        drop(handle);

        let again = host();
        let handle = leptos::mount::mount_to(again.clone(), reason);
        TimeoutFuture::new(20).await;
        assert_eq!(textarea(&again).value(), "fine by me");

        // Emptied, it keeps nothing.
        let typed = textarea(&again);
        typed.set_value("");
        typed
            .dispatch_event(&web_sys::Event::new("input").unwrap())
            .unwrap();
        TimeoutFuture::new(20).await;
        drop(handle);
        let last = host();
        let handle = leptos::mount::mount_to(last.clone(), reason);
        TimeoutFuture::new(20).await;
        assert_eq!(textarea(&last).value(), "");
        drop(handle);
    }

    #[wasm_bindgen_test]
    fn a_form_drawn_again_by_a_switch_does_not_say_its_draft_was_restored() {
        let root = Owner::new();
        root.set();
        let language = english();
        provide_context(language);
        const KEY: &str = "web-test:switch";
        let mut typed = FormValues::new();
        typed.insert("title".into(), "typed before".into());
        storage::set(Store::Local, &format!("draft:{KEY}"), &typed);
        // One drawing of the form: whether it says "restored", and its owner to clean up.
        let draw = || {
            let owner = Owner::new();
            let draft = owner.with(|| Draft::load(KEY.to_string(), FormValues::new));
            let restored = draft.restored.get_untracked();
            assert_eq!(draft.values.get_untracked(), typed);
            (owner, restored)
        };

        let (first, restored) = draw();
        assert!(restored, "a saved draft on a fresh visit is restored");
        language.switch(Lang::En);
        first.cleanup();
        let (second, restored) = draw();
        assert!(!restored, "drawn again by the switch: nothing was restored");
        second.cleanup();
        let (third, restored) = draw();
        assert!(
            restored,
            "coming back to the form later restores it, as before"
        );
        third.cleanup();
        storage::remove(Store::Local, &format!("draft:{KEY}"));
    }
}

//! The submit flow every create page shares: the form drawn from field specs, every problem
//! shown at its field (and in a summary) before anything is sent, one request per click, the
//! vendor's answer in plain words, and the draft kept until the ticket is filed.

mod draft;

pub use draft::Draft;

use crate::busy::Busy;
use crate::widgets::field_frame::FormState;
use crate::widgets::fields::ChangingFieldList;
use crate::widgets::focus::{focus, focus_later, input_id};
use crate::widgets::link::SafeLink;
use leptos::prelude::*;
use std::future::Future;
use vendors::form::{row_count, row_path};
use vendors::{tr, FieldKind, FieldSpec, FormValues, Kind, Problem, VendorError};

/// The code of an error after the vendor accepted the request (e.g. a job that never finished):
/// the ticket may exist, so the user is told to look before sending again.
pub const CODE_MAYBE_FILED: &str = "MAYBE_FILED";

/// What a successful submit shows: a headline, the identifiers the vendor returned, and the
/// ticket's link when the vendor gave one.
#[derive(Clone, Debug, PartialEq)]
pub struct Filed {
    pub headline: String,
    pub facts: Vec<(String, String)>,
    pub link: Option<String>,
}

/// A create form. `prepare` turns values into the vendor request or every problem with it;
/// `send` files the request and says what was filed.
#[component]
pub fn TicketForm<Req, Prepare, SendFn, Fut>(
    kind: Kind,
    draft: Draft,
    #[prop(into)] specs: Signal<Vec<FieldSpec>>,
    prepare: Prepare,
    send: SendFn,
    #[prop(default = tr!("File ticket", "提交工单"))] submit_label: String,
) -> impl IntoView
where
    Req: Clone + Send + Sync + 'static,
    Prepare: Fn(&FormValues) -> Result<Req, Vec<Problem>> + Clone + Send + Sync + 'static,
    SendFn: Fn(Req) -> Fut + 'static,
    Fut: Future<Output = Result<Filed, VendorError>> + 'static,
{
    let values = draft.values;
    let attempted = RwSignal::new(false);
    let busy = Busy::from_context();
    // The answer lands in the action's own signals, which outlive the page: a ticket filed after
    // the user left clears its draft from storage (by key) and touches nothing disposed.
    let filing = Action::new_local(move |(request, saved): &(Req, String)| {
        // Until the answer is in (a ZStack job polled to its end included), the language stays:
        // a switch would draw the form again, with its draft and a free button.
        let sending = busy.hold();
        let filing = send(request.clone());
        let saved = saved.clone();
        async move {
            let _sending = sending;
            let result = filing.await;
            if result.is_ok() {
                // Even when the user has left the page: a filed ticket is no draft.
                crate::storage::remove(crate::storage::Store::Local, &saved);
            }
            result
        }
    });
    let pending = filing.pending();
    let outcome = filing.value();
    // After an answer (while the page is here): a filed ticket empties the form; either way the
    // outcome gets the focus.
    Effect::new(move || {
        let Some(filed) = outcome.with(|answer| answer.as_ref().map(Result::is_ok)) else {
            return;
        };
        untrack(|| {
            if filed {
                draft.discard();
                attempted.set(false);
            }
        });
        focus_later("form-outcome".to_string());
    });

    // Before the first submit only JSON syntax errors show (they are useful while typing);
    // after it, every problem, updated as the user fixes them.
    let problems = Memo::new({
        let prepare = prepare.clone();
        move |_| {
            let all = values.with(|v| prepare(v).err().unwrap_or_default());
            if attempted.get() {
                all
            } else {
                let json = values.with(|v| specs.with(|s| json_paths(s, v, "")));
                all.into_iter().filter(|p| json.contains(&p.path)).collect()
            }
        }
    });
    // Specs can change under the user (a DMS ticket type): give new fields their defaults and
    // required rows, never touching what is already there.
    Effect::new(move || {
        let filled = specs.with(|s| values.with_untracked(|v| vendors::form::with_defaults(s, v)));
        if values.with_untracked(|v| *v != filled) {
            values.set(filled);
        }
    });
    let state = FormState {
        values,
        problems: problems.into(),
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // One ticket per click: a second click, Enter or double-click while in flight does nothing.
        if pending.get_untracked() {
            return;
        }
        attempted.set(true);
        filing.clear();
        match values.with_untracked(|v| prepare(v)) {
            Err(found) => {
                if let Some(first) = found.first() {
                    focus_later(input_id(&first.path));
                }
            }
            Ok(request) => {
                filing.dispatch((request, draft.saved_key()));
            }
        }
    };

    view! {
        {move || draft.restored.get().then(|| view! {
            <div class="notice draft-notice" role="status">
                {tr!("Restored your unsent draft. ", "已恢复您未提交的草稿。")}
                <button type="button" class="secondary small" on:click=move |_| draft.discard()>
                    {tr!("Discard draft", "丢弃草稿")}
                </button>
            </div>
        })}
        <Outcome kind outcome=Signal::derive(move || outcome.get()) />
        <ProblemSummary problems=problems attempted />
        <form class="ticket-form" novalidate=true on:submit=on_submit>
            <ChangingFieldList specs state />
            <div class="form-actions">
                <button type="submit" disabled=move || pending.get() aria-busy=move || pending.get().to_string()>
                    {move || if pending.get() { tr!("Sending…", "正在提交…") } else { submit_label.clone() }}
                </button>
                <button type="button" class="secondary" disabled=move || pending.get()
                    on:click=move |_| { draft.discard(); attempted.set(false); }>
                    {tr!("Clear form", "清空表单")}
                </button>
            </div>
        </form>
    }
}

/// The result of the last submit: what was filed, or what the vendor said.
#[component]
fn Outcome(kind: Kind, outcome: Signal<Option<Result<Filed, VendorError>>>) -> impl IntoView {
    move || {
        outcome.get().map(|result| match result {
            Ok(filed) => view! {
                <div class="outcome success" id="form-outcome" tabindex="-1" role="status">
                    <h2>{filed.headline}</h2>
                    <dl class="facts">
                        {filed.facts.into_iter().map(|(name, value)| view! {
                            <dt>{name}</dt><dd class="fact-value">{value}</dd>
                        }).collect_view()}
                    </dl>
                    {filed.link.map(|link| view! { <p>{tr!("Link: ", "链接：")} <SafeLink url=link.clone() text=link /></p> })}
                </div>
            }
            .into_any(),
            Err(error) => {
                let (heading, hint) = if error.code == CODE_MAYBE_FILED {
                    (
                        tr!("The ticket may have been filed", "工单可能已经提交"),
                        tr!(
                            "Check the ticket list before sending it again; everything you typed is still here.",
                            "再次提交前请先查看工单列表；您填写的内容都还在。"
                        ),
                    )
                } else {
                    (
                        tr!("The ticket was not filed", "工单未提交"),
                        tr!(
                            "Everything you typed is still here; fix it and send again.",
                            "您填写的内容都还在；修改后请重新提交。"
                        ),
                    )
                };
                view! {
                    <div class="outcome failure" id="form-outcome" tabindex="-1" role="alert">
                        <h2>{heading}</h2>
                        <p class="vendor-message">{error.said_by(kind.short_label())}</p>
                        <p class="hint">{hint}</p>
                    </div>
                }
                .into_any()
            }
        })
    }
}

/// After a failed submit: how many problems, each a button that jumps to its field.
#[component]
fn ProblemSummary(problems: Memo<Vec<Problem>>, attempted: RwSignal<bool>) -> impl IntoView {
    move || {
        let list = problems.get();
        (attempted.get() && !list.is_empty()).then(|| {
            let heading = match list.len() {
                1 => tr!("There is 1 problem with this form", "表单有 1 处问题"),
                n => tr!("There are {n} problems with this form", "表单有 {n} 处问题"),
            };
            view! {
                <div class="problem-summary" role="alert">
                    <h2>{heading}</h2>
                    <ul>
                        {list.into_iter().map(|problem| {
                            let id = input_id(&problem.path);
                            view! {
                                <li><button type="button" class="link" on:click=move |_| focus(&id)>{problem.message}</button></li>
                            }
                        }).collect_view()}
                    </ul>
                </div>
            }
        })
    }
}

/// Concrete paths of every JSON field, rows included (`params.requests[1].apiBody`).
fn json_paths(specs: &[FieldSpec], values: &FormValues, prefix: &str) -> Vec<String> {
    let mut paths = Vec::new();
    for spec in specs {
        let path = vendors::form::join_path(prefix, &spec.path);
        match &spec.kind {
            FieldKind::Json => paths.push(path),
            FieldKind::Repeated { fields, .. } => {
                for index in 0..row_count(values, &path) {
                    let row = row_path(&path, index, "");
                    paths.extend(json_paths(fields, values, row.trim_end_matches('.')));
                }
            }
            _ => {}
        }
    }
    paths
}

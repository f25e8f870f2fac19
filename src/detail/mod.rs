//! The ticket page of any back-end: summary, the decisions the back-end allows the current user,
//! fields, workflow steps and timeline. The kind supplies the calls ([`TicketOps`]); this page
//! supplies the states (loading, not found, failed with Retry) and the decision form.

mod decision;

use crate::i18n::date_time;
use crate::ticket_ops::TicketOps;
use crate::widgets::badge::StatusBadge;
use crate::widgets::link::SafeLink;
use decision::{DecisionForm, Sent};
use leptos::prelude::*;
use vendors::decide::{DetailField, DetailStep, StepState, TicketDetail, TimelineEntry};
use vendors::{tr, Kind, VendorError};

/// Code a kind gives the error when the back-end says there is no such ticket.
pub const CODE_NOT_FOUND: &str = "NOT_FOUND";

fn is_not_found(error: &VendorError) -> bool {
    error.status == 404 || error.code == CODE_NOT_FOUND
}

#[component]
pub fn DetailView(ops: TicketOps, kind: Kind, instance: String, ticket: String) -> impl IntoView {
    // Bumped to load again: Retry, and after a decision (new status, new timeline entry).
    let version = RwSignal::new(0_u32);
    let detail = LocalResource::new({
        let (load, ticket) = (ops.load.clone(), ticket.clone());
        move || {
            version.track();
            load(ticket.clone())
        }
    });
    let refreshing = RwSignal::new(false);
    let reload = Callback::new(move |()| {
        refreshing.set(true);
        version.update(|n| *n += 1);
    });
    let sent = RwSignal::new(None::<Sent>);
    // The last loaded detail stays on screen while it loads again after a decision.
    let shown = RwSignal::new(None::<Result<TicketDetail, VendorError>>);
    Effect::new(move || {
        if let Some(answer) = detail.get() {
            // A fresh ticket is what an unsure decision is checked against: it may be decided again.
            if sent.with_untracked(|s| s.as_ref().is_some_and(Sent::is_unsure)) {
                sent.set(None);
            }
            shown.set(Some(answer));
            refreshing.set(false);
        }
    });
    let loading = move || detail.get().is_none();

    let body = move || match shown.get() {
        None => view! {
            <p class="detail-loading" role="status">
                <span class="spinner" aria-hidden="true"></span>
                {tr!("Loading the ticket…", "正在加载工单…")}
            </p>
        }
        .into_any(),
        Some(Err(error)) if is_not_found(&error) => view! {
            <div class="detail-missing" role="alert">
                <h1>{tr!("No such ticket", "工单不存在")}</h1>
                <p>{no_such_ticket(kind, &ticket)}</p>
                <p class="muted">{error.said_by(kind.short_label())}</p>
            </div>
        }
        .into_any(),
        Some(Err(error)) => view! {
            <div class="list-error" role="alert">
                <h1>{tr!("The ticket could not be loaded.", "无法加载工单。")}</h1>
                <p class="error-message">{error.said_by(kind.short_label())}</p>
                <button type="button" disabled=loading on:click=move |_| reload.run(())>
                    {tr!("Retry", "重试")}
                </button>
            </div>
        }
        .into_any(),
        Some(Ok(detail)) => {
            let decide = ops.decide.clone();
            view! { <Loaded detail kind decide instance=instance.clone() reload sent refreshing=refreshing.into() /> }.into_any()
        }
    };
    view! { <article class="ticket-detail" aria-busy=move || loading().to_string()>{body}</article> }
}

#[component]
fn Loaded(
    detail: TicketDetail,
    kind: Kind,
    decide: crate::ticket_ops::Decide,
    instance: String,
    reload: Callback<()>,
    sent: RwSignal<Option<Sent>>,
    refreshing: Signal<bool>,
) -> impl IntoView {
    let summary = detail.summary.clone();
    let vendor_link = summary.link.clone().map(|url| {
        let vendor = kind.short_label();
        let text = tr!("Open in {vendor}", "在 {vendor} 中打开");
        view! { <SafeLink url text /> }
    });
    let list_href = crate::app_base::instance_href(&instance, "tickets");
    view! {
        <header class="detail-head">
            <p class="detail-back">
                <a href=list_href>{tr!("← All tickets", "← 全部工单")}</a>
            </p>
            <h1 class="detail-title">{summary.title.clone()}</h1>
            <dl class="detail-meta">
                <div><dt>{tr!("Ticket", "工单号")}</dt><dd class="detail-id">{summary.id.clone()}</dd></div>
                <div class="detail-status">
                    <dt>{tr!("Status", "状态")}</dt>
                    <dd>
                        <StatusBadge kind status=summary.status.clone() text=summary.status_label.clone() />
                    </dd>
                </div>
                <div><dt>{tr!("Filed by", "提单人")}</dt><dd>{summary.creator.clone()}</dd></div>
                <div><dt>{tr!("Filed", "创建时间")}</dt><dd>{time_view(summary.created.clone())}</dd></div>
                {summary.updated.clone().map(|at| view! {
                    <div><dt>{tr!("Updated", "更新时间")}</dt><dd>{time_view(at)}</dd></div>
                })}
                {summary.service.clone().map(|s| view! { <div><dt>{tr!("Type", "类型")}</dt><dd>{s}</dd></div> })}
            </dl>
            {vendor_link.map(|link| view! { <p class="detail-vendor-link">{link}</p> })}
        </header>
        <DecisionForm
            ticket=summary.id.clone()
            allowed=detail.allowed.clone()
            kind
            decide
            reload
            sent
            refreshing
        />
        <Fields fields=detail.fields.clone() />
        <Steps steps=detail.steps.clone() />
        <Timeline entries=detail.timeline.clone() />
    }
}

#[component]
fn Fields(fields: Vec<DetailField>) -> impl IntoView {
    (!fields.is_empty()).then(|| {
        view! {
            <section class="detail-section" aria-labelledby="detail-fields-heading">
                <h2 id="detail-fields-heading">{tr!("Details", "详情")}</h2>
                <dl class="detail-fields">
                    {fields
                        .into_iter()
                        .map(|field| {
                            let value = if field.code {
                                view! { <pre class="detail-code"><code>{field.value}</code></pre> }.into_any()
                            } else if field.value.trim().is_empty() {
                                view! { <span class="muted">"—"</span> }.into_any()
                            } else {
                                view! { <span>{field.value}</span> }.into_any()
                            };
                            view! { <div class="detail-field"><dt>{field.label}</dt><dd>{value}</dd></div> }
                        })
                        .collect_view()}
                </dl>
            </section>
        }
    })
}

/// The state's name in `data-state` (styles and tests read it).
fn step_state_value(state: StepState) -> &'static str {
    match state {
        StepState::Done => "done",
        StepState::Current => "current",
        StepState::Waiting => "waiting",
    }
}

fn step_state_text(state: StepState) -> String {
    match state {
        StepState::Done => tr!("done", "已完成"),
        StepState::Current => tr!("current", "进行中"),
        StepState::Waiting => tr!("waiting", "等待中"),
    }
}

/// A vendor's time in the current language's style; the tooltip keeps the time as it came.
fn time_view(at: String) -> impl IntoView {
    let shown = date_time(&at);
    view! { <span class="vendor-time" title=at>{shown}</span> }
}

fn no_such_ticket(kind: Kind, ticket: &str) -> String {
    let vendor = kind.short_label();
    tr!(
        "{vendor} has no ticket {ticket}.",
        "{vendor} 中没有工单 {ticket}。"
    )
}

#[component]
fn Steps(steps: Vec<DetailStep>) -> impl IntoView {
    (!steps.is_empty()).then(|| {
        view! {
            <section class="detail-section" aria-labelledby="detail-steps-heading">
                <h2 id="detail-steps-heading">{tr!("Workflow", "流程")}</h2>
                <ol class="detail-steps">
                    {steps
                        .into_iter()
                        .map(|step| {
                            let state = step_state_value(step.state);
                            let handlers = if step.handlers.is_empty() {
                                tr!("no one named", "未指定处理人")
                            } else {
                                step.handlers.join(&tr!(", ", "、"))
                            };
                            view! {
                                <li class="detail-step" data-state=state
                                    aria-current=(step.state == StepState::Current).then_some("step")>
                                    <span class="step-name">{step.name}</span>
                                    <span class="step-state">{step_state_text(step.state)}</span>
                                    <span class="step-handlers">{handlers}</span>
                                </li>
                            }
                        })
                        .collect_view()}
                </ol>
            </section>
        }
    })
}

#[component]
fn Timeline(entries: Vec<TimelineEntry>) -> impl IntoView {
    let empty = entries.is_empty();
    view! {
        <section class="detail-section" aria-labelledby="detail-timeline-heading">
            <h2 id="detail-timeline-heading">{tr!("Timeline", "处理记录")}</h2>
            {empty.then(|| view! {
                <p class="muted">{tr!("Nothing has happened to this ticket yet.", "此工单还没有处理记录。")}</p>
            })}
            <ol class="timeline">
                {entries
                    .into_iter()
                    .map(|entry| {
                        view! {
                            <li class="timeline-entry">
                                <span class="timeline-at" title=entry.at.clone()>{date_time(&entry.at)}</span>
                                <span class="timeline-who">{entry.who}</span>
                                <span class="timeline-what">{entry.what}</span>
                                {entry.comment.map(|c| view! { <q class="timeline-comment">{c}</q> })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </section>
    }
}

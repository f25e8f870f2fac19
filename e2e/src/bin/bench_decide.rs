//! Benchmark of decisions in headless Chromium against the demo gateway:
//!
//! ```sh
//! make build                                     # or set TICKET_DESK_DIST / TICKET_DESK_GATEWAY
//! cargo run --release -p e2e --bin bench_decide  # BENCH_RUNS=5 by default
//! ```
//!
//! 1. Select all on a 10,000-row ITSM page: time from the click to the second animation frame
//!    after it (the repaint with every visible checkbox ticked), and the rows in the DOM.
//! 2. A batch of 100 approvals from the demo user's "waiting for me" list on each back-end
//!    the demo user can approve without a login (ITSM, DMS): wall time from the click to the
//!    run's end (`batch:start` to `batch:end` marks), the peak of decisions in flight (the app
//!    caps it at 4) and how many were applied. Each run starts a fresh demo gateway, since
//!    approving uses the seeded tickets up.
//!
//! Figures, not a test: nothing fails on a slow machine.

use e2e::{median, Session};
use serde_json::Value;

const BIG_PAGE: &str = "/itsm/tickets?page_size=10000";

const SELECT_ALL: &str = "
    const done = arguments[arguments.length - 1];
    const box = document.querySelector('.select-all');
    const start = performance.now();
    box.click();
    requestAnimationFrame(() => requestAnimationFrame(() => done({
        ms: performance.now() - start,
        rows: document.querySelectorAll('.ticket-row').length,
        ticked: document.querySelectorAll('.row-select:checked').length,
        count: document.querySelector('.batch-count').textContent })));";

const BATCH_DONE: &str = "(() => {
    const at = name => performance.getEntriesByName(name, 'mark')[0]?.startTime;
    const end = at('batch:end');
    if (end === undefined) { return null; }
    return { ms: end - at('batch:start'),
             peak: Number(document.querySelector('.batch-bar').dataset.peakInFlight),
             done: parseInt(document.querySelector('.batch-summary').textContent, 10),
             summary: document.querySelector('.batch-summary').textContent };
})()";

/// A back-end whose waiting list the bench approves from.
struct Queue {
    label: &'static str,
    /// The waiting list, 100 rows per page.
    path: &'static str,
    /// Run before opening it (e.g. remembering the ITSM user name).
    setup: &'static str,
}

const QUEUES: [Queue; 2] = [
    Queue {
        label: "ITSM",
        path: "/itsm/waiting?page_size=100",
        setup: "localStorage.setItem('ticket-desk:identity:itsm', JSON.stringify('admin'));",
    },
    Queue {
        label: "DMS",
        path: "/dms/waiting?PageSize=100",
        setup: "",
    },
];

fn number(value: &Value, key: &str) -> f64 {
    value[key].as_f64().unwrap_or(f64::NAN)
}

async fn select_all(session: &Session) -> Value {
    session.open(BIG_PAGE).await;
    session
        .wait_for_js("document.querySelectorAll('.ticket-row').length > 0 && document.querySelector('.select-all')")
        .await;
    session
        .client
        .execute_async(SELECT_ALL, Vec::new())
        .await
        .expect("select all")
}

async fn batch(queue: &Queue) -> Value {
    let session = Session::start().await;
    session.open("/").await;
    session.execute(queue.setup, Vec::new()).await;
    session.open(queue.path).await;
    session
        .wait_for_js("document.querySelectorAll('.ticket-row').length > 0 && document.querySelector('.select-all')")
        .await;
    session.find(".select-all").await.click().await.unwrap();
    session
        .find("[data-batch=approve]")
        .await
        .click()
        .await
        .unwrap();
    let result = session.wait_for_js(BATCH_DONE).await;
    session.close().await;
    result
}

#[tokio::main]
async fn main() {
    let runs = e2e::bench_runs();

    println!("Select all on {BIG_PAGE}, {runs} runs (ms from click to the repaint)");
    let session = Session::start().await;
    let mut times = Vec::new();
    for run in 1..=runs {
        let result = select_all(&session).await;
        println!(
            "{run:>6} {:>8.1} ms  rows in DOM {:>3}  ticked {:>3}  {}",
            number(&result, "ms"),
            number(&result, "rows"),
            number(&result, "ticked"),
            result["count"].as_str().unwrap_or_default()
        );
        times.push(number(&result, "ms"));
    }
    println!("median {:>8.1} ms", median(times));
    session.close().await;

    for queue in &QUEUES {
        println!(
            "\nBatch approval of a 100-row page, {} ({}), {runs} runs",
            queue.label, queue.path
        );
        let (mut walls, mut peaks) = (Vec::new(), Vec::new());
        for run in 1..=runs {
            let result = batch(queue).await;
            println!(
                "{run:>6} {:>8.0} ms  peak in flight {}  applied {:>3}  {}",
                number(&result, "ms"),
                number(&result, "peak"),
                number(&result, "done"),
                result["summary"].as_str().unwrap_or_default()
            );
            walls.push(number(&result, "ms"));
            peaks.push(number(&result, "peak"));
        }
        println!(
            "median {:>8.0} ms  peak in flight {}",
            median(walls),
            median(peaks)
        );
    }
}

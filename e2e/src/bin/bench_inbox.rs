//! Benchmark of the inbox with a queue of 3 × 1,000 waiting tickets, in headless Chromium
//! against the demo gateway:
//!
//! ```sh
//! make build                                    # or set TICKET_DESK_DIST / TICKET_DESK_GATEWAY
//! cargo run --release -p e2e --bin bench_inbox  # BENCH_RUNS=10 for more runs (default 5)
//! ```
//!
//! Three instances (`itsm-a`, `itsm-b`, `itsm-c`) all point at the demo ITSM, whose user `admin`
//! has more than 1,000 waiting tickets, so each answers with the inbox's limit of 1,000 rows.
//! Each run loads `/inbox` afresh and reads the app's User Timing marks: first rows drawn
//! (`inbox:first-rows`), every instance answered and drawn (`inbox:all-loaded`), and the last
//! merge of the answers into the sorted queue (`inbox:merge-start` to `inbox:merge-end`). The
//! floor, in the same run, is one instance's "waiting for me" list of the same 1,000 tickets
//! (`/itsm-a/waiting?page_size=1000`, mark `list:rendered`): the inbox asks three times as much
//! and merges it. Figures, not a test: nothing fails.

use e2e::Session;
use serde_json::Value;

const INSTANCES: [&str; 3] = ["itsm-a", "itsm-b", "itsm-c"];
const ROWS_PER_INSTANCE: u64 = 1000;
const FLOOR: &str = "/itsm-a/waiting?page_size=1000";

/// Marks relative to navigation start (ms) once every instance has answered; the merge is the
/// last one measured.
const INBOX_MARKS: &str = "(() => {
    const all = name => performance.getEntriesByName(name, 'mark');
    const at = name => all(name)[0]?.startTime;
    const loaded = at('inbox:all-loaded');
    if (loaded === undefined) { return null; }
    const starts = all('inbox:merge-start'), ends = all('inbox:merge-end');
    const merge = ends[ends.length - 1].startTime - starts[starts.length - 1].startTime;
    const total = Number(document.querySelector('[role=table]').getAttribute('aria-rowcount')) - 1;
    const failed = document.querySelector('.inbox-source[data-state=failed]')?.textContent;
    return { first: at('inbox:first-rows'), loaded, merge, total, failed: failed ?? null };
})()";

const FLOOR_MARKS: &str = "(() => {
    const at = name => performance.getEntriesByName(name, 'mark')[0]?.startTime;
    const rendered = at('list:rendered');
    return rendered === undefined ? null : { rendered };
})()";

fn config() -> String {
    let backends: Vec<String> = INSTANCES
        .iter()
        .map(|id| {
            format!(
                r#"{{ "id": "{id}", "kind": "itsm", "label": "ITSM {id}", "base_url": "/proxy/itsm", "enabled": true }}"#
            )
        })
        .collect();
    format!(r#"{{ "backends": [{}] }}"#, backends.join(","))
}

fn number(value: &Value, key: &str) -> f64 {
    value[key].as_f64().unwrap_or(f64::NAN)
}

#[tokio::main]
async fn main() {
    let runs = e2e::bench_runs();
    let (session, _dist) = Session::start_with_config(&config()).await;
    session.open("/").await;
    for id in INSTANCES {
        let script =
            format!("localStorage.setItem('ticket-desk:identity:{id}', JSON.stringify('admin'));");
        session.execute(&script, vec![]).await;
    }
    let (mut first, mut loaded, mut merge, mut floor) = (vec![], vec![], vec![], vec![]);
    println!(
        "run  first rows  all loaded  merge+sort  floor (1 × 1,000)   ms from navigation start"
    );
    for run in 1..=runs {
        session.open("/inbox").await;
        let marks = session.wait_for_js(INBOX_MARKS).await;
        assert!(marks["failed"].is_null(), "an instance failed: {marks}");
        assert_eq!(
            marks["total"].as_u64(),
            Some(ROWS_PER_INSTANCE * INSTANCES.len() as u64),
            "a full queue: {marks}"
        );
        session.open(FLOOR).await;
        let floor_marks = session.wait_for_js(FLOOR_MARKS).await;
        let run_figures = (
            number(&marks, "first"),
            number(&marks, "loaded"),
            number(&marks, "merge"),
            number(&floor_marks, "rendered"),
        );
        println!(
            "{run:>3}  {:>10.1}  {:>10.1}  {:>10.1}  {:>17.1}",
            run_figures.0, run_figures.1, run_figures.2, run_figures.3
        );
        first.push(run_figures.0);
        loaded.push(run_figures.1);
        merge.push(run_figures.2);
        floor.push(run_figures.3);
    }
    let (first, loaded, merge, floor) = (
        e2e::median(first),
        e2e::median(loaded),
        e2e::median(merge),
        e2e::median(floor),
    );
    println!("median {first:>8.1}  {loaded:>10.1}  {merge:>10.1}  {floor:>17.1}");
    println!(
        "3 × 1,000 queue: first rows {:.2}× and all loaded {:.2}× one instance's 1,000-row list; \
         merge and sort of 3,000 rows {merge:.1} ms",
        first / floor,
        loaded / floor
    );
    session.close().await;
}

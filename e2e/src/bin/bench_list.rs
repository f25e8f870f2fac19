//! Benchmark of the ITSM list at its largest page (10,000 rows), in headless Chromium against
//! the demo gateway, with the same set-up as the end-to-end tests:
//!
//! ```sh
//! make build                                   # or set TICKET_DESK_DIST / TICKET_DESK_GATEWAY
//! cargo run --release -p e2e --bin bench_list  # BENCH_RUNS=10 for more runs (default 5)
//! ```
//!
//! Each run loads `/itsm/tickets?page_size=10000` afresh and reads the app's User Timing marks
//! (`list:response`, `list:decoded`, `list:rendered`), counts the row elements in the DOM, then
//! scrolls the table to its end and, separately, through every row one screen per frame.
//! Prints one line per run and the median of each column. Figures, not a test: nothing fails.

use e2e::Session;
use serde_json::Value;

const PAGE: &str = "/itsm/tickets?page_size=10000";

/// Marks relative to navigation start (ms), once `list:rendered` exists.
const MARKS: &str = "(() => {
    const at = name => performance.getEntriesByName(name, 'mark')[0]?.startTime;
    const rendered = at('list:rendered');
    if (rendered === undefined) { return null; }
    return { response: at('list:response'), decoded: at('list:decoded'), rendered,
             rows: document.querySelectorAll('.ticket-row').length,
             total: Number(document.querySelector('[role=table]').getAttribute('aria-rowcount')) - 1 };
})()";

/// Jumps to the end and waits (frame by frame) for the last row to be in the DOM.
const SCROLL_TO_END: &str = "
    const done = arguments[arguments.length - 1];
    const viewport = document.querySelector('.table-viewport');
    const last = Number(document.querySelector('[role=table]').getAttribute('aria-rowcount')) - 2;
    const start = performance.now();
    viewport.scrollTop = viewport.scrollHeight;
    const check = () => {
        if (document.querySelector(`.ticket-row[data-index='${last}']`)) {
            requestAnimationFrame(() => done({ ms: performance.now() - start,
                rows: document.querySelectorAll('.ticket-row').length }));
        } else { requestAnimationFrame(check); }
    };
    requestAnimationFrame(check);";

/// Scrolls from the top through every row, one screen per frame, timing each frame.
const SCROLL_THROUGH: &str = "
    const done = arguments[arguments.length - 1];
    const viewport = document.querySelector('.table-viewport');
    viewport.scrollTop = 0;
    let previous = performance.now(), longest = 0, frames = 0, most = 0;
    const started = previous;
    const step = () => {
        const now = performance.now();
        longest = Math.max(longest, now - previous);
        previous = now;
        most = Math.max(most, document.querySelectorAll('.ticket-row').length);
        if (viewport.scrollTop + viewport.clientHeight >= viewport.scrollHeight - 1) {
            done({ frames, mean: (now - started) / Math.max(frames, 1), longest, most });
            return;
        }
        frames += 1;
        viewport.scrollTop += viewport.clientHeight;
        requestAnimationFrame(step);
    };
    requestAnimationFrame(step);";

#[derive(Default, Clone)]
struct Run {
    fetch_ms: f64,
    decode_ms: f64,
    response_to_rendered_ms: f64,
    load_to_rendered_ms: f64,
    rows: f64,
    scroll_end_ms: f64,
    rows_at_end: f64,
    frame_mean_ms: f64,
    frame_longest_ms: f64,
    most_rows: f64,
}

fn number(value: &Value, key: &str) -> f64 {
    value[key].as_f64().unwrap_or(f64::NAN)
}

fn median(runs: &[Run], field: impl Fn(&Run) -> f64) -> f64 {
    e2e::median(runs.iter().map(field).collect())
}

fn print_row(label: &str, run: &Run) {
    println!(
        "{label:>6} {:>9.1} {:>9.1} {:>11.1} {:>11.1} {:>6.0} {:>10.1} {:>7.0} {:>10.1} {:>10.1} {:>8.0}",
        run.fetch_ms,
        run.decode_ms,
        run.response_to_rendered_ms,
        run.load_to_rendered_ms,
        run.rows,
        run.scroll_end_ms,
        run.rows_at_end,
        run.frame_mean_ms,
        run.frame_longest_ms,
        run.most_rows,
    );
}

async fn measure(session: &Session) -> Run {
    session.open(PAGE).await;
    let marks = session.wait_for_js(MARKS).await;
    let response = number(&marks, "response");
    let decoded = number(&marks, "decoded");
    let rendered = number(&marks, "rendered");
    assert_eq!(
        marks["total"].as_u64(),
        Some(10_000),
        "a full page: {marks}"
    );
    let end = session
        .client
        .execute_async(SCROLL_TO_END, Vec::new())
        .await
        .expect("scroll to the end");
    let through = session
        .client
        .execute_async(SCROLL_THROUGH, Vec::new())
        .await
        .expect("scroll through");
    Run {
        fetch_ms: response,
        decode_ms: decoded - response,
        response_to_rendered_ms: rendered - response,
        load_to_rendered_ms: rendered,
        rows: number(&marks, "rows"),
        scroll_end_ms: number(&end, "ms"),
        rows_at_end: number(&end, "rows"),
        frame_mean_ms: number(&through, "mean"),
        frame_longest_ms: number(&through, "longest"),
        most_rows: number(&through, "most"),
    }
}

#[tokio::main]
async fn main() {
    let runs = e2e::bench_runs();
    let session = Session::start().await;
    // The script timeout covers a slow scroll-through on a loaded machine.
    session
        .client
        .update_timeouts(fantoccini::wd::TimeoutConfiguration::new(
            Some(std::time::Duration::from_secs(120)),
            None,
            None,
        ))
        .await
        .expect("set the script timeout");
    println!("ITSM list, {PAGE}, {runs} runs (times in ms; nav = since navigation start)");
    println!(
        "{:>6} {:>9} {:>9} {:>11} {:>11} {:>6} {:>10} {:>7} {:>10} {:>10} {:>8}",
        "run",
        "nav->resp",
        "decode",
        "resp->rend",
        "nav->rend",
        "rows",
        "to-end",
        "rows@end",
        "frame avg",
        "frame max",
        "max rows"
    );
    let mut results = Vec::with_capacity(runs);
    for index in 1..=runs {
        let run = measure(&session).await;
        print_row(&index.to_string(), &run);
        results.push(run);
    }
    let middle = Run {
        fetch_ms: median(&results, |r| r.fetch_ms),
        decode_ms: median(&results, |r| r.decode_ms),
        response_to_rendered_ms: median(&results, |r| r.response_to_rendered_ms),
        load_to_rendered_ms: median(&results, |r| r.load_to_rendered_ms),
        rows: median(&results, |r| r.rows),
        scroll_end_ms: median(&results, |r| r.scroll_end_ms),
        rows_at_end: median(&results, |r| r.rows_at_end),
        frame_mean_ms: median(&results, |r| r.frame_mean_ms),
        frame_longest_ms: median(&results, |r| r.frame_longest_ms),
        most_rows: median(&results, |r| r.most_rows),
    };
    print_row("median", &middle);
    session.close().await;
}

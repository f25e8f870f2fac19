//! First visit against a hand-written floor, in headless Chromium against the demo gateway:
//!
//! ```sh
//! make build                                           # or set TICKET_DESK_DIST / TICKET_DESK_GATEWAY
//! cargo run --release -p e2e --bin bench_first_visit   # BENCH_RUNS=10 for more runs (default 5)
//! ```
//!
//! (`make bench` does both.) Prints, for the build in `dist/`:
//! 1. the bundle table: each wasm/JS/CSS file a cold visit of Home loads until the navigation's
//!    counts show (the start files, then the lazily loaded parts the counts need), raw, gzip -9
//!    and brotli -q 11, totals against the issue's targets;
//! 2. navigation start to the User Timing mark `shell:ready` (one frame after the shell and home
//!    page are in the DOM) for the app at `/` and for the static floor `bench/floor/index.html`;
//! 3. navigation start to `list:rendered` for the app's ITSM list (`?page_size=` 100, 1,000 and
//!    10,000) and for the floor `bench/floor/list.html`, which sends the same `get_tickets` call
//!    through the same proxy, `JSON.parse`s it and draws 20 rows with DOM calls; with the fetch
//!    (`list:response`) and decode (`list:decoded` - `list:response`) parts.
//!
//! The floor pages are served by the same gateway, from a copy of `dist/` with `floor/` added.
//! Every visit is cold (HTTP cache cleared through DevTools; a visit that still got a file from
//! the cache stops the bench), app and floor alternate within each run, and after one untimed
//! round the medians of `BENCH_RUNS` runs and the ratios app / floor are printed. Figures, not a
//! test: nothing fails on a threshold, but a mark that never appears stops the bench.

mod bundle;

use e2e::{Session, TempDir};
use serde_json::{json, Value};
use std::path::Path;

/// The issue's targets for app / floor.
const TARGET_SHELL: f64 = 1.3;
const TARGET_LIST: f64 = 1.5;
/// Page sizes of the list scaling; the largest is the one compared with its target.
const SIZES: [u64; 3] = [100, 1_000, 10_000];

/// What a page shows once `arguments[0]` is marked (null before): marks in ms since navigation
/// start, the list's size, whether the shell's text is there, and which loaded URLs came from
/// the cache (none may, on a cold visit; the document itself included). A failure is returned at
/// once, as `error`: the floor's (body[data-error]) or the app's (a list error, the start-up
/// error page, any other non-empty alert).
const PROBE: &str = "
    const at = name => { const m = performance.getEntriesByName(name, 'mark')[0]; return m ? m.startTime : null; };
    const floorError = document.body && document.body.getAttribute('data-error');
    if (floorError) { return { error: floorError }; }
    const appError = [...document.querySelectorAll('.list-error, .startup-error, [role=alert]')]
        .map(e => e.innerText.replace(/\\s+/g, ' ').trim()).find(text => text);
    if (appError) { return { error: appError.slice(0, 500) }; }
    const ready = at(arguments[0]);
    if (ready === null) { return null; }
    const appTable = document.querySelector('[role=table]');
    const floorTable = document.querySelector('[data-items]');
    const items = appTable ? Number(appTable.getAttribute('aria-rowcount')) - 1
        : floorTable ? Number(floorTable.getAttribute('data-items')) : null;
    const resources = performance.getEntriesByType('resource');
    const fromNetwork = new Set(resources.filter(e => e.transferSize > 0).map(e => e.name));
    const cached = resources.filter(e => e.transferSize === 0 && e.decodedBodySize > 0
        && !fromNetwork.has(e.name)).map(e => e.name);
    const navigation = performance.getEntriesByType('navigation')[0];
    if (!navigation || navigation.transferSize === 0) { cached.unshift(location.href + ' (the document)'); }
    const transferred = resources.reduce((sum, e) => sum + e.transferSize,
        navigation ? navigation.transferSize : 0);
    // The app's start files (not its lazily loaded parts) all there.
    const files = Math.max(...resources.filter(e => /\\.(wasm|js|css)$/.test(e.name)
        && !/\\/(chunk|split)_/.test(e.name)).map(e => e.responseEnd));
    return { ready, response: at('list:response'), decoded: at('list:decoded'), items,
        files, started: at('app:started'), configured: at('app:config'),
        rows: document.querySelectorAll('.ticket-row').length,
        shell: !!document.querySelector('.topbar .brand') && !!document.querySelector('.home h1'),
        cached: [...new Set(cached)], transferred };";

/// Opens `path` with an empty HTTP cache.
async fn open_cold(session: &Session, path: &str) {
    session
        .client
        .goto("about:blank")
        .await
        .expect("leave the page");
    session
        .devtools("Network.clearBrowserCache", json!({}))
        .await;
    session.open(path).await;
}

/// The wasm, JS and CSS files a cold visit of Home loads until the navigation shows a count
/// (the demo's DMS always has one), relative to the app's folder, in the order they came.
async fn home_files(session: &Session) -> Vec<String> {
    open_cold(session, "/").await;
    session.find(".backend-nav .waiting-count").await;
    let files = session
        .execute(
            "return performance.getEntriesByType('resource')
                .map(e => new URL(e.name))
                .filter(url => url.origin === location.origin && /\\.(wasm|js|css)$/.test(url.pathname))
                .map(url => url.pathname.split('/').pop());",
            vec![],
        )
        .await;
    serde_json::from_value(files).expect("a list of file names")
}

/// One cold visit: ms since navigation start.
#[derive(Debug, Clone, Copy, Default)]
struct Visit {
    ready: f64,
    response: f64,
    decoded: f64,
    transferred_kb: f64,
    /// The app's start files fetched, its `main` started, config.json read (app visits).
    files: f64,
    started: f64,
    configured: f64,
}

impl Visit {
    fn decode(&self) -> f64 {
        self.decoded - self.response
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Side {
    App,
    Floor,
}

#[derive(Debug, Default)]
struct Run {
    shell: [Visit; 2],
    /// Per entry of [`SIZES`]: app, floor.
    lists: Vec<[Visit; 2]>,
}

fn path(side: Side, list_size: Option<u64>) -> String {
    match (side, list_size) {
        (Side::App, None) => "/".into(),
        (Side::Floor, None) => "/floor/index.html".into(),
        (Side::App, Some(size)) => format!("/itsm/tickets?page_size={size}"),
        (Side::Floor, Some(size)) => format!("/floor/list.html?page_size={size}"),
    }
}

/// Opens `path` with an empty HTTP cache and waits for `mark`; stops the bench when it never
/// comes, when the page reports a failure, or when the page is not what was asked for.
async fn cold_visit(session: &Session, path: &str, mark: &str, list_size: Option<u64>) -> Visit {
    open_cold(session, path).await;
    let what = format!("the mark `{mark}` on {path}");
    let seen = session
        .wait_for(
            &what,
            || session.execute(PROBE, vec![mark.into()]),
            |seen: &Value| !seen.is_null(),
        )
        .await;
    if let Some(error) = seen["error"].as_str() {
        panic!("{path} failed: {error}");
    }
    let cached = seen["cached"].as_array().cloned().unwrap_or_default();
    assert!(
        cached.is_empty(),
        "not a cold visit of {path}: from the cache {cached:?}"
    );
    match list_size {
        Some(size) => assert!(
            seen["items"].as_u64() == Some(size) && seen["rows"].as_u64() > Some(0),
            "{path}: expected {size} tickets on the page and rows on screen, saw {seen}"
        ),
        None => assert!(
            seen["shell"] == true,
            "{path}: no top bar or home page text: {seen}"
        ),
    }
    let number = |key: &str| seen[key].as_f64().unwrap_or(f64::NAN);
    Visit {
        ready: number("ready"),
        response: number("response"),
        decoded: number("decoded"),
        transferred_kb: number("transferred") / 1000.0,
        files: number("files"),
        started: number("started"),
        configured: number("configured"),
    }
}

/// App and floor for one page, the floor first in odd runs so neither always goes first.
async fn pair(session: &Session, list_size: Option<u64>, floor_first: bool) -> [Visit; 2] {
    let mark = if list_size.is_some() {
        "list:rendered"
    } else {
        "shell:ready"
    };
    let order = if floor_first {
        [Side::Floor, Side::App]
    } else {
        [Side::App, Side::Floor]
    };
    let mut visits = [Visit::default(); 2];
    for side in order {
        let visit = cold_visit(session, &path(side, list_size), mark, list_size).await;
        visits[if side == Side::App { 0 } else { 1 }] = visit;
    }
    visits
}

async fn run(session: &Session, index: usize) -> Run {
    let floor_first = index % 2 == 1;
    let mut run = Run {
        shell: pair(session, None, floor_first).await,
        lists: Vec::new(),
    };
    for size in SIZES {
        run.lists.push(pair(session, Some(size), floor_first).await);
    }
    run
}

/// A copy of the build with the floor pages under `floor/`.
fn dist_with_floor(dist: &Path) -> TempDir {
    let served = TempDir::new("bench-dist");
    e2e::copy_dir(dist, &served.0);
    e2e::copy_dir(
        &e2e::repo_root().join("bench/floor"),
        &served.0.join("floor"),
    );
    served
}

fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|line| line.strip_prefix("model name"))
        .map(|rest| rest.trim_start_matches([' ', '\t', ':']).to_string())
        .unwrap_or_else(|| "unknown CPU".into());
    let cpus = cpuinfo
        .lines()
        .filter(|line| line.starts_with("processor"))
        .count();
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let version = std::process::Command::new(&chromium)
        .arg("--version")
        .output()
        .ok()
        .and_then(|out| String::from_utf8(out.stdout).ok())
        .and_then(|text| {
            text.split(" built on")
                .next()
                .map(|line| line.trim().to_string())
        })
        .unwrap_or_else(|| format!("{chromium} (version unknown)"));
    format!("{model}, {cpus} CPUs; {version}")
}

fn load_average() -> String {
    let text = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    text.split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

fn median_of(runs: &[Run], value: impl Fn(&Run) -> f64) -> f64 {
    e2e::median(runs.iter().map(value).collect())
}

fn print_runs_header() {
    print!("{:>4} {:>8} {:>8}", "run", "shell", "floor");
    for size in SIZES {
        print!(" {:>9} {:>8}", format!("list{}", short(size)), "floor");
    }
    println!();
}

fn print_run(index: usize, run: &Run) {
    print!(
        "{index:>4} {:>8.0} {:>8.0}",
        run.shell[0].ready, run.shell[1].ready
    );
    for list in &run.lists {
        print!(" {:>9.0} {:>8.0}", list[0].ready, list[1].ready);
    }
    println!();
}

fn thousands(number: u64) -> String {
    match number {
        0..=999 => number.to_string(),
        _ => format!("{},{:03}", thousands(number / 1000), number % 1000),
    }
}

fn short(size: u64) -> String {
    if size >= 1000 {
        format!("{}k", size / 1000)
    } else {
        size.to_string()
    }
}

fn print_medians(runs: &[Run]) {
    let (largest_at, largest) = SIZES
        .iter()
        .enumerate()
        .max_by_key(|(_, size)| **size)
        .expect("SIZES is not empty");
    let list_label = format!("{}-row first rows (list:rendered)", thousands(*largest));
    println!();
    println!(
        "Medians of {} cold runs (ms since navigation start)",
        runs.len()
    );
    println!(
        "{:<38} {:>8} {:>8} {:>7} {:>8}",
        "metric", "app", "floor", "ratio", "target"
    );
    let rows = [
        ("shell ready (shell:ready)", TARGET_SHELL, None),
        (list_label.as_str(), TARGET_LIST, Some(largest_at)),
    ];
    for (label, target, list) in rows {
        let pick = |side: usize| {
            median_of(runs, |run| match list {
                Some(at) => run.lists[at][side].ready,
                None => run.shell[side].ready,
            })
        };
        let (app, floor) = (pick(0), pick(1));
        println!(
            "{label:<38} {app:>8.1} {floor:>8.1} {:>6.2}x {:>8}",
            app / floor,
            format!("<= {target}x")
        );
    }
    let step = |value: fn(&Visit) -> f64| median_of(runs, |run| value(&run.shell[0]));
    println!(
        "where the app's shell time goes (ms): start files fetched {:.1}, main started {:.1}, config read {:.1}, ready {:.1}",
        step(|v| v.files),
        step(|v| v.started),
        step(|v| v.configured),
        step(|v| v.ready)
    );
    let transferred = |side: usize| median_of(runs, |run| run.shell[side].transferred_kb);
    println!(
        "bytes over the wire for the shell (Resource Timing transferSize): app {:.1} KB, floor {:.1} KB",
        transferred(0),
        transferred(1)
    );

    println!();
    println!(
        "List scaling (medians, ms): nav->response, decode (decoded - response), nav->rendered"
    );
    println!(
        "{:>7} | {:>9} {:>8} {:>9} | {:>9} {:>8} {:>9} | {:>6}",
        "rows", "app resp", "decode", "rendered", "floor resp", "parse", "rendered", "ratio"
    );
    for (at, size) in SIZES.iter().enumerate() {
        let pick = |side: usize, value: fn(&Visit) -> f64| {
            median_of(runs, |run| value(&run.lists[at][side]))
        };
        let (app, floor) = (pick(0, |v| v.ready), pick(1, |v| v.ready));
        println!(
            "{:>7} | {:>9.1} {:>8.1} {:>9.1} | {:>9.1} {:>8.1} {:>9.1} | {:>5.2}x",
            thousands(*size),
            pick(0, |v| v.response),
            pick(0, Visit::decode),
            app,
            pick(1, |v| v.response),
            pick(1, Visit::decode),
            floor,
            app / floor
        );
    }
}

#[tokio::main]
async fn main() {
    let runs = e2e::bench_runs();
    let dist = e2e::dist_dir();
    println!(
        "Ticket Desk first visit vs hand-written floor: {}",
        dist.display()
    );
    println!("machine: {}; load average {}", machine(), load_average());
    println!();
    let served = dist_with_floor(&dist);
    let session = Session::start_with_dist(&served.0).await;
    bundle::print_table(&dist, &home_files(&session).await);
    println!();
    println!(
        "Per run (ms from navigation start to the mark; every visit cold; after 1 untimed round)"
    );
    run(&session, 0).await;
    print_runs_header();
    let mut results = Vec::with_capacity(runs);
    for index in 1..=runs {
        let result = run(&session, index).await;
        print_run(index, &result);
        results.push(result);
    }
    print_medians(&results);
    println!("load average at the end: {}", load_average());
    session.close().await;
}

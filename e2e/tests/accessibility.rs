//! Every page against axe-core's WCAG 2.0 and 2.1 A and AA rules, in both languages and both
//! themes, in one browser session: the home page, the inbox and, per back-end, the create page, the list,
//! "waiting for me" and one ticket's page (ZStack logged in as the demo user). The same walk
//! checks that no page logs an error (a failed load, the icon included, counts).
//!
//! axe-core comes from `scripts/setup.sh` (`.tools/axe`); `AXE_CORE_JS` points at another copy.
//! The run prints what it found (with `--nocapture`) and fails with the list: rule, impact,
//! the elements (CSS selectors), what is wrong, and where it was seen.

use e2e::prefs::{data_theme, html_lang, remember};
use e2e::{itsm, repo_root, zstack, Session, PATIENCE};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// The languages and themes every page is checked in.
const SETTINGS: [(&str, &str); 4] = [
    ("en", "light"),
    ("en", "dark"),
    ("zh-CN", "light"),
    ("zh-CN", "dark"),
];
const BACKENDS: [&str; 3] = ["itsm", "dms", "zstack"];

/// Nothing still loading: no busy region, no loading note.
const SETTLED: &str = "!document.querySelector('[aria-busy=true], .loading, .list-loading')";

fn axe_source() -> String {
    let path = std::env::var_os("AXE_CORE_JS")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join(".tools/axe/node_modules/axe-core/axe.min.js"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}: run scripts/setup.sh (it installs axe-core)",
            path.display()
        )
    })
}

/// One page to check and the JavaScript condition that says its content is there.
struct Page {
    path: String,
    ready: String,
}

impl Page {
    fn new(path: impl Into<String>, ready: &str) -> Page {
        Page {
            path: path.into(),
            ready: format!("({ready}) && {SETTLED}"),
        }
    }
}

fn create_page(backend: &str) -> Page {
    let form = "document.querySelector('form.ticket-form button[type=submit]')";
    if backend == "itsm" {
        // The services load after the page; the picker is part of it.
        let services = "document.querySelector('#service-picker option:not([value=\"\"])')";
        Page::new(format!("/{backend}/new"), &format!("{form} && {services}"))
    } else {
        Page::new(format!("/{backend}/new"), form)
    }
}

fn list_page(path: String) -> Page {
    Page::new(path, "document.querySelector('.ticket-row')")
}

fn detail_page(path: String) -> Page {
    Page::new(
        path,
        "document.querySelector('.ticket-detail .detail-title') \
         && document.querySelector('.detail-status .badge')",
    )
}

/// One rule axe found broken on a page: its id, impact, help text, and per element flagged
/// its selector (parts joined by ` >>> ` when inside a frame or shadow root) and summary.
#[derive(Debug)]
struct Violation {
    id: String,
    impact: String,
    help: String,
    nodes: Vec<(String, String)>,
}

impl Violation {
    /// From axe's `result.violations[i]`.
    fn read(json: &serde_json::Value) -> Violation {
        let text = |value: &serde_json::Value| value.as_str().unwrap_or("?").to_string();
        let nodes = json["nodes"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|node| {
                let target = node["target"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|part| {
                        part.as_str()
                            .map_or_else(|| part.to_string(), str::to_string)
                    })
                    .collect::<Vec<_>>()
                    .join(" >>> ");
                let summary = node["failureSummary"]
                    .as_str()
                    .unwrap_or_default()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                (target, summary)
            })
            .collect();
        Violation {
            id: text(&json["id"]),
            impact: text(&json["impact"]),
            help: text(&json["help"]),
            nodes,
        }
    }
}

/// One rule's findings: its impact and help, and per element flagged (by selector) the first
/// summary axe gave and every place it was seen.
struct RuleFindings {
    impact: String,
    help: String,
    elements: BTreeMap<String, (String, Vec<String>)>,
}

/// What one walk found, grouped so that one broken element seen on many pages is one line.
#[derive(Default)]
struct Findings {
    violations: BTreeMap<String, RuleFindings>,
    errors: Vec<String>,
    problems: Vec<String>,
    /// The settings whose language or theme did not take (said once, not per page).
    settings_not_taken: BTreeSet<String>,
}

impl Findings {
    fn add_violations(&mut self, place: &str, violations: Vec<Violation>) {
        for violation in violations {
            let rule = self
                .violations
                .entry(violation.id)
                .or_insert_with(|| RuleFindings {
                    impact: violation.impact,
                    help: violation.help,
                    elements: BTreeMap::new(),
                });
            for (target, summary) in violation.nodes {
                let seen = rule
                    .elements
                    .entry(target)
                    .or_insert_with(|| (summary, Vec::new()));
                seen.1.push(place.to_string());
            }
        }
    }

    fn report(&self) -> String {
        let mut out = String::new();
        if !self.violations.is_empty() {
            let _ = writeln!(out, "axe (WCAG 2.0/2.1 A and AA) violations:");
        }
        for (id, rule) in &self.violations {
            let _ = writeln!(out, "\n{id} ({}): {}", rule.impact, rule.help);
            for (target, (summary, seen)) in rule.elements.iter().take(12) {
                let _ = writeln!(
                    out,
                    "  - {target}\n      {summary}\n      seen on {}",
                    places(seen)
                );
            }
            if rule.elements.len() > 12 {
                let _ = writeln!(out, "  … and {} more elements", rule.elements.len() - 12);
            }
        }
        if !self.errors.is_empty() {
            let _ = writeln!(out, "\nerrors logged by the pages:");
            for error in &self.errors {
                let _ = writeln!(out, "  - {error}");
            }
        }
        if !self.problems.is_empty() {
            let _ = writeln!(out, "\nthe walk itself:");
            for problem in &self.problems {
                let _ = writeln!(out, "  - {problem}");
            }
        }
        out
    }
}

/// "en/light /itsm/new, ..." shortened: the paths, then the settings they were seen in.
fn places(seen: &[String]) -> String {
    let mut paths: Vec<&str> = Vec::new();
    let mut settings: Vec<&str> = Vec::new();
    for place in seen {
        let (setting, path) = place.split_once(' ').unwrap_or((place, ""));
        if !paths.contains(&path) {
            paths.push(path);
        }
        if !settings.contains(&setting) {
            settings.push(setting);
        }
    }
    format!("{} ({})", paths.join(", "), settings.join(", "))
}

/// Polls `expression` until it is truthy; false when it never is.
async fn became_true(session: &Session, expression: &str) -> bool {
    let script = format!("return !!({expression});");
    let start = Instant::now();
    while start.elapsed() < PATIENCE {
        if session.execute(&script, vec![]).await == true {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

/// Runs axe on the page on screen.
async fn run_axe(session: &Session, source: &str) -> Result<Vec<Violation>, String> {
    session.execute(source, vec![]).await;
    let result = session
        .execute_async(
            "const done = arguments[arguments.length - 1];
             window.axe.run(document, {
                 runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
                 resultTypes: ['violations'],
             }).then(r => done({ violations: r.violations.map(v => ({
                 id: v.id, impact: v.impact, help: v.help,
                 nodes: v.nodes.map(n => ({ target: n.target, failureSummary: n.failureSummary })),
             })) }), e => done({ error: String(e) }));",
            vec![],
        )
        .await;
    if let Some(error) = result.get("error") {
        return Err(format!("axe failed: {error}"));
    }
    match result["violations"].as_array() {
        Some(violations) => Ok(violations.iter().map(Violation::read).collect()),
        None => Err(format!("axe's answer has no violations list: {result}")),
    }
}

/// Opens `page`, waits for it, checks the language and theme took, runs axe and reads the log.
async fn check(
    session: &Session,
    axe: &str,
    setting: (&str, &str),
    page: &Page,
    found: &mut Findings,
) {
    let (lang, theme) = setting;
    let place = format!("{lang}/{theme} {}", page.path);
    session.open(&page.path).await;
    if !became_true(session, &page.ready).await {
        found.problems.push(format!(
            "{place}: the content never appeared ({})",
            page.ready
        ));
    }
    let (seen_lang, seen_theme) = (html_lang(session).await, data_theme(session).await);
    let setting_taken = seen_lang == lang && seen_theme.as_deref() == Some(theme);
    if !setting_taken && found.settings_not_taken.insert(format!("{lang}/{theme}")) {
        found.problems.push(format!(
            "{place}: the page is in lang={seen_lang:?} data-theme={seen_theme:?}, not the one \
             chosen (said once per setting)"
        ));
    }
    match run_axe(session, axe).await {
        Ok(violations) => found.add_violations(&place, violations),
        Err(problem) => found.problems.push(format!("{place}: {problem}")),
    }
    for error in session.console_errors().await {
        found.errors.push(format!("{place}: {error}"));
    }
}

/// A walk that finds nothing proves little unless it would have: plants a broken image (no
/// alt text, a 404) and a `console.error` on the home page and checks both reports see them.
async fn self_check(session: &Session, axe: &str, found: &mut Findings) {
    session.open("/").await;
    session.find(".backend-cards li").await;
    session
        .execute(
            "document.querySelector('main').insertAdjacentHTML('beforeend',
                 '<img id=\"e2e-planted\" src=\"/e2e-planted-missing.png\">');
             console.error('e2e planted error');",
            vec![],
        )
        .await;
    match run_axe(session, axe).await {
        Ok(violations) => {
            let caught = violations.iter().any(|v| {
                v.id == "image-alt" && v.nodes.iter().any(|(target, _)| target == "#e2e-planted")
            });
            if !caught {
                found.problems.push(format!(
                    "self-check: axe missed an image without alt text: {violations:?}"
                ));
            }
        }
        Err(problem) => found.problems.push(format!("self-check: {problem}")),
    }
    let start = Instant::now();
    let mut logged = Vec::new();
    while start.elapsed() < PATIENCE {
        logged.extend(session.console_errors().await);
        let has = |text: &str| logged.iter().any(|entry: &String| entry.contains(text));
        if has("e2e planted error") && has("e2e-planted-missing.png") {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    found.problems.push(format!(
        "self-check: the browser log missed a console.error or a 404: {logged:?}"
    ));
}

/// The path of the first ticket's own page in the list on screen.
async fn first_ticket_path(session: &Session) -> Option<String> {
    let href = session
        .execute(
            "return document.querySelector('.ticket-row a:not([target])')?.getAttribute('href');",
            vec![],
        )
        .await;
    href.as_str().map(str::to_string)
}

#[tokio::test]
async fn every_page_passes_axe_in_both_languages_and_themes_and_logs_no_errors() {
    let axe = axe_source();
    let session = Session::start().await;
    // Who the pages work for: the ITSM approver's name, and a ZStack session in this tab.
    itsm::remember_admin(&session).await;
    session.open("/zstack/tickets").await;
    zstack::log_in(&session).await;
    session.find(".ticket-row").await;
    // ZStack's refusal before the login is logged as a failed load; it belongs to the set-up.
    session.console_errors().await;

    let mut found = Findings::default();
    self_check(&session, &axe, &mut found).await;
    let mut details: BTreeMap<&str, String> = BTreeMap::new();
    let started = Instant::now();
    for setting in SETTINGS {
        remember(&session, setting.0, setting.1).await;
        check(
            &session,
            &axe,
            setting,
            &Page::new("/", "document.querySelector('.backend-cards li')"),
            &mut found,
        )
        .await;
        let inbox = Page::new(
            "/inbox",
            "document.querySelector('.ticket-row') \
             && !document.querySelector('.inbox-source[data-state=loading]')",
        );
        check(&session, &axe, setting, &inbox, &mut found).await;
        for backend in BACKENDS {
            check(&session, &axe, setting, &create_page(backend), &mut found).await;
            let list = list_page(format!("/{backend}/tickets"));
            check(&session, &axe, setting, &list, &mut found).await;
            if !details.contains_key(backend) {
                match first_ticket_path(&session).await {
                    Some(path) => {
                        details.insert(backend, path);
                    }
                    None => found
                        .problems
                        .push(format!("/{backend}/tickets: no ticket to open")),
                }
            }
            if let Some(path) = details.get(backend) {
                check(
                    &session,
                    &axe,
                    setting,
                    &detail_page(path.clone()),
                    &mut found,
                )
                .await;
            }
            let waiting = list_page(format!("/{backend}/waiting"));
            check(&session, &axe, setting, &waiting, &mut found).await;
        }
    }
    let report = found.report();
    eprintln!(
        "checked {} settings x 14 pages in {:.0?}\n{report}",
        SETTINGS.len(),
        started.elapsed()
    );
    session.close().await;
    assert!(report.is_empty(), "{report}");
}

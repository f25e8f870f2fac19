//! End-to-end harness: starts `ticket-gateway --demo` serving the release build and a chromedriver,
//! each on a free port, and drives headless Chromium through them with fantoccini.
//! Needs `make build` first (the `test-e2e` make target runs after it). `TICKET_DESK_DIST` and
//! `TICKET_DESK_GATEWAY` point it at another build.
//!
//! A session can start with the browser preferring other languages
//! ([`Session::start_in_language`]), emulate a light or dark system theme
//! ([`Session::prefer_color_scheme`]), and read what the page logged as errors
//! ([`Session::console_errors`]). [`nginx::Nginx`] serves the build under a sub-path in front of
//! a session's gateway ([`Session::base`]); [`Session::open_url`] opens its pages.

pub mod dms;
mod guard;
pub mod itsm;
pub mod nginx;
pub mod prefs;
pub mod zstack;

use fantoccini::elements::Element;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use guard::Guard;
pub use guard::TempDir;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long any wait for the page may take before the test fails.
pub const PATIENCE: Duration = Duration::from_secs(20);

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The release build under test: `dist/`, or `TICKET_DESK_DIST` when set.
pub fn dist_dir() -> PathBuf {
    std::env::var_os("TICKET_DESK_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("dist"))
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// chromedriver and a headless Chromium with a fresh profile, as `launch` asks.
async fn start_browser(
    launch: &Launch<'_>,
) -> Result<(Client, Guard, TempDir), fantoccini::error::NewSessionError> {
    let driver_port = free_port();
    let chromedriver =
        std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
    let mut driver = Guard::new(
        Command::new(chromedriver)
            .arg(format!("--port={driver_port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver (apt-get install chromium-driver)"),
    );
    wait_for_port(driver_port, "chromedriver", &mut driver.0);

    let profile = TempDir::new("chromium-profile");
    let mut caps = serde_json::Map::new();
    // `--lang` does not reach navigator.languages in headless Chromium; the profile's
    // accept-languages preference does.
    let prefs = match launch.languages {
        Some(languages) => serde_json::json!({ "intl": { "accept_languages": languages } }),
        None => serde_json::json!({}),
    };
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,900",
                format!("--user-data-dir={}", profile.0.display()),
            ],
            "prefs": prefs,
        }),
    );
    // The page's console and failed loads, for `console_errors`.
    caps.insert(
        "goog:loggingPrefs".into(),
        serde_json::json!({ "browser": "ALL" }),
    );
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{driver_port}"))
        .await?;
    Ok((client, driver, profile))
}

fn wait_for_port(port: u16, what: &str, child: &mut Child) {
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Ok(Some(status)) = child.try_wait() {
            panic!("{what} exited before listening: {status}");
        }
        assert!(
            start.elapsed() < PATIENCE,
            "{what} did not listen on port {port}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// How the gateway and the browser of a session are set up; `Default` is the plain demo.
#[derive(Debug, Default, Clone, Copy)]
struct Launch<'a> {
    /// Extra environment of the gateway, e.g. the simulators' knobs.
    env: &'a [(&'a str, &'a str)],
    /// The browser's preferred languages (`navigator.languages`), e.g. `zh-CN,zh`.
    languages: Option<&'a str>,
}

/// The system colour scheme the browser reports to pages (`prefers-color-scheme`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorScheme {
    Light,
    Dark,
}

/// One browser session against one demo gateway.
pub struct Session {
    pub client: Client,
    /// The gateway: `http://127.0.0.1:<port>`, where [`Session::open`] goes.
    pub base: String,
    _gateway: Guard,
    _driver: Guard,
    _profile: TempDir,
}

impl Session {
    /// The demo gateway serving the release build in `dist/`.
    pub async fn start() -> Session {
        Self::launch(&dist_dir(), Launch::default()).await
    }

    /// The demo gateway, with a browser whose preferred languages are `languages` (a
    /// comma-separated list, first preferred first: `zh-CN`, `en-US,en`), as
    /// `navigator.languages` reports them.
    pub async fn start_in_language(languages: &str) -> Session {
        let launch = Launch {
            languages: Some(languages),
            ..Launch::default()
        };
        Self::launch(&dist_dir(), launch).await
    }

    /// The demo gateway serving another build folder (e.g. one with a broken config.json).
    pub async fn start_with_dist(dist: &Path) -> Session {
        Self::launch(dist, Launch::default()).await
    }

    /// The demo gateway serving the release build with `config` as its config.json; the
    /// returned folder must outlive the session.
    pub async fn start_with_config(config: &str) -> (Session, TempDir) {
        let dist = TempDir::new("dist");
        copy_dir(&dist_dir(), &dist.0);
        std::fs::write(dist.0.join("config.json"), config).unwrap();
        (Self::start_with_dist(&dist.0).await, dist)
    }

    /// The demo gateway with extra environment, e.g. the simulators' knobs.
    pub async fn start_with_env(env: &[(&str, &str)]) -> Session {
        let launch = Launch {
            env,
            ..Launch::default()
        };
        Self::launch(&dist_dir(), launch).await
    }

    async fn launch(dist: &Path, launch: Launch<'_>) -> Session {
        let root = repo_root();
        let gateway_bin = std::env::var_os("TICKET_DESK_GATEWAY")
            .map(PathBuf::from)
            .unwrap_or_else(|| root.join("target/release/ticket-gateway"));
        assert!(
            gateway_bin.exists(),
            "{} is missing: run `make build` first",
            gateway_bin.display()
        );
        assert!(
            dist.join("index.html").exists(),
            "{} has no index.html: run `make build` first",
            dist.display()
        );

        let port = free_port();
        let mut gateway = Guard::new(
            Command::new(&gateway_bin)
                .args(["--demo", "--listen", &format!("127.0.0.1:{port}"), "--dist"])
                .arg(dist)
                .env("RUST_LOG", "warn")
                .envs(launch.env.iter().copied())
                .stdout(Stdio::null())
                .spawn()
                .expect("start ticket-gateway"),
        );
        wait_for_port(port, "ticket-gateway", &mut gateway.0);

        // Chromium sometimes fails to start on a busy machine (chromedriver then answers the
        // new session with an empty body): a fresh driver and profile, up to three times.
        let mut attempt = 1;
        let (client, driver, profile) = loop {
            match start_browser(&launch).await {
                Ok(started) => break started,
                Err(error) if attempt < 3 => {
                    eprintln!("starting Chromium failed ({error}); trying again");
                    attempt += 1;
                }
                Err(error) => panic!("connect to chromedriver: {error}"),
            }
        };
        Session {
            client,
            base: format!("http://127.0.0.1:{port}"),
            _gateway: gateway,
            _driver: driver,
            _profile: profile,
        }
    }

    pub async fn open(&self, path: &str) {
        self.open_url(&format!("{}{}", self.base, path)).await;
    }

    /// Opens a whole URL, e.g. a page of another server in front of the gateway.
    pub async fn open_url(&self, url: &str) {
        self.client.goto(url).await.expect("navigate");
    }

    /// Waits until an element matching `css` shows up and returns it.
    pub async fn find(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element `{css}` appeared: {e}"))
    }

    /// Waits until the element matching `css` contains `text`, and returns its whole text.
    pub async fn wait_for_text(&self, css: &str, text: &str) -> String {
        let probe = || async {
            match self.client.find(Locator::Css(css)).await {
                Ok(element) => element.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            }
        };
        let what = format!("`{css}` contains {text:?}");
        self.wait_for(&what, probe, |seen: &String| seen.contains(text))
            .await
    }

    pub async fn current_path(&self) -> String {
        let url = self.client.current_url().await.expect("current url");
        url.path().to_string()
    }

    /// The current URL's query as decoded `(key, value)` pairs, in order.
    pub async fn current_query(&self) -> Vec<(String, String)> {
        let url = self.client.current_url().await.expect("current url");
        url.query_pairs()
            .map(|(key, value)| (key.into_owned(), value.into_owned()))
            .collect()
    }

    /// Runs `script` (a function body; `arguments` holds `args`) and returns what it returns.
    pub async fn execute(&self, script: &str, args: Vec<serde_json::Value>) -> serde_json::Value {
        self.client
            .execute(script, args)
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Runs `script` (a function body; `arguments` holds `args`, then the callback to call with
    /// the result) and returns what it passes to the callback.
    pub async fn execute_async(
        &self,
        script: &str,
        args: Vec<serde_json::Value>,
    ) -> serde_json::Value {
        self.client
            .execute_async(script, args)
            .await
            .unwrap_or_else(|e| panic!("async script failed: {e}\n{script}"))
    }

    /// Makes the browser report `scheme` as the system's colour scheme to every page of this
    /// session from now on, as `matchMedia('(prefers-color-scheme: dark)')` and CSS see it
    /// (Chromium's DevTools `Emulation.setEmulatedMedia`; it lasts across navigations).
    pub async fn prefer_color_scheme(&self, scheme: ColorScheme) {
        let value = match scheme {
            ColorScheme::Light => "light",
            ColorScheme::Dark => "dark",
        };
        let features = [serde_json::json!({ "name": "prefers-color-scheme", "value": value })];
        self.devtools(
            "Emulation.setEmulatedMedia",
            serde_json::json!({ "features": features }),
        )
        .await;
        let dark = self
            .execute(
                "return matchMedia('(prefers-color-scheme: dark)').matches;",
                vec![],
            )
            .await;
        assert_eq!(
            dark,
            scheme == ColorScheme::Dark,
            "the page sees prefers-color-scheme: {value}"
        );
    }

    /// Sends one Chrome DevTools Protocol command to the page's browser (through chromedriver's
    /// `goog/cdp/execute`) and returns its result.
    pub async fn devtools(&self, command: &str, params: serde_json::Value) -> serde_json::Value {
        let body = serde_json::json!({ "cmd": command, "params": params });
        self.driver_call("goog/cdp/execute", body)
            .await
            .unwrap_or_else(|e| panic!("DevTools {command}: {e}"))
    }

    /// What the browser logged as errors since the last call (or the session's start): the
    /// page's `console.error`, uncaught exceptions, and loads that failed (a 404 for an icon,
    /// say), each as Chromium words it, with the URL or source position first.
    pub async fn console_errors(&self) -> Vec<String> {
        let entries = self
            .driver_call("se/log", serde_json::json!({ "type": "browser" }))
            .await
            .unwrap_or_else(|e| panic!("read the browser log: {e}"));
        entries
            .as_array()
            .into_iter()
            .flatten()
            .filter(|entry| entry["level"] == "SEVERE")
            .map(|entry| entry["message"].as_str().unwrap_or_default().to_string())
            .collect()
    }

    /// POSTs `body` to chromedriver's `/session/{id}/{path}`, for its commands that fantoccini
    /// has no method for.
    async fn driver_call(
        &self,
        path: &'static str,
        body: serde_json::Value,
    ) -> Result<serde_json::Value, fantoccini::error::CmdError> {
        self.client.issue_cmd(DriverPost { path, body }).await
    }

    /// Polls the JavaScript `expression` until it is truthy, and returns its value.
    pub async fn wait_for_js(&self, expression: &str) -> serde_json::Value {
        let script = format!("return ({expression});");
        let truthy = |value: &serde_json::Value| match value {
            serde_json::Value::Null | serde_json::Value::Bool(false) => false,
            serde_json::Value::Number(n) => n.as_f64() != Some(0.0),
            serde_json::Value::String(s) => !s.is_empty(),
            _ => true,
        };
        let what = format!("`{expression}` is true");
        self.wait_for(&what, || self.execute(&script, Vec::new()), truthy)
            .await
    }

    /// Polls `check` until it holds; `what` names the condition when it never does.
    pub async fn wait_until<F, Fut>(&self, what: &str, check: F)
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = bool>,
    {
        self.wait_for(what, check, |held| *held).await;
    }

    /// Polls `probe` until `done` holds for what it returns, and returns that; every wait of
    /// the tests goes through here. When time is up it fails naming `what` and the last value.
    pub async fn wait_for<T, F, Fut>(
        &self,
        what: &str,
        mut probe: F,
        done: impl Fn(&T) -> bool,
    ) -> T
    where
        T: std::fmt::Debug,
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = T>,
    {
        let start = Instant::now();
        loop {
            let seen = probe().await;
            if done(&seen) {
                return seen;
            }
            assert!(
                start.elapsed() < PATIENCE,
                "never happened: {what}; last saw {seen:?}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// How many elements match `css` right now.
    pub async fn count(&self, css: &str) -> usize {
        self.client
            .find_all(Locator::Css(css))
            .await
            .map(|found| found.len())
            .unwrap_or(0)
    }

    /// Replaces the text of the input or textarea matching `css`.
    pub async fn fill(&self, css: &str, text: &str) {
        let input = self.find(css).await;
        input
            .clear()
            .await
            .unwrap_or_else(|e| panic!("clear `{css}`: {e}"));
        input
            .send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("type into `{css}`: {e}"));
    }

    /// The current value of the input, select or textarea matching `css`.
    pub async fn value(&self, css: &str) -> String {
        self.find(css)
            .await
            .prop("value")
            .await
            .unwrap()
            .unwrap_or_default()
    }

    /// Clicks the submit button of the page's ticket form.
    pub async fn submit_form(&self) {
        self.find("form.ticket-form button[type=submit]")
            .await
            .click()
            .await
            .unwrap();
    }

    /// Submits the ticket form, waits for the success panel and returns the first fact it
    /// shows (the sn, order id or ticket name).
    pub async fn file_ticket(&self) -> String {
        self.submit_form().await;
        self.find(".outcome.success .fact-value")
            .await
            .text()
            .await
            .unwrap()
    }

    /// Waits for the element matching `xpath` (for matches by text, which CSS cannot do).
    pub async fn find_xpath(&self, xpath: &str) -> Element {
        self.client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::XPath(xpath))
            .await
            .unwrap_or_else(|e| panic!("no element `{xpath}` appeared: {e}"))
    }

    /// Ends this tab's ZStack session on the server, as an expiry would, while the tab still
    /// holds it; returns the HTTP status of the logout.
    pub async fn end_zstack_session_on_server(&self) -> u64 {
        let script =
            "const s = JSON.parse(sessionStorage.getItem('ticket-desk:session:zstack')).uuid;
            return fetch('/proxy/zstack/zstack/v1/accounts/sessions/' + s,
              {method: 'DELETE', headers: {Authorization: 'OAuth ' + s, 'X-Ticket-Desk': '1'}}).then(r => r.status);";
        let status = self.execute(script, vec![]).await.as_u64().unwrap();
        assert!((200..300).contains(&status), "logout answered {status}");
        status
    }

    /// How many requests whose URL contains `fragment` the page has sent (Resource Timing).
    pub async fn requests_to(&self, fragment: &str) -> u64 {
        let script = "return performance.getEntriesByType('resource')\
            .filter(e => e.initiatorType === 'fetch' && e.name.includes(arguments[0])).length;";
        self.execute(script, vec![fragment.into()])
            .await
            .as_u64()
            .unwrap()
    }

    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}

/// A chromedriver command outside the W3C set (its `goog/...` and `se/...` extensions).
#[derive(Debug)]
struct DriverPost {
    path: &'static str,
    body: serde_json::Value,
}

impl WebDriverCompatibleCommand for DriverPost {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        let session = session_id.expect("a command of a running session");
        base_url.join(&format!("session/{session}/{}", self.path))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}

/// Copies the folder `from` into `to` (created when missing), subfolders included: a build
/// served from another place, with files added or replaced.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("create {}: {e}", to.display()));
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display())) {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target)
                .unwrap_or_else(|e| panic!("copy {}: {e}", entry.path().display()));
        }
    }
}

/// How many runs a benchmark makes: `BENCH_RUNS`, 5 when unset or not a positive number.
pub fn bench_runs() -> usize {
    std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|text| text.parse().ok())
        .filter(|&runs| runs > 0)
        .unwrap_or(5)
}

/// The middle value (mean of the two middle ones for an even count); NaN for none.
pub fn median(mut values: Vec<f64>) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    if values.len() % 2 == 1 {
        values[middle]
    } else {
        (values[middle - 1] + values[middle]) / 2.0
    }
}

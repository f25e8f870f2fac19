//! The user's ZStack session: logged in through the proxy (account or IAM2 virtual ID), kept in
//! sessionStorage for this tab, dropped when ZStack rejects it. A gateway that logs in a service
//! account itself needs none of this: calls without a session then simply succeed. Once ZStack
//! refused a call sent without a session, the tab knows that the proxy passes the user's own
//! session through: from then on its ZStack pages ask for a login at once, and lists send
//! nothing until the user has logged in.

use crate::api;
use crate::busy::Busy;
use crate::kept::Kept;
use crate::storage::{self, Store};
use crate::ticket_ops::WaitingChanged;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use vendors::zstack;
use vendors::{tr, Kind, VendorError};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredSession {
    pub uuid: String,
    /// Who logged in, to show "Logged in as …".
    pub name: String,
    /// The login answer's `userUuid`: whose approval steps and tickets are whose. Sessions
    /// stored before it was kept have none; they show lists, not decisions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_uuid: Option<String>,
}

/// Where an instance's session is kept in sessionStorage.
pub fn storage_key(instance: &str) -> String {
    format!("session:{instance}")
}

/// Where this tab notes that ZStack refused a call of `instance` sent without a session.
fn session_required_key(instance: &str) -> String {
    format!("session-required:{instance}")
}

/// The session this tab holds for `instance`, read afresh (for work outside a ZStack page,
/// such as the navigation's count).
pub fn stored(instance: &str) -> Option<StoredSession> {
    storage::get(Store::Session, &storage_key(instance))
}

/// The error of a call that needs the logged-in user when there is none (or the stored session
/// does not say who it is): ZStack's own invalid-session code, so pages open the login panel.
pub fn login_first(what: &str) -> VendorError {
    VendorError::new(
        401,
        zstack::SESSION_ERROR_CODE,
        tr!(
            "log in to ZStack to see {what}: the session must say who you are",
            "登录 ZStack 后才能查看{what}：会话须表明您是谁"
        ),
    )
}

/// The error of a call not sent because the page waits for a login; the page shows the login
/// panel instead.
pub fn waiting_for_login() -> VendorError {
    VendorError::new(
        401,
        zstack::SESSION_ERROR_CODE,
        tr!("log in to ZStack first", "请先登录 ZStack"),
    )
}

/// Why the login panel opened by itself.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum LoginReason {
    /// No session was sent and the proxy does not log in for the user.
    Required,
    /// The session this tab held expired or was ended.
    Expired,
    /// The page shows what waits for the user, and without a session no one knows who that is.
    WhoYouAre,
}

impl LoginReason {
    fn explanation(self) -> String {
        match self {
            LoginReason::Required => tr!(
                "ZStack needs you to log in. Nothing you typed is lost.",
                "ZStack 需要您登录。您填写的内容不会丢失。"
            ),
            LoginReason::Expired => tr!(
                "ZStack rejected your session (it expired or was ended). Log in again: everything you typed is kept.",
                "ZStack 拒绝了您的会话（已过期或已结束）。请重新登录：您填写的内容都会保留。"
            ),
            LoginReason::WhoYouAre => tr!(
                "Log in to see the tickets waiting for you.",
                "登录后即可查看待您审批的工单。"
            ),
        }
    }
}

/// The session signal a ZStack page shares with its login panel.
#[derive(Clone, Copy)]
pub struct ZstackSession {
    pub current: RwSignal<Option<StoredSession>>,
    /// Set when ZStack refused a call for want of a session: the login panel opens and says why.
    pub login_needed: RwSignal<Option<LoginReason>>,
    /// ZStack refused a call sent without a session in this tab (kept in sessionStorage): the
    /// proxy does not log in for the user, so without a session there is nothing to ask.
    session_required: RwSignal<bool>,
    /// The page shows nothing without knowing who the user is ("waiting for me").
    needs_user: bool,
    /// "session:<instance id>": two ZStack instances never share a session.
    storage_key: StoredValue<String>,
    /// "session-required:<instance id>".
    required_key: StoredValue<String>,
}

impl ZstackSession {
    pub fn load(instance: &str) -> Self {
        let storage_key = storage_key(instance);
        let required_key = session_required_key(instance);
        let current: Option<StoredSession> = storage::get(Store::Session, &storage_key);
        let session_required = storage::get_text(Store::Session, &required_key).is_some();
        // A tab that knows ZStack wants the user's session asks at once, and says why.
        let login_needed = (session_required && current.is_none()).then_some(LoginReason::Required);
        ZstackSession {
            current: RwSignal::new(current),
            login_needed: RwSignal::new(login_needed),
            session_required: RwSignal::new(session_required),
            needs_user: false,
            storage_key: StoredValue::new(storage_key),
            required_key: StoredValue::new(required_key),
        }
    }

    /// The session of a page that shows nothing without knowing who the user is: without a
    /// session it asks for a login at once, whatever the proxy does.
    pub fn needing_user(mut self) -> Self {
        self.needs_user = true;
        if self.current.with_untracked(Option::is_none) {
            self.login_needed.set(Some(LoginReason::WhoYouAre));
        }
        self
    }

    /// Whether the page must wait for a login before it asks ZStack anything: there is no
    /// session, and ZStack refused to answer without one (in this tab) or the page needs to
    /// know who the user is. The login panel is then open. Tracked.
    pub fn must_log_in(&self) -> bool {
        self.current.with(Option::is_none)
            && (self.needs_user
                || self.session_required.get()
                || self.login_needed.with(Option::is_some))
    }

    /// [`must_log_in`](Self::must_log_in) untracked, for a call about to be sent; true once the
    /// page is gone (nothing is to be shown then).
    pub fn must_log_in_untracked(&self) -> bool {
        self.current.is_disposed() || untrack(|| self.must_log_in())
    }

    /// The session to send; `None` also once the page that held it is gone.
    pub fn token(&self) -> Option<String> {
        self.current
            .try_with_untracked(|s| s.as_ref().map(|s| s.uuid.clone()))
            .flatten()
    }

    /// The whole session now, untracked; `None` also once the page that held it is gone.
    pub fn get_untracked(&self) -> Option<StoredSession> {
        self.current.try_get_untracked().flatten()
    }

    /// Where this instance's session is stored, for storing it from a task that may outlive
    /// the page.
    fn saved_key(&self) -> String {
        self.storage_key.get_value()
    }

    /// Keeps a new session for this tab under `key`, even when the page that logged in is
    /// gone by then.
    fn store(key: &str, session: &StoredSession) {
        storage::set(Store::Session, key, session);
    }

    /// Uses a session already stored.
    fn keep(&self, session: StoredSession) {
        self.current.set(Some(session));
        self.login_needed.set(None);
    }

    fn forget(&self) {
        storage::remove(Store::Session, &self.storage_key.read_value());
        self.current.set(None);
    }

    /// Passes an error through, forgetting the session when ZStack rejected the one that was
    /// `sent`. A late answer for a session already replaced (or for a page already left) must
    /// not log the current one out.
    pub fn check(&self, sent: &Option<String>, error: VendorError) -> VendorError {
        if self.current.is_disposed() || *sent != self.token() {
            return error;
        }
        if zstack::is_session_error(&error) {
            let had_one = self.current.with_untracked(Option::is_some);
            self.forget();
            if !had_one {
                // The proxy did not log in for the user: the tab asks for a login from now on.
                storage::set_text(Store::Session, &self.required_key.read_value(), "true");
                self.session_required.set(true);
            }
            // A retry without a session fails too; it must not hide that the session expired.
            let reason = if had_one {
                LoginReason::Expired
            } else {
                LoginReason::Required
            };
            if had_one || self.login_needed.with_untracked(Option::is_none) {
                self.login_needed.set(Some(reason));
            }
        }
        error
    }
}

/// "Logged in as …" with a log-out button, or the login form.
#[component]
pub fn SessionPanel(base: String, session: ZstackSession) -> impl IntoView {
    let open = RwSignal::new(false);
    let logout = Action::new_local({
        let base = base.clone();
        move |token: &String| {
            let (base, call) = (base.clone(), zstack::logout_call(token));
            async move {
                // Expired already or not: locally the session is gone either way.
                let _ = api::call(&base, &call, zstack::decode_logout).await;
            }
        }
    });
    let log_out = move |_| {
        if let Some(token) = session.token() {
            logout.dispatch(token);
        }
        session.forget();
    };
    move || {
        match session.current.get() {
        Some(current) => view! {
            <div class="session-bar" role="status">
                <span>
                    {tr!("Logged in to ZStack as ", "已以 ")} <strong>{current.name}</strong>
                    {tr!(".", " 身份登录 ZStack。")}
                </span>
                <button type="button" class="secondary small" on:click=log_out>{tr!("Log out", "退出登录")}</button>
            </div>
        }
        .into_any(),
        None if open.get() || session.must_log_in() => view! { <LoginForm base=base.clone() session /> }.into_any(),
        None => view! {
            <div class="session-bar">
                <span>{tr!("Not logged in to ZStack (the proxy may log in for you).", "未登录 ZStack（代理可能会代您登录）。")}</span>
                <button type="button" class="secondary small" on:click=move |_| open.set(true)>{tr!("Log in", "登录")}</button>
            </div>
        }
        .into_any(),
    }
    }
}

/// What the login form sends.
struct Credentials {
    by_account: bool,
    name: String,
    password: String,
}

#[component]
fn LoginForm(base: String, session: ZstackSession) -> impl IntoView {
    // How and as whom are kept across a language switch (which draws the form again); the
    // password never is.
    let login_with = Kept::text("zstack-login-kind");
    if login_with.with_untracked(String::is_empty) {
        login_with.set("iam2".to_string());
    }
    let name = Kept::text("zstack-login-name");
    let password = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let busy = Busy::from_context();
    let login = Action::new_local(move |credentials: &Credentials| {
        // No language switch until the answer is in: the session it brings would be lost.
        let logging_in = busy.hold();
        let call = if credentials.by_account {
            zstack::login_by_account_call(&credentials.name, &credentials.password)
        } else {
            zstack::login_virtual_id_call(&credentials.name, &credentials.password)
        };
        let (base, name, key) = (base.clone(), credentials.name.clone(), session.saved_key());
        async move {
            let _logging_in = logging_in;
            let answer = api::call(&base, &call, zstack::decode_login).await;
            let logged_in = answer.map(|s| StoredSession {
                uuid: s.uuid,
                name,
                user_uuid: s.user_uuid.filter(|uuid| !uuid.trim().is_empty()),
            })?;
            ZstackSession::store(&key, &logged_in);
            Ok::<_, VendorError>(logged_in)
        }
    });
    let pending = login.pending();
    let answer = login.value();
    Effect::new(move || match answer.get() {
        None => {}
        Some(Ok(logged_in)) => {
            password.set(String::new());
            problem.set(None);
            session.keep(logged_in);
            // Who is logged in decides what waits for them: the navigation counts afresh.
            WaitingChanged::notify();
        }
        Some(Err(e)) => problem.set(Some(e.said_by(Kind::Zstack.short_label()))),
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let (who, secret) = (
            name.get_untracked().trim().to_string(),
            password.get_untracked(),
        );
        if who.is_empty() || secret.is_empty() {
            problem.set(Some(tr!(
                "Enter both the name and the password.",
                "请输入用户名和密码。"
            )));
            return;
        }
        login.dispatch(Credentials {
            by_account: login_with.get_untracked() == "account",
            name: who,
            password: secret,
        });
    };
    view! {
        <form class="login-form" on:submit=submit aria-labelledby="zstack-login-title">
            <h2 id="zstack-login-title">{tr!("Log in to ZStack", "登录 ZStack")}</h2>
            {move || session.login_needed.get().map(|reason| view! {
                <p class="notice" role="alert">{reason.explanation()}</p>
            })}
            <div class="field">
                <label for="zstack-login-kind">{tr!("Log in with", "登录方式")}</label>
                <select id="zstack-login-kind" name="loginKind" prop:value=move || login_with.get()
                    on:change=move |ev| login_with.set(event_target_value(&ev))>
                    <option value="iam2">{tr!("IAM2 virtual ID", "IAM2 虚拟 ID")}</option>
                    <option value="account">{tr!("Account", "账号")}</option>
                </select>
            </div>
            <div class="field">
                <label for="zstack-login-name">{tr!("Name", "用户名")}</label>
                <input type="text" id="zstack-login-name" name="name" autocomplete="username"
                    prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
            </div>
            <div class="field">
                <label for="zstack-login-password">{tr!("Password", "密码")}</label>
                <input type="password" id="zstack-login-password" name="password" autocomplete="current-password"
                    prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev)) />
            </div>
            <p class="field-error" aria-live="polite">{move || problem.get()}</p>
            <button type="submit" disabled=move || pending.get()>
                {move || if pending.get() { tr!("Logging in…", "正在登录…") } else { tr!("Log in", "登录") }}
            </button>
        </form>
    }
}

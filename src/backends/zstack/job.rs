//! Waiting for a ZStack API job (a call answered 202 + `location`): poll until it finishes,
//! giving up after a while with an error that says the call may still take effect.

use crate::api;
use serde::de::DeserializeOwned;
use std::time::Duration;
use vendors::zstack::{self, Reply};
use vendors::{tr, VendorError};

/// How long to wait for a job before telling the user.
pub const JOB_PATIENCE: Duration = Duration::from_secs(60);
const POLL_EVERY: Duration = Duration::from_millis(700);
/// Code of the error when the job had not finished in [`JOB_PATIENCE`].
pub const CODE_JOB_TIMEOUT: &str = "JOB_TIMEOUT";

/// Polls the job at `job_path` until ZStack answers its result; `on_wait` hears how long it
/// has been before each poll.
pub async fn wait_for_job<T: DeserializeOwned>(
    base: &str,
    job_path: &str,
    token: Option<&str>,
    on_wait: impl Fn(Duration),
) -> Result<T, VendorError> {
    let started = js_sys::Date::now();
    loop {
        let waited = Duration::from_millis((js_sys::Date::now() - started) as u64);
        if waited > JOB_PATIENCE {
            // 504: like a gateway that gave up waiting, the call may still be applied.
            let seconds = JOB_PATIENCE.as_secs();
            return Err(VendorError::new(
                504,
                CODE_JOB_TIMEOUT,
                tr!(
                    "the job had not finished after {seconds} seconds",
                    "任务在 {seconds} 秒后仍未完成"
                ),
            ));
        }
        on_wait(waited);
        gloo_timers::future::sleep(POLL_EVERY).await;
        let call = zstack::poll_job_call(job_path, token);
        let decode = |status: u16, body: &str| zstack::decode_poll_job::<T>(job_path, status, body);
        if let Reply::Done(result) = api::call(base, &call, decode).await? {
            return Ok(result);
        }
    }
}

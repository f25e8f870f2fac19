//! User Timing marks the benchmarks read (`e2e` `bench_first_visit`, `bench_list`,
//! `bench_decide`): `performance.mark` under names each module defines next to what it marks.

/// The app's code has started (`main`): its wasm is compiled and instantiated.
pub const MARK_APP_STARTED: &str = "app:started";
/// config.json is read: the shell can be drawn.
pub const MARK_CONFIG_READ: &str = "app:config";

/// Records a User Timing mark; a browser without the API just skips it.
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|window| window.performance()) {
        let _ = performance.mark(name);
    }
}

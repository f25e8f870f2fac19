//! User Timing marks the benchmarks read (`e2e` `bench_first_visit`, `bench_list`,
//! `bench_decide`): `performance.mark` under names each module defines next to what it marks.

/// Records a User Timing mark; a browser without the API just skips it.
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|window| window.performance()) {
        let _ = performance.mark(name);
    }
}

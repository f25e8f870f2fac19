//! What is under way that a language switch would break: filing a ticket (with ZStack's job
//! polling), sending a decision, a batch run, a ZStack login. A switch draws the whole shell
//! again, which disposes the page that started the work: its request is aborted though it may
//! already have reached the vendor, and the page comes back without knowing it was sent. So
//! each such operation holds a [`BusyGuard`] for its whole life, and while any is held the
//! language select is disabled and says why.
//!
//! The count is provided by `App` above the part a switch redraws. A guard is released when it
//! is dropped: when the operation's future ends, and also when that future is dropped unfinished.

use leptos::prelude::*;

/// How many operations a switch must not interrupt are under way.
#[derive(Clone, Copy)]
pub struct Busy(RwSignal<usize>);

impl Busy {
    pub fn new() -> Busy {
        Busy(RwSignal::new(0))
    }

    /// The app's count (provided by `App`), or a count of its own where there is none (a
    /// component mounted alone in a test): guards then simply hold nothing anyone reads.
    pub fn from_context() -> Busy {
        use_context::<Busy>().unwrap_or_default()
    }

    /// Marks an operation under way until the guard is dropped.
    pub fn hold(self) -> BusyGuard {
        self.0.try_update(|count| *count += 1);
        BusyGuard(self)
    }

    /// Whether anything is under way. Tracked.
    pub fn is_busy(self) -> bool {
        self.0.try_get().unwrap_or(0) > 0
    }

    /// How many operations are under way, untracked.
    pub fn count_untracked(self) -> usize {
        self.0.try_get_untracked().unwrap_or(0)
    }
}

impl Default for Busy {
    fn default() -> Self {
        Busy::new()
    }
}

/// One operation under way; dropping it ends it. Move it into the operation's future.
#[must_use = "the operation counts as under way only while the guard is held"]
pub struct BusyGuard(Busy);

impl Drop for BusyGuard {
    fn drop(&mut self) {
        // `try_`: the count may be gone already (the app unmounted).
        self.0
             .0
            .try_update(|count| *count = count.saturating_sub(1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::future::Future;
    use std::pin::pin;
    use std::task::{Context, Poll, Waker};

    #[test]
    fn each_guard_counts_until_dropped() {
        let busy = Busy::new();
        assert!(!busy.is_busy());
        let first = busy.hold();
        let second = busy.hold();
        assert_eq!(busy.count_untracked(), 2);
        drop(first);
        assert!(busy.is_busy());
        drop(second);
        assert_eq!(busy.count_untracked(), 0);
        assert!(!busy.is_busy());
    }

    #[test]
    fn a_future_holding_a_guard_releases_it_when_it_ends_or_is_dropped() {
        let busy = Busy::new();
        // Ends: the guard goes with it.
        {
            let guard = busy.hold();
            let mut ended = pin!(async move {
                let _busy = guard;
            });
            let mut context = Context::from_waker(Waker::noop());
            assert_eq!(ended.as_mut().poll(&mut context), Poll::Ready(()));
            assert_eq!(busy.count_untracked(), 0);
        }
        // Dropped before it ended (the task was cancelled): released all the same.
        let guard = busy.hold();
        let never = async move {
            let _busy = guard;
            std::future::pending::<()>().await;
        };
        assert_eq!(busy.count_untracked(), 1);
        drop(never);
        assert_eq!(busy.count_untracked(), 0);
    }

    #[test]
    fn a_guard_outliving_the_count_is_no_trouble() {
        let owner = Owner::new();
        let guard = owner.with(|| Busy::new().hold());
        owner.cleanup();
        drop(guard);
    }
}

//! The native run's simulated clock: it starts at the execution's start and moves as
//! asl-local's does — by Waits (`sleep`, `sleep_until`), by the time mocks take
//! (`Mock::taking`, up to the timeout that ends them) and by retry intervals; `parallel!`
//! branches start together and the longest decides ([`Fork`]), a map's iterations run
//! `MaxConcurrency` at a time ([`Slots`]). Under a fixed context (`Env::clock`, …) it is also
//! `ctx().state.entered_time`, which then agrees with `$$.State.EnteredTime`.

use std::cell::Cell;

thread_local! {
    /// Milliseconds since the epoch; `None` outside a native run of an `Env`.
    static NOW_MS: Cell<Option<i64>> = const { Cell::new(None) };
    /// Whether the context shows the simulated time (a fixed context).
    static SHOWN: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` with the simulated clock at `start_ms` (`shown`: `ctx()` reads it), restoring
/// the previous clock afterwards (also when `f` panics); also returns the time `f` took.
pub(crate) fn with_clock<R>(start_ms: i64, shown: bool, f: impl FnOnce() -> R) -> (R, i64) {
    struct Restore(Option<i64>, bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            NOW_MS.with(|n| n.set(self.0));
            SHOWN.with(|s| s.set(self.1));
        }
    }
    let _restore = Restore(
        NOW_MS.with(|n| n.replace(Some(start_ms))),
        SHOWN.with(|s| s.replace(shown)),
    );
    let out = f();
    let end = NOW_MS.with(Cell::get).unwrap_or(start_ms);
    (out, end - start_ms)
}

/// The simulated time `ctx()` shows, when a native run has a fixed context.
pub(crate) fn now_ms() -> Option<i64> {
    if SHOWN.with(Cell::get) {
        NOW_MS.with(Cell::get)
    } else {
        None
    }
}

/// The simulated time, shown or not (`None` outside an `Env`'s run).
pub(crate) fn raw_now_ms() -> Option<i64> {
    NOW_MS.with(Cell::get)
}

/// Sets the simulated clock (nothing without one).
pub(crate) fn set(ms: Option<i64>) {
    if ms.is_some() {
        NOW_MS.with(|n| n.set(ms));
    }
}

/// The branches of a `parallel!`: each starts when the Parallel does, and it ends when its
/// longest branch does (natively they run one after the other).
#[doc(hidden)]
pub struct Fork {
    start: Option<i64>,
    end: Option<i64>,
}

impl Fork {
    #[allow(clippy::new_without_default)]
    pub fn start() -> Fork {
        let start = NOW_MS.with(Cell::get);
        Fork { start, end: start }
    }

    /// A branch starts: the clock is back at the Parallel's start.
    pub fn enter(&mut self) {
        set(self.start);
    }

    /// The branch entered last has ended (now).
    pub fn leave(&mut self) {
        self.end = self.end.max(NOW_MS.with(Cell::get));
    }

    /// The branches are done: the clock is at the longest one's end.
    pub fn join<T>(self, value: T) -> T {
        set(self.end);
        value
    }
}

/// What Step Functions allows an inline Map to run at once when `MaxConcurrency` is 0 (or
/// absent), and a distributed one (asl-local's limits).
pub(crate) const INLINE_MAX_CONCURRENCY: usize = 40;
pub(crate) const DISTRIBUTED_MAX_CONCURRENCY: usize = 10_000;

/// A map's iterations on the simulated clock: at most `max` run at once, each next one
/// starting when the earliest running one ends (as asl-local starts them); the map ends when
/// the last one does.
pub(crate) struct Slots {
    /// The map's start; `None` without a clock.
    start: Option<i64>,
    /// When each busy slot is free again (once `max` iterations have started).
    free_at: Vec<i64>,
    started: usize,
    max: usize,
    end: Option<i64>,
}

impl Slots {
    pub fn new(max: usize) -> Slots {
        let start = NOW_MS.with(Cell::get);
        Slots {
            start,
            free_at: Vec::new(),
            started: 0,
            max: max.max(1),
            end: start,
        }
    }

    /// Moves the clock to where the next iteration starts: the map's start for the first
    /// `max`, then the earliest end of those running.
    pub fn start_next(&mut self) {
        let Some(start) = self.start else { return };
        let at = if self.started < self.max {
            start
        } else {
            let earliest = (0..self.free_at.len())
                .min_by_key(|&i| self.free_at[i])
                .expect("a busy slot");
            self.free_at.swap_remove(earliest)
        };
        self.started += 1;
        set(Some(at));
    }

    /// The iteration started last has ended (now).
    pub fn finish_one(&mut self) {
        if let Some(now) = self.start.and(NOW_MS.with(Cell::get)) {
            self.free_at.push(now);
            self.end = self.end.max(Some(now));
        }
    }

    /// Every iteration has ended: the clock is at the last one's end.
    pub fn finish(self) {
        set(self.end);
    }
}

/// Moves the simulated clock on by `ms` (nothing without one).
pub(crate) fn advance(ms: i64) {
    NOW_MS.with(|n| n.set(n.get().map(|now| now.saturating_add(ms.max(0)))));
}

/// Moves the simulated clock on to `ms`, if that is later (a Wait until a time past is over).
pub(crate) fn advance_to(ms: i64) {
    NOW_MS.with(|n| n.set(n.get().map(|now| now.max(ms))));
}

/// The interval before retry number `done + 1` of a retrier, in milliseconds, as asl-local
/// computes it: `IntervalSeconds × BackoffRate^done`, capped by `MaxDelaySeconds` (a
/// jittered retrier's random share is not simulated natively).
pub(crate) fn retry_delay_ms(policy: &asl_model::ir::RetryPolicy, done: i64) -> i64 {
    let mut delay = policy.interval_seconds.unwrap_or(1) as f64
        * policy.backoff_rate.unwrap_or(2.0).powi(done as i32);
    if let Some(cap) = policy.max_delay_seconds {
        delay = delay.min(cap as f64);
    }
    if delay.is_finite() {
        (delay * 1000.0).round().clamp(0.0, i64::MAX as f64) as i64
    } else {
        i64::MAX
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clock_moves_only_inside_its_scope_and_never_back() {
        advance(1000);
        assert_eq!(now_ms(), None);
        let (inside, took) = with_clock(5_000, true, || {
            advance(2_000);
            advance_to(6_000);
            advance_to(10_000);
            now_ms()
        });
        assert_eq!((inside, took), (Some(10_000), 5_000));
        assert_eq!(now_ms(), None);
        let (hidden, took) = with_clock(0, false, || {
            advance(3_000);
            now_ms()
        });
        assert_eq!((hidden, took), (None, 3_000));
    }

    #[test]
    fn parallel_branches_take_the_longest_and_maps_run_max_at_a_time() {
        let ((), took) = with_clock(0, false, || {
            let mut fork = Fork::start();
            for secs in [3, 7, 5] {
                fork.enter();
                advance(secs * 1000);
                fork.leave();
            }
            fork.join(())
        });
        assert_eq!(took, 7_000);
        // Five iterations of 4, 1, 2, 3, 5 s, two at a time: 4 | 1, 2 (from 1), 3 (from 3),
        // 5 (from 4): the last ends at 9 s.
        let ((), took) = with_clock(0, false, || {
            let mut slots = Slots::new(2);
            for secs in [4, 1, 2, 3, 5] {
                slots.start_next();
                advance(secs * 1000);
                slots.finish_one();
            }
            slots.finish()
        });
        assert_eq!(took, 9_000);
    }

    #[test]
    fn retry_delays_back_off_up_to_the_cap() {
        let policy = asl_model::ir::RetryPolicy {
            errors: vec!["Busy".into()],
            interval_seconds: Some(2),
            max_attempts: Some(5),
            backoff_rate: Some(3.0),
            max_delay_seconds: Some(10),
            jitter_full: None,
        };
        let delays: Vec<i64> = (0..3).map(|done| retry_delay_ms(&policy, done)).collect();
        assert_eq!(delays, [2_000, 6_000, 10_000]);
    }
}

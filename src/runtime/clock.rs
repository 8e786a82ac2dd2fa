//! The native run's simulated clock under a fixed context (`Env::clock`, `Env::execution_name`,
//! …): it starts at the execution's start and moves as asl-local's does — by Waits
//! (`sleep`, `sleep_until`), by the time mocks take (`Mock::taking`, up to the timeout that
//! ends them) and by retry intervals — so `ctx().state.entered_time` agrees with `$$.State.EnteredTime`.

use std::cell::Cell;

thread_local! {
    /// Milliseconds since the epoch; `None` outside a native run with a fixed context.
    static NOW_MS: Cell<Option<i64>> = const { Cell::new(None) };
}

/// Runs `f` with the simulated clock at `start_ms`, restoring the previous clock afterwards
/// (also when `f` panics).
pub(crate) fn with_clock<R>(start_ms: i64, f: impl FnOnce() -> R) -> R {
    struct Restore(Option<i64>);
    impl Drop for Restore {
        fn drop(&mut self) {
            NOW_MS.with(|n| n.set(self.0));
        }
    }
    let _restore = Restore(NOW_MS.with(|n| n.replace(Some(start_ms))));
    f()
}

/// The simulated time, when a native run has one.
pub(crate) fn now_ms() -> Option<i64> {
    NOW_MS.with(Cell::get)
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
        let inside = with_clock(5_000, || {
            advance(2_000);
            advance_to(6_000);
            advance_to(10_000);
            now_ms()
        });
        assert_eq!(inside, Some(10_000));
        assert_eq!(now_ms(), None);
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

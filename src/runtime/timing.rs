//! Simulated time in native runs: how long a mock takes (and how often it sends a heartbeat),
//! the timeout and heartbeat a call is given (`#[state(timeout = …, heartbeat = …)]` on its
//! statement), and the `States.Timeout` / `States.HeartbeatTimeout` a slow mock trips —
//! decided as asl-local decides it, without waiting.

use std::cell::Cell;
use std::time::Duration;

use super::Failure;

/// What Step Functions uses when a Task has no `TimeoutSeconds` (asl-local's default too).
const DEFAULT_TIMEOUT_SECONDS: u64 = 99_999_999;

/// The simulated time a mock's calls take: set with `Mock::taking` and
/// `Mock::heartbeat_every`; the same for the native run and the ASL run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MockTiming {
    /// From the call to its answer; `None`: no time at all.
    pub duration: Option<Duration>,
    /// The worker sends a heartbeat this often while it runs; `None`: never.
    pub heartbeat: Option<Duration>,
}

/// The `TimeoutSeconds` / `HeartbeatSeconds` of one call.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CallTiming {
    pub timeout: Option<u64>,
    pub heartbeat: Option<u64>,
}

impl CallTiming {
    /// `at_call` where it says something, else `self` (a call site overrides the task).
    fn overridden_by(self, at_call: CallTiming) -> CallTiming {
        CallTiming {
            timeout: at_call.timeout.or(self.timeout),
            heartbeat: at_call.heartbeat.or(self.heartbeat),
        }
    }
}

thread_local! {
    /// The timeout and heartbeat given at the next task call (`#[state(timeout = …)]`).
    static NEXT_CALL_TIMING: Cell<Option<CallTiming>> = const { Cell::new(None) };
}

/// `#[state(timeout = …, heartbeat = …)]` on a workflow statement: the next task call has this
/// timeout and heartbeat (over its task's own).
#[doc(hidden)]
pub fn time_next_call(timeout: Option<u64>, heartbeat: Option<u64>) {
    NEXT_CALL_TIMING.with(|t| t.set(Some(CallTiming { timeout, heartbeat })));
}

/// The timing of the call starting now: the one given at the call, over the task's own.
pub(crate) fn take_call_timing(declared: CallTiming) -> CallTiming {
    match NEXT_CALL_TIMING.with(Cell::take) {
        Some(at_call) => declared.overridden_by(at_call),
        None => declared,
    }
}

fn millis(d: Duration) -> u128 {
    d.as_millis()
}

/// The call's deadlines in milliseconds: its timeout, and its heartbeat unless the mock beats
/// at least that often.
fn deadlines(mock: MockTiming, call: CallTiming) -> (u128, Option<u128>) {
    let timeout_ms = u128::from(call.timeout.unwrap_or(DEFAULT_TIMEOUT_SECONDS)) * 1000;
    let beats_in_time = |hb_ms: u128| mock.heartbeat.is_some_and(|iv| millis(iv) <= hb_ms);
    let heartbeat_ms = call
        .heartbeat
        .map(|hb| u128::from(hb) * 1000)
        .filter(|&hb| !beats_in_time(hb));
    (timeout_ms, heartbeat_ms)
}

/// How long a call takes on the simulated clock, in milliseconds: the mock's time, or the
/// deadline that ended it.
pub(crate) fn call_time_ms(mock: MockTiming, call: CallTiming) -> i64 {
    let (timeout_ms, heartbeat_ms) = deadlines(mock, call);
    let limit = heartbeat_ms.map_or(timeout_ms, |hb| hb.min(timeout_ms));
    let taken = millis(mock.duration.unwrap_or_default()).min(limit);
    i64::try_from(taken).unwrap_or(i64::MAX)
}

/// The failure a call whose mock takes `mock` trips with `call`'s timeout and heartbeat, if
/// any: as asl-local's Task timing, the heartbeat deadline counts unless the mock beats at
/// least that often, and whichever deadline comes first decides.
pub(crate) fn timed_out(mock: MockTiming, call: CallTiming) -> Option<Failure> {
    let duration = millis(mock.duration.unwrap_or_default());
    let timeout = call.timeout.unwrap_or(DEFAULT_TIMEOUT_SECONDS);
    let (timeout_ms, heartbeat_ms) = deadlines(mock, call);
    let limit = heartbeat_ms.map_or(timeout_ms, |hb| hb.min(timeout_ms));
    if duration <= limit {
        return None;
    }
    Some(match heartbeat_ms {
        Some(hb) if hb < timeout_ms => Failure {
            error: "States.HeartbeatTimeout".into(),
            cause: format!(
                "No heartbeat was received for {} s (HeartbeatSeconds).",
                hb / 1000
            ),
        },
        _ => Failure {
            error: "States.Timeout".into(),
            cause: format!("The task ran longer than {timeout} s (TimeoutSeconds)."),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(s: u64) -> Option<Duration> {
        Some(Duration::from_secs(s))
    }

    #[test]
    fn a_mock_longer_than_the_timeout_times_out() {
        let call = CallTiming {
            timeout: Some(300),
            heartbeat: None,
        };
        let slow = MockTiming {
            duration: secs(301),
            heartbeat: None,
        };
        let f = timed_out(slow, call).expect("times out");
        assert_eq!(f.error, "States.Timeout");
        assert_eq!(f.cause, "The task ran longer than 300 s (TimeoutSeconds).");
        let in_time = MockTiming {
            duration: secs(300),
            heartbeat: None,
        };
        assert_eq!(timed_out(in_time, call), None);
    }

    #[test]
    fn a_missing_heartbeat_trips_first_unless_the_mock_beats() {
        let call = CallTiming {
            timeout: Some(300),
            heartbeat: Some(60),
        };
        let silent = MockTiming {
            duration: secs(120),
            heartbeat: None,
        };
        let f = timed_out(silent, call).expect("heartbeat timeout");
        assert_eq!(f.error, "States.HeartbeatTimeout");
        let beating = MockTiming {
            duration: secs(120),
            heartbeat: secs(30),
        };
        assert_eq!(timed_out(beating, call), None);
        let beating_too_long = MockTiming {
            duration: secs(400),
            heartbeat: secs(30),
        };
        assert_eq!(
            timed_out(beating_too_long, call).map(|f| f.error),
            Some("States.Timeout".to_string())
        );
    }

    #[test]
    fn the_call_site_overrides_the_task() {
        let declared = CallTiming {
            timeout: Some(10),
            heartbeat: Some(5),
        };
        time_next_call(Some(20), None);
        assert_eq!(
            take_call_timing(declared),
            CallTiming {
                timeout: Some(20),
                heartbeat: Some(5)
            }
        );
        assert_eq!(take_call_timing(declared), declared);
    }
}

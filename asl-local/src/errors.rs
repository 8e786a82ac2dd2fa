//! Error names Step Functions reports (plus asl-local's own), and the failure value states pass around.

use serde_json::{json, Value};

/// The error names asl-local reports, as AWS spells them.
pub mod names {
    /// Wildcard in `ErrorEquals`: every error except the terminal ones.
    pub const ALL: &str = "States.ALL";
    /// In `ErrorEquals`: every error except `States.Timeout`/`States.HeartbeatTimeout` and the terminal ones.
    pub const TASK_FAILED: &str = "States.TaskFailed";
    pub const TIMEOUT: &str = "States.Timeout";
    pub const HEARTBEAT_TIMEOUT: &str = "States.HeartbeatTimeout";
    pub const RUNTIME: &str = "States.Runtime";
    /// A JSONata expression failed, or gave nothing or the wrong type where a value is needed.
    pub const QUERY_EVALUATION_ERROR: &str = "States.QueryEvaluationError";
    pub const DATA_LIMIT_EXCEEDED: &str = "States.DataLimitExceeded";
    pub const NO_CHOICE_MATCHED: &str = "States.NoChoiceMatched";
    pub const INTRINSIC_FAILURE: &str = "States.IntrinsicFailure";
    pub const RESULT_PATH_MATCH_FAILURE: &str = "States.ResultPathMatchFailure";
    pub const BRANCH_FAILED: &str = "States.BranchFailed";
    pub const ITEM_READER_FAILED: &str = "States.ItemReaderFailed";
    pub const RESULT_WRITER_FAILED: &str = "States.ResultWriterFailed";
    pub const EXCEED_TOLERATED_FAILURE_THRESHOLD: &str = "States.ExceedToleratedFailureThreshold";
    /// A Task whose resource has no handler (and echo mode is off). Terminal: never retried or caught.
    pub const NO_HANDLER: &str = "asl-local.NoHandler";
    /// A construct asl-local does not run yet (JSONata). Terminal.
    pub const UNSUPPORTED: &str = "asl-local.Unsupported";
}

/// Why a state (and, uncaught, the execution) failed: an error name and a cause, either may be absent
/// (a Fail state without `Error`/`Cause`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Failure {
    pub error: Option<String>,
    pub cause: Option<String>,
}

impl Failure {
    pub fn new(error: &str, cause: impl Into<String>) -> Self {
        Failure {
            error: Some(error.to_string()),
            cause: Some(cause.into()),
        }
    }

    pub fn runtime(cause: impl Into<String>) -> Self {
        Failure::new(names::RUNTIME, cause)
    }

    pub fn intrinsic(cause: impl Into<String>) -> Self {
        Failure::new(names::INTRINSIC_FAILURE, cause)
    }

    pub fn error_name(&self) -> &str {
        self.error.as_deref().unwrap_or("")
    }

    /// Errors no Retry or Catch handles (AWS: States.Runtime is never retried or caught;
    /// asl-local's own errors must reach the user).
    pub fn is_terminal(&self) -> bool {
        matches!(
            self.error_name(),
            names::RUNTIME | names::NO_HANDLER | names::UNSUPPORTED
        )
    }

    /// The error output a Catch passes on: `{"Error", "Cause"}` (empty strings when absent, as AWS binds).
    pub fn error_output(&self) -> Value {
        json!({
            "Error": self.error.clone().unwrap_or_default(),
            "Cause": self.cause.clone().unwrap_or_default(),
        })
    }
}

/// Whether one `ErrorEquals` name matches an error.
///
/// - `States.ALL` matches everything but the terminal errors and `States.DataLimitExceeded`
///   (AWS: "can't be caught by States.ALL").
/// - `States.TaskFailed` matches the same, except `States.Timeout`/`States.HeartbeatTimeout` (the spec:
///   "any known error name except States.Timeout").
/// - `States.Timeout` also matches `States.HeartbeatTimeout` (a heartbeat timeout is a timeout).
/// - Any other name matches exactly; terminal errors never match.
pub(crate) fn name_matches(pattern: &str, failure: &Failure) -> bool {
    if failure.is_terminal() {
        return false;
    }
    let error = failure.error_name();
    match pattern {
        names::ALL => error != names::DATA_LIMIT_EXCEEDED,
        names::TASK_FAILED => !matches!(
            error,
            names::DATA_LIMIT_EXCEEDED | names::TIMEOUT | names::HEARTBEAT_TIMEOUT
        ),
        names::TIMEOUT => matches!(error, names::TIMEOUT | names::HEARTBEAT_TIMEOUT),
        _ => pattern == error,
    }
}

/// `name_matches` for an error given by name: what a Retrier's or Catcher's `ErrorEquals`
/// entry matches (used by the native runtime so both agree).
pub fn error_matches(pattern: &str, error: &str) -> bool {
    name_matches(pattern, &Failure::new(error, ""))
}

pub(crate) fn any_matches(error_equals: &[String], failure: &Failure) -> bool {
    error_equals.iter().any(|p| name_matches(p, failure))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(name: &str) -> Failure {
        Failure::new(name, "c")
    }

    #[test]
    fn wildcards() {
        assert!(name_matches("States.ALL", &f("Custom")));
        assert!(name_matches("States.ALL", &f("States.Timeout")));
        assert!(!name_matches("States.ALL", &f("States.Runtime")));
        assert!(!name_matches("States.ALL", &f("States.DataLimitExceeded")));
        assert!(name_matches(
            "States.DataLimitExceeded",
            &f("States.DataLimitExceeded")
        ));
        assert!(!name_matches("States.Runtime", &f("States.Runtime")));
        assert!(name_matches("States.TaskFailed", &f("Lambda.Unknown")));
        assert!(name_matches(
            "States.TaskFailed",
            &f("States.IntrinsicFailure")
        ));
        assert!(!name_matches("States.TaskFailed", &f("States.Timeout")));
        assert!(!name_matches(
            "States.TaskFailed",
            &f("States.HeartbeatTimeout")
        ));
        assert!(name_matches(
            "States.Timeout",
            &f("States.HeartbeatTimeout")
        ));
        assert!(!name_matches(
            "States.HeartbeatTimeout",
            &f("States.Timeout")
        ));
        assert!(!name_matches("ErrorA", &f("ErrorB")));
        assert!(!name_matches("States.ALL", &f("asl-local.NoHandler")));
    }

    #[test]
    fn error_output_binds_empty_strings() {
        let out = Failure {
            error: Some("E".into()),
            cause: None,
        }
        .error_output();
        assert_eq!(out, json!({"Error": "E", "Cause": ""}));
    }
}

//! Checks of Retry and Catch: error names, retrier fields and catcher fields.

use super::fields::{self, ObjectKind};
use super::{codes, Validator, MAX_DELAY_SECONDS, MAX_SECONDS};
use crate::diagnostic::Pointer;
use crate::document::*;

/// Error names Step Functions defines; other `States.` names never match.
const PREDEFINED_ERRORS: &[&str] = &[
    "States.ALL",
    "States.DataLimitExceeded",
    "States.ExceedToleratedFailureThreshold",
    "States.HeartbeatTimeout",
    "States.Http.Socket",
    "States.IntrinsicFailure",
    "States.ItemReaderFailed",
    "States.NoChoiceMatched",
    "States.ParameterPathFailure",
    "States.Permissions",
    "States.QueryEvaluationError",
    "States.ResultPathMatchFailure",
    "States.ResultWriterFailed",
    "States.Runtime",
    "States.TaskFailed",
    "States.Timeout",
    "States.BranchFailed",
];

impl Validator {
    pub(super) fn error_handling(&mut self, eh: &ErrorHandling, ptr: &Pointer, ql: QueryLanguage) {
        if let Some(retriers) = &eh.retry {
            let last = retriers.len().saturating_sub(1);
            for (i, r) in retriers.iter().enumerate() {
                let rptr = ptr.join("Retry").join(i);
                fields::object_unknown_fields(
                    ObjectKind::Retrier,
                    &r.unknown,
                    &rptr,
                    &mut self.diags,
                );
                self.error_equals(&r.error_equals, &rptr, i == last, "retrier");
                if let Some(rate) = r.backoff_rate.filter(|r| *r < 1.0) {
                    self.error(
                        codes::BACKOFF_RATE_RANGE,
                        &rptr.join("BackoffRate"),
                        format!("\"BackoffRate\" is {rate}; it must be at least 1.0 (1.0 keeps the interval constant)"),
                    );
                }
                if let Some(n) = r.max_attempts.filter(|n| *n < 0 || *n > MAX_SECONDS as i64) {
                    self.error(
                        codes::MAX_ATTEMPTS_RANGE,
                        &rptr.join("MaxAttempts"),
                        format!("\"MaxAttempts\" is {n}; it must be between 0 (never retry) and {MAX_SECONDS}"),
                    );
                }
                if let Some(n) = r.interval_seconds.filter(|n| *n == 0 || *n > MAX_SECONDS) {
                    self.error(
                        codes::INTERVAL_SECONDS_RANGE,
                        &rptr.join("IntervalSeconds"),
                        format!(
                            "\"IntervalSeconds\" is {n}; it must be between 1 and {MAX_SECONDS}"
                        ),
                    );
                }
                if let Some(n) = r.max_delay_seconds {
                    if n == 0 || n > MAX_DELAY_SECONDS {
                        self.error(
                            codes::MAX_DELAY_SECONDS_RANGE,
                            &rptr.join("MaxDelaySeconds"),
                            format!("\"MaxDelaySeconds\" is {n}; it must be between 1 and {MAX_DELAY_SECONDS}"),
                        );
                    } else if r.backoff_rate == Some(1.0) && n >= r.interval_seconds.unwrap_or(1) {
                        self.warning(
                            codes::MAX_DELAY_NO_EFFECT,
                            &rptr.join("MaxDelaySeconds"),
                            "with \"BackoffRate\": 1.0 the delay never grows, so this \"MaxDelaySeconds\" never caps anything: raise BackoffRate or remove MaxDelaySeconds",
                        );
                    }
                }
            }
        }
        if let Some(catchers) = &eh.catch {
            let last = catchers.len().saturating_sub(1);
            for (i, c) in catchers.iter().enumerate() {
                let cptr = ptr.join("Catch").join(i);
                fields::object_unknown_fields(
                    ObjectKind::Catcher,
                    &c.unknown,
                    &cptr,
                    &mut self.diags,
                );
                self.error_equals(&c.error_equals, &cptr, i == last, "catcher");
                self.result_path(&c.result_path, &cptr, ql);
                if let Some(output) = &c.output {
                    if !self.wrong_language(true, &cptr, "Output", ql, QueryLanguage::Jsonata) {
                        self.jsonata_value(output, &cptr.join("Output"));
                    }
                }
                if let Some(assign) = &c.assign {
                    self.assign(assign, &cptr.join("Assign"), ql);
                }
            }
        }
    }

    fn error_equals(&mut self, names: &[String], ptr: &Pointer, is_last: bool, what: &str) {
        let at = ptr.join("ErrorEquals");
        if names.is_empty() {
            self.error(codes::ERROR_EQUALS_EMPTY, &at, format!("a {what}'s \"ErrorEquals\" must name at least one error (States.ALL matches any)"));
            return;
        }
        let has_all = names.iter().any(|n| n == "States.ALL");
        if has_all && names.len() > 1 {
            self.error(
                codes::STATES_ALL_NOT_ALONE,
                &at,
                "\"States.ALL\" must be the only name in its \"ErrorEquals\": it already matches every error; remove the others or move them to an earlier entry",
            );
        }
        if has_all && !is_last {
            self.error(
                codes::STATES_ALL_NOT_LAST,
                &at,
                format!("a {what} with \"States.ALL\" must be the last one: the entries after it can never match; move it to the end"),
            );
        }
        for (i, n) in names.iter().enumerate() {
            if n.starts_with("States.")
                && !n.starts_with("States.Http.")
                && !PREDEFINED_ERRORS.contains(&n.as_str())
            {
                self.warning(
                    codes::UNKNOWN_STATES_ERROR,
                    &at.join(i),
                    format!("\"{n}\" is not an error Step Functions defines, so it never matches (names are case-sensitive); the predefined ones include States.ALL, States.Timeout, States.TaskFailed, States.Permissions"),
                );
            }
        }
    }
}

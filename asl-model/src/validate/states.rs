//! Checks of each state type's own fields: Task, Pass, Wait, Fail and Parallel (Choice and Map have their own modules).

use super::fields::ObjectKind;
use super::literals::{self, is_rfc3339_timestamp};
use super::payload::TemplateKind;
use super::{codes, Validator, MAX_SECONDS};
use crate::diagnostic::Pointer;
use crate::document::*;
use crate::jsonata;

/// Lambda's transient errors AWS recommends retrying.
const LAMBDA_TRANSIENT_ERRORS: &[&str] = &[
    "Lambda.ServiceException",
    "Lambda.SdkClientException",
    "Lambda.TooManyRequestsException",
];

impl Validator {
    pub(super) fn task(&mut self, t: &TaskState, ptr: &Pointer, ql: QueryLanguage) {
        if let Resource::Arn(arn) = &t.resource {
            if !literals::is_resource_arn(arn) {
                self.error(
                    codes::INVALID_RESOURCE,
                    &ptr.join("Resource"),
                    format!("\"Resource\" must be an ARN such as arn:aws:states:::lambda:invoke or arn:aws:lambda:REGION:ACCOUNT:function:NAME, not \"{arn}\""),
                );
            }
        }
        self.jsonpath_payload(&t.parameters, ptr, "Parameters", ql);
        self.jsonata_payload(&t.arguments, ptr, "Arguments", ql);
        self.jsonpath_payload(&t.result_selector, ptr, "ResultSelector", ql);
        self.result_path(&t.result_path, ptr, ql);
        self.either_payload(&t.credentials, ptr, "Credentials", ql);

        let timeout = t
            .timeout_seconds
            .as_ref()
            .and_then(|e| self.number_field(e, ptr, "TimeoutSeconds", ql))
            .copied();
        let heartbeat = t
            .heartbeat_seconds
            .as_ref()
            .and_then(|e| self.number_field(e, ptr, "HeartbeatSeconds", ql))
            .copied();
        self.path_field(&t.timeout_seconds_path, ptr, "TimeoutSecondsPath", ql);
        self.path_field(&t.heartbeat_seconds_path, ptr, "HeartbeatSecondsPath", ql);
        self.exclusive(
            t.timeout_seconds.is_some(),
            t.timeout_seconds_path.is_some(),
            ptr,
            "TimeoutSeconds",
            "TimeoutSecondsPath",
        );
        self.exclusive(
            t.heartbeat_seconds.is_some(),
            t.heartbeat_seconds_path.is_some(),
            ptr,
            "HeartbeatSeconds",
            "HeartbeatSecondsPath",
        );
        if let Some(n) = timeout.filter(|n| *n == 0 || *n > MAX_SECONDS) {
            self.error(
                codes::TIMEOUT_SECONDS_RANGE,
                &ptr.join("TimeoutSeconds"),
                format!("\"TimeoutSeconds\" is {n}; it must be between 1 and {MAX_SECONDS}"),
            );
        }
        if let Some(n) = heartbeat.filter(|n| *n == 0 || *n > MAX_SECONDS) {
            self.error(
                codes::HEARTBEAT_SECONDS_RANGE,
                &ptr.join("HeartbeatSeconds"),
                format!("\"HeartbeatSeconds\" is {n}; it must be between 1 and {MAX_SECONDS}"),
            );
        }
        if let (Some(h), Some(to)) = (heartbeat, timeout) {
            if h >= to {
                self.error(
                    codes::HEARTBEAT_NOT_BELOW_TIMEOUT,
                    &ptr.join("HeartbeatSeconds"),
                    format!("\"HeartbeatSeconds\" ({h}) must be smaller than \"TimeoutSeconds\" ({to}): a heartbeat interval as long as the whole timeout never fires"),
                );
            }
        }

        let arn = t.resource.as_arn().unwrap_or("");
        let waits = arn.ends_with(".waitForTaskToken") || arn.contains(":activity:");
        let bounded = t.timeout_seconds.is_some()
            || t.timeout_seconds_path.is_some()
            || t.heartbeat_seconds.is_some()
            || t.heartbeat_seconds_path.is_some();
        if waits && !bounded {
            self.warning(
                codes::TASK_TOKEN_NO_TIMEOUT,
                ptr,
                "this task waits for a callback or an activity worker, and without \"HeartbeatSeconds\" or \"TimeoutSeconds\" it waits up to a year if none comes: set one",
            );
        }
        let lambda = arn.starts_with("arn:aws:states:::lambda:invoke")
            || (arn.starts_with("arn:aws")
                && arn.contains(":lambda:")
                && arn.contains(":function:"));
        if lambda {
            let retries_transient = t
                .errors
                .retry
                .iter()
                .flatten()
                .flat_map(|r| &r.error_equals)
                .any(|e| {
                    matches!(
                        e.as_str(),
                        "States.ALL" | "States.TaskFailed" | "Lambda.AWSLambdaException"
                    ) || LAMBDA_TRANSIENT_ERRORS.contains(&e.as_str())
                });
            if !retries_transient {
                let at = if t.errors.retry.is_some() {
                    ptr.join("Retry")
                } else {
                    ptr.clone()
                };
                self.warning(
                    codes::LAMBDA_NO_RETRY,
                    &at,
                    format!(
                        "this Lambda task retries none of Lambda's transient errors ({}): AWS recommends a retrier for them, \
                         e.g. IntervalSeconds 1, MaxAttempts 3, BackoffRate 2",
                        LAMBDA_TRANSIENT_ERRORS.join(", ")
                    ),
                );
            }
        }
    }

    pub(super) fn pass(&mut self, p: &PassState, ptr: &Pointer, ql: QueryLanguage) {
        self.jsonpath_payload(&p.parameters, ptr, "Parameters", ql);
        if let Some(result) = &p.result {
            if !self.wrong_language(true, ptr, "Result", ql, QueryLanguage::JsonPath) {
                self.jsonpath_template(
                    result,
                    &ptr.join("Result"),
                    "Result",
                    false,
                    TemplateKind::Literal,
                );
            }
        }
        self.result_path(&p.result_path, ptr, ql);
    }

    pub(super) fn wait(&mut self, w: &WaitState, ptr: &Pointer, ql: QueryLanguage) {
        let given: Vec<&str> = [
            ("Seconds", w.seconds.is_some()),
            ("Timestamp", w.timestamp.is_some()),
            ("SecondsPath", w.seconds_path.is_some()),
            ("TimestampPath", w.timestamp_path.is_some()),
        ]
        .into_iter()
        .filter(|(_, present)| *present)
        .map(|(f, _)| f)
        .collect();
        match given.as_slice() {
            [] => self.error(
                codes::WAIT_NO_DURATION,
                ptr,
                "a Wait state needs exactly one of \"Seconds\", \"Timestamp\", \"SecondsPath\" or \"TimestampPath\": add one",
            ),
            [first, rest @ ..] => {
                for other in rest {
                    self.exclusive(true, true, ptr, first, other);
                }
            }
        }
        if let Some(e) = &w.seconds {
            self.number_field(e, ptr, "Seconds", ql);
        }
        match &w.timestamp {
            Some(JsonataOr::Value(s)) => self.timestamp_literal(s, &ptr.join("Timestamp"), "Timestamp"),
            Some(JsonataOr::Jsonata(s)) => match (jsonata::is_expression(s), ql) {
                (true, QueryLanguage::Jsonata) => self.jsonata_string(s, &ptr.join("Timestamp")),
                (true, QueryLanguage::JsonPath) => self.error(
                    codes::JSONATA_IN_JSONPATH_STATE,
                    &ptr.join("Timestamp"),
                    "\"Timestamp\" is a {% %} expression, but this state uses JSONPath: give an RFC 3339 timestamp, use \"TimestampPath\", or set \"QueryLanguage\": \"JSONata\"",
                ),
                (false, _) => self.timestamp_literal(s, &ptr.join("Timestamp"), "Timestamp"),
            },
            None => {}
        }
        self.path_field(&w.seconds_path, ptr, "SecondsPath", ql);
        self.path_field(&w.timestamp_path, ptr, "TimestampPath", ql);
    }

    pub(super) fn timestamp_literal(&mut self, s: &str, at: &Pointer, field: &str) {
        if !is_rfc3339_timestamp(s) {
            self.error(
                codes::INVALID_TIMESTAMP,
                at,
                format!("\"{field}\" must be an RFC 3339 timestamp with an uppercase T and Z or an offset, such as 2016-03-14T01:59:00Z, not \"{s}\""),
            );
        }
    }

    pub(super) fn fail(&mut self, f: &FailState, ptr: &Pointer, ql: QueryLanguage) {
        self.exclusive(
            f.error.is_some(),
            f.error_path.is_some(),
            ptr,
            "Error",
            "ErrorPath",
        );
        self.exclusive(
            f.cause.is_some(),
            f.cause_path.is_some(),
            ptr,
            "Cause",
            "CausePath",
        );
        for (field, value) in [("Error", &f.error), ("Cause", &f.cause)] {
            let Some(s) = value else { continue };
            let at = ptr.join(field);
            match ql {
                QueryLanguage::Jsonata => self.jsonata_string(s, &at),
                QueryLanguage::JsonPath if jsonata::is_expression(s) => self.warning(
                    codes::JSONATA_LITERAL_IN_JSONPATH,
                    &at,
                    format!("this Fail state uses JSONPath, so \"{field}\" is taken literally, {{% %}} included; use \"{field}Path\" or set \"QueryLanguage\": \"JSONata\""),
                ),
                QueryLanguage::JsonPath => {}
            }
        }
        for (field, value) in [("ErrorPath", &f.error_path), ("CausePath", &f.cause_path)] {
            if let Some(s) = value {
                if !self.wrong_language(true, ptr, field, ql, QueryLanguage::JsonPath) {
                    self.path_or_intrinsic(s, &ptr.join(field), field);
                }
            }
        }
    }

    pub(super) fn parallel(
        &mut self,
        p: &ParallelState,
        ptr: &Pointer,
        ql: QueryLanguage,
        depth: usize,
    ) {
        if p.branches.is_empty() {
            self.error(
                codes::PARALLEL_NO_BRANCHES,
                &ptr.join("Branches"),
                "a Parallel state needs at least one branch in \"Branches\"",
            );
        }
        for (i, b) in p.branches.iter().enumerate() {
            self.graph(
                b,
                &ptr.join("Branches").join(i),
                ObjectKind::Branch,
                depth + 1,
            );
        }
        self.jsonpath_payload(&p.parameters, ptr, "Parameters", ql);
        self.jsonata_payload(&p.arguments, ptr, "Arguments", ql);
        self.jsonpath_payload(&p.result_selector, ptr, "ResultSelector", ql);
        self.result_path(&p.result_path, ptr, ql);
    }
}

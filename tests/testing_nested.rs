//! A workflow calling another (`states:startExecution.sync:2`) whose child fails: as in Step
//! Functions, the parent's call fails with `States.TaskFailed` and the child's description as
//! the cause, natively and in asl-local (`Env::check`, JSONPath and JSONata), uncaught, caught
//! by a `match`, passed on with `?`, and read by a child's own `Result` error type.

use asl::prelude::*;
use asl::testing::{Env, Mock};
use asl::QueryLanguage;

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Order {
    pub id: String,
    pub amount: f64,
    pub status: String,
}

#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:review")]
pub fn review(o: Order) -> Order;
#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:notify")]
pub fn notify(o: Order) -> Order;

/// The child: its own task, and a `fail!` over a limit.
#[workflow(
    name = "review-flow",
    arn = "arn:aws:states:us-east-1:123456789012:stateMachine:review-flow"
)]
pub fn review_flow(o: Order) -> Order {
    if o.amount > 100.0 {
        fail!("Review.TooLarge", "over the limit");
    }
    review(o)
}

/// The child's failure is not caught: the parent fails with it.
#[workflow]
pub fn parent(o: Order) -> Order {
    let reviewed = review_flow(o);
    notify(reviewed)
}

/// The child's failure caught as an integration's: `Err(StatesError::TaskFailed)`.
#[workflow]
pub fn parent_catching(o: Order) -> Order {
    match review_flow(o.clone()) {
        Ok(reviewed) => notify(reviewed),
        Err(StatesError::TaskFailed) => notify(Order {
            id: o.id,
            amount: o.amount,
            status: "child failed".to_string(),
        }),
        Err(_) => o,
    }
}

/// `?` passes the child's failure on, cause included.
#[workflow]
pub fn parent_passing_on(o: Order) -> Result<Order, StatesError> {
    let reviewed = review_flow(o)?;
    Ok(notify(reviewed))
}

#[derive(TaskError, Debug, Clone, PartialEq)]
pub enum ReviewError {
    #[error(name = "Review.Rejected")]
    Rejected,
    #[error(all)]
    Other(ErrorInfo),
}

/// A child returning `Result`: its `Err` fails the child execution.
#[workflow(
    name = "strict-flow",
    arn = "arn:aws:states:us-east-1:123456789012:stateMachine:strict-flow"
)]
pub fn strict_flow(o: Order) -> Result<Order, ReviewError> {
    if o.amount > 100.0 {
        return Err(ReviewError::Rejected);
    }
    Ok(review(o))
}

/// The parent reads the child's `Result`: `Review.Rejected` never reaches it (the call fails
/// with `States.TaskFailed`), so only the catch-all arm catches, with the description.
#[workflow]
pub fn parent_of_strict(o: Order) -> Order {
    match strict_flow(o.clone()) {
        Ok(reviewed) => reviewed,
        Err(ReviewError::Rejected) => notify(Order {
            id: o.id,
            amount: o.amount,
            status: "rejected".to_string(),
        }),
        Err(ReviewError::Other(info)) => notify(Order {
            id: info.error,
            amount: o.amount,
            status: info.cause,
        }),
    }
}

/// A timeout at the child call: the call's, not the child's first task's.
#[workflow]
pub fn parent_with_timeout(o: Order) -> Order {
    #[state(timeout = 60)]
    let reviewed = review_flow(o);
    notify(reviewed)
}

/// A child of two tasks, which fails over a limit before either.
#[workflow(
    name = "checked-flow",
    arn = "arn:aws:states:us-east-1:123456789012:stateMachine:checked-flow"
)]
pub fn checked_flow(o: Order) -> Order {
    if o.amount > 100.0 {
        fail!("Review.TooLarge", "over the limit");
    }
    let reviewed = review(o);
    notify(reviewed)
}

/// A retry at the child call: the whole child runs again (its tasks too), not its first task.
#[workflow]
#[allow(clippy::let_and_return)] // the retry goes on a statement
pub fn parent_retrying(o: Order) -> Order {
    #[retry(errors = ["States.TaskFailed"], max_attempts = 2, interval = 2s, backoff = 3.0)]
    let checked = checked_flow(o);
    checked
}

fn order(amount: f64) -> Order {
    Order {
        id: "o-1".into(),
        amount,
        status: "new".into(),
    }
}

const REVIEW_FLOW: &str = "arn:aws:states:us-east-1:123456789012:stateMachine:review-flow";

fn rejecting_review() -> Mock {
    Mock::json("review", |_| {
        Err(Failure {
            error: "Review.Rejected".into(),
            cause: "no reviewer".into(),
        })
    })
}

fn passing_notify() -> Mock {
    notify::mock(|mut o: Order| {
        o.status = format!("notified: {}", o.status);
        o
    })
}

/// The cause Step Functions gives a `.sync:2` Task whose child failed, as JSON.
fn description(arn: &str, error: &str, cause: &str) -> String {
    serde_json::json!({"Status": "FAILED", "StateMachineArn": arn, "Error": error, "Cause": cause})
        .to_string()
}

const BOTH: [QueryLanguage; 2] = [QueryLanguage::JsonPath, QueryLanguage::Jsonata];

#[test]
fn a_failed_child_fails_the_parent_with_task_failed_in_both_runs() {
    let report = Env::new()
        .mock(rejecting_review())
        .mock(passing_notify())
        .nested_workflow(review_flow::definition())
        .check(parent::definition(), parent, order(10.0));
    let failure = report.output.expect_err("the child failed");
    assert_eq!(failure.error, "States.TaskFailed");
    assert_eq!(
        failure.cause,
        description(REVIEW_FLOW, "Review.Rejected", "no reviewer")
    );
    assert_eq!(
        failure.cause,
        r#"{"Status":"FAILED","StateMachineArn":"arn:aws:states:us-east-1:123456789012:stateMachine:review-flow","Error":"Review.Rejected","Cause":"no reviewer"}"#
    );
    assert_eq!(report.languages, BOTH);
    let tasks: Vec<&str> = report.calls.iter().map(|c| c.task.as_str()).collect();
    assert_eq!(tasks, ["review"]);
}

#[test]
fn a_fail_in_the_child_is_the_cause_of_the_parents_failure() {
    let report = Env::new()
        .mock(passing_notify())
        .nested_workflow(review_flow::definition())
        .check(parent::definition(), parent, order(500.0));
    let failure = report.output.expect_err("the child failed");
    assert_eq!(
        (failure.error.as_str(), failure.cause.as_str()),
        (
            "States.TaskFailed",
            description(REVIEW_FLOW, "Review.TooLarge", "over the limit").as_str()
        )
    );
    assert!(report.calls.is_empty());
    assert_eq!(report.languages, BOTH);
}

#[test]
fn a_match_on_the_call_catches_the_childs_failure_as_task_failed() {
    let report = Env::new()
        .mock(rejecting_review())
        .mock(passing_notify())
        .nested_workflow(review_flow::definition())
        .check(parent_catching::definition(), parent_catching, order(10.0));
    assert_eq!(
        report.output,
        Ok(Order {
            id: "o-1".into(),
            amount: 10.0,
            status: "notified: child failed".into(),
        })
    );
    assert_eq!(report.languages, BOTH);
    let tasks: Vec<&str> = report.calls.iter().map(|c| c.task.as_str()).collect();
    assert_eq!(tasks, ["review", "notify"]);

    // A child that succeeds takes the `Ok` arm.
    let report = Env::new()
        .mock(review::mock(|mut o: Order| {
            o.status = "reviewed".into();
            o
        }))
        .mock(passing_notify())
        .nested_workflow(review_flow::definition())
        .check(parent_catching::definition(), parent_catching, order(10.0));
    assert_eq!(report.output.unwrap().status, "notified: reviewed");
}

#[test]
fn question_mark_passes_the_childs_failure_on_with_its_description() {
    let report = Env::new()
        .mock(rejecting_review())
        .mock(passing_notify())
        .nested_workflow(review_flow::definition())
        .check(
            parent_passing_on::definition(),
            parent_passing_on,
            order(10.0),
        );
    let failure = report.output.expect_err("the child failed");
    assert_eq!(failure.error, "States.TaskFailed");
    assert_eq!(
        failure.cause,
        description(REVIEW_FLOW, "Review.Rejected", "no reviewer")
    );
    assert_eq!(report.languages, BOTH);
}

#[test]
fn a_childs_err_is_task_failed_for_the_parents_error_type() {
    let report = Env::new()
        .mock(passing_notify())
        .nested_workflow(strict_flow::definition())
        .check(
            parent_of_strict::definition(),
            parent_of_strict,
            order(500.0),
        );
    let strict = "arn:aws:states:us-east-1:123456789012:stateMachine:strict-flow";
    // The child's `Err(Rejected)` has no cause: the description leaves it out.
    let cause = serde_json::json!({"Status": "FAILED", "StateMachineArn": strict, "Error": "Review.Rejected"})
        .to_string();
    assert_eq!(
        report.output,
        Ok(Order {
            id: "States.TaskFailed".into(),
            amount: 500.0,
            status: format!("notified: {cause}"),
        })
    );
    assert_eq!(report.languages, BOTH);
}

/// Called on its own (not from a workflow), the child is the run's workflow: its failure is
/// its own.
#[test]
fn the_child_run_on_its_own_fails_with_its_own_error() {
    let report = Env::new().mock(rejecting_review()).check(
        review_flow::definition(),
        review_flow,
        order(10.0),
    );
    let failure = report.output.unwrap_err();
    assert_eq!(
        (failure.error.as_str(), failure.cause.as_str()),
        ("Review.Rejected", "no reviewer")
    );
}

/// A child slower than the call's timeout fails the call with `States.Timeout` at the
/// deadline; in time it is the call's value.
#[test]
fn a_timeout_at_the_child_call_times_the_child_out_in_both_runs() {
    let check = |secs| {
        Env::new()
            .mock(review::mock(|o: Order| o).taking(std::time::Duration::from_secs(secs)))
            .mock(passing_notify())
            .nested_workflow(review_flow::definition())
            .check(
                parent_with_timeout::definition(),
                parent_with_timeout,
                order(10.0),
            )
    };
    let late = check(61);
    let failure = late.output.unwrap_err();
    assert_eq!(
        (failure.error.as_str(), failure.cause.as_str()),
        (
            "States.Timeout",
            "The task ran longer than 60 s (TimeoutSeconds)."
        )
    );
    assert_eq!(late.duration, std::time::Duration::from_secs(60));
    assert_eq!(late.languages, BOTH);
    let in_time = check(60);
    assert_eq!(in_time.output.unwrap().status, "notified: new");
}

/// The child's second task fails once: the call's retrier runs the whole child again after
/// its interval, on the same input (its first task too, which a retry given to it would not
/// have repeated).
#[test]
fn a_retry_at_the_child_call_runs_the_whole_child_again_in_both_runs() {
    let flaky_notify = Mock::json("notify", |_| {
        Err(Failure {
            error: "Notify.Down".into(),
            cause: "no mail server".into(),
        })
    })
    .times(1)
    .then(Mock::json("notify", |mut o| {
        o["status"] = format!("notified: {}", o["status"].as_str().unwrap_or("")).into();
        Ok(o)
    }));
    let report = Env::new()
        .mock(review::mock(|mut o: Order| {
            o.status = format!("reviewed: {}", o.status);
            o
        }))
        .mock(flaky_notify)
        .nested_workflow(checked_flow::definition())
        .check(parent_retrying::definition(), parent_retrying, order(10.0));
    assert_eq!(
        report.output,
        Ok(Order {
            id: "o-1".into(),
            amount: 10.0,
            status: "notified: reviewed: new".into(),
        })
    );
    assert_eq!(report.languages, BOTH);
    let calls: Vec<(&str, &str)> = report
        .calls
        .iter()
        .map(|c| (c.task.as_str(), c.input["status"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(
        calls,
        [
            ("review", "new"),
            ("notify", "reviewed: new"),
            ("review", "new"),
            ("notify", "reviewed: new")
        ]
    );
    assert_eq!(report.duration, std::time::Duration::from_secs(2));
}

/// A child that fails every attempt (with a `fail!`, before any task): after the retrier's
/// 2 retries (2 s, then 2 s × 3) the call fails with the last attempt's `States.TaskFailed`
/// and the child's description.
#[test]
fn a_child_failing_every_attempt_fails_the_call_when_the_retries_run_out() {
    let report = Env::new()
        .mock(review::mock(|o: Order| o))
        .mock(passing_notify())
        .nested_workflow(checked_flow::definition())
        .check(parent_retrying::definition(), parent_retrying, order(500.0));
    let failure = report.output.unwrap_err();
    assert_eq!(
        (failure.error.as_str(), failure.cause.as_str()),
        (
            "States.TaskFailed",
            r#"{"Status":"FAILED","StateMachineArn":"arn:aws:states:us-east-1:123456789012:stateMachine:checked-flow","Error":"Review.TooLarge","Cause":"over the limit"}"#
        )
    );
    assert_eq!(report.languages, BOTH);
    assert!(report.calls.is_empty());
    assert_eq!(report.duration, std::time::Duration::from_secs(8));
}

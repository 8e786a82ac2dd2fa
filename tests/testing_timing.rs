//! Simulated time in `Env::check`: a timed-out call whose `Result` is the workflow's value
//! keeps the timeout's cause natively as in asl-local.

use std::time::Duration;

use asl::prelude::*;
use asl::testing::Env;

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Order {
    id: String,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Decision {
    approved: bool,
}

#[task(lambda = "approve")]
fn approve(order: Order) -> Result<Decision, StatesError>;

#[task(lambda = "approve-slowly", timeout = 45)]
fn approve_within_45s(order: Order) -> Result<Decision, StatesError>;

/// The call's `Result` is the workflow's value, with a timeout at the call.
#[workflow]
fn approval_straight(order: Order) -> Result<Decision, StatesError> {
    #[state(timeout = 30)]
    approve(order)
}

/// The same with the task's own timeout, by `return`.
#[workflow]
fn approval_returned(order: Order) -> Result<Decision, StatesError> {
    return approve_within_45s(order);
}

/// The timeout caught and a new `Err` of the same name returned: a `Fail` without a cause.
#[workflow]
fn approval_rebuilt(order: Order) -> Result<Decision, StatesError> {
    #[state(timeout = 30)]
    match approve(order) {
        Ok(d) => Ok(d),
        Err(StatesError::Timeout) => Err(StatesError::Timeout),
        Err(_) => Err(StatesError::TaskFailed),
    }
}

fn order() -> Order {
    Order { id: "o-1".into() }
}

#[test]
fn a_timed_out_result_returned_straight_keeps_its_cause() {
    let report = Env::new()
        .mock(
            approve::mock(|_: Order| Ok(Decision { approved: true }))
                .taking(Duration::from_secs(31)),
        )
        .check(approval_straight::definition(), approval_straight, order());
    let failure = report.output.unwrap_err();
    assert_eq!(
        (failure.error.as_str(), failure.cause.as_str()),
        (
            "States.Timeout",
            "The task ran longer than 30 s (TimeoutSeconds)."
        )
    );
    assert_eq!(report.duration, Duration::from_secs(30));

    let report = Env::new()
        .mock(
            approve_within_45s::mock(|_: Order| Ok(Decision { approved: true }))
                .taking(Duration::from_secs(46)),
        )
        .check(approval_returned::definition(), approval_returned, order());
    let failure = report.output.unwrap_err();
    assert_eq!(
        (failure.error.as_str(), failure.cause.as_str()),
        (
            "States.Timeout",
            "The task ran longer than 45 s (TimeoutSeconds)."
        )
    );
}

#[test]
fn a_result_in_time_is_the_workflows_value() {
    let report = Env::new()
        .mock(
            approve::mock(|_: Order| Ok(Decision { approved: true }))
                .taking(Duration::from_secs(30)),
        )
        .check(approval_straight::definition(), approval_straight, order());
    assert_eq!(report.output, Ok(Decision { approved: true }));
    assert_eq!(report.duration, Duration::from_secs(30));
}

#[test]
fn a_caught_timeout_returned_anew_has_no_cause() {
    let report = Env::new()
        .mock(
            approve::mock(|_: Order| Ok(Decision { approved: true }))
                .taking(Duration::from_secs(31)),
        )
        .check(approval_rebuilt::definition(), approval_rebuilt, order());
    let failure = report.output.unwrap_err();
    assert_eq!(
        (failure.error.as_str(), failure.cause.as_str()),
        ("States.Timeout", "")
    );
}

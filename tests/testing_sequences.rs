//! Sequences of outcomes per mock (`a.then(b)`, `.times(n)`), each with its own simulated
//! time, run natively and as ASL by `Env::check`; and what the `Report` says of the run:
//! transitions, retries, the Standard-workflow price, the simulated duration, the typed call
//! log and the history.

use std::time::Duration;

use asl::prelude::*;
use asl::testing::{Env, PRICE_PER_TRANSITION};

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Order {
    id: String,
    amount: f64,
}

#[derive(TaskError, Debug, Clone, PartialEq)]
enum PayError {
    Busy,
    Declined,
}

#[task(lambda = "pay", timeout = 10)]
#[retry(errors = [PayError::Busy], interval = 1s, backoff = 2.0, max_attempts = 3)]
fn pay(order: Order) -> Result<Order, PayError>;

#[workflow]
fn checkout(order: Order) -> Result<Order, PayError> {
    let paid = pay(order)?;
    Ok(paid)
}

fn order() -> Order {
    Order {
        id: "o-1".into(),
        amount: 20.0,
    }
}

fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

#[test]
fn two_busy_calls_then_a_slow_success_are_retried_and_timed() {
    let report = Env::new()
        .mock(
            pay::mock(|_| Err(PayError::Busy))
                .times(2)
                .taking(secs(2))
                .then(pay::mock(Ok).taking(secs(5))),
        )
        .check(checkout::definition(), checkout, order());
    assert_eq!(report.output, Ok(order()));
    assert_eq!(
        report.inputs_of::<Order>("pay").unwrap(),
        [order(), order(), order()]
    );
    // 2 s, wait 1 s, 2 s, wait 2 s (backoff 2.0), 5 s.
    assert_eq!(report.duration, secs(12));
    assert_eq!(report.retries, 2);
    assert_eq!(report.billed_transitions(), report.transitions + 2);
    assert_eq!(
        report.price(),
        report.billed_transitions() as f64 * 0.000025
    );
    assert_eq!(PRICE_PER_TRANSITION, 0.000025);
    let scheduled = report
        .history()
        .iter()
        .filter(|e| e.event_type == asl_local::EventType::LambdaFunctionScheduled)
        .count();
    assert_eq!(scheduled, 3, "every attempt is in the history");
}

#[test]
fn a_timeout_then_a_typed_error_in_sequence() {
    // The first call takes longer than the task's 10 s timeout, which is not retried.
    let slow = Env::new()
        .mock(
            pay::mock(Ok)
                .taking(secs(11))
                .then(pay::mock(|_| Err(PayError::Declined))),
        )
        .check(checkout::definition(), checkout, order());
    assert_eq!(slow.output.unwrap_err().error, "States.Timeout");
    assert_eq!((slow.calls.len(), slow.duration), (1, secs(10)));
    let declined = Env::new()
        .mock(pay::mock(|_| Err(PayError::Busy)).then(pay::mock(|_| Err(PayError::Declined))))
        .check(checkout::definition(), checkout, order());
    let failure = declined.output.unwrap_err();
    assert_eq!(
        (failure.error.as_str(), declined.calls.len()),
        ("Declined", 2)
    );
}

#[test]
fn a_sequence_that_runs_out_fails_both_runs_alike() {
    let report = Env::new()
        .mock(pay::mock(|_| Err(PayError::Busy)).times(2))
        .check(checkout::definition(), checkout, order());
    let failure = report.output.unwrap_err();
    assert_eq!(failure.error, "States.Runtime");
    assert_eq!(
        failure.cause,
        "the mock of `pay` answers 2 calls; this is call 3"
    );
}

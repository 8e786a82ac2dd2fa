//! The README's "Testing a workflow" example, as written there (kept short, so not reformatted).
#![cfg_attr(rustfmt, rustfmt::skip)]

use asl::prelude::*;
use asl::testing::Env;

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Order { id: String }

#[derive(TaskError, Debug, Clone, PartialEq)]
enum PayError { Busy, Declined }

#[task(lambda = "pay", timeout = 30)]
#[retry(errors = [PayError::Busy], max_attempts = 2)]
fn pay(order: Order) -> Result<Order, PayError>;

#[workflow]
fn checkout(order: Order) -> Result<Order, PayError> {
    let paid = pay(order)?;
    Ok(paid)
}

#[test]
fn a_busy_payment_is_retried_a_declined_one_fails_and_a_slow_one_times_out() {
    let mut attempts = 0;
    let report = Env::new()
        .mock(pay::mock(move |o: Order| { attempts += 1; if attempts == 1 { Err(PayError::Busy) } else { Ok(o) } }))
        .check(checkout::definition(), checkout, Order { id: "o-1".into() });
    assert_eq!(report.output, Ok(Order { id: "o-1".into() }));
    assert_eq!(report.calls.len(), 2); // the retry is a second call, in both runs
    let declined = Env::new()
        .mock(pay::mock(|_: Order| Err(PayError::Declined)))
        .check(checkout::definition(), checkout, Order { id: "o-2".into() });
    assert_eq!(declined.output.unwrap_err().error, "Declined");
    let slow = Env::new() // simulated time: nothing waits
        .mock(pay::mock(|o: Order| Ok(o)).taking(std::time::Duration::from_secs(60)))
        .check(checkout::definition(), checkout, Order { id: "o-3".into() });
    assert_eq!(slow.output.unwrap_err().error, "States.Timeout");
}

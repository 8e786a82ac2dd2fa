//! `asl::testing::Env::check`: one call runs a workflow natively and as its ASL in asl-local
//! with the same typed mocks; the runs agree on output, failure and task calls, and the
//! report has the output, the calls, the states entered and the history.

use asl::prelude::*;
use asl::testing::{Env, Mock};

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Order {
    id: String,
    amount: f64,
}

#[derive(TaskError, Debug, Clone, PartialEq)]
enum CardError {
    Expired,
    #[error(all)]
    Other(ErrorInfo),
}

mod billing {
    use super::*;

    #[task(lambda = "billing-charge")]
    pub fn charge(order: Order) -> Result<Order, CardError>;
}

mod shipping {
    use super::*;

    #[task(lambda = "shipping-charge")]
    pub fn charge(order: Order) -> Order;
}

#[task(lambda = "fallback")]
fn fallback(order: &Order) -> Order;

#[workflow]
fn checkout(order: Order) -> Order {
    let billed = match billing::charge(order.clone()) {
        Ok(o) => o,
        Err(CardError::Expired) => fallback(&order),
        Err(_) => fail!("Payment", "the card failed"),
    };
    shipping::charge(billed)
}

fn order(amount: f64) -> Order {
    Order {
        id: "o-1".into(),
        amount,
    }
}

#[test]
fn tasks_of_one_name_in_two_modules_keep_their_mocks_in_both_runs() {
    let report = Env::new()
        .mock(billing::charge::mock(|o: Order| {
            Ok(Order {
                amount: o.amount + 1.0,
                ..o
            })
        }))
        .mock(shipping::charge::mock(|o: Order| Order {
            amount: o.amount * 10.0,
            ..o
        }))
        .check(checkout::definition(), checkout, order(1.0));
    assert_eq!(report.output, Ok(order(20.0)));
    let calls: Vec<(&str, f64)> = report
        .calls
        .iter()
        .map(|c| (c.task.as_str(), c.input["amount"].as_f64().unwrap_or(-1.0)))
        .collect();
    assert_eq!(calls, [("charge", 1.0), ("charge", 2.0)]);
    let resources: Vec<&str> = report
        .execution
        .calls
        .iter()
        .map(|c| c.resource.as_str())
        .collect();
    assert!(
        resources[0].ends_with(":billing-charge") && resources[1].ends_with(":shipping-charge")
    );
    assert_eq!(report.transitions, report.states_entered.len());
    assert!(!report.history().is_empty());
}

#[test]
fn a_typed_error_is_caught_alike_and_an_uncaught_one_fails_both_runs() {
    let report = Env::new()
        .mock(billing::charge::mock(|_: Order| Err(CardError::Expired)))
        .mock(fallback::mock(|o: Order| Order {
            id: "fallback".into(),
            ..o
        }))
        .mock(shipping::charge::mock(|o: Order| o));
    let report = { report }.check(checkout::definition(), checkout, order(3.0));
    assert_eq!(report.output.map(|o| o.id), Ok("fallback".to_string()));
    let report = Env::new()
        .mock(billing::charge::mock(|_: Order| {
            Err(CardError::Other(ErrorInfo {
                error: "Card.Stolen".into(),
                cause: "reported".into(),
            }))
        }))
        .check(checkout::definition(), checkout, order(3.0));
    assert_eq!(
        report.output,
        Err(Failure {
            error: "Payment".into(),
            cause: "the card failed".into()
        })
    );
    assert_eq!(report.calls.len(), 1);
}

#[test]
fn a_json_mock_serves_both_runs_and_a_missing_mock_fails_both_alike() {
    let report = Env::new().mock(Mock::json("charge", Ok)).check(
        checkout::definition(),
        checkout,
        order(2.0),
    );
    assert_eq!(report.output, Ok(order(2.0)));
    let report = Env::new().check(checkout::definition(), checkout, order(2.0));
    assert_eq!(report.output.unwrap_err().error, "asl.NoHandler");
}

#[test]
#[should_panic(
    expected = "native and ASL runs of `checkout` disagree: output $.amount: native 2.0, ASL 3.0"
)]
fn a_workflow_whose_native_run_differs_from_its_asl_is_reported() {
    // The ASL of `checkout` with a native fn that skips the shipping task.
    Env::new()
        .mock(billing::charge::mock(|o: Order| Ok(o)))
        .mock(shipping::charge::mock(|o: Order| Order {
            amount: o.amount + 1.0,
            ..o
        }))
        .check(
            checkout::definition(),
            |o: Order| billing::charge(o).unwrap_or_else(|_| order(0.0)),
            order(2.0),
        );
}

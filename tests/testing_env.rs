//! `asl::testing::Env`: mocks keyed by the task itself (two tasks of one name in two modules
//! stay apart), typed errors from a mock, calls recorded only inside a run, and runs on many
//! threads at once that never see each other's mocks.

#![allow(dead_code)]

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
fn tasks_of_one_name_in_two_modules_have_their_own_mocks() {
    let mut env = Env::new()
        .mock(billing::charge::mock(|o: Order| {
            Ok(Order {
                amount: o.amount + 1.0,
                ..o
            })
        }))
        .mock(shipping::charge::mock(|o: Order| Order {
            amount: o.amount * 10.0,
            ..o
        }));
    assert_eq!(env.run(|| checkout(order(1.0))), Ok(order(20.0)));
    let calls: Vec<(&str, f64)> = env
        .calls()
        .iter()
        .map(|c| (c.task.as_str(), c.input["amount"].as_f64().unwrap_or(-1.0)))
        .collect();
    assert_eq!(calls, [("charge", 1.0), ("charge", 2.0)]);
}

#[test]
fn a_mock_fails_with_a_typed_error_the_workflow_catches() {
    let mut env = Env::new()
        .mock(billing::charge::mock(|_: Order| Err(CardError::Expired)))
        .mock(fallback::mock(|o: Order| Order {
            id: "fallback".into(),
            ..o
        }))
        .mock(shipping::charge::mock(|o: Order| o));
    assert_eq!(
        env.run(|| checkout(order(3.0))),
        Ok(Order {
            id: "fallback".into(),
            amount: 3.0
        })
    );
    let mut env = Env::new().mock(billing::charge::mock(|_: Order| {
        Err(CardError::Other(ErrorInfo {
            error: "Card.Stolen".into(),
            cause: "reported".into(),
        }))
    }));
    assert_eq!(
        env.run(|| checkout(order(3.0))),
        Err(Failure {
            error: "Payment".into(),
            cause: "the card failed".into()
        })
    );
}

#[test]
fn a_json_mock_can_key_by_bare_name() {
    let mut env = Env::new().mock(Mock::json("charge", Ok));
    // Both `charge` tasks fall back to the bare name.
    assert_eq!(env.run(|| checkout(order(2.0))), Ok(order(2.0)));
    assert_eq!(env.calls().len(), 2);
}

#[test]
fn calls_are_recorded_only_inside_a_run_and_the_environment_is_restored() {
    let mut outer = Env::new().mock(shipping::charge::mock(|o: Order| o));
    let mut inner = Env::new().mock(shipping::charge::mock(|o: Order| Order {
        id: "inner".into(),
        ..o
    }));
    let result = outer.run(|| {
        let a = shipping::charge(order(1.0));
        let b = inner
            .run(|| shipping::charge(order(2.0)))
            .expect("inner run");
        let c = shipping::charge(order(3.0));
        (a.id, b.id, c.id)
    });
    assert_eq!(
        result,
        Ok(("o-1".to_string(), "inner".to_string(), "o-1".to_string()))
    );
    assert_eq!(outer.calls().len(), 2);
    assert_eq!(inner.calls().len(), 1);
}

#[test]
fn many_runs_on_many_threads_keep_their_own_mocks() {
    let threads: Vec<_> = (0..8)
        .map(|t| {
            std::thread::spawn(move || {
                for i in 0..50 {
                    let n = f64::from(t * 1000 + i);
                    let mut env = Env::new()
                        .mock(billing::charge::mock(move |o: Order| {
                            if i % 5 == 0 {
                                Err(CardError::Other(ErrorInfo {
                                    error: "Card.Stolen".into(),
                                    cause: "x".into(),
                                }))
                            } else {
                                Ok(Order { amount: n, ..o })
                            }
                        }))
                        .mock(shipping::charge::mock(|o: Order| o));
                    let got = env.run(|| checkout(order(0.0)));
                    if i % 5 == 0 {
                        assert_eq!(got.map_err(|f| f.error), Err("Payment".to_string()));
                    } else {
                        assert_eq!(got, Ok(order(n)));
                    }
                }
            })
        })
        .collect();
    for t in threads {
        t.join().expect("no thread panicked");
    }
}

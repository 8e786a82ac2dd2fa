//! A `for` whose body ends in a caught task call: the loop's step is taken on the error path
//! too (in JSONata the step joins the body's last states, the Catch's way included).

use asl::prelude::*;
use asl::testing::{Env, Mock};
use asl::Failure;

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Order {
    pub id: String,
}

#[task(lambda = "risky")]
pub fn risky(o: Order) -> Result<Order, StatesError>;

// Written as users write it: an empty arm for each outcome.
#[allow(clippy::single_match)]
#[workflow(name = "for-catch")]
pub fn for_catch(o: Order) -> Order {
    let xs = vec![o.clone(), o.clone()];
    for x in xs {
        match risky(x.clone()) {
            Ok(_y) => {}
            Err(_) => {}
        }
    }
    o
}

#[test]
fn a_for_body_ending_in_a_caught_failure_goes_on_to_the_next_item() {
    for fails in [false, true] {
        let mut env = Env::new().mock(Mock::json("risky", move |v| {
            if fails {
                Err(Failure {
                    error: "States.TaskFailed".into(),
                    cause: "down".into(),
                })
            } else {
                Ok(v)
            }
        }));
        let report = env.check(for_catch::definition(), for_catch, Order { id: "a".into() });
        assert_eq!(report.output.unwrap(), Order { id: "a".into() });
        assert_eq!(report.calls.len(), 2);
    }
}

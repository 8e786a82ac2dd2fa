//! `asl::testing::Env`'s fixed values — UUIDs, random numbers, the clock and the execution's
//! context — applied alike to the native run and to asl-local, so a workflow that reads them
//! agrees in both (and in both query languages) and a test can assert the exact values.

use std::time::Duration;

use asl::prelude::*;
use asl::testing::{Env, Mock};
use serde_json::Value;

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Order {
    id: String,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Tagged {
    order: String,
    tag: String,
    dice: i64,
}

#[task(lambda = "label")]
fn label(t: Tagged) -> Tagged;

#[workflow]
fn tagged(order: Order) -> Tagged {
    let tag = uuid();
    let dice = random(1, 6);
    label(Tagged {
        order: order.id,
        tag,
        dice,
    })
}

fn order() -> Order {
    Order { id: "o-1".into() }
}

/// An environment whose `label` returns what it is given.
fn labelling() -> Env {
    Env::new().mock(label::mock(|t: Tagged| t))
}

#[test]
fn fixed_uuids_and_random_values_are_drawn_alike_natively_and_in_asl() {
    let report = labelling()
        .uuids(["6f1c2a8e-0000-4000-8000-000000000001"])
        .random_values([0.5])
        .check(tagged::definition(), tagged, order());
    let expected = Tagged {
        order: "o-1".into(),
        tag: "6f1c2a8e-0000-4000-8000-000000000001".into(),
        dice: 4, // 1 + floor(0.5 * 6)
    };
    assert_eq!(report.output, Ok(expected.clone()));
    assert_eq!(report.inputs_of::<Tagged>("label").unwrap(), [expected]);
}

#[workflow]
fn two_tags(_order: Order) -> Vec<String> {
    let first = uuid();
    let second = uuid();
    vec![first, second]
}

#[test]
fn drawing_past_the_given_values_fails_the_check_saying_so() {
    let short = Env::new()
        .uuids(["u-1"])
        .try_check(two_tags::definition(), two_tags, order())
        .expect_err("two UUIDs drawn, one given");
    assert!(
        short.difference.starts_with(
            "native failed with `States.Runtime`: `Env::uuids` gives 1 UUID; the workflow draws UUID 2, ASL succeeded"
        ),
        "{short}"
    );
    let out_of_range = labelling()
        .uuids(["u-1"])
        .random_values([1.5])
        .try_check(tagged::definition(), tagged, order())
        .expect_err("1.5 is not a random value");
    assert!(
        out_of_range.difference.starts_with(
            "native failed with `States.Runtime`: `Env::random_values`: 1.5 is not in [0, 1) (value 1), ASL succeeded"
        ),
        "{out_of_range}"
    );
    let both =
        labelling()
            .uuids(["u-1", "u-2"])
            .check(two_labels::definition(), two_labels, order());
    assert_eq!(
        both.inputs_of::<Tagged>("label").unwrap(),
        [Tagged {
            order: "u-1".into(),
            tag: "u-2".into(),
            dice: 0
        }]
    );
}

#[workflow]
fn two_labels(_order: Order) -> Tagged {
    let first = uuid();
    let second = uuid();
    label(Tagged {
        order: first,
        tag: second,
        dice: 0,
    })
}

/// Found by the fixed UUIDs: the JSONata back end once folded `first` and `second` into the
/// Pass state's `Output` as `$uuid()` again, so the output held two other UUIDs than the
/// variables. A state whose `Assign` draws a value no longer takes later expressions in.
#[test]
fn two_uuids_returned_are_the_ones_drawn() {
    let both = Env::new()
        .uuids(["u-1", "u-2"])
        .check(two_tags::definition(), two_tags, order());
    assert_eq!(both.output, Ok(vec!["u-1".to_string(), "u-2".to_string()]));
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Stamp {
    id: String,
    name: String,
    started: Timestamp,
    role: String,
    input: Value,
}

#[workflow]
fn stamped(_order: Order) -> Stamp {
    Stamp {
        id: ctx().execution.id,
        name: ctx().execution.name,
        started: ctx().execution.start_time,
        role: ctx().execution.role_arn,
        input: ctx().execution.input,
    }
}

#[test]
fn the_context_is_fixed_alike_natively_and_in_asl() {
    let report = Env::new()
        .execution_name("order-42")
        .state_machine_name("Checkout")
        .role_arn("arn:aws:iam::123456789012:role/checkout")
        .clock("2026-03-01T12:00:00Z")
        .check(stamped::definition(), stamped, order());
    assert_eq!(
        report.output,
        Ok(Stamp {
            id: "arn:aws:states:us-east-1:123456789012:execution:Checkout:order-42".into(),
            name: "order-42".into(),
            started: Timestamp("2026-03-01T12:00:00.000Z".into()),
            role: "arn:aws:iam::123456789012:role/checkout".into(),
            input: serde_json::json!({"id": "o-1"}),
        })
    );
    // Without fixed values the native context is restored: the default of a native run.
    assert_eq!(ctx().execution.name, "native");
}

#[workflow]
fn wait_for_opening(order: Order) -> Order {
    sleep_until("2026-03-01T13:00:00Z");
    sleep(Duration::from_secs(30));
    order
}

#[test]
fn the_clock_decides_how_long_a_wait_until_a_time_takes() {
    let at = |clock: &str| {
        Env::new()
            .clock(clock)
            .check(wait_for_opening::definition(), wait_for_opening, order())
    };
    let early = at("2026-03-01T12:00:00Z");
    assert_eq!(early.output, Ok(order()));
    assert_eq!(early.duration, Duration::from_secs(3600 + 30));
    let late = at("2026-03-01T14:00:00Z");
    assert_eq!(
        late.duration,
        Duration::from_secs(30),
        "the time has passed"
    );
}

#[test]
fn a_clock_that_is_not_a_timestamp_fails_the_native_run() {
    let mut env = Env::new().clock("tomorrow");
    let failure = env.run_workflow(|| stamped(order())).unwrap_err();
    assert_eq!(failure.error, "States.Runtime");
    assert_eq!(
        failure.cause,
        "`Env::clock`: `tomorrow` is not an RFC 3339 timestamp (such as 2026-01-01T00:00:00Z)"
    );
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Moment {
    at: Timestamp,
}

#[task(lambda = "mark")]
fn mark(moment: Moment) -> Moment;

#[workflow]
fn marked(_order: Order) -> Vec<Timestamp> {
    sleep(30);
    #[retry(errors = ["Busy"], max_attempts = 1, interval = 2s)]
    let first = mark(Moment {
        at: ctx().state.entered_time,
    });
    let second = mark(Moment {
        at: ctx().state.entered_time,
    });
    vec![first.at, second.at]
}

/// Natively the clock is simulated as asl-local's: a Wait, a mock's time and a retry interval
/// move it, so `ctx().state.entered_time` (here in each Task's arguments) reads the same
/// times in both runs.
#[test]
fn entered_times_follow_waits_mock_times_and_retry_intervals() {
    let busy = Mock::json("mark", |_| {
        Err(asl::Failure {
            error: "Busy".into(),
            cause: "queue full".into(),
        })
    });
    let report = Env::new()
        .mock(
            busy.taking(Duration::from_secs(5))
                .then(Mock::json("mark", Ok).taking(Duration::from_secs(7))),
        )
        .clock("2026-03-01T12:00:00Z")
        .check(marked::definition(), marked, order());
    let at = |t: &str| Timestamp(format!("2026-03-01T12:{t}.000Z"));
    // 30 s waited; then 5 s (Busy), 2 s until the retry, 7 s; the second call takes 7 s.
    assert_eq!(report.output, Ok(vec![at("00:30"), at("00:44")]));
    assert_eq!(report.duration, Duration::from_secs(51));
}

#[workflow]
fn entered_after_a_wait(_order: Order) -> Vec<Timestamp> {
    sleep(30);
    let waited = ctx().state.entered_time;
    vec![waited]
}

/// The JSONata back end once folded `let waited = ctx().state.entered_time;` into the Wait's
/// `Assign`, where `$states.context.State.EnteredTime` is the Wait's own entered time: a read
/// of the state's context now gets a state of its own, entered after the Wait.
#[test]
fn a_context_read_after_a_wait_is_the_time_after_it() {
    let report = Env::new().clock("2026-03-01T12:00:00Z").check(
        entered_after_a_wait::definition(),
        entered_after_a_wait,
        order(),
    );
    assert_eq!(
        report.output,
        Ok(vec![Timestamp("2026-03-01T12:00:30.000Z".into())])
    );
}

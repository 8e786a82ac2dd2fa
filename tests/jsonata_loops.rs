//! Loops in the JSONata back end cost fewer states per iteration than in JSONPath: a counter's
//! step joins the `Assign` of the loop's last state, and a `for` takes its item in the
//! `Assign` of the Choice rule that tests the position. Each workflow runs natively and as
//! both ASL forms in asl-local (`Env::check`): the same output, and the transitions counted.

// The bodies are written as users write loops.
#![allow(clippy::assign_op_pattern)]

use asl::prelude::*;
use asl::testing::{Env, Report};
use asl::QueryLanguage;
use serde_json::{json, Value};

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Order {
    id: String,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Batch {
    orders: Vec<Order>,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Status3 {
    done: bool,
}

#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:charge")]
fn charge(order: Order) -> Order;

#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:poll")]
fn poll(order: Order) -> Status3;

#[workflow]
fn charge_all(batch: Batch) -> Batch {
    for order in batch.orders.clone() {
        charge(order);
    }
    batch
}

#[workflow]
fn poll_three_times(order: Order) -> i64 {
    let mut attempts = 0;
    while attempts < 3 {
        poll(order.clone());
        attempts = attempts + 1;
    }
    attempts
}

/// Checks `workflow` (`Env::check`: natively and as both ASL forms, which must agree) with
/// `definition` in its own language first, every Lambda echoing (charge) or answering not
/// done (poll); the report's transitions and raw output are that language's.
fn check<In: Serialize, O>(
    definition: asl::Definition,
    workflow: fn(In) -> O,
    input: In,
) -> Report<O::Value>
where
    O: asl::errors::WorkflowOutput,
    O::Value: Serialize,
{
    Env::new()
        .mock(charge::mock(|o: Order| o))
        .mock(poll::mock(|_: Order| Status3 { done: false }))
        .check(definition, workflow, input)
}

/// The raw output and the transitions of the JSONPath and the JSONata run.
fn both<In: Serialize + Clone, O>(
    definition: asl::Definition,
    workflow: fn(In) -> O,
    input: In,
) -> ((Value, usize), (Value, usize))
where
    O: asl::errors::WorkflowOutput,
    O::Value: Serialize,
{
    let path = check(definition.clone(), workflow, input.clone());
    let ata = check(definition.as_jsonata(), workflow, input);
    assert_eq!(path.languages[0], QueryLanguage::JsonPath);
    assert_eq!(ata.languages[0], QueryLanguage::Jsonata);
    let raw = |r: &Report<O::Value>| r.execution.output.clone().unwrap_or(Value::Null);
    ((raw(&path), path.transitions), (raw(&ata), ata.transitions))
}

#[test]
fn a_for_loop_costs_two_states_fewer_per_item() {
    let input = json!({"orders": [{"id": "a"}, {"id": "b"}, {"id": "c"}]});
    let typed: Batch = serde_json::from_value(input.clone()).unwrap();
    let ((out_path, path_transitions), (out_ata, ata_transitions)) =
        both(charge_all::definition(), charge_all, typed);
    // Typed, as a caller reads it (JSONPath's output also carries the loop's position).
    let batch = |v: Value| serde_json::from_value::<Batch>(v).unwrap();
    assert_eq!(batch(out_path), batch(input.clone()));
    assert_eq!(out_ata, input);
    // JSONPath: ForEach, per item Has, Take, Charge, Next, then Has and Done.
    // JSONata: ForEach, per item Has (taking the item) and Charge (stepping the position),
    // then Has and Done: two states fewer per item.
    assert_eq!((path_transitions, ata_transitions), (15, 9));
}

#[test]
fn a_counter_step_joins_the_last_state_of_the_loop() {
    let order = Order { id: "a".into() };
    let ((out_path, path_transitions), (out_ata, ata_transitions)) =
        both(poll_three_times::definition(), poll_three_times, order);
    assert_eq!(out_path, json!(3));
    assert_eq!(out_ata, json!(3));
    // JSONPath: SetAttempts, 4 × the condition, 3 × (Poll, SetAttempts2), Done.
    // JSONata: SetAttempts, 4 × the condition, 3 × Poll (assigning the step), Done.
    assert_eq!((path_transitions, ata_transitions), (12, 9));
}

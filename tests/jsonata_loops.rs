//! Loops in the JSONata back end cost fewer states per iteration than in JSONPath: a counter's
//! step joins the `Assign` of the loop's last state, and a `for` takes its item in the
//! `Assign` of the Choice rule that tests the position. Each workflow runs natively and as
//! both ASL forms in asl-local: the same output, and the transitions counted.

// The workflows run as ASL only (their native fns are not called), and their bodies are
// written as users write loops.
#![allow(dead_code, clippy::assign_op_pattern)]

use asl::prelude::*;
use asl_local::{Executor, Status};
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

/// Runs `machine` with every Lambda echoing (charge) or answering not done (poll).
fn run(machine: &asl::model::StateMachine, input: &Value) -> (Value, usize) {
    let run = Executor::new(machine)
        .lambda("charge", |v| Ok(v.clone()))
        .lambda("poll", |_| Ok(json!({"done": false})))
        .run(input.clone());
    assert_eq!(
        run.status,
        Status::Succeeded,
        "{:?} {:?}",
        run.error,
        run.cause
    );
    let transitions = run.transitions();
    (run.output.unwrap_or(Value::Null), transitions)
}

fn both(d: &asl::Definition, input: &Value) -> ((Value, usize), (Value, usize)) {
    let jsonpath = d.state_machine().unwrap();
    let jsonata = d.as_jsonata().state_machine().unwrap();
    (run(&jsonpath, input), run(&jsonata, input))
}

#[test]
fn a_for_loop_costs_two_states_fewer_per_item() {
    let input = json!({"orders": [{"id": "a"}, {"id": "b"}, {"id": "c"}]});
    let ((out_path, path_transitions), (out_ata, ata_transitions)) =
        both(&charge_all::definition(), &input);
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
    let input = json!({"id": "a"});
    let ((out_path, path_transitions), (out_ata, ata_transitions)) =
        both(&poll_three_times::definition(), &input);
    assert_eq!(out_path, json!(3));
    assert_eq!(out_ata, json!(3));
    // JSONPath: SetAttempts, 4 × the condition, 3 × (Poll, SetAttempts2), Done.
    // JSONata: SetAttempts, 4 × the condition, 3 × Poll (assigning the step), Done.
    assert_eq!((path_transitions, ata_transitions), (12, 9));
}

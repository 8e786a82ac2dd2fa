//! A test's fixed values for the intrinsics that draw randomness (`Executor::entropy`):
//! `States.UUID` / `$uuid()` and `States.MathRandom` / `$random()` return them in order, in
//! both query languages, and the seeded generator takes over when they run out; the start
//! time is the clock `$now()` and the context object read.

use std::collections::VecDeque;

use asl_local::{Executor, Status};
use serde_json::json;

struct Fixed {
    randoms: VecDeque<f64>,
    uuids: VecDeque<String>,
}

impl asl_jsonata::Entropy for Fixed {
    fn random(&mut self) -> Option<f64> {
        self.randoms.pop_front()
    }
    fn uuid(&mut self) -> Option<String> {
        self.uuids.pop_front()
    }
}

fn fixed(randoms: &[f64], uuids: &[&str]) -> Fixed {
    Fixed {
        randoms: randoms.iter().copied().collect(),
        uuids: uuids.iter().map(|u| u.to_string()).collect(),
    }
}

#[test]
fn jsonpath_intrinsics_draw_the_fixed_values_in_order() {
    let machine = asl_model::parse_str(
        r#"{"StartAt": "Draw", "States": {
          "Draw": {"Type": "Pass", "Parameters": {
            "id.$": "States.UUID()", "die.$": "States.MathRandom(1, 6)",
            "seeded.$": "States.MathRandom(1, 6, 42)"}, "Next": "Again"},
          "Again": {"Type": "Pass", "Parameters": {
            "first.$": "$", "id.$": "States.UUID()", "die.$": "States.MathRandom(1, 6)"}, "End": true}}}"#,
    )
    .unwrap();
    let run = Executor::new(&machine)
        .entropy(fixed(&[0.5, 0.999], &["id-1", "id-2"]))
        .run(json!({}));
    assert_eq!(run.status, Status::Succeeded, "{:?}", run.cause);
    let out = run.output.unwrap();
    assert_eq!(out["first"]["id"], "id-1");
    assert_eq!(out["first"]["die"], 4); // 1 + floor(0.5 * 6)
    assert_eq!(out["id"], "id-2");
    assert_eq!(out["die"], 6);
    // A seeded call is the seed's, with or without fixed values.
    let plain = Executor::new(&machine).run(json!({})).output.unwrap();
    assert_eq!(out["first"]["seeded"], plain["first"]["seeded"]);
}

#[test]
fn jsonata_random_and_uuid_draw_the_same_values_and_then_the_seed() {
    let machine = asl_model::parse_str(
        r#"{"QueryLanguage": "JSONata", "StartAt": "Draw", "States": {
          "Draw": {"Type": "Pass", "Output": {
            "id": "{% $uuid() %}", "r": "{% $random() %}",
            "die": "{% $floor($random() * 6) + 1 %}", "later": "{% $uuid() %}"}, "End": true}}}"#,
    )
    .unwrap();
    let run = Executor::new(&machine)
        .entropy(fixed(&[0.25, 0.5], &["id-1"]))
        .run(json!({}));
    assert_eq!(run.status, Status::Succeeded, "{:?}", run.cause);
    let out = run.output.unwrap();
    assert_eq!(out["id"], "id-1");
    assert_eq!(out["r"], 0.25);
    assert_eq!(out["die"], 4);
    let later = out["later"].as_str().unwrap();
    assert_ne!(later, "id-1");
    assert_eq!(
        (later.len(), &later[14..15]),
        (36, "4"),
        "a generated v4 UUID"
    );
}

#[test]
fn the_start_time_is_the_clock_of_now_and_the_context() {
    let machine = asl_model::parse_str(
        r#"{"QueryLanguage": "JSONata", "StartAt": "Wait", "States": {
          "Wait": {"Type": "Wait", "Seconds": 90, "Next": "Read"},
          "Read": {"Type": "Pass", "Output": {
            "now": "{% $now() %}", "start": "{% $states.context.Execution.StartTime %}"}, "End": true}}}"#,
    )
    .unwrap();
    let start = asl_local::parse_millis("2026-03-01T12:00:00Z").unwrap();
    let run = Executor::new(&machine).start_time(start).run(json!({}));
    assert_eq!(
        run.output,
        Some(json!({"now": "2026-03-01T12:01:30.000Z", "start": "2026-03-01T12:00:00.000Z"}))
    );
}

//! `#[workflow]` fns run with mocks and task bodies, natively and as their ASL in asl-local
//! (`asl::testing::Env::check`, which must agree).

use super::*;

fn charging() -> Mock {
    charge::mock(|o: Order| Receipt {
        id: o.order_id,
        approved: false,
    })
}

#[test]
fn workflows_run_with_their_mocks_in_both_runs() {
    let report = Env::new()
        .mock(charging())
        .mock(approve::mock(|r: Receipt| Receipt {
            approved: true,
            ..r
        }))
        .check(
            checkout::definition(),
            checkout,
            order(20.0, Kind::Purchase),
        );
    assert_eq!(
        report.output,
        Ok(Receipt {
            id: "o-1".into(),
            approved: true
        })
    );
    let calls = report.calls;
    assert_eq!(
        calls.iter().map(|c| c.task.as_str()).collect::<Vec<_>>(),
        ["charge", "approve"]
    );
    assert_eq!(calls[0].input["orderId"], json!("o-1"));
    assert_eq!(calls[0].input["TOTAL"], json!(20.0));
    assert_eq!(calls[1].input, json!({"Id": "o-1", "approved": false}));
}

#[test]
fn fail_ends_a_run_with_its_error_and_cause_in_both_runs() {
    let mut env = Env::new().mock(charging());
    let mut run = |o: Order| env.check(conditions::definition(), conditions, o).output;
    let mut same = order(5.0, Kind::Purchase);
    same.order_id = "me".into();
    same.note = Some("n".into());
    assert_eq!(
        run(order(50.0, Kind::Purchase)).unwrap_err(),
        Failure {
            error: "TooSmall".into(),
            cause: "amount below 10".into()
        }
    );

    let mut with_note = order(5.0, Kind::Purchase);
    with_note.note = Some("n".into());
    with_note.express = true;
    assert_eq!(
        run(with_note).unwrap_err(),
        Failure {
            error: "NoteGiven".into(),
            cause: String::new()
        }
    );

    assert_eq!(run(order(500.0, Kind::Purchase)).unwrap().id, "o-1");

    // `o.audit.created_by` is a field of a `#[serde(flatten)]` struct: `$.created_by` in JSON.
    assert_eq!(
        run(same).unwrap_err(),
        Failure {
            error: "Same".into(),
            cause: "me".into()
        }
    );
}

#[test]
fn tasks_with_bodies_run_natively_and_record_their_calls() {
    // Natively the body runs; the ASL run's Lambda does what the body does.
    let report = Env::new()
        .mock(Mock::json("double", |n: Value| {
            Ok(json!(n.as_u64().unwrap_or(0) * 2))
        }))
        .check(doubled_twice::definition(), doubled_twice, 3);
    assert_eq!(report.output, Ok(12));
    assert_eq!(
        report
            .calls
            .iter()
            .map(|c| (c.task.as_str(), c.input.clone()))
            .collect::<Vec<_>>(),
        [("double", json!(3)), ("double", json!(6))]
    );
}

#[test]
fn a_missing_mock_is_a_failure_that_says_what_to_do() {
    let report = Env::new().check(no_input::definition(), |()| no_input(), ());
    let failure = report.output.unwrap_err();
    assert_eq!(failure.error, "asl.NoHandler");
    assert!(
        failure
            .cause
            .contains("asl::testing::Env::new().mock(new_id::mock(|input| …))"),
        "{}",
        failure.cause
    );
}

#[test]
fn a_task_without_input_is_passed_an_empty_object_in_both_runs() {
    // Its state's `Parameters` are `{}`: the native call log says so too.
    let report = Env::new()
        .mock(new_id::mock(|()| "id-7".to_string()))
        .check(no_input::definition(), |()| no_input(), ());
    assert_eq!(report.output, Ok("id-7".to_string()));
    let calls: Vec<(&str, Value)> = report
        .calls
        .iter()
        .map(|c| (c.task.as_str(), c.input.clone()))
        .collect();
    assert_eq!(calls, [("new_id", json!({}))]);
}

#[test]
fn loops_run_in_both_runs() {
    let start = Counter {
        n: 0,
        done: false,
        delay: 1,
        at: "2025-06-01T00:00:00Z".into(),
    };
    // Started in 2025-05, the Wait until 2026-01-01 stays within the execution's year.
    let report = Env::new()
        .clock("2025-05-01T00:00:00Z")
        .mock(step::mock(|c: Counter| Counter {
            n: c.n + 1,
            done: c.n + 1 >= 3,
            ..c
        }))
        .check(loops::definition(), loops, start);
    assert_eq!(report.calls.len(), 3);
}

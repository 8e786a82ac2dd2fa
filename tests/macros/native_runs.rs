//! `#[workflow]` fns run natively, with registered handlers and task bodies.

use super::*;

#[test]
fn workflows_run_natively_with_registered_handlers() {
    runtime::reset();
    runtime::register("charge", |o: Order| Receipt {
        id: o.order_id,
        approved: false,
    });
    runtime::register("approve", |r: Receipt| Receipt {
        approved: true,
        ..r
    });
    let receipt = runtime::run_native(|| checkout(order(20.0, Kind::Purchase))).unwrap();
    assert_eq!(
        receipt,
        Receipt {
            id: "o-1".into(),
            approved: true
        }
    );
    let calls = runtime::take_calls();
    assert_eq!(
        calls.iter().map(|c| c.task.as_str()).collect::<Vec<_>>(),
        ["charge", "approve"]
    );
    assert_eq!(calls[0].input["orderId"], json!("o-1"));
    assert_eq!(calls[0].input["TOTAL"], json!(20.0));
    assert_eq!(calls[1].input, json!({"Id": "o-1", "approved": false}));
}

#[test]
fn fail_ends_a_native_run_with_its_error_and_cause() {
    runtime::reset();
    runtime::register("charge", |o: Order| Receipt {
        id: o.order_id,
        approved: false,
    });
    let failure = runtime::run_native(|| conditions(order(50.0, Kind::Purchase))).unwrap_err();
    assert_eq!(
        failure,
        Failure {
            error: "TooSmall".into(),
            cause: "amount below 10".into()
        }
    );

    let mut with_note = order(5.0, Kind::Purchase);
    with_note.note = Some("n".into());
    with_note.express = true;
    let failure = runtime::run_native(|| conditions(with_note)).unwrap_err();
    assert_eq!(
        failure,
        Failure {
            error: "NoteGiven".into(),
            cause: String::new()
        }
    );

    let mut same = order(5.0, Kind::Purchase);
    same.order_id = "me".into();
    same.note = Some("n".into());
    let failure = runtime::run_native(|| conditions(same)).unwrap_err();
    assert_eq!(
        failure,
        Failure {
            error: "Same".into(),
            cause: "me".into()
        }
    );

    let receipt = runtime::run_native(|| conditions(order(500.0, Kind::Purchase))).unwrap();
    assert_eq!(receipt.id, "o-1");
}

#[test]
fn tasks_with_bodies_run_natively_and_record_their_calls() {
    runtime::reset();
    assert_eq!(runtime::run_native(|| doubled_twice(3)), Ok(12));
    let calls = runtime::take_calls();
    assert_eq!(
        calls
            .iter()
            .map(|c| (c.task.as_str(), c.input.clone()))
            .collect::<Vec<_>>(),
        [("double", json!(3)), ("double", json!(6))]
    );
}

#[test]
fn a_missing_handler_is_a_failure_that_says_what_to_do() {
    runtime::reset();
    let failure = runtime::run_native(|| no_input()).unwrap_err();
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
fn loops_run_natively() {
    runtime::reset();
    runtime::register("step", |c: Counter| Counter {
        n: c.n + 1,
        done: c.n + 1 >= 3,
        ..c
    });
    let start = Counter {
        n: 0,
        done: false,
        delay: 1,
        at: "now".into(),
    };
    runtime::run_native(|| loops(start)).unwrap();
    assert_eq!(runtime::take_calls().len(), 3);
}

//! The agreement tests: every arm, loop and map of the workflows, native against asl-local.

use super::*;

#[test]
fn typed_errors_agree_on_every_arm() {
    for id in ["ok", "declined", "crash"] {
        let runs = run_both("catch_typed", catch_typed, order(id, 5, false));
        if id == "crash" {
            // The catch-all passes the error object on whole.
            assert_eq!(
                runs.native_calls[1],
                (
                    "refund".into(),
                    json!({"Error": "Lambda.Unknown", "Cause": "crashed"})
                )
            );
        }
    }
    for id in ["ok", "fraud", "declined"] {
        let runs = run_both("catch_binding", catch_binding, order(id, 5, false));
        if id == "fraud" {
            assert_eq!(
                runs.native,
                Ok(json!({"id": "Payment.Fraud", "note": "stolen card"}))
            );
        }
    }
    for id in ["ok", "declined", "crash"] {
        let runs = run_both("rethrow", rethrow, order(id, 5, false));
        if id == "crash" {
            assert_eq!(runs.native, failure("Lambda.Unknown", "crashed"));
        }
    }
    for id in ["ok", "fraud"] {
        let runs = run_both("question_mark", question_mark, order(id, 5, false));
        if id == "fraud" {
            assert_eq!(runs.native, failure("Payment.Fraud", "stolen card"));
        }
    }
    for id in ["ok", "busy", "crash"] {
        run_both("if_let_ok", if_let_ok, order(id, 5, false));
    }
    for amount in [5, 500] {
        let runs = run_both("typed_fail", typed_fail, order("ok", amount, false));
        if amount == 500 {
            assert_eq!(runs.native, failure("PaymentDeclined", "over the limit"));
        }
    }
    for id in ["ok", "declined"] {
        run_both("retry_at_call", retry_at_call, order(id, 5, false));
    }
    let items = [
        order("a", 5, false),
        order("declined", 5, false),
        order("b", 5, false),
        order("crash", 5, false),
    ];
    let runs = run_both("caught_in_loop", caught_in_loop, orders(&items, json!({})));
    assert_eq!(runs.native, Ok(json!(2)));
    run_both("caught_in_loop", caught_in_loop, orders(&[], json!({})));
}

#[test]
fn calls_with_retry_and_catch_and_loops_with_question_marks_agree() {
    // `Busy` is retried: see `a_retried_call_is_retried_natively`.
    for id in ["ok", "crash"] {
        run_both("retry_and_catch", retry_and_catch, order(id, 5, false));
    }
    let items = [
        order("a", 5, false),
        order("fraud", 5, false),
        order("b", 5, false),
    ];
    let runs = run_both(
        "question_in_loop",
        question_in_loop,
        orders(&items, json!({})),
    );
    assert_eq!(runs.native, failure("Payment.Fraud", "stolen card"));
    run_both(
        "question_in_loop",
        question_in_loop,
        orders(&items[..1], json!({})),
    );
}

#[test]
fn maps_reading_the_context_and_nested_maps_agree() {
    let three = [
        order("a", 5, false),
        order("b", 50, true),
        order("c", 500, false),
    ];
    run_both("map_item_value", map_item_value, orders(&three, json!({})));
    let runs = run_both(
        "nested_maps",
        nested_maps,
        orders(&three[..2], json!({"tags": ["x", "y"]})),
    );
    assert_eq!(
        runs.native.unwrap()[1][1],
        json!({"execution": "y", "index": 1, "id": "b"})
    );
}

/// Natively a call retries as its Retry says (`#[retry]` at the call here): `pay` is called
/// 3 times (1 + MaxAttempts 2) before the Catch, as in ASL.
#[test]
fn a_retried_call_is_retried_natively() {
    run_both("retry_and_catch", retry_and_catch, order("busy", 5, false));
}

/// The Retry on the call retries `Busy` in both runs: a second try that succeeds, or the
/// error once the attempts are spent (1 + MaxAttempts 2 calls).
#[test]
fn a_retried_error_is_retried_in_both_runs() {
    let check = |mock| {
        let input: Order = serde_json::from_value(order("busy", 5, false)).unwrap();
        Env::new()
            .mock(mock)
            .check(retry_at_call::definition(), retry_at_call, input)
    };
    let busy = || pay::mock(|_| Err(PayError::Busy));
    let paid = || Receipt {
        id: "paid".into(),
        note: "second try".into(),
    };
    let second_try = check(busy().then(pay::mock(move |_| Ok(paid()))));
    assert_eq!(second_try.output, Ok(paid()));
    assert_eq!((second_try.calls.len(), second_try.retries), (2, 1));
    let spent = check(busy());
    assert_eq!(spent.output.map_err(|f| f.error), Err("Busy".to_string()));
    assert_eq!((spent.calls.len(), spent.retries), (3, 2));
}

#[test]
fn maps_and_loops_agree() {
    let three = [
        order("a", 5, false),
        order("b", 50, true),
        order("c", 500, false),
    ];
    for items in [&three[..], &[]] {
        run_both("map_plain", map_plain, orders(items, json!({})));
        run_both("map_captured", map_captured, orders(items, json!({})));
        run_both("map_multi", map_multi, orders(items, json!({})));
        run_both("map_in_match", map_in_match, orders(items, json!({})));
        run_both(
            "map_in_match",
            map_in_match,
            orders(items, json!({"mode": "BULK"})),
        );
        run_both(
            "for_break_continue",
            for_break_continue,
            orders(items, json!({})),
        );
    }
    let runs = run_both(
        "map_captured",
        map_captured,
        orders(&three, json!({"tag": "T"})),
    );
    assert_eq!(
        runs.native_calls[2],
        ("label".into(), json!({"text": "c", "tag": "T"}))
    );

    // for: `a` noted, `b` skipped (vip), `c` ends the loop (amount > 100), `d` never reached.
    let four = [
        three[0].clone(),
        three[1].clone(),
        three[2].clone(),
        order("d", 1, false),
    ];
    let runs = run_both(
        "for_break_continue",
        for_break_continue,
        orders(&four, json!({})),
    );
    assert_eq!(runs.native_calls, [("note".to_string(), three[0].clone())]);

    run_both("map_options", map_options, orders(&three, json!({})));
    let two_crashes = [
        order("crash", 5, false),
        order("a", 5, false),
        order("crash", 5, false),
    ];
    run_both("map_options", map_options, orders(&two_crashes, json!({})));

    for limit in [0, 3] {
        let runs = run_both(
            "counter_loop",
            counter_loop,
            orders(&[], json!({"limit": limit})),
        );
        assert_eq!(runs.native, Ok(json!(limit)));
    }
}

#[test]
#[ignore = "a tolerated failure: natively the item is left out of the Vec; in ASL (asl-local, as Step Functions) \
            its {Error, Cause} stays in the Map's output, which does not read as Vec<Receipt>"]
fn a_tolerated_failure_leaves_the_same_list() {
    let one_crash = [
        order("a", 5, false),
        order("crash", 5, false),
        order("b", 5, false),
    ];
    run_both("map_options", map_options, orders(&one_crash, json!({})));
}

#[test]
fn intrinsics_context_and_sqs_agree() {
    let runs = run_both("format_params", format_params, order("o-1", 12, false));
    assert_eq!(
        runs.native_calls[0].1,
        json!({"text": "order o-1 of 12", "tag": "fmt"})
    );

    let runs = run_both("uuid_twice", uuid_twice, order("o-1", 12, false));
    let texts = |calls: Vec<&Value>| calls.iter().map(|c| c["text"].clone()).collect::<Vec<_>>();
    let asl_texts = texts(runs.asl.calls.iter().map(|c| &c.input).collect());
    assert_eq!(
        asl_texts,
        [json!(UUID), json!(UUID)],
        "one uuid, used twice"
    );

    for (tags, count) in [(json!(["t"]), 0), (json!([]), 3), (json!([]), 1)] {
        let items: Vec<Value> = (0..count)
            .map(|i| order(&format!("o{i}"), 1, false))
            .collect();
        run_both(
            "len_contains",
            len_contains,
            orders(&items, json!({"tags": tags})),
        );
    }

    let runs = run_both(
        "context_execution",
        context_execution,
        orders(&[], json!({})),
    );
    assert_eq!(runs.native.unwrap()["execution"], EXECUTION_ARN);
    let three = [
        order("a", 5, false),
        order("b", 50, true),
        order("c", 500, false),
    ];
    let runs = run_both(
        "context_map_index",
        context_map_index,
        orders(&three, json!({})),
    );
    assert_eq!(
        runs.native.unwrap()[2],
        json!({"execution": EXECUTION_ARN, "index": 2, "id": "c"})
    );

    let runs = run_both("sqs_format", sqs_format, order("o-1", 12, false));
    assert_eq!(
        runs.native_calls[0].1,
        json!({"QueueUrl": QUEUE, "MessageBody": "order o-1 placed"})
    );
}

//! The JSONata examples (`examples/workflows/src/{price_quote,ticket_triage,scored_fanout}.rs`)
//! run natively and as their ASL in asl-local by `Env::check` (they have no JSONPath form:
//! their computed values need JSONata). The outputs are also spelled out, so a change in
//! what both runs compute shows here.

use std::cell::Cell;
use std::rc::Rc;

use asl::testing::{Env, Mock};
use asl_examples::{price_quote, scored_fanout, ticket_triage};
use serde_json::json;

#[test]
fn price_quote_computes_the_totals_in_the_state_machine() {
    let mut env = Env::new().mock(Mock::json("lookup_rates", |_| {
        Ok(json!({"tax_rate": 0.2, "discount": 0.1}))
    }));
    let req: price_quote::QuoteRequest = serde_json::from_value(json!({
        "customer": "acme",
        "items": [
            {"sku": "a", "unit_price": 19.99, "quantity": 3},
            {"sku": "b", "unit_price": 0.35, "quantity": 8}
        ]
    }))
    .unwrap();
    let report = env.check(
        price_quote::price_quote::definition(),
        price_quote::price_quote,
        req,
    );
    let subtotal = 19.99 * 3.0 + 0.35 * 8.0;
    let total = subtotal * (1.0 - 0.1) * (1.0 + 0.2);
    assert_eq!(
        report.output.unwrap(),
        price_quote::Quote {
            customer: "ACME".into(),
            subtotal_cents: (subtotal * 100.0f64).round() as i64,
            total_cents: (total * 100.0f64).round() as i64,
            lines: 2,
            bulk: true,
        }
    );
    // The whole quote is the Output of the one Task: no Pass, no Lambda for arithmetic.
    assert_eq!(report.transitions, 1);
}

#[test]
fn ticket_triage_routes_by_text_and_counts_its_polls() {
    let polls = Rc::new(Cell::new(0));
    let seen = polls.clone();
    let mut env = Env::new()
        .mock(Mock::json("assign", |a| {
            let mut a = a.clone();
            a["status"] = json!("pending");
            Ok(a)
        }))
        .mock(Mock::json("check_assignment", move |a| {
            seen.set(seen.get() + 1);
            let mut a = a.clone();
            if seen.get() % 2 == 0 {
                a["status"] = json!("assigned");
            }
            Ok(a)
        }));
    let ticket: ticket_triage::Ticket = serde_json::from_value(json!({
        "id": "t-7",
        "subject": "  Urgent: Invoice totals wrong ",
        "body": "the totals are off"
    }))
    .unwrap();
    let report = env.check(
        ticket_triage::ticket_triage::definition(),
        ticket_triage::ticket_triage,
        ticket,
    );
    assert_eq!(
        report.output.unwrap(),
        ticket_triage::Triaged {
            id: "t-7".into(),
            queue: "oncall".into(),
            priority: 1,
            tags: vec![
                "URGENT:".into(),
                "INVOICE".into(),
                "TOTALS".into(),
                "WRONG".into()
            ],
            checks: 2,
        }
    );
    // Assign, then 3 × the condition and 2 × (Wait, CheckAssignment), then Done; the
    // counter's step is in CheckAssignment's Assign.
    assert_eq!(report.transitions, 9);
}

#[test]
fn scored_fanout_decides_over_the_map_results() {
    let mut env = Env::new().mock(Mock::json("score", |c| {
        let text = c["text"].as_str().unwrap_or("");
        Ok(json!({"id": c["id"], "score": text.len() as f64 / 10.0}))
    }));
    let batch: scored_fanout::Batch = serde_json::from_value(json!({
        "candidates": [
            {"id": "a", "text": "short"},
            {"id": "b", "text": "a much longer text"},
            {"id": "c", "text": "mid length"}
        ],
        "threshold": 0.8
    }))
    .unwrap();
    let report = env.check(
        scored_fanout::scored_fanout::definition(),
        scored_fanout::scored_fanout,
        batch,
    );
    assert_eq!(
        report.output.unwrap(),
        scored_fanout::Verdict {
            best: 1.8,
            all_pass: false,
            any_fail: true,
            passing: 2,
            ids: vec!["b".into(), "c".into()],
        }
    );
    // The Map and one Score per candidate: the decision is the Map's Output.
    assert_eq!(report.transitions, 4);
}

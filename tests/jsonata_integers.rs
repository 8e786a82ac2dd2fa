//! Integers where Rust and JSONata part: JSONata computes with 64-bit floats, so a JSONata
//! workflow's integer past ±(2^53 − 1), a cast out of its type's range and a division by
//! zero fail with `States.QueryEvaluationError` in both runs (natively the macro checks the
//! arithmetic; the emitted expression checks the same), instead of two different numbers or a
//! native panic.

use asl::prelude::*;
use asl::testing::Env;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Payload)]
pub struct Numbers {
    pub a: i64,
    pub b: i64,
    pub f: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Payload)]
pub struct Results {
    pub product: i64,
    pub quotient: i64,
    pub remainder: i64,
    pub byte: u8,
    pub whole: i64,
    pub total: i64,
}

#[workflow(name = "integers", query_language = "JSONata")]
pub fn integers(n: Numbers) -> Results {
    let mut total = n.a;
    total += n.b;
    Results {
        product: n.a * n.b,
        quotient: n.a / n.b,
        remainder: n.a % n.b,
        byte: n.b as u8,
        whole: n.f as i64,
        total,
    }
}

fn run(a: i64, b: i64, f: f64) -> Result<Results, (String, String)> {
    let report = Env::new().check(integers::definition(), integers, Numbers { a, b, f });
    report.output.map_err(|e| (e.error, e.cause))
}

#[test]
fn in_range_integers_compute_as_rust_does() {
    assert_eq!(
        run(-7, 2, -2.9),
        Ok(Results {
            product: -14,
            quotient: -3,
            remainder: -1,
            byte: 2,
            whole: -2,
            total: -5,
        })
    );
    // 2^53 − 1 itself is exact in both.
    let max = (1i64 << 53) - 1;
    assert_eq!(run(max - 1, 1, 0.0).unwrap().total, max);
}

#[test]
fn a_product_past_2_pow_53_fails_in_both_runs() {
    let (error, cause) = run(1 << 40, 1 << 14, 0.0).unwrap_err();
    assert_eq!(error, "States.QueryEvaluationError");
    assert!(cause.contains("beyond ±9007199254740991"), "{cause}");
}

#[test]
fn division_by_zero_fails_in_both_runs() {
    let (error, cause) = run(7, 0, 0.0).unwrap_err();
    assert_eq!(error, "States.QueryEvaluationError");
    assert!(cause.contains("integer division by zero"), "{cause}");
}

#[test]
fn a_cast_out_of_range_fails_in_both_runs() {
    let (error, cause) = run(1, 300, 0.0).unwrap_err();
    assert_eq!(error, "States.QueryEvaluationError");
    assert!(cause.contains("range 0..=255"), "{cause}");
    let (error, _) = run(1, 2, 1e17).unwrap_err();
    assert_eq!(error, "States.QueryEvaluationError");
}

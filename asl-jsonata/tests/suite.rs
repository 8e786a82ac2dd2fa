//! The JSONata 2.0.6 reference test suite, read in place from `../shared/jsonata-test-suite-2.0.6`:
//! every case runs; the ones that do not pass are listed with a reason in `suite-skips.txt`.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use asl_jsonata::Expression;
use common::suite_cases::{input_and_options, load, suite_dir, Case};
use serde_json::Value as Json;

fn json_eq(a: &Json, b: &Json, unordered: bool) -> bool {
    match (a, b) {
        (Json::Number(x), Json::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            x == y || ((x - y).abs() <= 1e-12 * x.abs().max(y.abs()))
        }
        (Json::Array(x), Json::Array(y)) if unordered => {
            x.len() == y.len() && {
                let mut used = vec![false; y.len()];
                x.iter().all(|xi| {
                    let found = y
                        .iter()
                        .enumerate()
                        .find(|(j, yj)| !used[*j] && json_eq(xi, yj, false));
                    found.map(|(j, _)| used[j] = true).is_some()
                })
            }
        }
        (Json::Array(x), Json::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| json_eq(p, q, false))
        }
        (Json::Object(x), Json::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w, false)))
        }
        _ => a == b,
    }
}

/// Run one case: `Ok(())` when it passes, else what happened.
fn run(case: &Case, datasets: &Path) -> Result<(), String> {
    let c = &case.json;
    if let Some(why) = c.get("unloadable") {
        return Err(format!("case file does not load: {why}"));
    }
    let (input, options) = input_and_options(case, datasets);
    let expected_code = c.get("code").and_then(Json::as_str).or_else(|| {
        c.get("error")
            .and_then(|e| e.get("code"))
            .and_then(Json::as_str)
    });
    // Step Functions offers no $eval: every case of that group expects the refusal.
    let expected_code = if case.group == "function-eval" {
        Some("T1006")
    } else {
        expected_code
    };
    let outcome = Expression::parse(&case.expr).and_then(|e| e.evaluate(input.as_ref(), &options));
    match (outcome, expected_code) {
        (Err(e), Some(code)) if e.code == code => Ok(()),
        (Err(e), Some(code)) => Err(format!(
            "expected error {code}, got error {}: {}",
            e.code, e.message
        )),
        (Err(e), None) => Err(format!("error {}: {}", e.code, e.message)),
        (Ok(v), Some(code)) => Err(format!("expected error {code}, got {v:?}")),
        (Ok(v), None) => {
            if c.get("undefinedResult").is_some() {
                return match v {
                    None => Ok(()),
                    Some(v) => Err(format!("expected undefined, got {v}")),
                };
            }
            let expected = c.get("result").ok_or("case has no expected result")?;
            let unordered = c.get("unordered").and_then(Json::as_bool).unwrap_or(false);
            match v {
                Some(v) if json_eq(&v, expected, unordered) => Ok(()),
                Some(v) => Err(format!("expected {expected}, got {v}")),
                None => Err(format!("expected {expected}, got undefined")),
            }
        }
    }
}

fn skips() -> BTreeMap<String, String> {
    include_str!("suite-skips.txt")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (name, reason) = l.split_once(' ').unwrap_or((l, ""));
            (name.to_string(), reason.trim().to_string())
        })
        .collect()
}

#[test]
fn reference_suite() {
    let Some(dir) = suite_dir() else {
        eprintln!("skipped: ../shared/jsonata-test-suite-2.0.6 is not beside the project");
        return;
    };
    let cases = load(&dir);
    let skips = skips();
    let filter = std::env::var("SUITE_FILTER").ok();
    let mut failed = Vec::new();
    let mut passed = 0;
    let mut stale = Vec::new();
    for case in &cases {
        if filter
            .as_ref()
            .is_some_and(|f| !case.name.contains(f.as_str()))
        {
            continue;
        }
        let outcome = std::panic::catch_unwind(|| run(case, &dir.join("datasets")))
            .unwrap_or_else(|_| Err("PANIC".into()));
        match outcome {
            Ok(()) => {
                passed += 1;
                if skips.contains_key(&case.name) {
                    stale.push(case.name.clone());
                }
            }
            Err(why) => failed.push((case.name.clone(), why, case.expr.clone())),
        }
    }
    let total = passed + failed.len();
    let unlisted: Vec<_> = failed
        .iter()
        .filter(|(n, _, _)| !skips.contains_key(n))
        .collect();
    for (name, why, expr) in &unlisted {
        let why: String = why.chars().take(300).collect();
        let expr: String = expr.chars().take(200).collect();
        eprintln!("FAIL {name}: {why}\n     expr: {expr}");
    }
    eprintln!(
        "reference suite: {passed}/{total} pass ({} listed as skipped)",
        failed.len() - unlisted.len()
    );
    assert!(
        unlisted.is_empty(),
        "{} cases fail that suite-skips.txt does not list",
        unlisted.len()
    );
    assert!(
        stale.is_empty(),
        "cases listed in suite-skips.txt now pass; remove them: {stale:?}"
    );
    if filter.is_none() {
        assert!(
            passed * 100 >= total * 99,
            "fewer than 99% of the cases pass: {passed}/{total}"
        );
    }
}

/// Positions removed: two trees are the same expression when these are equal.
fn shape(node: &asl_jsonata::ast::Node) -> String {
    let text = format!("{node:?}");
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find("pos: ") {
        out.push_str(&rest[..at]);
        rest = rest[at + 5..].trim_start_matches(|c: char| c.is_ascii_digit());
    }
    out.push_str(rest);
    out
}

#[test]
fn printed_expressions_parse_back_to_the_same_tree() {
    let Some(dir) = suite_dir() else {
        eprintln!("skipped: ../shared/jsonata-test-suite-2.0.6 is not beside the project");
        return;
    };
    let mut checked = 0;
    let mut wrong = Vec::new();
    for case in load(&dir) {
        let Ok(parsed) = Expression::parse(&case.expr) else {
            continue;
        };
        let printed = asl_jsonata::print::print(parsed.ast());
        match Expression::parse(&printed) {
            Ok(again) if shape(again.ast()) == shape(parsed.ast()) => checked += 1,
            Ok(_) => wrong.push(format!(
                "{}: {} => {}",
                case.name,
                case.expr.trim(),
                printed
            )),
            Err(e) => wrong.push(format!(
                "{}: {} => {} ({e})",
                case.name,
                case.expr.trim(),
                printed
            )),
        }
    }
    for w in &wrong {
        eprintln!("{w}");
    }
    eprintln!("printer: {checked} expressions print and parse back to the same tree");
    assert!(wrong.is_empty(), "{} expressions do not", wrong.len());
}

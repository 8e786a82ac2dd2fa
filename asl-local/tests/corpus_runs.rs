//! No panics: every definition of the corpus that parses runs to an end, in echo mode, on a set of
//! odd inputs, and again with every task failing.

mod harness;

use asl_local::{Executor, Limits, Outcome, TaskError};
use serde_json::json;

fn definitions() -> Vec<(String, asl_model::StateMachine)> {
    let mut out = Vec::new();
    let mut dirs = vec![harness::repo_root().join("tests/corpus")];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.to_string_lossy().ends_with(".json") {
                let Ok(text) = std::fs::read_to_string(&p) else {
                    continue;
                };
                if let Ok(m) = asl_model::parse_str(&text) {
                    out.push((p.display().to_string(), m));
                }
            }
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn every_corpus_definition_runs_without_panicking() {
    let defs = definitions();
    assert!(defs.len() > 20, "found only {} definitions", defs.len());
    let inputs = [
        json!({}),
        json!(null),
        json!([1, 2, 3]),
        json!("text"),
        json!({"items": [1, {"a": 2}], "a": {"b": [{}]}, "n": 3, "s": "x", "flag": true, "List": ["m"], "payload": []}),
    ];
    let limits = Limits {
        max_history_events: 2_000,
        ..Limits::default()
    };
    for (name, m) in &defs {
        for input in &inputs {
            let run = Executor::new(m)
                .echo(true)
                .limits(limits)
                .run(input.clone());
            assert!(run.history.len() <= 2_000, "{name}");
            let run = Executor::new(m)
                .fallback(|c| Outcome::err(TaskError::new("Boom", format!("{} fails", c.resource))))
                .limits(limits)
                .run(input.clone());
            assert!(run.history.len() <= 2_000, "{name}");
        }
    }
}

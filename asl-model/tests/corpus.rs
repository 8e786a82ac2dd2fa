//! Round trip over the whole corpus: parse → serialize gives the same JSON, and parsing that again gives the same model.

use std::path::{Path, PathBuf};

use serde_json::Value;

fn corpus_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus");
    let mut files = Vec::new();
    for dir in ["valid", "seeds"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            if name.ends_with(".asl.json") && !name.contains("invalid") {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

/// JSON equality where numbers compare by value (`2` equals `2.0`).
fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_json(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => a == b,
    }
}

#[test]
fn corpus_is_large_enough() {
    let n = corpus_files().len();
    assert!(
        n >= 75,
        "the corpus has {n} definitions; the foundation asks for at least 60 plus the seeds"
    );
}

#[test]
fn every_corpus_file_round_trips() {
    let mut failures = Vec::new();
    for file in corpus_files() {
        let text = std::fs::read_to_string(&file).unwrap();
        let input: Value = serde_json::from_str(&text).unwrap();
        let model = match asl_model::parse_str(&text) {
            Ok(m) => m,
            Err(e) => {
                failures.push(format!("{}: does not parse: {e}", file.display()));
                continue;
            }
        };
        let output = asl_model::serialize::to_value(&model);
        if !same_json(&input, &output) {
            failures.push(format!(
                "{}: serialized JSON differs from the input:\n{output:#}",
                file.display()
            ));
            continue;
        }
        let again = asl_model::parse_value(&output).unwrap();
        if again != model {
            failures.push(format!("{}: parse(serialize(m)) != m", file.display()));
        }
        // Canonical form is a fixed point.
        let pretty = asl_model::serialize::to_string_pretty(&model);
        let reparsed = asl_model::parse_str(&pretty).unwrap();
        assert_eq!(
            asl_model::serialize::to_string_pretty(&reparsed),
            pretty,
            "{}",
            file.display()
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn serde_impls_agree_with_parse_and_serialize() {
    let text = r#"{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}"#;
    let m: asl_model::StateMachine = serde_json::from_str(text).unwrap();
    assert_eq!(serde_json::to_string(&m).unwrap(), text);
    let err = serde_json::from_str::<asl_model::StateMachine>(
        r#"{"StartAt":"A","States":{"A":{"Type":"Pass","Result":1,"ResultPath":5,"End":true}}}"#,
    )
    .unwrap_err()
    .to_string();
    assert_eq!(
        err,
        "/States/A/ResultPath: error[SCHEMA_TYPE]: expected a path string or null, found a number"
    );
}

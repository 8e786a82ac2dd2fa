//! Data-driven tests of the validator: the invalid corpus with its expected diagnostics,
//! the valid corpus without errors, and RULES.md against the fixtures.
//!
//! Each `tests/corpus/invalid/<name>.invalid.asl.json` has a sidecar `<name>.invalid.expected`
//! listing, one per line, `POINTER: SEVERITY[CODE]` for every diagnostic (for a file the
//! parser rejects, the parser's diagnostics). Run with `UPDATE_EXPECTED=1` to rewrite the
//! sidecars from the current output, then review the diff.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use asl_model::{parse_str, validate, Diagnostic, ParseError};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/corpus");
const RULES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/RULES.md");

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files(&path, out);
        } else if path.to_string_lossy().ends_with(".asl.json") {
            out.push(path);
        }
    }
}

fn corpus(sub: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    files(&Path::new(CORPUS).join(sub), &mut out);
    out
}

/// A sidecar line; control characters in the pointer are written as `\u{…}` so that
/// every diagnostic stays on one line.
fn line(d: &Diagnostic) -> String {
    let pointer: String = d
        .pointer
        .chars()
        .map(|c| {
            if c.is_control() {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect();
    format!("{pointer}: {}[{}]", d.severity.as_str(), d.code)
}

/// The diagnostics of a document as sidecar lines: the parser's if it rejects the text,
/// otherwise the validator's.
fn diagnose(text: &str) -> Vec<String> {
    match parse_str(text) {
        Ok(sm) => validate(&sm).iter().map(line).collect(),
        Err(ParseError::Invalid(diags)) => diags.iter().map(line).collect(),
        Err(ParseError::Json { .. }) => vec![": error[INVALID_JSON]".to_string()],
    }
}

fn sidecar(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!("{}.expected", name.trim_end_matches(".asl.json")))
}

#[test]
fn invalid_corpus_gives_exactly_the_expected_diagnostics() {
    let update = std::env::var_os("UPDATE_EXPECTED").is_some();
    let fixtures = corpus("invalid");
    assert!(!fixtures.is_empty(), "no fixtures under {CORPUS}/invalid");
    let mut failures = Vec::new();
    for path in &fixtures {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        assert!(
            name.contains("invalid"),
            "{name}: an invalid fixture's name must contain \"invalid\""
        );
        let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let got = diagnose(&text);
        let expected_path = sidecar(path);
        if update {
            let mut body = got.join("\n");
            body.push('\n');
            fs::write(&expected_path, body)
                .unwrap_or_else(|e| panic!("{}: {e}", expected_path.display()));
            continue;
        }
        let expected: Vec<String> = fs::read_to_string(&expected_path)
            .unwrap_or_else(|e| {
                panic!(
                    "{}: {e} (run with UPDATE_EXPECTED=1 to create it)",
                    expected_path.display()
                )
            })
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect();
        if got.is_empty() {
            failures.push(format!(
                "{name}: no diagnostics at all; a fixture must show the rule it is for"
            ));
        }
        if got != expected {
            failures.push(format!(
                "{name}:\n  expected:\n    {}\n  got:\n    {}",
                expected.join("\n    "),
                got.join("\n    ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} fixtures differ:\n{}",
        failures.len(),
        fixtures.len(),
        failures.join("\n")
    );
}

#[test]
fn valid_corpus_and_seeds_have_no_errors() {
    let mut paths = corpus("valid");
    paths.extend(corpus("seeds"));
    let mut failures = Vec::new();
    for path in &paths {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.contains("invalid") {
            continue;
        }
        let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        match parse_str(&text) {
            Ok(sm) => {
                let errors: Vec<String> = validate(&sm)
                    .iter()
                    .filter(|d| d.is_error())
                    .map(|d| d.to_string())
                    .collect();
                if !errors.is_empty() {
                    failures.push(format!(
                        "{}:\n    {}",
                        path.display(),
                        errors.join("\n    ")
                    ));
                }
            }
            Err(e) => failures.push(format!("{}: does not parse: {e}", path.display())),
        }
    }
    assert!(
        failures.is_empty(),
        "valid definitions with errors:\n{}",
        failures.join("\n")
    );
}

/// Rule codes of the tables in RULES.md: the first cell of each row, in backquotes.
fn documented_codes() -> BTreeSet<String> {
    let text = fs::read_to_string(RULES).unwrap_or_else(|e| panic!("{RULES}: {e}"));
    text.lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split('`').next())
        .filter(|c| !c.is_empty() && c.chars().all(|ch| ch.is_ascii_uppercase() || ch == '_'))
        .map(String::from)
        .collect()
}

fn fixture_codes() -> BTreeSet<String> {
    let mut codes = BTreeSet::new();
    for path in corpus("invalid") {
        let text = fs::read_to_string(sidecar(&path)).unwrap_or_default();
        for l in text.lines() {
            if let Some(code) = l
                .rsplit_once('[')
                .and_then(|(_, rest)| rest.strip_suffix(']'))
            {
                codes.insert(code.to_string());
            }
        }
    }
    codes
}

#[test]
fn every_documented_rule_has_a_fixture() {
    let covered = fixture_codes();
    let missing: Vec<String> = documented_codes().difference(&covered).cloned().collect();
    assert!(
        missing.is_empty(),
        "rule codes in RULES.md with no fixture in tests/corpus/invalid: {missing:?}"
    );
}

#[test]
fn every_code_the_fixtures_produce_is_documented() {
    let documented = documented_codes();
    let undocumented: Vec<String> = fixture_codes().difference(&documented).cloned().collect();
    assert!(
        undocumented.is_empty(),
        "codes the fixtures produce that RULES.md does not document: {undocumented:?}"
    );
}

#[test]
fn validation_is_deterministic() {
    for path in corpus("invalid").iter().take(50) {
        let text = fs::read_to_string(path).unwrap_or_default();
        assert_eq!(diagnose(&text), diagnose(&text), "{}", path.display());
    }
}

/// Pointers of every node of a JSON value, in document order.
fn node_pointers(v: &serde_json::Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match v {
        serde_json::Value::Object(map) => {
            for (k, child) in map {
                node_pointers(
                    child,
                    format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        serde_json::Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                node_pointers(child, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn never_panics_on_mutated_definitions() {
    use serde_json::{json, Value};
    let replacements = [
        Value::Null,
        json!(true),
        json!(-1),
        json!(0),
        json!(1.5),
        json!(""),
        json!("$..x[?(@.a"),
        json!("{% $states.input.( %}"),
        json!("States.Format('{}'"),
        json!([]),
        json!({}),
        json!({"Type": "Map", "End": true}),
    ];
    let mut paths = corpus("valid");
    paths.extend(corpus("seeds"));
    let mut runs = 0;
    for path in &paths {
        let Ok(text) = fs::read_to_string(path) else {
            continue;
        };
        let Ok(doc) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        let mut pointers = Vec::new();
        node_pointers(&doc, String::new(), &mut pointers);
        let stride = (pointers.len() / 40).max(1);
        for pointer in pointers.iter().step_by(stride) {
            for replacement in &replacements {
                let mut mutated = doc.clone();
                if let Some(slot) = mutated.pointer_mut(pointer) {
                    *slot = replacement.clone();
                }
                let outcome = std::panic::catch_unwind(|| {
                    if let Ok(sm) = asl_model::parse_value(&mutated) {
                        let _ = validate(&sm);
                    }
                });
                assert!(
                    outcome.is_ok(),
                    "{}: panicked with {pointer} = {replacement}",
                    path.display()
                );
                runs += 1;
            }
        }
    }
    assert!(runs > 0);
}

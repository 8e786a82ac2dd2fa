//! Golden files: every example workflow's exact ASL JSON and YAML, and the serverless block.
//! `ASL_BLESS=1 cargo test --test golden` rewrites them; review the diff before committing.

use std::path::{Path, PathBuf};

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn check(file: &str, actual: &str, failures: &mut Vec<String>) {
    let path = golden_dir().join(file);
    if std::env::var_os("ASL_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    match std::fs::read_to_string(&path) {
        Ok(expected) if expected == actual => {}
        Ok(expected) => failures.push(format!(
            "{file} differs from the emitted text.\n--- golden\n{expected}\n--- emitted\n{actual}"
        )),
        Err(_) => failures.push(format!(
            "{file} is missing; run `ASL_BLESS=1 cargo test --test golden`"
        )),
    }
}

#[test]
fn every_example_matches_its_golden_files() {
    let mut failures = Vec::new();
    for (seed, name, d) in asl_examples::all() {
        let json = d.to_json_pretty().unwrap_or_else(|e| panic!("{name}: {e}")) + "\n";
        check(&format!("{seed}-{name}.asl.json"), &json, &mut failures);
        let yaml = d.to_yaml().unwrap_or_else(|e| panic!("{name}: {e}"));
        check(&format!("{seed}-{name}.asl.yaml"), &yaml, &mut failures);
        // The YAML is the same document as the JSON.
        let from_yaml: serde_json::Value = serde_norway::from_str(&yaml).unwrap();
        let from_json: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(from_yaml, from_json, "{name}: YAML and JSON differ");
    }
    let all = asl_examples::all();
    let defs: Vec<&asl::Definition> = all.iter().map(|(_, _, d)| d).collect();
    let serverless = asl::to_serverless(&defs, &asl::ServerlessOptions::default()).unwrap();
    check("serverless.yml", &serverless, &mut failures);
    // A whole serverless service around the block, for `serverless package` in the oracles
    // (.ci/oracles/serverless-check.sh target/serverless).
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/serverless");
    std::fs::create_dir_all(&dir).unwrap();
    let service = format!(
        "# Written by tests/golden.rs: every example workflow, for serverless-check.sh.\nservice: asl-examples\nframeworkVersion: '3'\nprovider:\n  name: aws\n  runtime: nodejs18.x\n  region: us-east-1\nplugins:\n  - serverless-step-functions\n{serverless}"
    );
    std::fs::write(dir.join("serverless.yml"), service).unwrap();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Every example emitted as JSONata + Variables (`definition().as_jsonata()`), in
/// `tests/golden/jsonata/`, valid.
#[test]
fn every_example_emits_as_jsonata() {
    let mut failures = Vec::new();
    for (seed, name, d) in asl_examples::all() {
        let d = d.as_jsonata();
        match d.to_json_pretty() {
            Ok(json) => check(
                &format!("jsonata/{seed}-{name}.asl.json"),
                &(json + "\n"),
                &mut failures,
            ),
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn emitted_definitions_have_no_validator_errors() {
    for (_, name, d) in asl_examples::all() {
        let diags: Vec<_> = d
            .validate()
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .into_iter()
            .filter(|d| d.is_error())
            .collect();
        assert!(
            diags.is_empty(),
            "{name}: {}",
            diags
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}

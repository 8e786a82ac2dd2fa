//! The validator against definitions we did not write, read in place from `../shared/conformance`:
//! every definition AWS deployed validates, every definition AWS rejects is rejected, and where
//! AWS and the spec disagree, the recorded case that decides it.

use std::fs;
use std::path::{Path, PathBuf};

use asl_model::{parse_str, validate};

const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/conformance");

fn files(sub: &str) -> Option<Vec<PathBuf>> {
    let dir = Path::new(SHARED).join(sub);
    let Ok(entries) = fs::read_dir(&dir) else {
        eprintln!("skipped: {} is absent", dir.display());
        return None;
    };
    let mut out: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".asl.json"))
        .collect();
    out.sort();
    Some(out)
}

/// The error codes `asl validate` reports for one file (parse errors included).
fn errors(path: &Path) -> Vec<String> {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    match parse_str(&text) {
        Ok(sm) => validate(&sm)
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.to_string())
            .collect(),
        Err(e) => vec![e.to_string()],
    }
}

#[test]
fn every_deployed_definition_validates() {
    let Some(paths) = files("asl-corpus") else {
        return;
    };
    assert!(paths.len() >= 60, "expected the 60 deployed definitions");
    let mut failures = Vec::new();
    for p in &paths {
        let errs = errors(p);
        let name = p.file_name().unwrap_or_default().to_string_lossy();
        // 059 names its Resource "foo:bar", which AWS rejects too.
        let allowed =
            name.starts_with("059-") && errs.len() == 1 && errs[0].contains("INVALID_RESOURCE");
        if !errs.is_empty() && !allowed {
            failures.push(format!("{name}:\n    {}", errs.join("\n    ")));
        }
    }
    assert!(
        failures.is_empty(),
        "deployed definitions rejected:\n{}",
        failures.join("\n")
    );
}

#[test]
fn every_definition_aws_rejects_is_rejected() {
    let Some(paths) = files("asl-invalid") else {
        return;
    };
    assert!(paths.len() >= 40, "expected the 40 invalid definitions");
    let accepted: Vec<String> = paths
        .iter()
        .filter(|p| errors(p).is_empty())
        .map(|p| p.display().to_string())
        .collect();
    assert!(
        accepted.is_empty(),
        "invalid definitions accepted: {accepted:?}"
    );
}

/// Definitions from executions recorded against AWS: each ran there, so each must validate here
/// even where a strict reading of the spec or of the docs would refuse it.
#[test]
fn aws_decides_where_it_and_the_spec_disagree() {
    let Some(paths) = files("localstack-sfn") else {
        return;
    };
    let cases = [
        ("779-", "ProcessorConfig in a legacy Iterator"),
        ("780-", "ProcessorConfig (DISTRIBUTED) in a legacy Iterator"),
        ("569-", "ToleratedFailurePercentage on an inline Map"),
        ("570-", "ToleratedFailureCount on an inline Map"),
        ("743-", "a \".$\" key in a JSONata Output, kept literally"),
        ("888-", "a bracket key with an escaped quote"),
    ];
    for (prefix, what) in cases {
        let p = paths
            .iter()
            .find(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
            })
            .unwrap_or_else(|| panic!("case {prefix} is missing"));
        let errs = errors(p);
        assert!(errs.is_empty(), "{what} ({}): {errs:?}", p.display());
    }
}

#[test]
fn every_recorded_definition_validates() {
    let Some(paths) = files("localstack-sfn") else {
        return;
    };
    let rejected: Vec<String> = paths
        .iter()
        .filter_map(|p| {
            let errs = errors(p);
            (!errs.is_empty()).then(|| format!("{}: {errs:?}", p.display()))
        })
        .collect();
    assert!(
        rejected.is_empty(),
        "{} recorded definitions rejected:\n{}",
        rejected.len(),
        rejected.join("\n")
    );
}

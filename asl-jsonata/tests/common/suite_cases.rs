#![allow(dead_code)]
//! Loads the JSONata 2.0.6 reference suite from `../shared/jsonata-test-suite-2.0.6` for the
//! suite test and the benchmark (`examples/suite_bench.rs`), which include this file by path.

use std::path::{Path, PathBuf};
use std::time::Duration;

use asl_jsonata::Options;
use serde_json::Value as Json;

pub fn suite_dir() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    [
        "../shared/jsonata-test-suite-2.0.6",
        "../../shared/jsonata-test-suite-2.0.6",
    ]
    .iter()
    .map(|p| root.join(p))
    .find(|p| p.join("groups").is_dir())
}

pub struct Case {
    pub name: String,
    pub group: String,
    pub json: Json,
    pub expr: String,
}

pub fn load(dir: &Path) -> Vec<Case> {
    let mut cases = Vec::new();
    let mut groups: Vec<_> = std::fs::read_dir(dir.join("groups"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    groups.sort();
    for group in groups {
        let gname = group.file_name().unwrap().to_string_lossy().to_string();
        let mut files: Vec<_> = std::fs::read_dir(&group)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        for file in files {
            let stem = file.file_stem().unwrap().to_string_lossy().to_string();
            let text = std::fs::read_to_string(&file).unwrap();
            let parsed: Json = match serde_json::from_str(&text) {
                Ok(p) => p,
                // A lone UTF-16 surrogate (`"\uD800"`) has no Rust string: the case cannot run.
                Err(e) => serde_json::json!({ "unloadable": e.to_string() }),
            };
            let list = match parsed {
                Json::Array(items) => items
                    .into_iter()
                    .enumerate()
                    .map(|(i, c)| (format!("{gname}/{stem}[{i}]"), c))
                    .collect(),
                c => vec![(format!("{gname}/{stem}"), c)],
            };
            for (name, json) in list {
                let expr = match (json.get("expr"), json.get("expr-file")) {
                    _ if json.get("unloadable").is_some() => String::new(),
                    (Some(Json::String(e)), _) => e.clone(),
                    (_, Some(Json::String(f))) => std::fs::read_to_string(group.join(f)).unwrap(),
                    _ => continue,
                };
                cases.push(Case {
                    name,
                    group: gname.clone(),
                    json,
                    expr,
                });
            }
        }
    }
    cases
}

/// The case's input document and evaluation options (bindings, depth, time limit).
pub fn input_and_options(case: &Case, datasets: &Path) -> (Option<Json>, Options) {
    let c = &case.json;
    let input = match (c.get("data"), c.get("dataset")) {
        (Some(d), _) => Some(d.clone()),
        (None, Some(Json::String(name))) => Some(
            serde_json::from_str(
                &std::fs::read_to_string(datasets.join(format!("{name}.json"))).unwrap(),
            )
            .unwrap(),
        ),
        _ => None,
    };
    let mut options = Options::default();
    if let Some(Json::Object(b)) = c.get("bindings") {
        options.bindings = b.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    }
    if let Some(d) = c.get("depth").and_then(Json::as_u64) {
        options.max_depth = d as usize;
    }
    if let Some(t) = c.get("timelimit").and_then(Json::as_u64) {
        options.time_limit = Some(Duration::from_millis(t));
    }
    (input, options)
}

//! Validation throughput on the corpus, and the ratio against npm asl-validator in one node process.
//!
//! `cargo bench -p asl-model --bench validate` (asl-validator must be installed:
//! `npm ci --prefix .ci/asl-tools`, which `.ci/oracles/run-all` does).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn corpus() -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus");
    let mut files = Vec::new();
    for dir in ["valid", "seeds"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.to_string_lossy().ends_with(".asl.json")
                && !p.to_string_lossy().contains("invalid")
            {
                let text = std::fs::read_to_string(&p).unwrap();
                files.push((p, text));
            }
        }
    }
    files.sort();
    files
}

const NODE_SCRIPT: &str = r#"
const fs = require('fs');
const validate = require('asl-validator');
const files = process.argv.slice(2).map((f) => fs.readFileSync(f, 'utf8'));
const rounds = 3;
const t0 = process.hrtime.bigint();
let n = 0;
for (let r = 0; r < rounds; r++) for (const text of files) { validate(JSON.parse(text), { checkPaths: true, checkArn: true }); n++; }
const secs = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(JSON.stringify({ validations: n, seconds: secs }));
"#;

fn main() {
    let files = corpus();
    let bytes: usize = files.iter().map(|(_, t)| t.len()).sum();
    // Warm up, then time enough rounds to be measurable.
    for (_, text) in &files {
        let m = asl_model::parse_str(text).unwrap();
        std::hint::black_box(asl_model::validate(&m));
    }
    let rounds = 200;
    let start = Instant::now();
    for _ in 0..rounds {
        for (_, text) in &files {
            let m = asl_model::parse_str(text).unwrap();
            std::hint::black_box(asl_model::validate(&m));
        }
    }
    let ours = start.elapsed().as_secs_f64() / (rounds * files.len()) as f64;
    println!("corpus: {} definitions, {} bytes", files.len(), bytes);
    println!(
        "asl-model parse+validate: {:.1} µs per definition ({:.0} definitions/s, {:.1} MB/s)",
        ours * 1e6,
        1.0 / ours,
        bytes as f64 * rounds as f64 / (ours * (rounds * files.len()) as f64) / 1e6
    );

    let modules = Path::new(env!("CARGO_MANIFEST_DIR")).join("../.ci/asl-tools/node_modules");
    if !modules.join("asl-validator").exists() {
        println!("asl-validator: not installed (npm ci --prefix .ci/asl-tools); no ratio");
        return;
    }
    let script = std::env::temp_dir().join("asl-bench-validator.js");
    std::fs::write(&script, NODE_SCRIPT).unwrap();
    let out = Command::new("node")
        .arg(&script)
        .args(files.iter().map(|(p, _)| p))
        .env("NODE_PATH", &modules)
        .output()
        .expect("node runs");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("node said: {}", String::from_utf8_lossy(&out.stderr)));
    let theirs = report["seconds"].as_f64().unwrap() / report["validations"].as_f64().unwrap();
    println!(
        "asl-validator 4.0.0 (one node process): {:.1} µs per definition",
        theirs * 1e6
    );
    println!(
        "ratio: asl-model is {:.0}x faster than asl-validator on the same files",
        theirs / ours
    );
}

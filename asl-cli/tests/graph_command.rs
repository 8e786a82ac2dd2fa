//! `asl graph` end to end: exact Mermaid and DOT output, exit codes, and every file of the
//! shared ASL corpus (read in place) drawn without an error.

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn asl(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_asl"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"))
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

const CLASSES: &str = "flowchart TD
  classDef terminal fill:#333,stroke:#333,color:#fff
  classDef succeed fill:#dfd,stroke:#393
  classDef fail fill:#fdd,stroke:#c33
  classDef missing fill:#ffd,stroke:#c90,stroke-dasharray:4
";

#[test]
fn graph_prints_a_mermaid_flowchart() {
    let out = asl(&["graph", "ok.asl.json"]);
    assert_eq!(text(&out.stderr), "");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        text(&out.stdout),
        format!(
            "{CLASSES}  m_start((\"Start\")):::terminal
  m_0(\"Hello\")
  m_end((\"End\")):::terminal
  m_start --> m_0
  m_0 --> m_end
"
        )
    );
}

#[test]
fn graph_format_dot() {
    let out = asl(&["graph", "--format", "dot", "ok.asl.json"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        text(&out.stdout),
        "digraph state_machine {
  compound=true;
  rankdir=TB;
  node [shape=box, style=rounded, fontname=\"Helvetica\"];
  edge [fontname=\"Helvetica\", fontsize=10];
  m_start [label=\"Start\", shape=circle, style=filled, fillcolor=\"#333333\", fontcolor=white];
  m_0 [label=\"Hello\", style=\"rounded,dashed\"];
  m_end [label=\"End\", shape=circle, style=filled, fillcolor=\"#333333\", fontcolor=white];
  m_start -> m_0;
  m_0 -> m_end;
}
"
    );
}

#[test]
fn graph_of_unreadable_or_malformed_files() {
    let out = asl(&["graph", "missing.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).starts_with("missing.json: cannot read: "),
        "{}",
        text(&out.stderr)
    );
    let out = asl(&["graph", "broken.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).starts_with("broken.json:4:"),
        "{}",
        text(&out.stderr)
    );
    let out = asl(&["graph", "--format", "svg", "ok.asl.json"]);
    assert_eq!(out.status.code(), Some(2));
}

/// The shared corpus beside the repository (`../shared/conformance/asl-corpus`).
fn corpus() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/conformance/asl-corpus");
    dir.is_dir().then_some(dir)
}

#[test]
fn graph_draws_every_corpus_file() {
    let Some(dir) = corpus() else {
        eprintln!("skipped: ../shared/conformance/asl-corpus is not there");
        return;
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".asl.json"))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "only {} corpus files", files.len());
    for file in &files {
        let path = file.to_str().unwrap();
        for format in ["mermaid", "dot"] {
            let out = asl(&["graph", "--format", format, path]);
            assert_eq!(
                out.status.code(),
                Some(0),
                "{path} ({format}): {}",
                text(&out.stderr)
            );
            let diagram = text(&out.stdout);
            // Every state name appears as a label.
            let machine: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
            for name in machine["States"].as_object().unwrap().keys() {
                let shown = name.replace('"', if format == "dot" { "\\\"" } else { "#quot;" });
                assert!(
                    diagram.contains(&shown),
                    "{path} ({format}): state {name} is not drawn"
                );
            }
        }
    }
}

#[test]
fn graph_of_a_corpus_parallel_draws_branches_as_subgraphs() {
    let Some(dir) = corpus() else {
        eprintln!("skipped: ../shared/conformance/asl-corpus is not there");
        return;
    };
    let path = dir.join("006-either-or-parallel.asl.json");
    let out = asl(&["graph", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let diagram = text(&out.stdout);
    assert!(
        diagram.contains("subgraph m_0_b0[\"Branch 1\"]") || diagram.contains("_b0[\"Branch 1\"]"),
        "{diagram}"
    );
    assert!(diagram.contains("-.->|\"Catch: "), "{diagram}");
}

//! Mermaid (and DOT) diagrams of every example workflow, compared exactly with the files in
//! tests/golden/mermaid; `UPDATE_GOLDEN=1 cargo test -p asl-deploy --test mermaid` rewrites
//! them. Plus the rendering of conditions, Catch and Retry on small machines.

use std::path::PathBuf;

use asl_deploy::{to_dot, to_mermaid};
use serde_json::json;

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/mermaid")
}

#[test]
fn every_example_matches_its_golden_diagram() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut mismatched = Vec::new();
    for (_, name, definition) in asl_examples::all() {
        let machine = definition
            .state_machine()
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        for (ext, text) in [("mmd", to_mermaid(&machine)), ("dot", to_dot(&machine))] {
            let path = golden_dir().join(format!("{name}.{ext}"));
            if update {
                std::fs::write(&path, &text).unwrap();
                continue;
            }
            match std::fs::read_to_string(&path) {
                Ok(expected) if expected == text => {}
                Ok(_) => mismatched.push(format!("{} differs", path.display())),
                Err(e) => mismatched.push(format!("{}: {e}", path.display())),
            }
        }
    }
    assert!(
        mismatched.is_empty(),
        "{}\nrerun with UPDATE_GOLDEN=1 after checking the change",
        mismatched.join("\n")
    );
}

#[test]
fn choice_conditions_catch_and_retry() {
    let sm = asl_model::parse_value(&json!({
        "StartAt": "Check",
        "States": {
            "Check": {"Type": "Choice", "Choices": [
                {"And": [{"Variable": "$.age", "NumericGreaterThanEquals": 18}, {"Variable": "$.name", "IsPresent": true}], "Next": "Work"},
                {"Not": {"Variable": "$.kind", "StringEquals": "a\"b"}, "Next": "Done"}
            ], "Default": "Done"},
            "Work": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"},
                     "Retry": [{"ErrorEquals": ["States.Timeout"], "MaxAttempts": 2}],
                     "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Failed"}], "End": true},
            "Failed": {"Type": "Fail", "Error": "Oops"},
            "Done": {"Type": "Succeed"}
        }
    }))
    .unwrap();
    assert_eq!(
        to_mermaid(&sm),
        "flowchart TD
  classDef terminal fill:#333,stroke:#333,color:#fff
  classDef succeed fill:#dfd,stroke:#393
  classDef fail fill:#fdd,stroke:#c33
  classDef missing fill:#ffd,stroke:#c90,stroke-dasharray:4
  m_start((\"Start\")):::terminal
  m_0{\"Check\"}
  m_1[\"Work<br/>lambda:invoke<br/>Retry: States.Timeout ×2\"]
  m_2([\"Failed<br/>Oops\"]):::fail
  m_3([\"Done\"]):::succeed
  m_end((\"End\")):::terminal
  m_start --> m_0
  m_0 -->|\"$.age #gt;= 18 and $.name is present\"| m_1
  m_0 -->|\"not $.kind == 'a#quot;b'\"| m_3
  m_0 ==>|\"Default\"| m_3
  m_1 --> m_end
  m_1 -.->|\"Catch: States.ALL\"| m_2
  m_3 --> m_end
"
    );
}

#[test]
fn parallel_branches_and_map_processors_are_subgraphs() {
    let sm = asl_model::parse_value(&json!({
        "StartAt": "P",
        "States": {
            "P": {"Type": "Parallel", "Next": "M", "Branches": [
                {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}},
                {"StartAt": "B", "States": {"B": {"Type": "Wait", "Seconds": 1, "End": true}}}
            ]},
            "M": {"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "C", "States": {"C": {"Type": "Pass", "Next": "Nowhere"}}}}
        }
    }))
    .unwrap();
    assert_eq!(
        to_mermaid(&sm)
            .split_once("stroke-dasharray:4\n")
            .unwrap()
            .1,
        "  m_start((\"Start\")):::terminal
  subgraph m_0[\"Parallel: P\"]
    subgraph m_0_b0[\"Branch 1\"]
      direction TB
      m_0_b0_start((\"Start\")):::terminal
      m_0_b0_0(\"A\")
      m_0_b0_end((\"End\")):::terminal
    end
    subgraph m_0_b1[\"Branch 2\"]
      direction TB
      m_0_b1_start((\"Start\")):::terminal
      m_0_b1_0{{\"B\"}}
      m_0_b1_end((\"End\")):::terminal
    end
  end
  subgraph m_1[\"Map: M\"]
    subgraph m_1_p[\"Each item\"]
      direction TB
      m_1_p_start((\"Start\")):::terminal
      m_1_p_0(\"C\")
      m_1_p_missing0[\"missing state: Nowhere\"]:::missing
      m_1_p_end((\"End\")):::terminal
    end
  end
  m_end((\"End\")):::terminal
  m_0_b0_start --> m_0_b0_0
  m_0_b0_0 --> m_0_b0_end
  m_0_b1_start --> m_0_b1_0
  m_0_b1_0 --> m_0_b1_end
  m_1_p_start --> m_1_p_0
  m_1_p_0 --> m_1_p_missing0
  m_start --> m_0
  m_0 --> m_1
  m_1 --> m_end
"
    );
    let dot = to_dot(&sm);
    assert!(
        dot.contains("  m_0_b0_end -> m_1_p_start [ltail=cluster_m_0, lhead=cluster_m_1];\n"),
        "{dot}"
    );
    assert!(
        dot.contains("  subgraph cluster_m_0 {\n    label=\"Parallel: P\";\n"),
        "{dot}"
    );
}

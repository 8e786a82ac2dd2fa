//! The Mermaid flowchart: states as nodes, Parallel branches and Map processors as nested
//! subgraphs, Choice conditions on edges, Catch edges dashed, Retry on the node.

use std::fmt::Write;

use asl_model::StateMachine;

use super::{layout, EdgeKind, Item, Scope, Shape};

/// A `flowchart TD` of `machine`.
pub fn to_mermaid(machine: &StateMachine) -> String {
    let layout = layout(machine);
    let mut out = String::from("flowchart TD\n");
    out.push_str("  classDef terminal fill:#333,stroke:#333,color:#fff\n");
    out.push_str("  classDef succeed fill:#dfd,stroke:#393\n");
    out.push_str("  classDef fail fill:#fdd,stroke:#c33\n");
    out.push_str("  classDef missing fill:#ffd,stroke:#c90,stroke-dasharray:4\n");
    items(&mut out, &layout.root, 1);
    for edge in &layout.edges {
        let arrow = match edge.kind {
            EdgeKind::Catch => "-.->",
            EdgeKind::Default => "==>",
            EdgeKind::Next | EdgeKind::Choice => "-->",
        };
        let _ = match &edge.label {
            Some(l) => writeln!(
                out,
                "  {} {arrow}|\"{}\"| {}",
                edge.from,
                escape(l),
                edge.to
            ),
            None => writeln!(out, "  {} {arrow} {}", edge.from, edge.to),
        };
    }
    out
}

fn items(out: &mut String, scope: &Scope, depth: usize) {
    let pad = "  ".repeat(depth);
    for item in &scope.items {
        match item {
            Item::Node(n) => {
                let text = escape(&n.lines.join("\n")).replace('\n', "<br/>");
                let (open, close, class) = match n.shape {
                    Shape::Task => ("[\"", "\"]", ""),
                    Shape::Pass => ("(\"", "\")", ""),
                    Shape::Wait => ("{{\"", "\"}}", ""),
                    Shape::Choice => ("{\"", "\"}", ""),
                    Shape::Succeed => ("([\"", "\"])", ":::succeed"),
                    Shape::Fail => ("([\"", "\"])", ":::fail"),
                    Shape::Terminal => ("((\"", "\"))", ":::terminal"),
                    Shape::Missing => ("[\"", "\"]", ":::missing"),
                };
                let _ = writeln!(out, "{pad}{}{open}{text}{close}{class}", n.id);
            }
            Item::Cluster(c) => {
                let text = escape(&c.lines.join("\n")).replace('\n', "<br/>");
                let _ = writeln!(out, "{pad}subgraph {}[\"{text}\"]", c.id);
                for s in &c.scopes {
                    let _ = writeln!(out, "{pad}  subgraph {}[\"{}\"]", s.id, escape(&s.label));
                    let _ = writeln!(out, "{pad}    direction TB");
                    items(out, s, depth + 2);
                    let _ = writeln!(out, "{pad}  end");
                }
                let _ = writeln!(out, "{pad}end");
            }
        }
    }
}

/// Mermaid entity codes for what would end or break a quoted label.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '|' => out.push_str("#124;"),
            '`' => out.push_str("#96;"),
            c => out.push(c),
        }
    }
    out
}

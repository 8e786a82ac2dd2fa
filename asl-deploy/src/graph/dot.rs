//! The Graphviz DOT digraph: the same layout as the Mermaid chart, Parallel and Map states
//! as clusters (edges into and out of them drawn to the cluster with `lhead` / `ltail`).

use std::fmt::Write;

use asl_model::StateMachine;

use super::{layout, EdgeKind, Item, Scope, Shape};

/// A `digraph` of `machine`.
pub fn to_dot(machine: &StateMachine) -> String {
    let layout = layout(machine);
    let mut out = String::from("digraph state_machine {\n");
    out.push_str("  compound=true;\n  rankdir=TB;\n");
    out.push_str("  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n");
    out.push_str("  edge [fontname=\"Helvetica\", fontsize=10];\n");
    items(&mut out, &layout.root, 1);
    for edge in &layout.edges {
        let mut attrs = Vec::new();
        let from = match layout.clusters.get(&edge.from) {
            Some((_, exit)) => {
                attrs.push(format!("ltail=cluster_{}", edge.from));
                exit.as_str()
            }
            None => edge.from.as_str(),
        };
        let to = match layout.clusters.get(&edge.to) {
            Some((entry, _)) => {
                attrs.push(format!("lhead=cluster_{}", edge.to));
                entry.as_str()
            }
            None => edge.to.as_str(),
        };
        if let Some(l) = &edge.label {
            attrs.push(format!("label=\"{}\"", escape(l)));
        }
        match edge.kind {
            EdgeKind::Catch => attrs.push("style=dashed".into()),
            EdgeKind::Default => attrs.push("style=bold".into()),
            _ => {}
        }
        let attrs = if attrs.is_empty() {
            String::new()
        } else {
            format!(" [{}]", attrs.join(", "))
        };
        let _ = writeln!(out, "  {from} -> {to}{attrs};");
    }
    out.push_str("}\n");
    out
}

fn items(out: &mut String, scope: &Scope, depth: usize) {
    let pad = "  ".repeat(depth);
    for item in &scope.items {
        match item {
            Item::Node(n) => {
                let shape = match n.shape {
                    Shape::Task => "",
                    Shape::Pass => ", style=\"rounded,dashed\"",
                    Shape::Wait => ", shape=hexagon, style=solid",
                    Shape::Choice => ", shape=diamond, style=solid",
                    Shape::Succeed => ", style=\"rounded,filled\", fillcolor=\"#ddffdd\"",
                    Shape::Fail => ", style=\"rounded,filled\", fillcolor=\"#ffdddd\"",
                    Shape::Terminal => {
                        ", shape=circle, style=filled, fillcolor=\"#333333\", fontcolor=white"
                    }
                    Shape::Missing => ", style=dashed, color=orange",
                };
                let _ = writeln!(
                    out,
                    "{pad}{} [label=\"{}\"{shape}];",
                    n.id,
                    escape(&n.lines.join("\n"))
                );
            }
            Item::Cluster(c) => {
                let _ = writeln!(out, "{pad}subgraph cluster_{} {{", c.id);
                let _ = writeln!(out, "{pad}  label=\"{}\";", escape(&c.lines.join("\n")));
                for s in &c.scopes {
                    let _ = writeln!(out, "{pad}  subgraph cluster_{} {{", s.id);
                    let _ = writeln!(
                        out,
                        "{pad}    label=\"{}\";\n{pad}    style=dashed;",
                        escape(&s.label)
                    );
                    items(out, s, depth + 2);
                    let _ = writeln!(out, "{pad}  }}");
                }
                let _ = writeln!(out, "{pad}}}");
            }
        }
    }
}

/// A DOT double-quoted string's escapes.
fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

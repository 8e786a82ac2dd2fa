//! Diagrams of a state machine: a neutral layout (scopes, nodes, clusters, edges) built once
//! from the document, written out as a Mermaid flowchart or a Graphviz DOT digraph.

mod condition;
mod dot;
mod mermaid;

use std::collections::HashMap;

use asl_model::{ErrorHandling, Graph, ProcessorMode, Resource, State, StateMachine};
use indexmap::IndexMap;

pub use dot::to_dot;
pub use mermaid::to_mermaid;

/// A graph of states: the machine, a Parallel branch or a Map processor.
pub(crate) struct Scope {
    pub id: String,
    pub label: String,
    pub start: String,
    pub end: String,
    pub items: Vec<Item>,
}

pub(crate) enum Item {
    Node(Node),
    /// A Parallel or Map state, drawn as a box holding its branches / processor.
    Cluster(Cluster),
}

pub(crate) struct Node {
    pub id: String,
    /// Lines of text.
    pub lines: Vec<String>,
    pub shape: Shape,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    Task,
    Pass,
    Wait,
    Choice,
    Succeed,
    Fail,
    /// A scope's start or end point.
    Terminal,
    /// A transition to a state the scope does not have.
    Missing,
}

pub(crate) struct Cluster {
    pub id: String,
    pub lines: Vec<String>,
    pub scopes: Vec<Scope>,
}

impl Cluster {
    /// The node an edge into the cluster points at in formats without edges to clusters.
    pub fn entry(&self) -> &str {
        &self.scopes[0].start
    }

    /// Twin of `entry` for edges out of the cluster.
    pub fn exit(&self) -> &str {
        &self.scopes[0].end
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum EdgeKind {
    Next,
    Choice,
    Default,
    Catch,
}

pub(crate) struct Edge {
    pub from: String,
    pub to: String,
    pub label: Option<String>,
    pub kind: EdgeKind,
}

/// The whole diagram: the machine's scope and every edge.
pub(crate) struct Layout {
    pub root: Scope,
    pub edges: Vec<Edge>,
    /// Cluster ids, to tell a cluster endpoint from a node.
    pub clusters: HashMap<String, (String, String)>,
}

pub(crate) fn layout(machine: &StateMachine) -> Layout {
    let mut layout = Layout {
        root: Scope {
            id: "m".into(),
            label: String::new(),
            start: String::new(),
            end: String::new(),
            items: Vec::new(),
        },
        edges: Vec::new(),
        clusters: HashMap::new(),
    };
    layout.root = layout.scope("m", String::new(), &machine.start_at, &machine.states);
    layout
}

impl Layout {
    fn scope(
        &mut self,
        id: &str,
        label: String,
        start_at: &str,
        states: &IndexMap<String, State>,
    ) -> Scope {
        let start = format!("{id}_start");
        let end = format!("{id}_end");
        let ids: HashMap<&str, String> = states
            .keys()
            .enumerate()
            .map(|(i, name)| (name.as_str(), format!("{id}_{i}")))
            .collect();
        let mut items = vec![Item::Node(Node {
            id: start.clone(),
            lines: vec!["Start".into()],
            shape: Shape::Terminal,
        })];
        let mut missing: Vec<(String, String)> = Vec::new();
        let mut target = |name: &str| -> String {
            if let Some(t) = ids.get(name) {
                return t.clone();
            }
            if let Some((_, t)) = missing.iter().find(|(n, _)| n == name) {
                return t.clone();
            }
            let t = format!("{id}_missing{}", missing.len());
            missing.push((name.to_string(), t.clone()));
            t
        };
        let mut edges = vec![Edge {
            from: start.clone(),
            to: target(start_at),
            label: None,
            kind: EdgeKind::Next,
        }];
        let mut nested = Vec::new();
        for (name, state) in states {
            let me = ids[name.as_str()].clone();
            match state {
                State::Choice(c) => {
                    for rule in &c.choices {
                        edges.push(Edge {
                            from: me.clone(),
                            to: target(&rule.next),
                            label: Some(condition::render(&rule.condition)),
                            kind: EdgeKind::Choice,
                        });
                    }
                    if let Some(d) = &c.default {
                        edges.push(Edge {
                            from: me.clone(),
                            to: target(d),
                            label: Some("Default".into()),
                            kind: EdgeKind::Default,
                        });
                    }
                }
                State::Succeed(_) => edges.push(Edge {
                    from: me.clone(),
                    to: end.clone(),
                    label: None,
                    kind: EdgeKind::Next,
                }),
                _ => {}
            }
            if let Some(t) = state.transition() {
                let to = match t.next() {
                    Some(n) => Some(target(n)),
                    None if *t == asl_model::Transition::End => Some(end.clone()),
                    None => None,
                };
                if let Some(to) = to {
                    edges.push(Edge {
                        from: me.clone(),
                        to,
                        label: None,
                        kind: EdgeKind::Next,
                    });
                }
            }
            if let Some(errors) = state.error_handling() {
                for catcher in errors.catch.iter().flatten() {
                    edges.push(Edge {
                        from: me.clone(),
                        to: target(&catcher.next),
                        label: Some(format!("Catch: {}", catcher.error_equals.join(", "))),
                        kind: EdgeKind::Catch,
                    });
                }
            }
            nested.push((me, name, state));
        }
        for (me, name, state) in nested {
            let item = self.state_item(&me, name, state);
            items.push(item);
        }
        for (name, t) in missing {
            items.push(Item::Node(Node {
                id: t,
                lines: vec![format!("missing state: {name}")],
                shape: Shape::Missing,
            }));
        }
        items.push(Item::Node(Node {
            id: end.clone(),
            lines: vec!["End".into()],
            shape: Shape::Terminal,
        }));
        self.edges.extend(edges);
        Scope {
            id: id.to_string(),
            label,
            start,
            end,
            items,
        }
    }

    fn state_item(&mut self, id: &str, name: &str, state: &State) -> Item {
        let mut lines = vec![name.to_string()];
        let retry = state.error_handling().and_then(retry_line);
        let shape = match state {
            State::Task(t) => {
                lines.push(short_resource(&t.resource));
                Shape::Task
            }
            State::Pass(_) => Shape::Pass,
            State::Wait(_) => Shape::Wait,
            State::Choice(_) => Shape::Choice,
            State::Succeed(_) => Shape::Succeed,
            State::Fail(f) => {
                if let Some(e) = &f.error {
                    lines.push(e.clone());
                }
                Shape::Fail
            }
            State::Parallel(p) => {
                lines[0] = format!("Parallel: {name}");
                lines.extend(retry);
                let scopes = p
                    .branches
                    .iter()
                    .enumerate()
                    .map(|(i, b)| self.graph(&format!("{id}_b{i}"), format!("Branch {}", i + 1), b))
                    .collect();
                return self.cluster(id, lines, scopes);
            }
            State::Map(m) => {
                lines[0] = format!("Map: {name}");
                lines.extend(retry);
                let processor = m.processor();
                let distributed = processor
                    .and_then(|g| g.processor_config.as_ref())
                    .and_then(|c| c.mode)
                    == Some(ProcessorMode::Distributed);
                let label = if distributed {
                    "Each item (distributed)"
                } else {
                    "Each item"
                };
                let scopes = match processor {
                    Some(g) => vec![self.graph(&format!("{id}_p"), label.into(), g)],
                    None => {
                        vec![self.scope(&format!("{id}_p"), label.into(), "", &IndexMap::new())]
                    }
                };
                return self.cluster(id, lines, scopes);
            }
        };
        lines.extend(retry);
        Item::Node(Node {
            id: id.to_string(),
            lines,
            shape,
        })
    }

    fn graph(&mut self, id: &str, label: String, graph: &Graph) -> Scope {
        self.scope(id, label, &graph.start_at, &graph.states)
    }

    fn cluster(&mut self, id: &str, lines: Vec<String>, scopes: Vec<Scope>) -> Item {
        let cluster = Cluster {
            id: id.to_string(),
            lines,
            scopes,
        };
        self.clusters.insert(
            id.to_string(),
            (cluster.entry().to_string(), cluster.exit().to_string()),
        );
        Item::Cluster(cluster)
    }
}

/// `Retry: States.Timeout ×3; States.ALL ×2`.
fn retry_line(errors: &ErrorHandling) -> Option<String> {
    let retriers = errors.retry.as_ref().filter(|r| !r.is_empty())?;
    let parts: Vec<String> = retriers
        .iter()
        .map(|r| {
            format!(
                "{} ×{}",
                r.error_equals.join(", "),
                r.max_attempts.unwrap_or(3)
            )
        })
        .collect();
    Some(format!("Retry: {}", parts.join("; ")))
}

/// `lambda:invoke`, `function:fetch`, `activity:worker`, `Fn::GetAtt fetchPDF.Arn`.
fn short_resource(resource: &Resource) -> String {
    match resource {
        Resource::Arn(arn) => {
            if let Some((_, rest)) = arn.split_once(":states:::") {
                return rest.to_string();
            }
            let parts: Vec<&str> = arn.splitn(6, ':').collect();
            match parts.as_slice() {
                ["arn", _, _, _, _, rest] => rest.to_string(),
                _ => arn.clone(),
            }
        }
        Resource::Intrinsic(v) => match crate::iam::fields::intrinsic_placeholder(v) {
            Some(p) => p,
            None => v.to_string(),
        },
    }
}

//! `parallel!`: a Parallel state with a graph per branch.

use asl_model::document::{self as asl};
use asl_model::ir::*;

use super::*;
use crate::EmitError;

impl<'w> Emitter<'w> {
    /// A `Parallel` state at `entry`: one branch per block, each lowered as a graph of its
    /// own on the state as it is here (outer variables keep their homes; the branch's own
    /// variables have theirs). State names are unique across the whole machine.
    pub(crate) fn parallel(
        &mut self,
        branches: &[Block],
        result_path: Option<asl::NullablePath>,
        entry: Label,
        next: Option<Label>,
        name: &str,
    ) -> usize {
        let state = asl::ParallelState {
            common: common(),
            branches: Vec::new(),
            parameters: None,
            arguments: None,
            result_selector: None,
            result_path: result_path.filter(|p| *p != asl::NullablePath::Path("$".into())),
            errors: asl::ErrorHandling::default(),
            transition: asl::Transition::Missing,
        };
        let index = self.push(entry, name, asl::State::Parallel(state), next);
        let mut graphs = Vec::new();
        for b in branches {
            if let Some(g) = self.branch_graph(b) {
                graphs.push(g);
            }
        }
        if let asl::State::Parallel(p) = &mut self.graph.states[index].state {
            p.branches = graphs;
        }
        index
    }

    pub(crate) fn branch_graph(&mut self, block: &Block) -> Option<asl::Graph> {
        let homes = Homes {
            move_input: None,
            ..self.homes.clone()
        };
        let mut sub = Emitter::new(self.wf, homes);
        sub.graph.names = std::mem::take(&mut self.graph.names);
        let end = sub.label();
        sub.block(block, sub.graph.start, end);
        if sub.graph.bound_at(sub.find(end)).is_none() && sub.reaches(end) {
            sub.errors
                .push("a `parallel!` branch can end without a value".into());
        }
        self.graph.names = std::mem::take(&mut sub.graph.names);
        match sub.finish() {
            Ok(mut sm) => {
                let before: Vec<String> = sm.states.keys().cloned().collect();
                fold_ends(&mut sm);
                for n in before {
                    if !sm.states.contains_key(&n) {
                        self.graph.names.release(&n);
                    }
                }
                Some(asl::Graph {
                    start_at: sm.start_at,
                    states: sm.states,
                    ..asl::Graph::default()
                })
            }
            Err(EmitError::Lowering { errors, .. }) => {
                self.errors.extend(errors);
                None
            }
            Err(other) => {
                self.errors.push(other.to_string());
                None
            }
        }
    }

    // ---- Choice ----
}

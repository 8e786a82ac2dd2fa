//! The state graph every back end builds: states whose transitions are symbolic labels,
//! joined by union-find so that `break`/`continue`/empty branches jump straight to their
//! target (Choice threading), resolved to state names at the end.

use asl_model::document::{self as asl};
use asl_model::StateMachine;
use indexmap::IndexMap;

use crate::emit::StateNames;

pub(crate) type Label = usize;

/// Where `break` and `continue` of the innermost loop go.
pub(crate) struct LoopTargets {
    pub(crate) head: Label,
    pub(crate) exit: Label,
}

/// A state under construction: transitions are labels until `resolve`.
pub(crate) struct Pending {
    pub(crate) name: String,
    pub(crate) state: asl::State,
    pub(crate) next: Option<Label>,
    /// Choice rules' targets and Default, in order.
    pub(crate) choice_targets: Vec<Label>,
    pub(crate) choice_default: Option<Label>,
    /// Catchers' targets, in order.
    pub(crate) catch_targets: Vec<Label>,
}

pub(crate) struct StateGraph {
    pub(crate) states: Vec<Pending>,
    /// Union-find over labels; `bound[root]` is the index of the state a root label names
    /// (a label is an index, so no map is needed).
    pub(crate) parent: Vec<Label>,
    bound: Vec<Option<usize>>,
    pub(crate) names: StateNames,
    pub(crate) start: Label,
}

impl StateGraph {
    pub(crate) fn new(names: StateNames) -> StateGraph {
        StateGraph {
            states: Vec::new(),
            parent: vec![0],
            bound: Vec::new(),
            names,
            start: 0,
        }
    }

    pub(crate) fn label(&mut self) -> Label {
        self.parent.push(self.parent.len());
        self.parent.len() - 1
    }

    pub(crate) fn find(&self, mut l: Label) -> Label {
        while self.parent[l] != l {
            l = self.parent[l];
        }
        l
    }

    /// `from` now means the same place as `to`.
    pub(crate) fn join(&mut self, from: Label, to: Label) {
        let (a, b) = (self.find(from), self.find(to));
        if a != b {
            self.parent[a] = b;
        }
    }

    /// Whether a state is bound at `l`.
    pub(crate) fn is_bound(&self, l: Label) -> bool {
        self.bound_at(self.find(l)).is_some()
    }

    /// The index of the state bound at the root label `root`.
    pub(crate) fn bound_at(&self, root: Label) -> Option<usize> {
        self.bound.get(root).copied().flatten()
    }

    /// Adds a state named `name` (made unique) at `entry`, continuing to `next`.
    pub(crate) fn push(
        &mut self,
        entry: Label,
        name: &str,
        state: asl::State,
        next: Option<Label>,
    ) -> usize {
        let name = self.names.claim(name);
        let index = self.states.len();
        self.states.push(Pending {
            name,
            state,
            next,
            choice_targets: Vec::new(),
            choice_default: None,
            catch_targets: Vec::new(),
        });
        let root = self.find(entry);
        if self.bound.len() <= root {
            self.bound.resize(self.parent.len().max(root + 1), None);
        }
        self.bound[root] = Some(index);
        index
    }

    /// Whether any state or join refers to `l` (so falling off the body is possible).
    pub(crate) fn reaches(&self, l: Label) -> bool {
        let root = self.find(l);
        self.states.iter().any(|p| {
            p.next.map(|n| self.find(n)) == Some(root)
                || p.choice_targets.iter().any(|t| self.find(*t) == root)
                || p.choice_default.map(|d| self.find(d)) == Some(root)
                || p.catch_targets.iter().any(|t| self.find(*t) == root)
        }) || self.find(self.start) == root
    }

    /// Resolves labels into state names; a target no state is bound at is an error. The
    /// states move into the document (no copies): the graph keeps its labels and names only.
    pub(crate) fn resolve(&mut self, errors: &mut Vec<String>) -> StateMachine {
        let pending = std::mem::take(&mut self.states);
        let names: Vec<String> = pending.iter().map(|p| p.name.clone()).collect();
        let name_of =
            |l: Label| -> Option<String> { self.bound_at(self.find(l)).map(|i| names[i].clone()) };
        let mut states = IndexMap::with_capacity(pending.len());
        for p in pending {
            let mut state = p.state;
            let next = p.next.map(name_of);
            match &mut state {
                asl::State::Choice(c) => {
                    for (rule, target) in c.choices.iter_mut().zip(&p.choice_targets) {
                        match name_of(*target) {
                            Some(n) => rule.next = n,
                            None => errors.push(format!(
                                "a branch of Choice `{}` falls off the end of the workflow",
                                p.name
                            )),
                        }
                    }
                    c.default = p.choice_default.and_then(name_of);
                }
                other => {
                    if let Some(catchers) =
                        other.error_handling_mut().and_then(|e| e.catch.as_mut())
                    {
                        for (catcher, target) in catchers.iter_mut().zip(&p.catch_targets) {
                            match name_of(*target) {
                                Some(n) => catcher.next = n,
                                None => errors.push(format!(
                                    "an error caught at `{}` falls off the end of the workflow",
                                    p.name
                                )),
                            }
                        }
                    }
                    if let Some(n) = next {
                        let t = match n {
                            Some(n) => asl::Transition::Next(n),
                            None => asl::Transition::End,
                        };
                        if let Some(slot) = other.transition_mut() {
                            *slot = t;
                        }
                    }
                }
            }
            states.insert(p.name, state);
        }
        StateMachine {
            start_at: name_of(self.start).unwrap_or_default(),
            states,
            ..StateMachine::default()
        }
    }
}

//! Checks of one scope (the machine, a Parallel branch, a Map processor) as a graph:
//! StartAt, transition targets, reachability, terminal states and tight Choice loops.

use std::collections::{HashMap, HashSet, VecDeque};

use indexmap::IndexMap;

use super::{codes, Validator};
use crate::diagnostic::Pointer;
use crate::document::{State, Transition};

/// The states of one scope and where it sits.
pub(super) struct Scope<'a> {
    /// The object holding `StartAt` and `States` (`""` for the machine).
    pub ptr: Pointer,
    pub start_at: &'a str,
    pub states: &'a IndexMap<String, State>,
}

/// Where a state can go next: (pointer of the field naming the target, target).
fn targets(state: &State, ptr: &Pointer) -> Vec<(Pointer, String)> {
    let mut out = Vec::new();
    if let Some(next) = state.transition().and_then(Transition::next) {
        out.push((ptr.join("Next"), next.to_string()));
    }
    if let State::Choice(c) = state {
        for (i, rule) in c.choices.iter().enumerate() {
            out.push((ptr.join("Choices").join(i).join("Next"), rule.next.clone()));
        }
        if let Some(d) = &c.default {
            out.push((ptr.join("Default"), d.clone()));
        }
    }
    if let Some(catchers) = state.error_handling().and_then(|e| e.catch.as_ref()) {
        for (i, c) in catchers.iter().enumerate() {
            out.push((ptr.join("Catch").join(i).join("Next"), c.next.clone()));
        }
    }
    out
}

fn is_terminal(state: &State) -> bool {
    match state {
        State::Succeed(_) | State::Fail(_) => true,
        other => matches!(
            other.transition(),
            Some(Transition::End | Transition::Both(_))
        ),
    }
}

impl Validator {
    /// Every state name of the machine, in document order, with the pointers of the
    /// scopes holding it; reports names used more than once.
    pub(super) fn record_name(&mut self, name: &str, state_ptr: &Pointer, scope_ptr: &Pointer) {
        let scopes = self.names.entry(name.to_string()).or_default();
        if let Some((first, _)) = scopes.first() {
            let first = first.clone();
            self.error(
                codes::DUPLICATE_STATE_NAME,
                state_ptr,
                format!("the state name \"{name}\" is already used at {first}; state names must be unique across the whole machine, including Parallel branches and Map processors: rename one"),
            );
        }
        self.names
            .entry(name.to_string())
            .or_default()
            .push((state_ptr.to_string(), scope_ptr.to_string()));
    }

    /// A target that is not in the scope: a plain dangling name or one that leaves the scope.
    fn missing_target(
        &mut self,
        code_dangling: &'static str,
        at: &Pointer,
        field: &str,
        target: &str,
        scope: &Scope,
    ) {
        if target.is_empty() {
            self.error(
                code_dangling,
                at,
                format!("\"{field}\" is empty: name a state of this scope"),
            );
            return;
        }
        match self.names.get(target).and_then(|v| v.first()).map(|(p, _)| p.clone()) {
            Some(elsewhere) => self.error(
                codes::NEXT_ESCAPES_SCOPE,
                at,
                format!(
                    "\"{field}\" names \"{target}\", which is defined at {elsewhere}, outside this scope{}: transitions cannot cross \
                     into or out of a Parallel branch or Map processor; end the branch and continue after the Parallel/Map state",
                    if scope.ptr.as_str().is_empty() { "" } else { " (a branch/processor is a closed scope)" }
                ),
            ),
            None => {
                let hint = scope
                    .states
                    .keys()
                    .find(|k| k.eq_ignore_ascii_case(target))
                    .map(|k| format!(" (names are case-sensitive: did you mean \"{k}\"?)"))
                    .unwrap_or_default();
                self.error(code_dangling, at, format!("\"{field}\" names \"{target}\", but there is no such state in this scope{hint}; add the state or fix the name"));
            }
        }
    }

    pub(super) fn scope_graph(&mut self, scope: &Scope) {
        let start_ok = if scope.start_at.is_empty() {
            self.error(
                codes::START_AT_EMPTY,
                &scope.ptr.join("StartAt"),
                "\"StartAt\" is empty: name the first state to run",
            );
            false
        } else if !scope.states.contains_key(scope.start_at) {
            let at = scope.ptr.join("StartAt");
            self.missing_target(
                codes::START_AT_DANGLING,
                &at,
                "StartAt",
                scope.start_at,
                scope,
            );
            false
        } else {
            true
        };

        let mut edges: HashMap<&str, Vec<String>> = HashMap::new();
        // A state that should have gone somewhere (no Next/End, or a Next out of the scope)
        // is already reported; a missing terminal state is then a consequence, not news.
        let mut broken_flow = false;
        for (name, state) in scope.states {
            let ptr = scope.ptr.join("States").join(name);
            let leaves_scope = state
                .transition()
                .and_then(Transition::next)
                .is_some_and(|n| !scope.states.contains_key(n));
            broken_flow |= leaves_scope || matches!(state.transition(), Some(Transition::Missing));
            match state.transition() {
                Some(Transition::Missing) => self.error(
                    codes::NO_TRANSITION,
                    &ptr,
                    format!("the {} state \"{name}\" has neither \"Next\" nor \"End\": add \"Next\" naming the following state, or \"End\": true", state.type_name()),
                ),
                Some(Transition::Both(_)) => self.error(
                    codes::NEXT_AND_END,
                    &ptr.join("End"),
                    "a state has either \"Next\" or \"End\": true, not both: remove one",
                ),
                _ => {}
            }
            let mut out = Vec::new();
            for (at, target) in targets(state, &ptr) {
                if scope.states.contains_key(target.as_str()) {
                    out.push(target);
                } else {
                    let field = if at.as_str().ends_with("/Default") {
                        "Default"
                    } else {
                        "Next"
                    };
                    self.missing_target(codes::DANGLING_NEXT, &at, field, &target, scope);
                }
            }
            edges.insert(name.as_str(), out);
        }

        if start_ok {
            let mut seen: HashSet<&str> = HashSet::new();
            let mut queue = VecDeque::from([scope.start_at]);
            seen.insert(scope.start_at);
            while let Some(n) = queue.pop_front() {
                for t in edges.get(n).into_iter().flatten() {
                    if seen.insert(t.as_str()) {
                        queue.push_back(t.as_str());
                    }
                }
            }
            for name in scope.states.keys() {
                if !seen.contains(name.as_str()) {
                    self.error(
                        codes::UNREACHABLE_STATE,
                        &scope.ptr.join("States").join(name),
                        format!("no path from \"StartAt\" leads to \"{name}\": remove the state or make a Next, Default or Catch point to it"),
                    );
                }
            }
        }

        if !scope.states.is_empty() && !broken_flow && !scope.states.values().any(is_terminal) {
            self.error(
                codes::NO_TERMINAL_STATE,
                &scope.ptr.join("States"),
                "no state here ends the execution: add a Succeed or Fail state, or \"End\": true on the last state",
            );
        }

        self.tight_loops(scope, &edges);
    }

    /// A cycle through Choice and Pass states only spins without waiting; warn once per cycle.
    fn tight_loops(&mut self, scope: &Scope, edges: &HashMap<&str, Vec<String>>) {
        let spinning = |name: &str| {
            matches!(
                scope.states.get(name),
                Some(State::Choice(_) | State::Pass(_))
            )
        };
        let mut reverse: HashMap<&str, Vec<&str>> = HashMap::new();
        for (from, tos) in edges {
            if spinning(from) {
                for to in tos {
                    if spinning(to) {
                        reverse.entry(to.as_str()).or_default().push(from);
                    }
                }
            }
        }
        let mut covered: HashSet<&str> = HashSet::new();
        for (name, state) in scope.states {
            if !matches!(state, State::Choice(_)) || covered.contains(name.as_str()) {
                continue;
            }
            let forward = reach(name, |n| {
                edges
                    .get(n)
                    .into_iter()
                    .flatten()
                    .map(String::as_str)
                    .filter(|t| spinning(t))
                    .collect()
            });
            let backward = reach(name, |n| reverse.get(n).cloned().unwrap_or_default());
            let cycle: Vec<&str> = forward
                .iter()
                .filter(|n| backward.contains(*n))
                .copied()
                .collect();
            let closes = edges
                .get(name.as_str())
                .into_iter()
                .flatten()
                .any(|t| t == name)
                || cycle.iter().any(|n| *n != name.as_str());
            if closes {
                covered.extend(cycle.iter().copied());
                covered.insert(name.as_str());
                self.warning(
                    codes::CHOICE_TIGHT_LOOP,
                    &scope.ptr.join("States").join(name),
                    format!("\"{name}\" is on a loop of Choice/Pass states only: it spins without waiting, burning state transitions until the 25,000-event history limit; put a Wait or Task state in the loop"),
                );
            }
        }
    }
}

/// Names reachable from `start` in one or more steps (and `start` itself).
fn reach<'n>(start: &'n str, next: impl Fn(&'n str) -> Vec<&'n str>) -> HashSet<&'n str> {
    let mut seen = HashSet::from([start]);
    let mut queue = VecDeque::from([start]);
    while let Some(n) = queue.pop_front() {
        for t in next(n) {
            if seen.insert(t) {
                queue.push_back(t);
            }
        }
    }
    seen
}

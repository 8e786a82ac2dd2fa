//! Checks of one scope (the machine, a Parallel branch, a Map processor) as a graph:
//! StartAt, transition targets, reachability, terminal states and tight Choice loops.

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

/// A field naming the state to run next; its pointer is built only for a diagnostic.
#[derive(Clone, Copy)]
enum TargetField {
    Next,
    ChoiceNext(usize),
    Default,
    CatchNext(usize),
}

impl TargetField {
    fn pointer(self, state: &Pointer) -> Pointer {
        match self {
            TargetField::Next => state.join("Next"),
            TargetField::ChoiceNext(i) => state.join("Choices").join(i).join("Next"),
            TargetField::Default => state.join("Default"),
            TargetField::CatchNext(i) => state.join("Catch").join(i).join("Next"),
        }
    }

    fn name(self) -> &'static str {
        match self {
            TargetField::Default => "Default",
            _ => "Next",
        }
    }
}

/// Where a state can go next: (the field naming the target, target), in document order.
fn targets(state: &State) -> Vec<(TargetField, &str)> {
    let mut out = Vec::new();
    if let Some(next) = state.transition().and_then(Transition::next) {
        out.push((TargetField::Next, next));
    }
    if let State::Choice(c) = state {
        for (i, rule) in c.choices.iter().enumerate() {
            out.push((TargetField::ChoiceNext(i), rule.next.as_str()));
        }
        if let Some(d) = &c.default {
            out.push((TargetField::Default, d.as_str()));
        }
    }
    if let Some(catchers) = state.error_handling().and_then(|e| e.catch.as_ref()) {
        for (i, c) in catchers.iter().enumerate() {
            out.push((TargetField::CatchNext(i), c.next.as_str()));
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
    /// Every state name of the machine, in document order, with the pointer of its first
    /// definition; reports names used more than once.
    pub(super) fn record_name(&mut self, name: &str, state_ptr: &Pointer) {
        match self.names.get(name) {
            Some(first) => {
                let first = first.clone();
                self.error(
                    codes::DUPLICATE_STATE_NAME,
                    state_ptr,
                    format!("the state name \"{name}\" is already used at {first}; state names must be unique across the whole machine, including Parallel branches and Map processors: rename one"),
                );
            }
            None => {
                self.names
                    .insert(name.to_owned(), state_ptr.as_str().to_owned());
            }
        }
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
        match self.names.get(target).cloned() {
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
        let start = if scope.start_at.is_empty() {
            self.error(
                codes::START_AT_EMPTY,
                &scope.ptr.join("StartAt"),
                "\"StartAt\" is empty: name the first state to run",
            );
            None
        } else if let Some(i) = scope.states.get_index_of(scope.start_at) {
            Some(i)
        } else {
            let at = scope.ptr.join("StartAt");
            self.missing_target(
                codes::START_AT_DANGLING,
                &at,
                "StartAt",
                scope.start_at,
                scope,
            );
            None
        };

        // Edges by state index, in document order of the fields naming them.
        let mut edges: Vec<Vec<usize>> = Vec::with_capacity(scope.states.len());
        // A state that should have gone somewhere (no Next/End, or a Next out of the scope)
        // is already reported; a missing terminal state is then a consequence, not news.
        let mut broken_flow = false;
        let state_ptr = |name: &str| scope.ptr.join("States").join(name);
        for (name, state) in scope.states {
            let leaves_scope = state
                .transition()
                .and_then(Transition::next)
                .is_some_and(|n| !scope.states.contains_key(n));
            broken_flow |= leaves_scope || matches!(state.transition(), Some(Transition::Missing));
            match state.transition() {
                Some(Transition::Missing) => self.error(
                    codes::NO_TRANSITION,
                    &state_ptr(name),
                    format!("the {} state \"{name}\" has neither \"Next\" nor \"End\": add \"Next\" naming the following state, or \"End\": true", state.type_name()),
                ),
                Some(Transition::Both(_)) => self.error(
                    codes::NEXT_AND_END,
                    &state_ptr(name).join("End"),
                    "a state has either \"Next\" or \"End\": true, not both: remove one",
                ),
                _ => {}
            }
            let mut out = Vec::new();
            for (field, target) in targets(state) {
                match scope.states.get_index_of(target) {
                    Some(t) => out.push(t),
                    None => {
                        let at = field.pointer(&state_ptr(name));
                        self.missing_target(codes::DANGLING_NEXT, &at, field.name(), target, scope);
                    }
                }
            }
            edges.push(out);
        }

        if let Some(start) = start {
            let mut seen = vec![false; edges.len()];
            seen[start] = true;
            let mut queue = std::collections::VecDeque::from([start]);
            while let Some(n) = queue.pop_front() {
                for &t in &edges[n] {
                    if !seen[t] {
                        seen[t] = true;
                        queue.push_back(t);
                    }
                }
            }
            for (name, _) in scope.states.keys().zip(&seen).filter(|(_, seen)| !**seen) {
                self.error(
                    codes::UNREACHABLE_STATE,
                    &state_ptr(name),
                    format!("no path from \"StartAt\" leads to \"{name}\": remove the state or make a Next, Default or Catch point to it"),
                );
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

    /// A cycle through Choice and Pass states only spins without waiting; warn once per
    /// cycle, at its first Choice state: once per strongly connected component of the
    /// Choice/Pass states that is a cycle (more than one state, or a state going to itself).
    fn tight_loops(&mut self, scope: &Scope, edges: &[Vec<usize>]) {
        let spinning: Vec<bool> = scope
            .states
            .values()
            .map(|s| matches!(s, State::Choice(_) | State::Pass(_)))
            .collect();
        let component = components(edges, &spinning);
        let mut size = vec![0usize; edges.len()];
        for &c in component.iter().flatten() {
            size[c] += 1;
        }
        let mut warned = vec![false; edges.len()];
        for (i, (name, state)) in scope.states.iter().enumerate() {
            let Some(c) = component[i] else { continue };
            if !matches!(state, State::Choice(_)) || warned[c] {
                continue;
            }
            if size[c] > 1 || edges[i].contains(&i) {
                warned[c] = true;
                self.warning(
                    codes::CHOICE_TIGHT_LOOP,
                    &scope.ptr.join("States").join(name),
                    format!("\"{name}\" is on a loop of Choice/Pass states only: it spins without waiting, burning state transitions until the 25,000-event history limit; put a Wait or Task state in the loop"),
                );
            }
        }
    }
}

/// The strongly connected components of the graph `edges` restricted to the nodes where
/// `keep` holds: the component number of each kept node. Tarjan's algorithm with an explicit
/// stack of frames instead of recursion, so that no graph is too deep for the call stack.
fn components(edges: &[Vec<usize>], keep: &[bool]) -> Vec<Option<usize>> {
    let n = edges.len();
    let mut index: Vec<Option<usize>> = vec![None; n];
    let mut low = vec![0usize; n];
    let mut on_stack = vec![false; n];
    let mut stack: Vec<usize> = Vec::new();
    let mut component: Vec<Option<usize>> = vec![None; n];
    let (mut next_index, mut next_component) = (0, 0);
    // (node, how many of its edges are done)
    let mut frames: Vec<(usize, usize)> = Vec::new();
    for root in 0..n {
        if !keep[root] || index[root].is_some() {
            continue;
        }
        index[root] = Some(next_index);
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        frames.push((root, 0));
        while let Some(frame) = frames.last_mut() {
            let v = frame.0;
            if let Some(&w) = edges[v].get(frame.1) {
                frame.1 += 1;
                if !keep[w] {
                    continue;
                }
                match index[w] {
                    None => {
                        index[w] = Some(next_index);
                        low[w] = next_index;
                        next_index += 1;
                        stack.push(w);
                        on_stack[w] = true;
                        frames.push((w, 0));
                    }
                    Some(iw) if on_stack[w] => low[v] = low[v].min(iw),
                    Some(_) => {}
                }
                continue;
            }
            frames.pop();
            if let Some(&(parent, _)) = frames.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if Some(low[v]) == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component[w] = Some(next_component);
                    if w == v {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Map, Value};

    use crate::validate::codes;

    /// A machine of the states `(name, type, targets)`; the first is `StartAt`.
    fn machine(states: &[(&str, &str, &[&str])]) -> Value {
        let mut out = Map::new();
        for (name, kind, targets) in states {
            let state = match *kind {
                "Choice" => json!({
                    "Type": "Choice",
                    "Choices": targets.iter().map(|t| json!({"Variable": "$.x", "IsPresent": true, "Next": t})).collect::<Vec<_>>(),
                }),
                "Pass" | "Wait" => {
                    let mut s = json!({"Type": kind});
                    if *kind == "Wait" {
                        s["Seconds"] = json!(1);
                    }
                    match targets.first() {
                        Some(t) => s["Next"] = json!(t),
                        None => s["End"] = json!(true),
                    }
                    s
                }
                other => panic!("no such test state type {other}"),
            };
            out.insert(name.to_string(), state);
        }
        json!({"StartAt": states[0].0, "States": out})
    }

    fn tight_loops(doc: &Value) -> Vec<String> {
        let sm = crate::parse_value(doc).expect("the test machine parses");
        crate::validate(&sm)
            .into_iter()
            .filter(|d| d.code == codes::CHOICE_TIGHT_LOOP)
            .map(|d| d.pointer)
            .collect()
    }

    #[test]
    fn one_warning_per_loop_at_its_first_choice() {
        let doc = machine(&[
            ("A", "Choice", &["B", "W"]),
            ("B", "Pass", &["C"]),
            ("C", "Choice", &["A", "End"]),
            ("W", "Wait", &["D"]),
            ("D", "Choice", &["D", "End"]),
            ("End", "Pass", &[]),
        ]);
        assert_eq!(tight_loops(&doc), vec!["/States/A", "/States/D"]);
    }

    #[test]
    fn a_loop_through_a_wait_or_of_pass_states_only_is_not_tight() {
        let through_wait = machine(&[
            ("A", "Choice", &["W", "End"]),
            ("W", "Wait", &["A"]),
            ("End", "Pass", &[]),
        ]);
        assert_eq!(tight_loops(&through_wait), Vec::<String>::new());
        let passes = machine(&[("P", "Pass", &["Q"]), ("Q", "Pass", &["P"])]);
        assert_eq!(tight_loops(&passes), Vec::<String>::new());
    }

    #[test]
    fn a_long_loop_does_not_exhaust_the_stack() {
        let names: Vec<String> = (0..20_000).map(|i| format!("C{i}")).collect();
        let mut states = Map::new();
        for (i, name) in names.iter().enumerate() {
            let next = &names[(i + 1) % names.len()];
            states.insert(
                name.clone(),
                json!({"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": true, "Next": next}], "Default": "End"}),
            );
        }
        states.insert("End".into(), json!({"Type": "Succeed"}));
        let doc = json!({"StartAt": "C0", "States": states});
        assert_eq!(tight_loops(&doc), vec!["/States/C0"]);
    }
}

//! Variables and `$states` rules that need the whole machine: a variable an inner scope assigns
//! that an enclosing scope assigns too, and `$states.result` / `$states.errorOutput` read in a
//! field that does not have them.

use indexmap::IndexMap;
use serde_json::{Map, Value};

use super::codes;
use crate::diagnostic::{Diagnostic, Pointer};
use crate::document::{Graph, QueryLanguage, State, StateMachine};

/// Whether [`check`] can report anything on `sm`: only a JSONata state or an `Assign` can
/// break these rules. Decided on the model, so that a JSONPath machine without variables is
/// not serialized to a `Value` for nothing. Unknown fields may stand in for known ones in the
/// serialized document, so any of them sends the machine to the full check.
pub(super) fn can_report(sm: &StateMachine) -> bool {
    sm.query_language == Some(QueryLanguage::Jsonata)
        || !sm.unknown.is_empty()
        || scope_can_report(&sm.states, 0)
}

fn scope_can_report(states: &IndexMap<String, State>, depth: usize) -> bool {
    // `check` does not look deeper either.
    if depth > MAX_DEPTH {
        return false;
    }
    states.values().any(|state| {
        let common = state.common();
        if common.query_language == Some(QueryLanguage::Jsonata)
            || common.assign.is_some()
            || !common.unknown.is_empty()
        {
            return true;
        }
        let catchers = state.error_handling().and_then(|e| e.catch.as_deref());
        if catchers
            .into_iter()
            .flatten()
            .any(|c| c.assign.is_some() || !c.unknown.is_empty())
        {
            return true;
        }
        let graphs: Vec<_> = match state {
            State::Choice(c) => {
                return c
                    .choices
                    .iter()
                    .any(|r| r.assign.is_some() || !r.unknown.is_empty());
            }
            State::Parallel(p) => p.branches.iter().collect(),
            State::Map(m) => m.item_processor.iter().chain(&m.iterator).collect(),
            _ => return false,
        };
        graphs.into_iter().any(|g| {
            !g.unknown.is_empty()
                || g.processor_config
                    .as_ref()
                    .is_some_and(|pc| !pc.unknown.is_empty())
                || scope_can_report(&g.states, depth + 1)
        })
    })
}

/// Checks the machine; JSONata states are those whose `QueryLanguage`, or the machine's, is
/// JSONata (nested states inherit the machine's, as the engine does). The rules are about the
/// serialized document, where an unknown field may stand in for a known one: a machine with
/// any is checked on its value, which is returned for the validator to sort with.
pub(super) fn check(sm: &StateMachine, out: &mut Vec<Diagnostic>) -> Option<Value> {
    if !sm.unknown.is_empty() || scope_has_unknown(&sm.states, 0) {
        let doc = crate::serialize::to_value(sm);
        check_value(&doc, out);
        return Some(doc);
    }
    let mut walk = Typed {
        top_jsonata: sm.query_language == Some(QueryLanguage::Jsonata),
        outer: Vec::new(),
        out,
    };
    walk.scope(&sm.states, &Pointer::root().join("States"), 0);
    None
}

/// Whether an object the rules look into has unknown fields, down to the depth they look.
fn scope_has_unknown(states: &IndexMap<String, State>, depth: usize) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    states.values().any(|state| {
        let catchers = state.error_handling().and_then(|e| e.catch.as_deref());
        !state.common().unknown.is_empty()
            || catchers
                .into_iter()
                .flatten()
                .any(|c| !c.unknown.is_empty())
            || match state {
                State::Choice(c) => c.choices.iter().any(|r| !r.unknown.is_empty()),
                State::Parallel(p) => p.branches.iter().any(|g| graph_has_unknown(g, depth)),
                State::Map(m) => m
                    .item_processor
                    .iter()
                    .chain(&m.iterator)
                    .any(|g| graph_has_unknown(g, depth)),
                _ => false,
            }
    })
}

fn graph_has_unknown(g: &Graph, depth: usize) -> bool {
    !g.unknown.is_empty()
        || g.processor_config
            .as_ref()
            .is_some_and(|pc| !pc.unknown.is_empty())
        || scope_has_unknown(&g.states, depth + 1)
}

/// The walk over the serialized machine `doc`.
fn check_value(doc: &Value, out: &mut Vec<Diagnostic>) {
    let top_jsonata = doc.get("QueryLanguage").and_then(Value::as_str) == Some("JSONata");
    if let Some(states) = doc.get("States").and_then(Value::as_object) {
        let mut walk = Walk {
            top_jsonata,
            outer: Vec::new(),
            out,
        };
        walk.scope(states, &Pointer::root().join("States"), 0);
    }
}

const MAX_DEPTH: usize = 64;

struct Walk<'d, 'o> {
    top_jsonata: bool,
    /// Names assigned by the enclosing scopes, innermost last.
    outer: Vec<&'d str>,
    out: &'o mut Vec<Diagnostic>,
}

/// Where an `Assign` block sits in a scope.
fn assign_blocks<'d>(
    state: &'d Map<String, Value>,
    ptr: &Pointer,
) -> Vec<(&'d Map<String, Value>, Pointer)> {
    let mut blocks = Vec::new();
    if let Some(a) = state.get("Assign").and_then(Value::as_object) {
        blocks.push((a, ptr.join("Assign")));
    }
    for list in ["Choices", "Catch"] {
        if let Some(items) = state.get(list).and_then(Value::as_array) {
            for (i, item) in items.iter().enumerate() {
                if let Some(a) = item.get("Assign").and_then(Value::as_object) {
                    blocks.push((a, ptr.join(list).join(i).join("Assign")));
                }
            }
        }
    }
    blocks
}

fn shadows_message(name: &str) -> String {
    format!("the variable \"{name}\" is assigned in an enclosing scope too: a Parallel branch or inline Map iteration may read it but not assign it; give this one another name")
}

fn variable_name(key: &str) -> &str {
    key.strip_suffix(".$").unwrap_or(key)
}

impl<'d> Walk<'d, '_> {
    fn scope(&mut self, states: &'d Map<String, Value>, ptr: &Pointer, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        let mine: Vec<&'d str> = states
            .iter()
            .filter_map(|(name, s)| Some((name, s.as_object()?)))
            .flat_map(|(name, s)| assign_blocks(s, &ptr.join(name)))
            .flat_map(|(block, at)| block.keys().map(move |k| (variable_name(k), at.join(k))))
            .filter_map(|(name, at)| {
                if depth > 0 && self.outer.contains(&name) {
                    self.out.push(Diagnostic::error(
                        codes::VARIABLE_SHADOWS_OUTER,
                        &at,
                        shadows_message(name),
                    ));
                    None
                } else {
                    Some(name)
                }
            })
            .collect();
        let mark = self.outer.len();
        self.outer.extend(mine);
        for (name, state) in states {
            let Some(s) = state.as_object() else { continue };
            let at = ptr.join(name);
            if self.is_jsonata(s) {
                self.states_fields(s, &at);
            }
            if let Some(branches) = s.get("Branches").and_then(Value::as_array) {
                for (i, b) in branches.iter().enumerate() {
                    self.nested(b, &at.join("Branches").join(i), depth, false);
                }
            }
            for field in ["ItemProcessor", "Iterator"] {
                if let Some(g) = s.get(field) {
                    let distributed = g.pointer("/ProcessorConfig/Mode").and_then(Value::as_str)
                        == Some("DISTRIBUTED");
                    self.nested(g, &at.join(field), depth, distributed);
                }
            }
        }
        self.outer.truncate(mark);
    }

    /// A branch or processor. A distributed Map's children run as their own executions and see
    /// none of the outer variables, so nothing there shadows.
    fn nested(&mut self, g: &'d Value, ptr: &Pointer, depth: usize, distributed: bool) {
        let Some(states) = g.get("States").and_then(Value::as_object) else {
            return;
        };
        let saved = distributed.then(|| std::mem::take(&mut self.outer));
        self.scope(states, &ptr.join("States"), depth + 1);
        if let Some(outer) = saved {
            self.outer = outer;
        }
    }

    fn is_jsonata(&self, s: &Map<String, Value>) -> bool {
        match s.get("QueryLanguage").and_then(Value::as_str) {
            Some(ql) => ql == "JSONata",
            None => self.top_jsonata,
        }
    }

    /// `$states.result` only in a Task, Parallel or Map's own `Output` and `Assign`;
    /// `$states.errorOutput` only in a catcher's.
    fn states_fields(&mut self, s: &'d Map<String, Value>, ptr: &Pointer) {
        let has_result = matches!(
            s.get("Type").and_then(Value::as_str),
            Some("Task" | "Parallel" | "Map")
        );
        for (field, v) in s {
            match field.as_str() {
                "Branches" | "ItemProcessor" | "Iterator" => {}
                "Output" | "Assign" => self.fields(v, &ptr.join(field), has_result, false),
                "Catch" => {
                    for (i, c) in v.as_array().into_iter().flatten().enumerate() {
                        let at = ptr.join("Catch").join(i);
                        for f in ["Output", "Assign"] {
                            if let Some(x) = c.get(f) {
                                self.fields(x, &at.join(f), false, true);
                            }
                        }
                    }
                }
                "Choices" => {
                    for (i, rule) in v.as_array().into_iter().flatten().enumerate() {
                        let at = ptr.join("Choices").join(i);
                        for (f, x) in rule.as_object().into_iter().flatten() {
                            self.fields(x, &at.join(f), false, false);
                        }
                    }
                }
                _ => self.fields(v, &ptr.join(field), false, false),
            }
        }
    }

    fn fields(&mut self, v: &Value, ptr: &Pointer, result: bool, error_output: bool) {
        match v {
            Value::String(s) if crate::jsonata::is_expression(s) => {
                for (name, allowed, where_) in [
                    (
                        "result",
                        result,
                        "only in the Output and Assign of a Task, Parallel or Map state",
                    ),
                    (
                        "errorOutput",
                        error_output,
                        "only in a Catch's Output and Assign",
                    ),
                ] {
                    if !allowed && reads_states_field(s, name) {
                        self.out.push(Diagnostic::error(
                            codes::STATES_FIELD_UNAVAILABLE,
                            ptr,
                            format!("$states.{name} is not available here: Step Functions provides it {where_}"),
                        ));
                    }
                }
            }
            Value::Object(m) => {
                for (k, x) in m {
                    self.fields(x, &ptr.join(k), result, error_output);
                }
            }
            Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    self.fields(x, &ptr.join(i), result, error_output);
                }
            }
            _ => {}
        }
    }
}

/// The same walk over the typed machine (one without unknown fields): a pointer is joined
/// only for a diagnostic, and a JSONata state is serialized only when
/// [`super::states_reads::may_report`] finds it reading `$states` where it may not.
struct Typed<'d, 'o> {
    top_jsonata: bool,
    outer: Vec<&'d str>,
    out: &'o mut Vec<Diagnostic>,
}

/// Where an `Assign` block sits in a state, in the order `assign_blocks` finds them.
#[derive(Clone, Copy)]
enum Block {
    State,
    Choice(usize),
    Catch(usize),
}

fn typed_assign_blocks(state: &State) -> Vec<(&IndexMap<String, Value>, Block)> {
    let mut blocks = Vec::new();
    if let Some(a) = &state.common().assign {
        blocks.push((a, Block::State));
    }
    if let State::Choice(c) = state {
        for (i, rule) in c.choices.iter().enumerate() {
            if let Some(a) = &rule.assign {
                blocks.push((a, Block::Choice(i)));
            }
        }
    }
    let catchers = state.error_handling().and_then(|e| e.catch.as_deref());
    for (i, c) in catchers.into_iter().flatten().enumerate() {
        if let Some(a) = &c.assign {
            blocks.push((a, Block::Catch(i)));
        }
    }
    blocks
}

impl<'d> Typed<'d, '_> {
    fn scope(&mut self, states: &'d IndexMap<String, State>, ptr: &Pointer, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        let mut mine = Vec::new();
        for (name, state) in states {
            for (block, at) in typed_assign_blocks(state) {
                for key in block.keys() {
                    let var = variable_name(key);
                    if depth > 0 && self.outer.contains(&var) {
                        let at = match at {
                            Block::State => ptr.join(name),
                            Block::Choice(i) => ptr.join(name).join("Choices").join(i),
                            Block::Catch(i) => ptr.join(name).join("Catch").join(i),
                        };
                        self.out.push(Diagnostic::error(
                            codes::VARIABLE_SHADOWS_OUTER,
                            at.join("Assign").join(key),
                            shadows_message(var),
                        ));
                    } else {
                        mine.push(var);
                    }
                }
            }
        }
        let mark = self.outer.len();
        self.outer.extend(mine);
        for (name, state) in states {
            let jsonata = match state.common().query_language {
                Some(ql) => ql == QueryLanguage::Jsonata,
                None => self.top_jsonata,
            };
            if jsonata && super::states_reads::may_report(state) {
                let value = crate::serialize::state_to_value(state);
                if let Some(s) = value.as_object() {
                    let mut walk = Walk {
                        top_jsonata: self.top_jsonata,
                        outer: Vec::new(),
                        out: &mut *self.out,
                    };
                    walk.states_fields(s, &ptr.join(name));
                }
            }
            match state {
                State::Parallel(p) => {
                    for (i, b) in p.branches.iter().enumerate() {
                        let at = ptr.join(name).join("Branches").join(i);
                        self.nested(b, &at, depth, false);
                    }
                }
                State::Map(m) => {
                    for (field, g) in [
                        ("ItemProcessor", &m.item_processor),
                        ("Iterator", &m.iterator),
                    ] {
                        let Some(g) = g else { continue };
                        let distributed = g.processor_config.as_ref().and_then(|c| c.mode)
                            == Some(crate::document::ProcessorMode::Distributed);
                        self.nested(g, &ptr.join(name).join(field), depth, distributed);
                    }
                }
                _ => {}
            }
        }
        self.outer.truncate(mark);
    }

    /// As [`Walk::nested`].
    fn nested(&mut self, g: &'d Graph, ptr: &Pointer, depth: usize, distributed: bool) {
        let saved = distributed.then(|| std::mem::take(&mut self.outer));
        self.scope(&g.states, &ptr.join("States"), depth + 1);
        if let Some(outer) = saved {
            self.outer = outer;
        }
    }
}

/// Whether `expr` reads `$states.<name>` (and not a longer name).
pub(super) fn reads_states_field(expr: &str, name: &str) -> bool {
    // "$states." cannot overlap itself, so its matches are where "$states.<name>" can start;
    // no needle is built per call.
    const STATES: &str = "$states.";
    expr.match_indices(STATES).any(|(i, _)| {
        expr[i + STATES.len()..]
            .strip_prefix(name)
            .is_some_and(|after| {
                !after
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_')
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_is_read_by_exact_name() {
        assert!(reads_states_field("{% $states.result.x %}", "result"));
        assert!(reads_states_field("{% $f($states.result) %}", "result"));
        assert!(!reads_states_field("{% $states.results %}", "result"));
        assert!(reads_states_field(
            "{% $states.input & $states.result_x & $states.result %}",
            "result"
        ));
        assert!(!reads_states_field("{% $states.input.result %}", "result"));
    }

    fn corpus(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                corpus(&path, out);
            } else if path.to_string_lossy().ends_with(".asl.json") {
                out.push(path);
            }
        }
    }

    /// Every corpus machine, as it is and made JSONata: the typed walk gives the diagnostics
    /// of the walk over the serialized value, in the same order.
    #[test]
    fn the_typed_walk_reports_what_the_walk_over_the_value_does() {
        let mut paths = Vec::new();
        corpus(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus"),
            &mut paths,
        );
        let (mut typed_runs, mut typed_reports) = (0, 0);
        for path in &paths {
            let text = std::fs::read_to_string(path).unwrap();
            let Ok(sm) = crate::parse_str(&text) else {
                continue;
            };
            for jsonata in [false, true] {
                let mut sm = sm.clone();
                if jsonata {
                    sm.query_language = Some(QueryLanguage::Jsonata);
                }
                let mut typed = Vec::new();
                let doc = check(&sm, &mut typed);
                let mut value = Vec::new();
                check_value(&crate::serialize::to_value(&sm), &mut value);
                assert_eq!(typed, value, "{}", path.display());
                if doc.is_none() {
                    typed_runs += 1;
                    typed_reports += typed.len();
                }
            }
        }
        assert!(
            typed_runs > 100,
            "{typed_runs} machines took the typed walk"
        );
        // The fixtures of both rules are among them.
        assert!(
            typed_reports >= 4,
            "{typed_reports} diagnostics from the typed walk"
        );
    }
}

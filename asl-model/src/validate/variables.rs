//! Variables and `$states` rules that need the whole machine: a variable an inner scope assigns
//! that an enclosing scope assigns too, and `$states.result` / `$states.errorOutput` read in a
//! field that does not have them.

use indexmap::IndexMap;
use serde_json::{Map, Value};

use super::codes;
use crate::diagnostic::{Diagnostic, Pointer};
use crate::document::{QueryLanguage, State, StateMachine};

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

/// Checks the serialized machine `doc`; JSONata states are those whose `QueryLanguage`, or the
/// machine's, is JSONata (nested states inherit the machine's, as the engine does).
pub(super) fn check(doc: &Value, out: &mut Vec<Diagnostic>) {
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
            .flat_map(|(block, at)| {
                block.keys().map(move |k| (variable_name(k), at.join(k)))
            })
            .filter_map(|(name, at)| {
                if depth > 0 && self.outer.contains(&name) {
                    self.out.push(Diagnostic::error(
                        codes::VARIABLE_SHADOWS_OUTER,
                        &at,
                        format!("the variable \"{name}\" is assigned in an enclosing scope too: a Parallel branch or inline Map iteration may read it but not assign it; give this one another name"),
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

fn reads_states_field(expr: &str, name: &str) -> bool {
    let needle = format!("$states.{name}");
    expr.match_indices(&needle).any(|(i, _)| {
        !expr[i + needle.len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
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
    }
}

//! The validator: everything AWS's ValidateStateMachineDefinition rejects, plus a few
//! well-founded warnings, as diagnostics with stable codes and JSON pointers.
//!
//! Every rule code is listed in [`codes`] and documented in `asl-model/RULES.md` with the
//! spec passage that requires it. Diagnostics come in document order (the canonical
//! serialization's order of keys).

mod choice;
mod common;
mod errors;
mod fields;
mod literals;
mod map;
mod order;
mod payload;
mod scope;
mod states;
mod states_reads;
mod variables;

use std::collections::HashMap;

use crate::diagnostic::{Diagnostic, Pointer};
use crate::document::*;
use fields::ObjectKind;
pub use literals::is_rfc3339_timestamp;
use scope::Scope;

/// Largest definition AWS accepts, in bytes of compact JSON.
pub const MAX_DEFINITION_BYTES: usize = 1_048_576;
/// Largest TimeoutSeconds, HeartbeatSeconds, IntervalSeconds and MaxAttempts.
pub const MAX_SECONDS: u64 = 99_999_999;
/// Largest MaxDelaySeconds of a retrier.
pub const MAX_DELAY_SECONDS: u64 = 31_622_400;
/// Longest state name, in characters.
pub const MAX_STATE_NAME_CHARS: usize = 80;
/// Longest Distributed Map `Label`, in characters.
pub const MAX_LABEL_CHARS: usize = 40;
/// Largest `ReaderConfig.MaxItems`.
pub const MAX_READER_ITEMS: u64 = 100_000_000;
/// Largest `ItemBatcher.MaxInputBytesPerBatch` (256 KiB).
pub const MAX_BATCH_BYTES: u64 = 262_144;
/// Deepest nesting of Parallel/Map scopes checked (JSON text cannot nest more than ~30).
pub const MAX_SCOPE_DEPTH: usize = 100;

/// The validator's rule codes (the parser's are in [`crate::parse::codes`]).
pub mod codes;

/// Check a state machine; diagnostics in document order, errors and warnings.
pub fn validate(sm: &StateMachine) -> Vec<Diagnostic> {
    let mut v = Validator {
        diags: Vec::new(),
        top_ql: sm.query_language.unwrap_or(QueryLanguage::JsonPath),
        names: HashMap::new(),
    };
    v.machine(sm);
    // The variable rules serialize the whole machine only when it has unknown fields; sorting
    // serializes only the states holding two or more diagnostics.
    let mut doc = None;
    if variables::can_report(sm) {
        doc = variables::check(sm, &mut v.diags);
    }
    let size = crate::serialize::compact_len(sm);
    if size > MAX_DEFINITION_BYTES {
        v.error(
            codes::DEFINITION_TOO_LARGE,
            &Pointer::root(),
            format!("the definition is {size} bytes of compact JSON; AWS accepts at most {MAX_DEFINITION_BYTES} (1 MiB): move large constants to S3 or split the machine with nested executions"),
        );
    }
    let mut diags = v.diags;
    if diags.len() > 1 {
        order::sort(sm, doc.as_ref(), &mut diags);
    }
    diags
}

pub(crate) struct Validator {
    diags: Vec<Diagnostic>,
    top_ql: QueryLanguage,
    /// Each state name with the pointer of the first state of that name.
    names: HashMap<String, String>,
}

impl Validator {
    fn error(&mut self, code: &'static str, ptr: &Pointer, message: impl Into<String>) {
        self.diags.push(Diagnostic::error(code, ptr, message));
    }

    fn warning(&mut self, code: &'static str, ptr: &Pointer, message: impl Into<String>) {
        self.diags.push(Diagnostic::warning(code, ptr, message));
    }

    fn machine(&mut self, sm: &StateMachine) {
        let root = Pointer::root();
        fields::object_unknown_fields(ObjectKind::Machine, &sm.unknown, &root, &mut self.diags);
        if let Some(version) = &sm.version {
            if version != "1.0" {
                self.error(
                    codes::VERSION_UNSUPPORTED,
                    &root.join("Version"),
                    format!("\"Version\" is \"{version}\"; the only version of the States Language is \"1.0\" (or leave it out)"),
                );
            }
        }
        if let Some(t) = sm.timeout_seconds {
            if t == 0 || t > MAX_SECONDS {
                self.error(
                    codes::TIMEOUT_SECONDS_RANGE,
                    &root.join("TimeoutSeconds"),
                    format!("\"TimeoutSeconds\" is {t}; it must be between 1 and {MAX_SECONDS}"),
                );
            }
        }
        self.collect_names(&sm.states, &root, 0);
        self.scope(&sm.start_at, &sm.states, &root, self.top_ql, 0);
    }

    fn collect_names(
        &mut self,
        states: &indexmap::IndexMap<String, State>,
        scope_ptr: &Pointer,
        depth: usize,
    ) {
        if depth > MAX_SCOPE_DEPTH {
            return;
        }
        let states_ptr = scope_ptr.join("States");
        for (name, state) in states {
            let ptr = states_ptr.join(name);
            self.record_name(name, &ptr);
            match state {
                State::Parallel(p) => {
                    for (i, b) in p.branches.iter().enumerate() {
                        self.collect_names(&b.states, &ptr.join("Branches").join(i), depth + 1);
                    }
                }
                State::Map(m) => {
                    if let Some(g) = &m.item_processor {
                        self.collect_names(&g.states, &ptr.join("ItemProcessor"), depth + 1);
                    }
                    if let Some(g) = &m.iterator {
                        self.collect_names(&g.states, &ptr.join("Iterator"), depth + 1);
                    }
                }
                _ => {}
            }
        }
    }

    /// A nested scope: a branch, ItemProcessor or Iterator.
    fn graph(&mut self, g: &Graph, ptr: &Pointer, kind: ObjectKind, depth: usize) {
        fields::object_unknown_fields(kind, &g.unknown, ptr, &mut self.diags);
        if g.query_language == Some(QueryLanguage::JsonPath)
            && self.top_ql == QueryLanguage::Jsonata
        {
            self.query_language_conflict(&ptr.join("QueryLanguage"));
        }
        if let Some(pc) = &g.processor_config {
            fields::object_unknown_fields(
                ObjectKind::ProcessorConfig,
                &pc.unknown,
                &ptr.join("ProcessorConfig"),
                &mut self.diags,
            );
        }
        let ql = g.query_language.unwrap_or(self.top_ql);
        self.scope(&g.start_at, &g.states, ptr, ql, depth);
    }

    fn scope(
        &mut self,
        start_at: &str,
        states: &indexmap::IndexMap<String, State>,
        ptr: &Pointer,
        ql: QueryLanguage,
        depth: usize,
    ) {
        if depth > MAX_SCOPE_DEPTH {
            self.error(codes::NESTING_TOO_DEEP, ptr, format!("Parallel/Map states nested more than {MAX_SCOPE_DEPTH} levels deep; flatten the machine"));
            return;
        }
        let states_ptr = ptr.join("States");
        for (name, state) in states {
            let sptr = states_ptr.join(name);
            self.state(name, state, &sptr, ql, depth);
        }
        self.scope_graph(&Scope {
            ptr: ptr.clone(),
            start_at,
            states,
        });
    }

    fn query_language_conflict(&mut self, ptr: &Pointer) {
        self.error(
            codes::QUERY_LANGUAGE_CONFLICT,
            ptr,
            "the state machine's top-level QueryLanguage is JSONata, and a JSONata machine cannot contain JSONPath states: \
             convert this state to JSONata, or make the top level JSONPath and set JSONata per state",
        );
    }

    fn state_name(&mut self, name: &str, ptr: &Pointer) {
        let chars = name.chars().count();
        if name.is_empty() {
            self.error(
                codes::STATE_NAME_EMPTY,
                ptr,
                "a state name cannot be empty: give the state a name",
            );
        } else if chars > MAX_STATE_NAME_CHARS {
            self.error(
                codes::STATE_NAME_TOO_LONG,
                ptr,
                format!("the state name is {chars} characters long; the limit is {MAX_STATE_NAME_CHARS}: shorten it"),
            );
        }
        if name.chars().any(char::is_control) {
            self.error(
                codes::STATE_NAME_INVALID_CHARS,
                ptr,
                "the state name contains control characters (such as a newline or tab): remove them",
            );
        }
    }

    fn state(
        &mut self,
        name: &str,
        state: &State,
        ptr: &Pointer,
        default_ql: QueryLanguage,
        depth: usize,
    ) {
        self.state_name(name, ptr);
        let common = state.common();
        if common.query_language == Some(QueryLanguage::JsonPath)
            && self.top_ql == QueryLanguage::Jsonata
        {
            self.query_language_conflict(&ptr.join("QueryLanguage"));
        }
        let ql = common.query_language.unwrap_or(default_ql);
        fields::state_unknown_fields(state.type_name(), &common.unknown, ptr, &mut self.diags);
        self.common(state, ptr, ql);
        match state {
            State::Task(t) => self.task(t, ptr, ql),
            State::Pass(p) => self.pass(p, ptr, ql),
            State::Choice(c) => self.choice(c, ptr, ql),
            State::Wait(w) => self.wait(w, ptr, ql),
            State::Succeed(_) => {}
            State::Fail(f) => self.fail(f, ptr, ql),
            State::Parallel(p) => self.parallel(p, ptr, ql, depth),
            State::Map(m) => self.map(m, ptr, ql, depth),
        }
        if let Some(eh) = state.error_handling() {
            self.error_handling(eh, ptr, ql);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::path::MAX_NESTING;
    use indexmap::IndexMap;

    fn pass_end() -> State {
        State::Pass(PassState {
            common: Common::default(),
            parameters: None,
            result: None,
            result_path: None,
            transition: Transition::End,
        })
    }

    /// A Parallel state nested `depth` levels deep, built directly (JSON text cannot nest this deep).
    fn nested_parallels(depth: usize) -> StateMachine {
        let mut state = pass_end();
        let mut name = "Leaf".to_string();
        for level in 0..depth {
            let mut states = IndexMap::new();
            states.insert(name.clone(), state);
            let branch = Graph {
                start_at: name.clone(),
                states,
                ..Graph::default()
            };
            state = State::Parallel(ParallelState {
                common: Common::default(),
                branches: vec![branch],
                parameters: None,
                arguments: None,
                result_selector: None,
                result_path: None,
                errors: ErrorHandling::default(),
                transition: Transition::End,
            });
            name = format!("Level{level}");
        }
        let mut states = IndexMap::new();
        states.insert(name.clone(), state);
        StateMachine {
            start_at: name,
            states,
            ..StateMachine::default()
        }
    }

    #[test]
    fn deep_nesting_is_reported_not_a_crash() {
        let diags = validate(&nested_parallels(MAX_SCOPE_DEPTH + 20));
        assert!(
            diags.iter().any(|d| d.code == codes::NESTING_TOO_DEEP),
            "{diags:?}"
        );
        assert!(validate(&nested_parallels(30))
            .iter()
            .all(|d| !d.is_error()));
    }

    #[test]
    fn an_empty_machine_is_reported() {
        let diags = validate(&StateMachine::default());
        let codes: Vec<&str> = diags.iter().map(|d| d.code).collect();
        assert_eq!(codes, vec![codes::START_AT_EMPTY]);
    }

    #[test]
    fn deeply_nested_choice_rules_are_bounded() {
        let mut condition = Condition::Test {
            variable: "$.x".into(),
            test: Test::IsPresent(true),
        };
        for _ in 0..(MAX_NESTING + 10) {
            condition = Condition::Not(Box::new(condition));
        }
        let choice = State::Choice(ChoiceState {
            common: Common::default(),
            choices: vec![ChoiceRule {
                comment: None,
                condition,
                next: "Done".into(),
                assign: None,
                output: None,
                unknown: Default::default(),
            }],
            default: Some("Done".into()),
        });
        let mut states = IndexMap::new();
        states.insert("C".to_string(), choice);
        states.insert(
            "Done".to_string(),
            State::Succeed(SucceedState {
                common: Common::default(),
            }),
        );
        let diags = validate(&StateMachine {
            start_at: "C".into(),
            states,
            ..StateMachine::default()
        });
        assert!(
            diags.iter().any(|d| d.code == codes::NESTING_TOO_DEEP),
            "{diags:?}"
        );
    }
}

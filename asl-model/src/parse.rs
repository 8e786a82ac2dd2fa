//! Reading ASL JSON into the document model, collecting every error with its JSON pointer.
//!
//! The parser is strict about JSON types (a string where a number belongs is an error
//! here) and lenient about structure: fields a state type does not know are kept in the
//! model's `unknown` maps, and a missing `Next`/`End` is kept as `Transition::Missing`,
//! so the validator reports them with a rule code. It never panics.

use indexmap::IndexMap;
use serde_json::{Map, Value};

use crate::diagnostic::{Diagnostic, Pointer};
use crate::document::*;

/// Nesting of Parallel/Map/Choice rules deeper than this is refused, so that a
/// hand-built `Value` cannot exhaust the stack.
const MAX_DEPTH: usize = 200;

/// Why a text could not be read as a state machine.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ParseError {
    /// Not JSON at all.
    #[error("line {line}, column {column}: {message}")]
    Json {
        line: usize,
        column: usize,
        message: String,
    },
    /// JSON, but not shaped like a state machine; every problem found, in document order.
    #[error("{}", .0.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<Diagnostic>),
}

/// Parses ASL JSON text.
pub fn parse_str(text: &str) -> Result<StateMachine, ParseError> {
    let value: Value = serde_json::from_str(text).map_err(|e| ParseError::Json {
        line: e.line(),
        column: e.column(),
        message: json_error_message(&e),
    })?;
    parse_value(&value)
}

/// serde_json's message without its trailing " at line L column C".
fn json_error_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// Parses an already-decoded JSON value.
pub fn parse_value(value: &Value) -> Result<StateMachine, ParseError> {
    let mut cx = Cx::default();
    let machine = cx.machine(value, &Pointer::root());
    match machine {
        Some(m) if cx.errors.is_empty() => Ok(m),
        _ => {
            let mut errors = cx.errors;
            sort_in_document_order(value, &mut errors);
            Err(ParseError::Invalid(errors))
        }
    }
}

/// Sorts diagnostics as a reader meets them: by where each pointer lands in document order
/// (the index of each token among its siblings). Each object's key order is looked up once,
/// so sorting n diagnostics on a machine of n states stays linear, not quadratic.
pub fn sort_in_document_order(root: &Value, diags: &mut [crate::Diagnostic]) {
    let mut order = DocumentOrder::default();
    diags.sort_by_cached_key(|d| order.position(root, &d.pointer));
}

#[derive(Default)]
struct DocumentOrder<'a> {
    /// Key -> index of every object met, by the object's address (the document is borrowed
    /// for the whole sort, so addresses are stable and unique).
    keys: std::collections::HashMap<
        *const Map<String, Value>,
        std::collections::HashMap<&'a str, usize>,
    >,
}

impl<'a> DocumentOrder<'a> {
    fn position(&mut self, root: &'a Value, pointer: &str) -> Vec<usize> {
        let mut position = Vec::new();
        let mut node = root;
        for token in pointer.split('/').skip(1) {
            let token = token.replace("~1", "/").replace("~0", "~");
            let (index, child) = match node {
                Value::Object(map) => {
                    let keys = self.keys.entry(map as *const _).or_insert_with(|| {
                        map.keys()
                            .enumerate()
                            .map(|(i, k)| (k.as_str(), i))
                            .collect()
                    });
                    match (keys.get(token.as_str()), map.get(&token)) {
                        (Some(&i), Some(child)) => (i, child),
                        _ => break,
                    }
                }
                Value::Array(items) => match token
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| items.get(i).map(|c| (i, c)))
                {
                    Some(found) => found,
                    None => break,
                },
                _ => break,
            };
            position.push(index);
            node = child;
        }
        position
    }
}

/// Parse-time rule codes (the validator's are in `validate`).
pub mod codes {
    /// A value of the wrong JSON type or out of its type's range.
    pub const SCHEMA_TYPE: &str = "SCHEMA_TYPE";
    /// A required field is absent.
    pub const SCHEMA_REQUIRED: &str = "SCHEMA_REQUIRED";
    /// A string that is not one of the allowed values.
    pub const SCHEMA_VALUE: &str = "SCHEMA_VALUE";
    /// `Type` names no state type.
    pub const UNKNOWN_STATE_TYPE: &str = "UNKNOWN_STATE_TYPE";
    /// A Choice rule with no operator, several operators, or an operator without `Variable`.
    pub const CHOICE_RULE_SHAPE: &str = "CHOICE_RULE_SHAPE";
    /// Nesting too deep to be a real state machine.
    pub const NESTING_TOO_DEEP: &str = "NESTING_TOO_DEEP";
}

#[derive(Default)]
struct Cx {
    errors: Vec<Diagnostic>,
    depth: usize,
}

/// The fields of one JSON object, taken one by one; what is left is `unknown`.
struct Fields {
    map: Map<String, Value>,
    ptr: Pointer,
}

impl Fields {
    fn take(&mut self, key: &str) -> Option<(Value, Pointer)> {
        self.map.shift_remove(key).map(|v| (v, self.ptr.join(key)))
    }

    fn has(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    fn rest(self) -> UnknownFields {
        self.map.into_iter().collect()
    }
}

fn describe(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl Cx {
    fn type_error(&mut self, ptr: &Pointer, expected: &str, found: &Value) {
        self.errors.push(Diagnostic::error(
            codes::SCHEMA_TYPE,
            ptr,
            format!("expected {expected}, found {}", describe(found)),
        ));
    }

    fn object(&mut self, v: &Value, ptr: &Pointer, what: &str) -> Option<Fields> {
        match v {
            Value::Object(map) => Some(Fields {
                map: map.clone(),
                ptr: ptr.clone(),
            }),
            other => {
                self.type_error(ptr, what, other);
                None
            }
        }
    }

    fn require<T>(&mut self, f: &Fields, key: &str, got: Option<T>) -> Option<T> {
        if got.is_none() && !f.has(key) {
            // The field was absent (a present-but-wrong field already reported itself).
            self.errors.push(Diagnostic::error(
                codes::SCHEMA_REQUIRED,
                &f.ptr,
                format!("missing required field \"{key}\""),
            ));
        }
        got
    }

    fn string(&mut self, f: &mut Fields, key: &str) -> Option<String> {
        let (v, p) = f.take(key)?;
        match v {
            Value::String(s) => Some(s),
            other => {
                self.type_error(&p, "a string", &other);
                None
            }
        }
    }

    fn required_string(&mut self, f: &mut Fields, key: &str) -> Option<String> {
        let present = f.has(key);
        let got = self.string(f, key);
        if !present {
            self.require::<()>(f, key, None);
        }
        got
    }

    fn boolean(&mut self, f: &mut Fields, key: &str) -> Option<bool> {
        let (v, p) = f.take(key)?;
        match v {
            Value::Bool(b) => Some(b),
            other => {
                self.type_error(&p, "a boolean", &other);
                None
            }
        }
    }

    fn uint(&mut self, f: &mut Fields, key: &str) -> Option<u64> {
        let (v, p) = f.take(key)?;
        match v.as_u64() {
            Some(n) => Some(n),
            None => {
                self.type_error(&p, "a non-negative integer", &v);
                None
            }
        }
    }

    fn int(&mut self, f: &mut Fields, key: &str) -> Option<i64> {
        let (v, p) = f.take(key)?;
        match v.as_i64() {
            Some(n) => Some(n),
            None => {
                self.type_error(&p, "an integer", &v);
                None
            }
        }
    }

    fn float(&mut self, f: &mut Fields, key: &str, expected: &str) -> Option<f64> {
        let (v, p) = f.take(key)?;
        match v.as_f64() {
            Some(n) => Some(n),
            None => {
                self.type_error(&p, expected, &v);
                None
            }
        }
    }

    /// Any JSON value (payload templates).
    fn any(&mut self, f: &mut Fields, key: &str) -> Option<Value> {
        f.take(key).map(|(v, _)| v)
    }

    /// A payload template that must be an object (Parameters, ResultSelector, …) in
    /// JSONPath; JSONata also allows a `{% %}` string, so any JSON is kept here and the
    /// validator judges it against the query language.
    fn template(&mut self, f: &mut Fields, key: &str) -> Option<Value> {
        self.any(f, key)
    }

    fn uint_expr(&mut self, f: &mut Fields, key: &str) -> Option<Expr<u64>> {
        let (v, p) = f.take(key)?;
        match v {
            Value::String(s) => Some(Expr::Jsonata(s)),
            other => match other.as_u64() {
                Some(n) => Some(Expr::Value(n)),
                None => {
                    self.type_error(&p, "a non-negative integer or a JSONata expression", &other);
                    None
                }
            },
        }
    }

    fn float_expr(&mut self, f: &mut Fields, key: &str) -> Option<Expr<f64>> {
        let (v, p) = f.take(key)?;
        match v {
            Value::String(s) => Some(Expr::Jsonata(s)),
            other => match other.as_f64() {
                Some(n) => Some(Expr::Value(n)),
                None => {
                    self.type_error(&p, "a number or a JSONata expression", &other);
                    None
                }
            },
        }
    }

    fn nullable_path(&mut self, f: &mut Fields, key: &str) -> Option<NullablePath> {
        let (v, p) = f.take(key)?;
        match v {
            Value::Null => Some(NullablePath::Null),
            Value::String(s) => Some(NullablePath::Path(s)),
            other => {
                self.type_error(&p, "a path string or null", &other);
                None
            }
        }
    }

    fn string_list(&mut self, f: &mut Fields, key: &str) -> Option<Vec<String>> {
        let (v, p) = f.take(key)?;
        let Value::Array(items) = v else {
            self.type_error(&p, "an array of strings", &v);
            return None;
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.into_iter().enumerate() {
            match item {
                Value::String(s) => out.push(s),
                other => self.type_error(&p.join(i), "a string", &other),
            }
        }
        Some(out)
    }

    fn assign(&mut self, f: &mut Fields, key: &str) -> Option<IndexMap<String, Value>> {
        let (v, p) = f.take(key)?;
        match v {
            Value::Object(map) => Some(map.into_iter().collect()),
            other => {
                self.type_error(&p, "an object of variable names to values", &other);
                None
            }
        }
    }

    /// A string that must be one of `allowed`, mapped to its typed value.
    fn one_of<T: Copy>(&mut self, f: &mut Fields, key: &str, allowed: &[(&str, T)]) -> Option<T> {
        let ptr = f.ptr.join(key);
        let s = self.string(f, key)?;
        match allowed.iter().find(|(name, _)| *name == s) {
            Some((_, t)) => Some(*t),
            None => {
                let names: Vec<_> = allowed.iter().map(|(n, _)| format!("\"{n}\"")).collect();
                self.errors.push(Diagnostic::error(
                    codes::SCHEMA_VALUE,
                    ptr,
                    format!(
                        "\"{s}\" is not allowed here; use one of {}",
                        names.join(", ")
                    ),
                ));
                None
            }
        }
    }

    fn query_language(&mut self, f: &mut Fields) -> Option<QueryLanguage> {
        self.one_of(
            f,
            "QueryLanguage",
            &[
                ("JSONPath", QueryLanguage::JsonPath),
                ("JSONata", QueryLanguage::Jsonata),
            ],
        )
    }

    fn resource(&mut self, v: Value, p: &Pointer) -> Option<Resource> {
        match v {
            Value::String(s) => Some(Resource::Arn(s)),
            Value::Object(ref map)
                if map.len() == 1 && map.keys().all(|k| k == "Ref" || k.starts_with("Fn::")) =>
            {
                Some(Resource::Intrinsic(v))
            }
            other => {
                self.type_error(p, "an ARN string or a CloudFormation intrinsic ({\"Fn::GetAtt\": …} / {\"Ref\": …})", &other);
                None
            }
        }
    }

    // ---- documents ----

    fn machine(&mut self, v: &Value, ptr: &Pointer) -> Option<StateMachine> {
        let mut f = self.object(v, ptr, "a state machine object")?;
        let comment = self.string(&mut f, "Comment");
        let query_language = self.query_language(&mut f);
        let start_at = self.required_string(&mut f, "StartAt");
        let states = self.states(&mut f);
        let timeout_seconds = self.uint(&mut f, "TimeoutSeconds");
        let version = self.string(&mut f, "Version");
        Some(StateMachine {
            comment,
            query_language,
            start_at: start_at.unwrap_or_default(),
            states: states.unwrap_or_default(),
            timeout_seconds,
            version,
            unknown: f.rest(),
        })
    }

    fn graph(&mut self, v: &Value, ptr: &Pointer, with_config: bool) -> Option<Graph> {
        let mut f = self.object(v, ptr, "an object with StartAt and States")?;
        let comment = self.string(&mut f, "Comment");
        let processor_config = if with_config {
            self.processor_config(&mut f)
        } else {
            None
        };
        let query_language = self.query_language(&mut f);
        let start_at = self.required_string(&mut f, "StartAt");
        let states = self.states(&mut f);
        Some(Graph {
            comment,
            processor_config,
            query_language,
            start_at: start_at.unwrap_or_default(),
            states: states.unwrap_or_default(),
            unknown: f.rest(),
        })
    }

    fn processor_config(&mut self, f: &mut Fields) -> Option<ProcessorConfig> {
        let (v, p) = f.take("ProcessorConfig")?;
        let mut c = self.object(&v, &p, "an object")?;
        let mode = self.one_of(
            &mut c,
            "Mode",
            &[
                ("INLINE", ProcessorMode::Inline),
                ("DISTRIBUTED", ProcessorMode::Distributed),
            ],
        );
        let execution_type = self.one_of(
            &mut c,
            "ExecutionType",
            &[
                ("STANDARD", ExecutionType::Standard),
                ("EXPRESS", ExecutionType::Express),
            ],
        );
        Some(ProcessorConfig {
            mode,
            execution_type,
            unknown: c.rest(),
        })
    }

    fn states(&mut self, f: &mut Fields) -> Option<IndexMap<String, State>> {
        let present = f.has("States");
        let Some((v, p)) = f.take("States") else {
            if !present {
                self.require::<()>(f, "States", None);
            }
            return None;
        };
        let Value::Object(map) = v else {
            self.type_error(&p, "an object of state names to states", &v);
            return None;
        };
        let mut states = IndexMap::with_capacity(map.len());
        for (name, state) in map {
            if let Some(s) = self.state(&state, &p.join(&name)) {
                states.insert(name, s);
            }
        }
        Some(states)
    }

    fn state(&mut self, v: &Value, ptr: &Pointer) -> Option<State> {
        if self.depth >= MAX_DEPTH {
            self.errors.push(Diagnostic::error(
                codes::NESTING_TOO_DEEP,
                ptr,
                format!("states are nested more than {MAX_DEPTH} levels deep; flatten the machine"),
            ));
            return None;
        }
        self.depth += 1;
        let state = self.state_inner(v, ptr);
        self.depth -= 1;
        state
    }

    fn state_inner(&mut self, v: &Value, ptr: &Pointer) -> Option<State> {
        let mut f = self.object(v, ptr, "a state object")?;
        let type_ptr = ptr.join("Type");
        let Some(ty) = self.string(&mut f, "Type") else {
            if !v.as_object().is_some_and(|m| m.contains_key("Type")) {
                self.errors.push(Diagnostic::error(
                    codes::SCHEMA_REQUIRED,
                    ptr,
                    "missing required field \"Type\"; use one of Task, Pass, Choice, Wait, Succeed, Fail, Parallel, Map",
                ));
            }
            return None;
        };
        let state = match ty.as_str() {
            "Task" => State::Task(self.task(&mut f)?),
            "Pass" => State::Pass(self.pass(&mut f)),
            "Choice" => State::Choice(self.choice(&mut f)),
            "Wait" => State::Wait(self.wait(&mut f)),
            "Succeed" => State::Succeed(SucceedState {
                common: self.common(&mut f),
            }),
            "Fail" => State::Fail(self.fail(&mut f)),
            "Parallel" => State::Parallel(self.parallel(&mut f)),
            "Map" => State::Map(self.map(&mut f)),
            other => {
                self.errors.push(Diagnostic::error(
                    codes::UNKNOWN_STATE_TYPE,
                    type_ptr,
                    format!("\"{other}\" is not a state type; use one of Task, Pass, Choice, Wait, Succeed, Fail, Parallel, Map"),
                ));
                return None;
            }
        };
        let mut state = state;
        state.common_mut().unknown = f.rest();
        Some(state)
    }

    /// Fields common to every state. Call after the type-specific fields are taken.
    fn common(&mut self, f: &mut Fields) -> Common {
        Common {
            comment: self.string(f, "Comment"),
            query_language: self.query_language(f),
            input_path: self.nullable_path(f, "InputPath"),
            output_path: self.nullable_path(f, "OutputPath"),
            output: self.any(f, "Output"),
            assign: self.assign(f, "Assign"),
            unknown: UnknownFields::new(),
        }
    }

    fn transition(&mut self, f: &mut Fields) -> Transition {
        let next = self.string(f, "Next");
        let end = self.boolean(f, "End");
        match (next, end) {
            (Some(n), Some(true)) => Transition::Both(n),
            (Some(n), _) => Transition::Next(n),
            (None, Some(true)) => Transition::End,
            (None, _) => Transition::Missing,
        }
    }

    fn errors(&mut self, f: &mut Fields) -> ErrorHandling {
        let retry = f
            .take("Retry")
            .and_then(|(v, p)| self.list(&v, &p, Cx::retrier));
        let catch = f
            .take("Catch")
            .and_then(|(v, p)| self.list(&v, &p, Cx::catcher));
        ErrorHandling { retry, catch }
    }

    fn list<T>(
        &mut self,
        v: &Value,
        p: &Pointer,
        item: fn(&mut Cx, &Value, &Pointer) -> Option<T>,
    ) -> Option<Vec<T>> {
        let Value::Array(items) = v else {
            self.type_error(p, "an array", v);
            return None;
        };
        Some(
            items
                .iter()
                .enumerate()
                .filter_map(|(i, x)| item(self, x, &p.join(i)))
                .collect(),
        )
    }

    fn retrier(&mut self, v: &Value, p: &Pointer) -> Option<Retrier> {
        let mut f = self.object(v, p, "a retrier object")?;
        let error_equals = self.string_list(&mut f, "ErrorEquals");
        let error_equals = self
            .require(&f, "ErrorEquals", error_equals)
            .unwrap_or_default();
        Some(Retrier {
            comment: self.string(&mut f, "Comment"),
            error_equals,
            interval_seconds: self.uint(&mut f, "IntervalSeconds"),
            max_attempts: self.int(&mut f, "MaxAttempts"),
            backoff_rate: self.float(&mut f, "BackoffRate", "a number ≥ 1.0"),
            max_delay_seconds: self.uint(&mut f, "MaxDelaySeconds"),
            jitter_strategy: self.one_of(
                &mut f,
                "JitterStrategy",
                &[
                    ("FULL", JitterStrategy::Full),
                    ("NONE", JitterStrategy::None),
                ],
            ),
            unknown: f.rest(),
        })
    }

    fn catcher(&mut self, v: &Value, p: &Pointer) -> Option<Catcher> {
        let mut f = self.object(v, p, "a catcher object")?;
        let error_equals = self.string_list(&mut f, "ErrorEquals");
        let error_equals = self
            .require(&f, "ErrorEquals", error_equals)
            .unwrap_or_default();
        let next = self.required_string(&mut f, "Next");
        Some(Catcher {
            comment: self.string(&mut f, "Comment"),
            error_equals,
            next: next.unwrap_or_default(),
            result_path: self.nullable_path(&mut f, "ResultPath"),
            output: self.any(&mut f, "Output"),
            assign: self.assign(&mut f, "Assign"),
            unknown: f.rest(),
        })
    }

    // ---- state types ----

    fn task(&mut self, f: &mut Fields) -> Option<TaskState> {
        let resource = match f.take("Resource") {
            Some((v, p)) => self.resource(v, &p),
            None => {
                self.require::<()>(f, "Resource", None);
                None
            }
        };
        let task = TaskState {
            resource: resource.unwrap_or(Resource::Arn(String::new())),
            credentials: self.any(f, "Credentials"),
            parameters: self.template(f, "Parameters"),
            arguments: self.template(f, "Arguments"),
            result_selector: self.template(f, "ResultSelector"),
            result_path: self.nullable_path(f, "ResultPath"),
            timeout_seconds: self.uint_expr(f, "TimeoutSeconds"),
            timeout_seconds_path: self.string(f, "TimeoutSecondsPath"),
            heartbeat_seconds: self.uint_expr(f, "HeartbeatSeconds"),
            heartbeat_seconds_path: self.string(f, "HeartbeatSecondsPath"),
            errors: self.errors(f),
            transition: self.transition(f),
            common: self.common(f),
        };
        Some(task)
    }

    fn pass(&mut self, f: &mut Fields) -> PassState {
        PassState {
            parameters: self.template(f, "Parameters"),
            result: self.any(f, "Result"),
            result_path: self.nullable_path(f, "ResultPath"),
            transition: self.transition(f),
            common: self.common(f),
        }
    }

    fn wait(&mut self, f: &mut Fields) -> WaitState {
        let timestamp = f.take("Timestamp").and_then(|(v, p)| match v {
            // JSONata expressions and literal timestamps are both strings; the validator tells them apart.
            Value::String(s) if crate::jsonata::is_expression(&s) => Some(Expr::Jsonata(s)),
            Value::String(s) => Some(Expr::Value(s)),
            other => {
                self.type_error(&p, "an RFC 3339 timestamp string", &other);
                None
            }
        });
        WaitState {
            seconds: self.uint_expr(f, "Seconds"),
            timestamp,
            seconds_path: self.string(f, "SecondsPath"),
            timestamp_path: self.string(f, "TimestampPath"),
            transition: self.transition(f),
            common: self.common(f),
        }
    }

    fn fail(&mut self, f: &mut Fields) -> FailState {
        FailState {
            error: self.string(f, "Error"),
            error_path: self.string(f, "ErrorPath"),
            cause: self.string(f, "Cause"),
            cause_path: self.string(f, "CausePath"),
            common: self.common(f),
        }
    }

    fn parallel(&mut self, f: &mut Fields) -> ParallelState {
        let branches = match f.take("Branches") {
            Some((Value::Array(items), p)) => items
                .iter()
                .enumerate()
                .filter_map(|(i, b)| self.graph(b, &p.join(i), false))
                .collect(),
            Some((other, p)) => {
                self.type_error(&p, "an array of branches", &other);
                Vec::new()
            }
            None => {
                self.require::<()>(f, "Branches", None);
                Vec::new()
            }
        };
        ParallelState {
            branches,
            parameters: self.template(f, "Parameters"),
            arguments: self.template(f, "Arguments"),
            result_selector: self.template(f, "ResultSelector"),
            result_path: self.nullable_path(f, "ResultPath"),
            errors: self.errors(f),
            transition: self.transition(f),
            common: self.common(f),
        }
    }

    fn map(&mut self, f: &mut Fields) -> MapState {
        let item_processor = f
            .take("ItemProcessor")
            .and_then(|(v, p)| self.graph(&v, &p, true));
        let iterator = f
            .take("Iterator")
            .and_then(|(v, p)| self.graph(&v, &p, true));
        MapState {
            item_processor,
            iterator,
            items_path: self.string(f, "ItemsPath"),
            items: self.any(f, "Items"),
            item_selector: self.template(f, "ItemSelector"),
            parameters: self.template(f, "Parameters"),
            item_reader: f
                .take("ItemReader")
                .and_then(|(v, p)| self.item_reader(&v, &p)),
            item_batcher: f
                .take("ItemBatcher")
                .and_then(|(v, p)| self.item_batcher(&v, &p)),
            result_writer: f
                .take("ResultWriter")
                .and_then(|(v, p)| self.result_writer(&v, &p)),
            max_concurrency: self.uint_expr(f, "MaxConcurrency"),
            max_concurrency_path: self.string(f, "MaxConcurrencyPath"),
            tolerated_failure_count: self.uint_expr(f, "ToleratedFailureCount"),
            tolerated_failure_count_path: self.string(f, "ToleratedFailureCountPath"),
            tolerated_failure_percentage: self.float_expr(f, "ToleratedFailurePercentage"),
            tolerated_failure_percentage_path: self.string(f, "ToleratedFailurePercentagePath"),
            label: self.string(f, "Label"),
            result_selector: self.template(f, "ResultSelector"),
            result_path: self.nullable_path(f, "ResultPath"),
            errors: self.errors(f),
            transition: self.transition(f),
            common: self.common(f),
        }
    }

    fn item_reader(&mut self, v: &Value, p: &Pointer) -> Option<ItemReader> {
        let mut f = self.object(v, p, "an object")?;
        let resource = match f.take("Resource") {
            Some((v, p)) => self.resource(v, &p),
            None => {
                self.require::<()>(&f, "Resource", None);
                None
            }
        }?;
        let reader_config = match f.take("ReaderConfig") {
            Some((v, p)) => self.reader_config(&v, &p),
            None => None,
        };
        Some(ItemReader {
            resource,
            reader_config,
            parameters: self.template(&mut f, "Parameters"),
            arguments: self.template(&mut f, "Arguments"),
            unknown: f.rest(),
        })
    }

    fn reader_config(&mut self, v: &Value, p: &Pointer) -> Option<ReaderConfig> {
        let mut f = self.object(v, p, "an object")?;
        Some(ReaderConfig {
            input_type: self.string(&mut f, "InputType"),
            csv_header_location: self.string(&mut f, "CSVHeaderLocation"),
            csv_headers: self.string_list(&mut f, "CSVHeaders"),
            csv_delimiter: self.string(&mut f, "CSVDelimiter"),
            manifest_type: self.string(&mut f, "ManifestType"),
            max_items: self.uint_expr(&mut f, "MaxItems"),
            max_items_path: self.string(&mut f, "MaxItemsPath"),
            unknown: f.rest(),
        })
    }

    fn item_batcher(&mut self, v: &Value, p: &Pointer) -> Option<ItemBatcher> {
        let mut f = self.object(v, p, "an object")?;
        Some(ItemBatcher {
            max_items_per_batch: self.uint_expr(&mut f, "MaxItemsPerBatch"),
            max_items_per_batch_path: self.string(&mut f, "MaxItemsPerBatchPath"),
            max_input_bytes_per_batch: self.uint_expr(&mut f, "MaxInputBytesPerBatch"),
            max_input_bytes_per_batch_path: self.string(&mut f, "MaxInputBytesPerBatchPath"),
            batch_input: self.template(&mut f, "BatchInput"),
            unknown: f.rest(),
        })
    }

    fn result_writer(&mut self, v: &Value, p: &Pointer) -> Option<ResultWriter> {
        let mut f = self.object(v, p, "an object")?;
        let resource = match f.take("Resource") {
            Some((v, p)) => self.resource(v, &p),
            None => None,
        };
        let writer_config = match f.take("WriterConfig") {
            Some((v, p)) => {
                let mut c = self.object(&v, &p, "an object");
                c.as_mut()
                    .map(|c| WriterConfig {
                        transformation: self.string(c, "Transformation"),
                        output_type: self.string(c, "OutputType"),
                        unknown: UnknownFields::new(),
                    })
                    .map(|mut w| {
                        w.unknown = c.map(Fields::rest).unwrap_or_default();
                        w
                    })
            }
            None => None,
        };
        Some(ResultWriter {
            resource,
            parameters: self.template(&mut f, "Parameters"),
            arguments: self.template(&mut f, "Arguments"),
            writer_config,
            unknown: f.rest(),
        })
    }

    // ---- Choice ----

    fn choice(&mut self, f: &mut Fields) -> ChoiceState {
        let choices = match f.take("Choices") {
            Some((v, p)) => self.list(&v, &p, Cx::choice_rule).unwrap_or_default(),
            None => Vec::new(), // the validator reports a Choice without rules
        };
        ChoiceState {
            choices,
            default: self.string(f, "Default"),
            common: self.common(f),
        }
    }

    fn choice_rule(&mut self, v: &Value, p: &Pointer) -> Option<ChoiceRule> {
        let mut f = self.object(v, p, "a Choice rule object")?;
        let next = self.required_string(&mut f, "Next");
        let comment = self.string(&mut f, "Comment");
        let assign = self.assign(&mut f, "Assign");
        let output = self.any(&mut f, "Output");
        let condition = self.condition_fields(&mut f)?;
        Some(ChoiceRule {
            comment,
            condition,
            next: next.unwrap_or_default(),
            assign,
            output,
            unknown: f.rest(),
        })
    }

    /// A nested rule (inside And/Or/Not): no Next, no Assign.
    fn nested_condition(&mut self, v: &Value, p: &Pointer) -> Option<Condition> {
        if self.depth >= MAX_DEPTH {
            self.errors.push(Diagnostic::error(
                codes::NESTING_TOO_DEEP,
                p,
                format!("Choice rules are nested more than {MAX_DEPTH} levels deep"),
            ));
            return None;
        }
        self.depth += 1;
        let mut f = self.object(v, p, "a Choice rule object");
        let cond = f.as_mut().and_then(|f| {
            let _ = self.string(f, "Comment");
            self.condition_fields(f)
        });
        self.depth -= 1;
        if let Some(f) = f {
            for (key, _) in f.map {
                // Next/Assign inside a nested rule, or a stray field: the spec forbids both.
                self.errors.push(Diagnostic::error(
                    codes::CHOICE_RULE_SHAPE,
                    p.join(&key),
                    format!("\"{key}\" is not allowed in a nested Choice rule (inside And/Or/Not); move it to the top-level rule"),
                ));
            }
        }
        cond
    }

    /// The Boolean-expression part of a rule; leaves other fields in `f`.
    fn condition_fields(&mut self, f: &mut Fields) -> Option<Condition> {
        let ptr = f.ptr.clone();
        let mut found: Vec<Condition> = Vec::new();
        let mut names: Vec<String> = Vec::new();

        if let Some((v, p)) = f.take("And") {
            names.push("And".into());
            found.push(Condition::And(
                self.list(&v, &p, Cx::nested_condition).unwrap_or_default(),
            ));
        }
        if let Some((v, p)) = f.take("Or") {
            names.push("Or".into());
            found.push(Condition::Or(
                self.list(&v, &p, Cx::nested_condition).unwrap_or_default(),
            ));
        }
        if let Some((v, p)) = f.take("Not") {
            names.push("Not".into());
            if let Some(c) = self.nested_condition(&v, &p) {
                found.push(Condition::Not(Box::new(c)));
            }
        }
        if let Some((v, _)) = f.take("Condition") {
            names.push("Condition".into());
            found.push(Condition::Jsonata(v));
        }

        let variable = self.string(f, "Variable");
        let operator_keys: Vec<String> = f.map.keys().filter(|k| is_operator(k)).cloned().collect();
        let mut tests = Vec::new();
        for key in &operator_keys {
            names.push(key.clone());
            if let Some((v, p)) = f.take(key) {
                if let Some(t) = self.test(key, v, &p) {
                    tests.push(t);
                }
            }
        }
        if !operator_keys.is_empty() {
            match (&variable, tests.pop()) {
                (Some(var), Some(test)) => found.push(Condition::Test {
                    variable: var.clone(),
                    test,
                }),
                (None, _) => self.errors.push(Diagnostic::error(
                    codes::CHOICE_RULE_SHAPE,
                    &ptr,
                    format!(
                        "\"{}\" needs a \"Variable\" naming the value to compare",
                        operator_keys[0]
                    ),
                )),
                (Some(_), None) => {} // the operand was reported
            }
        } else if variable.is_some() {
            self.errors.push(Diagnostic::error(
                codes::CHOICE_RULE_SHAPE,
                &ptr,
                "\"Variable\" without a comparison operator; add one such as \"StringEquals\" or \"IsPresent\"",
            ));
            return None;
        }

        match names.len() {
            0 => {
                self.errors.push(Diagnostic::error(
                    codes::CHOICE_RULE_SHAPE,
                    &ptr,
                    "a Choice rule needs a condition: \"Variable\" with an operator, \"And\", \"Or\", \"Not\", or (JSONata) \"Condition\"",
                ));
                None
            }
            1 => found.pop(),
            _ => {
                self.errors.push(Diagnostic::error(
                    codes::CHOICE_RULE_SHAPE,
                    &ptr,
                    format!("a Choice rule has exactly one condition, found {}; combine them with \"And\" or \"Or\"", names.join(", ")),
                ));
                None
            }
        }
    }

    fn test(&mut self, key: &str, v: Value, p: &Pointer) -> Option<Test> {
        let flag = |cx: &mut Cx, v: Value| match v {
            Value::Bool(b) => Some(b),
            other => {
                cx.type_error(p, "true or false", &other);
                None
            }
        };
        match key {
            "IsNull" => return flag(self, v).map(Test::IsNull),
            "IsPresent" => return flag(self, v).map(Test::IsPresent),
            "IsNumeric" => return flag(self, v).map(Test::IsNumeric),
            "IsString" => return flag(self, v).map(Test::IsString),
            "IsBoolean" => return flag(self, v).map(Test::IsBoolean),
            "IsTimestamp" => return flag(self, v).map(Test::IsTimestamp),
            "StringMatches" => {
                return match v {
                    Value::String(s) => Some(Test::StringMatches(s)),
                    other => {
                        self.type_error(p, "a pattern string", &other);
                        None
                    }
                }
            }
            _ => {}
        }
        let (kind, op, is_path) = split_operator(key)?;
        let operand = if is_path {
            match v {
                Value::String(s) => Operand::Path(s),
                other => {
                    self.type_error(p, "a path string", &other);
                    return None;
                }
            }
        } else {
            match (kind, v) {
                (CompareKind::String | CompareKind::Timestamp, Value::String(s)) => {
                    Operand::String(s)
                }
                (CompareKind::Numeric, Value::Number(n)) => Operand::Number(n),
                (CompareKind::Boolean, Value::Bool(b)) => Operand::Bool(b),
                (kind, other) => {
                    let expected = match kind {
                        CompareKind::String => "a string",
                        CompareKind::Timestamp => "an RFC 3339 timestamp string",
                        CompareKind::Numeric => "a number",
                        CompareKind::Boolean => "true or false",
                    };
                    self.type_error(p, expected, &other);
                    return None;
                }
            }
        };
        Some(Test::Compare { kind, op, operand })
    }
}

/// Whether `key` is a Choice comparison operator name.
fn is_operator(key: &str) -> bool {
    matches!(
        key,
        "StringMatches"
            | "IsNull"
            | "IsPresent"
            | "IsNumeric"
            | "IsString"
            | "IsBoolean"
            | "IsTimestamp"
    ) || split_operator(key).is_some()
}

/// `NumericGreaterThanEqualsPath` → (Numeric, GreaterThanEquals, true).
pub fn split_operator(key: &str) -> Option<(CompareKind, CompareOp, bool)> {
    let (kind, rest) = [
        ("String", CompareKind::String),
        ("Numeric", CompareKind::Numeric),
        ("Boolean", CompareKind::Boolean),
        ("Timestamp", CompareKind::Timestamp),
    ]
    .into_iter()
    .find_map(|(prefix, kind)| key.strip_prefix(prefix).map(|rest| (kind, rest)))?;
    let (rest, is_path) = match rest.strip_suffix("Path") {
        Some(r) => (r, true),
        None => (rest, false),
    };
    let op = match rest {
        "Equals" => CompareOp::Equals,
        "LessThan" => CompareOp::LessThan,
        "GreaterThan" => CompareOp::GreaterThan,
        "LessThanEquals" => CompareOp::LessThanEquals,
        "GreaterThanEquals" => CompareOp::GreaterThanEquals,
        _ => return None,
    };
    if kind == CompareKind::Boolean && op != CompareOp::Equals {
        return None;
    }
    Some((kind, op, is_path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_every_type_error_with_its_pointer() {
        let err = parse_str(
            r#"{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:x",
               "Retry": [{"ErrorEquals": ["States.ALL"], "BackoffRate": "fast"}],
               "TimeoutSeconds": -1, "End": true}}}"#,
        )
        .unwrap_err();
        let ParseError::Invalid(diags) = err else {
            panic!("expected Invalid")
        };
        let lines: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            lines,
            [
                "/States/A/Retry/0/BackoffRate: error[SCHEMA_TYPE]: expected a number ≥ 1.0, found a string",
                "/States/A/TimeoutSeconds: error[SCHEMA_TYPE]: expected a non-negative integer or a JSONata expression, found a number",
            ]
        );
    }

    #[test]
    fn json_syntax_errors_carry_line_and_column() {
        let err = parse_str("{\n  \"StartAt\": \"A\",\n  \"States\": {,}\n}").unwrap_err();
        assert_eq!(
            err,
            ParseError::Json {
                line: 3,
                column: 14,
                message: "key must be a string".into()
            }
        );
    }

    #[test]
    fn keeps_unknown_fields_and_missing_transitions_for_the_validator() {
        let m = parse_str(
            r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Resource": "x", "Bogus": 1}}}"#,
        )
        .unwrap();
        let State::Pass(p) = &m.states["A"] else {
            panic!()
        };
        assert_eq!(p.transition, Transition::Missing);
        assert_eq!(
            p.common.unknown.keys().collect::<Vec<_>>(),
            ["Resource", "Bogus"]
        );
    }

    #[test]
    fn choice_operator_names_split() {
        assert_eq!(
            split_operator("NumericGreaterThanEqualsPath"),
            Some((CompareKind::Numeric, CompareOp::GreaterThanEquals, true))
        );
        assert_eq!(split_operator("BooleanLessThan"), None);
        assert_eq!(
            split_operator("StringEquals"),
            Some((CompareKind::String, CompareOp::Equals, false))
        );
    }

    #[test]
    fn choice_rule_with_two_operators_is_refused() {
        let err = parse_str(
            r#"{"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [
                {"Variable": "$.a", "StringEquals": "x", "IsPresent": true, "Next": "D"}]},
                "D": {"Type": "Succeed"}}}"#,
        )
        .unwrap_err();
        let ParseError::Invalid(diags) = err else {
            panic!()
        };
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, codes::CHOICE_RULE_SHAPE);
        assert_eq!(diags[0].pointer, "/States/C/Choices/0");
    }
}

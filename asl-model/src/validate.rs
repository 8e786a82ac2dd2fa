//! The validator: everything AWS's ValidateStateMachineDefinition rejects, plus a few
//! well-founded warnings, as diagnostics with stable codes and JSON pointers.
//!
//! Every rule code is listed in [`codes`] and documented in `asl-model/RULES.md` with the
//! spec passage that requires it. Diagnostics come in document order (the canonical
//! serialization's order of keys).

mod fields;
mod literals;
mod payload;
mod scope;
mod variables;

use std::collections::HashMap;

use serde_json::Value;

use crate::diagnostic::{Diagnostic, Pointer};
use crate::document::*;
use crate::jsonata;
use crate::path::MAX_NESTING;
use fields::ObjectKind;
pub use literals::is_rfc3339_timestamp;
use payload::{PathKind, TemplateKind};
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
pub mod codes {
    // ---- fields ----
    /// A field no ASL object of this kind has (a typo, usually).
    pub const UNKNOWN_FIELD: &str = "UNKNOWN_FIELD";
    /// An ASL field in a place that does not allow it (Retry on a Pass state, End on a Choice state, …).
    pub const FIELD_NOT_ALLOWED: &str = "FIELD_NOT_ALLOWED";
    /// Two fields of which at most one may be given (TimeoutSeconds and TimeoutSecondsPath, …).
    pub const MUTUALLY_EXCLUSIVE_FIELDS: &str = "MUTUALLY_EXCLUSIVE_FIELDS";
    // ---- query languages ----
    /// A state sets QueryLanguage JSONPath in a machine whose top level is JSONata.
    pub const QUERY_LANGUAGE_CONFLICT: &str = "QUERY_LANGUAGE_CONFLICT";
    /// A JSONPath-only field (InputPath, Parameters, ResultPath, …Path, Variable, …) in a JSONata state.
    pub const JSONPATH_FIELD_IN_JSONATA: &str = "JSONPATH_FIELD_IN_JSONATA";
    /// A JSONata-only field (Arguments, Output, Items, Condition) in a JSONPath state.
    pub const JSONATA_FIELD_IN_JSONPATH: &str = "JSONATA_FIELD_IN_JSONPATH";
    /// A {% %} expression where a JSONPath state needs a number or timestamp.
    pub const JSONATA_IN_JSONPATH_STATE: &str = "JSONATA_IN_JSONPATH_STATE";
    /// Warning: a {% %} string in a JSONPath state, where it is taken literally.
    pub const JSONATA_LITERAL_IN_JSONPATH: &str = "JSONATA_LITERAL_IN_JSONPATH";
    /// A {% %} string that is not valid JSONata.
    pub const INVALID_JSONATA: &str = "INVALID_JSONATA";
    /// A `.$` key in a JSONata state.
    pub const DYNAMIC_KEY_IN_JSONATA: &str = "DYNAMIC_KEY_IN_JSONATA";
    /// A string where a number or a {% %} expression is required.
    pub const EXPECTED_NUMBER: &str = "EXPECTED_NUMBER";
    /// A value that must be a {% %} expression (or an array / boolean literal).
    pub const EXPECTED_EXPRESSION: &str = "EXPECTED_EXPRESSION";
    // ---- scopes and transitions ----
    pub const START_AT_EMPTY: &str = "START_AT_EMPTY";
    /// StartAt names no state of its scope.
    pub const START_AT_DANGLING: &str = "START_AT_DANGLING";
    /// Next, Default or a catcher's Next names no state.
    pub const DANGLING_NEXT: &str = "DANGLING_NEXT";
    /// A transition target that exists, but in another scope (into/out of a branch or processor).
    pub const NEXT_ESCAPES_SCOPE: &str = "NEXT_ESCAPES_SCOPE";
    pub const UNREACHABLE_STATE: &str = "UNREACHABLE_STATE";
    pub const NEXT_AND_END: &str = "NEXT_AND_END";
    /// A Task/Pass/Wait/Parallel/Map state with neither Next nor End.
    pub const NO_TRANSITION: &str = "NO_TRANSITION";
    pub const NO_TERMINAL_STATE: &str = "NO_TERMINAL_STATE";
    /// Warning: a cycle of Choice/Pass states with nothing that waits.
    pub const CHOICE_TIGHT_LOOP: &str = "CHOICE_TIGHT_LOOP";
    // ---- names ----
    pub const DUPLICATE_STATE_NAME: &str = "DUPLICATE_STATE_NAME";
    pub const STATE_NAME_EMPTY: &str = "STATE_NAME_EMPTY";
    pub const STATE_NAME_TOO_LONG: &str = "STATE_NAME_TOO_LONG";
    /// A state name with control characters.
    pub const STATE_NAME_INVALID_CHARS: &str = "STATE_NAME_INVALID_CHARS";
    // ---- paths, templates, intrinsics, variables ----
    pub const INVALID_PATH: &str = "INVALID_PATH";
    pub const NOT_REFERENCE_PATH: &str = "NOT_REFERENCE_PATH";
    /// ResultPath starting with `$$` or a variable.
    pub const RESULT_PATH_ROOT: &str = "RESULT_PATH_ROOT";
    pub const DYNAMIC_VALUE_NOT_STRING: &str = "DYNAMIC_VALUE_NOT_STRING";
    /// The value of a `.$` key is neither a path nor an intrinsic call.
    pub const DYNAMIC_VALUE_NOT_PATH: &str = "DYNAMIC_VALUE_NOT_PATH";
    /// Two keys that are equal once `.$` is stripped.
    pub const DUPLICATE_PAYLOAD_FIELD: &str = "DUPLICATE_PAYLOAD_FIELD";
    /// Warning: a `.$` key in a Pass state's literal Result.
    pub const DYNAMIC_KEY_IN_RESULT: &str = "DYNAMIC_KEY_IN_RESULT";
    /// Parameters, ResultSelector, ItemSelector, Arguments … that is not an object.
    pub const PAYLOAD_NOT_OBJECT: &str = "PAYLOAD_NOT_OBJECT";
    pub const INVALID_INTRINSIC: &str = "INVALID_INTRINSIC";
    pub const VARIABLE_NAME_INVALID: &str = "VARIABLE_NAME_INVALID";
    pub const VARIABLE_NAME_RESERVED: &str = "VARIABLE_NAME_RESERVED";
    /// A variable assigned in a Parallel branch or inline Map iteration that an enclosing
    /// scope assigns too.
    pub const VARIABLE_SHADOWS_OUTER: &str = "VARIABLE_SHADOWS_OUTER";
    /// `$states.result` or `$states.errorOutput` read where Step Functions does not provide it.
    pub const STATES_FIELD_UNAVAILABLE: &str = "STATES_FIELD_UNAVAILABLE";
    pub const ASSIGN_TOO_LARGE: &str = "ASSIGN_TOO_LARGE";
    // ---- Choice ----
    pub const CHOICE_NO_RULES: &str = "CHOICE_NO_RULES";
    /// Warning: a Choice without Default fails with States.NoChoiceMatched when no rule matches.
    pub const CHOICE_NO_DEFAULT: &str = "CHOICE_NO_DEFAULT";
    /// And/Or with an empty list.
    pub const EMPTY_BOOLEAN_COMBINATOR: &str = "EMPTY_BOOLEAN_COMBINATOR";
    pub const INVALID_TIMESTAMP: &str = "INVALID_TIMESTAMP";
    pub const INVALID_STRING_MATCHES: &str = "INVALID_STRING_MATCHES";
    // ---- Retry / Catch ----
    pub const ERROR_EQUALS_EMPTY: &str = "ERROR_EQUALS_EMPTY";
    pub const STATES_ALL_NOT_ALONE: &str = "STATES_ALL_NOT_ALONE";
    pub const STATES_ALL_NOT_LAST: &str = "STATES_ALL_NOT_LAST";
    /// Warning: a `States.` error name that is not predefined never matches.
    pub const UNKNOWN_STATES_ERROR: &str = "UNKNOWN_STATES_ERROR";
    pub const BACKOFF_RATE_RANGE: &str = "BACKOFF_RATE_RANGE";
    pub const MAX_ATTEMPTS_RANGE: &str = "MAX_ATTEMPTS_RANGE";
    pub const INTERVAL_SECONDS_RANGE: &str = "INTERVAL_SECONDS_RANGE";
    pub const MAX_DELAY_SECONDS_RANGE: &str = "MAX_DELAY_SECONDS_RANGE";
    /// Warning: MaxDelaySeconds with BackoffRate 1.0 never caps anything.
    pub const MAX_DELAY_NO_EFFECT: &str = "MAX_DELAY_NO_EFFECT";
    /// Warning: a Lambda task that does not retry Lambda's transient errors.
    pub const LAMBDA_NO_RETRY: &str = "LAMBDA_NO_RETRY";
    // ---- Task ----
    pub const INVALID_RESOURCE: &str = "INVALID_RESOURCE";
    pub const TIMEOUT_SECONDS_RANGE: &str = "TIMEOUT_SECONDS_RANGE";
    pub const HEARTBEAT_SECONDS_RANGE: &str = "HEARTBEAT_SECONDS_RANGE";
    pub const HEARTBEAT_NOT_BELOW_TIMEOUT: &str = "HEARTBEAT_NOT_BELOW_TIMEOUT";
    /// Warning: a callback or activity task that can wait up to a year.
    pub const TASK_TOKEN_NO_TIMEOUT: &str = "TASK_TOKEN_NO_TIMEOUT";
    // ---- Wait ----
    pub const WAIT_NO_DURATION: &str = "WAIT_NO_DURATION";
    // ---- Parallel / Map ----
    pub const PARALLEL_NO_BRANCHES: &str = "PARALLEL_NO_BRANCHES";
    pub const MAP_NO_PROCESSOR: &str = "MAP_NO_PROCESSOR";
    pub const TOLERATED_FAILURE_PERCENTAGE_RANGE: &str = "TOLERATED_FAILURE_PERCENTAGE_RANGE";
    /// ItemReader, ItemBatcher, ResultWriter, Label, ToleratedFailure… in an INLINE Map.
    pub const DISTRIBUTED_ONLY_FIELD: &str = "DISTRIBUTED_ONLY_FIELD";
    /// An ItemBatcher with none of its four limits.
    pub const BATCH_WITHOUT_LIMIT: &str = "BATCH_WITHOUT_LIMIT";
    pub const EXECUTION_TYPE_REQUIRED: &str = "EXECUTION_TYPE_REQUIRED";
    pub const EXECUTION_TYPE_NOT_ALLOWED: &str = "EXECUTION_TYPE_NOT_ALLOWED";
    pub const LABEL_INVALID: &str = "LABEL_INVALID";
    pub const READER_CONFIG_VALUE: &str = "READER_CONFIG_VALUE";
    pub const CSV_HEADERS_REQUIRED: &str = "CSV_HEADERS_REQUIRED";
    pub const MAX_ITEMS_RANGE: &str = "MAX_ITEMS_RANGE";
    pub const BATCH_LIMIT_RANGE: &str = "BATCH_LIMIT_RANGE";
    pub const WRITER_CONFIG_VALUE: &str = "WRITER_CONFIG_VALUE";
    // ---- the machine ----
    pub const VERSION_UNSUPPORTED: &str = "VERSION_UNSUPPORTED";
    pub const DEFINITION_TOO_LARGE: &str = "DEFINITION_TOO_LARGE";
    /// Scopes or JSON nested too deep to be checked (shared with the parser).
    pub const NESTING_TOO_DEEP: &str = "NESTING_TOO_DEEP";
}

/// Error names Step Functions defines; other `States.` names never match.
const PREDEFINED_ERRORS: &[&str] = &[
    "States.ALL",
    "States.DataLimitExceeded",
    "States.ExceedToleratedFailureThreshold",
    "States.HeartbeatTimeout",
    "States.Http.Socket",
    "States.IntrinsicFailure",
    "States.ItemReaderFailed",
    "States.NoChoiceMatched",
    "States.ParameterPathFailure",
    "States.Permissions",
    "States.QueryEvaluationError",
    "States.ResultPathMatchFailure",
    "States.ResultWriterFailed",
    "States.Runtime",
    "States.TaskFailed",
    "States.Timeout",
    "States.BranchFailed",
];

/// Lambda's transient errors AWS recommends retrying.
const LAMBDA_TRANSIENT_ERRORS: &[&str] = &[
    "Lambda.ServiceException",
    "Lambda.SdkClientException",
    "Lambda.TooManyRequestsException",
];

/// Check a state machine; diagnostics in document order, errors and warnings.
pub fn validate(sm: &StateMachine) -> Vec<Diagnostic> {
    let mut v = Validator {
        diags: Vec::new(),
        top_ql: sm.query_language.unwrap_or(QueryLanguage::JsonPath),
        names: HashMap::new(),
    };
    v.machine(sm);
    let doc = crate::serialize::to_value(sm);
    variables::check(&doc, &mut v.diags);
    let size = doc.to_string().len();
    if size > MAX_DEFINITION_BYTES {
        v.error(
            codes::DEFINITION_TOO_LARGE,
            &Pointer::root(),
            format!("the definition is {size} bytes of compact JSON; AWS accepts at most {MAX_DEFINITION_BYTES} (1 MiB): move large constants to S3 or split the machine with nested executions"),
        );
    }
    let mut diags = v.diags;
    crate::parse::sort_in_document_order(&doc, &mut diags);
    diags
}

pub(crate) struct Validator {
    diags: Vec<Diagnostic>,
    top_ql: QueryLanguage,
    /// Each state name with (state pointer, scope pointer) of every place it is defined.
    names: HashMap<String, Vec<(String, String)>>,
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
        for (name, state) in states {
            let ptr = scope_ptr.join("States").join(name);
            self.record_name(name, &ptr, scope_ptr);
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
        for (name, state) in states {
            let sptr = ptr.join("States").join(name);
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

    /// A field present in the wrong query language.
    fn wrong_language(
        &mut self,
        present: bool,
        ptr: &Pointer,
        field: &str,
        ql: QueryLanguage,
        allowed_in: QueryLanguage,
    ) -> bool {
        if !present || ql == allowed_in {
            return false;
        }
        match allowed_in {
            QueryLanguage::JsonPath => self.error(
                codes::JSONPATH_FIELD_IN_JSONATA,
                &ptr.join(field),
                format!("\"{field}\" is a JSONPath field, but this state uses JSONata: {}", jsonata_replacement(field)),
            ),
            QueryLanguage::Jsonata => self.error(
                codes::JSONATA_FIELD_IN_JSONPATH,
                &ptr.join(field),
                format!(
                    "\"{field}\" is a JSONata field, but this state uses JSONPath: set \"QueryLanguage\": \"JSONata\" on the state, or {}",
                    jsonpath_replacement(field)
                ),
            ),
        }
        true
    }

    fn common(&mut self, state: &State, ptr: &Pointer, ql: QueryLanguage) {
        let c = state.common();
        if matches!(state, State::Fail(_)) {
            for (field, present) in [
                ("InputPath", c.input_path.is_some()),
                ("OutputPath", c.output_path.is_some()),
                ("Output", c.output.is_some()),
                ("Assign", c.assign.is_some()),
            ] {
                if present {
                    self.error(
                        codes::FIELD_NOT_ALLOWED,
                        &ptr.join(field),
                        format!("a Fail state has no \"{field}\" (its output is the error and cause): remove it"),
                    );
                }
            }
            return;
        }
        if !self.wrong_language(
            c.input_path.is_some(),
            ptr,
            "InputPath",
            ql,
            QueryLanguage::JsonPath,
        ) {
            self.nullable_path(&c.input_path, ptr, "InputPath", PathKind::Path);
        }
        if !self.wrong_language(
            c.output_path.is_some(),
            ptr,
            "OutputPath",
            ql,
            QueryLanguage::JsonPath,
        ) {
            self.nullable_path(&c.output_path, ptr, "OutputPath", PathKind::Path);
        }
        if let Some(output) = &c.output {
            if !self.wrong_language(true, ptr, "Output", ql, QueryLanguage::Jsonata) {
                self.jsonata_value(output, &ptr.join("Output"));
            }
        }
        if let Some(assign) = &c.assign {
            if matches!(state, State::Succeed(_)) {
                self.error(
                    codes::FIELD_NOT_ALLOWED,
                    &ptr.join("Assign"),
                    "a Succeed state has no \"Assign\": no state follows it to read the variables; remove it",
                );
            } else {
                self.assign(assign, &ptr.join("Assign"), ql);
            }
        }
    }

    /// A numeric field that may be a `{% %}` expression in JSONata; its literal value, if any.
    fn number_field<'e, T: std::fmt::Display>(
        &mut self,
        e: &'e Expr<T>,
        ptr: &Pointer,
        field: &str,
        ql: QueryLanguage,
    ) -> Option<&'e T> {
        let s = match e {
            Expr::Value(v) => return Some(v),
            Expr::Jsonata(s) => s,
        };
        let at = ptr.join(field);
        match (jsonata::is_expression(s), ql) {
            (true, QueryLanguage::Jsonata) => self.jsonata_string(s, &at),
            (true, QueryLanguage::JsonPath) => self.error(
                codes::JSONATA_IN_JSONPATH_STATE,
                &at,
                format!("\"{field}\" is a {{% %}} expression, but this state uses JSONPath: give a number, use \"{field}Path\", or set \"QueryLanguage\": \"JSONata\""),
            ),
            (false, _) => self.error(
                codes::EXPECTED_NUMBER,
                &at,
                format!("\"{field}\" must be a number{}, not the string \"{s}\"", if ql == QueryLanguage::Jsonata { " or a {% %} expression" } else { "" }),
            ),
        }
        None
    }

    /// A `…Path` field of a JSONPath state.
    fn path_field(&mut self, p: &Option<String>, ptr: &Pointer, field: &str, ql: QueryLanguage) {
        if let Some(s) = p {
            if !self.wrong_language(true, ptr, field, ql, QueryLanguage::JsonPath) {
                self.path(s, &ptr.join(field), field, PathKind::Reference);
            }
        }
    }

    fn exclusive(&mut self, a: bool, b: bool, ptr: &Pointer, first: &str, second: &str) {
        if a && b {
            self.error(
                codes::MUTUALLY_EXCLUSIVE_FIELDS,
                &ptr.join(second),
                format!("\"{first}\" and \"{second}\" cannot both be given: keep one"),
            );
        }
    }

    /// JSONPath `Parameters`-like template or its JSONata counterpart, by language.
    fn jsonpath_payload(
        &mut self,
        v: &Option<Value>,
        ptr: &Pointer,
        field: &str,
        ql: QueryLanguage,
    ) {
        if let Some(v) = v {
            if !self.wrong_language(true, ptr, field, ql, QueryLanguage::JsonPath) {
                self.jsonpath_template(v, &ptr.join(field), field, true, TemplateKind::Evaluated);
            }
        }
    }

    fn jsonata_payload(
        &mut self,
        v: &Option<Value>,
        ptr: &Pointer,
        field: &str,
        ql: QueryLanguage,
    ) {
        if let Some(v) = v {
            if !self.wrong_language(true, ptr, field, ql, QueryLanguage::Jsonata) {
                let at = ptr.join(field);
                let is_expr = matches!(v, Value::String(s) if jsonata::is_expression(s));
                if !v.is_object() && !is_expr {
                    self.error(
                        codes::PAYLOAD_NOT_OBJECT,
                        &at,
                        format!("\"{field}\" must be a JSON object or a {{% %}} expression"),
                    );
                } else {
                    self.jsonata_value(v, &at);
                }
            }
        }
    }

    /// A template valid in both languages (ItemSelector, Credentials, BatchInput).
    fn either_payload(&mut self, v: &Option<Value>, ptr: &Pointer, field: &str, ql: QueryLanguage) {
        let Some(v) = v else { return };
        let at = ptr.join(field);
        match ql {
            QueryLanguage::JsonPath => {
                self.jsonpath_template(v, &at, field, true, TemplateKind::Evaluated)
            }
            QueryLanguage::Jsonata => {
                let is_expr = matches!(v, Value::String(s) if jsonata::is_expression(s));
                if !v.is_object() && !is_expr {
                    self.error(
                        codes::PAYLOAD_NOT_OBJECT,
                        &at,
                        format!("\"{field}\" must be a JSON object or a {{% %}} expression"),
                    );
                } else {
                    self.jsonata_value(v, &at);
                }
            }
        }
    }

    fn result_path(&mut self, p: &Option<NullablePath>, ptr: &Pointer, ql: QueryLanguage) {
        if !self.wrong_language(p.is_some(), ptr, "ResultPath", ql, QueryLanguage::JsonPath) {
            self.nullable_path(p, ptr, "ResultPath", PathKind::Result);
        }
    }

    fn task(&mut self, t: &TaskState, ptr: &Pointer, ql: QueryLanguage) {
        if let Resource::Arn(arn) = &t.resource {
            if !literals::is_resource_arn(arn) {
                self.error(
                    codes::INVALID_RESOURCE,
                    &ptr.join("Resource"),
                    format!("\"Resource\" must be an ARN such as arn:aws:states:::lambda:invoke or arn:aws:lambda:REGION:ACCOUNT:function:NAME, not \"{arn}\""),
                );
            }
        }
        self.jsonpath_payload(&t.parameters, ptr, "Parameters", ql);
        self.jsonata_payload(&t.arguments, ptr, "Arguments", ql);
        self.jsonpath_payload(&t.result_selector, ptr, "ResultSelector", ql);
        self.result_path(&t.result_path, ptr, ql);
        self.either_payload(&t.credentials, ptr, "Credentials", ql);

        let timeout = t
            .timeout_seconds
            .as_ref()
            .and_then(|e| self.number_field(e, ptr, "TimeoutSeconds", ql))
            .copied();
        let heartbeat = t
            .heartbeat_seconds
            .as_ref()
            .and_then(|e| self.number_field(e, ptr, "HeartbeatSeconds", ql))
            .copied();
        self.path_field(&t.timeout_seconds_path, ptr, "TimeoutSecondsPath", ql);
        self.path_field(&t.heartbeat_seconds_path, ptr, "HeartbeatSecondsPath", ql);
        self.exclusive(
            t.timeout_seconds.is_some(),
            t.timeout_seconds_path.is_some(),
            ptr,
            "TimeoutSeconds",
            "TimeoutSecondsPath",
        );
        self.exclusive(
            t.heartbeat_seconds.is_some(),
            t.heartbeat_seconds_path.is_some(),
            ptr,
            "HeartbeatSeconds",
            "HeartbeatSecondsPath",
        );
        if let Some(n) = timeout.filter(|n| *n == 0 || *n > MAX_SECONDS) {
            self.error(
                codes::TIMEOUT_SECONDS_RANGE,
                &ptr.join("TimeoutSeconds"),
                format!("\"TimeoutSeconds\" is {n}; it must be between 1 and {MAX_SECONDS}"),
            );
        }
        if let Some(n) = heartbeat.filter(|n| *n == 0 || *n > MAX_SECONDS) {
            self.error(
                codes::HEARTBEAT_SECONDS_RANGE,
                &ptr.join("HeartbeatSeconds"),
                format!("\"HeartbeatSeconds\" is {n}; it must be between 1 and {MAX_SECONDS}"),
            );
        }
        if let (Some(h), Some(to)) = (heartbeat, timeout) {
            if h >= to {
                self.error(
                    codes::HEARTBEAT_NOT_BELOW_TIMEOUT,
                    &ptr.join("HeartbeatSeconds"),
                    format!("\"HeartbeatSeconds\" ({h}) must be smaller than \"TimeoutSeconds\" ({to}): a heartbeat interval as long as the whole timeout never fires"),
                );
            }
        }

        let arn = t.resource.as_arn().unwrap_or("");
        let waits = arn.ends_with(".waitForTaskToken") || arn.contains(":activity:");
        let bounded = t.timeout_seconds.is_some()
            || t.timeout_seconds_path.is_some()
            || t.heartbeat_seconds.is_some()
            || t.heartbeat_seconds_path.is_some();
        if waits && !bounded {
            self.warning(
                codes::TASK_TOKEN_NO_TIMEOUT,
                ptr,
                "this task waits for a callback or an activity worker, and without \"HeartbeatSeconds\" or \"TimeoutSeconds\" it waits up to a year if none comes: set one",
            );
        }
        let lambda = arn.starts_with("arn:aws:states:::lambda:invoke")
            || (arn.starts_with("arn:aws")
                && arn.contains(":lambda:")
                && arn.contains(":function:"));
        if lambda {
            let retries_transient = t
                .errors
                .retry
                .iter()
                .flatten()
                .flat_map(|r| &r.error_equals)
                .any(|e| {
                    matches!(
                        e.as_str(),
                        "States.ALL" | "States.TaskFailed" | "Lambda.AWSLambdaException"
                    ) || LAMBDA_TRANSIENT_ERRORS.contains(&e.as_str())
                });
            if !retries_transient {
                let at = if t.errors.retry.is_some() {
                    ptr.join("Retry")
                } else {
                    ptr.clone()
                };
                self.warning(
                    codes::LAMBDA_NO_RETRY,
                    &at,
                    format!(
                        "this Lambda task retries none of Lambda's transient errors ({}): AWS recommends a retrier for them, \
                         e.g. IntervalSeconds 1, MaxAttempts 3, BackoffRate 2",
                        LAMBDA_TRANSIENT_ERRORS.join(", ")
                    ),
                );
            }
        }
    }

    fn pass(&mut self, p: &PassState, ptr: &Pointer, ql: QueryLanguage) {
        self.jsonpath_payload(&p.parameters, ptr, "Parameters", ql);
        if let Some(result) = &p.result {
            if !self.wrong_language(true, ptr, "Result", ql, QueryLanguage::JsonPath) {
                self.jsonpath_template(
                    result,
                    &ptr.join("Result"),
                    "Result",
                    false,
                    TemplateKind::Literal,
                );
            }
        }
        self.result_path(&p.result_path, ptr, ql);
    }

    fn wait(&mut self, w: &WaitState, ptr: &Pointer, ql: QueryLanguage) {
        let given: Vec<&str> = [
            ("Seconds", w.seconds.is_some()),
            ("Timestamp", w.timestamp.is_some()),
            ("SecondsPath", w.seconds_path.is_some()),
            ("TimestampPath", w.timestamp_path.is_some()),
        ]
        .into_iter()
        .filter(|(_, present)| *present)
        .map(|(f, _)| f)
        .collect();
        match given.as_slice() {
            [] => self.error(
                codes::WAIT_NO_DURATION,
                ptr,
                "a Wait state needs exactly one of \"Seconds\", \"Timestamp\", \"SecondsPath\" or \"TimestampPath\": add one",
            ),
            [first, rest @ ..] => {
                for other in rest {
                    self.exclusive(true, true, ptr, first, other);
                }
            }
        }
        if let Some(e) = &w.seconds {
            self.number_field(e, ptr, "Seconds", ql);
        }
        match &w.timestamp {
            Some(Expr::Value(s)) => self.timestamp_literal(s, &ptr.join("Timestamp"), "Timestamp"),
            Some(Expr::Jsonata(s)) => match (jsonata::is_expression(s), ql) {
                (true, QueryLanguage::Jsonata) => self.jsonata_string(s, &ptr.join("Timestamp")),
                (true, QueryLanguage::JsonPath) => self.error(
                    codes::JSONATA_IN_JSONPATH_STATE,
                    &ptr.join("Timestamp"),
                    "\"Timestamp\" is a {% %} expression, but this state uses JSONPath: give an RFC 3339 timestamp, use \"TimestampPath\", or set \"QueryLanguage\": \"JSONata\"",
                ),
                (false, _) => self.timestamp_literal(s, &ptr.join("Timestamp"), "Timestamp"),
            },
            None => {}
        }
        self.path_field(&w.seconds_path, ptr, "SecondsPath", ql);
        self.path_field(&w.timestamp_path, ptr, "TimestampPath", ql);
    }

    fn timestamp_literal(&mut self, s: &str, at: &Pointer, field: &str) {
        if !is_rfc3339_timestamp(s) {
            self.error(
                codes::INVALID_TIMESTAMP,
                at,
                format!("\"{field}\" must be an RFC 3339 timestamp with an uppercase T and Z or an offset, such as 2016-03-14T01:59:00Z, not \"{s}\""),
            );
        }
    }

    fn fail(&mut self, f: &FailState, ptr: &Pointer, ql: QueryLanguage) {
        self.exclusive(
            f.error.is_some(),
            f.error_path.is_some(),
            ptr,
            "Error",
            "ErrorPath",
        );
        self.exclusive(
            f.cause.is_some(),
            f.cause_path.is_some(),
            ptr,
            "Cause",
            "CausePath",
        );
        for (field, value) in [("Error", &f.error), ("Cause", &f.cause)] {
            let Some(s) = value else { continue };
            let at = ptr.join(field);
            match ql {
                QueryLanguage::Jsonata => self.jsonata_string(s, &at),
                QueryLanguage::JsonPath if jsonata::is_expression(s) => self.warning(
                    codes::JSONATA_LITERAL_IN_JSONPATH,
                    &at,
                    format!("this Fail state uses JSONPath, so \"{field}\" is taken literally, {{% %}} included; use \"{field}Path\" or set \"QueryLanguage\": \"JSONata\""),
                ),
                QueryLanguage::JsonPath => {}
            }
        }
        for (field, value) in [("ErrorPath", &f.error_path), ("CausePath", &f.cause_path)] {
            if let Some(s) = value {
                if !self.wrong_language(true, ptr, field, ql, QueryLanguage::JsonPath) {
                    self.path_or_intrinsic(s, &ptr.join(field), field);
                }
            }
        }
    }

    fn choice(&mut self, c: &ChoiceState, ptr: &Pointer, ql: QueryLanguage) {
        if c.choices.is_empty() {
            self.error(
                codes::CHOICE_NO_RULES,
                &ptr.join("Choices"),
                "a Choice state needs a non-empty \"Choices\" array of rules",
            );
        }
        for (i, rule) in c.choices.iter().enumerate() {
            let rptr = ptr.join("Choices").join(i);
            fields::object_unknown_fields(
                ObjectKind::ChoiceRule,
                &rule.unknown,
                &rptr,
                &mut self.diags,
            );
            self.condition(&rule.condition, &rptr, ql, 0);
            if let Some(output) = &rule.output {
                if !self.wrong_language(true, &rptr, "Output", ql, QueryLanguage::Jsonata) {
                    self.jsonata_value(output, &rptr.join("Output"));
                }
            }
            if let Some(assign) = &rule.assign {
                self.assign(assign, &rptr.join("Assign"), ql);
            }
        }
        if c.default.is_none() && !c.choices.is_empty() {
            self.warning(
                codes::CHOICE_NO_DEFAULT,
                ptr,
                "no \"Default\": when no rule matches, the execution fails with States.NoChoiceMatched; add a \"Default\" state",
            );
        }
    }

    fn condition(&mut self, c: &Condition, ptr: &Pointer, ql: QueryLanguage, depth: usize) {
        if depth > MAX_NESTING {
            self.error(
                codes::NESTING_TOO_DEEP,
                ptr,
                format!("Choice rules nested more than {MAX_NESTING} levels deep"),
            );
            return;
        }
        match c {
            Condition::And(list) | Condition::Or(list) => {
                let field = if matches!(c, Condition::And(_)) {
                    "And"
                } else {
                    "Or"
                };
                if self.wrong_language(true, ptr, field, ql, QueryLanguage::JsonPath) {
                    return;
                }
                if list.is_empty() {
                    self.error(
                        codes::EMPTY_BOOLEAN_COMBINATOR,
                        &ptr.join(field),
                        format!("\"{field}\" needs a non-empty array of rules"),
                    );
                }
                for (i, inner) in list.iter().enumerate() {
                    self.condition(inner, &ptr.join(field).join(i), ql, depth + 1);
                }
            }
            Condition::Not(inner) => {
                if !self.wrong_language(true, ptr, "Not", ql, QueryLanguage::JsonPath) {
                    self.condition(inner, &ptr.join("Not"), ql, depth + 1);
                }
            }
            Condition::Test { variable, test } => {
                if self.wrong_language(true, ptr, "Variable", ql, QueryLanguage::JsonPath) {
                    return;
                }
                self.path(
                    variable,
                    &ptr.join("Variable"),
                    "Variable",
                    PathKind::Reference,
                );
                let op = test.operator_name();
                let at = ptr.join(&op);
                match test {
                    Test::Compare {
                        operand: Operand::Path(p),
                        ..
                    } => {
                        self.path(p, &at, &op, PathKind::Reference);
                    }
                    Test::Compare {
                        kind: CompareKind::Timestamp,
                        operand: Operand::String(s),
                        ..
                    } => {
                        self.timestamp_literal(s, &at, &op);
                    }
                    Test::StringMatches(pattern) => {
                        if let Some((offset, escape)) =
                            literals::string_matches_pattern_error(pattern)
                        {
                            self.error(
                                codes::INVALID_STRING_MATCHES,
                                &at,
                                format!("\"{escape}\" at offset {offset} is not an escape StringMatches knows: only \\* (a literal star) and \\\\ (a backslash) are; write other characters without a backslash"),
                            );
                        }
                    }
                    _ => {}
                }
            }
            Condition::Jsonata(v) => {
                if self.wrong_language(true, ptr, "Condition", ql, QueryLanguage::Jsonata) {
                    return;
                }
                match v {
                    Value::Bool(_) => {}
                    Value::String(s) if jsonata::is_expression(s) => {
                        self.jsonata_string(s, &ptr.join("Condition"))
                    }
                    _ => self.error(
                        codes::EXPECTED_EXPRESSION,
                        &ptr.join("Condition"),
                        "\"Condition\" must be a {% %} expression (or true/false)",
                    ),
                }
            }
        }
    }

    fn parallel(&mut self, p: &ParallelState, ptr: &Pointer, ql: QueryLanguage, depth: usize) {
        if p.branches.is_empty() {
            self.error(
                codes::PARALLEL_NO_BRANCHES,
                &ptr.join("Branches"),
                "a Parallel state needs at least one branch in \"Branches\"",
            );
        }
        for (i, b) in p.branches.iter().enumerate() {
            self.graph(
                b,
                &ptr.join("Branches").join(i),
                ObjectKind::Branch,
                depth + 1,
            );
        }
        self.jsonpath_payload(&p.parameters, ptr, "Parameters", ql);
        self.jsonata_payload(&p.arguments, ptr, "Arguments", ql);
        self.jsonpath_payload(&p.result_selector, ptr, "ResultSelector", ql);
        self.result_path(&p.result_path, ptr, ql);
    }

    fn map(&mut self, m: &MapState, ptr: &Pointer, ql: QueryLanguage, depth: usize) {
        match (&m.item_processor, &m.iterator) {
            (None, None) => self.error(
                codes::MAP_NO_PROCESSOR,
                ptr,
                "a Map state needs an \"ItemProcessor\" (with StartAt and States) to run for each item",
            ),
            (Some(_), Some(_)) => self.error(
                codes::MUTUALLY_EXCLUSIVE_FIELDS,
                &ptr.join("Iterator"),
                "\"ItemProcessor\" and its legacy name \"Iterator\" cannot both be given: keep \"ItemProcessor\"",
            ),
            _ => {}
        }
        if let Some(g) = &m.item_processor {
            self.graph(
                g,
                &ptr.join("ItemProcessor"),
                ObjectKind::ItemProcessor,
                depth + 1,
            );
        }
        if let Some(g) = &m.iterator {
            self.graph(g, &ptr.join("Iterator"), ObjectKind::Iterator, depth + 1);
        }

        let config = m
            .item_processor
            .as_ref()
            .and_then(|g| g.processor_config.as_ref());
        let distributed = config.and_then(|c| c.mode) == Some(ProcessorMode::Distributed);
        let config_ptr = ptr.join("ItemProcessor").join("ProcessorConfig");
        match (distributed, config.and_then(|c| c.execution_type)) {
            (true, None) => self.error(
                codes::EXECUTION_TYPE_REQUIRED,
                &config_ptr,
                "a DISTRIBUTED Map needs \"ExecutionType\": \"STANDARD\" or \"EXPRESS\" in its ProcessorConfig",
            ),
            (false, Some(_)) => self.error(
                codes::EXECUTION_TYPE_NOT_ALLOWED,
                &config_ptr.join("ExecutionType"),
                "\"ExecutionType\" only applies to a DISTRIBUTED Map: remove it, or set \"Mode\": \"DISTRIBUTED\"",
            ),
            _ => {}
        }
        if !distributed {
            for (field, present) in [
                ("ItemReader", m.item_reader.is_some()),
                ("ItemBatcher", m.item_batcher.is_some()),
                ("ResultWriter", m.result_writer.is_some()),
                ("Label", m.label.is_some()),
                ("ToleratedFailureCount", m.tolerated_failure_count.is_some()),
                (
                    "ToleratedFailureCountPath",
                    m.tolerated_failure_count_path.is_some(),
                ),
                (
                    "ToleratedFailurePercentage",
                    m.tolerated_failure_percentage.is_some(),
                ),
                (
                    "ToleratedFailurePercentagePath",
                    m.tolerated_failure_percentage_path.is_some(),
                ),
            ] {
                if present && (field.starts_with("ToleratedFailure") || field == "Label") {
                    // AWS accepts these on an inline Map (recorded executions 569, 570; the
                    // deployed asl-corpus 044).
                    self.warning(
                        codes::DISTRIBUTED_ONLY_FIELD,
                        &ptr.join(field),
                        format!("\"{field}\" is meant for a Distributed Map (\"ProcessorConfig\": {{\"Mode\": \"DISTRIBUTED\", …}}); AWS accepts it on an inline Map"),
                    );
                } else if present {
                    self.error(
                        codes::DISTRIBUTED_ONLY_FIELD,
                        &ptr.join(field),
                        format!("\"{field}\" only applies to a Distributed Map: set \"ProcessorConfig\": {{\"Mode\": \"DISTRIBUTED\", \"ExecutionType\": …}} in the ItemProcessor, or remove it"),
                    );
                }
            }
        }

        if let Some(p) = &m.items_path {
            if !self.wrong_language(true, ptr, "ItemsPath", ql, QueryLanguage::JsonPath) {
                self.path(p, &ptr.join("ItemsPath"), "ItemsPath", PathKind::Reference);
            }
        }
        if let Some(items) = &m.items {
            if !self.wrong_language(true, ptr, "Items", ql, QueryLanguage::Jsonata) {
                match items {
                    Value::Array(_) => self.jsonata_value(items, &ptr.join("Items")),
                    Value::String(s) if jsonata::is_expression(s) => {
                        self.jsonata_string(s, &ptr.join("Items"))
                    }
                    _ => self.error(
                        codes::EXPECTED_EXPRESSION,
                        &ptr.join("Items"),
                        "\"Items\" must be a JSON array or a {% %} expression that yields one",
                    ),
                }
            }
        }
        self.exclusive(
            m.item_selector.is_some(),
            m.parameters.is_some(),
            ptr,
            "ItemSelector",
            "Parameters",
        );
        self.either_payload(&m.item_selector, ptr, "ItemSelector", ql);
        self.jsonpath_payload(&m.parameters, ptr, "Parameters", ql);
        self.jsonpath_payload(&m.result_selector, ptr, "ResultSelector", ql);
        self.result_path(&m.result_path, ptr, ql);

        if let Some(e) = &m.max_concurrency {
            self.number_field(e, ptr, "MaxConcurrency", ql);
        }
        self.path_field(&m.max_concurrency_path, ptr, "MaxConcurrencyPath", ql);
        self.exclusive(
            m.max_concurrency.is_some(),
            m.max_concurrency_path.is_some(),
            ptr,
            "MaxConcurrency",
            "MaxConcurrencyPath",
        );
        if let Some(e) = &m.tolerated_failure_count {
            self.number_field(e, ptr, "ToleratedFailureCount", ql);
        }
        self.path_field(
            &m.tolerated_failure_count_path,
            ptr,
            "ToleratedFailureCountPath",
            ql,
        );
        self.exclusive(
            m.tolerated_failure_count.is_some(),
            m.tolerated_failure_count_path.is_some(),
            ptr,
            "ToleratedFailureCount",
            "ToleratedFailureCountPath",
        );
        if let Some(e) = &m.tolerated_failure_percentage {
            if let Some(pct) = self
                .number_field(e, ptr, "ToleratedFailurePercentage", ql)
                .copied()
            {
                if !(0.0..=100.0).contains(&pct) {
                    self.error(
                        codes::TOLERATED_FAILURE_PERCENTAGE_RANGE,
                        &ptr.join("ToleratedFailurePercentage"),
                        format!(
                            "\"ToleratedFailurePercentage\" is {pct}; it must be between 0 and 100"
                        ),
                    );
                }
            }
        }
        self.path_field(
            &m.tolerated_failure_percentage_path,
            ptr,
            "ToleratedFailurePercentagePath",
            ql,
        );
        self.exclusive(
            m.tolerated_failure_percentage.is_some(),
            m.tolerated_failure_percentage_path.is_some(),
            ptr,
            "ToleratedFailurePercentage",
            "ToleratedFailurePercentagePath",
        );
        if let Some(label) = &m.label {
            let chars = label.chars().count();
            if chars > MAX_LABEL_CHARS {
                self.error(
                    codes::LABEL_INVALID,
                    &ptr.join("Label"),
                    format!("\"Label\" is {chars} characters; the limit is {MAX_LABEL_CHARS}"),
                );
            } else if let Some(c) = literals::label_forbidden_char(label) {
                self.error(
                    codes::LABEL_INVALID,
                    &ptr.join("Label"),
                    format!("\"Label\" contains {c:?}, which child execution names cannot: use letters, digits, '-' and '_'"),
                );
            }
        }
        if let Some(r) = &m.item_reader {
            self.item_reader(r, &ptr.join("ItemReader"), ql);
        }
        if let Some(b) = &m.item_batcher {
            self.item_batcher(b, &ptr.join("ItemBatcher"), ql);
        }
        if let Some(w) = &m.result_writer {
            self.result_writer(w, &ptr.join("ResultWriter"), ql);
        }
    }

    fn enum_value(
        &mut self,
        code: &'static str,
        value: &Option<String>,
        allowed: &[&str],
        ptr: &Pointer,
        field: &str,
    ) {
        if let Some(v) = value {
            if !allowed.contains(&v.as_str()) {
                self.error(
                    code,
                    &ptr.join(field),
                    format!("\"{field}\" is \"{v}\"; use one of {}", allowed.join(", ")),
                );
            }
        }
    }

    fn item_reader(&mut self, r: &ItemReader, ptr: &Pointer, ql: QueryLanguage) {
        fields::object_unknown_fields(ObjectKind::ItemReader, &r.unknown, ptr, &mut self.diags);
        if let Resource::Arn(arn) = &r.resource {
            if !literals::is_resource_arn(arn) {
                self.error(codes::INVALID_RESOURCE, &ptr.join("Resource"), format!("\"Resource\" must be an ARN such as arn:aws:states:::s3:getObject, not \"{arn}\""));
            }
        }
        self.jsonpath_payload(&r.parameters, ptr, "Parameters", ql);
        self.jsonata_payload(&r.arguments, ptr, "Arguments", ql);
        let Some(c) = &r.reader_config else { return };
        let cptr = ptr.join("ReaderConfig");
        fields::object_unknown_fields(ObjectKind::ReaderConfig, &c.unknown, &cptr, &mut self.diags);
        self.enum_value(
            codes::READER_CONFIG_VALUE,
            &c.input_type,
            &["CSV", "JSON", "JSONL", "MANIFEST", "PARQUET"],
            &cptr,
            "InputType",
        );
        self.enum_value(
            codes::READER_CONFIG_VALUE,
            &c.csv_header_location,
            &["FIRST_ROW", "GIVEN"],
            &cptr,
            "CSVHeaderLocation",
        );
        self.enum_value(
            codes::READER_CONFIG_VALUE,
            &c.csv_delimiter,
            &["COMMA", "PIPE", "SEMICOLON", "SPACE", "TAB"],
            &cptr,
            "CSVDelimiter",
        );
        let has_headers = c.csv_headers.as_ref().is_some_and(|h| !h.is_empty());
        if c.csv_header_location.as_deref() == Some("GIVEN") && !has_headers {
            self.error(
                codes::CSV_HEADERS_REQUIRED,
                &cptr.join("CSVHeaderLocation"),
                "\"CSVHeaderLocation\": \"GIVEN\" needs the column names in \"CSVHeaders\"",
            );
        }
        if let Some(e) = &c.max_items {
            if let Some(n) = self.number_field(e, &cptr, "MaxItems", ql).copied() {
                if n == 0 || n > MAX_READER_ITEMS {
                    self.error(
                        codes::MAX_ITEMS_RANGE,
                        &cptr.join("MaxItems"),
                        format!("\"MaxItems\" is {n}; it must be between 1 and {MAX_READER_ITEMS}"),
                    );
                }
            }
        }
        self.path_field(&c.max_items_path, &cptr, "MaxItemsPath", ql);
        self.exclusive(
            c.max_items.is_some(),
            c.max_items_path.is_some(),
            &cptr,
            "MaxItems",
            "MaxItemsPath",
        );
    }

    fn item_batcher(&mut self, b: &ItemBatcher, ptr: &Pointer, ql: QueryLanguage) {
        fields::object_unknown_fields(ObjectKind::ItemBatcher, &b.unknown, ptr, &mut self.diags);
        if b.max_items_per_batch.is_none()
            && b.max_items_per_batch_path.is_none()
            && b.max_input_bytes_per_batch.is_none()
            && b.max_input_bytes_per_batch_path.is_none()
        {
            self.error(
                codes::BATCH_WITHOUT_LIMIT,
                ptr,
                "an ItemBatcher needs at least one of MaxItemsPerBatch, MaxItemsPerBatchPath, MaxInputBytesPerBatch, MaxInputBytesPerBatchPath",
            );
        }
        if let Some(e) = &b.max_items_per_batch {
            if let Some(0) = self.number_field(e, ptr, "MaxItemsPerBatch", ql).copied() {
                self.error(
                    codes::BATCH_LIMIT_RANGE,
                    &ptr.join("MaxItemsPerBatch"),
                    "\"MaxItemsPerBatch\" must be at least 1",
                );
            }
        }
        if let Some(e) = &b.max_input_bytes_per_batch {
            if let Some(n) = self
                .number_field(e, ptr, "MaxInputBytesPerBatch", ql)
                .copied()
            {
                if n == 0 || n > MAX_BATCH_BYTES {
                    self.error(
                        codes::BATCH_LIMIT_RANGE,
                        &ptr.join("MaxInputBytesPerBatch"),
                        format!("\"MaxInputBytesPerBatch\" is {n}; it must be between 1 and {MAX_BATCH_BYTES} (256 KiB)"),
                    );
                }
            }
        }
        self.path_field(&b.max_items_per_batch_path, ptr, "MaxItemsPerBatchPath", ql);
        self.path_field(
            &b.max_input_bytes_per_batch_path,
            ptr,
            "MaxInputBytesPerBatchPath",
            ql,
        );
        self.exclusive(
            b.max_items_per_batch.is_some(),
            b.max_items_per_batch_path.is_some(),
            ptr,
            "MaxItemsPerBatch",
            "MaxItemsPerBatchPath",
        );
        self.exclusive(
            b.max_input_bytes_per_batch.is_some(),
            b.max_input_bytes_per_batch_path.is_some(),
            ptr,
            "MaxInputBytesPerBatch",
            "MaxInputBytesPerBatchPath",
        );
        self.either_payload(&b.batch_input, ptr, "BatchInput", ql);
    }

    fn result_writer(&mut self, w: &ResultWriter, ptr: &Pointer, ql: QueryLanguage) {
        fields::object_unknown_fields(ObjectKind::ResultWriter, &w.unknown, ptr, &mut self.diags);
        if let Some(Resource::Arn(arn)) = &w.resource {
            if !literals::is_resource_arn(arn) {
                self.error(codes::INVALID_RESOURCE, &ptr.join("Resource"), format!("\"Resource\" must be an ARN such as arn:aws:states:::s3:putObject, not \"{arn}\""));
            }
        }
        self.jsonpath_payload(&w.parameters, ptr, "Parameters", ql);
        self.jsonata_payload(&w.arguments, ptr, "Arguments", ql);
        if let Some(c) = &w.writer_config {
            let cptr = ptr.join("WriterConfig");
            fields::object_unknown_fields(
                ObjectKind::WriterConfig,
                &c.unknown,
                &cptr,
                &mut self.diags,
            );
            self.enum_value(
                codes::WRITER_CONFIG_VALUE,
                &c.transformation,
                &["NONE", "COMPACT", "FLATTEN"],
                &cptr,
                "Transformation",
            );
            self.enum_value(
                codes::WRITER_CONFIG_VALUE,
                &c.output_type,
                &["JSON", "JSONL"],
                &cptr,
                "OutputType",
            );
        }
    }

    fn error_handling(&mut self, eh: &ErrorHandling, ptr: &Pointer, ql: QueryLanguage) {
        if let Some(retriers) = &eh.retry {
            let last = retriers.len().saturating_sub(1);
            for (i, r) in retriers.iter().enumerate() {
                let rptr = ptr.join("Retry").join(i);
                fields::object_unknown_fields(
                    ObjectKind::Retrier,
                    &r.unknown,
                    &rptr,
                    &mut self.diags,
                );
                self.error_equals(&r.error_equals, &rptr, i == last, "retrier");
                if let Some(rate) = r.backoff_rate.filter(|r| *r < 1.0) {
                    self.error(
                        codes::BACKOFF_RATE_RANGE,
                        &rptr.join("BackoffRate"),
                        format!("\"BackoffRate\" is {rate}; it must be at least 1.0 (1.0 keeps the interval constant)"),
                    );
                }
                if let Some(n) = r.max_attempts.filter(|n| *n < 0 || *n > MAX_SECONDS as i64) {
                    self.error(
                        codes::MAX_ATTEMPTS_RANGE,
                        &rptr.join("MaxAttempts"),
                        format!("\"MaxAttempts\" is {n}; it must be between 0 (never retry) and {MAX_SECONDS}"),
                    );
                }
                if let Some(n) = r.interval_seconds.filter(|n| *n == 0 || *n > MAX_SECONDS) {
                    self.error(
                        codes::INTERVAL_SECONDS_RANGE,
                        &rptr.join("IntervalSeconds"),
                        format!(
                            "\"IntervalSeconds\" is {n}; it must be between 1 and {MAX_SECONDS}"
                        ),
                    );
                }
                if let Some(n) = r.max_delay_seconds {
                    if n == 0 || n > MAX_DELAY_SECONDS {
                        self.error(
                            codes::MAX_DELAY_SECONDS_RANGE,
                            &rptr.join("MaxDelaySeconds"),
                            format!("\"MaxDelaySeconds\" is {n}; it must be between 1 and {MAX_DELAY_SECONDS}"),
                        );
                    } else if r.backoff_rate == Some(1.0) && n >= r.interval_seconds.unwrap_or(1) {
                        self.warning(
                            codes::MAX_DELAY_NO_EFFECT,
                            &rptr.join("MaxDelaySeconds"),
                            "with \"BackoffRate\": 1.0 the delay never grows, so this \"MaxDelaySeconds\" never caps anything: raise BackoffRate or remove MaxDelaySeconds",
                        );
                    }
                }
            }
        }
        if let Some(catchers) = &eh.catch {
            let last = catchers.len().saturating_sub(1);
            for (i, c) in catchers.iter().enumerate() {
                let cptr = ptr.join("Catch").join(i);
                fields::object_unknown_fields(
                    ObjectKind::Catcher,
                    &c.unknown,
                    &cptr,
                    &mut self.diags,
                );
                self.error_equals(&c.error_equals, &cptr, i == last, "catcher");
                self.result_path(&c.result_path, &cptr, ql);
                if let Some(output) = &c.output {
                    if !self.wrong_language(true, &cptr, "Output", ql, QueryLanguage::Jsonata) {
                        self.jsonata_value(output, &cptr.join("Output"));
                    }
                }
                if let Some(assign) = &c.assign {
                    self.assign(assign, &cptr.join("Assign"), ql);
                }
            }
        }
    }

    fn error_equals(&mut self, names: &[String], ptr: &Pointer, is_last: bool, what: &str) {
        let at = ptr.join("ErrorEquals");
        if names.is_empty() {
            self.error(codes::ERROR_EQUALS_EMPTY, &at, format!("a {what}'s \"ErrorEquals\" must name at least one error (States.ALL matches any)"));
            return;
        }
        let has_all = names.iter().any(|n| n == "States.ALL");
        if has_all && names.len() > 1 {
            self.error(
                codes::STATES_ALL_NOT_ALONE,
                &at,
                "\"States.ALL\" must be the only name in its \"ErrorEquals\": it already matches every error; remove the others or move them to an earlier entry",
            );
        }
        if has_all && !is_last {
            self.error(
                codes::STATES_ALL_NOT_LAST,
                &at,
                format!("a {what} with \"States.ALL\" must be the last one: the entries after it can never match; move it to the end"),
            );
        }
        for (i, n) in names.iter().enumerate() {
            if n.starts_with("States.")
                && !n.starts_with("States.Http.")
                && !PREDEFINED_ERRORS.contains(&n.as_str())
            {
                self.warning(
                    codes::UNKNOWN_STATES_ERROR,
                    &at.join(i),
                    format!("\"{n}\" is not an error Step Functions defines, so it never matches (names are case-sensitive); the predefined ones include States.ALL, States.Timeout, States.TaskFailed, States.Permissions"),
                );
            }
        }
    }
}

/// What a JSONata state uses instead of a JSONPath field.
fn jsonata_replacement(field: &str) -> &'static str {
    match field {
        "InputPath" | "Parameters" => "use \"Arguments\" with {% %} expressions over $states.input",
        "OutputPath" | "ResultSelector" | "ResultPath" => {
            "use \"Output\" (and \"Assign\") with {% %} expressions over $states.result"
        }
        "Result" => "use \"Output\" to give the state's output",
        "ItemsPath" => "use \"Items\" with a {% %} expression",
        "Variable" | "And" | "Or" | "Not" => "use \"Condition\" with a {% %} expression",
        _ => "give the value as a {% %} expression in the field without the \"Path\" suffix",
    }
}

/// What a JSONPath state uses instead of a JSONata field.
fn jsonpath_replacement(field: &str) -> &'static str {
    match field {
        "Arguments" => "use \"Parameters\" with \".$\" paths",
        "Output" => "use \"OutputPath\"/\"ResultSelector\"/\"ResultPath\"",
        "Items" => "use \"ItemsPath\"",
        "Condition" => "use \"Variable\" with a comparison operator",
        _ => "use its JSONPath counterpart",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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

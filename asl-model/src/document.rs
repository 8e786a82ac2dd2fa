//! The Amazon States Language document model: every state type and field of the spec.
//!
//! Each state type has its own struct holding exactly the fields the spec allows for it,
//! in both query languages. Fields a document carries that its state type does not know
//! are kept in `unknown` so the validator can point at them instead of the parser
//! silently dropping them. Payload templates (Parameters, Arguments, Output, …) are
//! arbitrary JSON by nature and stay `serde_json::Value`, in document order.

use indexmap::IndexMap;
use serde_json::Value;

/// Fields the model does not know, in document order, kept for the validator.
pub type UnknownFields = IndexMap<String, Value>;

/// A whole state machine: the top-level document.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StateMachine {
    pub comment: Option<String>,
    pub query_language: Option<QueryLanguage>,
    pub start_at: String,
    pub states: IndexMap<String, State>,
    pub timeout_seconds: Option<u64>,
    pub version: Option<String>,
    pub unknown: UnknownFields,
}

/// A nested machine: a Parallel branch, a Map `ItemProcessor` or legacy `Iterator`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Graph {
    pub comment: Option<String>,
    /// Only on a Map's `ItemProcessor`.
    pub processor_config: Option<ProcessorConfig>,
    pub query_language: Option<QueryLanguage>,
    pub start_at: String,
    pub states: IndexMap<String, State>,
    pub unknown: UnknownFields,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QueryLanguage {
    JsonPath,
    Jsonata,
}

impl QueryLanguage {
    pub fn as_str(self) -> &'static str {
        match self {
            QueryLanguage::JsonPath => "JSONPath",
            QueryLanguage::Jsonata => "JSONata",
        }
    }
}

/// One state. `Type` selects the variant.
// Unboxed: states are built once and walked often; a machine holds few enough for the size.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum State {
    Task(TaskState),
    Pass(PassState),
    Choice(ChoiceState),
    Wait(WaitState),
    Succeed(SucceedState),
    Fail(FailState),
    Parallel(ParallelState),
    Map(MapState),
}

impl State {
    /// The `Type` string of this state.
    pub fn type_name(&self) -> &'static str {
        match self {
            State::Task(_) => "Task",
            State::Pass(_) => "Pass",
            State::Choice(_) => "Choice",
            State::Wait(_) => "Wait",
            State::Succeed(_) => "Succeed",
            State::Fail(_) => "Fail",
            State::Parallel(_) => "Parallel",
            State::Map(_) => "Map",
        }
    }

    pub fn common(&self) -> &Common {
        match self {
            State::Task(s) => &s.common,
            State::Pass(s) => &s.common,
            State::Choice(s) => &s.common,
            State::Wait(s) => &s.common,
            State::Succeed(s) => &s.common,
            State::Fail(s) => &s.common,
            State::Parallel(s) => &s.common,
            State::Map(s) => &s.common,
        }
    }

    pub fn common_mut(&mut self) -> &mut Common {
        match self {
            State::Task(s) => &mut s.common,
            State::Pass(s) => &mut s.common,
            State::Choice(s) => &mut s.common,
            State::Wait(s) => &mut s.common,
            State::Succeed(s) => &mut s.common,
            State::Fail(s) => &mut s.common,
            State::Parallel(s) => &mut s.common,
            State::Map(s) => &mut s.common,
        }
    }

    /// `Next`/`End` for the types that have them (not Choice, Succeed, Fail).
    pub fn transition(&self) -> Option<&Transition> {
        match self {
            State::Task(s) => Some(&s.transition),
            State::Pass(s) => Some(&s.transition),
            State::Wait(s) => Some(&s.transition),
            State::Parallel(s) => Some(&s.transition),
            State::Map(s) => Some(&s.transition),
            State::Choice(_) | State::Succeed(_) | State::Fail(_) => None,
        }
    }

    /// `Next`/`End` to change, for the types that have them.
    pub fn transition_mut(&mut self) -> Option<&mut Transition> {
        match self {
            State::Task(s) => Some(&mut s.transition),
            State::Pass(s) => Some(&mut s.transition),
            State::Wait(s) => Some(&mut s.transition),
            State::Parallel(s) => Some(&mut s.transition),
            State::Map(s) => Some(&mut s.transition),
            State::Choice(_) | State::Succeed(_) | State::Fail(_) => None,
        }
    }

    /// Retry and Catch, for the types that have them (Task, Parallel, Map).
    pub fn error_handling(&self) -> Option<&ErrorHandling> {
        match self {
            State::Task(s) => Some(&s.errors),
            State::Parallel(s) => Some(&s.errors),
            State::Map(s) => Some(&s.errors),
            _ => None,
        }
    }

    /// Twin of `error_handling`.
    pub fn error_handling_mut(&mut self) -> Option<&mut ErrorHandling> {
        match self {
            State::Task(s) => Some(&mut s.errors),
            State::Parallel(s) => Some(&mut s.errors),
            State::Map(s) => Some(&mut s.errors),
            _ => None,
        }
    }
}

/// Fields every state type has (some only in one query language; the validator checks).
/// `InputPath`/`OutputPath` (JSONPath) and `Output`/`Assign` are here too, except that
/// a Fail state has none of them and Succeed has no `Assign`; the validator reports those.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Common {
    pub comment: Option<String>,
    pub query_language: Option<QueryLanguage>,
    pub input_path: Option<NullablePath>,
    pub output_path: Option<NullablePath>,
    /// JSONata only: the state's output (any JSON with `{% %}` strings).
    pub output: Option<Value>,
    /// Both languages: variables to set, by name.
    pub assign: Option<IndexMap<String, Value>>,
    pub unknown: UnknownFields,
}

/// A reference path that may also be JSON `null` (InputPath, OutputPath, ResultPath).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NullablePath {
    Null,
    Path(String),
}

/// `Next` or `End`. `Missing` and `Both` are kept so the validator can report them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Transition {
    Next(String),
    End,
    #[default]
    Missing,
    /// A document that says both `Next` and `End: true`.
    Both(String),
}

impl Transition {
    pub fn next(&self) -> Option<&str> {
        match self {
            Transition::Next(n) | Transition::Both(n) => Some(n),
            _ => None,
        }
    }
}

/// A Task's `Resource`: an ARN string (possibly with `#{…}`/`${…}` placeholders) or a
/// CloudFormation intrinsic object (`{"Fn::GetAtt": […]}`, `{"Ref": "…"}`), kept intact.
#[derive(Debug, Clone, PartialEq)]
pub enum Resource {
    Arn(String),
    Intrinsic(Value),
}

impl Resource {
    pub fn as_arn(&self) -> Option<&str> {
        match self {
            Resource::Arn(s) => Some(s),
            Resource::Intrinsic(_) => None,
        }
    }
}

/// A numeric field that a JSONata state may give as a `{% %}` expression.
#[derive(Debug, Clone, PartialEq)]
pub enum JsonataOr<T> {
    Value(T),
    Jsonata(String),
}

/// Retry and Catch.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ErrorHandling {
    pub retry: Option<Vec<Retrier>>,
    pub catch: Option<Vec<Catcher>>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Retrier {
    pub comment: Option<String>,
    pub error_equals: Vec<String>,
    pub interval_seconds: Option<u64>,
    pub max_attempts: Option<i64>,
    pub backoff_rate: Option<f64>,
    pub max_delay_seconds: Option<u64>,
    pub jitter_strategy: Option<JitterStrategy>,
    pub unknown: UnknownFields,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JitterStrategy {
    Full,
    None,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Catcher {
    pub comment: Option<String>,
    pub error_equals: Vec<String>,
    pub next: String,
    /// JSONPath only.
    pub result_path: Option<NullablePath>,
    /// JSONata only.
    pub output: Option<Value>,
    pub assign: Option<IndexMap<String, Value>>,
    pub unknown: UnknownFields,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TaskState {
    pub common: Common,
    pub resource: Resource,
    /// JSONPath: the task's input template (`.$` keys).
    pub parameters: Option<Value>,
    /// JSONata: the task's arguments (`{% %}` strings).
    pub arguments: Option<Value>,
    pub result_selector: Option<Value>,
    pub result_path: Option<NullablePath>,
    pub timeout_seconds: Option<JsonataOr<u64>>,
    pub timeout_seconds_path: Option<String>,
    pub heartbeat_seconds: Option<JsonataOr<u64>>,
    pub heartbeat_seconds_path: Option<String>,
    /// `{"RoleArn": "…"}` or `{"RoleArn.$": "$.path"}`.
    pub credentials: Option<Value>,
    pub errors: ErrorHandling,
    pub transition: Transition,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PassState {
    pub common: Common,
    pub parameters: Option<Value>,
    pub result: Option<Value>,
    pub result_path: Option<NullablePath>,
    pub transition: Transition,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChoiceState {
    pub common: Common,
    pub choices: Vec<ChoiceRule>,
    pub default: Option<String>,
}

/// A top-level Choice rule: a condition and where to go.
#[derive(Debug, Clone, PartialEq)]
pub struct ChoiceRule {
    pub comment: Option<String>,
    pub condition: Condition,
    pub next: String,
    pub assign: Option<IndexMap<String, Value>>,
    /// JSONata only.
    pub output: Option<Value>,
    pub unknown: UnknownFields,
}

/// A Boolean expression of a Choice rule.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    And(Vec<Condition>),
    Or(Vec<Condition>),
    Not(Box<Condition>),
    /// JSONPath: `Variable` and one comparison operator.
    Test {
        variable: String,
        test: Test,
    },
    /// JSONata: `Condition: "{% … %}"` (or a literal boolean).
    Jsonata(Value),
}

/// One JSONPath comparison operator with its operand.
#[derive(Debug, Clone, PartialEq)]
pub enum Test {
    /// `{String,Numeric,Boolean,Timestamp}{Equals,LessThan,…}[Path]`.
    Compare {
        kind: CompareKind,
        op: CompareOp,
        operand: Operand,
    },
    StringMatches(String),
    IsNull(bool),
    IsPresent(bool),
    IsNumeric(bool),
    IsString(bool),
    IsBoolean(bool),
    IsTimestamp(bool),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CompareKind {
    String,
    Numeric,
    Boolean,
    Timestamp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CompareOp {
    Equals,
    LessThan,
    GreaterThan,
    LessThanEquals,
    GreaterThanEquals,
}

/// The right-hand side of a comparison: a literal of the operator's type, or a path
/// (the operator's `…Path` form).
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    String(String),
    Number(serde_json::Number),
    Bool(bool),
    Path(String),
}

impl Test {
    /// The operator's name as written in ASL, e.g. `NumericGreaterThanEqualsPath`.
    pub fn operator_name(&self) -> String {
        match self {
            Test::Compare { kind, op, operand } => {
                let kind = match kind {
                    CompareKind::String => "String",
                    CompareKind::Numeric => "Numeric",
                    CompareKind::Boolean => "Boolean",
                    CompareKind::Timestamp => "Timestamp",
                };
                let op = match op {
                    CompareOp::Equals => "Equals",
                    CompareOp::LessThan => "LessThan",
                    CompareOp::GreaterThan => "GreaterThan",
                    CompareOp::LessThanEquals => "LessThanEquals",
                    CompareOp::GreaterThanEquals => "GreaterThanEquals",
                };
                let path = if matches!(operand, Operand::Path(_)) {
                    "Path"
                } else {
                    ""
                };
                format!("{kind}{op}{path}")
            }
            Test::StringMatches(_) => "StringMatches".into(),
            Test::IsNull(_) => "IsNull".into(),
            Test::IsPresent(_) => "IsPresent".into(),
            Test::IsNumeric(_) => "IsNumeric".into(),
            Test::IsString(_) => "IsString".into(),
            Test::IsBoolean(_) => "IsBoolean".into(),
            Test::IsTimestamp(_) => "IsTimestamp".into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct WaitState {
    pub common: Common,
    pub seconds: Option<JsonataOr<u64>>,
    pub timestamp: Option<JsonataOr<String>>,
    pub seconds_path: Option<String>,
    pub timestamp_path: Option<String>,
    pub transition: Transition,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SucceedState {
    pub common: Common,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FailState {
    pub common: Common,
    /// A literal in JSONPath; may be a `{% %}` expression in JSONata.
    pub error: Option<String>,
    pub cause: Option<String>,
    pub error_path: Option<String>,
    pub cause_path: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ParallelState {
    pub common: Common,
    pub branches: Vec<Graph>,
    pub parameters: Option<Value>,
    pub arguments: Option<Value>,
    pub result_selector: Option<Value>,
    pub result_path: Option<NullablePath>,
    pub errors: ErrorHandling,
    pub transition: Transition,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MapState {
    pub common: Common,
    /// `ItemProcessor` (current) …
    pub item_processor: Option<Graph>,
    /// … or the legacy `Iterator`.
    pub iterator: Option<Graph>,
    pub items_path: Option<String>,
    /// JSONata: `Items` (an array or a `{% %}` expression).
    pub items: Option<Value>,
    pub item_selector: Option<Value>,
    /// Legacy form of `ItemSelector`.
    pub parameters: Option<Value>,
    pub item_reader: Option<ItemReader>,
    pub item_batcher: Option<ItemBatcher>,
    pub result_writer: Option<ResultWriter>,
    pub max_concurrency: Option<JsonataOr<u64>>,
    pub max_concurrency_path: Option<String>,
    pub tolerated_failure_count: Option<JsonataOr<u64>>,
    pub tolerated_failure_count_path: Option<String>,
    pub tolerated_failure_percentage: Option<JsonataOr<f64>>,
    pub tolerated_failure_percentage_path: Option<String>,
    pub label: Option<String>,
    pub result_selector: Option<Value>,
    pub result_path: Option<NullablePath>,
    pub errors: ErrorHandling,
    pub transition: Transition,
}

impl MapState {
    /// The processor, whichever of `ItemProcessor` / `Iterator` the document uses.
    pub fn processor(&self) -> Option<&Graph> {
        self.item_processor.as_ref().or(self.iterator.as_ref())
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProcessorConfig {
    pub mode: Option<ProcessorMode>,
    pub execution_type: Option<ExecutionType>,
    pub unknown: UnknownFields,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProcessorMode {
    Inline,
    Distributed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExecutionType {
    Standard,
    Express,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ItemReader {
    pub resource: Resource,
    pub reader_config: Option<ReaderConfig>,
    pub parameters: Option<Value>,
    pub arguments: Option<Value>,
    pub unknown: UnknownFields,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReaderConfig {
    /// `CSV`, `JSON`, `JSONL`, `MANIFEST`, `PARQUET`.
    pub input_type: Option<String>,
    /// `FIRST_ROW` or `GIVEN`.
    pub csv_header_location: Option<String>,
    pub csv_headers: Option<Vec<String>>,
    /// `COMMA`, `PIPE`, `SEMICOLON`, `SPACE`, `TAB`.
    pub csv_delimiter: Option<String>,
    /// The manifest kind for MANIFEST inputs (e.g. `S3_INVENTORY`, `ATHENA_DATA`).
    pub manifest_type: Option<String>,
    pub max_items: Option<JsonataOr<u64>>,
    pub max_items_path: Option<String>,
    pub unknown: UnknownFields,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ItemBatcher {
    pub max_items_per_batch: Option<JsonataOr<u64>>,
    pub max_items_per_batch_path: Option<String>,
    pub max_input_bytes_per_batch: Option<JsonataOr<u64>>,
    pub max_input_bytes_per_batch_path: Option<String>,
    pub batch_input: Option<Value>,
    pub unknown: UnknownFields,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ResultWriter {
    pub resource: Option<Resource>,
    pub parameters: Option<Value>,
    pub arguments: Option<Value>,
    pub writer_config: Option<WriterConfig>,
    pub unknown: UnknownFields,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct WriterConfig {
    /// `NONE`, `COMPACT`, `FLATTEN`.
    pub transformation: Option<String>,
    /// `JSON`, `JSONL`.
    pub output_type: Option<String>,
    pub unknown: UnknownFields,
}

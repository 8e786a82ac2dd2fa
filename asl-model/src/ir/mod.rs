//! The workflow IR: what a `#[workflow]` body means, independent of ASL and of the query language.
//!
//! The `#[workflow]` macro expands a body into code that builds this tree; rustc has
//! already type-checked the same body as a native fn, so the IR needs no type checking
//! of its own. Variables are typed handles (`VarId`) into `Workflow::vars`; payload types
//! are described by `Shape`s (from `#[derive(Payload)]`), which the lowering uses to turn
//! Rust field and variant names into JSON names.

use serde_json::Value;

mod build;
mod compute;
mod print;
mod verify;
mod walk;
mod walk_mut;

pub use compute::*;
pub use verify::verify;
pub use walk::*;
pub use walk_mut::*;

/// A handle to a variable of a workflow: an index into `Workflow::vars`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VarId(pub u32);

/// The JSON form of a payload type, as serde writes it.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// `()`: JSON null.
    Unit,
    Bool,
    /// Rust's integer types (`i64`, `usize`, …).
    Integer,
    /// `f32` / `f64` (and any number whose kind is unknown).
    Number,
    String,
    /// An RFC 3339 string compared as a timestamp (`asl::Timestamp`).
    Timestamp,
    /// `Option<T>`: the value, or null / absent.
    Option(Box<Shape>),
    /// `Vec<T>`, slices, tuples of one type.
    Array(Box<Shape>),
    /// Tuples: a JSON array with one shape per position.
    Tuple(Vec<Shape>),
    /// A map with string keys.
    Map(Box<Shape>),
    /// A struct: a JSON object.
    Object(Vec<Field>),
    /// An enum, with serde's tagging.
    Enum {
        tagging: Tagging,
        variants: Vec<Variant>,
    },
    /// `serde_json::Value`: anything.
    Any,
    /// A named type, expanded on demand (lets recursive types describe themselves).
    Named {
        name: &'static str,
        shape: ShapeFn,
    },
}

/// The function that describes a named type. Two are equal when their names are, so
/// comparing shapes never compares function addresses.
#[derive(Clone, Copy)]
pub struct ShapeFn(pub fn() -> Shape);

impl PartialEq for ShapeFn {
    fn eq(&self, _: &ShapeFn) -> bool {
        true
    }
}

impl std::fmt::Debug for ShapeFn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("fn() -> Shape")
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The Rust field name (or tuple index as a string).
    pub rust: String,
    /// The JSON key, after serde's `rename`/`rename_all`.
    pub json: String,
    pub shape: Shape,
    /// `#[serde(flatten)]`: the field's own fields sit in the parent object.
    pub flatten: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Tagging {
    /// `{"Variant": data}`, or `"Variant"` for unit variants (serde's default).
    External,
    /// `#[serde(tag = "t")]`: `{"t": "Variant", ...fields}`.
    Internal { tag: String },
    /// `#[serde(tag = "t", content = "c")]`.
    Adjacent { tag: String, content: String },
    /// `#[serde(untagged)]`.
    Untagged,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    pub rust: String,
    pub json: String,
    /// `None` for a unit variant.
    pub data: Option<Shape>,
}

impl Shape {
    /// The shape with `Named` expanded (one level).
    pub fn resolved(&self) -> Shape {
        match self {
            Shape::Named { shape, .. } => (shape.0)().resolved(),
            other => other.clone(),
        }
    }

    /// `resolved()` without copying a shape that is not `Named` (most are not).
    fn resolved_cow(&self) -> std::borrow::Cow<'_, Shape> {
        match self {
            Shape::Named { .. } => std::borrow::Cow::Owned(self.resolved()),
            other => std::borrow::Cow::Borrowed(other),
        }
    }

    /// Whether values of this shape are always JSON objects (so fields can be attached).
    pub fn is_object(&self) -> bool {
        matches!(
            *self.resolved_cow(),
            Shape::Object(_)
                | Shape::Map(_)
                | Shape::Enum {
                    tagging: Tagging::Internal { .. },
                    ..
                }
        )
    }

    /// The field with Rust name `rust`, looking through flattened fields; returns the JSON
    /// path segments that reach it and its shape.
    pub fn field(&self, rust: &str) -> Option<(Vec<String>, Shape)> {
        match &*self.resolved_cow() {
            Shape::Object(fields) => {
                for f in fields {
                    if f.rust == rust {
                        // A flattened field is this object itself: no segment.
                        let segments = if f.flatten {
                            vec![]
                        } else {
                            vec![f.json.clone()]
                        };
                        return Some((segments, f.shape.clone()));
                    }
                }
                // A flattened struct's fields live in this object.
                fields
                    .iter()
                    .filter(|f| f.flatten)
                    .find_map(|f| f.shape.field(rust))
            }
            Shape::Option(inner) => inner.field(rust),
            // An index into an array (`x.items[0]`): the segment renders as `[0]`.
            Shape::Array(inner) => rust
                .parse::<usize>()
                .ok()
                .map(|_| (vec![rust.to_string()], (**inner).clone())),
            Shape::Tuple(items) => {
                let i: usize = rust.parse().ok()?;
                items.get(i).map(|s| (vec![i.to_string()], s.clone()))
            }
            _ => None,
        }
    }

    /// The variant with Rust name `rust`, for an enum shape.
    pub fn variant(&self, rust: &str) -> Option<(Tagging, Variant)> {
        match self.resolved() {
            Shape::Enum { tagging, variants } => variants
                .into_iter()
                .find(|v| v.rust == rust)
                .map(|v| (tagging, v)),
            Shape::Option(inner) => inner.variant(rust),
            _ => None,
        }
    }
}

/// A whole workflow: one `#[workflow]` fn.
#[derive(Debug, Clone, PartialEq)]
pub struct Workflow {
    /// The state machine's name (the fn name, or `#[workflow(name = "…")]`).
    pub name: String,
    pub comment: Option<String>,
    pub timeout_seconds: Option<u64>,
    /// The fn's parameter (a workflow takes its input as one payload).
    pub input: Option<VarId>,
    pub output: Shape,
    pub vars: Vec<VarInfo>,
    pub body: Block,
}

#[derive(Debug, Clone, PartialEq)]
pub struct VarInfo {
    /// The Rust binding name (unique per workflow after shadowing is resolved by the macro).
    pub name: String,
    pub shape: Shape,
}

pub type Block = Vec<Stmt>;

/// A statement, with the state name the user gave it (`#[state(name = "…")]`), if any.
#[derive(Debug, Clone, PartialEq)]
pub struct Stmt {
    pub kind: StmtKind,
    pub name: Option<String>,
}

impl From<StmtKind> for Stmt {
    fn from(kind: StmtKind) -> Stmt {
        Stmt { kind, name: None }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum StmtKind {
    /// `let x = e;` and `x = e;`: the variable takes a new value.
    Assign {
        var: VarId,
        value: Expr,
    },
    /// `x.a.b = e;`: one field of a variable takes a new value.
    AssignField {
        place: Place,
        value: Expr,
    },
    /// An expression for its effect (a task call whose result is unused).
    Eval(Expr),
    If {
        cond: Cond,
        then: Block,
        otherwise: Block,
    },
    Match {
        scrutinee: Place,
        arms: Vec<Arm>,
    },
    /// `loop`; `while c {}` is `loop { if !c { break } … }`.
    Loop {
        body: Block,
    },
    Break,
    Continue,
    /// `return e` or the body's tail expression.
    Return(Expr),
    Sleep(SleepFor),
    /// `fail!(…)`, `return Err(e)`: the execution fails with an error name and a cause.
    Fail {
        error: Option<Text>,
        cause: Option<Text>,
    },
    /// `match task(x) { Ok(v) => ok, Err(E::A) => …, Err(e) => … }`: the call's errors are
    /// caught. `value` is a `Call` (or `Parallel` / `Map`); on success its result goes to
    /// `var` and `ok` runs; on an error the first catcher whose names match runs, with the
    /// error object (`{"Error", "Cause"}`) in its `var`.
    Try {
        var: Option<VarId>,
        value: Expr,
        ok: Block,
        catchers: Vec<ErrArm>,
    },
    /// `for var in items { body }`: sequential, in order.
    For {
        var: VarId,
        items: Place,
        body: Block,
    },
}

/// One `Err(…)` arm of a caught call.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrArm {
    /// ASL error names (`States.ALL` matches every error; it must come last).
    pub errors: Vec<String>,
    /// Where the error object `{"Error": name, "Cause": text}` goes, if bound.
    pub var: Option<VarId>,
    pub body: Block,
}

/// A value: where the lowering finds or builds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Place(Place),
    Literal(Value),
    /// A struct literal: fields by JSON name (the macro resolves names via the shape).
    Struct {
        shape: Shape,
        fields: Vec<(String, Expr)>,
    },
    Call(Box<Call>),
    /// `parallel!(a(..), { …; b(..) })`: the branches run concurrently on the same input;
    /// each is a block ending in `Return(value)`. The value is the array of the branches'
    /// values in order (`Shape::Tuple`).
    Parallel(Vec<Block>),
    /// `map(items, |item| …)`: the body runs for each item (the `Map` state).
    Map(Box<MapExpr>),
    /// An intrinsic function (`States.Format`, `States.MathAdd`, …) of values.
    Intrinsic {
        function: Intrinsic,
        args: Vec<Expr>,
    },
    /// A field of the context object (`ctx().execution.id` → `["Execution", "Id"]`).
    Context(Vec<String>),
    /// `vec![a, b]`, `[a, b]`, a tuple `(a, b)`: a JSON array of the items' values.
    Array(Vec<Expr>),
    /// A pure Rust expression computed in the state machine (JSONata workflows only).
    Compute(Box<Compute>),
}

/// The intrinsic functions (`Intrinsic::name()` is `States.Format`, …): the same type the
/// document model's intrinsic parser uses.
pub use crate::intrinsic::Intrinsic;

/// A `Map` state: the items, the processor and its options.
#[derive(Debug, Clone, PartialEq)]
pub struct MapExpr {
    pub items: MapItems,
    /// The closure's parameter: one item (or one batch, with `batch`).
    pub item: VarId,
    /// The processor; it ends in `Return(value)`, the item's result. It reads outer
    /// variables (they are passed with `ItemSelector`) but cannot assign them.
    pub body: Block,
    pub options: MapOptions,
}

#[derive(Debug, Clone, PartialEq)]
pub enum MapItems {
    /// An array in the state.
    Place(Place),
    /// A distributed map's `ItemReader` (`arn:aws:states:::s3:getObject`, `s3:listObjectsV2`).
    Reader(ReaderSpec),
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReaderSpec {
    pub resource: String,
    /// `Parameters` (Bucket, Key / Prefix) as a struct or literal expression.
    pub parameters: Expr,
    /// `ReaderConfig` (InputType, CSVHeaderLocation, MaxItems, …), literal.
    pub reader_config: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct MapOptions {
    pub max_concurrency: Option<u64>,
    /// `Some(kind)` for a distributed map (`ProcessorConfig.Mode = DISTRIBUTED`).
    pub distributed: Option<ExecutionType>,
    pub tolerated_failure_count: Option<u64>,
    pub tolerated_failure_percentage: Option<f64>,
    pub batch: Option<Batching>,
    /// `ResultWriter` `Parameters` (Bucket, Prefix): results are written to S3.
    pub result_writer: Option<Value>,
    pub label: Option<String>,
}

/// A distributed map's child executions: the document model's type, not a copy.
pub use crate::document::ExecutionType;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Batching {
    pub max_items: Option<u64>,
    pub max_input_bytes: Option<u64>,
}

/// A variable, or a path of Rust field names into it (`o.detail.items`).
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub var: VarId,
    pub fields: Vec<String>,
}

impl Place {
    pub fn var(var: VarId) -> Place {
        Place {
            var,
            fields: Vec::new(),
        }
    }

    pub fn field(mut self, rust: &str) -> Place {
        self.fields.push(rust.to_string());
        self
    }
}

/// A call of a `#[task]` fn.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub task: TaskSpec,
    /// `None` for a task that takes `()`.
    pub arg: Option<Expr>,
}

/// What `#[task]` declares: the resource and the task's types and policies.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskSpec {
    /// The Rust fn name (also the default state name, in PascalCase).
    pub name: String,
    pub resource: TaskResource,
    pub input: Shape,
    pub output: Shape,
    pub retry: Vec<RetryPolicy>,
    pub timeout_seconds: Option<u64>,
    pub heartbeat_seconds: Option<u64>,
    /// `timeout = input.field`: a field of the task's input (Rust name) holding seconds
    /// (`TimeoutSecondsPath`); likewise for the heartbeat.
    pub timeout_field: Option<String>,
    pub heartbeat_field: Option<String>,
    /// The argument goes inside fixed `Parameters` (a nested execution's `Input`), and the
    /// typed result is a field of the raw one (its `Output`).
    pub envelope: Option<Envelope>,
}

/// `Parameters` around a task's argument and the field of the result that holds its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Envelope {
    /// The fixed fields (`{"StateMachineArn": "…"}`); keys ending in `.$` are paths.
    pub parameters: Value,
    /// The key the argument goes under (`Input`).
    pub argument_key: String,
    /// The field of the raw result that is the typed value (`Output`).
    pub output_field: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TaskResource {
    /// A Lambda function name or ARN, invoked directly (`Resource` = the ARN).
    Lambda(String),
    Activity(String),
    /// Any resource string (`arn:aws:states:::sqs:sendMessage`, …).
    Arn(String),
    /// `{"Fn::GetAtt": [logical_id, "Arn"]}`: the ARN of a function or activity declared in
    /// the same CloudFormation / serverless template.
    GetAtt(String),
    /// `{"Ref": logical_id}` (an activity's `Ref` is its ARN).
    Ref(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    pub errors: Vec<String>,
    pub interval_seconds: Option<u64>,
    pub max_attempts: Option<i64>,
    pub backoff_rate: Option<f64>,
    pub max_delay_seconds: Option<u64>,
    pub jitter_full: Option<bool>,
}

/// A Boolean condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Cond {
    And(Box<Cond>, Box<Cond>),
    Or(Box<Cond>, Box<Cond>),
    Not(Box<Cond>),
    /// `place OP rhs`; the comparison kind follows the place's shape.
    Compare {
        place: Place,
        op: CmpOp,
        rhs: Rhs,
    },
    /// A `bool` place on its own.
    IsTrue(Place),
    /// `opt.is_some()`.
    IsSome(Place),
    /// `opt.is_none()`.
    IsNone(Place),
    Literal(bool),
    /// A Boolean computed by an intrinsic (`items.contains(&x)`): the lowering computes it
    /// into the state before the `Choice` that tests it.
    Value(Expr),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Rhs {
    Literal(Value),
    Place(Place),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Arm {
    pub pattern: Pattern,
    pub body: Block,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Pattern {
    /// `_` or a binding that matches anything.
    Wildcard,
    /// `Enum::Variant` (unit or with ignored data) by Rust variant name.
    Variant(String),
    /// `Some(_)` / `None` on an `Option`.
    Some,
    None,
    /// A string, number or bool literal.
    Literal(Value),
    /// `a..b` / `a..=b` (either end may be open).
    Range {
        start: Option<Value>,
        end: Option<Value>,
        inclusive: bool,
    },
    /// `p | q`.
    Or(Vec<Pattern>),
    /// `Some(p)`: matches a present, non-null value that matches `p`.
    SomeOf(Box<Pattern>),
}

/// How long a `sleep` lasts.
#[derive(Debug, Clone, PartialEq)]
pub enum SleepFor {
    Seconds(u64),
    /// Seconds taken from a payload field.
    SecondsAt(Place),
    /// `sleep_until("2026-01-01T00:00:00Z")`.
    Until(String),
    /// `sleep_until(x.ts)`.
    UntilAt(Place),
}

/// A literal text or one read from a payload field.
#[derive(Debug, Clone, PartialEq)]
pub enum Text {
    Literal(String),
    At(Place),
}

impl From<&str> for Text {
    fn from(text: &str) -> Text {
        Text::Literal(text.to_string())
    }
}

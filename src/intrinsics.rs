//! The intrinsic functions of Step Functions (`States.Hash`, `States.ArrayRange`, …) as plain fns.
//!
//! In a `#[workflow]` body each call becomes an `ir::Expr::Intrinsic`; natively each fn
//! computes its value with asl-local's implementation of the intrinsic, so a native run and
//! an execution in Step Functions agree (same rounding, same errors). `format!`, `vec![…]`,
//! `a + b`, `x.len()`, `x.contains(&v)` and `items[i]` are the other intrinsics; they need no
//! fn here.

use std::cell::RefCell;
use std::rc::Rc;

use serde::{de::DeserializeOwned, Serialize};
use serde_json::{Number, Value};

use crate::runtime::{fail, Draws, Failure};

/// The algorithms of `States.Hash`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HashAlgorithm {
    Md5,
    Sha1,
    Sha256,
    Sha384,
    Sha512,
}

impl HashAlgorithm {
    /// The name `States.Hash` takes: `MD5`, `SHA-1`, `SHA-256`, `SHA-384`, `SHA-512`.
    pub fn asl_name(self) -> &'static str {
        match self {
            HashAlgorithm::Md5 => "MD5",
            HashAlgorithm::Sha1 => "SHA-1",
            HashAlgorithm::Sha256 => "SHA-256",
            HashAlgorithm::Sha384 => "SHA-384",
            HashAlgorithm::Sha512 => "SHA-512",
        }
    }
}

fn to_json(value: impl Serialize, what: &str) -> Value {
    serde_json::to_value(value).unwrap_or_else(|e| {
        fail(Failure {
            error: "States.Runtime".into(),
            cause: format!("{what}: the argument does not serialize: {e}"),
        })
    })
}

/// Evaluates `function` on JSON arguments as Step Functions does; an error ends the native
/// run with the intrinsic's ASL error (`States.IntrinsicFailure`).
fn evaluate<R: DeserializeOwned>(function: &str, args: Vec<Value>) -> R {
    evaluate_with(function, args, None)
}

/// [`evaluate`] for an intrinsic drawing randomness: a test's fixed values come first, and a
/// draw past them ends the native run saying so.
fn evaluate_drawing<R: DeserializeOwned>(function: &str, args: Vec<Value>) -> R {
    evaluate_with(function, args, crate::runtime::current_draws())
}

fn evaluate_with<R: DeserializeOwned>(
    function: &str,
    args: Vec<Value>,
    draws: Option<Rc<RefCell<Draws>>>,
) -> R {
    let source = draws.clone().map(|d| asl_local::EntropySource(d));
    let value = asl_local::intrinsics::evaluate_with(function, &args, source)
        .unwrap_or_else(|(error, cause)| fail(Failure { error, cause }));
    if let Some(failure) = draws.as_ref().and_then(crate::runtime::ran_out) {
        fail(failure);
    }
    serde_json::from_value(value).unwrap_or_else(|e| {
        fail(Failure {
            error: "States.Runtime".into(),
            cause: format!("{function}: the result does not fit its type: {e}"),
        })
    })
}

/// `States.Format`, for the `format!` of a workflow run natively: `template` is in ASL's
/// syntax (`{}` placeholders, `\{` for a literal brace).
#[doc(hidden)]
pub fn format_template(template: &str, args: Vec<Value>) -> String {
    let mut all = vec![Value::String(template.to_string())];
    all.extend(args);
    evaluate("States.Format", all)
}

/// `States.UUID`: a random version-4 UUID (in a test, the next of `Env::uuids`).
pub fn uuid() -> String {
    evaluate_drawing("States.UUID", Vec::new())
}

/// `States.Hash`: the hex digest of a string.
pub fn hash(value: impl AsRef<str>, algorithm: HashAlgorithm) -> String {
    evaluate(
        "States.Hash",
        vec![
            Value::String(value.as_ref().to_string()),
            Value::String(algorithm.asl_name().to_string()),
        ],
    )
}

/// `States.Base64Encode`: the Base64 of a string's UTF-8 bytes.
pub fn base64_encode(value: impl AsRef<str>) -> String {
    evaluate(
        "States.Base64Encode",
        vec![Value::String(value.as_ref().to_string())],
    )
}

/// `States.Base64Decode`: the text a Base64 string encodes.
pub fn base64_decode(value: impl AsRef<str>) -> String {
    evaluate(
        "States.Base64Decode",
        vec![Value::String(value.as_ref().to_string())],
    )
}

/// `States.ArrayRange`: `start`, `start + step`, … up to `end` inclusive (at most 1,000 numbers).
pub fn array_range(
    start: impl Into<Number>,
    end: impl Into<Number>,
    step: impl Into<Number>,
) -> Vec<i64> {
    evaluate(
        "States.ArrayRange",
        vec![
            Value::Number(start.into()),
            Value::Number(end.into()),
            Value::Number(step.into()),
        ],
    )
}

/// `States.ArrayPartition`: the items in chunks of `size` (the last may be shorter).
pub fn partition<T: Serialize + DeserializeOwned>(
    items: impl AsRef<[T]>,
    size: impl Into<Number>,
) -> Vec<Vec<T>> {
    evaluate(
        "States.ArrayPartition",
        vec![
            to_json(items.as_ref(), "States.ArrayPartition"),
            Value::Number(size.into()),
        ],
    )
}

/// `States.ArrayUnique`: the items without repeats, first occurrences in order.
pub fn unique<T: Serialize + DeserializeOwned>(items: impl AsRef<[T]>) -> Vec<T> {
    evaluate(
        "States.ArrayUnique",
        vec![to_json(items.as_ref(), "States.ArrayUnique")],
    )
}

/// `States.JsonMerge(a, b, false)`: `a`'s fields with `b`'s on top (shallow).
pub fn merge<T: Serialize + DeserializeOwned>(a: T, b: impl Serialize) -> T {
    evaluate(
        "States.JsonMerge",
        vec![
            to_json(a, "States.JsonMerge"),
            to_json(b, "States.JsonMerge"),
            Value::Bool(false),
        ],
    )
}

/// `States.JsonToString`: the compact JSON text of a value.
pub fn to_json_string(value: impl Serialize) -> String {
    evaluate(
        "States.JsonToString",
        vec![to_json(value, "States.JsonToString")],
    )
}

/// `States.StringToJson`: the value a JSON text holds.
pub fn from_json_string<T: DeserializeOwned>(text: impl AsRef<str>) -> T {
    evaluate(
        "States.StringToJson",
        vec![Value::String(text.as_ref().to_string())],
    )
}

/// `States.MathRandom`: a random integer from `start` to `end`, both included (in a test,
/// from the next of `Env::random_values`).
pub fn random(start: impl Into<Number>, end: impl Into<Number>) -> i64 {
    evaluate_drawing(
        "States.MathRandom",
        vec![Value::Number(start.into()), Value::Number(end.into())],
    )
}

/// `States.StringSplit`: the non-empty pieces of `text` between any of the characters of `separators`.
pub fn split(text: impl AsRef<str>, separators: impl AsRef<str>) -> Vec<String> {
    evaluate(
        "States.StringSplit",
        vec![
            Value::String(text.as_ref().to_string()),
            Value::String(separators.as_ref().to_string()),
        ],
    )
}

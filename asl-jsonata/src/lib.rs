//! JSONata 2.0.6 as AWS Step Functions runs it: parse, evaluate and print expressions.
//!
//! ```
//! let expr = asl_jsonata::Expression::parse("(items[0].price + items[1].price) * 2").unwrap();
//! let input = serde_json::json!({"items": [{"price": 1.5}, {"price": 2}]});
//! assert_eq!(expr.evaluate(Some(&input), &Default::default()).unwrap(), Some(serde_json::json!(7)));
//! ```

pub mod ast;
mod datetime;
mod error;
pub mod eval;
pub mod functions;
pub mod print;
pub mod regex;
pub mod signature;
pub mod stringify;
mod syntax;
pub mod value;

use std::time::{Duration, Instant};

pub use error::Error;
pub use syntax::MAX_NESTING;
pub use value::Value;

use eval::{Evaluator, Frame};

/// A parsed expression, ready to evaluate any number of times.
#[derive(Debug, Clone)]
pub struct Expression {
    root: ast::Node,
    labels: Vec<String>,
}

/// How one evaluation runs: variables bound by the caller (`$states`, workflow variables),
/// and the limits that stop a hostile or runaway expression.
#[derive(Debug, Clone)]
pub struct Options {
    pub bindings: indexmap::IndexMap<String, serde_json::Value>,
    /// Deepest nesting of evaluation (recursion) before error U1001.
    pub max_depth: usize,
    /// Longest an evaluation may run before error U1001.
    pub time_limit: Option<Duration>,
    /// What `$now()` and `$millis()` return, in milliseconds since the epoch (default: the clock).
    pub now_millis: Option<f64>,
    /// Seed of `$random()` and `$uuid()` (default: from the clock).
    pub random_seed: Option<u64>,
    /// Values `$random()` and `$uuid()` return before the seeded generator's (a test's own).
    pub entropy: Option<EntropySource>,
}

/// Where a test's fixed values for `$random()` and `$uuid()` come from; shared by every
/// evaluation it is given to, so one execution draws them in order.
pub trait Entropy {
    /// The next `$random()` (in [0, 1)), or `None` for the seeded generator's.
    fn random(&mut self) -> Option<f64>;
    /// The next `$uuid()`, or `None` for the seeded generator's.
    fn uuid(&mut self) -> Option<String>;
}

/// An [`Entropy`] shared between evaluations.
#[derive(Clone)]
pub struct EntropySource(pub std::rc::Rc<std::cell::RefCell<dyn Entropy>>);

// A panic mid-evaluation leaves at worst a sequence partly drawn: `Options` stays usable
// across `catch_unwind`, as it was before it could hold a source.
impl std::panic::UnwindSafe for EntropySource {}
impl std::panic::RefUnwindSafe for EntropySource {}

impl std::fmt::Debug for EntropySource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("EntropySource")
    }
}

impl Default for Options {
    fn default() -> Self {
        Options {
            bindings: Default::default(),
            max_depth: 10_000,
            time_limit: Some(Duration::from_secs(10)),
            now_millis: None,
            random_seed: None,
            entropy: None,
        }
    }
}

fn clock_millis() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_millis() as f64)
}

impl Expression {
    /// Parse JSONata source (the text inside `{% … %}`).
    pub fn parse(src: &str) -> Result<Expression, Error> {
        let (root, labels) = syntax::parse(src)?;
        Ok(Expression { root, labels })
    }

    pub fn ast(&self) -> &ast::Node {
        &self.root
    }

    /// Evaluate against a JSON input (`None`: no input, JavaScript's `undefined`); `None`
    /// back when the result is undefined.
    pub fn evaluate(
        &self,
        input: Option<&serde_json::Value>,
        options: &Options,
    ) -> Result<Option<serde_json::Value>, Error> {
        let input = input.map_or(Value::Undefined, Value::from_json);
        let bindings = options
            .bindings
            .iter()
            .map(|(k, v)| (k.clone(), Value::from_json(v)))
            .collect();
        Ok(self.evaluate_value(input, bindings, options)?.to_json())
    }

    /// Evaluate with values in and out, for callers that bind functions or keep sequences.
    pub fn evaluate_value(
        &self,
        input: Value,
        bindings: Vec<(String, Value)>,
        options: &Options,
    ) -> Result<Value, Error> {
        let root = Frame::root();
        for (k, v) in bindings {
            root.bind(&k, v);
        }
        root.bind("$", input.clone());
        let input = match input {
            Value::Array(a) if !a.sequence => Value::Array(std::rc::Rc::new(value::Array {
                items: vec![Value::Array(a)],
                sequence: true,
                outer_wrapper: true,
                ..Default::default()
            })),
            other => other,
        };
        let now = options.now_millis.unwrap_or_else(clock_millis);
        let seed = options.random_seed.unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0x9E37_79B9, |d| d.as_nanos() as u64)
        });
        let deadline = options.time_limit.map(|t| Instant::now() + t);
        let mut evaluator = Evaluator::new(&self.labels, options.max_depth, deadline, now, seed);
        evaluator.entropy = options.entropy.clone();
        evaluator.evaluate(&self.root, &input, &root)
    }
}

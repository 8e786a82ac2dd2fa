//! The function values of the language and the table of built-in functions (`$sum`, `$map`, …).
//!
//! Built-ins are plain Rust functions over [`Value`]s: the evaluator checks and coerces their
//! arguments against the reference's signature string first (a missing `-` argument becomes
//! the context, a lone value passed to an `a<…>` parameter becomes an array), then calls
//! `run` with what was supplied (trailing optional arguments may be absent).

use std::rc::Rc;

use crate::eval::Closure;
use crate::value::Value;
use crate::Error;

/// A function value: a built-in, a lambda with its captured scope, a partial application,
/// or a regular expression (which the reference also treats as a function).
#[derive(Debug)]
pub enum Function {
    Builtin(&'static Builtin),
    Lambda(Closure),
    /// `f(?, 2)`: the target with some arguments fixed; `None` marks a `?` placeholder.
    Partial {
        target: Value,
        args: Vec<Option<Value>>,
    },
    Regex(Rc<crate::regex::Matcher>),
    /// `| pattern | update, delete |`: a function from an object to its transformed copy.
    Transform {
        spec: Rc<crate::ast::Transform>,
        env: Rc<crate::eval::Frame>,
    },
}

/// One built-in: its name without `$`, its signature in the reference's notation
/// (`<a<n>:n>`), and its implementation.
pub struct Builtin {
    pub name: &'static str,
    pub signature: &'static str,
    pub run: fn(&mut dyn Host, &[Value]) -> Result<Value, Error>,
}

impl std::fmt::Debug for Builtin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "${}", self.name)
    }
}

/// What a built-in may ask of the evaluation that calls it.
pub trait Host {
    /// Call a function value (a lambda, built-in, partial or regex) with these arguments.
    fn apply(&mut self, function: &Value, args: &[Value]) -> Result<Value, Error>;
    /// The time of this evaluation in milliseconds since the epoch: `$now()` and `$millis()`
    /// return the same instant throughout one evaluation, as the reference does.
    fn now_millis(&self) -> f64;
    /// A uniformly distributed number in [0, 1).
    fn random(&mut self) -> f64;
    /// A random (version 4) UUID.
    fn uuid(&mut self) -> String;
    /// Fail when the evaluation has run past its time limit; long loops inside built-ins
    /// call this so a hostile expression cannot hang.
    fn check_time(&mut self) -> Result<(), Error>;
}

impl Function {
    /// How many arguments the function takes: the higher-order built-ins (`$map`, `$filter`,
    /// `$reduce`, `$sort`, `$each`, `$sift`, …) pass only as many as this.
    pub fn arity(&self) -> usize {
        match self {
            // The reference counts a JavaScript function's declared parameters, where
            // `$string`'s `prettify` has a default and `$zip` takes `arguments`.
            Function::Builtin(b) if b.name == "string" => 1,
            Function::Builtin(b) if b.name == "zip" => 0,
            Function::Builtin(b) => crate::signature::parameter_count(b.signature),
            Function::Lambda(c) => c.params.len(),
            Function::Partial { args, .. } => args.iter().filter(|a| a.is_none()).count(),
            Function::Regex(_) | Function::Transform { .. } => 1,
        }
    }
}

/// The built-in function called `name` (without `$`).
pub fn lookup(name: &str) -> Option<&'static Builtin> {
    TABLES
        .iter()
        .flat_map(|t| t.iter())
        .find(|b| b.name == name)
}

mod collection;
mod core;
mod encoding;
mod format_number;
mod hof;
mod numeric;
mod sfn;
mod string;

const TABLES: &[&[Builtin]] = &[
    core::FUNCTIONS,
    string::FUNCTIONS,
    numeric::FUNCTIONS,
    collection::FUNCTIONS,
    hof::FUNCTIONS,
    encoding::FUNCTIONS,
    format_number::FUNCTIONS,
    crate::datetime::FUNCTIONS,
    sfn::FUNCTIONS,
];

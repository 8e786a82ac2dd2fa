//! The evaluator: an AST and an input to a value, with jsonata-js 2.0.6 semantics.
//!
//! One `Evaluator` runs one evaluation: it holds the limits (nesting depth, a deadline), the
//! instant `$now()` returns, the random source, and the ancestor labels of the expression.

mod apply;
mod frame;
mod operators;
pub(crate) mod path;

use std::collections::HashMap;
use std::rc::Rc;
use std::time::Instant;

pub(crate) use apply::deep_clone;
pub use frame::Frame;
pub(crate) use operators::{check_finite, js_string_cmp};

use crate::ast::{Kind, Lambda, Node, Stage};
use crate::functions::{Function, Host};
use crate::regex::Matcher;
use crate::value::{Array, Value};
use crate::Error;

/// A lambda with the scope it was defined in.
#[derive(Debug)]
pub struct Closure {
    pub(crate) params: Vec<String>,
    pub(crate) lambda: Rc<Lambda>,
    pub(crate) env: Rc<Frame>,
    pub(crate) input: Value,
}

/// The state of one evaluation.
pub struct Evaluator<'e> {
    pub(crate) labels: &'e [String],
    depth: usize,
    max_depth: usize,
    deadline: Option<Instant>,
    ticks: u32,
    now: f64,
    rng: u64,
    /// Fixed values for `$random()` and `$uuid()`, drawn before the seeded generator.
    pub(crate) entropy: Option<crate::EntropySource>,
    regexes: HashMap<(String, String), Rc<Matcher>>,
}

/// Red zone and growth for the evaluator's stack: deep expressions continue on the heap.
pub(crate) const STACK_RED_ZONE: usize = 128 * 1024;
pub(crate) const STACK_GROWTH: usize = 4 * 1024 * 1024;

impl<'e> Evaluator<'e> {
    pub fn new(
        labels: &'e [String],
        max_depth: usize,
        deadline: Option<Instant>,
        now: f64,
        seed: u64,
    ) -> Self {
        Evaluator {
            labels,
            depth: 0,
            max_depth,
            deadline,
            ticks: 0,
            now,
            rng: seed | 1,
            entropy: None,
            regexes: HashMap::new(),
        }
    }

    fn enter(&mut self, node: &Node) -> Result<(), Error> {
        self.depth += 1;
        if self.depth > self.max_depth {
            return Err(Error::new(
                "U1001",
                format!(
                    "stack overflow: expressions nested deeper than {} levels (a non-terminating recursive function?); rewrite it as tail-recursive",
                    self.max_depth
                ),
            )
            .at(node.pos));
        }
        self.tick()
    }

    fn tick(&mut self) -> Result<(), Error> {
        self.ticks = self.ticks.wrapping_add(1);
        if self.ticks.is_multiple_of(64) {
            if let Some(deadline) = self.deadline {
                if Instant::now() > deadline {
                    return Err(Error::new(
                        "U1001",
                        "expression evaluation timeout: check for infinite loops",
                    ));
                }
            }
        }
        Ok(())
    }

    /// Evaluate `node` with `input` as the context, in scope `env`.
    pub fn evaluate(
        &mut self,
        node: &Node,
        input: &Value,
        env: &Rc<Frame>,
    ) -> Result<Value, Error> {
        self.enter(node)?;
        let result = stacker::maybe_grow(STACK_RED_ZONE, STACK_GROWTH, || {
            self.evaluate_node(node, input, env)
        });
        self.depth -= 1;
        let mut result = result?;
        if let Value::Array(a) = &result {
            if a.sequence && !a.tuple_stream {
                if node.keep_array && !a.keep_singleton {
                    Rc::make_mut(match &mut result {
                        Value::Array(a) => a,
                        _ => unreachable!(),
                    })
                    .keep_singleton = true;
                }
                let Value::Array(a) = &result else {
                    unreachable!()
                };
                match a.items.len() {
                    0 => return Ok(Value::Undefined),
                    1 if !a.keep_singleton => return Ok(a.items[0].clone()),
                    _ => {}
                }
            }
        }
        Ok(result)
    }

    fn evaluate_node(
        &mut self,
        node: &Node,
        input: &Value,
        env: &Rc<Frame>,
    ) -> Result<Value, Error> {
        let mut result = match &node.kind {
            Kind::Path(steps) => self.path(node, steps, input, env)?,
            Kind::Binary(op, lhs, rhs) => self.binary(node, *op, lhs, rhs, input, env)?,
            Kind::Negate(inner) => match self.evaluate(inner, input, env)? {
                Value::Undefined => Value::Undefined,
                // NaN (`1 % 0`) is not numeric to the reference: it cannot be negated.
                Value::Number(n) if !n.is_nan() => {
                    operators::check_finite(n).map_err(|e| e.at(node.pos))?;
                    Value::Number(-n)
                }
                other => {
                    return Err(Error::new(
                        "D1002",
                        format!("cannot negate a non-numeric value: {}", describe(&other)),
                    )
                    .at(node.pos))
                }
            },
            Kind::Array(items) => self.array_constructor(node, items, input, env)?,
            Kind::Object(pairs) => self.group(pairs, node.pos, input, env)?,
            Kind::Name(name) => lookup(input, name),
            Kind::String(s) => Value::string(s.as_str()),
            Kind::Number(n) => Value::Number(*n),
            Kind::Bool(b) => Value::Bool(*b),
            Kind::Null => Value::Null,
            Kind::Wildcard => path::wildcard(input),
            Kind::Descendant => path::descendants(input),
            Kind::Parent(slot) => env.lookup(&self.labels[*slot]).unwrap_or_default(),
            Kind::Condition(cond, then, otherwise) => {
                let c = self.evaluate(cond, input, env)?;
                if c.truthy()? == Some(true) {
                    self.evaluate(then, input, env)?
                } else if let Some(e) = otherwise {
                    self.evaluate(e, input, env)?
                } else {
                    Value::Undefined
                }
            }
            Kind::Block(items) => {
                let frame = Frame::child(env);
                let mut result = Value::Undefined;
                for item in items {
                    result = self.evaluate(item, input, &frame)?;
                }
                result
            }
            Kind::Bind(name, rhs) => {
                let value = self.evaluate(rhs, input, env)?;
                env.bind(name, value.clone());
                value
            }
            Kind::Regex { pattern, flags } => {
                let key = (pattern.clone(), flags.clone());
                let matcher = match self.regexes.get(&key) {
                    Some(m) => m.clone(),
                    None => {
                        let m = Rc::new(Matcher::new(pattern, flags).map_err(|e| e.at(node.pos))?);
                        self.regexes.insert(key, m.clone());
                        m
                    }
                };
                Value::Function(Rc::new(Function::Regex(matcher)))
            }
            Kind::Variable(name) => self.variable(name, input, env),
            Kind::Call { procedure, args } => self.call(node, procedure, args, input, env, None)?,
            Kind::Lambda(lambda) => Value::Function(Rc::new(Function::Lambda(Closure {
                params: lambda.params.clone(),
                lambda: lambda.clone(),
                env: env.clone(),
                input: input.clone(),
            }))),
            Kind::Partial { procedure, args } => self.partial(node, procedure, args, input, env)?,
            Kind::Apply(lhs, rhs) => self.apply_operator(node, lhs, rhs, input, env)?,
            Kind::Transform(t) => Value::Function(Rc::new(Function::Transform {
                spec: t.clone(),
                env: env.clone(),
            })),
            Kind::Sort(_) => Value::Undefined,
        };
        for stage in &node.step.predicate {
            if let Stage::Filter(predicate) = stage {
                result = self.filter(predicate, result, env)?;
            }
        }
        if !matches!(node.kind, Kind::Path(_)) {
            if let Some(group) = &node.step.group {
                result = self.group(&group.pairs, group.pos, &result, env)?;
            }
        }
        Ok(result)
    }

    fn variable(&mut self, name: &str, input: &Value, env: &Rc<Frame>) -> Value {
        if name.is_empty() {
            return match input {
                Value::Array(a) if a.outer_wrapper => a.items.first().cloned().unwrap_or_default(),
                other => other.clone(),
            };
        }
        if let Some(v) = env.lookup(name) {
            return v;
        }
        match crate::functions::lookup(name) {
            Some(b) => Value::Function(Rc::new(Function::Builtin(b))),
            None => Value::Undefined,
        }
    }

    fn array_constructor(
        &mut self,
        node: &Node,
        items: &[Node],
        input: &Value,
        env: &Rc<Frame>,
    ) -> Result<Value, Error> {
        let mut out = Vec::new();
        for item in items {
            let value = self.evaluate(item, input, env)?;
            match value {
                Value::Undefined => {}
                v if matches!(item.kind, Kind::Array(_)) => out.push(v),
                Value::Array(a) => out.extend(a.items.iter().cloned()),
                v => out.push(v),
            }
        }
        Ok(Value::Array(Rc::new(Array {
            items: out,
            cons: node.step.cons_array,
            ..Array::default()
        })))
    }
}

/// The value of field `key` of `input`; over an array, of each item, flattened.
pub fn lookup(input: &Value, key: &str) -> Value {
    match input {
        Value::Array(a) => {
            let mut out = Vec::new();
            for item in &a.items {
                match lookup(item, key) {
                    Value::Undefined => {}
                    Value::Array(inner) => out.extend(inner.items.iter().cloned()),
                    v => out.push(v),
                }
            }
            Value::sequence(out)
        }
        Value::Object(o) => o.get(key).cloned().unwrap_or_default(),
        _ => Value::Undefined,
    }
}

/// A value as an error message shows it.
pub(crate) fn describe(value: &Value) -> String {
    match value {
        Value::Undefined => "undefined".into(),
        Value::Function(_) => "a function".into(),
        v => v.to_json().map(|j| j.to_string()).unwrap_or_default(),
    }
}

impl Host for Evaluator<'_> {
    fn apply(&mut self, function: &Value, args: &[Value]) -> Result<Value, Error> {
        self.apply(function, args.to_vec(), &Value::Undefined)
    }

    fn now_millis(&self) -> f64 {
        self.now
    }

    fn random(&mut self) -> f64 {
        let fixed = self
            .entropy
            .as_ref()
            .and_then(|e| e.0.borrow_mut().random());
        fixed.unwrap_or_else(|| self.seeded_random())
    }

    fn uuid(&mut self) -> String {
        match self.entropy.as_ref().and_then(|e| e.0.borrow_mut().uuid()) {
            Some(fixed) => fixed,
            None => self.seeded_uuid(),
        }
    }

    fn check_time(&mut self) -> Result<(), Error> {
        self.tick()
    }
}

impl Evaluator<'_> {
    fn seeded_random(&mut self) -> f64 {
        // xorshift64*: fast, and reproducible from the seed given to the evaluation.
        let mut x = self.rng;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.rng = x;
        (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }

    fn seeded_uuid(&mut self) -> String {
        let mut bytes = [0u8; 16];
        for chunk in bytes.chunks_mut(4) {
            let r = (self.seeded_random() * 4_294_967_296.0) as u32;
            chunk.copy_from_slice(&r.to_be_bytes());
        }
        bytes[6] = (bytes[6] & 0x0f) | 0x40;
        bytes[8] = (bytes[8] & 0x3f) | 0x80;
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        format!(
            "{}-{}-{}-{}-{}",
            &hex[0..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..32]
        )
    }
}

//! Calling functions: invocation, partial application, `~>`, the tail-call trampoline,
//! signature checks, and transform expressions.

use std::rc::Rc;

use super::frame::Frame;
use super::{Closure, Evaluator};
use crate::ast::{Kind, Node, Transform};
use crate::functions::Function;
use crate::signature::Signature;
use crate::value::{Object, Value};
use crate::Error;

thread_local! {
    /// `λ($f, $g) { λ($x) { $g($f($x)) } }`: function composition for `f ~> g`.
    static CHAIN: crate::Expression = crate::Expression::parse("function($f, $g) { function($x){ $g($f($x)) } }")
        .expect("the composition lambda parses");
}

/// The name a call site uses for its procedure, for "did you forget the $" errors.
fn procedure_name(procedure: &Node) -> Option<&str> {
    match &procedure.kind {
        Kind::Path(steps) => match &steps.first()?.kind {
            Kind::Name(n) => Some(n),
            _ => None,
        },
        _ => None,
    }
}

fn is_thunk(v: &Value) -> Option<(Rc<crate::ast::Lambda>, Rc<Frame>, Value)> {
    match v {
        Value::Function(f) => match &**f {
            Function::Lambda(c) if c.lambda.thunk => {
                Some((c.lambda.clone(), c.env.clone(), c.input.clone()))
            }
            _ => None,
        },
        _ => None,
    }
}

impl Evaluator<'_> {
    fn forgot_dollar(
        &self,
        code: &'static str,
        procedure: &Node,
        env: &Rc<Frame>,
        pos: usize,
    ) -> Option<Error> {
        let name = procedure_name(procedure)?;
        let known = env.lookup(name).is_some() || crate::functions::lookup(name).is_some();
        known.then(|| {
            Error::new(
                code,
                format!("'{name}' is not a function here; did you mean ${name}?"),
            )
            .at(pos)
        })
    }

    pub(super) fn call(
        &mut self,
        node: &Node,
        procedure: &Node,
        args: &[Node],
        input: &Value,
        env: &Rc<Frame>,
        context: Option<Value>,
    ) -> Result<Value, Error> {
        let proc = self.evaluate(procedure, input, env)?;
        if proc.is_undefined() {
            if let Some(e) = self.forgot_dollar("T1005", procedure, env, node.pos) {
                return Err(e);
            }
        }
        let mut values = Vec::with_capacity(args.len() + 1);
        values.extend(context);
        for arg in args {
            values.push(self.evaluate(arg, input, env)?);
        }
        self.apply(&proc, values, input).map_err(|e| {
            if e.position.is_none() {
                e.at(node.pos)
            } else {
                e
            }
        })
    }

    /// Apply a function, running tail calls returned as thunks until a value comes back.
    pub(crate) fn apply(
        &mut self,
        proc: &Value,
        args: Vec<Value>,
        input: &Value,
    ) -> Result<Value, Error> {
        let mut result = self.apply_inner(proc, args, input)?;
        while let Some((lambda, thunk_env, thunk_input)) = is_thunk(&result) {
            let Kind::Call { procedure, args } = &lambda.body.kind else {
                break;
            };
            let next = self.evaluate(procedure, &thunk_input, &thunk_env)?;
            let mut values = Vec::with_capacity(args.len());
            for arg in args {
                values.push(self.evaluate(arg, &thunk_input, &thunk_env)?);
            }
            result = self.apply_inner(&next, values, input).map_err(|e| {
                if e.position.is_none() {
                    e.at(lambda.body.pos)
                } else {
                    e
                }
            })?;
        }
        Ok(result)
    }

    fn apply_inner(
        &mut self,
        proc: &Value,
        args: Vec<Value>,
        input: &Value,
    ) -> Result<Value, Error> {
        self.tick()?;
        let Value::Function(f) = proc else {
            return Err(Error::new("T1006", "attempted to invoke a non-function"));
        };
        match &**f {
            Function::Builtin(b) => {
                let args = builtin_signature(b.signature).validate(&args, input)?;
                (b.run)(self, &args).map_err(|e| e.with_function(b.name))
            }
            Function::Lambda(c) => {
                let args = match &c.lambda.signature {
                    Some((_, sig)) => sig.validate(&args, input)?,
                    None => args,
                };
                self.run_lambda(c, args)
            }
            Function::Partial {
                target,
                args: fixed,
            } => {
                let mut supplied = args.into_iter();
                let full: Vec<Value> = fixed
                    .iter()
                    .map(|a| match a {
                        Some(v) => v.clone(),
                        None => supplied.next().unwrap_or_default(),
                    })
                    .collect();
                let target = target.clone();
                self.apply_inner(&target, full, &Value::Undefined)
            }
            Function::Regex(m) => match args.first() {
                Some(Value::String(s)) => Ok(m.call(s)),
                _ => Ok(Value::Undefined),
            },
            Function::Transform { spec, env } => {
                let (spec, env) = (spec.clone(), env.clone());
                let sig = builtin_signature("<(oa):o>").validate(&args, input)?;
                self.transform(&spec, &env, sig.into_iter().next().unwrap_or_default())
            }
        }
    }

    fn run_lambda(&mut self, c: &Closure, args: Vec<Value>) -> Result<Value, Error> {
        let frame = Frame::child(&c.env);
        let mut args = args.into_iter();
        for param in &c.params {
            frame.bind(param, args.next().unwrap_or_default());
        }
        self.evaluate(&c.lambda.body, &c.input, &frame)
    }

    pub(super) fn partial(
        &mut self,
        node: &Node,
        procedure: &Node,
        args: &[Option<Node>],
        input: &Value,
        env: &Rc<Frame>,
    ) -> Result<Value, Error> {
        let mut fixed = Vec::with_capacity(args.len());
        for arg in args {
            fixed.push(match arg {
                Some(a) => Some(self.evaluate(a, input, env)?),
                None => None,
            });
        }
        let proc = self.evaluate(procedure, input, env)?;
        if proc.is_undefined() {
            if let Some(e) = self.forgot_dollar("T1007", procedure, env, node.pos) {
                return Err(e);
            }
        }
        if !proc.is_function() {
            return Err(
                Error::new("T1008", "attempted to partially apply a non-function").at(node.pos),
            );
        }
        Ok(Value::Function(Rc::new(Function::Partial {
            target: proc,
            args: fixed,
        })))
    }

    /// `lhs ~> rhs`: call rhs with lhs as its first argument, or compose two functions.
    pub(super) fn apply_operator(
        &mut self,
        node: &Node,
        lhs: &Node,
        rhs: &Node,
        input: &Value,
        env: &Rc<Frame>,
    ) -> Result<Value, Error> {
        let left = self.evaluate(lhs, input, env)?;
        if let Kind::Call { procedure, args } = &rhs.kind {
            return self.call(rhs, procedure, args, input, env, Some(left));
        }
        let func = self.evaluate(rhs, input, env)?;
        if !func.is_function() {
            return Err(Error::new(
                "T2006",
                "the right side of the function application operator ~> must be a function",
            )
            .at(node.pos));
        }
        if left.is_function() {
            let chain = CHAIN.with(|c| c.root.clone());
            let chain = self.evaluate(&chain, &Value::Null, env)?;
            return self.apply(&chain, vec![left, func], &Value::Null);
        }
        self.apply(&func, vec![left], &Value::Null)
    }

    fn transform(&mut self, spec: &Transform, env: &Rc<Frame>, obj: Value) -> Result<Value, Error> {
        if obj.is_undefined() {
            return Ok(Value::Undefined);
        }
        // A user's own `$clone` is honoured, as the reference does.
        let copy = match env.lookup("clone") {
            None => deep_clone(&obj),
            Some(clone) if clone.is_function() => self.apply(&clone, vec![obj], &Value::Undefined)?,
            Some(_) => {
                return Err(Error::new(
                    "T2013",
                    "the transform expression clones its input with $clone(), which is overridden here by a non-function",
                )
                .at(spec.pattern.pos))
            }
        };
        let matches = self.evaluate(&spec.pattern, &copy, env)?;
        let mut edits: Vec<(*const Object, Option<Object>, Vec<String>)> = Vec::new();
        for m in matches.members() {
            let Value::Object(target) = &m else { continue };
            let update = match self.evaluate(&spec.update, &m, env)? {
                Value::Undefined => None,
                Value::Object(o) => Some((*o).clone()),
                other => {
                    return Err(Error::new(
                        "T2011",
                        format!(
                            "the update clause of a transform must evaluate to an object; got {}",
                            super::describe(&other)
                        ),
                    )
                    .at(spec.update.pos))
                }
            };
            let mut deletions = Vec::new();
            if let Some(delete) = &spec.delete {
                let value = self.evaluate(delete, &m, env)?;
                if !value.is_undefined() {
                    for d in value.members() {
                        match d {
                            Value::String(s) => deletions.push(s.to_string()),
                            _ => {
                                return Err(Error::new(
                                    "T2012",
                                    format!("the delete clause of a transform must evaluate to a string or an array of strings; got {}", super::describe(&value)),
                                )
                                .at(delete.pos))
                            }
                        }
                    }
                }
            }
            edits.push((Rc::as_ptr(target), update, deletions));
        }
        Ok(rebuild(&copy, &edits))
    }
}

type Edit = (*const Object, Option<Object>, Vec<String>);

/// The copy with each matched object (found by identity) updated and pruned.
fn rebuild(value: &Value, edits: &[Edit]) -> Value {
    if edits.is_empty() {
        return value.clone();
    }
    match value {
        Value::Object(o) => {
            let ptr = Rc::as_ptr(o);
            let mut out: Object = o
                .iter()
                .map(|(k, v)| (k.clone(), rebuild(v, edits)))
                .collect();
            for (target, update, deletions) in edits.iter().filter(|e| e.0 == ptr) {
                let _ = target;
                if let Some(update) = update {
                    for (k, v) in update {
                        out.insert(k.clone(), v.clone());
                    }
                }
                for d in deletions {
                    out.shift_remove(d);
                }
            }
            Value::object(out)
        }
        Value::Array(a) => {
            let mut copy = (**a).clone();
            copy.items = a.items.iter().map(|v| rebuild(v, edits)).collect();
            Value::Array(Rc::new(copy))
        }
        v => v.clone(),
    }
}

/// `$clone`: a deep copy as `JSON.parse(JSON.stringify(x))` makes it.
pub(crate) fn deep_clone(value: &Value) -> Value {
    match crate::stringify::string(value, false) {
        Ok(text) => match serde_json::from_str::<serde_json::Value>(&text) {
            Ok(json) => Value::from_json(&json),
            Err(_) => value.clone(),
        },
        Err(_) => value.clone(),
    }
}

thread_local! {
    static SIGNATURES: std::cell::RefCell<std::collections::HashMap<&'static str, Rc<Signature>>> =
        std::cell::RefCell::default();
}

/// A built-in's signature, parsed once per thread.
fn builtin_signature(text: &'static str) -> Rc<Signature> {
    SIGNATURES.with(|cache| {
        cache
            .borrow_mut()
            .entry(text)
            .or_insert_with(|| {
                Rc::new(
                    Signature::parse(text)
                        .unwrap_or_else(|_| Signature::parse("<x*>").expect("fallback")),
                )
            })
            .clone()
    })
}

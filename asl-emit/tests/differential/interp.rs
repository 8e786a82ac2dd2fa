//! The reference interpreter: runs a workflow's IR as the Rust fn would natively, recording task calls.

use std::collections::HashMap;

use asl_model::ir::*;
use serde_json::{json, Value};

use super::*;

pub(super) enum Flow {
    Next,
    Break,
    Continue,
    Return(Value),
    Fail(String),
}

pub(super) struct Interp<'a> {
    pub(super) wf: &'a Workflow,
    pub(super) env: HashMap<VarId, Value>,
    pub(super) calls: Vec<(String, Value)>,
    pub(super) steps: usize,
    /// The cause of the last task failure (a catcher binds it with the error name).
    pub(super) cause: String,
}

impl Interp<'_> {
    fn place(&self, p: &Place) -> Value {
        let mut v = self.env.get(&p.var).cloned().unwrap_or(Value::Null);
        let mut shape = self.wf.vars[p.var.0 as usize].shape.clone();
        for f in &p.fields {
            let (keys, s) = shape.field(f).unwrap();
            for k in keys {
                v = match (&v, k.parse::<usize>()) {
                    (Value::Array(items), Ok(i)) => items.get(i).cloned().unwrap_or(Value::Null),
                    _ => v.get(&k).cloned().unwrap_or(Value::Null),
                };
            }
            shape = s;
        }
        v
    }

    fn expr(&mut self, e: &Expr) -> Result<Value, String> {
        Ok(match e {
            Expr::Place(p) => self.place(p),
            Expr::Literal(v) => v.clone(),
            Expr::Struct { fields, .. } => {
                let mut m = serde_json::Map::new();
                for (k, v) in fields {
                    m.insert(k.clone(), self.expr(v)?);
                }
                Value::Object(m)
            }
            Expr::Call(c) => {
                let input = match &c.arg {
                    Some(a) => self.expr(a)?,
                    None => Value::Null,
                };
                let i: usize = c.task.name[1..].parse().unwrap();
                let mut retries_left: i64 = c
                    .task
                    .retry
                    .iter()
                    .map(|r| r.max_attempts.unwrap_or(3))
                    .sum();
                loop {
                    self.calls.push((c.task.name.clone(), project(&input)));
                    match run_task(i, &input) {
                        Ok(v) => break v,
                        Err(e)
                            if retries_left > 0
                                && c.task.retry.iter().any(|r| r.errors.contains(&e.error)) =>
                        {
                            retries_left -= 1
                        }
                        Err(e) => {
                            self.cause = e.cause;
                            return Err(e.error);
                        }
                    }
                }
            }
            // Items in order, each on a copy of the variables (like a parallel branch).
            Expr::Map(m) => {
                let MapItems::Place(list) = &m.items else {
                    panic!("not generated")
                };
                let mut results = Vec::new();
                for item in self.place(list).as_array().cloned().unwrap_or_default() {
                    let saved = self.env.clone();
                    self.env.insert(m.item, item);
                    let flow = self.block(&m.body);
                    self.env = saved;
                    match flow {
                        Flow::Return(v) => results.push(v),
                        Flow::Fail(e) => return Err(e),
                        _ => panic!("a map processor must end in a return"),
                    }
                }
                Value::Array(results)
            }
            Expr::Intrinsic {
                function: Intrinsic::Array,
                args,
            } => Value::Array(
                args.iter()
                    .map(|a| self.expr(a))
                    .collect::<Result<_, _>>()?,
            ),
            Expr::Intrinsic {
                function: Intrinsic::MathAdd,
                args,
            } => {
                let n = |v: Value| v.as_i64().unwrap_or(0);
                json!(n(self.expr(&args[0])?) + n(self.expr(&args[1])?))
            }
            // Branches in order; each sees the variables as they are now (a branch's own
            // assignments stay in the branch).
            Expr::Parallel(branches) => {
                let mut results = Vec::new();
                for b in branches {
                    let saved = self.env.clone();
                    let flow = self.block(b);
                    self.env = saved;
                    match flow {
                        Flow::Return(v) => results.push(v),
                        Flow::Fail(e) => return Err(e),
                        _ => panic!("a parallel branch must end in a return"),
                    }
                }
                Value::Array(results)
            }
            other => panic!("not generated: {other:?}"),
        })
    }

    fn cond(&self, c: &Cond) -> bool {
        match c {
            Cond::And(a, b) => self.cond(a) && self.cond(b),
            Cond::Or(a, b) => self.cond(a) || self.cond(b),
            Cond::Not(a) => !self.cond(a),
            Cond::IsTrue(p) => self.place(p) == Value::Bool(true),
            Cond::Compare { place, op, rhs } => {
                let l = self.place(place);
                let r = match rhs {
                    Rhs::Literal(v) => v.clone(),
                    Rhs::Place(p) => self.place(p),
                };
                let ord = match (&l, &r) {
                    (Value::Number(a), Value::Number(b)) => a.as_f64().partial_cmp(&b.as_f64()),
                    (Value::String(a), Value::String(b)) => Some(a.cmp(b)),
                    (Value::Bool(a), Value::Bool(b)) => Some(a.cmp(b)),
                    _ => None,
                }
                .unwrap();
                match op {
                    CmpOp::Eq => ord.is_eq(),
                    CmpOp::Ne => ord.is_ne(),
                    CmpOp::Lt => ord.is_lt(),
                    CmpOp::Le => ord.is_le(),
                    CmpOp::Gt => ord.is_gt(),
                    CmpOp::Ge => ord.is_ge(),
                }
            }
            Cond::Literal(b) => *b,
            Cond::IsSome(p) => !self.place(p).is_null(),
            Cond::IsNone(p) => self.place(p).is_null(),
            Cond::Value(e) => panic!("not generated: {e:?}"),
        }
    }

    pub(super) fn block(&mut self, b: &Block) -> Flow {
        for s in b {
            self.steps += 1;
            if self.steps > 100_000 {
                return Flow::Fail("runaway".into());
            }
            let flow = match &s.kind {
                StmtKind::Assign { var, value } => match self.expr(value) {
                    Ok(v) => {
                        self.env.insert(*var, v);
                        Flow::Next
                    }
                    Err(e) => Flow::Fail(e),
                },
                StmtKind::Eval(e) => match self.expr(e) {
                    Ok(_) => Flow::Next,
                    Err(e) => Flow::Fail(e),
                },
                StmtKind::Return(e) => match self.expr(e) {
                    Ok(v) => Flow::Return(v),
                    Err(e) => Flow::Fail(e),
                },
                StmtKind::If {
                    cond,
                    then,
                    otherwise,
                } => {
                    if self.cond(cond) {
                        self.block(then)
                    } else {
                        self.block(otherwise)
                    }
                }
                StmtKind::Loop { body } => loop {
                    match self.block(body) {
                        Flow::Next | Flow::Continue => continue,
                        Flow::Break => break Flow::Next,
                        other => break other,
                    }
                },
                StmtKind::Break => Flow::Break,
                StmtKind::Continue => Flow::Continue,
                StmtKind::Fail { error, .. } => Flow::Fail(match error {
                    Some(Text::Literal(e)) => e.clone(),
                    Some(Text::At(p)) => self.place(p).as_str().unwrap_or("").to_string(),
                    None => String::new(),
                }),
                StmtKind::Try {
                    var,
                    value,
                    ok,
                    catchers,
                } => match self.expr(value) {
                    Ok(v) => {
                        if let Some(var) = var {
                            self.env.insert(*var, v);
                        }
                        self.block(ok)
                    }
                    Err(error) => match catchers
                        .iter()
                        .find(|c| c.errors.iter().any(|e| *e == error || e == "States.ALL"))
                    {
                        Some(c) => {
                            if let Some(v) = c.var {
                                self.env
                                    .insert(v, json!({"Error": error, "Cause": self.cause}));
                            }
                            self.block(&c.body)
                        }
                        None => Flow::Fail(error),
                    },
                },
                StmtKind::For { var, items, body } => {
                    let mut flow = Flow::Next;
                    for item in self.place(items).as_array().cloned().unwrap_or_default() {
                        self.env.insert(*var, item);
                        match self.block(body) {
                            Flow::Next | Flow::Continue => {}
                            Flow::Break => break,
                            other => {
                                flow = other;
                                break;
                            }
                        }
                    }
                    flow
                }
                StmtKind::Sleep(_) => Flow::Next,
                other => panic!("not generated: {other:?}"),
            };
            if !matches!(flow, Flow::Next) {
                return flow;
            }
        }
        Flow::Next
    }
}

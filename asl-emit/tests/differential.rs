//! Differential test of the lowering: generated workflows run by a reference interpreter of
//! the IR (what the Rust fn does natively) and, lowered to ASL, by asl-local must give the
//! same output, the same failure and the same task calls in the same order.

use std::collections::HashMap;

use asl_emit::Definition;
use asl_local::{Executor, Status, TaskError};
use asl_model::ir::*;
use proptest::prelude::*;
use serde_json::{json, Value};

/// `Rec { n, s, b }`: the one payload type of generated workflows.
fn rec() -> Shape {
    Shape::Object(vec![
        Field {
            rust: "n".into(),
            json: "n".into(),
            shape: Shape::Number,
            flatten: false,
        },
        Field {
            rust: "s".into(),
            json: "label".into(),
            shape: Shape::String,
            flatten: false,
        },
        Field {
            rust: "b".into(),
            json: "b".into(),
            shape: Shape::Bool,
            flatten: false,
        },
    ])
}

const TASKS: usize = 4;

fn task(i: usize) -> TaskSpec {
    TaskSpec {
        name: format!("t{i}"),
        resource: TaskResource::Lambda(format!(
            "arn:aws:lambda:us-east-1:123456789012:function:t{i}"
        )),
        input: rec(),
        output: rec(),
        retry: vec![],
        timeout_seconds: None,
        heartbeat_seconds: None,
        timeout_field: None,
        heartbeat_field: None,
        envelope: None,
    }
}

/// What task `i` does: deterministic, and `n` always grows (so bounded loops end).
/// Task 3 fails when `n` is a multiple of 7.
fn run_task(i: usize, input: &Value) -> Result<Value, TaskError> {
    let n = input["n"].as_i64().unwrap_or(0);
    let s = input["label"].as_str().unwrap_or("");
    let b = input["b"].as_bool().unwrap_or(false);
    if i == 3 && n % 7 == 0 {
        return Err(TaskError {
            error: "SevenError".into(),
            cause: format!("n = {n}"),
        });
    }
    Ok(
        json!({"n": n + 1 + i as i64, "label": format!("{s}{i}").chars().rev().take(6).collect::<String>(), "b": b ^ (i % 2 == 0)}),
    )
}

/// The typed view of a record: extra fields (attached variables) do not count.
fn project(v: &Value) -> Value {
    json!({"n": v["n"], "label": v["label"], "b": v["b"]})
}

// ---- the reference interpreter ----

enum Flow {
    Next,
    Break,
    Continue,
    Return(Value),
    Fail(String),
}

struct Interp<'a> {
    wf: &'a Workflow,
    env: HashMap<VarId, Value>,
    calls: Vec<(String, Value)>,
    steps: usize,
    /// The cause of the last task failure (a catcher binds it with the error name).
    cause: String,
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
                    Operand::Literal(v) => v.clone(),
                    Operand::Place(p) => self.place(p),
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

    fn block(&mut self, b: &Block) -> Flow {
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

// ---- the generator ----

/// A recipe the generator turns into statements: numbers pick variables and tasks.
#[derive(Debug, Clone)]
enum Recipe {
    /// `v = t(v_k)`, new or reassigned; with `retry`, the task retries `SevenError` twice.
    Call {
        task: usize,
        arg: usize,
        target: Option<usize>,
        retry: bool,
    },
    /// `v = t(Rec { n: v_a.n (+ k), s: "lit", b: v_b.b })`.
    CallStruct {
        task: usize,
        a: usize,
        b: usize,
        target: Option<usize>,
        add: Option<i64>,
    },
    /// `match t(v_k) { Ok(v) => { ok }, Err(SevenError | _) => { handler; maybe fail!(e) } }`.
    Catch {
        task: usize,
        arg: usize,
        all: bool,
        bind: bool,
        rethrow: bool,
        ok: Vec<Recipe>,
        handler: Vec<Recipe>,
    },
    /// `let r = map(vec![v_a, v_b], |x| { body; v_ret }); let w = r[pick];`
    Map {
        a: usize,
        b: usize,
        body: Vec<Recipe>,
        ret: usize,
        pick: usize,
    },
    /// `for x in vec![v_a, v_b] { body }`.
    For {
        a: usize,
        b: usize,
        body: Vec<Recipe>,
    },
    /// `t(v_k);` for its effect.
    Effect { task: usize, arg: usize },
    /// `if v.n OP lit { .. } else { .. }`.
    If {
        var: usize,
        op: u8,
        lit: i64,
        then: Vec<Recipe>,
        otherwise: Vec<Recipe>,
    },
    /// `let mut c = t0(v); loop { c = t(c); if c.n >= v.n + k { break } }`.
    Loop {
        var: usize,
        task: usize,
        k: i64,
        body: Vec<Recipe>,
    },
    /// `if v.b { return v_k }`.
    EarlyReturn { var: usize, ret: usize },
    /// `if v.n > lit { fail!("Boom") }`.
    Fail { var: usize, lit: i64 },
    /// `let r = parallel!({ ..; v_k }, …);` then `r.0`, `r.1`, … as variables.
    Parallel { branches: Vec<(Vec<Recipe>, usize)> },
}

fn recipe() -> impl Strategy<Value = Recipe> {
    let leaf = prop_oneof![
        (
            0..TASKS,
            any::<usize>(),
            prop::option::of(any::<usize>()),
            prop::bool::weighted(0.2)
        )
            .prop_map(|(task, arg, target, retry)| Recipe::Call {
                task,
                arg,
                target,
                retry
            }),
        (
            0..TASKS,
            any::<usize>(),
            any::<usize>(),
            prop::option::of(any::<usize>()),
            prop::option::of(1..5i64)
        )
            .prop_map(|(task, a, b, target, add)| Recipe::CallStruct {
                task,
                a,
                b,
                target,
                add
            }),
        (0..TASKS, any::<usize>()).prop_map(|(task, arg)| Recipe::Effect { task, arg }),
        (any::<usize>(), any::<usize>()).prop_map(|(var, ret)| Recipe::EarlyReturn { var, ret }),
        (any::<usize>(), 5..40i64).prop_map(|(var, lit)| Recipe::Fail { var, lit }),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            2 => (any::<usize>(), 0..6u8, 0..12i64, prop::collection::vec(inner.clone(), 0..3), prop::collection::vec(inner.clone(), 0..3))
                .prop_map(|(var, op, lit, then, otherwise)| Recipe::If { var, op, lit, then, otherwise }),
            2 => (any::<usize>(), 0..3usize, 1..6i64, prop::collection::vec(inner.clone(), 0..3)).prop_map(|(var, task, k, body)| Recipe::Loop { var, task, k, body }),
            1 => prop::collection::vec((prop::collection::vec(inner.clone(), 0..3), any::<usize>()), 1..4).prop_map(|branches| Recipe::Parallel { branches }),
            2 => (any::<usize>(), any::<bool>(), any::<bool>(), any::<bool>(), prop::collection::vec(inner.clone(), 0..3), prop::collection::vec(inner.clone(), 0..3))
                .prop_map(|(arg, all, bind, rethrow, ok, handler)| Recipe::Catch { task: 3, arg, all, bind, rethrow, ok, handler }),
            1 => (any::<usize>(), any::<usize>(), prop::collection::vec(inner.clone(), 0..3), any::<usize>(), any::<usize>())
                .prop_map(|(a, b, body, ret, pick)| Recipe::Map { a, b, body, ret, pick }),
            1 => (any::<usize>(), any::<usize>(), prop::collection::vec(inner, 0..3)).prop_map(|(a, b, body)| Recipe::For { a, b, body }),
        ]
    })
}

struct Gen {
    vars: Vec<VarInfo>,
    /// A `parallel!` was generated: its branches' calls may interleave.
    parallel: bool,
}

impl Gen {
    fn new_var(&mut self) -> VarId {
        self.vars.push(VarInfo {
            name: format!("v{}", self.vars.len()),
            shape: rec(),
        });
        VarId(self.vars.len() as u32 - 1)
    }

    /// `let l = vec![a, b];` (`States.Array`).
    fn list(&mut self, a: VarId, b: VarId, out: &mut Block) -> VarId {
        let l = self.new_var();
        self.vars[l.0 as usize].shape = Shape::Array(Box::new(rec()));
        out.push(
            StmtKind::Assign {
                var: l,
                value: Expr::Intrinsic {
                    function: Intrinsic::Array,
                    args: vec![Expr::Place(Place::var(a)), Expr::Place(Place::var(b))],
                },
            }
            .into(),
        );
        l
    }

    fn call(task: usize, arg: Expr) -> Expr {
        Expr::Call(Box::new(Call {
            task: task_spec(task),
            arg: Some(arg),
        }))
    }

    /// Statements for `recipes`; `scope` holds the variables defined on every path here.
    fn block(&mut self, recipes: &[Recipe], scope: &mut Vec<VarId>, in_loop: bool) -> Block {
        let mut out = Vec::new();
        for r in recipes {
            let pick = |i: usize, scope: &Vec<VarId>| scope[i % scope.len()];
            match r {
                Recipe::Call {
                    task,
                    arg,
                    target,
                    retry,
                } => {
                    let a = pick(*arg, scope);
                    // Inside a loop only new variables: reassigning the counter could stop it ending.
                    let var = match target {
                        Some(t) if !in_loop => pick(*t, scope),
                        _ => {
                            let v = self.new_var();
                            scope.push(v);
                            v
                        }
                    };
                    let mut value = Self::call(*task, Expr::Place(Place::var(a)));
                    if let (true, Expr::Call(c)) = (*retry, &mut value) {
                        c.task.retry = vec![RetryPolicy {
                            errors: vec!["SevenError".into()],
                            interval_seconds: Some(1),
                            max_attempts: Some(2),
                            backoff_rate: Some(2.0),
                            max_delay_seconds: None,
                            jitter_full: None,
                        }];
                    }
                    out.push(StmtKind::Assign { var, value }.into());
                }
                Recipe::CallStruct {
                    task,
                    a,
                    b,
                    target,
                    add,
                } => {
                    let (a, b) = (pick(*a, scope), pick(*b, scope));
                    let n = Expr::Place(Place::var(a).field("n"));
                    let n = match add {
                        Some(k) => Expr::Intrinsic {
                            function: Intrinsic::MathAdd,
                            args: vec![n, Expr::Literal(json!(k))],
                        },
                        None => n,
                    };
                    let arg = Expr::Struct {
                        shape: rec(),
                        fields: vec![
                            ("n".into(), n),
                            ("label".into(), Expr::Literal(json!("lit"))),
                            ("b".into(), Expr::Place(Place::var(b).field("b"))),
                        ],
                    };
                    let var = match target {
                        Some(t) if !in_loop => pick(*t, scope),
                        _ => {
                            let v = self.new_var();
                            scope.push(v);
                            v
                        }
                    };
                    out.push(
                        StmtKind::Assign {
                            var,
                            value: Self::call(*task, arg),
                        }
                        .into(),
                    );
                }
                Recipe::Effect { task, arg } => {
                    out.push(
                        StmtKind::Eval(Self::call(
                            *task,
                            Expr::Place(Place::var(pick(*arg, scope))),
                        ))
                        .into(),
                    );
                }
                Recipe::EarlyReturn { var, ret } => out.push(
                    StmtKind::If {
                        cond: Cond::IsTrue(Place::var(pick(*var, scope)).field("b")),
                        then: vec![
                            StmtKind::Return(Expr::Place(Place::var(pick(*ret, scope)))).into()
                        ],
                        otherwise: vec![],
                    }
                    .into(),
                ),
                Recipe::Fail { var, lit } => out.push(
                    StmtKind::If {
                        cond: Cond::Compare {
                            place: Place::var(pick(*var, scope)).field("n"),
                            op: CmpOp::Gt,
                            rhs: Operand::Literal(json!(lit)),
                        },
                        then: vec![StmtKind::Fail {
                            error: Some("Boom".into()),
                            cause: Some(Text::Literal("too big".into())),
                        }
                        .into()],
                        otherwise: vec![],
                    }
                    .into(),
                ),
                Recipe::If {
                    var,
                    op,
                    lit,
                    then,
                    otherwise,
                } => {
                    let op = [
                        CmpOp::Eq,
                        CmpOp::Ne,
                        CmpOp::Lt,
                        CmpOp::Le,
                        CmpOp::Gt,
                        CmpOp::Ge,
                    ][*op as usize];
                    let cond = Cond::Compare {
                        place: Place::var(pick(*var, scope)).field("n"),
                        op,
                        rhs: Operand::Literal(json!(lit)),
                    };
                    let then = self.block(then, &mut scope.clone(), in_loop);
                    let otherwise = self.block(otherwise, &mut scope.clone(), in_loop);
                    out.push(
                        StmtKind::If {
                            cond,
                            then,
                            otherwise,
                        }
                        .into(),
                    );
                }
                Recipe::Loop { var, task, k, body } => {
                    let v = pick(*var, scope);
                    let c = self.new_var();
                    out.push(
                        StmtKind::Assign {
                            var: c,
                            value: Self::call(0, Expr::Place(Place::var(v))),
                        }
                        .into(),
                    );
                    let limit = self.new_var();
                    // limit = t1(v): a bound known before the loop.
                    out.push(
                        StmtKind::Assign {
                            var: limit,
                            value: Self::call(1, Expr::Place(Place::var(v))),
                        }
                        .into(),
                    );
                    let mut inner = scope.clone();
                    inner.push(c);
                    inner.push(limit);
                    let mut body_stmts: Block = vec![StmtKind::Assign {
                        var: c,
                        value: Self::call(*task, Expr::Place(Place::var(c))),
                    }
                    .into()];
                    body_stmts.extend(self.block(body, &mut inner.clone(), true));
                    body_stmts.push(
                        StmtKind::If {
                            cond: Cond::Compare {
                                place: Place::var(c).field("n"),
                                op: CmpOp::Ge,
                                rhs: Operand::Literal(json!(k + 8)),
                            },
                            then: vec![StmtKind::Break.into()],
                            otherwise: vec![],
                        }
                        .into(),
                    );
                    out.push(StmtKind::Loop { body: body_stmts }.into());
                    scope.push(c);
                    scope.push(limit);
                }
                Recipe::Catch {
                    task,
                    arg,
                    all,
                    bind,
                    rethrow,
                    ok,
                    handler,
                } => {
                    let a = pick(*arg, scope);
                    let v = self.new_var();
                    let mut ok_scope = scope.clone();
                    ok_scope.push(v);
                    let ok = self.block(ok, &mut ok_scope, true);
                    let e = bind.then(|| {
                        let e = self.new_var();
                        let text = |name: &str| Field {
                            rust: name.into(),
                            json: name.into(),
                            shape: Shape::String,
                            flatten: false,
                        };
                        self.vars[e.0 as usize].shape =
                            Shape::Object(vec![text("Error"), text("Cause")]);
                        e
                    });
                    let mut body = self.block(handler, &mut scope.clone(), true);
                    if let (true, Some(e)) = (*rethrow, e) {
                        body.push(
                            StmtKind::Fail {
                                error: Some(Text::At(Place::var(e).field("Error"))),
                                cause: Some(Text::At(Place::var(e).field("Cause"))),
                            }
                            .into(),
                        );
                    }
                    let errors = vec![if *all { "States.ALL" } else { "SevenError" }.to_string()];
                    out.push(
                        StmtKind::Try {
                            var: Some(v),
                            value: Self::call(*task, Expr::Place(Place::var(a))),
                            ok,
                            catchers: vec![Catcher {
                                errors,
                                var: e,
                                body,
                            }],
                        }
                        .into(),
                    );
                }
                Recipe::Map {
                    a,
                    b,
                    body,
                    ret,
                    pick: which,
                } => {
                    let list = self.list(pick(*a, scope), pick(*b, scope), &mut out);
                    let x = self.new_var();
                    let mut inner = scope.clone();
                    inner.push(x);
                    let mut processor = self.block(body, &mut inner, true);
                    processor.push(
                        StmtKind::Return(Expr::Place(Place::var(inner[ret % inner.len()]))).into(),
                    );
                    let r = self.new_var();
                    self.vars[r.0 as usize].shape = Shape::Array(Box::new(rec()));
                    let options = MapOptions {
                        max_concurrency: Some(1),
                        ..MapOptions::default()
                    };
                    out.push(
                        StmtKind::Assign {
                            var: r,
                            value: Expr::Map(Box::new(MapExpr {
                                items: MapItems::Place(Place::var(list)),
                                item: x,
                                body: processor,
                                options,
                            })),
                        }
                        .into(),
                    );
                    let w = self.new_var();
                    out.push(
                        StmtKind::Assign {
                            var: w,
                            value: Expr::Place(Place::var(r).field(&(which % 2).to_string())),
                        }
                        .into(),
                    );
                    scope.push(w);
                }
                Recipe::For { a, b, body } => {
                    let list = self.list(pick(*a, scope), pick(*b, scope), &mut out);
                    let x = self.new_var();
                    let mut inner = scope.clone();
                    inner.push(x);
                    let body = self.block(body, &mut inner, true);
                    out.push(
                        StmtKind::For {
                            var: x,
                            items: Place::var(list),
                            body,
                        }
                        .into(),
                    );
                }
                Recipe::Parallel { branches } => {
                    self.parallel = true;
                    let mut blocks = Vec::new();
                    for (recipes, ret) in branches {
                        // `in_loop`: a branch assigns only variables of its own.
                        let mut inner = scope.clone();
                        let mut b = self.block(recipes, &mut inner, true);
                        b.push(
                            StmtKind::Return(Expr::Place(Place::var(inner[ret % inner.len()])))
                                .into(),
                        );
                        blocks.push(b);
                    }
                    let n = blocks.len();
                    let r = self.new_var();
                    self.vars[r.0 as usize].shape = Shape::Tuple(vec![rec(); n]);
                    out.push(
                        StmtKind::Assign {
                            var: r,
                            value: Expr::Parallel(blocks),
                        }
                        .into(),
                    );
                    for i in 0..n {
                        let v = self.new_var();
                        out.push(
                            StmtKind::Assign {
                                var: v,
                                value: Expr::Place(Place::var(r).field(&i.to_string())),
                            }
                            .into(),
                        );
                        scope.push(v);
                    }
                }
            }
        }
        out
    }
}

fn task_spec(i: usize) -> TaskSpec {
    task(i)
}

fn workflow(recipes: &[Recipe], ret: usize) -> (Workflow, bool) {
    let mut g = Gen {
        vars: Vec::new(),
        parallel: false,
    };
    let input = g.new_var();
    let mut scope = vec![input];
    let mut body = g.block(recipes, &mut scope, false);
    let r = scope[ret % scope.len()];
    body.push(StmtKind::Return(Expr::Place(Place::var(r))).into());
    let parallel = g.parallel;
    (
        Workflow {
            name: "generated".into(),
            comment: None,
            timeout_seconds: None,
            input: Some(input),
            output: rec(),
            vars: g.vars,
            body,
        },
        parallel,
    )
}

fn compare(wf: &Workflow, parallel: bool, input: Value) -> Result<(), TestCaseError> {
    let mut interp = Interp {
        wf,
        env: HashMap::from([(VarId(0), input.clone())]),
        calls: Vec::new(),
        steps: 0,
        cause: String::new(),
    };
    let native = match interp.block(&wf.body) {
        Flow::Return(v) => Ok(project(&v)),
        Flow::Fail(e) => Err(e),
        _ => unreachable!("every generated body returns"),
    };
    // A run that long would hit the 25,000-event history limit on AWS as in asl-local.
    prop_assume!(interp.calls.len() < 2_000);
    let machine = Definition::new(wf.clone())
        .state_machine()
        .map_err(|e| TestCaseError::fail(format!("{e}\n{wf:#?}")))?;
    let mut ex = Executor::new(&machine);
    for i in 0..TASKS {
        ex = ex.lambda(format!("t{i}"), move |input| run_task(i, input));
    }
    let run = ex.run(input);
    let asl_result = match run.status {
        Status::Succeeded => Ok(project(run.output.as_ref().unwrap_or(&Value::Null))),
        _ => Err(run.error.clone().unwrap_or_default()),
    };
    let mut asl_calls: Vec<(String, Value)> = run
        .calls
        .iter()
        .map(|c| {
            (
                c.resource.rsplit(':').next().unwrap_or("").to_string(),
                project(&c.input),
            )
        })
        .collect();
    let text = asl_model::serialize::to_string_pretty(&machine);
    if parallel && asl_result.is_err() && native.is_err() {
        // Two branches that both fail race: which error ends the Parallel is not ordered
        // (the sequential run always sees the first branch's). Both runs failed; that agrees.
        return Ok(());
    }
    prop_assert_eq!(&asl_result, &native, "outputs differ\n{}", text);
    let mut calls = interp.calls.clone();
    if parallel {
        // Branches run concurrently: the same calls, in some order; after a failure, the
        // other branches may have made calls the sequential run did not.
        if asl_result.is_err() {
            return Ok(());
        }
        let key = |c: &(String, Value)| format!("{}{}", c.0, c.1);
        asl_calls.sort_by_key(key);
        calls.sort_by_key(key);
    }
    prop_assert_eq!(&asl_calls, &calls, "task calls differ\n{}", text);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, failure_persistence: None, rng_seed: proptest::test_runner::RngSeed::Fixed(0x5eed), ..ProptestConfig::default() })]

    #[test]
    fn lowered_asl_behaves_like_the_workflow(recipes in prop::collection::vec(recipe(), 1..6), ret in any::<usize>(), n in 0..10i64, b in any::<bool>()) {
        let (wf, parallel) = workflow(&recipes, ret);
        compare(&wf, parallel, json!({"n": n, "label": "in", "b": b}))?;
    }
}

//! The generator: proptest recipes of statements (calls, ifs, loops, maps, parallels, catches) turned into workflows over `Rec`.

use asl_model::ir::*;
use proptest::prelude::*;

use super::*;

/// A recipe the generator turns into statements: numbers pick variables and tasks.
#[derive(Debug, Clone)]
pub(super) enum Recipe {
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

pub(super) fn recipe() -> impl Strategy<Value = Recipe> {
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
                            rhs: Rhs::Literal(json!(lit)),
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
                        rhs: Rhs::Literal(json!(lit)),
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
                                rhs: Rhs::Literal(json!(k + 8)),
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
                            catchers: vec![ErrArm {
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

pub(super) fn workflow(recipes: &[Recipe], ret: usize) -> (Workflow, bool) {
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

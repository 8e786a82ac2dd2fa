//! Preparation: every nested task call's result gets a name (`persist(parse(x))` becomes two
//! `let`s), so each call is a statement of its own.

use asl_model::ir::*;
use asl_model::QueryLanguage;
use serde_json::Value;

use crate::passes::*;

/// `language`: the back end's (the JSONata one keeps `Some` bindings, whose shapes it needs).
pub(crate) fn prepare(wf: &mut Workflow, language: QueryLanguage) {
    let mut body = std::mem::take(&mut wf.body);
    let mut temps = Temps { vars: &mut wf.vars };
    body = flatten_block(body, &mut temps);
    wf.body = body;
    infer_shapes(wf);
    // Closure parameters iterate values whose shapes the first inference found; the lets
    // that read them are inferred again.
    type_closure_params(wf);
    infer_shapes(wf);
    substitute_pure_lets(wf, language);
}

pub(crate) struct Temps<'a> {
    pub(crate) vars: &'a mut Vec<VarInfo>,
}

impl Temps<'_> {
    pub(crate) fn fresh(&mut self, task: &TaskSpec) -> VarId {
        self.named(&task.name, task.output.clone())
    }

    pub(crate) fn named(&mut self, name: &str, shape: Shape) -> VarId {
        let id = VarId(self.vars.len() as u32);
        self.vars.push(VarInfo {
            name: name.to_string(),
            shape,
        });
        id
    }
}

/// Whether a value must be computed into the state by a state of its own before a place
/// can refer to it (an intrinsic or a context field).
pub(crate) fn needs_state(e: &Expr) -> bool {
    matches!(e, Expr::Intrinsic { .. } | Expr::Context(_))
}

/// The field of a call's raw result that holds its typed value (a nested execution's
/// `Output`), if the call has one.
pub(crate) fn output_field(e: &Expr) -> Option<&str> {
    match e {
        Expr::Call(c) => c
            .task
            .envelope
            .as_ref()
            .and_then(|env| env.output_field.as_deref()),
        _ => None,
    }
}

/// A task's argument goes in `Parameters` when it is an object; any other value must be in
/// the state first (`InputPath`).
pub(crate) fn is_template_arg(e: &Expr) -> bool {
    matches!(
        e,
        Expr::Place(_) | Expr::Struct { .. } | Expr::Literal(Value::Object(_))
    )
}

/// Hoists calls nested in expressions into `let`s of their own, so every call is a
/// statement of its own: `Assign`, `Eval` or `Return` of a `Call` whose argument has none.
pub(crate) fn flatten_block(block: Block, t: &mut Temps) -> Block {
    let mut out = Vec::new();
    for stmt in block {
        let name = stmt.name.clone();
        let kind = match stmt.kind {
            StmtKind::Assign { var, value } => StmtKind::Assign {
                var,
                value: flatten_top(value, t, &mut out),
            },
            StmtKind::AssignField { place, value } => {
                let mut value = flatten_top(value, t, &mut out);
                // A field cannot take a computed value (or a field of a call's result)
                // directly: compute it aside first.
                if needs_state(&value) || output_field(&value).is_some() {
                    let temp = t.named(
                        place.fields.last().map(String::as_str).unwrap_or("value"),
                        Shape::Any,
                    );
                    out.push(StmtKind::Assign { var: temp, value }.into());
                    value = Expr::Place(Place::var(temp));
                }
                StmtKind::AssignField { place, value }
            }
            StmtKind::Eval(e) => StmtKind::Eval(flatten_top(e, t, &mut out)),
            StmtKind::Return(e) => StmtKind::Return(flatten_top(e, t, &mut out)),
            StmtKind::If {
                cond,
                then,
                otherwise,
            } => {
                let cond = hoist_cond(cond, t, &mut out);
                StmtKind::If {
                    cond,
                    then: flatten_block(then, t),
                    otherwise: flatten_block(otherwise, t),
                }
            }
            StmtKind::Try {
                var,
                value,
                ok,
                catchers,
            } => StmtKind::Try {
                var,
                value: flatten_top(value, t, &mut out),
                ok: flatten_block(ok, t),
                catchers: catchers
                    .into_iter()
                    .map(|c| ErrArm {
                        errors: c.errors,
                        var: c.var,
                        body: flatten_block(c.body, t),
                    })
                    .collect(),
            },
            StmtKind::For { var, items, body } => StmtKind::For {
                var,
                items,
                body: flatten_block(body, t),
            },
            StmtKind::Match { scrutinee, arms } => StmtKind::Match {
                scrutinee,
                arms: arms
                    .into_iter()
                    .map(|a| Arm {
                        pattern: a.pattern,
                        body: flatten_block(a.body, t),
                    })
                    .collect(),
            },
            StmtKind::Loop { body } => StmtKind::Loop {
                body: flatten_block(body, t),
            },
            other @ (StmtKind::Break
            | StmtKind::Continue
            | StmtKind::Sleep(_)
            | StmtKind::Fail { .. }) => other,
        };
        out.push(Stmt { kind, name });
    }
    out
}

/// A top-level expression keeps its own call; calls inside it are hoisted, and so is an
/// argument that cannot be passed as `Parameters` (a string, a computed value).
pub(crate) fn flatten_top(e: Expr, t: &mut Temps, out: &mut Block) -> Expr {
    match e {
        Expr::Call(call) => {
            let Call { task, arg } = *call;
            let arg = arg.map(|a| {
                let a = hoist(a, t, out);
                if is_template_arg(&a) {
                    return a;
                }
                let temp = t.named(&format!("{}_input", task.name), task.input.clone());
                out.push(
                    StmtKind::Assign {
                        var: temp,
                        value: a,
                    }
                    .into(),
                );
                Expr::Place(Place::var(temp))
            });
            Expr::Call(Box::new(Call { task, arg }))
        }
        other => hoist(other, t, out),
    }
}

/// A Boolean computed by an intrinsic is computed into a variable before the test.
pub(crate) fn hoist_cond(c: Cond, t: &mut Temps, out: &mut Block) -> Cond {
    match c {
        Cond::And(a, b) => Cond::And(
            Box::new(hoist_cond(*a, t, out)),
            Box::new(hoist_cond(*b, t, out)),
        ),
        Cond::Or(a, b) => Cond::Or(
            Box::new(hoist_cond(*a, t, out)),
            Box::new(hoist_cond(*b, t, out)),
        ),
        Cond::Not(a) => Cond::Not(Box::new(hoist_cond(*a, t, out))),
        Cond::Value(e) => {
            let e = hoist(e, t, out);
            if let Expr::Place(p) = e {
                return Cond::IsTrue(p);
            }
            let temp = t.named("test", Shape::Bool);
            out.push(
                StmtKind::Assign {
                    var: temp,
                    value: e,
                }
                .into(),
            );
            Cond::IsTrue(Place::var(temp))
        }
        other @ (Cond::Compare { .. }
        | Cond::IsTrue(_)
        | Cond::IsSome(_)
        | Cond::IsNone(_)
        | Cond::Literal(_)) => other,
    }
}

/// Replaces every call inside `e` by a temporary holding its result.
pub(crate) fn hoist(e: Expr, t: &mut Temps, out: &mut Block) -> Expr {
    match e {
        Expr::Call(call) => {
            let Call { task, arg } = *call;
            let arg = arg.map(|a| hoist(a, t, out));
            let var = t.fresh(&task);
            out.push(
                StmtKind::Assign {
                    var,
                    value: Expr::Call(Box::new(Call { task, arg })),
                }
                .into(),
            );
            Expr::Place(Place::var(var))
        }
        Expr::Struct { shape, fields } => Expr::Struct {
            shape,
            fields: fields
                .into_iter()
                .map(|(k, v)| (k, hoist(v, t, out)))
                .collect(),
        },
        // A branch's calls are hoisted inside the branch.
        Expr::Parallel(branches) => {
            Expr::Parallel(branches.into_iter().map(|b| flatten_block(b, t)).collect())
        }
        Expr::Map(m) => {
            let MapExpr {
                items,
                item,
                body,
                options,
            } = *m;
            let items = match items {
                MapItems::Reader(r) => MapItems::Reader(ReaderSpec {
                    parameters: hoist(r.parameters, t, out),
                    ..r
                }),
                place @ MapItems::Place(_) => place,
            };
            Expr::Map(Box::new(MapExpr {
                items,
                item,
                body: flatten_block(body, t),
                options,
            }))
        }
        Expr::Intrinsic { function, args } => Expr::Intrinsic {
            function,
            args: args.into_iter().map(|a| hoist(a, t, out)).collect(),
        },
        Expr::Array(items) => Expr::Array(items.into_iter().map(|a| hoist(a, t, out)).collect()),
        Expr::Compute(c) => Expr::Compute(Box::new(hoist_compute(*c, t, out))),
        // Named so that a new kind of expression fails to compile here.
        leaf @ (Expr::Place(_) | Expr::Literal(_) | Expr::Context(_)) => leaf,
    }
}

/// Calls inside a computation run before it, except where Rust would not always evaluate
/// them: in a closure's body, an arm of `if`/`match`, the right side of `&&`/`||`.
fn hoist_compute(c: Compute, t: &mut Temps, out: &mut Block) -> Compute {
    match c {
        Compute::Closure {
            method,
            receiver,
            closure,
        } => Compute::Closure {
            method,
            receiver: hoist(receiver, t, out),
            closure,
        },
        Compute::Fold {
            receiver,
            init,
            closure,
        } => Compute::Fold {
            receiver: hoist(receiver, t, out),
            init: hoist(init, t, out),
            closure,
        },
        Compute::If {
            cond,
            then,
            otherwise,
        } => Compute::If {
            cond: hoist(cond, t, out),
            then,
            otherwise,
        },
        Compute::Match { scrutinee, arms } => Compute::Match {
            scrutinee: hoist(scrutinee, t, out),
            arms,
        },
        Compute::Binary {
            op: op @ (BinaryOp::And | BinaryOp::Or),
            lhs,
            rhs,
        } => Compute::Binary {
            op,
            lhs: hoist(lhs, t, out),
            rhs,
        },
        other @ (Compute::Binary { .. }
        | Compute::Unary { .. }
        | Compute::Cast { .. }
        | Compute::Method { .. }
        | Compute::Format(_)
        | Compute::Index { .. }
        | Compute::Field { .. }) => other.map_operands(|a| hoist(a, t, out)),
    }
}

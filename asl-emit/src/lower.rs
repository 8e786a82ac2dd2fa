//! Lowering: workflow IR → ASL states (JSONPath query language).
//!
//! The passes, in order:
//! 1. `prepare`: name every nested task call's result (`persist(parse(x))` becomes two
//!    `let`s), infer the shapes of untyped `let`s, and substitute pure `let`s (aliases of
//!    places, literals, struct literals over immutable values), which then cost no state.
//! 2. `liveness`: which variables are live after each assignment.
//! 3. `homes`: where each variable lives in the state JSON. A variable that is the only
//!    live one wherever it is assigned lives at `$` (the task result simply replaces the
//!    state, as in a hand-written Lambda chain); the others live at `$.<name>` and are
//!    written with `ResultPath`.
//! 4. `emit`: states in source order, with symbolic labels joined by union-find so that
//!    `break`/`continue`/empty branches jump straight to their target (Choice threading).
//!    A `parallel!` is a `Parallel` state whose branches are emitted as graphs of their own
//!    on the same homes (state names stay unique machine-wide).
//! 5. `fold_ends`: a `Succeed` reached only from plain states becomes `End` on them.

use std::collections::{BTreeSet, HashMap, HashSet};

use asl_model::document::{self as asl};
use asl_model::ir::*;
use asl_model::StateMachine;
use indexmap::IndexMap;
use serde_json::{json, Map, Value};

use crate::EmitError;

/// Lowers a workflow to a state machine (not yet validated: `Definition` does that).
pub fn lower(workflow: &Workflow) -> Result<StateMachine, EmitError> {
    let mut wf = workflow.clone();
    prepare(&mut wf);
    let live = liveness(&wf);
    let homes = homes(&wf, &live);
    let mut em = Emitter::new(&wf, homes);
    em.run();
    if !em.errors.is_empty() {
        return Err(EmitError::Lowering {
            workflow: wf.name.clone(),
            errors: em.errors,
        });
    }
    let mut sm = em.finish()?;
    fold_ends(&mut sm);
    sm.comment = wf.comment.clone();
    sm.timeout_seconds = wf.timeout_seconds;
    Ok(sm)
}

// ---------------------------------------------------------------------------------
// 1. prepare

fn prepare(wf: &mut Workflow) {
    let mut body = std::mem::take(&mut wf.body);
    let mut temps = Temps { vars: &mut wf.vars };
    body = flatten_block(body, &mut temps);
    wf.body = body;
    infer_shapes(wf);
    substitute_pure_lets(wf);
}

struct Temps<'a> {
    vars: &'a mut Vec<VarInfo>,
}

impl Temps<'_> {
    fn fresh(&mut self, task: &TaskSpec) -> VarId {
        self.named(&task.name, task.output.clone())
    }

    fn named(&mut self, name: &str, shape: Shape) -> VarId {
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
fn needs_state(e: &Expr) -> bool {
    matches!(e, Expr::Intrinsic { .. } | Expr::Context(_))
}

/// The field of a call's raw result that holds its typed value (a nested execution's
/// `Output`), if the call has one.
fn output_field(e: &Expr) -> Option<&str> {
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
fn is_template_arg(e: &Expr) -> bool {
    matches!(
        e,
        Expr::Place(_) | Expr::Struct { .. } | Expr::Literal(Value::Object(_))
    )
}

/// Hoists calls nested in expressions into `let`s of their own, so every call is a
/// statement of its own: `Assign`, `Eval` or `Return` of a `Call` whose argument has none.
fn flatten_block(block: Block, t: &mut Temps) -> Block {
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
                    .map(|c| Catcher {
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
            other => other,
        };
        out.push(Stmt { kind, name });
    }
    out
}

/// A top-level expression keeps its own call; calls inside it are hoisted, and so is an
/// argument that cannot be passed as `Parameters` (a string, a computed value).
fn flatten_top(e: Expr, t: &mut Temps, out: &mut Block) -> Expr {
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
fn hoist_cond(c: Cond, t: &mut Temps, out: &mut Block) -> Cond {
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
        other => other,
    }
}

/// Replaces every call inside `e` by a temporary holding its result.
fn hoist(e: Expr, t: &mut Temps, out: &mut Block) -> Expr {
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
                MapItems::Reader(r) => MapItems::Reader(ItemReader {
                    parameters: hoist(r.parameters, t, out),
                    ..r
                }),
                place => place,
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
        other => other,
    }
}

fn walk_stmts<'a>(block: &'a Block, f: &mut impl FnMut(&'a Stmt)) {
    for s in block {
        f(s);
        match &s.kind {
            StmtKind::If {
                then, otherwise, ..
            } => {
                walk_stmts(then, f);
                walk_stmts(otherwise, f);
            }
            StmtKind::Match { arms, .. } => arms.iter().for_each(|a| walk_stmts(&a.body, f)),
            StmtKind::Loop { body } | StmtKind::For { body, .. } => walk_stmts(body, f),
            StmtKind::Try {
                value,
                ok,
                catchers,
                ..
            } => {
                expr_blocks(value)
                    .into_iter()
                    .for_each(|b| walk_stmts(b, f));
                walk_stmts(ok, f);
                catchers.iter().for_each(|c| walk_stmts(&c.body, f));
            }
            StmtKind::Assign { value, .. }
            | StmtKind::AssignField { value, .. }
            | StmtKind::Eval(value)
            | StmtKind::Return(value) => expr_blocks(value)
                .into_iter()
                .for_each(|b| walk_stmts(b, f)),
            _ => {}
        }
    }
}

/// The blocks an expression holds: `parallel!` branches, a map's processor.
fn expr_blocks(e: &Expr) -> Vec<&Block> {
    match e {
        Expr::Parallel(branches) => branches.iter().collect(),
        Expr::Map(m) => vec![&m.body],
        _ => Vec::new(),
    }
}

/// The value a `parallel!` branch ends with.
fn branch_value(block: &Block) -> Option<&Expr> {
    match block.last().map(|s| &s.kind) {
        Some(StmtKind::Return(e)) => Some(e),
        _ => None,
    }
}

/// The shape of a place: the variable's shape followed through its fields.
fn place_shape(vars: &[VarInfo], p: &Place) -> Shape {
    let mut shape = vars
        .get(p.var.0 as usize)
        .map(|v| v.shape.clone())
        .unwrap_or(Shape::Any);
    for f in &p.fields {
        shape = match shape.field(f) {
            Some((_, s)) => s,
            None => return Shape::Any,
        };
    }
    shape.resolved()
}

fn expr_shape(vars: &[VarInfo], e: &Expr) -> Shape {
    match e {
        Expr::Place(p) => place_shape(vars, p),
        Expr::Literal(v) => match v {
            Value::Null => Shape::Unit,
            Value::Bool(_) => Shape::Bool,
            Value::Number(_) => Shape::Number,
            Value::String(_) => Shape::String,
            _ => Shape::Any,
        },
        Expr::Struct { shape, .. } => shape.clone(),
        Expr::Call(c) => c.task.output.clone(),
        Expr::Parallel(branches) => Shape::Tuple(
            branches
                .iter()
                .map(|b| {
                    branch_value(b)
                        .map(|e| expr_shape(vars, e))
                        .unwrap_or(Shape::Any)
                })
                .collect(),
        ),
        // With a ResultWriter the value is the Map Run's description.
        Expr::Map(m) if m.options.result_writer.is_some() => {
            let text = |rust: &str, json: &str| Field {
                rust: rust.into(),
                json: json.into(),
                shape: Shape::String,
                flatten: false,
            };
            let details = Shape::Object(vec![text("bucket", "Bucket"), text("key", "Key")]);
            Shape::Object(vec![
                text("map_run_arn", "MapRunArn"),
                Field {
                    rust: "result_writer_details".into(),
                    json: "ResultWriterDetails".into(),
                    shape: details,
                    flatten: false,
                },
            ])
        }
        Expr::Map(m) => Shape::Array(Box::new(
            branch_value(&m.body)
                .map(|e| expr_shape(vars, e))
                .unwrap_or(Shape::Any),
        )),
        Expr::Intrinsic { function, args } => {
            let arg = |i: usize| {
                args.get(i)
                    .map(|a| expr_shape(vars, a))
                    .unwrap_or(Shape::Any)
            };
            match function {
                Intrinsic::Format
                | Intrinsic::JsonToString
                | Intrinsic::Base64Encode
                | Intrinsic::Base64Decode
                | Intrinsic::Hash
                | Intrinsic::Uuid => Shape::String,
                Intrinsic::ArrayLength | Intrinsic::MathAdd | Intrinsic::MathRandom => {
                    Shape::Number
                }
                Intrinsic::ArrayContains => Shape::Bool,
                Intrinsic::ArrayRange => Shape::Array(Box::new(Shape::Number)),
                Intrinsic::StringSplit => Shape::Array(Box::new(Shape::String)),
                Intrinsic::Array => Shape::Array(Box::new(arg(0))),
                Intrinsic::ArrayUnique | Intrinsic::JsonMerge => arg(0),
                Intrinsic::ArrayPartition => Shape::Array(Box::new(arg(0))),
                Intrinsic::ArrayGetItem => element_shape(&arg(0)),
                Intrinsic::StringToJson => Shape::Any,
            }
        }
        Expr::Context(path) => match path
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .as_slice()
        {
            ["Execution", "Input"] | ["Map", "Item", "Value"] => Shape::Any,
            ["Map", "Item", "Index"] | ["State", "RetryCount"] => Shape::Number,
            _ => Shape::String,
        },
    }
}

/// The shape of one item of an array shape.
fn element_shape(shape: &Shape) -> Shape {
    match shape.resolved() {
        Shape::Array(inner) => *inner,
        Shape::Option(inner) => element_shape(&inner),
        _ => Shape::Any,
    }
}

/// The error object a catcher receives: `{"Error": …, "Cause": …}`.
fn error_object_shape() -> Shape {
    let field = |rust: &str, json: &str| Field {
        rust: rust.into(),
        json: json.into(),
        shape: Shape::String,
        flatten: false,
    };
    Shape::Object(vec![field("error", "Error"), field("cause", "Cause")])
}

fn infer_shapes(wf: &mut Workflow) {
    // To a fixpoint: a shape can depend on a chain of variables inferred one per pass
    // (`let l = vec![a, b]` → `for x in l` → `let y = x.clone()`; a `parallel!`'s shape
    // comes from its branches' variables, inferred after it). Each pass only makes a shape
    // more known, so this ends; the bound is a guard.
    for _ in 0..wf.vars.len() + 2 {
        if !infer_shapes_once(wf) {
            break;
        }
    }
}

/// `Any` somewhere in the shape (not under a named type, which is always known).
fn has_any(shape: &Shape) -> bool {
    match shape {
        Shape::Any => true,
        Shape::Option(s) | Shape::Array(s) | Shape::Map(s) => has_any(s),
        Shape::Tuple(items) => items.iter().any(has_any),
        Shape::Object(fields) => fields.iter().any(|f| has_any(&f.shape)),
        _ => false,
    }
}

/// Whether a shape changed.
fn infer_shapes_once(wf: &mut Workflow) -> bool {
    let mut assigned: Vec<(VarId, Shape)> = Vec::new();
    let map_items = |value: &Expr, assigned: &mut Vec<(VarId, Shape)>| {
        if let Expr::Map(m) = value {
            if let MapItems::Place(p) = &m.items {
                assigned.push((m.item, element_shape(&place_shape(&wf.vars, p))));
            }
        }
    };
    walk_stmts(&wf.body, &mut |s| match &s.kind {
        StmtKind::Assign { var, value } => {
            assigned.push((*var, expr_shape(&wf.vars, value)));
            map_items(value, &mut assigned);
        }
        StmtKind::AssignField { value, .. } | StmtKind::Eval(value) | StmtKind::Return(value) => {
            map_items(value, &mut assigned)
        }
        StmtKind::Try {
            var,
            value,
            catchers,
            ..
        } => {
            if let Some(var) = var {
                assigned.push((*var, expr_shape(&wf.vars, value)));
            }
            map_items(value, &mut assigned);
            for c in catchers {
                if let Some(v) = c.var {
                    assigned.push((v, error_object_shape()));
                }
            }
        }
        StmtKind::For { var, items, .. } => {
            assigned.push((*var, element_shape(&place_shape(&wf.vars, items))))
        }
        _ => {}
    });
    let mut changed = false;
    for (var, shape) in assigned {
        if let Some(info) = wf.vars.get_mut(var.0 as usize) {
            // Unknown, or partly unknown (`Vec<Any>`) and now fully known.
            if info.shape == Shape::Any && shape != Shape::Any
                || has_any(&info.shape) && !has_any(&shape)
            {
                info.shape = shape;
                changed = true;
            }
        }
    }
    changed
}

/// How many times each variable is assigned (the input counts once).
fn assignment_counts(wf: &Workflow) -> HashMap<VarId, usize> {
    let mut counts = HashMap::new();
    if let Some(i) = wf.input {
        counts.insert(i, 1);
    }
    walk_stmts(&wf.body, &mut |s| match &s.kind {
        StmtKind::Assign { var, .. } => *counts.entry(*var).or_insert(0) += 1,
        StmtKind::AssignField { place, .. } => *counts.entry(place.var).or_insert(0) += 2,
        _ => {}
    });
    counts
}

fn expr_vars(e: &Expr, out: &mut BTreeSet<VarId>) {
    match e {
        Expr::Place(p) => {
            out.insert(p.var);
        }
        Expr::Literal(_) => {}
        Expr::Struct { fields, .. } => fields.iter().for_each(|(_, v)| expr_vars(v, out)),
        Expr::Call(c) => {
            if let Some(a) = &c.arg {
                expr_vars(a, out);
            }
        }
        // What a branch or processor reads is computed by `liveness` (they have variables of
        // their own).
        Expr::Parallel(_) => {}
        Expr::Map(m) => match &m.items {
            MapItems::Place(p) => {
                out.insert(p.var);
            }
            MapItems::Reader(r) => expr_vars(&r.parameters, out),
        },
        Expr::Intrinsic { args, .. } => args.iter().for_each(|a| expr_vars(a, out)),
        Expr::Context(_) => {}
    }
}

/// `let` of a place, literal, struct literal, intrinsic or context field over variables
/// that never change is substituted into its uses: it needs no state. A value that is not a
/// place is only substituted where a value may stand (not where a path is needed).
fn substitute_pure_lets(wf: &mut Workflow) {
    let counts = assignment_counts(wf);
    let immutable = |v: &VarId| counts.get(v).copied().unwrap_or(0) <= 1;
    let needs_path = vars_by_use(&wf.body, PlaceUse::Path);
    let arguments = vars_by_use(&wf.body, PlaceUse::Argument);
    let intrinsic_arguments = vars_by_use(&wf.body, PlaceUse::IntrinsicArgument);
    let mut pure: HashMap<VarId, Expr> = HashMap::new();
    walk_stmts(&wf.body, &mut |s| {
        if let StmtKind::Assign { var, value } = &s.kind {
            let substitutable = match value {
                Expr::Place(_) => true,
                Expr::Call(_) | Expr::Parallel(_) | Expr::Map(_) => false,
                // Each evaluation differs.
                Expr::Intrinsic {
                    function: Intrinsic::Uuid | Intrinsic::MathRandom,
                    ..
                } => false,
                Expr::Context(path) => {
                    path.first().is_some_and(|p| p != "State")
                        && !needs_path.contains(var)
                        && !arguments.contains(var)
                        && !used_with_fields(&wf.body, *var)
                }
                // An object cannot be written inside an intrinsic call: it stays a variable.
                Expr::Struct { .. } | Expr::Literal(Value::Object(_)) => {
                    !needs_path.contains(var) && !intrinsic_arguments.contains(var)
                }
                Expr::Literal(Value::Array(_)) => {
                    !needs_path.contains(var)
                        && !intrinsic_arguments.contains(var)
                        && !arguments.contains(var)
                        && !used_with_fields(&wf.body, *var)
                }
                Expr::Literal(_) | Expr::Intrinsic { .. } => {
                    !needs_path.contains(var)
                        && !arguments.contains(var)
                        && !used_with_fields(&wf.body, *var)
                }
            };
            if !immutable(var) || !substitutable {
                return;
            }
            let mut used = BTreeSet::new();
            expr_vars(value, &mut used);
            if used.iter().all(immutable) {
                pure.insert(*var, value.clone());
            }
        }
    });
    if pure.is_empty() {
        return;
    }
    let body = std::mem::take(&mut wf.body);
    wf.body = subst_block(body, &pure);
}

/// How a place is used.
#[derive(Clone, Copy, PartialEq, Eq)]
enum PlaceUse {
    /// As a whole value, where any value could stand instead.
    Value,
    /// As a task's argument: an object may stand instead (it becomes `Parameters`).
    Argument,
    /// As an intrinsic's argument: a path, a scalar or another intrinsic, not an object.
    IntrinsicArgument,
    /// Where a JSON path is needed.
    Path,
}

/// Every place in a block, with how it is used.
fn visit_places<'a>(block: &'a Block, f: &mut impl FnMut(&'a Place, PlaceUse)) {
    fn expr<'a>(e: &'a Expr, as_arg: bool, f: &mut impl FnMut(&'a Place, PlaceUse)) {
        match e {
            Expr::Place(p) => f(
                p,
                if as_arg {
                    PlaceUse::Argument
                } else {
                    PlaceUse::Value
                },
            ),
            Expr::Intrinsic { args, .. } => {
                for a in args {
                    match a {
                        Expr::Place(p) => f(p, PlaceUse::IntrinsicArgument),
                        other => expr(other, false, f),
                    }
                }
            }
            Expr::Struct { fields, .. } => fields.iter().for_each(|(_, v)| expr(v, false, f)),
            Expr::Call(c) => {
                if let Some(a) = &c.arg {
                    expr(a, true, f)
                }
            }
            Expr::Parallel(bs) => bs.iter().for_each(|b| visit_places(b, f)),
            Expr::Map(m) => {
                match &m.items {
                    MapItems::Place(p) => f(p, PlaceUse::Path),
                    MapItems::Reader(r) => expr(&r.parameters, false, f),
                }
                visit_places(&m.body, f);
            }
            Expr::Literal(_) | Expr::Context(_) => {}
        }
    }
    fn cond<'a>(c: &'a Cond, f: &mut impl FnMut(&'a Place, PlaceUse)) {
        match c {
            Cond::And(a, b) | Cond::Or(a, b) => {
                cond(a, f);
                cond(b, f);
            }
            Cond::Not(a) => cond(a, f),
            Cond::Compare { place, rhs, .. } => {
                f(place, PlaceUse::Path);
                if let Operand::Place(p) = rhs {
                    f(p, PlaceUse::Path);
                }
            }
            Cond::IsTrue(p) | Cond::IsSome(p) | Cond::IsNone(p) => f(p, PlaceUse::Path),
            Cond::Value(e) => expr(e, false, f),
            Cond::Literal(_) => {}
        }
    }
    for s in block {
        match &s.kind {
            StmtKind::Assign { value, .. } | StmtKind::Eval(value) | StmtKind::Return(value) => {
                expr(value, false, f)
            }
            StmtKind::AssignField { place, value } => {
                f(place, PlaceUse::Path);
                expr(value, false, f);
            }
            StmtKind::If {
                cond: c,
                then,
                otherwise,
            } => {
                cond(c, f);
                visit_places(then, f);
                visit_places(otherwise, f);
            }
            StmtKind::Match { scrutinee, arms } => {
                f(scrutinee, PlaceUse::Path);
                arms.iter().for_each(|a| visit_places(&a.body, f));
            }
            StmtKind::Loop { body } => visit_places(body, f),
            StmtKind::For { items, body, .. } => {
                f(items, PlaceUse::Path);
                visit_places(body, f);
            }
            StmtKind::Try {
                value,
                ok,
                catchers,
                ..
            } => {
                expr(value, false, f);
                visit_places(ok, f);
                catchers.iter().for_each(|c| visit_places(&c.body, f));
            }
            StmtKind::Sleep(Duration::SecondsAt(p) | Duration::UntilAt(p)) => f(p, PlaceUse::Path),
            StmtKind::Fail { error, cause } => {
                for t in [error, cause].into_iter().flatten() {
                    if let Text::At(p) = t {
                        f(p, PlaceUse::Path);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Variables read where a JSON path is needed (a condition, a Wait, …), and those passed as
/// a task's argument.
fn vars_by_use(block: &Block, wanted: PlaceUse) -> HashSet<VarId> {
    let mut out = HashSet::new();
    visit_places(block, &mut |p, used| {
        if used == wanted {
            out.insert(p.var);
        }
    });
    out
}

fn used_with_fields(block: &Block, var: VarId) -> bool {
    let mut found = false;
    visit_places(block, &mut |p, _| {
        found |= p.var == var && !p.fields.is_empty()
    });
    found
}

fn subst_block(block: Block, pure: &HashMap<VarId, Expr>) -> Block {
    block
        .into_iter()
        .filter(|s| !matches!(&s.kind, StmtKind::Assign { var, .. } if pure.contains_key(var)))
        .map(|s| {
            let kind = match s.kind {
                StmtKind::Assign { var, value } => StmtKind::Assign {
                    var,
                    value: subst_expr(value, pure),
                },
                StmtKind::AssignField { place, value } => StmtKind::AssignField {
                    place: subst_place(place, pure),
                    value: subst_expr(value, pure),
                },
                StmtKind::Eval(e) => StmtKind::Eval(subst_expr(e, pure)),
                StmtKind::Return(e) => StmtKind::Return(subst_expr(e, pure)),
                StmtKind::If {
                    cond,
                    then,
                    otherwise,
                } => StmtKind::If {
                    cond: subst_cond(cond, pure),
                    then: subst_block(then, pure),
                    otherwise: subst_block(otherwise, pure),
                },
                StmtKind::Match { scrutinee, arms } => StmtKind::Match {
                    scrutinee: subst_place(scrutinee, pure),
                    arms: arms
                        .into_iter()
                        .map(|a| Arm {
                            pattern: a.pattern,
                            body: subst_block(a.body, pure),
                        })
                        .collect(),
                },
                StmtKind::Loop { body } => StmtKind::Loop {
                    body: subst_block(body, pure),
                },
                StmtKind::Sleep(d) => StmtKind::Sleep(match d {
                    Duration::SecondsAt(p) => Duration::SecondsAt(subst_place(p, pure)),
                    Duration::UntilAt(p) => Duration::UntilAt(subst_place(p, pure)),
                    other => other,
                }),
                StmtKind::Fail { error, cause } => {
                    let text = |t: Option<Text>| {
                        t.map(|t| match t {
                            Text::At(p) => Text::At(subst_place(p, pure)),
                            other => other,
                        })
                    };
                    StmtKind::Fail {
                        error: text(error),
                        cause: text(cause),
                    }
                }
                StmtKind::Try {
                    var,
                    value,
                    ok,
                    catchers,
                } => StmtKind::Try {
                    var,
                    value: subst_expr(value, pure),
                    ok: subst_block(ok, pure),
                    catchers: catchers
                        .into_iter()
                        .map(|c| Catcher {
                            errors: c.errors,
                            var: c.var,
                            body: subst_block(c.body, pure),
                        })
                        .collect(),
                },
                StmtKind::For { var, items, body } => StmtKind::For {
                    var,
                    items: subst_place(items, pure),
                    body: subst_block(body, pure),
                },
                other => other,
            };
            Stmt { kind, name: s.name }
        })
        .collect()
}

/// A place through a pure variable: only aliases of places can stand where a place must.
fn subst_place(p: Place, pure: &HashMap<VarId, Expr>) -> Place {
    match pure.get(&p.var) {
        Some(Expr::Place(base)) => {
            let mut base = subst_place(base.clone(), pure);
            base.fields.extend(p.fields);
            base
        }
        _ => p,
    }
}

fn subst_expr(e: Expr, pure: &HashMap<VarId, Expr>) -> Expr {
    match e {
        Expr::Place(p) => match pure.get(&p.var) {
            Some(Expr::Place(_)) => Expr::Place(subst_place(p, pure)),
            Some(value) if p.fields.is_empty() => subst_expr(value.clone(), pure),
            Some(Expr::Struct { shape, fields }) => {
                // `s.a` where `s` is a struct literal: the field's expression. The literal's
                // fields are keyed by their JSON names (serde's `rename`), the place's by
                // their Rust names.
                let mut value = Expr::Struct {
                    shape: shape.clone(),
                    fields: fields.clone(),
                };
                for f in &p.fields {
                    value = match value {
                        Expr::Struct { shape, fields } => {
                            let key = shape
                                .field(f)
                                .and_then(|(keys, _)| keys.into_iter().next())
                                .unwrap_or_else(|| f.clone());
                            fields
                                .into_iter()
                                .find(|(k, _)| *k == key)
                                .map(|(_, v)| v)
                                .unwrap_or(Expr::Literal(Value::Null))
                        }
                        other => other,
                    };
                }
                subst_expr(value, pure)
            }
            _ => Expr::Place(p),
        },
        Expr::Struct { shape, fields } => Expr::Struct {
            shape,
            fields: fields
                .into_iter()
                .map(|(k, v)| (k, subst_expr(v, pure)))
                .collect(),
        },
        Expr::Call(c) => {
            let Call { task, arg } = *c;
            Expr::Call(Box::new(Call {
                task,
                arg: arg.map(|a| subst_expr(a, pure)),
            }))
        }
        Expr::Parallel(branches) => {
            Expr::Parallel(branches.into_iter().map(|b| subst_block(b, pure)).collect())
        }
        Expr::Map(m) => {
            let MapExpr {
                items,
                item,
                body,
                options,
            } = *m;
            let items = match items {
                MapItems::Place(p) => MapItems::Place(subst_place(p, pure)),
                MapItems::Reader(r) => MapItems::Reader(ItemReader {
                    parameters: subst_expr(r.parameters, pure),
                    ..r
                }),
            };
            Expr::Map(Box::new(MapExpr {
                items,
                item,
                body: subst_block(body, pure),
                options,
            }))
        }
        Expr::Intrinsic { function, args } => Expr::Intrinsic {
            function,
            args: args.into_iter().map(|a| subst_expr(a, pure)).collect(),
        },
        lit => lit,
    }
}

fn subst_cond(c: Cond, pure: &HashMap<VarId, Expr>) -> Cond {
    let operand = |o: Operand| match o {
        Operand::Place(p) => match subst_expr(Expr::Place(p), pure) {
            Expr::Place(p) => Operand::Place(p),
            Expr::Literal(v) => Operand::Literal(v),
            _ => Operand::Literal(Value::Null),
        },
        lit => lit,
    };
    match c {
        Cond::And(a, b) => Cond::And(
            Box::new(subst_cond(*a, pure)),
            Box::new(subst_cond(*b, pure)),
        ),
        Cond::Or(a, b) => Cond::Or(
            Box::new(subst_cond(*a, pure)),
            Box::new(subst_cond(*b, pure)),
        ),
        Cond::Not(a) => Cond::Not(Box::new(subst_cond(*a, pure))),
        Cond::Compare { place, op, rhs } => Cond::Compare {
            place: subst_place(place, pure),
            op,
            rhs: operand(rhs),
        },
        Cond::IsTrue(p) => Cond::IsTrue(subst_place(p, pure)),
        Cond::IsSome(p) => Cond::IsSome(subst_place(p, pure)),
        Cond::IsNone(p) => Cond::IsNone(subst_place(p, pure)),
        lit => lit,
    }
}

// ---------------------------------------------------------------------------------
// 2. liveness

type Live = BTreeSet<VarId>;

/// Each assignment of a variable (a `let`, a task result, a caught error, a map item…) with
/// the variables live right after it.
struct Liveness {
    assigned: Vec<(VarId, Live)>,
}

fn liveness(wf: &Workflow) -> Liveness {
    let mut l = Liveness {
        assigned: Vec::new(),
    };
    let mut loops = Vec::new();
    l.block(&wf.body, &Live::new(), &mut loops);
    l
}

/// For `break` and `continue`: what is live at the loop's exit and at its head.
struct LoopLive {
    exit: Live,
    head: Live,
}

fn cond_vars(c: &Cond, out: &mut Live) {
    match c {
        Cond::And(a, b) | Cond::Or(a, b) => {
            cond_vars(a, out);
            cond_vars(b, out);
        }
        Cond::Not(a) => cond_vars(a, out),
        Cond::Compare { place, rhs, .. } => {
            out.insert(place.var);
            if let Operand::Place(p) = rhs {
                out.insert(p.var);
            }
        }
        Cond::IsTrue(p) | Cond::IsSome(p) | Cond::IsNone(p) => {
            out.insert(p.var);
        }
        Cond::Literal(_) => {}
        Cond::Value(e) => expr_vars(e, out),
    }
}

impl Liveness {
    /// The variables `parallel!` branches read before assigning them: each branch gets the
    /// state as it is at the Parallel state, and nothing of a branch is live after it.
    fn branch_reads(&mut self, e: &Expr, live: &mut Live) {
        match e {
            Expr::Parallel(branches) => {
                for b in branches {
                    let reads = self.block(b, &Live::new(), &mut Vec::new());
                    live.extend(reads);
                }
            }
            // A processor starts with its item; what else it reads comes from outside.
            Expr::Map(m) => {
                let mut reads = self.block(&m.body, &Live::new(), &mut Vec::new());
                self.assigned.push((m.item, reads.clone()));
                reads.remove(&m.item);
                live.extend(reads);
            }
            _ => {}
        }
    }

    /// Live variables before `block`, given those live after it.
    fn block(&mut self, block: &Block, after: &Live, loops: &mut Vec<LoopLive>) -> Live {
        let mut live = after.clone();
        for s in block.iter().rev() {
            live = self.stmt(s, &live, loops);
        }
        live
    }

    fn stmt(&mut self, s: &Stmt, after: &Live, loops: &mut Vec<LoopLive>) -> Live {
        match &s.kind {
            StmtKind::Assign { var, value } => {
                self.assigned.push((*var, after.clone()));
                let mut live = after.clone();
                live.remove(var);
                expr_vars(value, &mut live);
                self.branch_reads(value, &mut live);
                live
            }
            StmtKind::AssignField { place, value } => {
                let mut live = after.clone();
                live.insert(place.var);
                expr_vars(value, &mut live);
                self.branch_reads(value, &mut live);
                live
            }
            StmtKind::Eval(e) => {
                let mut live = after.clone();
                expr_vars(e, &mut live);
                self.branch_reads(e, &mut live);
                live
            }
            StmtKind::Return(e) => {
                let mut live = Live::new();
                expr_vars(e, &mut live);
                self.branch_reads(e, &mut live);
                live
            }
            StmtKind::If {
                cond,
                then,
                otherwise,
            } => {
                let mut live = self.block(then, after, loops);
                live.extend(self.block(otherwise, after, loops));
                cond_vars(cond, &mut live);
                live
            }
            StmtKind::Match { scrutinee, arms } => {
                let mut live = Live::new();
                for a in arms {
                    live.extend(self.block(&a.body, after, loops));
                }
                live.insert(scrutinee.var);
                live
            }
            StmtKind::Loop { body } => {
                // Iterate to a fixed point: the head's live set feeds the back edge.
                let mut head = Live::new();
                loop {
                    loops.push(LoopLive {
                        exit: after.clone(),
                        head: head.clone(),
                    });
                    let new_head = self.block(body, &head, loops);
                    loops.pop();
                    if new_head == head {
                        return head;
                    }
                    head = head.union(&new_head).cloned().collect();
                }
            }
            StmtKind::Break => loops.last().map(|l| l.exit.clone()).unwrap_or_default(),
            StmtKind::Continue => loops.last().map(|l| l.head.clone()).unwrap_or_default(),
            StmtKind::Sleep(d) => {
                let mut live = after.clone();
                if let Duration::SecondsAt(p) | Duration::UntilAt(p) = d {
                    live.insert(p.var);
                }
                live
            }
            StmtKind::Try {
                var,
                value,
                ok,
                catchers,
            } => {
                let mut live = self.block(ok, after, loops);
                if let Some(var) = var {
                    self.assigned.push((*var, live.clone()));
                    live.remove(var);
                }
                // A catcher gets the state as it was before the call.
                for c in catchers {
                    let mut handler = self.block(&c.body, after, loops);
                    if let Some(v) = c.var {
                        self.assigned.push((v, handler.clone()));
                        handler.remove(&v);
                    }
                    live.extend(handler);
                }
                expr_vars(value, &mut live);
                self.branch_reads(value, &mut live);
                live
            }
            StmtKind::For { var, items, body } => {
                // The variable's home also holds the position, so it is live through the loop.
                let mut head: Live = after.iter().copied().chain([*var, items.var]).collect();
                loop {
                    loops.push(LoopLive {
                        exit: after.clone(),
                        head: head.clone(),
                    });
                    let start = self.block(body, &head, loops);
                    loops.pop();
                    let new_head: Live = head.union(&start).copied().collect();
                    if new_head == head {
                        self.assigned.push((*var, start));
                        head.remove(var);
                        return head;
                    }
                    head = new_head;
                }
            }
            StmtKind::Fail { error, cause } => {
                let mut live = Live::new();
                for t in [error, cause].into_iter().flatten() {
                    if let Text::At(p) = t {
                        live.insert(p.var);
                    }
                }
                live
            }
        }
    }
}

// ---------------------------------------------------------------------------------
// 3. homes

/// Where a variable lives in the state JSON.
#[derive(Debug, Clone, PartialEq)]
enum Home {
    Root,
    /// `$.<key>`.
    Field(String),
}

#[derive(Clone)]
struct Homes {
    of: HashMap<VarId, Home>,
    /// The input lives in a field, so the first state must move it there.
    move_input: Option<String>,
    /// Variables kept as `{"value": v}` at their home: a computed value (an intrinsic, a
    /// context field) can only be written into the state as a field of an object, and a
    /// loop variable's home also holds the loop's position.
    wrapped: HashSet<VarId>,
    /// In a map's processor, where the `ItemSelector` put the `$$.Map.Item` fields it reads
    /// (`"Index"` → `$.index`): the context object has them only in the `ItemSelector`.
    map_item: HashMap<String, String>,
}

/// The key of a wrapped variable's value.
const WRAPPED: &str = "value";

/// Every variable that is written somewhere: a `let`, a task result, a caught error, a loop
/// or map item.
fn declared_vars(block: &Block) -> HashSet<VarId> {
    let mut out = HashSet::new();
    walk_stmts(block, &mut |s| match &s.kind {
        StmtKind::Assign { var, value } => {
            out.insert(*var);
            if let Expr::Map(m) = value {
                out.insert(m.item);
            }
        }
        StmtKind::AssignField {
            value: Expr::Map(m),
            ..
        }
        | StmtKind::Eval(Expr::Map(m))
        | StmtKind::Return(Expr::Map(m)) => {
            out.insert(m.item);
        }
        StmtKind::Try {
            var,
            value,
            catchers,
            ..
        } => {
            out.extend(var);
            out.extend(catchers.iter().filter_map(|c| c.var));
            if let Expr::Map(m) = value {
                out.insert(m.item);
            }
        }
        StmtKind::For { var, .. } => {
            out.insert(*var);
        }
        _ => {}
    });
    out
}

fn homes(wf: &Workflow, live: &Liveness) -> Homes {
    // A variable may live at `$` when nothing else is live wherever it is assigned.
    let mut root_ok: HashMap<VarId, bool> = HashMap::new();
    if let Some(i) = wf.input {
        root_ok.insert(i, true);
    }
    for (var, after) in &live.assigned {
        let alone = after.iter().all(|v| v == var);
        *root_ok.entry(*var).or_insert(true) &= alone;
    }
    walk_stmts(&wf.body, &mut |s| match &s.kind {
        StmtKind::AssignField { place, .. } => {
            root_ok.entry(place.var).or_insert(true);
        }
        // A loop variable's home holds the position beside it.
        StmtKind::For { var, .. } => {
            root_ok.insert(*var, false);
        }
        _ => {}
    });
    let mut wrapped = HashSet::new();
    walk_stmts(&wf.body, &mut |s| match &s.kind {
        StmtKind::Assign { var, value } if needs_state(value) || output_field(value).is_some() => {
            wrapped.insert(*var);
        }
        StmtKind::Try {
            var: Some(var),
            value,
            ..
        } if output_field(value).is_some() => {
            wrapped.insert(*var);
        }
        StmtKind::For { var, .. } => {
            wrapped.insert(*var);
        }
        _ => {}
    });
    let shape = |v: &VarId| {
        wf.vars
            .get(v.0 as usize)
            .map(|i| i.shape.clone())
            .unwrap_or(Shape::Any)
    };
    // A map's processor is a state of its own: its variables (the item and those it
    // declares, minus nested maps') are placed apart from the rest.
    let mut scope_of: HashMap<VarId, usize> = HashMap::new();
    let mut scopes = 1;
    walk_stmts(&wf.body, &mut |s| {
        let value = match &s.kind {
            StmtKind::Assign { value, .. }
            | StmtKind::AssignField { value, .. }
            | StmtKind::Eval(value)
            | StmtKind::Return(value) => value,
            StmtKind::Try { value, .. } => value,
            _ => return,
        };
        if let Expr::Map(m) = value {
            // Outer maps are visited first, so nested ones overwrite their variables.
            scope_of.insert(m.item, scopes);
            for v in declared_vars(&m.body) {
                scope_of.insert(v, scopes);
            }
            scopes += 1;
        }
    });
    let scope = |v: &VarId| scope_of.get(v).copied().unwrap_or(0);
    let mut any_field = vec![false; scopes];
    for (v, ok) in &root_ok {
        any_field[scope(v)] |= !ok;
    }
    // A value at `$` carries the fields of the others; copied whole into an intrinsic's
    // result (`vec![order, order]`) it would take them along, and in a loop the copies
    // would nest. Such a value lives in a field when there are fields.
    let mut copied_whole = HashSet::new();
    visit_places(&wf.body, &mut |p, used| {
        if used == PlaceUse::IntrinsicArgument && p.fields.is_empty() {
            copied_whole.insert(p.var);
        }
    });
    for v in copied_whole {
        if any_field[scope(&v)] {
            root_ok.insert(v, false);
        }
    }
    // Fields can only be added to an object: with any field in use, `$` holds objects only.
    let mut of = HashMap::new();
    let mut taken: HashSet<String> = HashSet::new();
    for (v, ok) in &root_ok {
        if *ok && (!any_field[scope(v)] || shape(v).is_object() || wrapped.contains(v)) {
            of.insert(*v, Home::Root);
            if let Shape::Object(fields) = shape(v).resolved() {
                taken.extend(fields.into_iter().map(|f| f.json));
            }
        }
    }
    let mut vars: Vec<VarId> = root_ok
        .keys()
        .copied()
        .filter(|v| !of.contains_key(v))
        .collect();
    vars.sort();
    for v in vars {
        let base = wf
            .vars
            .get(v.0 as usize)
            .map(|i| i.name.clone())
            .unwrap_or_else(|| format!("v{}", v.0));
        let mut key = base.clone();
        let mut n = 2;
        while !taken.insert(key.clone()) {
            key = format!("{base}_{n}");
            n += 1;
        }
        of.insert(v, Home::Field(key));
    }
    let move_input = wf.input.and_then(|i| match of.get(&i) {
        Some(Home::Field(k)) => Some(k.clone()),
        _ => None,
    });
    Homes {
        of,
        move_input,
        wrapped,
        map_item: HashMap::new(),
    }
}

/// The `$$.Map.Item` fields (`Index`, `Value`) a map's processor reads; a map nested in it
/// reads its own item, and is not looked into.
fn map_item_fields(block: &Block, out: &mut BTreeSet<String>) {
    fn expr(e: &Expr, out: &mut BTreeSet<String>) {
        match e {
            Expr::Context(path) if path.len() == 3 && path[0] == "Map" && path[1] == "Item" => {
                out.insert(path[2].clone());
            }
            Expr::Struct { fields, .. } => fields.iter().for_each(|(_, v)| expr(v, out)),
            Expr::Call(c) => c.arg.iter().for_each(|a| expr(a, out)),
            Expr::Intrinsic { args, .. } => args.iter().for_each(|a| expr(a, out)),
            Expr::Parallel(bs) => bs.iter().for_each(|b| map_item_fields(b, out)),
            Expr::Map(m) => {
                if let MapItems::Reader(r) = &m.items {
                    expr(&r.parameters, out)
                }
            }
            Expr::Place(_) | Expr::Literal(_) | Expr::Context(_) => {}
        }
    }
    for s in block {
        match &s.kind {
            StmtKind::Assign { value, .. }
            | StmtKind::AssignField { value, .. }
            | StmtKind::Eval(value)
            | StmtKind::Return(value) => expr(value, out),
            StmtKind::If {
                cond,
                then,
                otherwise,
            } => {
                if let Cond::Value(e) = cond {
                    expr(e, out);
                }
                map_item_fields(then, out);
                map_item_fields(otherwise, out);
            }
            StmtKind::Match { arms, .. } => arms.iter().for_each(|a| map_item_fields(&a.body, out)),
            StmtKind::Loop { body } | StmtKind::For { body, .. } => map_item_fields(body, out),
            StmtKind::Try {
                value,
                ok,
                catchers,
                ..
            } => {
                expr(value, out);
                map_item_fields(ok, out);
                catchers.iter().for_each(|c| map_item_fields(&c.body, out));
            }
            _ => {}
        }
    }
}

// ---------------------------------------------------------------------------------
// 4. emit

type Label = usize;

struct LoopTargets {
    head: Label,
    exit: Label,
}

/// A state under construction: transitions are labels until `finish`.
struct Pending {
    name: String,
    state: asl::State,
    next: Option<Label>,
    /// Choice rules' targets and Default, in order.
    choice_targets: Vec<Label>,
    choice_default: Option<Label>,
    /// Catchers' targets, in order.
    catch_targets: Vec<Label>,
}

struct Emitter<'w> {
    wf: &'w Workflow,
    homes: Homes,
    states: Vec<Pending>,
    /// Union-find over labels; `bound` maps a root label to the state index it names.
    parent: Vec<Label>,
    bound: HashMap<Label, usize>,
    names: HashSet<String>,
    loops: Vec<LoopTargets>,
    errors: Vec<String>,
    start: Label,
    /// The Fail states emitted so far, with their labels.
    fails: Vec<(asl::FailState, Label)>,
}

/// The default state name for a task: its fn name in PascalCase, or a name given with
/// `#[task(name = "…")]` (anything not snake_case) as written.
fn task_state_name(name: &str) -> String {
    if name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        pascal(name)
    } else {
        name.to_string()
    }
}

fn pascal(s: &str) -> String {
    s.split(['_', '-', ' ', '.'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(first) => first.to_uppercase().collect::<String>() + cs.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

/// Where an assignment writes: a path, and whether the value is wrapped as `{"value": v}`.
struct Target {
    path: String,
    wrap: bool,
}

/// A string literal inside an intrinsic call: `'`, `{`, `}` and `\` are escaped.
fn escape_intrinsic_string(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if matches!(c, '\'' | '{' | '}' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `$.a.b`, with bracket notation for keys that need it.
fn json_path(base: &str, keys: &[String]) -> String {
    let mut p = base.to_string();
    for k in keys {
        if !k.is_empty()
            && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !k.starts_with(|c: char| c.is_ascii_digit())
        {
            p.push('.');
            p.push_str(k);
        } else if let Ok(i) = k.parse::<usize>() {
            p.push_str(&format!("[{i}]"));
        } else {
            p.push_str(&format!("['{}']", k.replace('\'', "\\'")));
        }
    }
    p
}

fn common() -> asl::Common {
    asl::Common::default()
}

impl<'w> Emitter<'w> {
    fn new(wf: &'w Workflow, homes: Homes) -> Self {
        let mut em = Emitter {
            wf,
            homes,
            states: Vec::new(),
            parent: Vec::new(),
            bound: HashMap::new(),
            names: HashSet::new(),
            loops: Vec::new(),
            errors: Vec::new(),
            start: 0,
            fails: Vec::new(),
        };
        em.start = em.label();
        em
    }

    fn label(&mut self) -> Label {
        self.parent.push(self.parent.len());
        self.parent.len() - 1
    }

    fn find(&self, mut l: Label) -> Label {
        while self.parent[l] != l {
            l = self.parent[l];
        }
        l
    }

    /// `from` now means the same place as `to`.
    fn join(&mut self, from: Label, to: Label) {
        let (a, b) = (self.find(from), self.find(to));
        if a != b {
            self.parent[a] = b;
        }
    }

    fn unique_name(&mut self, wanted: &str) -> String {
        let base: String = wanted.chars().take(76).collect();
        let mut name = base.clone();
        let mut n = 2;
        while !self.names.insert(name.clone()) {
            name = format!("{base}{n}");
            n += 1;
        }
        name
    }

    /// Adds a state named `name` at `entry`, continuing to `next`.
    fn push(&mut self, entry: Label, name: &str, state: asl::State, next: Option<Label>) -> usize {
        let name = self.unique_name(name);
        let index = self.states.len();
        self.states.push(Pending {
            name,
            state,
            next,
            choice_targets: Vec::new(),
            choice_default: None,
            catch_targets: Vec::new(),
        });
        let root = self.find(entry);
        self.bound.insert(root, index);
        index
    }

    fn run(&mut self) {
        let body = &self.wf.body;
        let mut entry = self.start;
        if let Some(key) = self.homes.move_input.clone() {
            let next = self.label();
            let pass = asl::PassState {
                common: common(),
                parameters: Some(json!({ format!("{key}.$"): "$" })),
                result: None,
                result_path: None,
                transition: asl::Transition::Missing,
            };
            self.push(
                entry,
                &format!("Take{}", pascal(&key)),
                asl::State::Pass(pass),
                Some(next),
            );
            entry = next;
        }
        let end = self.label();
        self.block(body, entry, end);
        if !self.bound.contains_key(&self.find(end)) && self.reaches(end) {
            self.errors
                .push("the workflow can end without returning a value".into());
        }
    }

    /// Whether any state or join refers to `l` (so falling off the body is possible).
    fn reaches(&self, l: Label) -> bool {
        let root = self.find(l);
        self.states.iter().any(|p| {
            p.next.map(|n| self.find(n)) == Some(root)
                || p.choice_targets.iter().any(|t| self.find(*t) == root)
                || p.choice_default.map(|d| self.find(d)) == Some(root)
                || p.catch_targets.iter().any(|t| self.find(*t) == root)
        }) || self.find(self.start) == root
    }

    /// Lowers `block` starting at `entry`; control falls through to `exit`.
    fn block(&mut self, block: &Block, entry: Label, exit: Label) {
        let mut entry = entry;
        for (i, s) in block.iter().enumerate() {
            let next = if i + 1 == block.len() {
                exit
            } else {
                self.label()
            };
            let diverges = self.stmt(s, entry, next);
            if diverges {
                return; // the rest is unreachable (rustc has warned)
            }
            entry = next;
        }
        if block.is_empty() {
            self.join(entry, exit);
        }
    }

    /// Where a variable's value is.
    fn home_path(&self, var: VarId) -> String {
        let base = self.target_path(var);
        if self.homes.wrapped.contains(&var) {
            json_path(&base, &[WRAPPED.to_string()])
        } else {
            base
        }
    }

    /// Where a variable is written (`ResultPath`): its home, or its wrapper's.
    fn target_path(&self, var: VarId) -> String {
        match self.homes.of.get(&var) {
            Some(Home::Field(k)) => json_path("$", std::slice::from_ref(k)),
            _ => "$".into(),
        }
    }

    fn var_name(&self, var: VarId) -> String {
        self.wf
            .vars
            .get(var.0 as usize)
            .map(|v| v.name.clone())
            .unwrap_or_default()
    }

    /// The JSON path of a place.
    fn path(&self, p: &Place) -> String {
        let mut shape = self
            .wf
            .vars
            .get(p.var.0 as usize)
            .map(|v| v.shape.clone())
            .unwrap_or(Shape::Any);
        let mut keys = Vec::new();
        for f in &p.fields {
            match shape.field(f) {
                Some((segments, s)) => {
                    keys.extend(segments);
                    shape = s;
                }
                None => {
                    keys.push(f.clone());
                    shape = Shape::Any;
                }
            }
        }
        json_path(&self.home_path(p.var), &keys)
    }

    /// A payload template for a struct literal or literal (`Parameters`).
    fn template(&self, e: &Expr) -> Result<Value, String> {
        match e {
            Expr::Literal(v) => Ok(v.clone()),
            // An array literal (`vec![S { … }]`): its items are under "0", "1", ….
            Expr::Struct { shape: Shape::Array(_), fields } => fields
                .iter()
                .map(|(_, item)| match item {
                    Expr::Place(_) | Expr::Context(_) => Err("an item of an array in `Parameters` cannot be read from a path \
                         (a path in an array is taken literally): use a struct literal or a literal"
                        .to_string()),
                    other => self.template(other),
                })
                .collect::<Result<Vec<Value>, String>>()
                .map(Value::Array),
            Expr::Struct { fields, .. } => {
                let mut m = Map::new();
                for (k, v) in fields {
                    match v {
                        Expr::Place(_) | Expr::Intrinsic { .. } | Expr::Context(_) => {
                            m.insert(format!("{k}.$"), Value::String(self.value_text(v)?));
                        }
                        other => {
                            m.insert(k.clone(), self.template(other)?);
                        }
                    }
                }
                Ok(Value::Object(m))
            }
            Expr::Place(p) => Ok(Value::String(self.path(p))),
            Expr::Call(c) => Err(format!("the call of task `{}` must be bound with `let` first", c.task.name)),
            Expr::Parallel(_) => Err("a `parallel!(…)` must be bound with `let` first".into()),
            Expr::Map(_) => Err("a `map(…)` must be bound with `let` first".into()),
            Expr::Intrinsic { .. } | Expr::Context(_) => Err("a computed value must be a field of a struct literal here".into()),
        }
    }

    /// Lowers one statement; returns true when control never falls through.
    fn stmt(&mut self, s: &Stmt, entry: Label, next: Label) -> bool {
        match &s.kind {
            StmtKind::Assign { var, value } => {
                let target = self.target(*var);
                let name = s
                    .name
                    .clone()
                    .unwrap_or_else(|| format!("Set{}", pascal(&self.var_name(*var))));
                self.value_into(value, target, entry, next, &name, s);
                false
            }
            StmtKind::AssignField { place, value } => {
                let name = s.name.clone().unwrap_or_else(|| {
                    format!(
                        "Set{}",
                        pascal(place.fields.last().map(String::as_str).unwrap_or("Field"))
                    )
                });
                let target = Target {
                    path: self.path(place),
                    wrap: false,
                };
                self.value_into(value, target, entry, next, &name, s);
                false
            }
            StmtKind::Try {
                var,
                value,
                ok,
                catchers,
            } => {
                self.try_catch(s, *var, value, ok, catchers, entry, next);
                false
            }
            StmtKind::For { var, items, body } => {
                self.for_loop(s, *var, items, body, entry, next);
                false
            }
            StmtKind::Eval(e) => {
                match e {
                    Expr::Parallel(branches) => {
                        let name = s.name.clone().unwrap_or_else(|| "Parallel".into());
                        self.parallel(
                            branches,
                            Some(asl::NullablePath::Null),
                            entry,
                            Some(next),
                            &name,
                        );
                    }
                    Expr::Call(c) => {
                        let task = self.task(c, Some(asl::NullablePath::Null), s);
                        let name = s
                            .name
                            .clone()
                            .unwrap_or_else(|| task_state_name(&c.task.name));
                        self.push(entry, &name, asl::State::Task(task), Some(next));
                    }
                    Expr::Map(m) => {
                        let name = s.name.clone().unwrap_or_else(|| "Map".into());
                        self.map(
                            m,
                            Some(asl::NullablePath::Null),
                            false,
                            entry,
                            Some(next),
                            &name,
                        );
                    }
                    // A named no-op (`pass!("Name")`) is a Pass state: the user asked for it.
                    _ if s.name.is_some() => {
                        let name = s.name.clone().unwrap_or_default();
                        self.push(entry, &name, asl::State::Pass(pass()), Some(next));
                    }
                    _ => self.join(entry, next), // a pure expression has no effect
                }
                false
            }
            StmtKind::Return(e) => {
                self.ret(e, entry, s);
                true
            }
            StmtKind::If { .. } => {
                self.choice_chain(s, entry, next);
                false
            }
            StmtKind::Match { scrutinee, arms } => {
                self.matches(s, scrutinee, arms, entry, next);
                false
            }
            StmtKind::Loop { body } => {
                // A named `while`: the name is its condition's Choice.
                let named;
                let body = match (&s.name, body.first()) {
                    (
                        Some(name),
                        Some(
                            first @ Stmt {
                                kind: StmtKind::If { .. },
                                name: None,
                            },
                        ),
                    ) => {
                        named = std::iter::once(Stmt {
                            kind: first.kind.clone(),
                            name: Some(name.clone()),
                        })
                        .chain(body[1..].iter().cloned())
                        .collect::<Block>();
                        &named
                    }
                    _ => body,
                };
                self.loops.push(LoopTargets {
                    head: entry,
                    exit: next,
                });
                self.block(body, entry, entry);
                self.loops.pop();
                if !self.bound.contains_key(&self.find(entry)) {
                    self.errors.push("a loop does no work and never ends; give it a task, a `sleep` or a `break`".into());
                }
                false
            }
            StmtKind::Break => {
                match self.loops.last() {
                    Some(l) => {
                        let exit = l.exit;
                        self.join(entry, exit)
                    }
                    None => self.errors.push("`break` outside a loop".into()),
                }
                true
            }
            StmtKind::Continue => {
                match self.loops.last() {
                    Some(l) => {
                        let head = l.head;
                        if self.find(head) == self.find(entry) {
                            self.errors.push(
                                "a loop whose first statement is `continue` never ends".into(),
                            );
                        } else {
                            self.join(entry, head)
                        }
                    }
                    None => self.errors.push("`continue` outside a loop".into()),
                }
                true
            }
            StmtKind::Sleep(d) => {
                let mut w = asl::WaitState {
                    common: common(),
                    seconds: None,
                    timestamp: None,
                    seconds_path: None,
                    timestamp_path: None,
                    transition: asl::Transition::Missing,
                };
                let default_name = match d {
                    Duration::Seconds(n) => {
                        w.seconds = Some(asl::Expr::Value(*n));
                        format!("Wait{n}s")
                    }
                    Duration::SecondsAt(p) => {
                        w.seconds_path = Some(self.path(p));
                        format!(
                            "WaitFor{}",
                            pascal(p.fields.last().map(String::as_str).unwrap_or("Seconds"))
                        )
                    }
                    Duration::Until(t) => {
                        w.timestamp = Some(asl::Expr::Value(t.clone()));
                        "WaitUntil".into()
                    }
                    Duration::UntilAt(p) => {
                        w.timestamp_path = Some(self.path(p));
                        format!(
                            "WaitUntil{}",
                            pascal(p.fields.last().map(String::as_str).unwrap_or("Time"))
                        )
                    }
                };
                let name = s.name.clone().unwrap_or(default_name);
                self.push(entry, &name, asl::State::Wait(w), Some(next));
                false
            }
            StmtKind::Fail { error, cause } => {
                let mut f = asl::FailState {
                    common: common(),
                    error: None,
                    cause: None,
                    error_path: None,
                    cause_path: None,
                };
                match error {
                    Some(Text::Literal(e)) if !e.is_empty() => f.error = Some(e.clone()),
                    Some(Text::At(p)) => f.error_path = Some(self.path(p)),
                    _ => {}
                }
                match cause {
                    Some(Text::Literal(c)) if !c.is_empty() => f.cause = Some(c.clone()),
                    Some(Text::At(p)) => f.cause_path = Some(self.path(p)),
                    _ => {}
                }
                let name = s.name.clone().unwrap_or_else(|| match error {
                    Some(Text::Literal(e)) if !e.is_empty() => pascal(e),
                    _ => "Fail".into(),
                });
                // Arms that fail the same way share one Fail state.
                if let Some((_, label)) = self
                    .fails
                    .iter()
                    .find(|(other, _)| *other == f && s.name.is_none())
                {
                    let label = *label;
                    self.join(entry, label);
                } else {
                    self.fails.push((f.clone(), entry));
                    self.push(entry, &name, asl::State::Fail(f), None);
                }
                true
            }
        }
    }

    /// Where an assignment of `var` writes.
    fn target(&self, var: VarId) -> Target {
        Target {
            path: self.target_path(var),
            wrap: self.homes.wrapped.contains(&var),
        }
    }

    /// `target = value`: a Task for a call, a Parallel or Map, otherwise a Pass.
    fn value_into(
        &mut self,
        value: &Expr,
        target: Target,
        entry: Label,
        next: Label,
        name: &str,
        s: &Stmt,
    ) {
        let result_path = Some(asl::NullablePath::Path(target.path.clone()));
        // `{"value": v}` for a wrapped variable.
        let wrap = |v: Value| {
            if target.wrap {
                json!({ WRAPPED: v })
            } else {
                v
            }
        };
        match value {
            Expr::Call(c) => {
                let mut task = self.task(c, result_path, s);
                task.result_selector = wrapping_selector(target.wrap, output_field(value));
                let name = s
                    .name
                    .clone()
                    .unwrap_or_else(|| task_state_name(&c.task.name));
                self.push(entry, &name, asl::State::Task(task), Some(next));
            }
            Expr::Parallel(branches) => {
                let name = s.name.clone().unwrap_or_else(|| {
                    format!("Parallel{}", name.strip_prefix("Set").unwrap_or(name))
                });
                let entry = self.clear_stale_result(branches, result_path.as_ref(), entry, &name);
                let i = self.parallel(branches, result_path, entry, Some(next), &name);
                if let asl::State::Parallel(p) = &mut self.states[i].state {
                    p.result_selector = wrapping_selector(target.wrap, None);
                }
            }
            Expr::Map(m) => {
                let name = s
                    .name
                    .clone()
                    .unwrap_or_else(|| format!("Map{}", name.strip_prefix("Set").unwrap_or(name)));
                self.map(m, result_path, target.wrap, entry, Some(next), &name);
            }
            // The value is already where it goes (`let mut c = c;` with both at `$`).
            Expr::Place(p) if !target.wrap && target.path == self.path(p) => self.join(entry, next),
            Expr::Place(p) if !target.wrap => {
                let mut pass = pass();
                pass.common.input_path = Some(asl::NullablePath::Path(self.path(p)));
                pass.result_path = result_path;
                self.push(entry, name, asl::State::Pass(pass), Some(next));
            }
            Expr::Literal(v) => {
                let mut pass = pass();
                pass.result = Some(wrap(v.clone()));
                pass.result_path = result_path;
                self.push(entry, name, asl::State::Pass(pass), Some(next));
            }
            Expr::Place(_) | Expr::Struct { .. } | Expr::Intrinsic { .. } | Expr::Context(_) => {
                let parameters = match value {
                    Expr::Struct { .. } => self.template(value).map(wrap),
                    _ if !target.wrap => {
                        Err("a computed value can only be written to a variable".to_string())
                    }
                    _ => self
                        .value_text(value)
                        .map(|text| json!({ format!("{WRAPPED}.$"): text })),
                };
                match parameters {
                    Ok(t) => {
                        let mut pass = pass();
                        pass.parameters = Some(t);
                        pass.result_path = result_path;
                        self.push(entry, name, asl::State::Pass(pass), Some(next));
                    }
                    Err(e) => self.errors.push(e),
                }
            }
        }
    }

    /// A value as a path, an intrinsic call or a context path (the right side of a `.$` key).
    fn value_text(&self, e: &Expr) -> Result<String, String> {
        match e {
            Expr::Place(p) => Ok(self.path(p)),
            Expr::Context(path) => Ok(match path.as_slice() {
                [map, item, field] if map == "Map" && item == "Item" => {
                    self.homes.map_item.get(field).cloned()
                }
                _ => None,
            }
            .unwrap_or_else(|| json_path("$$", path))),
            Expr::Intrinsic { function, args } => {
                let mut parts = Vec::new();
                for (i, a) in args.iter().enumerate() {
                    match a {
                        // The template is already in the intrinsic's own syntax.
                        Expr::Literal(Value::String(t)) if i == 0 && *function == Intrinsic::Format => parts.push(format!("'{t}'")),
                        Expr::Literal(Value::String(t)) => parts.push(format!("'{}'", escape_intrinsic_string(t))),
                        Expr::Literal(v @ (Value::Number(_) | Value::Bool(_) | Value::Null)) => parts.push(v.to_string()),
                        Expr::Place(_) | Expr::Context(_) | Expr::Intrinsic { .. } => parts.push(self.value_text(a)?),
                        _ => return Err(format!("an argument of {} must be a variable, a field, a string, number or bool literal, or another intrinsic", function.name())),
                    }
                }
                Ok(format!("{}({})", function.name(), parts.join(", ")))
            }
            _ => Err("this value cannot be computed by an intrinsic function".into()),
        }
    }

    fn task(
        &mut self,
        c: &Call,
        result_path: Option<asl::NullablePath>,
        _s: &Stmt,
    ) -> asl::TaskState {
        let spec = &c.task;
        let resource = match &spec.resource {
            TaskResource::Lambda(name) if !name.starts_with("arn:") && !name.contains("${") => {
                asl::Resource::Arn(format!(
                    "arn:aws:lambda:#{{AWS::Region}}:#{{AWS::AccountId}}:function:{name}"
                ))
            }
            TaskResource::Lambda(arn) | TaskResource::Activity(arn) | TaskResource::Arn(arn) => {
                asl::Resource::Arn(arn.clone())
            }
            TaskResource::GetAtt(id) => {
                asl::Resource::Intrinsic(json!({ "Fn::GetAtt": [id, "Arn"] }))
            }
            TaskResource::Ref(id) => asl::Resource::Intrinsic(json!({ "Ref": id })),
        };
        let mut t = asl::TaskState {
            common: common(),
            resource,
            parameters: None,
            arguments: None,
            result_selector: None,
            result_path: result_path.filter(|p| *p != asl::NullablePath::Path("$".into())),
            timeout_seconds: spec.timeout_seconds.map(asl::Expr::Value),
            timeout_seconds_path: None,
            heartbeat_seconds: spec.heartbeat_seconds.map(asl::Expr::Value),
            heartbeat_seconds_path: None,
            credentials: None,
            errors: asl::ErrorHandling::default(),
            transition: asl::Transition::Missing,
        };
        if let Some(envelope) = &spec.envelope {
            let mut parameters = envelope.parameters.as_object().cloned().unwrap_or_default();
            let key = &envelope.argument_key;
            match &c.arg {
                None => {}
                Some(Expr::Place(p)) => {
                    parameters.insert(format!("{key}.$"), Value::String(self.path(p)));
                }
                Some(e) => match self.template(e) {
                    Ok(v) => {
                        parameters.insert(key.clone(), v);
                    }
                    Err(e) => self.errors.push(e),
                },
            }
            t.parameters = Some(Value::Object(parameters));
        } else {
            self.task_argument(c, &mut t);
        }
        self.task_policies(c, &mut t);
        t
    }

    /// A task's argument: `InputPath` for a place, `Parameters` for an object.
    fn task_argument(&mut self, c: &Call, t: &mut asl::TaskState) {
        let spec = &c.task;
        match &c.arg {
            None => t.common.input_path = Some(asl::NullablePath::Null),
            Some(Expr::Place(p)) => {
                let path = self.path(p);
                if path != "$" {
                    t.common.input_path = Some(asl::NullablePath::Path(path));
                }
            }
            Some(e @ Expr::Struct { .. }) => match self.template(e) {
                Ok(v) => t.parameters = Some(v),
                Err(e) => self.errors.push(e),
            },
            Some(Expr::Literal(v)) => self.errors.push(format!(
                "task `{}` is called with the literal {v}; ASL can only pass objects built in `Parameters`: give the task a payload struct as input",
                spec.name
            )),
            Some(Expr::Call(_)) => self.errors.push(format!("nested call in the argument of `{}`", spec.name)),
            Some(Expr::Parallel(_) | Expr::Map(_)) => self.errors.push(format!("bind the value in the argument of `{}` with `let` first", spec.name)),
            Some(Expr::Intrinsic { .. } | Expr::Context(_)) => self.errors.push(format!("the computed argument of `{}` must be bound with `let` first", spec.name)),
        }
    }

    /// Timeouts, heartbeats and retry policies of a task.
    fn task_policies(&mut self, c: &Call, t: &mut asl::TaskState) {
        let spec = &c.task;
        // `timeout = input.field`: the seconds are read from the state by path.
        for (field, is_timeout) in [(&spec.timeout_field, true), (&spec.heartbeat_field, false)] {
            let Some(field) = field else { continue };
            let source = match &c.arg {
                Some(Expr::Place(p)) => Some(Expr::Place(p.clone().field(field))),
                Some(Expr::Struct { fields, .. }) => {
                    let json = spec
                        .input
                        .field(field)
                        .and_then(|(keys, _)| keys.into_iter().next())
                        .unwrap_or_else(|| field.clone());
                    fields
                        .iter()
                        .find(|(k, _)| *k == json)
                        .map(|(_, v)| v.clone())
                }
                _ => None,
            };
            match source {
                Some(Expr::Place(p)) => {
                    let path = Some(self.path(&p));
                    if is_timeout {
                        t.timeout_seconds_path = path;
                    } else {
                        t.heartbeat_seconds_path = path;
                    }
                }
                Some(Expr::Literal(v)) if v.as_u64().is_some() => {
                    let n = v.as_u64().map(asl::Expr::Value);
                    if is_timeout {
                        t.timeout_seconds = n;
                    } else {
                        t.heartbeat_seconds = n;
                    }
                }
                _ => self.errors.push(format!("task `{}` reads its timeout or heartbeat from the field `{field}` of its input, which is not a number field here", spec.name)),
            }
        }
        if !spec.retry.is_empty() {
            t.errors.retry = Some(
                spec.retry
                    .iter()
                    .map(|r| asl::Retrier {
                        comment: None,
                        error_equals: r.errors.clone(),
                        interval_seconds: r.interval_seconds,
                        max_attempts: r.max_attempts,
                        backoff_rate: r.backoff_rate,
                        max_delay_seconds: r.max_delay_seconds,
                        jitter_strategy: r.jitter_full.map(|f| {
                            if f {
                                asl::JitterStrategy::Full
                            } else {
                                asl::JitterStrategy::None
                            }
                        }),
                        unknown: Default::default(),
                    })
                    .collect(),
            );
        }
    }

    /// `return e`: the state that produces the output, with `End`.
    fn ret(&mut self, e: &Expr, entry: Label, s: &Stmt) {
        match e {
            Expr::Parallel(branches) => {
                let name = s.name.clone().unwrap_or_else(|| "Parallel".into());
                let i = self.parallel(branches, None, entry, None, &name);
                self.set_end(i);
            }
            Expr::Call(c) => {
                let mut task = self.task(c, None, s);
                if let Some(field) = output_field(e) {
                    task.common.output_path = Some(asl::NullablePath::Path(json_path(
                        "$",
                        &[field.to_string()],
                    )));
                }
                let name = s
                    .name
                    .clone()
                    .unwrap_or_else(|| task_state_name(&c.task.name));
                let i = self.push(entry, &name, asl::State::Task(task), None);
                self.set_end(i);
            }
            Expr::Place(p) => {
                let path = self.path(p);
                let mut succeed = asl::SucceedState { common: common() };
                if path != "$" {
                    succeed.common.output_path = Some(asl::NullablePath::Path(path));
                }
                let name = s.name.clone().unwrap_or_else(|| "Done".into());
                self.push(entry, &name, asl::State::Succeed(succeed), None);
            }
            Expr::Literal(_) | Expr::Struct { .. } => match self.template(e) {
                Ok(t) => {
                    let mut pass = pass();
                    if matches!(e, Expr::Literal(_)) {
                        pass.result = Some(t);
                    } else {
                        pass.parameters = Some(t);
                    }
                    let name = s.name.clone().unwrap_or_else(|| "Done".into());
                    let i = self.push(entry, &name, asl::State::Pass(pass), None);
                    self.set_end(i);
                }
                Err(e) => self.errors.push(e),
            },
            Expr::Map(m) => {
                let name = s.name.clone().unwrap_or_else(|| "Map".into());
                let i = self.map(m, None, false, entry, None, &name);
                self.set_end(i);
            }
            // Computed into a field, then output alone.
            Expr::Intrinsic { .. } | Expr::Context(_) => match self.value_text(e) {
                Ok(text) => {
                    let mut pass = pass();
                    pass.parameters = Some(json!({ format!("{WRAPPED}.$"): text }));
                    pass.common.output_path = Some(asl::NullablePath::Path(format!("$.{WRAPPED}")));
                    let name = s.name.clone().unwrap_or_else(|| "Done".into());
                    let i = self.push(entry, &name, asl::State::Pass(pass), None);
                    self.set_end(i);
                }
                Err(e) => self.errors.push(e),
            },
        }
    }

    /// `match task(x) { Ok(v) => …, Err(…) => … }`: the state with a `Catch` per `Err` arm.
    #[allow(clippy::too_many_arguments)]
    fn try_catch(
        &mut self,
        s: &Stmt,
        var: Option<VarId>,
        value: &Expr,
        ok: &Block,
        catchers: &[Catcher],
        entry: Label,
        next: Label,
    ) {
        let ok_entry = self.label();
        let result_path = Some(match var {
            Some(v) => asl::NullablePath::Path(self.target_path(v)),
            None => asl::NullablePath::Null,
        });
        let wrap = var.is_some_and(|v| self.homes.wrapped.contains(&v));
        let index = match value {
            Expr::Call(c) => {
                let mut task = self.task(c, result_path, s);
                task.result_selector = wrapping_selector(wrap, output_field(value));
                let name = s
                    .name
                    .clone()
                    .unwrap_or_else(|| task_state_name(&c.task.name));
                self.push(entry, &name, asl::State::Task(task), Some(ok_entry))
            }
            Expr::Parallel(branches) => {
                let name = s.name.clone().unwrap_or_else(|| "Parallel".into());
                let i = self.parallel(branches, result_path, entry, Some(ok_entry), &name);
                if let asl::State::Parallel(p) = &mut self.states[i].state {
                    p.result_selector = wrapping_selector(wrap, None);
                }
                i
            }
            Expr::Map(m) => {
                let name = s.name.clone().unwrap_or_else(|| "Map".into());
                self.map(m, result_path, wrap, entry, Some(ok_entry), &name)
            }
            _ => {
                self.errors.push(
                    "only a task call, a `parallel!` or a `map` can have its errors caught".into(),
                );
                return;
            }
        };
        let mut catch = Vec::new();
        let mut targets = Vec::new();
        let mut bodies = Vec::new();
        for c in catchers {
            // An arm whose errors earlier arms all catch is never taken (rustc warns).
            if c.errors.is_empty() {
                continue;
            }
            let result_path = match c.var {
                Some(v) if self.homes.wrapped.contains(&v) => {
                    self.errors.push(format!("the caught error `{}` is also assigned a computed value; use another variable for it", self.var_name(v)));
                    return;
                }
                Some(v) => asl::NullablePath::Path(self.target_path(v)),
                None => asl::NullablePath::Null,
            };
            catch.push(asl::Catcher {
                comment: None,
                error_equals: c.errors.clone(),
                next: String::new(),
                result_path: Some(result_path),
                output: None,
                assign: None,
                unknown: Default::default(),
            });
            targets.push(self.label());
            bodies.push(&c.body);
        }
        if let Some(e) = self.states[index].state.error_handling_mut() {
            e.catch = Some(catch);
        }
        self.states[index].catch_targets = targets.clone();
        self.block(ok, ok_entry, next);
        for (body, target) in bodies.into_iter().zip(targets) {
            self.block(body, target, next);
        }
    }

    /// `for x in items { … }`: the variable's home holds `{"index", "length", "value"}`; a
    /// Choice tests the position, a Pass takes the item, another advances.
    #[allow(clippy::too_many_arguments)]
    fn for_loop(
        &mut self,
        s: &Stmt,
        var: VarId,
        items: &Place,
        body: &Block,
        entry: Label,
        next: Label,
    ) {
        let base = self.target_path(var);
        let at = |k: &str| json_path(&base, &[k.to_string()]);
        let items_path = self.path(items);
        // The list is read on every round: if the body changes it, iterate over a copy.
        let mut changes_list = false;
        walk_stmts(body, &mut |st| match &st.kind {
            StmtKind::Assign { var, .. } => changes_list |= *var == items.var,
            StmtKind::AssignField { place, .. } => changes_list |= place.var == items.var,
            StmtKind::Try { var: Some(v), .. } => changes_list |= *v == items.var,
            _ => {}
        });
        let list = if changes_list {
            at("items")
        } else {
            items_path.clone()
        };
        let position = |index: String| {
            let mut m = Map::new();
            m.insert("index.$".into(), Value::String(index));
            m.insert("length.$".into(), Value::String(at("length")));
            if changes_list {
                m.insert("items.$".into(), Value::String(at("items")));
            }
            m
        };
        let title = pascal(&self.var_name(var));

        let mut init = Map::new();
        init.insert("index".into(), json!(0));
        init.insert(
            "length.$".into(),
            Value::String(format!("States.ArrayLength({items_path})")),
        );
        if changes_list {
            init.insert("items.$".into(), Value::String(items_path.clone()));
        }
        let mut start = pass();
        start.parameters = Some(Value::Object(init));
        start.result_path = Some(asl::NullablePath::Path(base.clone()));
        let head = self.label();
        let name = s.name.clone().unwrap_or_else(|| format!("ForEach{title}"));
        self.push(entry, &name, asl::State::Pass(start), Some(head));

        let take = self.label();
        let condition = test(
            at("index"),
            asl::Test::Compare {
                kind: asl::CompareKind::Numeric,
                op: asl::CompareOp::LessThan,
                operand: asl::Operand::Path(at("length")),
            },
        );
        let choice = asl::ChoiceState {
            common: common(),
            choices: vec![asl::ChoiceRule {
                comment: None,
                condition,
                next: String::new(),
                assign: None,
                output: None,
                unknown: Default::default(),
            }],
            default: None,
        };
        let i = self.push(
            head,
            &format!("Has{title}"),
            asl::State::Choice(choice),
            None,
        );
        self.states[i].choice_targets = vec![take];
        self.states[i].choice_default = Some(next);

        let body_entry = self.label();
        let mut item = position(at("index"));
        item.insert(
            format!("{WRAPPED}.$"),
            Value::String(format!("States.ArrayGetItem({list}, {})", at("index"))),
        );
        let mut take_state = pass();
        take_state.parameters = Some(Value::Object(item));
        take_state.result_path = Some(asl::NullablePath::Path(base.clone()));
        self.push(
            take,
            &format!("Take{title}"),
            asl::State::Pass(take_state),
            Some(body_entry),
        );

        let advance = self.label();
        self.loops.push(LoopTargets {
            head: advance,
            exit: next,
        });
        self.block(body, body_entry, advance);
        self.loops.pop();
        if self.reaches(advance) {
            let mut step = pass();
            step.parameters = Some(Value::Object(position(format!(
                "States.MathAdd({}, 1)",
                at("index")
            ))));
            step.result_path = Some(asl::NullablePath::Path(base.clone()));
            self.push(
                advance,
                &format!("Next{title}"),
                asl::State::Pass(step),
                Some(head),
            );
        }
    }

    /// A `Map` state at `entry`. The processor gets its item and the outer variables it
    /// reads through `ItemSelector` (omitted when the item alone is the processor's state).
    fn map(
        &mut self,
        m: &MapExpr,
        result_path: Option<asl::NullablePath>,
        wrap: bool,
        entry: Label,
        next: Option<Label>,
        name: &str,
    ) -> usize {
        let mut reads = HashSet::new();
        visit_places(&m.body, &mut |p, _| {
            reads.insert(p.var);
        });
        let declared = declared_vars(&m.body);
        let mut captured: Vec<VarId> = reads
            .into_iter()
            .filter(|v| *v != m.item && !declared.contains(v))
            .collect();
        captured.sort();

        // Inside the processor, outer variables keep their keys; one living at `$` outside
        // gets a key of its own.
        let mut homes = Homes {
            move_input: None,
            ..self.homes.clone()
        };
        let mut taken: HashSet<String> = homes
            .of
            .values()
            .filter_map(|h| match h {
                Home::Field(k) => Some(k.clone()),
                Home::Root => None,
            })
            .collect();
        let mut selector = Map::new();
        for v in &captured {
            // Only the fields the processor reads are passed, when it reads fields only
            // (and none may be absent: a path to a missing field fails the Map).
            let mut fields: Vec<String> = Vec::new();
            let mut whole = false;
            visit_places(&m.body, &mut |p, _| {
                if p.var != *v {
                    return;
                }
                match p.fields.first() {
                    Some(f) if !fields.contains(f) => fields.push(f.clone()),
                    Some(_) => {}
                    None => whole = true,
                }
            });
            let shape = self
                .wf
                .vars
                .get(v.0 as usize)
                .map(|i| i.shape.clone())
                .unwrap_or(Shape::Any);
            // A value at `$` carries the other variables' fields: used whole, it is passed
            // field by field (when all its fields are always present), so they stay behind.
            if whole && !matches!(self.homes.of.get(v), Some(Home::Field(_))) {
                if let Shape::Object(all) = shape.resolved() {
                    if all.iter().all(|f| {
                        !f.flatten && !matches!(f.shape.resolved(), Shape::Option(_) | Shape::Any)
                    }) {
                        whole = false;
                        fields = all.iter().map(|f| f.rust.clone()).collect();
                    }
                }
            }
            let keys: Option<Vec<String>> = fields
                .iter()
                .map(|f| match shape.field(f) {
                    Some((segments, field_shape))
                        if segments.len() == 1
                            && !matches!(field_shape.resolved(), Shape::Option(_) | Shape::Any) =>
                    {
                        segments.into_iter().next()
                    }
                    _ => None,
                })
                .collect();
            let object = matches!(shape.resolved(), Shape::Object(_));
            if let (false, true, Some(keys), false) =
                (whole, object, keys, self.homes.wrapped.contains(v))
            {
                let key = match self.homes.of.get(v) {
                    Some(Home::Field(k)) => k.clone(),
                    _ => unique_key(&mut taken, &self.var_name(*v)),
                };
                let base = self.target_path(*v);
                let picked: Map<String, Value> = keys
                    .iter()
                    .map(|k| {
                        (
                            format!("{k}.$"),
                            Value::String(json_path(&base, std::slice::from_ref(k))),
                        )
                    })
                    .collect();
                selector.insert(key.clone(), Value::Object(picked));
                homes.of.insert(*v, Home::Field(key));
                continue;
            }
            match self.homes.of.get(v) {
                Some(Home::Field(k)) => {
                    selector.insert(
                        format!("{k}.$"),
                        Value::String(json_path("$", std::slice::from_ref(k))),
                    );
                }
                _ => {
                    let key = unique_key(&mut taken, &self.var_name(*v));
                    selector.insert(format!("{key}.$"), Value::String("$".into()));
                    homes.of.insert(*v, Home::Field(key));
                }
            }
        }
        // `$$.Map.Item` exists only here: the processor reads the fields it uses from the item
        // selector (its own; an outer map's item is not this one).
        let mut fields = BTreeSet::new();
        map_item_fields(&m.body, &mut fields);
        homes.map_item.clear();
        if !fields.is_empty() {
            taken.insert(self.var_name(m.item));
        }
        for field in fields {
            let key = unique_key(&mut taken, &field.to_lowercase());
            selector.insert(
                format!("{key}.$"),
                Value::String(format!("$$.Map.Item.{field}")),
            );
            homes.map_item.insert(field, format!("$.{key}"));
        }
        let item_value = if homes.wrapped.contains(&m.item) {
            json!({ format!("{WRAPPED}.$"): "$$.Map.Item.Value" })
        } else {
            Value::String("$$.Map.Item.Value".into())
        };
        match homes.of.get(&m.item) {
            Some(Home::Field(k)) => {
                let key = if homes.wrapped.contains(&m.item) {
                    k.clone()
                } else {
                    format!("{k}.$")
                };
                selector.insert(key, item_value);
            }
            _ if !selector.is_empty() || homes.wrapped.contains(&m.item) => {
                // Beside captured values the item needs a key of its own.
                let key = self.var_name(m.item);
                homes.of.insert(m.item, Home::Field(key.clone()));
                let key = if homes.wrapped.contains(&m.item) {
                    key
                } else {
                    format!("{key}.$")
                };
                selector.insert(key, item_value);
            }
            _ => {}
        }
        if m.options.batch.is_some() && !selector.is_empty() {
            self.errors.push(
                "a batched map's processor can only read its batch: pass other values in the items"
                    .into(),
            );
        }

        let mut state = asl::MapState {
            common: common(),
            item_processor: None,
            iterator: None,
            items_path: None,
            items: None,
            item_selector: (!selector.is_empty()).then_some(Value::Object(selector)),
            parameters: None,
            item_reader: None,
            item_batcher: None,
            result_writer: None,
            max_concurrency: m.options.max_concurrency.map(asl::Expr::Value),
            max_concurrency_path: None,
            tolerated_failure_count: m.options.tolerated_failure_count.map(asl::Expr::Value),
            tolerated_failure_count_path: None,
            tolerated_failure_percentage: m
                .options
                .tolerated_failure_percentage
                .map(asl::Expr::Value),
            tolerated_failure_percentage_path: None,
            label: m.options.label.clone(),
            result_selector: wrapping_selector(wrap, None),
            result_path: result_path.filter(|p| *p != asl::NullablePath::Path("$".into())),
            errors: asl::ErrorHandling::default(),
            transition: asl::Transition::Missing,
        };
        match &m.items {
            MapItems::Place(p) => {
                let path = self.path(p);
                if path != "$" {
                    state.items_path = Some(path);
                }
            }
            MapItems::Reader(r) => match self.template(&r.parameters) {
                Ok(parameters) => {
                    state.item_reader = Some(asl::ItemReader {
                        resource: asl::Resource::Arn(r.resource.clone()),
                        reader_config: r.reader_config.as_ref().map(reader_config),
                        parameters: Some(parameters),
                        arguments: None,
                        unknown: Default::default(),
                    })
                }
                Err(e) => self.errors.push(e),
            },
        }
        if let Some(b) = &m.options.batch {
            state.item_batcher = Some(asl::ItemBatcher {
                max_items_per_batch: b.max_items.map(asl::Expr::Value),
                max_input_bytes_per_batch: b.max_input_bytes.map(asl::Expr::Value),
                ..Default::default()
            });
        }
        if let Some(w) = &m.options.result_writer {
            state.result_writer = Some(asl::ResultWriter {
                resource: Some(asl::Resource::Arn("arn:aws:states:::s3:putObject".into())),
                parameters: Some(w.clone()),
                ..Default::default()
            });
        }
        let index = self.push(entry, name, asl::State::Map(state), next);
        let saved = std::mem::replace(&mut self.homes, homes);
        let graph = self.branch_graph(&m.body);
        self.homes = saved;
        if let (Some(mut graph), asl::State::Map(state)) = (graph, &mut self.states[index].state) {
            graph.processor_config = m.options.distributed.map(|kind| asl::ProcessorConfig {
                mode: Some(asl::ProcessorMode::Distributed),
                execution_type: Some(match kind {
                    ExecutionType::Standard => asl::ExecutionType::Standard,
                    ExecutionType::Express => asl::ExecutionType::Express,
                }),
                unknown: Default::default(),
            });
            state.item_processor = Some(graph);
        }
        index
    }

    fn set_end(&mut self, i: usize) {
        if let Some(t) = self.states[i].state.transition_mut() {
            *t = asl::Transition::End;
        }
    }

    /// A branch whose value is the variable at `$` returns the whole state, with the fields
    /// of other variables attached. If the Parallel's own target field may still hold an
    /// earlier result (it is assigned more than once, or in a loop), that result would be
    /// nested into the new one on every round; a Pass sets the field to null first.
    /// Returns the label where the Parallel itself starts.
    fn clear_stale_result(
        &mut self,
        branches: &[Block],
        target: Option<&asl::NullablePath>,
        entry: Label,
        name: &str,
    ) -> Label {
        let Some(asl::NullablePath::Path(field)) = target else {
            return entry;
        };
        if field == "$" {
            return entry;
        }
        let counts = assignment_counts(self.wf);
        let reassigned = self.homes.of.iter().any(|(v, h)| {
            matches!(h, Home::Field(_))
                && self.home_path(*v) == *field
                && counts.get(v).copied().unwrap_or(0) > 1
        });
        let mut returns_root = false;
        for b in branches {
            walk_stmts(b, &mut |st| {
                if let StmtKind::Return(Expr::Place(p)) = &st.kind {
                    returns_root |= self.path(p) == "$";
                }
            });
        }
        // Inside a loop the field holds the previous round's result.
        if !((reassigned || !self.loops.is_empty()) && returns_root) {
            return entry;
        }
        let mut clear = pass();
        clear.result = Some(Value::Null);
        clear.result_path = Some(asl::NullablePath::Path(field.clone()));
        let next = self.label();
        self.push(
            entry,
            &format!("Clear{name}"),
            asl::State::Pass(clear),
            Some(next),
        );
        next
    }

    /// A `Parallel` state at `entry`: one branch per block, each lowered as a graph of its
    /// own on the state as it is here (outer variables keep their homes; the branch's own
    /// variables have theirs). State names are unique across the whole machine.
    fn parallel(
        &mut self,
        branches: &[Block],
        result_path: Option<asl::NullablePath>,
        entry: Label,
        next: Option<Label>,
        name: &str,
    ) -> usize {
        let state = asl::ParallelState {
            common: common(),
            branches: Vec::new(),
            parameters: None,
            arguments: None,
            result_selector: None,
            result_path: result_path.filter(|p| *p != asl::NullablePath::Path("$".into())),
            errors: asl::ErrorHandling::default(),
            transition: asl::Transition::Missing,
        };
        let index = self.push(entry, name, asl::State::Parallel(state), next);
        let mut graphs = Vec::new();
        for b in branches {
            if let Some(g) = self.branch_graph(b) {
                graphs.push(g);
            }
        }
        if let asl::State::Parallel(p) = &mut self.states[index].state {
            p.branches = graphs;
        }
        index
    }

    fn branch_graph(&mut self, block: &Block) -> Option<asl::Graph> {
        let homes = Homes {
            move_input: None,
            ..self.homes.clone()
        };
        let mut sub = Emitter::new(self.wf, homes);
        sub.names = std::mem::take(&mut self.names);
        let end = sub.label();
        sub.block(block, sub.start, end);
        if !sub.bound.contains_key(&sub.find(end)) && sub.reaches(end) {
            sub.errors
                .push("a `parallel!` branch can end without a value".into());
        }
        self.names = std::mem::take(&mut sub.names);
        match sub.finish() {
            Ok(mut sm) => {
                let before: Vec<String> = sm.states.keys().cloned().collect();
                fold_ends(&mut sm);
                for n in before {
                    if !sm.states.contains_key(&n) {
                        self.names.remove(&n);
                    }
                }
                Some(asl::Graph {
                    start_at: sm.start_at,
                    states: sm.states,
                    ..asl::Graph::default()
                })
            }
            Err(EmitError::Lowering { errors, .. }) => {
                self.errors.extend(errors);
                None
            }
            Err(other) => {
                self.errors.push(other.to_string());
                None
            }
        }
    }

    // ---- Choice ----

    /// `if`/`else if`/`else` as one Choice state with one rule per condition.
    fn choice_chain(&mut self, s: &Stmt, entry: Label, next: Label) {
        let mut rules: Vec<(Cond, &Block)> = Vec::new();
        let mut current = s;
        let otherwise: &Block = loop {
            let StmtKind::If {
                cond,
                then,
                otherwise,
            } = &current.kind
            else {
                unreachable!("choice_chain on an if")
            };
            rules.push((cond.clone(), then));
            match otherwise.as_slice() {
                [only @ Stmt {
                    kind: StmtKind::If { .. },
                    name: None,
                }] => current = only,
                _ => break otherwise,
            }
        };
        // Conditions known at compile time need no Choice.
        if let Some(pos) = rules
            .iter()
            .position(|(c, _)| matches!(c, Cond::Literal(true)))
        {
            if pos == 0 {
                let body = rules[0].1;
                self.block(body, entry, next);
                return;
            }
            rules.truncate(pos + 1);
        }
        rules.retain(|(c, _)| !matches!(c, Cond::Literal(false)));
        let name = s
            .name
            .clone()
            .unwrap_or_else(|| format!("If{}", pascal(&cond_subject(&rules[0].0))));
        let mut conditions = Vec::new();
        let mut bodies = Vec::new();
        let mut default_body = Some(otherwise);
        for (cond, body) in &rules {
            if matches!(cond, Cond::Literal(true)) {
                default_body = Some(body);
                break;
            }
            match self.condition(cond) {
                Ok(c) => conditions.push(c),
                Err(e) => {
                    self.errors.push(e);
                    return;
                }
            }
            bodies.push(*body);
        }
        self.emit_choice(&name, entry, next, conditions, bodies, default_body);
    }

    fn emit_choice(
        &mut self,
        name: &str,
        entry: Label,
        next: Label,
        conditions: Vec<asl::Condition>,
        bodies: Vec<&Block>,
        default_body: Option<&Block>,
    ) {
        let choice = asl::ChoiceState {
            common: common(),
            choices: Vec::new(),
            default: None,
        };
        let index = self.push(entry, name, asl::State::Choice(choice), None);
        let mut targets = Vec::new();
        for (cond, body) in conditions.into_iter().zip(bodies) {
            let target = self.label();
            if let asl::State::Choice(c) = &mut self.states[index].state {
                c.choices.push(asl::ChoiceRule {
                    comment: None,
                    condition: cond,
                    next: String::new(),
                    assign: None,
                    output: None,
                    unknown: Default::default(),
                });
            }
            targets.push(target);
            self.block(body, target, next);
        }
        let default = self.label();
        match default_body {
            Some(body) => self.block(body, default, next),
            None => self.join(default, next),
        }
        self.states[index].choice_targets = targets;
        self.states[index].choice_default = Some(default);
    }

    fn matches(&mut self, s: &Stmt, scrutinee: &Place, arms: &[Arm], entry: Label, next: Label) {
        let shape = place_shape(&self.wf.vars, scrutinee);
        let path = self.path(scrutinee);
        let name = s.name.clone().unwrap_or_else(|| {
            format!(
                "Match{}",
                pascal(
                    scrutinee
                        .fields
                        .last()
                        .map(String::as_str)
                        .unwrap_or(&self.var_name(scrutinee.var))
                )
            )
        });
        let mut conditions = Vec::new();
        let mut bodies = Vec::new();
        let mut default_body = None;
        for (i, arm) in arms.iter().enumerate() {
            // The last arm of an exhaustive match (rustc checked) is the Default.
            if matches!(arm.pattern, Pattern::Wildcard) || i + 1 == arms.len() {
                default_body = Some(&arm.body);
                break;
            }
            match pattern_condition(&arm.pattern, &path, &shape) {
                Ok(c) => conditions.push(c),
                Err(e) => {
                    self.errors.push(e);
                    return;
                }
            }
            bodies.push(&arm.body);
        }
        if conditions.is_empty() {
            if let Some(body) = default_body {
                self.block(body, entry, next);
            }
            return;
        }
        self.emit_choice(&name, entry, next, conditions, bodies, default_body);
    }

    fn condition(&self, c: &Cond) -> Result<asl::Condition, String> {
        Ok(match c {
            Cond::And(a, b) => flatten_bool(true, self.condition(a)?, self.condition(b)?),
            Cond::Or(a, b) => flatten_bool(false, self.condition(a)?, self.condition(b)?),
            Cond::Not(a) if matches!(**a, Cond::IsTrue(_)) => {
                let Cond::IsTrue(p) = &**a else {
                    unreachable!()
                };
                test(
                    self.path(p),
                    asl::Test::Compare {
                        kind: asl::CompareKind::Boolean,
                        op: asl::CompareOp::Equals,
                        operand: asl::Operand::Bool(false),
                    },
                )
            }
            Cond::Not(a) => match self.condition(a)? {
                asl::Condition::Not(inner) => *inner,
                other => asl::Condition::Not(Box::new(other)),
            },
            Cond::IsTrue(p) => test(
                self.path(p),
                asl::Test::Compare {
                    kind: asl::CompareKind::Boolean,
                    op: asl::CompareOp::Equals,
                    operand: asl::Operand::Bool(true),
                },
            ),
            Cond::IsSome(p) => is_some(&self.path(p)),
            Cond::IsNone(p) => is_none(&self.path(p)),
            Cond::Literal(b) => {
                return Err(format!("the condition is always {b}; remove the `if`"))
            }
            Cond::Value(_) => return Err("not supported yet".into()),
            Cond::Compare { place, op, rhs } => {
                let shape = place_shape(&self.wf.vars, place);
                let kind = compare_kind(&shape, rhs).ok_or_else(|| {
                    format!("cannot compare `{}`: only numbers, strings, booleans and timestamps can be compared in a Choice", self.path(place))
                })?;
                let operand = match rhs {
                    Operand::Place(p) => asl::Operand::Path(self.path(p)),
                    Operand::Literal(v) => literal_operand(kind, v)?,
                };
                let (op, negate) = match op {
                    CmpOp::Eq => (asl::CompareOp::Equals, false),
                    CmpOp::Ne => (asl::CompareOp::Equals, true),
                    CmpOp::Lt => (asl::CompareOp::LessThan, false),
                    CmpOp::Le => (asl::CompareOp::LessThanEquals, false),
                    CmpOp::Gt => (asl::CompareOp::GreaterThan, false),
                    CmpOp::Ge => (asl::CompareOp::GreaterThanEquals, false),
                };
                if kind == asl::CompareKind::Boolean && op != asl::CompareOp::Equals {
                    return Err("booleans can only be compared with == and !=".into());
                }
                let t = test(self.path(place), asl::Test::Compare { kind, op, operand });
                if negate {
                    asl::Condition::Not(Box::new(t))
                } else {
                    t
                }
            }
        })
    }

    /// Resolves labels into names and builds the document.
    fn finish(self) -> Result<StateMachine, EmitError> {
        let mut errors = self.errors.clone();
        let name_of = |l: Label| -> Option<String> {
            self.bound
                .get(&self.find(l))
                .map(|i| self.states[*i].name.clone())
        };
        let mut states = IndexMap::new();
        for p in &self.states {
            let mut state = p.state.clone();
            let next = p.next.map(&name_of);
            match &mut state {
                asl::State::Choice(c) => {
                    for (rule, target) in c.choices.iter_mut().zip(&p.choice_targets) {
                        match name_of(*target) {
                            Some(n) => rule.next = n,
                            None => errors.push(format!(
                                "a branch of Choice `{}` falls off the end of the workflow",
                                p.name
                            )),
                        }
                    }
                    c.default = p.choice_default.and_then(name_of);
                }
                other => {
                    if let Some(catchers) =
                        other.error_handling_mut().and_then(|e| e.catch.as_mut())
                    {
                        for (catcher, target) in catchers.iter_mut().zip(&p.catch_targets) {
                            match name_of(*target) {
                                Some(n) => catcher.next = n,
                                None => errors.push(format!(
                                    "an error caught at `{}` falls off the end of the workflow",
                                    p.name
                                )),
                            }
                        }
                    }
                    if let Some(n) = next {
                        let t = match n {
                            Some(n) => asl::Transition::Next(n),
                            None => asl::Transition::End,
                        };
                        if let Some(slot) = other.transition_mut() {
                            *slot = t;
                        }
                    }
                }
            }
            states.insert(p.name.clone(), state);
        }
        if !errors.is_empty() {
            return Err(EmitError::Lowering {
                workflow: self.wf.name.clone(),
                errors,
            });
        }
        let start_at = name_of(self.start).unwrap_or_default();
        Ok(StateMachine {
            start_at,
            states,
            ..StateMachine::default()
        })
    }
}

/// The `ResultSelector` that writes a result into a wrapped variable: `{"value.$": "$"}`, or
/// the field holding the typed value (`"$.Output"`); none when the target is not wrapped.
fn wrapping_selector(wrap: bool, field: Option<&str>) -> Option<Value> {
    let source = match field {
        Some(field) => json_path("$", &[field.to_string()]),
        None => "$".to_string(),
    };
    wrap.then(|| json!({ format!("{WRAPPED}.$"): source }))
}

/// `base`, or `base_2`, `base_3`, … : the first not yet taken (and now taken).
fn unique_key(taken: &mut HashSet<String>, base: &str) -> String {
    let mut key = base.to_string();
    let mut n = 2;
    while !taken.insert(key.clone()) {
        key = format!("{base}_{n}");
        n += 1;
    }
    key
}

/// `ReaderConfig` from its JSON form (`InputType`, `CSVHeaderLocation`, `MaxItems`, …).
fn reader_config(v: &Value) -> asl::ReaderConfig {
    let text = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    asl::ReaderConfig {
        input_type: text("InputType"),
        csv_header_location: text("CSVHeaderLocation"),
        csv_headers: v.get("CSVHeaders").and_then(Value::as_array).map(|a| {
            a.iter()
                .filter_map(|h| h.as_str().map(str::to_string))
                .collect()
        }),
        csv_delimiter: text("CSVDelimiter"),
        manifest_type: text("ManifestType"),
        max_items: v
            .get("MaxItems")
            .and_then(Value::as_u64)
            .map(asl::Expr::Value),
        ..Default::default()
    }
}

fn pass() -> asl::PassState {
    asl::PassState {
        common: common(),
        parameters: None,
        result: None,
        result_path: None,
        transition: asl::Transition::Missing,
    }
}

fn test(variable: String, test: asl::Test) -> asl::Condition {
    asl::Condition::Test { variable, test }
}

fn is_some(path: &str) -> asl::Condition {
    asl::Condition::And(vec![
        test(path.into(), asl::Test::IsPresent(true)),
        test(path.into(), asl::Test::IsNull(false)),
    ])
}

fn is_none(path: &str) -> asl::Condition {
    asl::Condition::Or(vec![
        test(path.into(), asl::Test::IsPresent(false)),
        test(path.into(), asl::Test::IsNull(true)),
    ])
}

/// `a && (b && c)` as one `And` of three.
fn flatten_bool(and: bool, a: asl::Condition, b: asl::Condition) -> asl::Condition {
    let mut items = Vec::new();
    for c in [a, b] {
        match (and, c) {
            (true, asl::Condition::And(cs)) | (false, asl::Condition::Or(cs)) => items.extend(cs),
            (_, c) => items.push(c),
        }
    }
    if and {
        asl::Condition::And(items)
    } else {
        asl::Condition::Or(items)
    }
}

fn compare_kind(shape: &Shape, rhs: &Operand) -> Option<asl::CompareKind> {
    match shape.resolved() {
        Shape::Number => Some(asl::CompareKind::Numeric),
        Shape::String => Some(asl::CompareKind::String),
        Shape::Bool => Some(asl::CompareKind::Boolean),
        Shape::Timestamp => Some(asl::CompareKind::Timestamp),
        Shape::Option(inner) => compare_kind(&inner, rhs),
        Shape::Enum { .. } => Some(asl::CompareKind::String),
        Shape::Any => match rhs {
            Operand::Literal(Value::Number(_)) => Some(asl::CompareKind::Numeric),
            Operand::Literal(Value::String(_)) => Some(asl::CompareKind::String),
            Operand::Literal(Value::Bool(_)) => Some(asl::CompareKind::Boolean),
            _ => None,
        },
        _ => None,
    }
}

fn literal_operand(kind: asl::CompareKind, v: &Value) -> Result<asl::Operand, String> {
    match (kind, v) {
        (asl::CompareKind::Numeric, Value::Number(n)) => Ok(asl::Operand::Number(n.clone())),
        (asl::CompareKind::String | asl::CompareKind::Timestamp, Value::String(s)) => {
            Ok(asl::Operand::String(s.clone()))
        }
        (asl::CompareKind::Boolean, Value::Bool(b)) => Ok(asl::Operand::Bool(*b)),
        _ => Err(format!(
            "cannot compare with {v}: the literal's type does not match the field's"
        )),
    }
}

/// The last field name a condition tests, for naming its Choice state.
fn cond_subject(c: &Cond) -> String {
    match c {
        Cond::And(a, _) | Cond::Or(a, _) | Cond::Not(a) => cond_subject(a),
        Cond::Compare { place, .. }
        | Cond::IsTrue(place)
        | Cond::IsSome(place)
        | Cond::IsNone(place) => place
            .fields
            .last()
            .cloned()
            .unwrap_or_else(|| "Condition".into()),
        Cond::Literal(_) | Cond::Value(_) => "Condition".into(),
    }
}

/// The Choice condition under which `pattern` matches the value at `path`.
fn pattern_condition(
    pattern: &Pattern,
    path: &str,
    shape: &Shape,
) -> Result<asl::Condition, String> {
    let shape = shape.resolved();
    Ok(match pattern {
        Pattern::Wildcard => return Err("`_` can only be the last arm".into()),
        Pattern::Some => is_some(path),
        Pattern::None => is_none(path),
        Pattern::SomeOf(inner) => {
            let inner_shape = match &shape {
                Shape::Option(s) => (**s).clone(),
                other => other.clone(),
            };
            // A comparison is false on null, so presence is the only guard it needs.
            flatten_bool(
                true,
                test(path.into(), asl::Test::IsPresent(true)),
                pattern_condition(inner, path, &inner_shape)?,
            )
        }
        Pattern::Or(ps) => {
            let cs = ps
                .iter()
                .map(|p| pattern_condition(p, path, &shape))
                .collect::<Result<Vec<_>, _>>()?;
            asl::Condition::Or(cs)
        }
        Pattern::Literal(v) => {
            let kind = match v {
                Value::Number(_) => asl::CompareKind::Numeric,
                Value::Bool(_) => asl::CompareKind::Boolean,
                _ => asl::CompareKind::String,
            };
            test(
                path.into(),
                asl::Test::Compare {
                    kind,
                    op: asl::CompareOp::Equals,
                    operand: literal_operand(kind, v)?,
                },
            )
        }
        Pattern::Range {
            start,
            end,
            inclusive,
        } => {
            let mut cs = Vec::new();
            if let Some(Value::Number(n)) = start {
                cs.push(test(
                    path.into(),
                    asl::Test::Compare {
                        kind: asl::CompareKind::Numeric,
                        op: asl::CompareOp::GreaterThanEquals,
                        operand: asl::Operand::Number(n.clone()),
                    },
                ));
            }
            if let Some(Value::Number(n)) = end {
                let op = if *inclusive {
                    asl::CompareOp::LessThanEquals
                } else {
                    asl::CompareOp::LessThan
                };
                cs.push(test(
                    path.into(),
                    asl::Test::Compare {
                        kind: asl::CompareKind::Numeric,
                        op,
                        operand: asl::Operand::Number(n.clone()),
                    },
                ));
            }
            match cs.len() {
                0 => return Err("a range pattern needs a numeric bound".into()),
                1 => cs.remove(0),
                _ => asl::Condition::And(cs),
            }
        }
        Pattern::Variant(rust) => {
            let Some((tagging, variant)) = shape.variant(rust) else {
                return Err(format!(
                    "`{rust}` is not a variant of the matched type at {path}"
                ));
            };
            match tagging {
                Tagging::External if variant.data.is_none() => {
                    test(path.into(), asl::Test::Compare { kind: asl::CompareKind::String, op: asl::CompareOp::Equals, operand: asl::Operand::String(variant.json) })
                }
                Tagging::External => test(json_path(path, &[variant.json]), asl::Test::IsPresent(true)),
                Tagging::Internal { tag } | Tagging::Adjacent { tag, .. } => test(
                    json_path(path, &[tag]),
                    asl::Test::Compare { kind: asl::CompareKind::String, op: asl::CompareOp::Equals, operand: asl::Operand::String(variant.json) },
                ),
                Tagging::Untagged => {
                    return Err(format!("cannot match on the untagged enum at {path}: its JSON has no variant name to test; tag it with #[serde(tag = \"…\")]"))
                }
            }
        }
    })
}

// ---------------------------------------------------------------------------------
// 5. fold_ends

/// A `Succeed` entered only through `Next` of Task/Pass/Wait states becomes `End` on
/// them (with its `OutputPath`), saving a transition per execution.
fn fold_ends(sm: &mut StateMachine) {
    let succeeds: Vec<String> = sm
        .states
        .iter()
        .filter_map(|(n, s)| match s {
            asl::State::Succeed(x) if x.common.input_path.is_none() => Some(n.clone()),
            _ => None,
        })
        .collect();
    for name in succeeds {
        if sm.start_at == name {
            continue;
        }
        let output_path = match &sm.states[&name] {
            asl::State::Succeed(x) => x.common.output_path.clone(),
            _ => None,
        };
        let mut foldable = true;
        let mut preds = Vec::new();
        for (n, s) in &sm.states {
            let refers_by_next = s.transition().and_then(|t| t.next()) == Some(name.as_str());
            let refers_otherwise = match s {
                asl::State::Choice(c) => {
                    c.choices.iter().any(|r| r.next == name)
                        || c.default.as_deref() == Some(name.as_str())
                }
                _ => s
                    .error_handling()
                    .and_then(|e| e.catch.as_ref())
                    .is_some_and(|cs| cs.iter().any(|c| c.next == name)),
            };
            if refers_otherwise {
                foldable = false;
            }
            if refers_by_next {
                let has_output_path = s.common().output_path.is_some();
                if has_output_path && output_path.is_some() {
                    foldable = false;
                }
                preds.push(n.clone());
            }
        }
        if !foldable || preds.is_empty() {
            continue;
        }
        for p in preds {
            let s = &mut sm.states[&p];
            if output_path.is_some() {
                s.common_mut().output_path = output_path.clone();
            }
            if let Some(t) = s.transition_mut() {
                *t = asl::Transition::End;
            }
        }
        sm.states.shift_remove(&name);
    }
}

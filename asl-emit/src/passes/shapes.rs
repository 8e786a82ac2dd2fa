//! Shapes: what JSON each place and expression holds, inferred for untyped `let`s.

use asl_model::ir::*;
use serde_json::Value;

use crate::passes::*;

/// The shape of a place: the variable's shape followed through its fields.
pub(crate) fn place_shape(vars: &[VarInfo], p: &Place) -> Shape {
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

pub(crate) fn expr_shape(vars: &[VarInfo], e: &Expr) -> Shape {
    match e {
        Expr::Place(p) => place_shape(vars, p),
        Expr::Literal(v) => match v {
            Value::Null => Shape::Unit,
            Value::Bool(_) => Shape::Bool,
            Value::Number(n) if n.is_i64() || n.is_u64() => Shape::Integer,
            Value::Number(_) => Shape::Number,
            Value::String(_) => Shape::String,
            _ => Shape::Any,
        },
        Expr::Struct { shape, .. } => shape.clone(),
        Expr::Array(items) => Shape::Array(Box::new(
            items
                .first()
                .map(|i| expr_shape(vars, i))
                .unwrap_or(Shape::Any),
        )),
        Expr::Compute(c) => super::compute_shape(vars, c),
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
                Intrinsic::ArrayLength | Intrinsic::MathAdd => Shape::Integer,
                // `States.MathRandom(lo, hi)` draws an integer; without bounds, a float.
                Intrinsic::MathRandom if args.len() >= 2 => Shape::Integer,
                Intrinsic::MathRandom => Shape::Number,
                Intrinsic::ArrayContains => Shape::Bool,
                Intrinsic::ArrayRange => Shape::Array(Box::new(Shape::Integer)),
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
            ["Map", "Item", "Index"] | ["State", "RetryCount"] => Shape::Integer,
            _ => Shape::String,
        },
    }
}

/// The shape of one item of an array shape.
pub(crate) fn element_shape(shape: &Shape) -> Shape {
    match shape.resolved() {
        Shape::Array(inner) => *inner,
        Shape::Option(inner) => element_shape(&inner),
        _ => Shape::Any,
    }
}

/// The error object a catcher receives: `{"Error": …, "Cause": …}`.
pub(crate) fn error_object_shape() -> Shape {
    let field = |rust: &str, json: &str| Field {
        rust: rust.into(),
        json: json.into(),
        shape: Shape::String,
        flatten: false,
    };
    Shape::Object(vec![field("error", "Error"), field("cause", "Cause")])
}

pub(crate) fn infer_shapes(wf: &mut Workflow) {
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
pub(crate) fn has_any(shape: &Shape) -> bool {
    match shape {
        Shape::Any => true,
        Shape::Option(s) | Shape::Array(s) | Shape::Map(s) => has_any(s),
        Shape::Tuple(items) => items.iter().any(has_any),
        Shape::Object(fields) => fields.iter().any(|f| has_any(&f.shape)),
        _ => false,
    }
}

/// The bindings of `if let Some(x) = o` / `Some(x) =>` arms: each arm starts with `x = o`,
/// and `x` holds what is inside the `Option`.
pub(crate) fn some_bindings(body: &[Stmt]) -> std::collections::HashSet<VarId> {
    let mut bindings = std::collections::HashSet::new();
    walk_stmts(body, &mut |s| {
        if let StmtKind::Match { scrutinee, arms } = &s.kind {
            for arm in arms.iter().filter(|a| a.pattern == Pattern::Some) {
                if let Some(StmtKind::Assign {
                    var,
                    value: Expr::Place(p),
                }) = arm.body.first().map(|s| &s.kind)
                {
                    if p == scrutinee {
                        bindings.insert(*var);
                    }
                }
            }
        }
    });
    bindings
}

/// Whether a shape changed.
pub(crate) fn infer_shapes_once(wf: &mut Workflow) -> bool {
    let mut assigned: Vec<(VarId, Shape)> = Vec::new();
    let map_items = |value: &Expr, assigned: &mut Vec<(VarId, Shape)>| {
        if let Expr::Map(m) = value {
            if let MapItems::Place(p) = &m.items {
                assigned.push((m.item, element_shape(&place_shape(&wf.vars, p))));
            }
        }
    };
    let narrowed = some_bindings(&wf.body);
    walk_stmts(&wf.body, &mut |s| match &s.kind {
        StmtKind::Assign { var, value } => {
            let shape = match (expr_shape(&wf.vars, value), narrowed.contains(var)) {
                (Shape::Option(inner), true) => *inner,
                (shape, _) => shape,
            };
            assigned.push((*var, shape));
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
        StmtKind::If { .. }
        | StmtKind::Match { .. }
        | StmtKind::Loop { .. }
        | StmtKind::Break
        | StmtKind::Continue
        | StmtKind::Sleep(_)
        | StmtKind::Fail { .. } => {}
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

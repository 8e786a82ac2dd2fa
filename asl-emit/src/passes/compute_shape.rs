//! Shapes of computed values (`ir::Compute`), and of closure parameters, which the macro
//! leaves untyped (`|item| item.price`): a parameter takes the item shape of what it
//! iterates, so its fields map to their JSON names.

use asl_model::ir::*;

use super::{element_shape, expr_shape};

pub(crate) fn compute_shape(vars: &[VarInfo], c: &Compute) -> Shape {
    let shape = |e: &Expr| expr_shape(vars, e);
    match c {
        Compute::Binary { op, lhs, rhs } => match op {
            BinaryOp::Eq
            | BinaryOp::Ne
            | BinaryOp::Lt
            | BinaryOp::Le
            | BinaryOp::Gt
            | BinaryOp::Ge
            | BinaryOp::And
            | BinaryOp::Or => Shape::Bool,
            _ => match (shape(lhs).resolved(), shape(rhs).resolved()) {
                (Shape::String, _) => Shape::String,
                (Shape::Integer, Shape::Integer) => Shape::Integer,
                _ => Shape::Number,
            },
        },
        Compute::Unary {
            op: UnaryOp::Not, ..
        } => Shape::Bool,
        Compute::Unary { operand, .. } => shape(operand),
        Compute::Cast {
            to: NumericType::Integer(_),
            ..
        } => Shape::Integer,
        Compute::Cast { .. } => Shape::Number,
        Compute::Method {
            method,
            receiver,
            args,
        } => method_shape(*method, shape(receiver), args.first().map(shape)),
        Compute::Closure {
            method,
            receiver,
            closure,
        } => match method {
            ClosureMethod::Map => Shape::Array(Box::new(shape(&closure.body))),
            ClosureMethod::Filter => shape(receiver),
            ClosureMethod::Any | ClosureMethod::All => Shape::Bool,
            ClosureMethod::Find => Shape::Option(Box::new(element_shape(&shape(receiver)))),
            ClosureMethod::OptionMap => Shape::Option(Box::new(shape(&closure.body))),
        },
        Compute::Fold { init, .. } => shape(init),
        Compute::If {
            then, otherwise, ..
        } => match shape(then) {
            Shape::Any => shape(otherwise),
            s => s,
        },
        Compute::Match { arms, .. } => arms
            .iter()
            .map(|(_, v)| shape(v))
            .find(|s| *s != Shape::Any)
            .unwrap_or(Shape::Any),
        Compute::Format(_) => Shape::String,
        Compute::Index { base, .. } => element_shape(&shape(base)),
        Compute::Field { base, field } => shape(base)
            .field(field)
            .map(|(_, s)| s)
            .unwrap_or(Shape::Any),
    }
}

fn method_shape(method: Method, receiver: Shape, arg: Option<Shape>) -> Shape {
    let receiver = receiver.resolved();
    match method {
        Method::Round | Method::Floor | Method::Ceil | Method::Trunc | Method::Sqrt => {
            Shape::Number
        }
        Method::Abs | Method::Pow | Method::Max | Method::Min => receiver,
        Method::ToUppercase
        | Method::ToLowercase
        | Method::Trim
        | Method::TrimStart
        | Method::TrimEnd
        | Method::Replace
        | Method::Join
        | Method::ToString => Shape::String,
        Method::StartsWith
        | Method::EndsWith
        | Method::Contains
        | Method::IsEmpty
        | Method::IsSome
        | Method::IsNone => Shape::Bool,
        Method::Split => Shape::Array(Box::new(Shape::String)),
        Method::Len | Method::CharCount | Method::Count => Shape::Integer,
        Method::UnwrapOr => match receiver {
            Shape::Option(inner) => *inner,
            Shape::Any => arg.unwrap_or(Shape::Any),
            other => other,
        },
        Method::First | Method::Last | Method::Get | Method::IterMax | Method::IterMin => {
            Shape::Option(Box::new(element_shape(&receiver)))
        }
        Method::Sum => element_shape(&receiver),
        Method::Rev => receiver,
    }
}

/// Gives each untyped closure parameter the item shape of what its closure iterates (the
/// accumulator of a `fold` takes the shape of its initial value).
pub(crate) fn type_closure_params(wf: &mut Workflow) {
    let mut found: Vec<(VarId, Shape)> = Vec::new();
    // Outer closures first: an inner closure's receiver may read an outer parameter.
    loop {
        found.clear();
        let vars = wf.vars.clone();
        walk_exprs(&wf.body, &mut |e| {
            let Expr::Compute(c) = e else { return };
            let item = |receiver: &Expr| element_shape(&expr_shape(&vars, receiver));
            match &**c {
                Compute::Closure {
                    method,
                    receiver,
                    closure,
                } => {
                    let param = match method {
                        ClosureMethod::OptionMap => match expr_shape(&vars, receiver).resolved() {
                            Shape::Option(inner) => *inner,
                            other => other,
                        },
                        _ => item(receiver),
                    };
                    if let Some(p) = closure.params.first() {
                        found.push((*p, param));
                    }
                }
                Compute::Fold {
                    receiver,
                    init,
                    closure,
                } => {
                    if let [acc, it] = closure.params.as_slice() {
                        found.push((*acc, expr_shape(&vars, init)));
                        found.push((*it, item(receiver)));
                    }
                }
                Compute::Binary { .. }
                | Compute::Unary { .. }
                | Compute::Cast { .. }
                | Compute::Method { .. }
                | Compute::If { .. }
                | Compute::Match { .. }
                | Compute::Format(_)
                | Compute::Index { .. }
                | Compute::Field { .. } => {}
            }
        });
        let mut changed = false;
        for (var, shape) in found.drain(..) {
            if let Some(info) = wf.vars.get_mut(var.0 as usize) {
                if info.shape == Shape::Any && shape != Shape::Any {
                    info.shape = shape;
                    changed = true;
                }
            }
        }
        if !changed {
            return;
        }
    }
}

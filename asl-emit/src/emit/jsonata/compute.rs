//! Computed values (`ir::Compute`) as JSONata with Rust's semantics: integer division
//! truncates, `round` goes half away from zero, `len()` of a string counts UTF-8 bytes,
//! collected iterators are always arrays (JSONata would collapse a one-item sequence).
//! Forms whose results would differ (a float's text) are rejected with a message.

use asl_model::ir::*;
use serde_json::Value;

use super::Emitter;

const FLOAT_TEXT: &str = "the text of a float differs between Rust and JSONata (`0.1 + 0.2` is \
\"0.30000000000000004\" in Rust, \"0.3\" in JSONata): round it to an integer first \
(`(x * 100.0).round() as i64`), or format it in a #[task] fn";

impl Emitter<'_> {
    pub(crate) fn compute(&mut self, c: &Compute) -> String {
        match c {
            Compute::Binary { op, lhs, rhs } => self.binary(*op, lhs, rhs),
            Compute::Unary { op, operand } => {
                let x = self.expr(operand);
                match op {
                    UnaryOp::Neg => format!("(-{x})"),
                    UnaryOp::Not => format!("$not({x})"),
                }
            }
            Compute::Cast { to, value } => {
                let x = self.expr(value);
                match to {
                    NumericType::Integer(t) if !self.is_integer(value) => {
                        exact(&trunc(&x), t.exact_range())
                    }
                    // Only a narrower type can reject an integer JSONata already holds.
                    NumericType::Integer(t) if t.exact_range() != FULL => {
                        exact(&x, t.exact_range())
                    }
                    _ => x,
                }
            }
            Compute::Method {
                method,
                receiver,
                args,
            } => self.method(*method, receiver, args),
            Compute::Closure {
                method,
                receiver,
                closure,
            } => self.closure_method(*method, receiver, closure),
            Compute::Fold {
                receiver,
                init,
                closure,
            } => {
                let xs = self.expr(receiver);
                let init = self.expr(init);
                let f = self.function(closure);
                format!("$reduce({xs}, {f}, {init})")
            }
            Compute::If {
                cond,
                then,
                otherwise,
            } => {
                let c = self.expr(cond);
                let a = self.expr(then);
                let b = self.expr(otherwise);
                format!("({c} ? {a} : {b})")
            }
            Compute::Match { scrutinee, arms } => self.match_value(scrutinee, arms),
            Compute::Format(pieces) => {
                let mut parts = Vec::new();
                for p in pieces {
                    match p {
                        FormatPiece::Text(t) => parts.push(Value::String(t.clone()).to_string()),
                        FormatPiece::Value(v) => parts.push(self.text_of(v)),
                    }
                }
                if parts.is_empty() {
                    "\"\"".into()
                } else {
                    format!("({})", parts.join(" & "))
                }
            }
            Compute::Index { base, index } => {
                let b = self.expr(base);
                let i = self.expr(index);
                super::expr::select(&b, &format!("[{i}]"))
            }
            Compute::Field { base, field } => {
                let shape = self.shape_of(base);
                let keys = shape
                    .field(field)
                    .map(|(k, _)| k)
                    .unwrap_or_else(|| vec![field.clone()]);
                let b = self.expr(base);
                super::expr::select(&b, &super::expr::field_path("", &keys))
            }
        }
    }

    /// `x.to_string()` / `{}`: the same text Rust's Display writes.
    fn text_of(&mut self, v: &Expr) -> String {
        let shape = self.shape_of(v);
        let x = self.expr(v);
        match shape {
            Shape::String | Shape::Timestamp => x,
            Shape::Integer | Shape::Bool => format!("$string({x})"),
            Shape::Number => {
                self.errors.push(FLOAT_TEXT.into());
                x
            }
            _ => {
                self.errors.push(
                    "only strings, integers and bools can be formatted in a JSONata workflow"
                        .into(),
                );
                x
            }
        }
    }

    fn binary(&mut self, op: BinaryOp, lhs: &Expr, rhs: &Expr) -> String {
        let strings = self.is_string(lhs);
        let integers = self.is_integer(lhs) && self.is_integer(rhs);
        let a = self.expr(lhs);
        let b = self.expr(rhs);
        let sym = match op {
            BinaryOp::Add if strings => "&",
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div if integers => return nonzero(&b, |d| trunc(&format!("{a} / {d}"))),
            BinaryOp::Div => "/",
            BinaryOp::Rem if integers => return nonzero(&b, |d| format!("({a} % {d})")),
            BinaryOp::Rem => "%",
            BinaryOp::Eq => "=",
            BinaryOp::Ne => "!=",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
            BinaryOp::And => "and",
            BinaryOp::Or => "or",
        };
        if integers && matches!(op, BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul) {
            return exact(&format!("{a} {sym} {b}"), FULL);
        }
        format!("({a} {sym} {b})")
    }

    fn method(&mut self, method: Method, receiver: &Expr, args: &[Expr]) -> String {
        let shape = self.shape_of(receiver);
        let string = matches!(shape, Shape::String | Shape::Timestamp);
        let x = self.expr(receiver);
        let a: Vec<String> = args.iter().map(|e| self.expr(e)).collect();
        let arg = |i: usize| a.get(i).cloned().unwrap_or_else(|| "null".into());
        match method {
            Method::Round => format!(
                "($__x := {x}; $__x < 0 ? -$floor(-$__x + 0.5) : $floor($__x + 0.5))"
            ),
            Method::Floor => format!("$floor({x})"),
            Method::Ceil => format!("$ceil({x})"),
            Method::Trunc => trunc(&x),
            Method::Abs => format!("$abs({x})"),
            Method::Sqrt => format!("$sqrt({x})"),
            Method::Pow if matches!(shape, Shape::Integer) => {
                exact(&format!("$power({x}, {})", arg(0)), FULL)
            }
            Method::Pow => format!("$power({x}, {})", arg(0)),
            Method::Max => format!("$max([{x}, {}])", arg(0)),
            Method::Min => format!("$min([{x}, {}])", arg(0)),
            Method::ToUppercase => format!("$uppercase({x})"),
            Method::ToLowercase => format!("$lowercase({x})"),
            // Rust trims Unicode white space at both ends; JSONata's `$trim` also collapses
            // inner runs, so the ends are cut with a regular expression.
            Method::Trim => format!("$replace({x}, /^\\s+|\\s+$/, \"\")"),
            Method::TrimStart => format!("$replace({x}, /^\\s+/, \"\")"),
            Method::TrimEnd => format!("$replace({x}, /\\s+$/, \"\")"),
            Method::StartsWith => {
                format!("($substring({x}, 0, $length({})) = {})", arg(0), arg(0))
            }
            Method::EndsWith => format!(
                "($length({x}) >= $length({a0}) and $substring({x}, $length({x}) - $length({a0})) = {a0})",
                a0 = arg(0)
            ),
            Method::Contains if string => format!("$contains({x}, {})", arg(0)),
            Method::Contains => format!("({} in {x})", arg(0)),
            Method::Replace => format!("$replace({x}, {}, {})", arg(0), arg(1)),
            Method::Split => format!("[$split({x}, {})]", arg(0)),
            Method::Join => format!("$join({x}, {})", arg(0)),
            // UTF-8 bytes: every byte outside unreserved ASCII is one `%XX` when URL-encoded.
            Method::Len if string => {
                format!("$length($replace($encodeUrlComponent({x}), /%[0-9A-F]{{2}}/, \"x\"))")
            }
            Method::Len | Method::Count => format!("$count({x})"),
            Method::CharCount => format!("$length({x})"),
            Method::IsEmpty if string => format!("($length({x}) = 0)"),
            Method::IsEmpty => format!("($count({x}) = 0)"),
            Method::ToString => self.text_of(receiver),
            Method::IsSome => format!("($exists({x}) and {x} != null)"),
            Method::IsNone => format!("($not($exists({x})) or {x} = null)"),
            Method::UnwrapOr => format!(
                "($__v := {x}; $exists($__v) and $__v != null ? $__v : {})",
                arg(0)
            ),
            Method::First => or_null(&super::expr::select(&x, "[0]")),
            Method::Last => or_null(&super::expr::select(&x, "[-1]")),
            Method::Get => or_null(&super::expr::select(&x, &format!("[{}]", arg(0)))),
            Method::Sum if matches!(&shape, Shape::Array(item) if item.resolved() == Shape::Integer) => {
                exact(&format!("$sum({x})"), FULL)
            }
            Method::Sum => format!("$sum({x})"),
            Method::IterMax => or_null(&format!("$max({x})")),
            Method::IterMin => or_null(&format!("$min({x})")),
            Method::Rev => format!("[$reverse({x})]"),
        }
    }

    fn closure_method(
        &mut self,
        method: ClosureMethod,
        receiver: &Expr,
        closure: &Closure,
    ) -> String {
        let xs = self.expr(receiver);
        let f = self.function(closure);
        match method {
            ClosureMethod::Map => {
                let body_is_array = matches!(
                    self.shape_of(&closure.body),
                    Shape::Array(_) | Shape::Tuple(_)
                );
                if body_is_array {
                    // Each result stays one item: `$append` of a one-item array.
                    format!("$reduce({xs}, function($__acc, $__it) {{ $append($__acc, [[{f}($__it)]]) }}, [])")
                } else {
                    format!("[$map({xs}, {f})]")
                }
            }
            ClosureMethod::Filter => format!("[$filter({xs}, {f})]"),
            ClosureMethod::Any => format!("($count($filter({xs}, {f})) > 0)"),
            ClosureMethod::All => format!("($count($filter({xs}, {f})) = $count({xs}))"),
            ClosureMethod::Find => {
                or_null(&super::expr::select(&format!("$filter({xs}, {f})"), "[0]"))
            }
            ClosureMethod::OptionMap => {
                format!("($__o := {xs}; $exists($__o) and $__o != null ? {f}($__o) : null)")
            }
        }
    }

    /// A closure as a JSONata function of its parameters.
    fn function(&mut self, closure: &Closure) -> String {
        let params: Vec<String> = closure
            .params
            .iter()
            .map(|p| format!("${}", self.var_name(*p)))
            .collect();
        let body = self.expr(&closure.body);
        format!("function({}) {{ {body} }}", params.join(", "))
    }

    fn match_value(&mut self, scrutinee: &Expr, arms: &[(Pattern, Expr)]) -> String {
        let x = self.expr(scrutinee);
        let shape = self.shape_of(scrutinee);
        let mut out = String::from("null");
        for (pattern, value) in arms.iter().rev() {
            let v = self.expr(value);
            if matches!(pattern, Pattern::Wildcard) {
                out = v;
                continue;
            }
            let test = self.pattern_test(pattern, "$__m", &shape);
            out = format!("({test} ? {v} : {out})");
        }
        format!("($__m := {x}; {out})")
    }
}

/// `None` is null, where JSONata would have no value at all.
fn or_null(x: &str) -> String {
    format!("($__n := {x}; $exists($__n) ? $__n : null)")
}

/// Truncation toward zero, as Rust's integer division and `as` casts do.
fn trunc(x: &str) -> String {
    format!("($__t := {x}; $__t < 0 ? $ceil($__t) : $floor($__t))")
}

/// Every integer JSONata holds exactly.
const FULL: (i64, i64) = (-MAX_EXACT_INTEGER, MAX_EXACT_INTEGER);

/// The integer `x` when it lies in `min..=max`, else a `States.QueryEvaluationError` (the
/// native run fails the same way: past 2^53 JSONata's floats and Rust's integers differ).
fn exact(x: &str, (min, max): (i64, i64)) -> String {
    let test = if (min, max) == FULL {
        format!("$abs($__i) <= {max}")
    } else {
        format!("$__i >= {min} and $__i <= {max}")
    };
    format!(
        "($__i := {x}; {test} ? $__i : $error(\"{}\"))",
        out_of_range_message(min, max)
    )
}

/// `then(divisor)` unless the integer divisor `d` is 0, which fails as Rust would panic.
fn nonzero(d: &str, then: impl FnOnce(&str) -> String) -> String {
    if d.parse::<f64>().is_ok_and(|v| v != 0.0) {
        return then(d);
    }
    format!(
        "($__d := {d}; $__d = 0 ? $error(\"{DIVIDE_BY_ZERO}\") : {})",
        then("$__d")
    )
}

//! The JSONata family's own statements: typed `let`s of computed values, accumulators
//! reassigned in loops, `for` over a `Vec<i64>`, `if let Some(x)`, tuple destructuring and
//! task calls inside computed values.

use std::fmt::Write as _;

use super::generator::{Ctx, Gen, Ty, MAX_DEPTH};
use super::pure::FIELD;

/// How many kinds `pure_stmt` draws from.
pub const PURE_KINDS: u64 = 10;

/// An accumulator's bound: `% 10007` keeps it there.
const ACCUMULATED: f64 = 10_007.0;

impl Gen {
    /// A value of `ty` and its bound.
    fn typed_value(&mut self, ctx: &Ctx, ty: Ty) -> (String, f64) {
        match ty {
            Ty::Int => {
                let e = self.int(ctx, 0);
                (e.code, e.bound)
            }
            Ty::Float => {
                let e = self.float(ctx, 0);
                (e.code, e.bound)
            }
            Ty::Str => (self.string(ctx, 0), 0.0),
            Ty::Bool => (self.boolean(ctx, 0), 0.0),
            Ty::Ints => {
                let e = self.ints(ctx, 0);
                (e.code, e.bound)
            }
            Ty::OptInt => {
                let e = self.option(ctx, 0);
                (e.code, e.bound)
            }
            Ty::Payload => (self.data_literal(ctx), 0.0),
        }
    }

    fn rust_type(ty: Ty) -> &'static str {
        match ty {
            Ty::Int => "i64",
            Ty::Float => "f64",
            Ty::Str => "String",
            Ty::Bool => "bool",
            Ty::Ints => "Vec<i64>",
            Ty::OptInt => "Option<i64>",
            Ty::Payload => "Data",
        }
    }

    /// Statement `kind` (below `PURE_KINDS`); `false` when it does not fit here.
    pub fn pure_stmt(&mut self, kind: u64, ctx: &mut Ctx, out: &mut String) -> bool {
        let deep = ctx.depth >= MAX_DEPTH;
        let tys = [Ty::Int, Ty::Float, Ty::Str, Ty::Bool, Ty::Ints, Ty::OptInt];
        match kind {
            // `let x: T = …;`
            0..=2 => {
                let ty = self.rng.pick(&tys);
                let (value, bound) = self.typed_value(ctx, ty);
                let x = self.fresh();
                let _ = writeln!(out, "let {x}: {} = {value};", Self::rust_type(ty));
                Self::read_only(ctx, &x, ty, bound);
            }
            // `let mut acc: T = …;`, reassigned later in this frame.
            3 => {
                let ty = self.rng.pick(&[Ty::Int, Ty::Float, Ty::Bool]);
                let value = match ty {
                    Ty::Int => self.stored_int(ctx).code,
                    Ty::Float => self.stored_float(ctx).code,
                    _ => self.boolean(ctx, 0),
                };
                let x = self.fresh();
                let _ = writeln!(out, "let mut {x}: {} = {value};", Self::rust_type(ty));
                Self::read_only(ctx, &x, ty, ACCUMULATED);
                ctx.scope.last_mut().expect("just declared").reassignable = true;
            }
            // `acc = …;`
            4 | 5 => {
                let targets: Vec<(String, Ty)> = ctx
                    .scope
                    .iter()
                    .filter(|v| v.reassignable && v.ty != Ty::Payload)
                    .map(|v| (v.name.clone(), v.ty))
                    .collect();
                if targets.is_empty() {
                    return false;
                }
                let (x, ty) = targets[self.rng.below(targets.len() as u64) as usize].clone();
                match ty {
                    Ty::Int => {
                        let e = self.int(ctx, 1);
                        let op = self.rng.pick(&["+", "-"]);
                        let _ = writeln!(out, "{x} = ({x} {op} {}) % 10007;", e.code);
                    }
                    Ty::Float => {
                        let e = self.float(ctx, 1);
                        let _ = writeln!(
                            out,
                            "{x} = f64::min(f64::max({x} + {}, -1000.0), 1000.0);",
                            e.code
                        );
                    }
                    _ => {
                        let c = self.boolean(ctx, 1);
                        let op = self.rng.pick(&["||", "&&", "!="]);
                        let _ = writeln!(out, "{x} = {x} {op} ({c});");
                    }
                }
            }
            // `for x in l { … }` over a `Vec<i64>`.
            6 if !deep && ctx.loops < 2 => {
                let (l, x) = (self.fresh(), self.fresh());
                let items = self.stored_ints(ctx);
                let _ = writeln!(
                    out,
                    "let {l}: Vec<i64> = {};\nfor {x} in {l} {{",
                    items.code
                );
                let mut inner = self.nested(ctx);
                inner.loops += 1;
                inner.brk = true;
                inner.cont = true;
                Self::read_only(&mut inner, &x, Ty::Int, items.bound);
                self.block(&mut inner, out, 1, 3);
                out.push_str("}\n");
            }
            // `if let Some(x) = o { … } else { … }`
            7 if !deep => {
                let v = self.var(ctx);
                let x = self.fresh();
                let _ = writeln!(out, "if let Some({x}) = {v}.o {{");
                let mut inner = self.nested(ctx);
                Self::read_only(&mut inner, &x, Ty::Int, FIELD * 2.0 + 3.0);
                self.block(&mut inner, out, 1, 2);
                out.push_str("} else {\n");
                self.block(&mut self.nested(ctx), out, 0, 2);
                out.push_str("}\n");
            }
            // `let (a, b) = (…, …);`
            8 => {
                let (ta, tb) = (self.rng.pick(&tys), self.rng.pick(&tys));
                let ((va, ba), (vb, bb)) = (self.typed_value(ctx, ta), self.typed_value(ctx, tb));
                let (a, b) = (self.fresh(), self.fresh());
                let _ = writeln!(
                    out,
                    "let ({a}, {b}): ({}, {}) = ({va}, {vb});",
                    Self::rust_type(ta),
                    Self::rust_type(tb)
                );
                Self::read_only(ctx, &a, ta, ba);
                Self::read_only(ctx, &b, tb, bb);
            }
            // A task's result inside a computed value.
            _ => {
                let (t, a, x) = (self.task(), self.arg(ctx), self.fresh());
                if self.rng.chance(50) {
                    let e = self.int(ctx, 1);
                    let _ = writeln!(out, "let {x}: i64 = {t}({a}).n % 100 + {};", e.code);
                    Self::read_only(ctx, &x, Ty::Int, 100.0 + e.bound);
                } else {
                    let m = self.rng.pick(&[
                        "to_uppercase()",
                        "trim().to_string()",
                        "replace(\"i\", \"!\")",
                    ]);
                    let _ = writeln!(out, "let {x}: String = {t}({a}).s.{m};");
                    Self::read_only(ctx, &x, Ty::Str, 0.0);
                }
            }
        }
        true
    }
}

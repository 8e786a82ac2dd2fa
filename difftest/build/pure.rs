//! The JSONata family's pure Rust expressions of scalar type: integers, floats, strings and
//! booleans (`Vec<i64>`, `Option<i64>` and `Data` literals are in `pure_collections`).
//!
//! Each number carries a bound on its magnitude: products are formed only while it stays
//! below `PRODUCT` (far inside ±2^53, so f64 and i64 agree), divisors are nonzero constants
//! or `x.abs() + 1`, and a value stored into a payload field or variable is brought under
//! `STORED` (`% 997`, or a float clamped with `max`/`min`) so loops cannot grow it.

use super::generator::{Ctx, Gen, Ty, Var};

/// An expression and what is known of its value.
pub struct E {
    pub code: String,
    /// The largest magnitude of its value (of its items for a `Vec`).
    pub bound: f64,
    /// Made of literals only: Rust cannot call a method on it (`{integer}` is ambiguous).
    pub lit: bool,
}

impl E {
    pub fn new(code: String, bound: f64, lit: bool) -> E {
        E { code, bound, lit }
    }
}

/// What a stored number stays under.
pub const STORED: f64 = 1000.0;
/// What a payload's numbers are assumed to stay under: `STORED` plus what tasks add.
pub const FIELD: f64 = 10_000.0;
/// The largest product formed.
const PRODUCT: f64 = 1e12;
/// The most items a `Vec<i64>` has (tasks keep `xs` at 4, literals have 3).
pub const ITEMS: f64 = 8.0;
pub const MAX_EXPR_DEPTH: u32 = 3;

const WORDS: &[&str] = &["in", "ab", " Hi ", "x y", "", "A-b", "zz", "in "];
const NEEDLES: &[&str] = &["i", "n", " ", "a", "X", "-", "in", "b"];

impl Gen {
    /// A variable of type `ty` in scope, if any.
    pub fn local(&mut self, ctx: &Ctx, ty: Ty) -> Option<Var> {
        let found: Vec<&Var> = ctx.scope.iter().filter(|v| v.ty == ty).collect();
        if found.is_empty() {
            return None;
        }
        Some(found[self.rng.below(found.len() as u64) as usize].clone())
    }

    /// A fresh name for a closure parameter, visible in a copy of `ctx`.
    pub fn with_param(&mut self, ctx: &Ctx, ty: Ty, bound: f64) -> (String, Ctx) {
        let x = self.fresh();
        let mut inner = ctx.clone();
        Self::read_only(&mut inner, &x, ty, bound);
        (x, inner)
    }

    fn small(&mut self) -> E {
        let k = self.rng.range(-20, 21);
        let code = if k < 0 {
            format!("({k})")
        } else {
            k.to_string()
        };
        E::new(code, k.unsigned_abs() as f64, true)
    }

    /// An integer expression with no literal-only value.
    fn int_var(&mut self, ctx: &Ctx, depth: u32) -> E {
        loop {
            let e = self.int(ctx, depth);
            if !e.lit {
                return e;
            }
        }
    }

    pub fn int(&mut self, ctx: &Ctx, depth: u32) -> E {
        let leaf = depth >= MAX_EXPR_DEPTH;
        let v = self.var(ctx);
        match self.rng.below(if leaf { 8 } else { 22 }) {
            0 => self.small(),
            1 | 2 => E::new(format!("{v}.n"), FIELD, false),
            3 => match self.local(ctx, Ty::Int) {
                Some(x) => E::new(x.name, x.bound, false),
                None => E::new(format!("{v}.n"), FIELD, false),
            },
            4 => E::new(format!("({v}.xs.len() as i64)"), ITEMS, false),
            5 => E::new(format!("({v}.s.len() as i64)"), 1e4, false),
            6 => {
                let d = self.rng.range(-5, 6);
                E::new(format!("{v}.o.unwrap_or({d})"), FIELD, false)
            }
            7 => E::new(format!("({v}.f.round() as i64)"), FIELD, false),
            8..=10 => {
                let op = self.rng.pick(&["+", "-", "*"]);
                let (a, b) = (self.int(ctx, depth + 1), self.int(ctx, depth + 1));
                let lit = a.lit && b.lit;
                if op == "*" {
                    if a.bound * b.bound.max(1.0) <= PRODUCT {
                        return E::new(
                            format!("({} * {})", a.code, b.code),
                            a.bound * b.bound,
                            lit,
                        );
                    }
                    let k = self.rng.range(2, 4);
                    return E::new(format!("({} * {k})", a.code), a.bound * k as f64, a.lit);
                }
                E::new(
                    format!("({} {op} {})", a.code, b.code),
                    a.bound + b.bound,
                    lit,
                )
            }
            11 | 12 => {
                let op = self.rng.pick(&["/", "%"]);
                let a = self.int(ctx, depth + 1);
                if self.rng.chance(60) {
                    let mut k = self.rng.range(-9, 10);
                    if k == 0 {
                        k = 3;
                    }
                    let k = if k < 0 {
                        format!("({k})")
                    } else {
                        k.to_string()
                    };
                    E::new(format!("({} {op} {k})", a.code), a.bound, a.lit)
                } else {
                    let b = self.int_var(ctx, depth + 1);
                    E::new(
                        format!("({} {op} ({}.abs() + 1))", a.code, b.code),
                        a.bound,
                        a.lit,
                    )
                }
            }
            13 => {
                let a = self.int_var(ctx, depth + 1);
                E::new(format!("(-{})", a.code), a.bound, false)
            }
            14 => {
                let m = self.rng.pick(&["max", "min"]);
                let (a, b) = (self.int_var(ctx, depth + 1), self.int(ctx, depth + 1));
                E::new(
                    format!("{}.{m}({})", a.code, b.code),
                    a.bound.max(b.bound),
                    false,
                )
            }
            15 => {
                let a = self.int_var(ctx, depth + 1);
                E::new(format!("{}.abs()", a.code), a.bound, false)
            }
            16 => {
                let c = self.boolean(ctx, depth + 1);
                let (a, b) = (self.int(ctx, depth + 1), self.int(ctx, depth + 1));
                let lit = a.lit && b.lit;
                E::new(
                    format!("(if {c} {{ {} }} else {{ {} }})", a.code, b.code),
                    a.bound.max(b.bound),
                    lit,
                )
            }
            17 => {
                let s = self.int_var(ctx, depth + 1);
                let arms: Vec<E> = (0..3).map(|_| self.int(ctx, depth + 1)).collect();
                let bound = arms.iter().map(|a| a.bound).fold(0.0, f64::max);
                let lit = arms.iter().all(|a| a.lit);
                let pats = self
                    .rng
                    .pick(&[["0", "1 | -1"], ["1..=3", "-3..=-1"], ["2", "-7..=0"]]);
                E::new(
                    format!(
                        "(match {} % 5 {{ {} => {}, {} => {}, _ => {} }})",
                        s.code, pats[0], arms[0].code, pats[1], arms[1].code, arms[2].code
                    ),
                    bound,
                    lit,
                )
            }
            18 => {
                let f = self.float(ctx, depth + 1);
                let conv = self.rng.pick(&["", ".round()", ".floor()", ".ceil()"]);
                if f.lit {
                    return E::new(format!("({} as i64)", f.code), f.bound + 1.0, true);
                }
                E::new(format!("({}{conv} as i64)", f.code), f.bound + 1.0, false)
            }
            19 | 20 => self.int_of_ints(ctx, depth + 1),
            _ => {
                let s = self.string(ctx, depth + 1);
                let what = self.rng.pick(&["len()", "chars().count()"]);
                E::new(format!("({s}.{what} as i64)"), 1e4, false)
            }
        }
    }

    pub fn float(&mut self, ctx: &Ctx, depth: u32) -> E {
        let leaf = depth >= MAX_EXPR_DEPTH;
        let v = self.var(ctx);
        match self.rng.below(if leaf { 4 } else { 14 }) {
            0 => {
                let k = self
                    .rng
                    .pick(&["0.5", "1.5", "(-0.25)", "2.0", "(-3.75)", "0.1"]);
                E::new(k.to_string(), 4.0, true)
            }
            1 | 2 => E::new(format!("{v}.f"), FIELD, false),
            3 => match self.local(ctx, Ty::Float) {
                Some(x) => E::new(x.name, x.bound, false),
                None => E::new(format!("{v}.f"), FIELD, false),
            },
            4 | 5 => {
                let a = self.int(ctx, depth + 1);
                E::new(format!("({} as f64)", a.code), a.bound, a.lit)
            }
            6 | 7 => {
                let op = self.rng.pick(&["+", "-", "*"]);
                let (a, b) = (self.float(ctx, depth + 1), self.float(ctx, depth + 1));
                let lit = a.lit && b.lit;
                if op == "*" && a.bound * b.bound.max(1.0) > PRODUCT {
                    return E::new(format!("({} * 0.5)", a.code), a.bound, a.lit);
                }
                let bound = if op == "*" {
                    a.bound * b.bound.max(1.0)
                } else {
                    a.bound + b.bound
                };
                E::new(format!("({} {op} {})", a.code, b.code), bound, lit)
            }
            8 => {
                let a = self.float(ctx, depth + 1);
                let k = self.rng.pick(&["2.0", "4.0", "(-8.0)", "3.0", "0.5"]);
                let bound = if k == "0.5" { a.bound * 2.0 } else { a.bound };
                E::new(format!("({} / {k})", a.code), bound, a.lit)
            }
            9 | 10 => {
                let a = self.float_var(ctx, depth + 1);
                let m = self.rng.pick(&["round", "floor", "ceil", "abs"]);
                E::new(format!("{}.{m}()", a.code), a.bound + 1.0, false)
            }
            11 => {
                let (a, b) = (self.float_var(ctx, depth + 1), self.float(ctx, depth + 1));
                let bound = a.bound.max(b.bound);
                if self.rng.chance(50) {
                    let m = self.rng.pick(&["max", "min"]);
                    E::new(format!("{}.{m}({})", a.code, b.code), bound, false)
                } else {
                    let m = self.rng.pick(&["max", "min"]);
                    E::new(format!("f64::{m}({}, {})", a.code, b.code), bound, false)
                }
            }
            12 => {
                let (it, b) = self.int_iter(ctx, depth + 1);
                let x = self.fresh();
                if self.rng.chance(50) {
                    E::new(
                        format!("{it}.map(|{x}| {x} as f64 * 0.5).sum::<f64>()"),
                        b * ITEMS,
                        false,
                    )
                } else {
                    E::new(
                        format!("{it}.map(|{x}| {x} as f64).fold(0.0, f64::max)"),
                        b,
                        false,
                    )
                }
            }
            _ => {
                let c = self.boolean(ctx, depth + 1);
                let (a, b) = (self.float(ctx, depth + 1), self.float(ctx, depth + 1));
                let lit = a.lit && b.lit;
                E::new(
                    format!("(if {c} {{ {} }} else {{ {} }})", a.code, b.code),
                    a.bound.max(b.bound),
                    lit,
                )
            }
        }
    }

    fn float_var(&mut self, ctx: &Ctx, depth: u32) -> E {
        loop {
            let e = self.float(ctx, depth);
            if !e.lit {
                return e;
            }
        }
    }

    /// A `String` expression.
    pub fn string(&mut self, ctx: &Ctx, depth: u32) -> String {
        let leaf = depth >= MAX_EXPR_DEPTH;
        let v = self.var(ctx);
        match self.rng.below(if leaf { 3 } else { 13 }) {
            0 => format!("{:?}.to_string()", self.rng.pick(WORDS)),
            1 => format!("{v}.s.clone()"),
            2 => match self.local(ctx, Ty::Str) {
                Some(x) => format!("{}.clone()", x.name),
                None => format!("{v}.s.clone()"),
            },
            3 | 4 => {
                let s = self.string(ctx, depth + 1);
                let m = self
                    .rng
                    .pick(&["to_uppercase()", "to_lowercase()", "trim().to_string()"]);
                format!("{s}.{m}")
            }
            5 => {
                let s = self.string(ctx, depth + 1);
                let (a, b) = (self.rng.pick(NEEDLES), self.rng.pick(&["_", "", "AB", " "]));
                format!("{s}.replace({a:?}, {b:?})")
            }
            6 | 7 => {
                let a = self.string(ctx, depth + 1);
                let b = self.int(ctx, depth + 1).code;
                let c = self.boolean(ctx, depth + 1);
                match self.rng.below(3) {
                    0 => format!("format!(\"{{}}-{{}}\", {a}, {b})"),
                    1 => format!("format!(\"<{{}}|{{}}>\", {b}, {c})"),
                    _ => format!("format!(\"{{}}{{{{{{}}}}}}\", {a}, {a})"),
                }
            }
            8 => {
                let a = self.int(ctx, depth + 1);
                if a.lit {
                    format!("(({}) as i64).to_string()", a.code)
                } else {
                    format!("{}.to_string()", a.code)
                }
            }
            9 => {
                let c = self.boolean(ctx, depth + 1);
                let (a, b) = (self.string(ctx, depth + 1), self.string(ctx, depth + 1));
                format!("(if {c} {{ {a} }} else {{ {b} }})")
            }
            10 => {
                let s = self.string(ctx, depth + 1);
                let (a, b, c) = (
                    self.rng.pick(WORDS),
                    self.rng.pick(WORDS),
                    self.rng.pick(WORDS),
                );
                format!(
                    "(match {s}.trim() {{ {:?} => {a:?}.to_string(), {:?} => {b:?}.to_string(), _ => {c:?}.to_string() }})",
                    a.trim(),
                    "",
                )
            }
            11 => {
                let (it, _) = self.int_iter(ctx, depth + 1);
                let (x, sep) = (self.fresh(), self.rng.pick(&[",", "", " + "]));
                format!("{it}.map(|{x}| {x}.to_string()).collect::<Vec<String>>().join({sep:?})")
            }
            _ => {
                let s = self.string(ctx, depth + 1);
                let (x, sep) = (self.fresh(), self.rng.pick(&[" ", ",", "i"]));
                let join = self.rng.pick(&["-", ""]);
                let m = self
                    .rng
                    .pick(&["to_uppercase()", "trim().to_string()", "to_string()"]);
                format!(
                    "{s}.split({sep:?}).map(|{x}| {x}.{m}).collect::<Vec<String>>().join({join:?})"
                )
            }
        }
    }

    /// A `bool` expression.
    pub fn boolean(&mut self, ctx: &Ctx, depth: u32) -> String {
        let leaf = depth >= MAX_EXPR_DEPTH;
        let v = self.var(ctx);
        match self.rng.below(if leaf { 3 } else { 16 }) {
            0 => format!("{v}.b"),
            1 => match self.local(ctx, Ty::Bool) {
                Some(x) => x.name,
                None => format!("!{v}.b"),
            },
            2 => format!("{v}.o.is_some()"),
            3..=5 => {
                let op = self.rng.pick(&["==", "!=", "<", "<=", ">", ">="]);
                let (a, b) = (self.int(ctx, depth + 1), self.int(ctx, depth + 1));
                format!("{} {op} {}", a.code, b.code)
            }
            6 => {
                let op = self.rng.pick(&["<", ">=", "=="]);
                let (a, b) = (self.float(ctx, depth + 1), self.float(ctx, depth + 1));
                format!("{} {op} {}", a.code, b.code)
            }
            7 => {
                let op = self.rng.pick(&["==", "!="]);
                let (a, b) = (self.string(ctx, depth + 1), self.string(ctx, depth + 1));
                format!("{a} {op} {b}")
            }
            8 | 9 => {
                let s = self.string(ctx, depth + 1);
                let m = self.rng.pick(&["starts_with", "ends_with", "contains"]);
                if self.rng.chance(70) {
                    format!("{s}.{m}({:?})", self.rng.pick(NEEDLES))
                } else {
                    let t = self.string(ctx, depth + 1);
                    format!("{s}.{m}(&{t})")
                }
            }
            10 => {
                let s = self.string(ctx, depth + 1);
                format!("{s}.is_empty()")
            }
            11 => {
                let xs = self.ints(ctx, depth + 1);
                match self.rng.below(3) {
                    0 => format!("{}.is_empty()", xs.code),
                    1 => format!("{}.contains(&{})", xs.code, self.rng.range(-2, 8)),
                    _ => {
                        let (it, b) = self.int_iter(ctx, depth + 1);
                        let (x, inner) = self.with_param(ctx, Ty::Int, b);
                        let c = self.boolean(&inner, depth + 1);
                        let m = self.rng.pick(&["any", "all"]);
                        format!("{it}.{m}(|{x}| {c})")
                    }
                }
            }
            12 => {
                let o = self.option(ctx, depth + 1);
                match self.rng.below(3) {
                    0 => format!("{}.is_none()", o.code),
                    1 => format!("{} == None", o.code),
                    // Not `o.map(f).map(g)` (see `stored_option`).
                    _ if o.code.ends_with(')') && o.code.contains(".o.map(") => {
                        format!("{}.is_some()", o.code)
                    }
                    _ => {
                        let x = self.fresh();
                        format!(
                            "{}.map(|{x}| {x} > {}).unwrap_or({})",
                            o.code,
                            self.rng.range(-3, 5),
                            self.rng.chance(50)
                        )
                    }
                }
            }
            13 => format!("!({})", self.boolean(ctx, depth + 1)),
            14 => format!(
                "({} && {})",
                self.boolean(ctx, depth + 1),
                self.boolean(ctx, depth + 1)
            ),
            _ => format!(
                "({} || {})",
                self.boolean(ctx, depth + 1),
                self.boolean(ctx, depth + 1)
            ),
        }
    }
}

//! The JSONata family's pure Rust expressions over collections: iterator chains on
//! `Vec<i64>`, `Vec<i64>` and `Option<i64>` values, values brought under `STORED` for a
//! payload field, and `Data` literals.

use super::generator::{Ctx, Gen, Ty};
use super::pure::{E, FIELD, ITEMS, MAX_EXPR_DEPTH, STORED};

impl Gen {
    /// An iterator over integers (`xs.iter().copied()`, then maybe `filter` and `map`), and
    /// the bound of its items.
    pub fn int_iter(&mut self, ctx: &Ctx, depth: u32) -> (String, f64) {
        let xs = self.ints(ctx, depth + 1);
        let mut code = format!("{}.iter().copied()", xs.code);
        let mut bound = xs.bound;
        if self.rng.chance(40) {
            let (x, inner) = self.with_param(ctx, Ty::Int, bound);
            let c = self.boolean(&inner, depth + 1);
            code = format!("{code}.filter(|&{x}| {c})");
        }
        if self.rng.chance(40) {
            let (x, inner) = self.with_param(ctx, Ty::Int, bound);
            let e = self.int(&inner, depth + 1);
            bound = e.bound;
            code = format!("{code}.map(|{x}| {})", e.code);
        }
        (code, bound)
    }

    /// An integer computed from a `Vec<i64>`.
    pub fn int_of_ints(&mut self, ctx: &Ctx, depth: u32) -> E {
        let d = self.rng.range(-3, 4);
        match self.rng.below(7) {
            0 => {
                let (it, b) = self.int_iter(ctx, depth);
                E::new(format!("{it}.sum::<i64>()"), b * ITEMS, false)
            }
            1 => {
                let (it, _) = self.int_iter(ctx, depth);
                E::new(format!("({it}.count() as i64)"), ITEMS, false)
            }
            2 => {
                let (it, b) = self.int_iter(ctx, depth);
                let m = self.rng.pick(&["max", "min"]);
                E::new(format!("{it}.{m}().unwrap_or({d})"), b.max(3.0), false)
            }
            3 => {
                let (it, b) = self.int_iter(ctx, depth);
                let (acc, x) = (self.fresh(), self.fresh());
                let step = self
                    .rng
                    .pick(&["{acc} + {x}", "{acc} - {x} * 2", "{acc}.max({x})"]);
                let step = step.replace("{acc}", &acc).replace("{x}", &x);
                E::new(
                    format!("{it}.fold({d}, |{acc}, {x}| {step})"),
                    3.0 + b * ITEMS * 2.0,
                    false,
                )
            }
            4 => {
                let xs = self.ints(ctx, depth);
                let which = self.rng.pick(&["first()", "last()", "get(1)"]);
                E::new(
                    format!("{}.{which}.copied().unwrap_or({d})", xs.code),
                    xs.bound.max(3.0),
                    false,
                )
            }
            5 => {
                let xs = self.ints(ctx, depth);
                let i = self.rng.below(3);
                E::new(
                    format!(
                        "(if {0}.len() > {i} {{ {0}[{i}] }} else {{ {d} }})",
                        xs.code
                    ),
                    xs.bound.max(3.0),
                    false,
                )
            }
            _ => {
                let xs = self.ints(ctx, depth);
                let (x, inner) = self.with_param(ctx, Ty::Int, xs.bound);
                let c = self.boolean(&inner, depth + 1);
                E::new(
                    format!(
                        "{}.iter().copied().find(|&{x}| {c}).unwrap_or({d})",
                        xs.code
                    ),
                    xs.bound.max(3.0),
                    false,
                )
            }
        }
    }

    /// A `Vec<i64>` expression (`bound` is its items').
    pub fn ints(&mut self, ctx: &Ctx, depth: u32) -> E {
        let leaf = depth >= MAX_EXPR_DEPTH;
        let v = self.var(ctx);
        match self.rng.below(if leaf { 2 } else { 6 }) {
            0 => E::new(format!("{v}.xs.clone()"), FIELD, false),
            1 => match self.local(ctx, Ty::Ints) {
                Some(x) => E::new(format!("{}.clone()", x.name), x.bound, false),
                None => E::new(format!("{v}.xs.clone()"), FIELD, false),
            },
            2 | 3 => {
                let (it, b) = self.int_iter(ctx, depth + 1);
                E::new(format!("{it}.collect::<Vec<i64>>()"), b, false)
            }
            4 => {
                let count = 1 + self.rng.below(3);
                let items: Vec<E> = (0..count).map(|_| self.int(ctx, depth + 1)).collect();
                let bound = items.iter().map(|e| e.bound).fold(10.0, f64::max);
                let typed = items.iter().any(|e| !e.lit);
                let mut codes: Vec<String> = items.into_iter().map(|e| e.code).collect();
                if !typed {
                    // `vec![1, 2]` alone would be `Vec<i32>`.
                    codes.push(format!("{v}.n % 10"));
                }
                E::new(format!("vec![{}]", codes.join(", ")), bound, false)
            }
            _ => {
                let xs = self.ints(ctx, depth + 1);
                E::new(
                    format!("{}.iter().rev().copied().collect::<Vec<i64>>()", xs.code),
                    xs.bound,
                    false,
                )
            }
        }
    }

    /// An `Option<i64>` expression (`bound` is its content's).
    pub fn option(&mut self, ctx: &Ctx, depth: u32) -> E {
        let v = self.var(ctx);
        match self.rng.below(5) {
            0 | 1 => E::new(format!("{v}.o"), FIELD, false),
            2 => {
                let (c, a) = (self.boolean(ctx, depth + 1), self.int(ctx, depth + 1));
                E::new(
                    format!("(if {c} {{ Some({}) }} else {{ None }})", a.code),
                    a.bound,
                    false,
                )
            }
            3 => {
                let a = self.int(ctx, depth + 1);
                E::new(format!("Some({})", a.code), a.bound, false)
            }
            _ => {
                let (x, k) = (self.fresh(), self.rng.range(-3, 4));
                E::new(
                    format!("{v}.o.map(|{x}| {x} * 2 + {k})"),
                    FIELD * 2.0 + 3.0,
                    false,
                )
            }
        }
    }

    /// An integer brought under `STORED`.
    pub fn stored_int(&mut self, ctx: &Ctx) -> E {
        let e = self.int(ctx, 0);
        if e.bound <= STORED {
            return e;
        }
        E::new(format!("(({}) % 997)", e.code), 996.0, false)
    }

    pub fn stored_float(&mut self, ctx: &Ctx) -> E {
        let e = self.float(ctx, 0);
        if e.bound <= STORED {
            return e;
        }
        E::new(
            format!("f64::min(f64::max({}, -1000.0), 1000.0)", e.code),
            STORED,
            false,
        )
    }

    pub fn stored_ints(&mut self, ctx: &Ctx) -> E {
        let e = self.ints(ctx, 0);
        if e.bound <= STORED {
            return e;
        }
        let x = self.fresh();
        E::new(
            format!(
                "{}.iter().map(|{x}| {x} % 997).collect::<Vec<i64>>()",
                e.code
            ),
            996.0,
            false,
        )
    }

    /// An `Option<i64>` brought under `STORED`.
    pub fn stored_option(&mut self, ctx: &Ctx) -> E {
        let v = self.var(ctx);
        match self.rng.below(5) {
            0 => E::new(format!("{v}.o"), FIELD, false),
            1 => {
                let (x, k) = (self.fresh(), self.rng.range(-3, 4));
                E::new(
                    format!("{v}.o.map(|{x}| ({x} * 2 + {k}) % 997)"),
                    996.0,
                    false,
                )
            }
            2 => {
                let a = self.int(ctx, 1);
                E::new(format!("Some(({}) % 997)", a.code), 996.0, false)
            }
            3 => {
                let (x, y, k) = (self.fresh(), self.fresh(), self.rng.range(-3, 4));
                E::new(
                    format!("{v}.o.map(|{x}| {x} % 997).map(|{y}| ({y} * 3 + {k}) % 997)"),
                    996.0,
                    false,
                )
            }
            _ => {
                let (c, a) = (self.boolean(ctx, 1), self.int(ctx, 1));
                E::new(
                    format!("(if {c} {{ Some(({}) % 997) }} else {{ None }})", a.code),
                    996.0,
                    false,
                )
            }
        }
    }

    /// `Data { … }` with each field a computed value or another variable's.
    pub fn data_literal(&mut self, ctx: &Ctx) -> String {
        // Small, so a loop counting a payload's `n` up to a bound ends soon.
        let n = self.int(ctx, 0);
        let n = if n.bound <= 20.0 {
            n.code
        } else {
            format!("(({}) % 20)", n.code)
        };
        let s = self.string(ctx, 1);
        let f = self.stored_float(ctx).code;
        let xs = self.stored_ints(ctx).code;
        let o = self.stored_option(ctx).code;
        let b = self.boolean(ctx, 1);
        format!("Data {{ n: {n}, s: {s}, f: {f}, xs: {xs}, o: {o}, b: {b} }}")
    }
}

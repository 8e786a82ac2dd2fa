//! The generator's state and the pieces both families share: scopes, task arguments,
//! conditions, blocks and the workflow's head and tail. Statements are in `statements`, the
//! JSONata family's pure expressions in `pure` and its own statements in `pure_statements`.

use std::fmt::Write as _;

use super::rng::Rng;

/// Which family a workflow belongs to.
#[derive(Clone, Copy, PartialEq)]
pub enum Family {
    /// Over `Rec`, JSONPath-expressible (emitted in both query languages).
    JsonPath,
    /// Over `Data`, `#[workflow(query_language = "JSONata")]`, computing with pure Rust.
    Jsonata,
}

/// A variable's type: the family's payload, or (JSONata family only) a scalar, a
/// `Vec<i64>` or an `Option<i64>`.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Ty {
    Payload,
    Int,
    Float,
    Str,
    Bool,
    Ints,
    OptInt,
}

#[derive(Clone)]
pub struct Var {
    pub name: String,
    pub ty: Ty,
    /// May be the target of `v = …` here.
    pub reassignable: bool,
    /// The largest magnitude of its value (of its items for `Ints`, of the content for `OptInt`).
    pub bound: f64,
}

#[derive(Clone)]
pub struct Ctx {
    pub scope: Vec<Var>,
    /// Block nesting.
    pub depth: u32,
    /// Loop nesting (bounds the number of task calls).
    pub loops: u32,
    /// Inside a map closure or a parallel branch: no `return`, no `?`.
    pub closure: bool,
    /// `break` / `continue` leave the innermost loop of this frame.
    pub brk: bool,
    pub cont: bool,
}

pub struct Gen {
    pub rng: Rng,
    pub next_var: u32,
    pub fallible: bool,
    /// A `parallel!` or a `map` without `max_concurrency(1)`: calls may interleave.
    pub concurrent: bool,
    pub family: Family,
}

pub const MAX_DEPTH: u32 = 3;

impl Gen {
    pub fn new(seed: u64, family: Family) -> Gen {
        Gen {
            rng: Rng(seed),
            next_var: 0,
            fallible: false,
            concurrent: false,
            family,
        }
    }

    pub fn jsonata(&self) -> bool {
        self.family == Family::Jsonata
    }

    /// The payload type's name.
    pub fn payload(&self) -> &'static str {
        if self.jsonata() {
            "Data"
        } else {
            "Rec"
        }
    }

    /// Task `name` of this family: `t3r` is `d3r` over `Data`.
    pub fn task_named(&self, name: &str) -> String {
        if self.jsonata() {
            name.replacen('t', "d", 1)
        } else {
            name.to_string()
        }
    }

    pub fn fresh(&mut self) -> String {
        self.next_var += 1;
        format!("v{}", self.next_var)
    }

    /// A payload variable.
    pub fn var(&mut self, ctx: &Ctx) -> String {
        let payload: Vec<&Var> = ctx.scope.iter().filter(|v| v.ty == Ty::Payload).collect();
        let i = self.rng.below(payload.len() as u64) as usize;
        payload[i].name.clone()
    }

    pub fn task(&mut self) -> String {
        let t = format!("t{}", self.rng.below(4));
        self.task_named(&t)
    }

    /// A task's argument: a variable or a struct literal.
    pub fn arg(&mut self, ctx: &Ctx) -> String {
        if self.rng.chance(65) {
            return format!("{}.clone()", self.var(ctx));
        }
        if self.jsonata() {
            return self.data_literal(ctx);
        }
        let a = self.var(ctx);
        let n = match self.rng.below(3) {
            0 => format!("{a}.n"),
            1 => format!("{a}.n + {}", self.rng.range(1, 5)),
            _ => format!("{a}.n - {}", self.rng.range(1, 3)),
        };
        let s = match self.rng.below(3) {
            0 => format!("\"lit{}\".to_string()", self.rng.below(3)),
            1 => format!(
                "format!(\"{{}}-{{}}\", {}.s, {}.n)",
                self.var(ctx),
                self.var(ctx)
            ),
            _ => format!("{}.s.clone()", self.var(ctx)),
        };
        let b = self.var(ctx);
        format!("Rec {{ n: {n}, s: {s}, b: {b}.b }}")
    }

    pub fn cond(&mut self, ctx: &Ctx, depth: u32) -> String {
        if self.jsonata() {
            return self.boolean(ctx, depth);
        }
        let k = if depth < 2 { 8 } else { 5 };
        match self.rng.below(k) {
            0 | 1 => {
                let op = ["==", "!=", "<", "<=", ">", ">="][self.rng.below(6) as usize];
                format!("{}.n {op} {}", self.var(ctx), self.rng.range(0, 12))
            }
            2 => format!("{}.b", self.var(ctx)),
            3 => format!("!{}.b", self.var(ctx)),
            4 => {
                let op = ["==", "!=", "<", ">="][self.rng.below(4) as usize];
                if self.rng.chance(70) {
                    format!("{}.n {op} {}.n", self.var(ctx), self.var(ctx))
                } else {
                    let op = ["==", "!="][self.rng.below(2) as usize];
                    format!("{}.s {op} {}.s", self.var(ctx), self.var(ctx))
                }
            }
            5 => format!(
                "{} && {}",
                self.cond(ctx, depth + 1),
                self.cond(ctx, depth + 1)
            ),
            6 => format!(
                "({} || {})",
                self.cond(ctx, depth + 1),
                self.cond(ctx, depth + 1)
            ),
            _ => format!("!({})", self.cond(ctx, depth + 1)),
        }
    }

    /// What a `match` tests: a payload's `n`, or (JSONata family) a computed integer.
    pub fn scrutinee(&mut self, ctx: &Ctx) -> String {
        if self.jsonata() && self.rng.chance(50) {
            let e = self.int(ctx, 1);
            return format!("({}) % 12", e.code);
        }
        format!("{}.n", self.var(ctx))
    }

    pub fn nested(&self, ctx: &Ctx) -> Ctx {
        let mut c = ctx.clone();
        c.depth += 1;
        c
    }

    /// A closure frame: outer variables are read only; no return, `?`, break, continue.
    pub fn closure_frame(&self, ctx: &Ctx) -> Ctx {
        let mut c = self.nested(ctx);
        for v in &mut c.scope {
            v.reassignable = false;
        }
        c.closure = true;
        c.brk = false;
        c.cont = false;
        c
    }

    pub fn declare(ctx: &mut Ctx, name: &str) {
        ctx.scope.push(Var {
            name: name.to_string(),
            ty: Ty::Payload,
            reassignable: true,
            bound: 0.0,
        });
    }

    /// A variable only read here (a loop's counter or item, a match arm's binding).
    pub fn read_only(ctx: &mut Ctx, name: &str, ty: Ty, bound: f64) {
        ctx.scope.push(Var {
            name: name.to_string(),
            ty,
            reassignable: false,
            bound,
        });
    }

    pub fn block(&mut self, ctx: &mut Ctx, out: &mut String, min: u64, max: u64) {
        let count = min + self.rng.below(max - min + 1);
        for _ in 0..count {
            self.stmt(ctx, out);
        }
    }

    /// `{ stmts; value }` for a valued branch.
    pub fn valued_block(&mut self, ctx: &Ctx) -> String {
        let mut inner = self.nested(ctx);
        let mut s = String::from("{ ");
        self.block(&mut inner, &mut s, 0, 2);
        let tail = self.tail_value(&inner);
        let _ = write!(s, "{tail} }}");
        s
    }

    pub fn tail_value(&mut self, ctx: &Ctx) -> String {
        if self.rng.chance(40) {
            let t = self.task();
            let a = self.arg(ctx);
            format!("{t}({a})")
        } else if self.jsonata() && self.rng.chance(30) {
            self.data_literal(ctx)
        } else {
            format!("{}.clone()", self.var(ctx))
        }
    }

    pub fn match_patterns(&mut self) -> Vec<&'static str> {
        let all = ["0", "1..=3", "4 | 5", "6..=9", "7", "10..=20"];
        let mut pats: Vec<&str> = all
            .iter()
            .copied()
            .filter(|_| self.rng.chance(40))
            .collect();
        if pats.is_empty() {
            pats.push(all[self.rng.below(all.len() as u64) as usize]);
        }
        if self.jsonata() && self.rng.chance(40) {
            pats.push(["-1", "-11..=-2", "-5 | -3"][self.rng.below(3) as usize]);
        }
        pats
    }

    pub fn workflow(&mut self, name: &str, out: &mut String) {
        self.next_var = 0;
        self.fallible = self.rng.chance(35);
        self.concurrent = false;
        let mut ctx = Ctx {
            scope: Vec::new(),
            depth: 0,
            loops: 0,
            closure: false,
            brk: false,
            cont: false,
        };
        Self::declare(&mut ctx, "v0");
        let payload = self.payload();
        let ret = if self.fallible {
            format!("Result<{payload}, SevenError>")
        } else {
            payload.to_string()
        };
        let attr = if self.jsonata() {
            "#[workflow(query_language = \"JSONata\")]"
        } else {
            "#[workflow]"
        };
        let _ = writeln!(out, "{attr}\npub fn {name}(mut v0: {payload}) -> {ret} {{");
        self.block(&mut ctx, out, 1, 5);
        let v = self.var(&ctx);
        let v = if self.jsonata() && self.rng.chance(40) {
            self.data_literal(&ctx)
        } else {
            v
        };
        if self.fallible {
            let _ = writeln!(out, "Ok({v})\n}}");
        } else if self.rng.chance(25) {
            let (t, a) = (self.task(), self.arg(&ctx));
            let _ = writeln!(out, "{t}({a})\n}}");
        } else {
            let _ = writeln!(out, "{v}\n}}");
        }
    }
}

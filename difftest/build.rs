//! Writes `$OUT_DIR/generated.rs`: `N` random `#[workflow]` fns over `Rec`, from a fixed seed
//! (the same source on every build), and the table `WORKFLOWS` the test runs.
//!
//! Everything generated type-checks by construction: every variable is a `Rec`, every use
//! clones, a variable is reassigned only where that cannot stop a loop from ending (never a
//! loop's counter) and only in its own frame (never from a map closure or a parallel branch),
//! and `return` / `?` / `break` / `continue` appear only where Rust and the workflow language
//! give them the same meaning.
//!
//! `ASL_DIFFTEST_N` overrides N (default 1000); `ASL_DIFFTEST_SEED` the seed.

use std::fmt::Write as _;

/// SplitMix64.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo) as u64) as i64
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

#[derive(Clone)]
struct Var {
    name: String,
    /// May be the target of `v = …` here.
    reassignable: bool,
}

#[derive(Clone)]
struct Ctx {
    scope: Vec<Var>,
    /// Block nesting.
    depth: u32,
    /// Loop nesting (bounds the number of task calls).
    loops: u32,
    /// Inside a map closure or a parallel branch: no `return`, no `?`.
    closure: bool,
    /// `break` / `continue` leave the innermost loop of this frame.
    brk: bool,
    cont: bool,
}

struct Gen {
    rng: Rng,
    next_var: u32,
    fallible: bool,
    /// A `parallel!` or a `map` without `max_concurrency(1)`: calls may interleave.
    concurrent: bool,
}

const MAX_DEPTH: u32 = 3;

impl Gen {
    fn fresh(&mut self) -> String {
        self.next_var += 1;
        format!("v{}", self.next_var)
    }

    fn var(&mut self, ctx: &Ctx) -> String {
        let i = self.rng.below(ctx.scope.len() as u64) as usize;
        ctx.scope[i].name.clone()
    }

    fn task(&mut self) -> String {
        format!("t{}", self.rng.below(4))
    }

    /// A task's argument: a variable or a struct literal.
    fn arg(&mut self, ctx: &Ctx) -> String {
        if self.rng.chance(65) {
            return format!("{}.clone()", self.var(ctx));
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

    fn cond(&mut self, ctx: &Ctx, depth: u32) -> String {
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

    fn nested(&self, ctx: &Ctx) -> Ctx {
        let mut c = ctx.clone();
        c.depth += 1;
        c
    }

    /// A closure frame: outer variables are read only; no return, `?`, break, continue.
    fn closure_frame(&self, ctx: &Ctx) -> Ctx {
        let mut c = self.nested(ctx);
        for v in &mut c.scope {
            v.reassignable = false;
        }
        c.closure = true;
        c.brk = false;
        c.cont = false;
        c
    }

    fn declare(ctx: &mut Ctx, name: &str) {
        ctx.scope.push(Var {
            name: name.to_string(),
            reassignable: true,
        });
    }

    fn block(&mut self, ctx: &mut Ctx, out: &mut String, min: u64, max: u64) {
        let count = min + self.rng.below(max - min + 1);
        for _ in 0..count {
            self.stmt(ctx, out);
        }
    }

    /// `{ stmts; value }` for a valued branch.
    fn valued_block(&mut self, ctx: &Ctx) -> String {
        let mut inner = self.nested(ctx);
        let mut s = String::from("{ ");
        self.block(&mut inner, &mut s, 0, 2);
        let tail = self.tail_value(&inner);
        let _ = write!(s, "{tail} }}");
        s
    }

    fn tail_value(&mut self, ctx: &Ctx) -> String {
        if self.rng.chance(40) {
            let t = self.task();
            let a = self.arg(ctx);
            format!("{t}({a})")
        } else {
            format!("{}.clone()", self.var(ctx))
        }
    }

    fn match_patterns(&mut self) -> Vec<&'static str> {
        let all = ["0", "1..=3", "4 | 5", "6..=9", "7", "10..=20"];
        let mut pats: Vec<&str> = all
            .iter()
            .copied()
            .filter(|_| self.rng.chance(40))
            .collect();
        if pats.is_empty() {
            pats.push(all[self.rng.below(all.len() as u64) as usize]);
        }
        pats
    }

    fn stmt(&mut self, ctx: &mut Ctx, out: &mut String) {
        let deep = ctx.depth >= MAX_DEPTH;
        loop {
            let kind = self.rng.below(25);
            match kind {
                // `let v = t(arg);`
                0..=2 => {
                    let (t, a, v) = (self.task(), self.arg(ctx), self.fresh());
                    let _ = writeln!(out, "let mut {v} = {t}({a});");
                    Self::declare(ctx, &v);
                }
                // `v = t(arg);`
                3 => {
                    let targets: Vec<String> = ctx
                        .scope
                        .iter()
                        .filter(|v| v.reassignable)
                        .map(|v| v.name.clone())
                        .collect();
                    if targets.is_empty() {
                        continue;
                    }
                    let target = targets[self.rng.below(targets.len() as u64) as usize].clone();
                    let (t, a) = (self.task(), self.arg(ctx));
                    let _ = writeln!(out, "{target} = {t}({a});");
                }
                // `t(arg);`
                4 => {
                    let (t, a) = (self.task(), self.arg(ctx));
                    let _ = writeln!(out, "{t}({a});");
                }
                // `let v = Rec { … };`
                5 => {
                    let (a, v) = (self.arg(ctx), self.fresh());
                    if !a.starts_with("Rec") {
                        continue;
                    }
                    let _ = writeln!(out, "let mut {v} = {a};");
                    Self::declare(ctx, &v);
                }
                // A retried call.
                6 => {
                    let (a, v) = (self.arg(ctx), self.fresh());
                    let _ = writeln!(
                        out,
                        "#[retry(errors = [\"SevenError\"], max_attempts = 2, interval = 1s)]\nlet mut {v} = t3q({a});"
                    );
                    Self::declare(ctx, &v);
                }
                // `if c { … } else if c { … } else { … }`
                7 | 8 if !deep => {
                    let c = self.cond(ctx, 0);
                    let _ = writeln!(out, "if {c} {{");
                    self.block(&mut self.nested(ctx), out, 1, 3);
                    if self.rng.chance(30) {
                        let c = self.cond(ctx, 0);
                        let _ = writeln!(out, "}} else if {c} {{");
                        self.block(&mut self.nested(ctx), out, 1, 2);
                    }
                    if self.rng.chance(60) {
                        out.push_str("} else {\n");
                        self.block(&mut self.nested(ctx), out, 1, 3);
                    }
                    out.push_str("}\n");
                }
                // `let v = if c { …; x } else { …; y };`
                9 if !deep => {
                    let c = self.cond(ctx, 0);
                    let a = self.valued_block(ctx);
                    let b = self.valued_block(ctx);
                    let v = self.fresh();
                    let _ = writeln!(out, "let mut {v} = if {c} {a} else {b};");
                    Self::declare(ctx, &v);
                }
                // `match v.n { … }` as a statement or a value.
                10 if !deep => {
                    let x = self.var(ctx);
                    let pats = self.match_patterns();
                    if self.rng.chance(50) {
                        let _ = writeln!(out, "match {x}.n {{");
                        for p in pats {
                            let _ = writeln!(out, "{p} => {{");
                            self.block(&mut self.nested(ctx), out, 0, 2);
                            out.push_str("}\n");
                        }
                        out.push_str("_ => {\n");
                        self.block(&mut self.nested(ctx), out, 0, 2);
                        out.push_str("}\n}\n");
                    } else {
                        let v = self.fresh();
                        let _ = writeln!(out, "let mut {v} = match {x}.n {{");
                        for p in pats {
                            let b = self.valued_block(ctx);
                            let _ = writeln!(out, "{p} => {b}");
                        }
                        let b = self.valued_block(ctx);
                        let _ = writeln!(out, "_ => {b}\n}};");
                        Self::declare(ctx, &v);
                    }
                }
                // `loop { c = t(c); …; if c.n >= k { break } }`
                11 if !deep && ctx.loops < 2 => {
                    let (a, c) = (self.var(ctx), self.fresh());
                    let t = format!("t{}", self.rng.below(4));
                    let k = self.rng.range(4, 14);
                    let _ = writeln!(
                        out,
                        "let mut {c} = t0({a}.clone());\nloop {{\n{c} = {t}({c}.clone());"
                    );
                    let mut inner = self.nested(ctx);
                    inner.loops += 1;
                    inner.brk = true;
                    inner.cont = false; // would skip the exit test
                    inner.scope.push(Var {
                        name: c.clone(),
                        reassignable: false,
                    });
                    self.block(&mut inner, out, 0, 2);
                    let _ = writeln!(out, "if {c}.n >= {k} {{ break; }}\n}}");
                    Self::declare(ctx, &c);
                }
                // `while w.n < k { w = t(w); … }`
                12 if !deep && ctx.loops < 2 => {
                    let (a, w) = (self.arg(ctx), self.fresh());
                    let t0 = self.task();
                    let t = format!("t{}", self.rng.below(4));
                    let k = self.rng.range(3, 14);
                    let _ = writeln!(
                        out,
                        "let mut {w} = {t0}({a});\nwhile {w}.n < {k} {{\n{w} = {t}({w}.clone());"
                    );
                    let mut inner = self.nested(ctx);
                    inner.loops += 1;
                    inner.brk = true;
                    inner.cont = true;
                    inner.scope.push(Var {
                        name: w.clone(),
                        reassignable: false,
                    });
                    self.block(&mut inner, out, 0, 2);
                    out.push_str("}\n");
                    Self::declare(ctx, &w);
                }
                // `for x in vec![a, b] { … }`
                13 if !deep && ctx.loops < 2 => {
                    let (a, b, l, x) = (self.var(ctx), self.var(ctx), self.fresh(), self.fresh());
                    // `for x in vec![…]` is refused: a list to go over is bound first.
                    let _ = writeln!(
                        out,
                        "let {l} = vec![{a}.clone(), {b}.clone()];\nfor {x} in {l} {{"
                    );
                    let mut inner = self.nested(ctx);
                    inner.loops += 1;
                    inner.brk = true;
                    inner.cont = true;
                    inner.scope.push(Var {
                        name: x,
                        reassignable: false,
                    });
                    self.block(&mut inner, out, 1, 3);
                    out.push_str("}\n");
                }
                // `let r = map(vec![a, b], |x| { …; t(x) }); let v = r[i].clone();`
                14 if !deep && ctx.loops < 2 => {
                    let (a, b, items, l, x) = (
                        self.var(ctx),
                        self.var(ctx),
                        self.fresh(),
                        self.fresh(),
                        self.fresh(),
                    );
                    let _ = writeln!(out, "let {items} = vec![{a}.clone(), {b}.clone()];");
                    let mut inner = self.closure_frame(ctx);
                    inner.loops += 1;
                    inner.scope.push(Var {
                        name: x.clone(),
                        reassignable: false,
                    });
                    let head = if self.rng.chance(50) {
                        self.concurrent = true;
                        format!("map({items}, |{x}| {{")
                    } else {
                        format!("Map::over({items}).max_concurrency(1).run(|{x}| {{")
                    };
                    let _ = writeln!(out, "let {l}: Vec<Rec> = {head}");
                    self.block(&mut inner, out, 0, 2);
                    let tail = self.tail_value(&inner);
                    let _ = writeln!(out, "{tail}\n}});");
                    let v = self.fresh();
                    let _ = writeln!(out, "let mut {v} = {l}[{}].clone();", self.rng.below(2));
                    Self::declare(ctx, &v);
                }
                // `let p = parallel!(…); let v = p.0.clone(); …`
                15 if !deep => {
                    self.concurrent = true;
                    let branches = 2 + self.rng.below(2);
                    let mut parts = Vec::new();
                    for _ in 0..branches {
                        if self.rng.chance(40) {
                            let (t, a) = (self.task(), self.arg(ctx));
                            parts.push(format!("{t}({a})"));
                        } else {
                            let inner = self.closure_frame(ctx);
                            parts.push(self.valued_block(&inner));
                        }
                    }
                    let p = self.fresh();
                    let _ = writeln!(out, "let {p} = parallel!({});", parts.join(",\n"));
                    for i in 0..branches {
                        if self.rng.chance(70) {
                            let v = self.fresh();
                            let _ = writeln!(out, "let mut {v} = {p}.{i}.clone();");
                            Self::declare(ctx, &v);
                        }
                    }
                }
                // `match t3r(a) { Ok(v) => …, Err(SevenError::SevenError) => …, Err(_) => … }`
                16 | 17 if !deep => {
                    let (a, ok) = (self.arg(ctx), self.fresh());
                    let _ = writeln!(out, "match t3r({a}) {{\nOk({ok}) => {{");
                    let mut inner = self.nested(ctx);
                    inner.scope.push(Var {
                        name: ok,
                        reassignable: false,
                    });
                    self.block(&mut inner, out, 0, 2);
                    out.push_str("}\n");
                    if self.rng.chance(50) {
                        out.push_str("Err(SevenError::SevenError) => {\n");
                        self.block(&mut self.nested(ctx), out, 0, 2);
                        out.push_str("}\n");
                    }
                    if self.fallible && !ctx.closure && self.rng.chance(30) {
                        out.push_str("Err(e) => return Err(e),\n}\n");
                    } else {
                        out.push_str("Err(_) => {\n");
                        self.block(&mut self.nested(ctx), out, 0, 2);
                        out.push_str("}\n}\n");
                    }
                }
                // `let v = match t3r(a) { Ok(v) => v, Err(…) => … };`
                18 if !deep => {
                    let (a, ok, v) = (self.arg(ctx), self.fresh(), self.fresh());
                    let _ = writeln!(out, "let mut {v} = match t3r({a}) {{\nOk({ok}) => {ok},");
                    if self.rng.chance(50) {
                        let b = self.valued_block(ctx);
                        let _ = writeln!(out, "Err(SevenError::SevenError) => {b}");
                    }
                    if self.fallible && !ctx.closure && self.rng.chance(30) {
                        out.push_str("Err(e) => return Err(e),\n};\n");
                    } else {
                        let b = self.valued_block(ctx);
                        let _ = writeln!(out, "Err(_) => {b}\n}};");
                    }
                    Self::declare(ctx, &v);
                }
                // `if let Ok(v) = t3r(a) { … } else { … }`
                19 if !deep => {
                    let (a, ok) = (self.arg(ctx), self.fresh());
                    let _ = writeln!(out, "if let Ok({ok}) = t3r({a}) {{");
                    let mut inner = self.nested(ctx);
                    inner.scope.push(Var {
                        name: ok,
                        reassignable: false,
                    });
                    self.block(&mut inner, out, 1, 2);
                    out.push_str("} else {\n");
                    self.block(&mut self.nested(ctx), out, 0, 2);
                    out.push_str("}\n");
                }
                // `let v = t3r(a)?;`
                20 if self.fallible && !ctx.closure => {
                    let (a, v) = (self.arg(ctx), self.fresh());
                    let _ = writeln!(out, "let mut {v} = t3r({a})?;");
                    Self::declare(ctx, &v);
                }
                // `if c { fail!(…) }`
                21 => {
                    let c = self.cond(ctx, 0);
                    if self.rng.chance(50) {
                        let _ = writeln!(out, "if {c} {{ fail!(\"Boom\", \"it went boom\"); }}");
                    } else {
                        let _ = writeln!(out, "if {c} {{ fail!(\"Bang\"); }}");
                    }
                }
                // `if c { return v; }`
                22 if !ctx.closure => {
                    let (c, v) = (self.cond(ctx, 0), self.var(ctx));
                    if self.fallible {
                        let _ = writeln!(out, "if {c} {{ return Ok({v}.clone()); }}");
                    } else {
                        let _ = writeln!(out, "if {c} {{ return {v}.clone(); }}");
                    }
                }
                23 if ctx.brk => {
                    let c = self.cond(ctx, 0);
                    let _ = writeln!(out, "if {c} {{ break; }}");
                }
                24 if ctx.cont => {
                    let c = self.cond(ctx, 0);
                    let _ = writeln!(out, "if {c} {{ continue; }}");
                }
                _ => continue,
            }
            return;
        }
    }

    fn workflow(&mut self, name: &str, out: &mut String) {
        self.next_var = 0;
        self.fallible = self.rng.chance(35);
        self.concurrent = false;
        let mut ctx = Ctx {
            scope: vec![Var {
                name: "v0".into(),
                reassignable: true,
            }],
            depth: 0,
            loops: 0,
            closure: false,
            brk: false,
            cont: false,
        };
        let ret = if self.fallible {
            "Result<Rec, SevenError>"
        } else {
            "Rec"
        };
        let _ = writeln!(out, "#[workflow]\npub fn {name}(mut v0: Rec) -> {ret} {{");
        self.block(&mut ctx, out, 1, 5);
        let v = self.var(&ctx);
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

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=ASL_DIFFTEST_N");
    println!("cargo:rerun-if-env-changed=ASL_DIFFTEST_SEED");
    let n: usize = std::env::var("ASL_DIFFTEST_N")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1000);
    let seed: u64 = std::env::var("ASL_DIFFTEST_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_d1ff);
    let mut g = Gen {
        rng: Rng(seed),
        next_var: 0,
        fallible: false,
        concurrent: false,
    };
    let mut out = String::new();
    let mut table = String::from("pub static WORKFLOWS: &[Generated] = &[\n");
    for i in 0..n {
        let name = format!("w{i:04}");
        let mut src = String::new();
        g.workflow(&name, &mut src);
        out.push_str(&src);
        out.push('\n');
        let run = if g.fallible { "Fallible" } else { "Plain" };
        let _ = writeln!(
            table,
            "Generated {{ name: \"{name}\", run: Run::{run}({name}), definition: {name}::definition, concurrent: {}, source: {src:?} }},",
            g.concurrent
        );
    }
    table.push_str("];\n");
    out.push_str(&table);
    let path = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("generated.rs");
    std::fs::write(path, out).unwrap();
}

//! The statements both families generate: task calls, `if`, `match`, loops, `map`,
//! `parallel!`, a fallible task's `Result` handled, `?`, `fail!`, `return`, `break`,
//! `continue` (the JSONata family's own are in `pure_statements`).

use std::fmt::Write as _;

use super::generator::{Ctx, Gen, Ty, MAX_DEPTH};
use super::pure_statements::PURE_KINDS;

impl Gen {
    pub fn stmt(&mut self, ctx: &mut Ctx, out: &mut String) {
        let deep = ctx.depth >= MAX_DEPTH;
        loop {
            let kind = self
                .rng
                .below(if self.jsonata() { 25 + PURE_KINDS } else { 25 });
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
                        .filter(|v| v.reassignable && v.ty == Ty::Payload)
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
                    if !a.starts_with(self.payload()) {
                        continue;
                    }
                    let _ = writeln!(out, "let mut {v} = {a};");
                    Self::declare(ctx, &v);
                }
                // A retried call.
                6 => {
                    let (a, v) = (self.arg(ctx), self.fresh());
                    let q = self.task_named("t3q");
                    let _ = writeln!(
                        out,
                        "#[retry(errors = [\"SevenError\"], max_attempts = 2, interval = 1s)]\nlet mut {v} = {q}({a});"
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
                    let x = self.scrutinee(ctx);
                    let pats = self.match_patterns();
                    if self.rng.chance(50) {
                        let _ = writeln!(out, "match {x} {{");
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
                        let _ = writeln!(out, "let mut {v} = match {x} {{");
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
                    let t = self.task();
                    let first = self.task_named("t0");
                    let k = self.rng.range(4, 14);
                    let _ = writeln!(
                        out,
                        "let mut {c} = {first}({a}.clone());\nloop {{\n{c} = {t}({c}.clone());"
                    );
                    let mut inner = self.nested(ctx);
                    inner.loops += 1;
                    inner.brk = true;
                    inner.cont = false; // would skip the exit test
                    Self::read_only(&mut inner, &c, Ty::Payload, 0.0);
                    self.block(&mut inner, out, 0, 2);
                    let _ = writeln!(out, "if {c}.n >= {k} {{ break; }}\n}}");
                    Self::declare(ctx, &c);
                }
                // `while w.n < k { w = t(w); … }`
                12 if !deep && ctx.loops < 2 => {
                    let (a, w) = (self.arg(ctx), self.fresh());
                    let t0 = self.task();
                    let t = self.task();
                    let k = self.rng.range(3, 14);
                    let _ = writeln!(
                        out,
                        "let mut {w} = {t0}({a});\nwhile {w}.n < {k} {{\n{w} = {t}({w}.clone());"
                    );
                    let mut inner = self.nested(ctx);
                    inner.loops += 1;
                    inner.brk = true;
                    inner.cont = true;
                    Self::read_only(&mut inner, &w, Ty::Payload, 0.0);
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
                    Self::read_only(&mut inner, &x, Ty::Payload, 0.0);
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
                    Self::read_only(&mut inner, &x, Ty::Payload, 0.0);
                    let head = if self.rng.chance(50) {
                        self.concurrent = true;
                        format!("map({items}, |{x}| {{")
                    } else {
                        format!("Map::over({items}).max_concurrency(1).run(|{x}| {{")
                    };
                    let _ = writeln!(out, "let {l}: Vec<{}> = {head}", self.payload());
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
                    let (a, ok, r) = (self.arg(ctx), self.fresh(), self.task_named("t3r"));
                    let _ = writeln!(out, "match {r}({a}) {{\nOk({ok}) => {{");
                    let mut inner = self.nested(ctx);
                    Self::read_only(&mut inner, &ok, Ty::Payload, 0.0);
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
                    let (a, ok, v, r) = (
                        self.arg(ctx),
                        self.fresh(),
                        self.fresh(),
                        self.task_named("t3r"),
                    );
                    let _ = writeln!(out, "let mut {v} = match {r}({a}) {{\nOk({ok}) => {ok},");
                    if self.rng.chance(50) {
                        let b = self.valued_block(&self.nested(ctx));
                        let _ = writeln!(out, "Err(SevenError::SevenError) => {b}");
                    }
                    if self.fallible && !ctx.closure && self.rng.chance(30) {
                        out.push_str("Err(e) => return Err(e),\n};\n");
                    } else {
                        let b = self.valued_block(&self.nested(ctx));
                        let _ = writeln!(out, "Err(_) => {b}\n}};");
                    }
                    Self::declare(ctx, &v);
                }
                // `if let Ok(v) = t3r(a) { … } else { … }`
                19 if !deep => {
                    let (a, ok, r) = (self.arg(ctx), self.fresh(), self.task_named("t3r"));
                    let _ = writeln!(out, "if let Ok({ok}) = {r}({a}) {{");
                    let mut inner = self.nested(ctx);
                    Self::read_only(&mut inner, &ok, Ty::Payload, 0.0);
                    self.block(&mut inner, out, 1, 2);
                    out.push_str("} else {\n");
                    self.block(&mut self.nested(ctx), out, 0, 2);
                    out.push_str("}\n");
                }
                // `let v = t3r(a)?;`
                20 if self.fallible && !ctx.closure => {
                    let (a, v, r) = (self.arg(ctx), self.fresh(), self.task_named("t3r"));
                    let _ = writeln!(out, "let mut {v} = {r}({a})?;");
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
                k if k >= 25 => {
                    if !self.pure_stmt(k - 25, ctx, out) {
                        continue;
                    }
                }
                _ => continue,
            }
            return;
        }
    }
}

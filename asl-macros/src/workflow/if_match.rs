//! `if` / `else if` / `else`, `if let` and `match` statements of a workflow body: `ir::StmtKind::If`
//! and `ir::StmtKind::Match`, with a branch per arm.

use quote::quote;
use syn::Expr;

use crate::attr::state::{expr_attrs, state_name};
use crate::workflow::body::{
    block_tokens, breaks, diverges, ir, name_first, BodyLowering, GenStmt, Sink,
};
use crate::workflow::catch::{is_result_match, is_result_pattern};
use crate::workflow::place::PlaceRef;

impl BodyLowering<'_> {
    pub(crate) fn if_stmt(&mut self, e: &syn::ExprIf, sink: Sink) -> GenStmt {
        let ir = ir();
        if let Expr::Let(lets) = &*e.cond {
            return self.if_let(e, lets, sink);
        }
        // JSONata: `let v = if c { a } else { b };` of plain values is computed, no Choice.
        if self.jsonata && sink != Sink::Discard && self.is_pure_if(e) {
            let expected = self.sink_shape(sink);
            if let Some(value) = self.if_value(e, expected) {
                return self.sink_value(sink, value);
            }
        }
        let cond = self.cond(&e.cond);
        let then = self.block(&e.then_branch, sink);
        let otherwise = self.else_branch(e.else_branch.as_ref().map(|(_, b)| &**b), sink);
        let diverges = diverges(&then) && diverges(&otherwise);
        let stops = breaks(&then) || breaks(&otherwise);
        let then = block_tokens(&then);
        let otherwise = block_tokens(&otherwise);
        GenStmt {
            kind: quote!(#ir::StmtKind::If { cond: #cond, then: #then, otherwise: #otherwise }),
            name: None,
            diverges,
            breaks: stops,
        }
    }

    fn else_branch(&mut self, branch: Option<&Expr>, sink: Sink) -> Vec<GenStmt> {
        let mut out = Vec::new();
        match branch {
            None => self.sink_unit(sink, &mut out),
            Some(Expr::Block(b)) => out = self.block(&b.block, sink),
            Some(Expr::If(nested)) => {
                let start = out.len();
                let name = state_name(&nested.attrs, self.errors);
                let stmt = self.if_stmt(nested, sink);
                out.push(stmt);
                name_first(&mut out, start, name);
            }
            Some(other) => self.expr_stmt(other, sink, &mut out),
        }
        out
    }

    /// `if let P = x { A } else { B }`: a `Match` with the arms `P => A` and `_ => B`.
    fn if_let(&mut self, e: &syn::ExprIf, lets: &syn::ExprLet, sink: Sink) -> GenStmt {
        let ir = ir();
        if is_result_pattern(&lets.pat) {
            return self.try_if_let(e, lets, sink);
        }
        let Some(scrutinee) = self.scrutinee(&lets.expr) else {
            return GenStmt::plain(
                quote!(#ir::StmtKind::Eval(#ir::Expr::Literal(::asl::__private::serde_json::Value::Null))),
            );
        };
        self.push_scope();
        let (pattern, mut body) = self.arm_pattern(&lets.pat, &scrutinee);
        let then = self.block(&e.then_branch, sink);
        body.extend(then);
        self.pop_scope();
        let otherwise = self.else_branch(e.else_branch.as_ref().map(|(_, b)| &**b), sink);
        let diverges = diverges(&body) && diverges(&otherwise);
        let stops = breaks(&body) || breaks(&otherwise);
        let place = scrutinee.to_tokens();
        let body = block_tokens(&body);
        let otherwise = block_tokens(&otherwise);
        GenStmt {
            kind: quote! {
                #ir::StmtKind::Match {
                    scrutinee: #place,
                    arms: ::std::vec![
                        #ir::Arm { pattern: #pattern, body: #body },
                        #ir::Arm { pattern: #ir::Pattern::Wildcard, body: #otherwise },
                    ],
                }
            },
            name: None,
            diverges,
            breaks: stops,
        }
    }

    /// A `match` statement (or value): pushed to `out`, after the assignment of a computed
    /// scrutinee to a variable of its own (JSONata).
    pub(crate) fn match_stmt(&mut self, e: &syn::ExprMatch, sink: Sink, out: &mut Vec<GenStmt>) {
        if self.jsonata && !is_result_match(&e.arms) {
            if sink != Sink::Discard && self.is_pure_match(e) {
                let expected = self.sink_shape(sink);
                if let Some(value) = self.match_value(e, expected) {
                    let stmt = self.sink_value(sink, value);
                    out.push(stmt);
                    return;
                }
            }
            if self.place(&e.expr).is_none() {
                // `match s.trim() { … }`: the value goes to a variable, the match reads it.
                let var = self.new_var("scrutinee", None);
                let value = self.compute_operand(&e.expr);
                let stmt = self.sink_value(Sink::Assign(var), value);
                out.push(stmt);
                let place = PlaceRef {
                    var,
                    fields: Vec::new(),
                };
                let stmt = self.match_on(e, sink, Some(place));
                out.push(stmt);
                return;
            }
        }
        let stmt = self.match_on_scrutinee(e, sink);
        out.push(stmt);
    }

    fn match_on_scrutinee(&mut self, e: &syn::ExprMatch, sink: Sink) -> GenStmt {
        if is_result_match(&e.arms) {
            return self.try_match(e, sink);
        }
        let scrutinee = self.scrutinee(&e.expr);
        self.match_on(e, sink, scrutinee)
    }

    fn match_on(&mut self, e: &syn::ExprMatch, sink: Sink, scrutinee: Option<PlaceRef>) -> GenStmt {
        let ir = ir();
        let mut arms = Vec::new();
        let mut all_diverge = !e.arms.is_empty();
        let mut any_breaks = false;
        for arm in &e.arms {
            self.reject_guard(arm);
            self.push_scope();
            let (pattern, mut body) = match &scrutinee {
                Some(scrutinee) => self.arm_pattern(&arm.pat, scrutinee),
                None => {
                    self.bind_unknown(&arm.pat);
                    (quote!(#ir::Pattern::Wildcard), Vec::new())
                }
            };
            // `#[state(name = "…")] P => …`: the arm's first state.
            let start = body.len();
            let arm_name = state_name(&arm.attrs, self.errors);
            self.arm_call_retry(&arm.attrs, &arm.body);
            match &*arm.body {
                Expr::Block(b) if b.label.is_none() && expr_attrs(&arm.body).is_empty() => {
                    self.stmts(&b.block.stmts, sink, &mut body)
                }
                other => self.expr_stmt(other, sink, &mut body),
            }
            if body.get(start).is_some_and(|s| s.name.is_none()) {
                name_first(&mut body, start, arm_name);
            }
            self.pop_scope();
            all_diverge &= diverges(&body);
            any_breaks |= breaks(&body);
            let body = block_tokens(&body);
            arms.push(quote!(#ir::Arm { pattern: #pattern, body: #body }));
        }
        let Some(scrutinee) = scrutinee else {
            return GenStmt::plain(
                quote!(#ir::StmtKind::Eval(#ir::Expr::Literal(::asl::__private::serde_json::Value::Null))),
            );
        };
        let place = scrutinee.to_tokens();
        GenStmt {
            kind: quote!(#ir::StmtKind::Match { scrutinee: #place, arms: ::std::vec![#(#arms),*] }),
            name: None,
            diverges: all_diverge,
            breaks: any_breaks,
        }
    }

    /// Match arm guards have no ASL form.
    pub(crate) fn reject_guard(&mut self, arm: &syn::Arm) {
        if let Some((if_token, guard)) = &arm.guard {
            self.errors.spanned(
                quote!(#if_token #guard),
                "match arm guards are not supported in a workflow: move the condition into the arm body \
                 (`P => if cond { … } else { … }`)",
            );
        }
    }
}

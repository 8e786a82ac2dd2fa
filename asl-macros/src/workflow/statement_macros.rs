//! Macros as workflow statements: `fail!`, `parallel!` (a `Parallel` state, one branch per
//! closure), `pass!` (a `Pass` state), `format!` / `vec!` values, and their argument lists.

use quote::quote;
use syn::Expr;

use crate::workflow::body::{block_tokens, breaks, ir, name_first, BodyLowering, GenStmt, Sink};

impl BodyLowering<'_> {
    /// A macro in statement or value position: `fail!(…)`, or an error.
    pub(crate) fn macro_stmt(&mut self, mac: &syn::Macro, sink: Sink, out: &mut Vec<GenStmt>) {
        if mac.path.segments.last().is_some_and(|s| s.ident == "fail") {
            let stmt = self.fail_stmt(mac);
            out.push(stmt);
        } else if mac
            .path
            .segments
            .last()
            .is_some_and(|s| s.ident == "parallel")
        {
            self.parallel(mac, sink, out);
        } else if mac.path.segments.last().is_some_and(|s| s.ident == "pass") {
            self.pass_state(mac, sink, out);
        } else if let Some(value) = self.data_macro(mac) {
            // `format!(…)`, `vec![…]`: intrinsic values.
            let stmt = self.sink_value(sink, value);
            out.push(stmt);
        } else {
            self.unsupported_macro(mac);
            let _ = sink;
        }
    }

    /// The comma-separated expressions of a macro call (`parallel!(a, b)`), or `None` after
    /// reporting why they do not parse.
    pub(crate) fn macro_args(
        &mut self,
        mac: &syn::Macro,
    ) -> Option<syn::punctuated::Punctuated<Expr, syn::Token![,]>> {
        match mac
            .parse_body_with(syn::punctuated::Punctuated::<Expr, syn::Token![,]>::parse_terminated)
        {
            Ok(args) => Some(args),
            Err(e) => {
                self.errors.push(e);
                None
            }
        }
    }

    /// `pass!("Name")`: a named state that does nothing (a `Pass`); `pass!("Name", value)`:
    /// the value, produced by a state with that name.
    fn pass_state(&mut self, mac: &syn::Macro, sink: Sink, out: &mut Vec<GenStmt>) {
        let ir = ir();
        let Some(args) = self.macro_args(mac) else {
            return;
        };
        let mut args = args.into_iter();
        let name = match args.next() {
            Some(Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            })) => s.value(),
            Some(other) => {
                self.errors.spanned(other, "the first argument of `pass!` is the state's name, a string literal: `pass!(\"Introduction\")`");
                return;
            }
            None => {
                self.errors.spanned(mac, "`pass!` needs the state's name: `pass!(\"Introduction\")` or `pass!(\"Answer\", value)`");
                return;
            }
        };
        let start = out.len();
        match args.next() {
            // A value computed by a state (a literal's Pass, a task): that state is named.
            Some(value) if self.place(&value).is_none() => self.expr_stmt(&value, sink, out),
            // A place costs no state of its own: a named no-op Pass comes first (the value
            // then folds into it).
            value => {
                out.push(GenStmt::plain(quote!(#ir::StmtKind::Eval(#ir::Expr::Literal(::asl::__private::serde_json::Value::Null)))));
                match value {
                    Some(value) => {
                        name_first(out, start, Some(name.clone()));
                        self.expr_stmt(&value, sink, out);
                    }
                    None => self.sink_unit(sink, out),
                }
            }
        }
        name_first(out, start, Some(name));
        if let Some(extra) = args.next() {
            self.errors
                .spanned(extra, "`pass!` takes a state name and at most one value");
        }
    }

    /// `parallel!(a, { …; b })`: an `Expr::Parallel` with one block per branch, each ending
    /// in `Return(value)`. A branch reads the variables in scope; its own are new.
    fn parallel(&mut self, mac: &syn::Macro, sink: Sink, out: &mut Vec<GenStmt>) {
        let ir = ir();
        let Some(branches) = self.macro_args(mac) else {
            return;
        };
        if branches.is_empty() {
            self.errors.spanned(
                mac,
                "`parallel!` needs at least one branch: `parallel!(a(x), b(x))`",
            );
            return;
        }
        let was_in_branch = std::mem::replace(&mut self.in_branch, true);
        let mut blocks = Vec::new();
        for branch in &branches {
            let floor = std::mem::replace(&mut self.branch_floor, self.vars.len());
            self.push_scope();
            let mut body = Vec::new();
            match branch {
                Expr::Block(b) if b.label.is_none() && b.attrs.is_empty() => {
                    self.stmts(&b.block.stmts, Sink::Return, &mut body)
                }
                other => self.expr_stmt(other, Sink::Return, &mut body),
            }
            self.pop_scope();
            self.branch_floor = floor;
            if breaks(&body) {
                self.errors.spanned(
                    branch,
                    "`break` inside a `parallel!` branch is not supported",
                );
            }
            blocks.push(block_tokens(&body));
        }
        self.in_branch = was_in_branch;
        let value = quote!(#ir::Expr::Parallel(::std::vec![#(#blocks),*]));
        let stmt = self.sink_value(sink, value);
        out.push(stmt);
    }
}

//! Translates the statements of a `#[workflow]` body into code that builds `ir::Block`s.
//!
//! This is syntax-directed and thin: every supported statement becomes the IR node that
//! means the same, variables get `VarId`s (shadowing resolved here), and everything else is
//! an error spanned on the user's token. No ASL decisions are made here.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::{Block, Expr, Local, Pat, Stmt};

use crate::derive_payload::type_shape;
use crate::errors::Errors;
use crate::module_path::type_one_module_deeper;
use crate::state_attr::{expr_attrs, state_name, statement_attrs};
use crate::workflow_catch::{is_result_match, is_result_pattern, is_result_value, TypedErrors};
use crate::workflow_intrinsic::is_data_call;

/// `::asl::__private::ir`.
pub(crate) fn ir() -> TokenStream {
    quote!(::asl::__private::ir)
}

/// A variable of the workflow: its unique IR name and, when the macro knows its type, an
/// expression computing its `Shape` (else the lowering infers it: `Shape::Any`).
pub(crate) struct VarDecl {
    pub(crate) name: String,
    pub(crate) shape: Option<TokenStream>,
}

/// One generated `ir::Stmt`, with what the translation needs to know about its control flow.
pub(crate) struct GenStmt {
    /// An `ir::StmtKind` expression.
    pub(crate) kind: TokenStream,
    pub(crate) name: Option<String>,
    /// Control never reaches the next statement (return, fail, break, continue, endless loop).
    pub(crate) diverges: bool,
    /// Contains a `break` of the innermost enclosing loop.
    pub(crate) breaks: bool,
}

impl GenStmt {
    pub(crate) fn plain(kind: TokenStream) -> GenStmt {
        GenStmt {
            kind,
            name: None,
            diverges: false,
            breaks: false,
        }
    }

    pub(crate) fn diverging(kind: TokenStream) -> GenStmt {
        GenStmt {
            kind,
            name: None,
            diverges: true,
            breaks: false,
        }
    }

    fn to_tokens(&self) -> TokenStream {
        let ir = ir();
        let kind = &self.kind;
        let name = match &self.name {
            Some(name) => quote!(::std::option::Option::Some(::std::string::String::from(#name))),
            None => quote!(::std::option::Option::None),
        };
        quote!(#ir::Stmt { kind: #kind, name: #name })
    }
}

/// An `ir::Block` expression.
pub(crate) fn block_tokens(stmts: &[GenStmt]) -> TokenStream {
    let stmts = stmts.iter().map(GenStmt::to_tokens);
    quote!(::std::vec![#(#stmts),*])
}

pub(crate) fn diverges(stmts: &[GenStmt]) -> bool {
    stmts.iter().any(|s| s.diverges)
}

pub(crate) fn breaks(stmts: &[GenStmt]) -> bool {
    stmts.iter().any(|s| s.breaks)
}

/// Where the value of a block or expression goes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sink {
    /// The workflow's result: `Return(value)`.
    Return,
    /// A variable: `Assign { var, value }` (`let x = if … { a } else { b };`).
    Assign(usize),
    /// Nowhere: the expression runs for its effect (`Eval`).
    Discard,
}

pub(crate) struct BodyLowering<'e> {
    pub(crate) errors: &'e mut Errors,
    /// The workflow fn's name: calling it is recursion.
    pub(crate) workflow_fn: syn::Ident,
    pub(crate) vars: Vec<VarDecl>,
    scopes: Vec<Vec<(String, usize)>>,
    next_temp: usize,
    /// Inside a `parallel!` branch or a map closure: `Sink::Return` is the branch's value.
    pub(crate) in_branch: bool,
    /// Inside a `map` closure: outer variables are read-only and `return` is not allowed.
    pub(crate) in_map_closure: bool,
    /// Inside a `parallel!` branch, the first variable the branch declared: those before
    /// it are outer variables, which the branch can read but not assign (it runs on a copy).
    pub(crate) branch_floor: usize,
    pub(crate) typed_errors: TypedErrors,
}

impl<'e> BodyLowering<'e> {
    pub(crate) fn new(errors: &'e mut Errors, workflow_fn: syn::Ident) -> BodyLowering<'e> {
        BodyLowering {
            errors,
            workflow_fn,
            vars: Vec::new(),
            scopes: vec![Vec::new()],
            next_temp: 0,
            in_branch: false,
            in_map_closure: false,
            branch_floor: 0,
            typed_errors: TypedErrors::default(),
        }
    }

    /// A fresh identifier for generated code.
    pub(crate) fn temp(&mut self, what: &str) -> syn::Ident {
        self.next_temp += 1;
        format_ident!("__{}_{}", what, self.next_temp)
    }

    /// A new variable named after `rust_name`, unique in the workflow (`x`, `x_2`, …).
    /// It is not in scope until `bind` is called.
    pub(crate) fn new_var(&mut self, rust_name: &str, shape: Option<TokenStream>) -> usize {
        let base = rust_name.trim_start_matches("r#");
        let taken = |name: &str, vars: &[VarDecl]| vars.iter().any(|v| v.name == name);
        let mut name = base.to_string();
        let mut n = 2;
        while taken(&name, &self.vars) {
            name = format!("{base}_{n}");
            n += 1;
        }
        self.vars.push(VarDecl { name, shape });
        self.vars.len() - 1
    }

    pub(crate) fn bind(&mut self, rust_name: &str, var: usize) {
        let name = rust_name.trim_start_matches("r#").to_string();
        self.scopes
            .last_mut()
            .expect("a scope is open")
            .push((name, var));
    }

    pub(crate) fn lookup(&self, rust_name: &str) -> Option<usize> {
        let name = rust_name.trim_start_matches("r#");
        self.scopes
            .iter()
            .rev()
            .find_map(|scope| scope.iter().rev().find(|(n, _)| n == name).map(|(_, v)| *v))
    }

    /// Binds the names of a pattern that was reported as unsupported, so their uses do not
    /// add errors of their own.
    pub(crate) fn bind_unknown(&mut self, pat: &Pat) {
        for name in pattern_names(pat) {
            let var = self.new_var(&name, None);
            self.bind(&name, var);
        }
    }

    pub(crate) fn push_scope(&mut self) {
        self.scopes.push(Vec::new());
    }

    pub(crate) fn pop_scope(&mut self) {
        self.scopes.pop();
    }

    /// `__vars[i].shape.clone()` when the variable's shape is known.
    pub(crate) fn var_shape(&self, var: usize) -> Option<TokenStream> {
        self.vars[var].shape.as_ref().map(|_| {
            let i = var;
            quote!(__vars[#i].shape.clone())
        })
    }

    pub(crate) fn var_id(var: usize) -> TokenStream {
        let ir = ir();
        let id = var as u32;
        quote!(#ir::VarId(#id))
    }

    /// The shape the value sent to `sink` must have, when known.
    fn sink_shape(&self, sink: Sink) -> Option<TokenStream> {
        match sink {
            Sink::Return if self.in_branch => None,
            Sink::Return => Some(quote!(__output.clone())),
            Sink::Assign(var) => self.var_shape(var),
            Sink::Discard => None,
        }
    }

    /// The statement that sends `value` (an `ir::Expr` expression) to `sink`.
    fn sink_value(&mut self, sink: Sink, value: TokenStream) -> GenStmt {
        let ir = ir();
        match sink {
            Sink::Return => GenStmt::diverging(quote!(#ir::StmtKind::Return(#value))),
            Sink::Assign(var) => {
                let id = Self::var_id(var);
                GenStmt::plain(quote!(#ir::StmtKind::Assign { var: #id, value: #value }))
            }
            Sink::Discard => GenStmt::plain(quote!(#ir::StmtKind::Eval(#value))),
        }
    }

    fn null() -> TokenStream {
        let ir = ir();
        quote!(#ir::Expr::Literal(::asl::__private::serde_json::Value::Null))
    }

    /// After a unit-valued statement in value position: the unit value goes to the sink.
    fn sink_unit(&mut self, sink: Sink, out: &mut Vec<GenStmt>) {
        if sink != Sink::Discard && !diverges(out) {
            let null = Self::null();
            let stmt = self.sink_value(sink, null);
            out.push(stmt);
        }
    }

    /// The fn body: its value is the workflow's result.
    pub(crate) fn fn_body(&mut self, block: &Block) -> Vec<GenStmt> {
        let mut out = Vec::new();
        self.stmts(&block.stmts, Sink::Return, &mut out);
        out
    }

    /// A `{ … }` block in its own scope.
    pub(crate) fn block(&mut self, block: &Block, sink: Sink) -> Vec<GenStmt> {
        self.push_scope();
        let mut out = Vec::new();
        self.stmts(&block.stmts, sink, &mut out);
        self.pop_scope();
        out
    }

    /// Statements in the current scope; the last one, if an expression without `;`, is the value.
    pub(crate) fn stmts(&mut self, stmts: &[Stmt], sink: Sink, out: &mut Vec<GenStmt>) {
        let mut has_tail = false;
        for (i, stmt) in stmts.iter().enumerate() {
            let last = i + 1 == stmts.len();
            match stmt {
                Stmt::Local(local) => self.local(local, out),
                Stmt::Item(item) => self.errors.spanned(
                    crate::fn_item::item_head(&quote::ToTokens::to_token_stream(item)),
                    "items (fn, struct, use, const, …) cannot be declared inside a workflow body: \
                     move them out of the #[workflow] fn",
                ),
                Stmt::Expr(expr, semi) => {
                    if last && semi.is_none() {
                        has_tail = true;
                        self.expr_stmt(expr, sink, out);
                    } else {
                        self.expr_stmt(expr, Sink::Discard, out);
                    }
                }
                Stmt::Macro(mac) => {
                    self.call_retry(&mac.attrs, None);
                    let start = out.len();
                    let name = state_name(&mac.attrs, self.errors);
                    if last && mac.semi_token.is_none() {
                        has_tail = true;
                        self.macro_stmt(&mac.mac, sink, out);
                    } else {
                        self.macro_stmt(&mac.mac, Sink::Discard, out);
                    }
                    name_first(out, start, name);
                }
            }
        }
        if !has_tail {
            self.sink_unit(sink, out);
        }
    }

    fn local(&mut self, local: &Local, out: &mut Vec<GenStmt>) {
        let start = out.len();
        let name = state_name(&local.attrs, self.errors);
        let Some(init) = &local.init else {
            self.errors.spanned(
                local,
                "declare a workflow variable with its value: `let x = …;` (a `let` without a value is not supported)",
            );
            self.bind_unknown(&local.pat);
            return;
        };
        if let Some((else_token, _)) = &init.diverge {
            self.errors.spanned(
                else_token,
                "`let … else` is not supported in a workflow: use `match` with an arm that ends in `fail!(…)` or `return`",
            );
        }
        let (pat, annotation) = match &local.pat {
            Pat::Type(typed) => (&*typed.pat, Some(&*typed.ty)),
            other => (other, None),
        };
        let ident = match pat {
            Pat::Ident(ident) if ident.by_ref.is_none() && ident.subpat.is_none() => {
                ident.ident.clone()
            }
            Pat::Wild(_) => {
                // `let _ = task(x);`: the value is not kept.
                self.expr_stmt(&init.expr, Sink::Discard, out);
                name_first(out, start, name);
                return;
            }
            other => {
                self.errors.spanned(
                    other,
                    "destructuring `let` is not supported in a workflow: bind the whole value \
                     (`let x = …;`) and use its fields (`x.a`)",
                );
                self.bind_unknown(other);
                return;
            }
        };
        let shape = match annotation {
            Some(ty) => Some(type_shape(&type_one_module_deeper(ty))),
            None => self.task_output_shape(&init.expr),
        };
        let var = self.new_var(&ident.to_string(), shape);
        self.call_retry(&local.attrs, Some(&init.expr));
        self.expr_stmt(&init.expr, Sink::Assign(var), out);
        self.typed_errors.call_retry = None;
        self.bind(&ident.to_string(), var);
        name_first(out, start, name);
    }

    /// `f::task().output` when `expr` is a task call.
    fn task_output_shape(&mut self, expr: &Expr) -> Option<TokenStream> {
        match expr {
            Expr::Paren(e) => self.task_output_shape(&e.expr),
            Expr::Group(e) => self.task_output_shape(&e.expr),
            // `task(x)?` and `match task(x) { Ok(v) => v, Err(_) => … }`: the task's output.
            Expr::Try(e) => self.task_output_shape(&e.expr),
            Expr::Match(e) if is_result_match(&e.arms) => self.task_output_shape(&e.expr),
            // `let id = uuid();`, `let rs = map(…);`: no task, no task output.
            Expr::Call(call) if is_data_call(call) => None,
            Expr::Call(call) => {
                let spec = self.task_spec(call)?;
                Some(quote!(#spec.output))
            }
            _ => None,
        }
    }

    /// An expression in statement position (`sink` = `Discard`) or in value position.
    pub(crate) fn expr_stmt(&mut self, expr: &Expr, sink: Sink, out: &mut Vec<GenStmt>) {
        let start = out.len();
        let name = state_name(statement_attrs(expr), self.errors);
        self.call_retry(statement_attrs(expr), Some(expr));
        self.expr_stmt_inner(expr, sink, out);
        self.typed_errors.call_retry = None;
        name_first(out, start, name);
    }

    fn expr_stmt_inner(&mut self, expr: &Expr, sink: Sink, out: &mut Vec<GenStmt>) {
        let ir = ir();
        match expr {
            Expr::Paren(e) => self.expr_stmt(&e.expr, sink, out),
            Expr::Group(e) => self.expr_stmt(&e.expr, sink, out),
            Expr::If(e) => {
                let stmt = self.if_stmt(e, sink);
                out.push(stmt);
            }
            Expr::Match(e) => {
                let stmt = self.match_stmt(e, sink);
                out.push(stmt);
            }
            Expr::Block(e) => {
                if let Some(label) = &e.label {
                    self.label_error(label.name.span());
                }
                let stmts = self.block(&e.block, sink);
                out.extend(stmts);
            }
            Expr::Macro(e) => self.macro_stmt(&e.mac, sink, out),
            Expr::Loop(e) => {
                if let Some(label) = &e.label {
                    self.label_error(label.name.span());
                }
                let body = self.block(&e.body, Sink::Discard);
                let stops = breaks(&body);
                let body = block_tokens(&body);
                out.push(GenStmt {
                    kind: quote!(#ir::StmtKind::Loop { body: #body }),
                    name: None,
                    diverges: !stops,
                    breaks: false,
                });
                self.sink_unit(sink, out);
            }
            Expr::While(e) => {
                if let Some(label) = &e.label {
                    self.label_error(label.name.span());
                }
                let cond = if let Expr::Let(lets) = &*e.cond {
                    self.errors.spanned(
                        lets.let_token,
                        "`while let` is not supported in a workflow: write `loop { match x { P => …, _ => break } }`",
                    );
                    quote!(#ir::Cond::Literal(false))
                } else {
                    self.cond(&e.cond)
                };
                let body = self.block(&e.body, Sink::Discard);
                let body = block_tokens(&body);
                out.push(GenStmt::plain(quote! {
                    #ir::StmtKind::Loop {
                        body: {
                            let mut body: #ir::Block = ::std::vec![#ir::Stmt::from(#ir::StmtKind::If {
                                cond: #ir::Cond::Not(::std::boxed::Box::new(#cond)),
                                then: ::std::vec![#ir::Stmt::from(#ir::StmtKind::Break)],
                                otherwise: ::std::vec![],
                            })];
                            body.extend(#body);
                            body
                        },
                    }
                }));
                self.sink_unit(sink, out);
            }
            Expr::ForLoop(e) => {
                self.for_loop(e, out);
                self.sink_unit(sink, out);
            }
            Expr::Break(e) => {
                if let Some(label) = &e.label {
                    self.label_error(label.span());
                }
                if let Some(value) = &e.expr {
                    self.errors.spanned(
                        value,
                        "`break` with a value is not supported in a workflow: assign the value to a variable \
                         declared before the loop, then `break`",
                    );
                }
                out.push(GenStmt {
                    kind: quote!(#ir::StmtKind::Break),
                    name: None,
                    diverges: true,
                    breaks: true,
                });
            }
            Expr::Continue(e) => {
                if let Some(label) = &e.label {
                    self.label_error(label.span());
                }
                out.push(GenStmt::diverging(quote!(#ir::StmtKind::Continue)));
            }
            Expr::Return(e) if self.in_map_closure => {
                self.errors.spanned(
                    e.return_token,
                    "`return` inside a map closure is not supported: the item's result is the closure's last expression",
                );
            }
            Expr::Return(e) if self.in_branch => {
                self.errors.spanned(
                    e.return_token,
                    "`return` inside a `parallel!` branch is not supported: a branch's value is its last expression",
                );
            }
            Expr::Return(e) => match &e.expr {
                Some(value) => self.expr_stmt(value, Sink::Return, out),
                None => {
                    let null = Self::null();
                    out.push(GenStmt::diverging(quote!(#ir::StmtKind::Return(#null))));
                }
            },
            Expr::Assign(e) => {
                self.assign(e, out);
                self.sink_unit(sink, out);
            }
            Expr::Binary(e)
                if matches!(e.op, syn::BinOp::AddAssign(_) | syn::BinOp::SubAssign(_)) =>
            {
                // `x += n` is `x = x + n` (`States.MathAdd`).
                let (left, right) = (&e.left, &e.right);
                let sum: Expr = match e.op {
                    syn::BinOp::AddAssign(_) => syn::parse_quote!(#left + #right),
                    _ => syn::parse_quote!(#left - #right),
                };
                let assign: syn::ExprAssign = syn::parse_quote!(#left = #sum);
                self.assign(&assign, out);
                self.sink_unit(sink, out);
            }
            Expr::Binary(e) if is_compound_assignment(&e.op) => {
                self.errors.spanned(
                    e,
                    "only `+=` and `-=` on integers are supported in a workflow (`States.MathAdd`): \
                     compute other arithmetic in a #[task] fn and assign its result",
                );
            }
            Expr::Call(call) if is_result_value(call) => self.result_value(call, sink, out),
            Expr::Call(call) if self.is_sleep_call(call).is_some() => {
                let stmt = self.sleep_stmt(call);
                out.push(stmt);
                self.sink_unit(sink, out);
            }
            Expr::Tuple(t) if t.elems.is_empty() => self.sink_unit(sink, out),
            _ => {
                let expected = self.sink_shape(sink);
                let value = self.value(expr, expected);
                let stmt = self.sink_value(sink, value);
                out.push(stmt);
            }
        }
    }

    fn label_error(&mut self, span: proc_macro2::Span) {
        self.errors.at(
            span,
            "labels are not supported in a workflow yet: use a variable as a flag and `break` \
             out of each loop",
        );
    }

    /// `x = e;` and `x.a.b = e;`.
    fn assign(&mut self, e: &syn::ExprAssign, out: &mut Vec<GenStmt>) {
        let ir = ir();
        let Some(place) = self.place(&e.left) else {
            self.errors.spanned(
                &e.left,
                "assign to a workflow variable or a field of one: `x = …;` or `x.a = …;`",
            );
            return;
        };
        if self.in_map_closure && place.var < self.branch_floor {
            self.errors.spanned(
                &e.left,
                "a map closure cannot assign a variable declared outside it (each item is processed on its own copy): \
                 make the value the closure's result and read it from the map's list",
            );
            return;
        }
        if self.in_branch && place.var < self.branch_floor {
            self.errors.spanned(
                &e.left,
                "a `parallel!` branch cannot assign a variable declared outside it (each branch works on a copy): \
                 make the value the branch's result and read it from the tuple",
            );
            return;
        }
        if place.fields.is_empty() {
            self.expr_stmt(&e.right, Sink::Assign(place.var), out);
        } else {
            let expected = self.place_shape(&place);
            let value = self.value(&e.right, expected);
            let place = place.to_tokens();
            out.push(GenStmt::plain(
                quote!(#ir::StmtKind::AssignField { place: #place, value: #value }),
            ));
        }
    }

    fn if_stmt(&mut self, e: &syn::ExprIf, sink: Sink) -> GenStmt {
        let ir = ir();
        if let Expr::Let(lets) = &*e.cond {
            return self.if_let(e, lets, sink);
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

    fn match_stmt(&mut self, e: &syn::ExprMatch, sink: Sink) -> GenStmt {
        let ir = ir();
        if is_result_match(&e.arms) {
            return self.try_match(e, sink);
        }
        let scrutinee = self.scrutinee(&e.expr);
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

    /// A macro in statement or value position: `fail!(…)`, or an error.
    fn macro_stmt(&mut self, mac: &syn::Macro, sink: Sink, out: &mut Vec<GenStmt>) {
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
}

impl BodyLowering<'_> {
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

/// The names a pattern binds.
fn pattern_names(pat: &Pat) -> Vec<String> {
    struct Names(Vec<String>);
    impl<'ast> syn::visit::Visit<'ast> for Names {
        fn visit_pat_ident(&mut self, ident: &'ast syn::PatIdent) {
            self.0.push(ident.ident.to_string());
            syn::visit::visit_pat_ident(self, ident);
        }
    }
    let mut names = Names(Vec::new());
    syn::visit::Visit::visit_pat(&mut names, pat);
    names.0
}

/// Gives the first statement generated since `start` the user's `#[state(name = "…")]`.
pub(crate) fn name_first(out: &mut [GenStmt], start: usize, name: Option<String>) {
    if let (Some(name), Some(stmt)) = (name, out.get_mut(start)) {
        stmt.name = Some(name);
    }
}

fn is_compound_assignment(op: &syn::BinOp) -> bool {
    use syn::BinOp::*;
    matches!(
        op,
        AddAssign(_)
            | SubAssign(_)
            | MulAssign(_)
            | DivAssign(_)
            | RemAssign(_)
            | BitXorAssign(_)
            | BitAndAssign(_)
            | BitOrAssign(_)
            | ShlAssign(_)
            | ShrAssign(_)
    )
}

//! The statements of a `#[workflow]` body (`let`, assignments, expression statements,
//! `loop`/`while`, `break`/`continue`, `return`), each translated to the `ir::Stmt`s that mean the same.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Block, Expr, Local, Pat, Stmt};

use crate::attr::state::{state_name, statement_attrs};
use crate::module_path::type_one_module_deeper;
use crate::type_shape::type_shape;
use crate::workflow::body::{block_tokens, breaks, ir, name_first, BodyLowering, GenStmt, Sink};
use crate::workflow::catch::{is_result_match, is_result_value};
use crate::workflow::intrinsic::is_data_call;

impl BodyLowering<'_> {
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
            Pat::Tuple(tuple) => {
                self.let_tuple(local, tuple, annotation, out);
                return;
            }
            other => {
                self.errors.spanned(
                    other,
                    "destructuring `let` is not supported in a workflow except for tuples \
                     (`let (a, b) = …;`): bind the whole value (`let x = …;`) and use its fields (`x.a`)",
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
    pub(crate) fn task_output_shape(&mut self, expr: &Expr) -> Option<TokenStream> {
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
            Expr::Match(e) => self.match_stmt(e, sink, out),
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
                if matches!(e.op, syn::BinOp::AddAssign(_) | syn::BinOp::SubAssign(_))
                    || (self.jsonata
                        && matches!(
                            e.op,
                            syn::BinOp::MulAssign(_)
                                | syn::BinOp::DivAssign(_)
                                | syn::BinOp::RemAssign(_)
                        )) =>
            {
                // `x += n` is `x = x + n` (`States.MathAdd`, or computed in JSONata).
                let (left, right) = (&e.left, &e.right);
                let sum: Expr = match e.op {
                    syn::BinOp::AddAssign(_) => syn::parse_quote!(#left + #right),
                    syn::BinOp::MulAssign(_) => syn::parse_quote!(#left * #right),
                    syn::BinOp::DivAssign(_) => syn::parse_quote!(#left / #right),
                    syn::BinOp::RemAssign(_) => syn::parse_quote!(#left % #right),
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

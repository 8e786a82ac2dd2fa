//! The lowering of a `#[workflow]` body into code that builds `ir::Block`s: `BodyLowering`
//! (variables, scopes, where a statement's value goes) and the generated statements (`GenStmt`).
//!
//! This is syntax-directed and thin: every supported statement becomes the IR node that
//! means the same, variables get `VarId`s (shadowing resolved here), and everything else is
//! an error spanned on the user's token. No ASL decisions are made here.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::Pat;

use crate::errors::Errors;
use crate::workflow::catch::TypedErrors;

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

/// Statements built per generated fn in a long block.
const STMTS_PER_FN: usize = 8;

/// An `ir::Block` expression. A long block is built by many small `#[inline(never)]` fns of
/// `STMTS_PER_FN` statements each, not one expression: rustc and LLVM are superlinear in the
/// size of one function, so a 1,000-statement workflow built in one took a minute in release.
/// The parts see the workflow's `__vars` and `__output` as arguments (the only locals the
/// generated statements read); see `inline_block_tokens` for blocks inside expressions.
pub(crate) fn block_tokens(stmts: &[GenStmt]) -> TokenStream {
    if stmts.len() <= STMTS_PER_FN {
        return inline_block_tokens(stmts);
    }
    let ir = ir();
    let len = stmts.len();
    let parts = stmts.chunks(STMTS_PER_FN).map(|part| {
        let part = part.iter().map(GenStmt::to_tokens);
        quote! {{
            #[inline(never)]
            fn __asl_ir_part(
                __vars: &[#ir::VarInfo],
                __output: &#ir::Shape,
            ) -> ::std::vec::Vec<#ir::Stmt> {
                ::std::vec![#(#part),*]
            }
            __asl_ir_part(&__vars, &__output)
        }}
    });
    quote! {{
        let mut __block: #ir::Block = ::std::vec::Vec::with_capacity(#len);
        #(__block.extend(#parts);)*
        __block
    }}
}

/// An `ir::Block` expression built in place: for blocks inside an expression, whose
/// statements may read the expression's temporaries (a map's body).
pub(crate) fn inline_block_tokens(stmts: &[GenStmt]) -> TokenStream {
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
    /// `#[workflow(query_language = "JSONata")]`: pure Rust expressions become
    /// `ir::Expr::Compute`; in a JSONPath workflow they are errors that say to switch.
    pub(crate) jsonata: bool,
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
            jsonata: false,
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
    pub(crate) fn sink_shape(&self, sink: Sink) -> Option<TokenStream> {
        match sink {
            Sink::Return if self.in_branch => None,
            Sink::Return => Some(quote!(__output.clone())),
            Sink::Assign(var) => self.var_shape(var),
            Sink::Discard => None,
        }
    }

    /// The statement that sends `value` (an `ir::Expr` expression) to `sink`.
    pub(crate) fn sink_value(&mut self, sink: Sink, value: TokenStream) -> GenStmt {
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

    pub(crate) fn null() -> TokenStream {
        let ir = ir();
        quote!(#ir::Expr::Literal(::asl::__private::serde_json::Value::Null))
    }

    /// After a unit-valued statement in value position: the unit value goes to the sink.
    pub(crate) fn sink_unit(&mut self, sink: Sink, out: &mut Vec<GenStmt>) {
        if sink != Sink::Discard && !diverges(out) {
            let null = Self::null();
            let stmt = self.sink_value(sink, null);
            out.push(stmt);
        }
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

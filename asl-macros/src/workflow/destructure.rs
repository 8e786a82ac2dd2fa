//! `let (a, b) = value;` (also nested, with `_`): the value goes to a variable of its own,
//! then each name is assigned its position (`let a = tmp.0; let b = tmp.1;`), in both
//! query languages (`let (x, y) = parallel!(…)`).

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Local, Pat, PatTuple};

use crate::attr::state::state_name;
use crate::module_path::type_one_module_deeper;
use crate::type_shape::type_shape;
use crate::workflow::body::{ir, name_first, BodyLowering, GenStmt, Sink};
use crate::workflow::place::PlaceRef;

/// The names a tuple pattern binds, joined (`(quote, stock)` → `quote_stock`).
fn joined_names(tuple: &PatTuple) -> String {
    let mut names = Vec::new();
    for elem in &tuple.elems {
        match elem {
            Pat::Ident(ident) => {
                names.push(ident.ident.to_string().trim_start_matches('_').to_string())
            }
            Pat::Tuple(inner) => names.push(joined_names(inner)),
            _ => {}
        }
    }
    names.retain(|n| !n.is_empty());
    if names.is_empty() {
        "tuple".to_string()
    } else {
        names.join("_")
    }
}

impl BodyLowering<'_> {
    /// `let (a, b) = init;`.
    pub(crate) fn let_tuple(
        &mut self,
        local: &Local,
        tuple: &PatTuple,
        annotation: Option<&syn::Type>,
        out: &mut Vec<GenStmt>,
    ) {
        let start = out.len();
        let name = state_name(&local.attrs, self.errors);
        let Some(init) = &local.init else {
            return;
        };
        let shape = match annotation {
            Some(ty) => Some(type_shape(&type_one_module_deeper(ty))),
            None => self.task_output_shape(&init.expr),
        };
        let var = self.new_var(&joined_names(tuple), shape);
        self.expr_stmt(&init.expr, Sink::Assign(var), out);
        let mut bindings = Vec::new();
        self.tuple_positions(
            tuple,
            PlaceRef {
                var,
                fields: Vec::new(),
            },
            out,
            &mut bindings,
        );
        for (rust, var) in bindings {
            self.bind(&rust, var);
        }
        name_first(out, start, name);
    }

    /// Assigns each name of `tuple` its position in `base`; the names are bound afterwards.
    fn tuple_positions(
        &mut self,
        tuple: &PatTuple,
        base: PlaceRef,
        out: &mut Vec<GenStmt>,
        bindings: &mut Vec<(String, usize)>,
    ) {
        let ir = ir();
        for (i, elem) in tuple.elems.iter().enumerate() {
            let position = PlaceRef {
                var: base.var,
                fields: base.fields.iter().cloned().chain([i.to_string()]).collect(),
            };
            match elem {
                Pat::Wild(_) => {}
                Pat::Ident(ident) if ident.by_ref.is_none() && ident.subpat.is_none() => {
                    let shape: Option<TokenStream> = self.place_shape(&position);
                    let rust = ident.ident.to_string();
                    let var = self.new_var(&rust, shape);
                    let id = Self::var_id(var);
                    let place = position.to_tokens();
                    out.push(GenStmt::plain(
                        quote!(#ir::StmtKind::Assign { var: #id, value: #ir::Expr::Place(#place) }),
                    ));
                    bindings.push((rust, var));
                }
                Pat::Tuple(inner) => self.tuple_positions(inner, position, out, bindings),
                other => {
                    self.errors.spanned(
                        other,
                        "a tuple `let` in a workflow binds names, `_` and nested tuples: `let (a, (b, _)) = …;`",
                    );
                    self.bind_unknown(other);
                }
            }
        }
    }
}

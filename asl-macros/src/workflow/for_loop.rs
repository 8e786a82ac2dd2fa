//! `for item in x.items { … }`: a sequential `ir::StmtKind::For` over an array of the state.

use quote::quote;
use syn::{Expr, Pat};

use crate::workflow::body::{block_tokens, ir, BodyLowering, GenStmt, Sink};
use crate::workflow::map::peel_iter;
use crate::workflow::value::peel;

impl BodyLowering<'_> {
    /// `for var in items { body }`; `break` and `continue` work as in `loop`.
    pub(crate) fn for_loop(&mut self, e: &syn::ExprForLoop, out: &mut Vec<GenStmt>) {
        let ir = ir();
        if let Some(label) = &e.label {
            self.errors.at(
                label.name.span(),
                "labels are not supported in a workflow yet: use a variable as a flag and `break` out of each loop",
            );
        }
        let name = match &*e.pat {
            Pat::Ident(ident) if ident.by_ref.is_none() && ident.subpat.is_none() => {
                Some(ident.ident.to_string())
            }
            // `for _ in items`: the item has a variable nobody names.
            Pat::Wild(_) => Some("item".to_string()),
            other => {
                self.errors.spanned(
                    other,
                    "bind each item to a name (`for item in x.items`) and use its fields (`item.id`); \
                     destructuring is not supported",
                );
                None
            }
        };
        let items = match peel(&e.expr) {
            Expr::Range(range) => {
                self.errors.spanned(
                    range,
                    "a workflow cannot loop over a range: use a `loop` with a counter (`i = i + 1`), \
                     or `map(array_range(…), …)` over a list built first",
                );
                None
            }
            other => {
                let place = self.place(peel_iter(other));
                if place.is_none() {
                    self.errors.spanned(
                        other,
                        "a `for` loop goes over a workflow variable or a field of one (`for item in x.items`): \
                         bind the list to a variable first (`let items = …;`)",
                    );
                }
                place
            }
        };
        self.push_scope();
        let var = match &name {
            Some(name) => {
                let shape = items
                    .as_ref()
                    .and_then(|place| self.place_shape(place))
                    .map(|shape| quote!(::asl::__private::element_shape(&#shape)));
                let var = self.new_var(name, shape);
                if !matches!(&*e.pat, Pat::Wild(_)) {
                    self.bind(name, var);
                }
                Some(var)
            }
            None => {
                self.bind_unknown(&e.pat);
                None
            }
        };
        // The loop's own `break`s end it: they do not leave the enclosing loop.
        let body = self.block(&e.body, Sink::Discard);
        self.pop_scope();
        let (Some(var), Some(items)) = (var, items) else {
            return;
        };
        let var = BodyLowering::var_id(var);
        let items = items.to_tokens();
        let body = block_tokens(&body);
        out.push(GenStmt::plain(
            quote!(#ir::StmtKind::For { var: #var, items: #items, body: #body }),
        ));
    }
}

//! Rewrites the user's paths for use one module deeper, inside the generated `mod f { use super::*; … }`.
//!
//! `self::T` becomes `super::T` and `super::T` becomes `super::super::T`; other paths resolve
//! the same through the glob import.

use syn::visit_mut::VisitMut;

struct OneModuleDeeper;

impl VisitMut for OneModuleDeeper {
    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        if path.leading_colon.is_none() {
            if let Some(first) = path.segments.first_mut() {
                if first.ident == "self" {
                    first.ident = syn::Ident::new("super", first.ident.span());
                } else if first.ident == "super" {
                    let span = first.ident.span();
                    path.segments
                        .insert(0, syn::PathSegment::from(syn::Ident::new("super", span)));
                }
            }
        }
        syn::visit_mut::visit_path_mut(self, path);
    }
}

pub(crate) fn type_one_module_deeper(ty: &syn::Type) -> syn::Type {
    let mut ty = ty.clone();
    OneModuleDeeper.visit_type_mut(&mut ty);
    ty
}

pub(crate) fn path_one_module_deeper(path: &syn::Path) -> syn::Path {
    let mut path = path.clone();
    OneModuleDeeper.visit_path_mut(&mut path);
    path
}

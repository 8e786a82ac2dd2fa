//! The `#[serde(…)]` attributes that change the JSON form of a type, read the way serde reads them.
//!
//! Attributes that do not change what serde writes (`alias`, `default`, `deny_unknown_fields`,
//! `bound`, `skip_serializing_if`, …) are skipped; serde itself validates them.

use syn::meta::ParseNestedMeta;
use syn::{Attribute, LitStr, Token};

use crate::attr::rename_rule::{RenameRule, RULE_NAMES};
use crate::errors::Errors;

/// `#[serde(…)]` on a struct or enum.
#[derive(Default)]
pub(crate) struct ContainerAttrs {
    pub(crate) rename_all: Option<RenameRule>,
    /// On an enum: the rename rule for the fields of every struct variant.
    pub(crate) rename_all_fields: Option<RenameRule>,
    pub(crate) tag: Option<String>,
    pub(crate) content: Option<String>,
    pub(crate) untagged: bool,
    pub(crate) transparent: bool,
    /// `#[serde(into = "T")]`: the type is written as `T`.
    pub(crate) into: Option<syn::Type>,
}

/// `#[serde(…)]` on a field.
#[derive(Default)]
pub(crate) struct FieldAttrs {
    pub(crate) rename: Option<String>,
    /// `skip`, `skip_serializing` or `skip_deserializing`: the field is not part of the shape.
    pub(crate) skip: bool,
    pub(crate) flatten: bool,
    /// `with` / `serialize_with`: the JSON form is whatever that code writes.
    pub(crate) custom: bool,
}

/// `#[serde(…)]` on an enum variant.
#[derive(Default)]
pub(crate) struct VariantAttrs {
    pub(crate) rename: Option<String>,
    pub(crate) rename_all: Option<RenameRule>,
    pub(crate) skip: bool,
    pub(crate) custom: bool,
}

pub(crate) fn container(attrs: &[Attribute], errors: &mut Errors) -> ContainerAttrs {
    let mut out = ContainerAttrs::default();
    for_each_serde_meta(attrs, errors, |meta| {
        let path = &meta.path;
        if path.is_ident("rename_all") {
            out.rename_all = rename_rule(&meta)?.or(out.rename_all);
        } else if path.is_ident("rename_all_fields") {
            out.rename_all_fields = rename_rule(&meta)?.or(out.rename_all_fields);
        } else if path.is_ident("tag") {
            out.tag = Some(string_value(&meta)?.value());
        } else if path.is_ident("content") {
            out.content = Some(string_value(&meta)?.value());
        } else if path.is_ident("untagged") {
            out.untagged = true;
        } else if path.is_ident("transparent") {
            out.transparent = true;
        } else if path.is_ident("into") {
            out.into = Some(string_value(&meta)?.parse()?);
        } else {
            skip_value(&meta)?;
        }
        Ok(())
    });
    out
}

pub(crate) fn field(attrs: &[Attribute], errors: &mut Errors) -> FieldAttrs {
    let mut out = FieldAttrs::default();
    for_each_serde_meta(attrs, errors, |meta| {
        let path = &meta.path;
        if path.is_ident("rename") {
            if let Some(name) = serialize_name(&meta)? {
                out.rename = Some(name);
            }
        } else if path.is_ident("skip")
            || path.is_ident("skip_serializing")
            || path.is_ident("skip_deserializing")
        {
            out.skip = true;
        } else if path.is_ident("flatten") {
            out.flatten = true;
        } else if path.is_ident("with") || path.is_ident("serialize_with") {
            out.custom = true;
            skip_value(&meta)?;
        } else {
            skip_value(&meta)?;
        }
        Ok(())
    });
    out
}

pub(crate) fn variant(attrs: &[Attribute], errors: &mut Errors) -> VariantAttrs {
    let mut out = VariantAttrs::default();
    for_each_serde_meta(attrs, errors, |meta| {
        let path = &meta.path;
        if path.is_ident("rename") {
            if let Some(name) = serialize_name(&meta)? {
                out.rename = Some(name);
            }
        } else if path.is_ident("rename_all") {
            out.rename_all = rename_rule(&meta)?.or(out.rename_all);
        } else if path.is_ident("skip")
            || path.is_ident("skip_serializing")
            || path.is_ident("skip_deserializing")
        {
            out.skip = true;
        } else if path.is_ident("with") || path.is_ident("serialize_with") {
            out.custom = true;
            skip_value(&meta)?;
        } else {
            skip_value(&meta)?;
        }
        Ok(())
    });
    out
}

fn for_each_serde_meta(
    attrs: &[Attribute],
    errors: &mut Errors,
    mut each: impl FnMut(ParseNestedMeta) -> syn::Result<()>,
) {
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        if let Err(e) = attr.parse_nested_meta(&mut each) {
            errors.push(e);
        }
    }
}

/// `key = "name"` or `key(serialize = "name", deserialize = "…")`: the name serde writes, if given.
fn serialize_name(meta: &ParseNestedMeta) -> syn::Result<Option<String>> {
    if meta.input.peek(Token![=]) {
        return Ok(Some(string_value(meta)?.value()));
    }
    let mut name = None;
    meta.parse_nested_meta(|inner| {
        if inner.path.is_ident("serialize") {
            name = Some(string_value(&inner)?.value());
        } else {
            skip_value(&inner)?;
        }
        Ok(())
    })?;
    Ok(name)
}

/// `rename_all = "case"` or `rename_all(serialize = "case", …)`.
fn rename_rule(meta: &ParseNestedMeta) -> syn::Result<Option<RenameRule>> {
    let lit = if meta.input.peek(Token![=]) {
        Some(string_value(meta)?)
    } else {
        let mut lit = None;
        meta.parse_nested_meta(|inner| {
            if inner.path.is_ident("serialize") {
                lit = Some(string_value(&inner)?);
            } else {
                skip_value(&inner)?;
            }
            Ok(())
        })?;
        lit
    };
    let Some(lit) = lit else { return Ok(None) };
    match RenameRule::from_name(&lit.value()) {
        Some(rule) => Ok(Some(rule)),
        None => {
            let names: Vec<String> = RULE_NAMES.iter().map(|(n, _)| format!("{n:?}")).collect();
            Err(syn::Error::new(
                lit.span(),
                format!(
                    "unknown rename rule `rename_all = {:?}`, expected one of {}",
                    lit.value(),
                    names.join(", ")
                ),
            ))
        }
    }
}

fn string_value(meta: &ParseNestedMeta) -> syn::Result<LitStr> {
    meta.value()?.parse()
}

/// Consumes the value of an attribute this crate does not read: `= value`, `(…)`, or nothing.
fn skip_value(meta: &ParseNestedMeta) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        let _: syn::Expr = meta.value()?.parse()?;
    } else if meta.input.peek(syn::token::Paren) {
        let content;
        syn::parenthesized!(content in meta.input);
        let _: proc_macro2::TokenStream = content.parse()?;
    }
    Ok(())
}

//! `#[task(…)]` and the `#[retry(…)]` attributes under it: a fn that is one `Task` state.
//!
//! Expands to the fn (its body, or a call of the registered handler when it has none) and a
//! module of the same name whose `task()` describes the state: `f(x)` in a workflow body
//! finds `f::task()` because fns and modules live in different namespaces.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Attribute, Expr, Lit};

use crate::attr::options::{self, parse_options};
use crate::attr::retry::{is_retry_attr, retry_policy};
use crate::errors::Errors;
use crate::fn_item::{check_signature, output_type, FnItem};
use crate::module_path::type_one_module_deeper;
use crate::result_type::result_types;
use crate::type_shape::type_shape;

const TASK_KEYS: &[&str] = &[
    "lambda",
    "activity",
    "resource",
    "aws_sdk",
    "http",
    "wait_for_task_token",
    "sync",
    "timeout",
    "heartbeat",
    "name",
];

pub(crate) fn expand(args: TokenStream, item: TokenStream) -> TokenStream {
    let mut errors = Errors::new();
    let mut item: FnItem = match syn::parse2(item.clone()) {
        Ok(item) => item,
        Err(_) => {
            errors.spanned(
                crate::fn_item::item_head(&item),
                "#[task(…)] goes on a fn: `#[task(lambda = \"name\")] fn name(input: In) -> Out;`",
            );
            let compile_errors = errors.into_compile_errors();
            return quote!(#compile_errors #item);
        }
    };

    let resource = task_resource(args, &item, &mut errors);
    let (retry_attrs, other_attrs): (Vec<Attribute>, Vec<Attribute>) =
        item.attrs.drain(..).partition(is_retry_attr);
    item.attrs = other_attrs;
    let retries: Vec<TokenStream> = retry_attrs
        .iter()
        .filter_map(|a| retry_policy(a, &mut errors))
        .collect();

    let fn_name = item.sig.ident.to_string();
    let param = check_signature(&item.sig, "#[task]", &mut errors);
    let param = param.map(|p| (p.pat.clone(), p.ty.clone()));
    let out_ty = output_type(&item.sig);
    // `Result<Out, E>`: the state's output is `Out`; `E` names the errors it fails with.
    let result = result_types(&out_ty);

    // The native fn: the user's body after recording the call, or the registered handler.
    let (arg, in_ty): (TokenStream, syn::Type) = match &param {
        None => (quote!(()), syn::parse_quote!(())),
        Some((pat, ty)) => {
            let name = match pat {
                syn::Pat::Ident(ident) if ident.subpat.is_none() => ident.ident.clone(),
                syn::Pat::Wild(_) => format_ident!("__input", span = pat.span()),
                other => {
                    errors.spanned(other, "bind the task's input to a name: `input: In`");
                    format_ident!("__input")
                }
            };
            if let syn::Pat::Wild(_) = pat {
                if let Some(syn::FnArg::Typed(typed)) = item.sig.inputs.first_mut() {
                    *typed.pat = syn::parse_quote!(#name);
                }
            }
            (quote!(#name), ty.clone())
        }
    };
    let bodyless = item.body.is_none();
    // The module with `task()` is generated when the signature can be used; natively, a
    // bodyless call then retries as its `Retry` says (the policies come from `task()`).
    let module_generated = match &param {
        Some((pat, _)) => matches!(pat, syn::Pat::Ident(_) | syn::Pat::Wild(_)),
        None => true,
    } && errors_only_in_arguments(&item);
    let ident = item.sig.ident.clone();
    let retry = if module_generated && !retries.is_empty() {
        quote!(&#ident::task().retry)
    } else {
        quote!(&[])
    };
    let key = quote!(::asl::__private::TaskKey { module: ::std::module_path!(), name: #fn_name });
    // Natively, a mock slower than the declared timeout or heartbeat (`Mock::taking`) times out;
    // one read from the input (`timeout = input.field`) is that field's value, as
    // `TimeoutSecondsPath` reads it.
    let timing = {
        let seconds = |fixed: Option<u64>, field: &Option<syn::Ident>, what: &str| match field {
            Some(_) => {
                let reader = format_ident!("__{}_seconds", what);
                quote!(::std::option::Option::Some(#ident::#reader(&#arg)))
            }
            None => optional_u64(fixed),
        };
        let timeout = seconds(resource.timeout, &resource.timeout_field, "timeout");
        let heartbeat = seconds(resource.heartbeat, &resource.heartbeat_field, "heartbeat");
        quote!(::asl::__private::CallTiming { timeout: #timeout, heartbeat: #heartbeat })
    };
    let body = match item.body.take() {
        Some(block) => quote! {{
            ::asl::__private::record_call(#key, &#arg);
            #block
        }},
        None => match &result {
            Some((ok_ty, error_ty)) => quote_spanned! {item.sig.ident.span()=> {
                let __timing = #timing;
                ::asl::__private::call_task_result_timed::<#in_ty, #ok_ty, #error_ty>(#key, #arg, #retry, __timing)
            }},
            None => quote_spanned! {item.sig.ident.span()=> {
                let __timing = #timing;
                ::asl::__private::call_task_timed::<#in_ty, #out_ty>(#key, #arg, #retry, __timing)
            }},
        },
    };
    let attrs = &item.attrs;
    let vis = &item.vis;
    let sig = &item.sig;
    // A bodyless task's parameter is only passed to the handler; when the signature is
    // reported as wrong, the others are unused.
    let allow_unused = if bodyless {
        quote!(#[allow(unused_variables)])
    } else {
        quote!()
    };
    let native = quote! {
        #(#attrs)*
        #allow_unused
        #vis #sig #body
    };

    let compile_errors = errors.into_compile_errors();
    let signature_usable = match &param {
        Some((pat, _)) => matches!(pat, syn::Pat::Ident(_) | syn::Pat::Wild(_)),
        None => true,
    };
    if !signature_usable || !errors_only_in_arguments(&item) {
        return quote!(#compile_errors #native);
    }

    let ir = quote!(::asl::__private::ir);
    let ident = &item.sig.ident;
    let input_shape = match &param {
        None => quote!(#ir::Shape::Unit),
        Some((_, ty)) => type_shape(&type_one_module_deeper(ty)),
    };
    let output_shape = type_shape(&type_one_module_deeper(
        result.as_ref().map_or(&out_ty, |(ok, _)| ok),
    ));
    let returns = type_one_module_deeper(&out_ty);
    let error_fns = match &result {
        Some((_, error_ty)) => {
            let error_ty = type_one_module_deeper(error_ty);
            quote! {
                /// (Rust variant, ASL error name) of each error this task fails with.
                pub fn errors() -> ::std::vec::Vec<(&'static str, &'static str)> {
                    <#error_ty as ::asl::TaskError>::error_names()
                }
            }
        }
        None => quote!(),
    };
    // A bodyless task gets `mock`, for `asl::testing::Env`, keyed by the task's own module.
    let mock_fn = if bodyless {
        let mock_in = type_one_module_deeper(&owned(&in_ty));
        let mock_key = quote!(::asl::__private::TaskKey {
            module: ::asl::__private::parent_module(::std::module_path!()),
            name: #fn_name,
        });
        match &result {
            Some((ok_ty, error_ty)) => {
                let (ok_ty, error_ty) = (
                    type_one_module_deeper(ok_ty),
                    type_one_module_deeper(error_ty),
                );
                quote! {
                    /// A mock of this task for `asl::testing::Env`; `Err(e)` fails the call with `e`.
                    pub fn mock<F>(handler: F) -> ::asl::testing::Mock
                    where
                        F: ::std::ops::FnMut(#mock_in) -> ::std::result::Result<#ok_ty, #error_ty> + 'static,
                    {
                        ::asl::testing::Mock::typed_result(#mock_key, handler)
                    }
                }
            }
            None => quote! {
                /// A mock of this task for `asl::testing::Env`.
                pub fn mock<F>(handler: F) -> ::asl::testing::Mock
                where
                    F: ::std::ops::FnMut(#mock_in) -> #returns + 'static,
                {
                    ::asl::testing::Mock::typed(#mock_key, handler)
                }
            },
        }
    } else {
        quote!()
    };
    let TaskResourceSpec {
        state_name,
        resource,
        timeout,
        heartbeat,
        timeout_field,
        heartbeat_field,
    } = resource;
    // The seconds a timeout or heartbeat read from the input has natively (rustc checks that
    // the field exists).
    let field_checks: Vec<TokenStream> =
        [(&timeout_field, "timeout"), (&heartbeat_field, "heartbeat")]
            .into_iter()
            .filter_map(|(field, what)| {
                let field = field.as_ref()?;
                let (_, ty) = param.as_ref()?;
                let ty = type_one_module_deeper(ty);
                let reader = format_ident!("__{}_seconds", what);
                Some(quote! {
                    #[doc(hidden)]
                    #[allow(dead_code)]
                    pub fn #reader(input: &#ty) -> u64 {
                        ::asl::runtime::Seconds::seconds(&input.#field)
                    }
                })
            })
            .collect();
    let field_name = |f: &Option<syn::Ident>| match f {
        Some(f) => {
            let name = f.to_string();
            quote!(::std::option::Option::Some(::std::string::String::from(#name)))
        }
        None => quote!(::std::option::Option::None),
    };
    let (timeout_field, heartbeat_field) =
        (field_name(&timeout_field), field_name(&heartbeat_field));
    let state_name = state_name.unwrap_or(fn_name);
    let timeout = optional_u64(timeout);
    let heartbeat = optional_u64(heartbeat);
    quote! {
        #compile_errors
        #native
        #[doc(hidden)]
        #[allow(non_snake_case)]
        #vis mod #ident {
            #[allow(unused_imports)]
            use super::*;

            /// The fn's return type: a workflow catching this task's errors checks it is a `Result`.
            pub type Returns = #returns;

            /// What a `#[retry]` at a call asks of the argument: nothing.
            pub type Retried = ::asl::__private::RetriedTask;

            #error_fns

            #mock_fn

            #(#field_checks)*

            /// The `Task` state this fn compiles to.
            pub fn task() -> #ir::TaskSpec {
                #ir::TaskSpec {
                    name: ::std::string::String::from(#state_name),
                    resource: #resource,
                    input: #input_shape,
                    output: #output_shape,
                    retry: ::std::vec![#(#retries),*],
                    timeout_seconds: #timeout,
                    heartbeat_seconds: #heartbeat,
                    timeout_field: #timeout_field,
                    heartbeat_field: #heartbeat_field,
                    envelope: ::std::option::Option::None,
                }
            }
        }
    }
}

/// Argument mistakes still let the `task()` module be generated, so uses of the task do not
/// add errors of their own; signature mistakes do not.
fn errors_only_in_arguments(item: &FnItem) -> bool {
    item.sig.asyncness.is_none()
        && item.sig.unsafety.is_none()
        && item.sig.generics.params.is_empty()
        && item.sig.generics.where_clause.is_none()
        && item.sig.inputs.len() <= 1
        && !matches!(item.sig.inputs.first(), Some(syn::FnArg::Receiver(_)))
        && item.sig.variadic.is_none()
}

fn optional_u64(value: Option<u64>) -> TokenStream {
    match value {
        Some(v) => quote!(::std::option::Option::Some(#v)),
        None => quote!(::std::option::Option::None),
    }
}

struct TaskResourceSpec {
    state_name: Option<String>,
    /// An `ir::TaskResource` expression.
    resource: TokenStream,
    timeout: Option<u64>,
    heartbeat: Option<u64>,
    /// `timeout = input.field`: the input's field holding the seconds.
    timeout_field: Option<syn::Ident>,
    heartbeat_field: Option<syn::Ident>,
}

/// `input.field` where `input` is the task's parameter: the field.
fn input_field(value: &Expr, item: &FnItem) -> Option<syn::Ident> {
    let Expr::Field(field) = value else {
        return None;
    };
    let (Expr::Path(base), syn::Member::Named(member)) = (&*field.base, &field.member) else {
        return None;
    };
    let param = match item.sig.inputs.first() {
        Some(syn::FnArg::Typed(typed)) => match &*typed.pat {
            syn::Pat::Ident(ident) => ident.ident.clone(),
            _ => return None,
        },
        _ => return None,
    };
    base.path.is_ident(&param).then(|| member.clone())
}

fn task_resource(args: TokenStream, item: &FnItem, errors: &mut Errors) -> TaskResourceSpec {
    let ir = quote!(::asl::__private::ir);
    let mut spec = TaskResourceSpec {
        state_name: None,
        resource: TokenStream::new(),
        timeout: None,
        heartbeat: None,
        timeout_field: None,
        heartbeat_field: None,
    };
    let mut seen = Vec::new();
    let mut resource_key: Option<syn::Ident> = None;
    // An ARN-valued resource (`resource`, `aws_sdk`, `http`), which `sync` and
    // `wait_for_task_token` extend with their suffix.
    let mut arn: Option<String> = None;
    let mut wait_for_task_token = false;
    let mut sync = false;
    for option in parse_options(args, errors) {
        let key = option.key.to_string();
        if !TASK_KEYS.contains(&key.as_str()) {
            options::unknown_key(errors, "#[task]", &option.key, TASK_KEYS);
            continue;
        }
        if options::duplicate(errors, &mut seen, &option.key) {
            continue;
        }
        match key.as_str() {
            "lambda" | "activity" | "resource" | "aws_sdk" | "http" => {
                if let Some(first) = &resource_key {
                    errors.spanned(
                        &option.key,
                        format!(
                            "a task has one resource: `{first}` is already given; \
                             use one of `lambda = \"…\"`, `activity = \"…\"`, `resource = \"arn:…\"`, \
                             `aws_sdk = \"service:action\"` or `http = true`"
                        ),
                    );
                    continue;
                }
                resource_key = Some(option.key.clone());
                let what = key.as_str();
                if what == "http" {
                    // `http = false` would mean no resource at all: only `true` has a meaning.
                    if flag(&option.value, errors, "http") == Some(true) {
                        arn = Some(HTTP_INVOKE.to_string());
                    } else {
                        errors.spanned(&option.value, "`http = true` makes the task an HTTPS call (`arn:aws:states:::http:invoke`); leave `http` out otherwise");
                    }
                    continue;
                }
                // `lambda = get_att("LogicalId")`, `activity = reference("LogicalId")`: a
                // resource of the same CloudFormation / serverless template.
                if let Some((function, logical_id)) = template_reference(&option.value) {
                    if what == "aws_sdk" {
                        errors.spanned(&option.value, "`aws_sdk` takes `\"service:action\"`; `get_att`/`reference` go with `lambda`, `activity` or `resource`");
                        continue;
                    }
                    spec.resource = match function.as_str() {
                        "get_att" => {
                            quote!(#ir::TaskResource::GetAtt(::std::string::String::from(#logical_id)))
                        }
                        _ => {
                            quote!(#ir::TaskResource::Ref(::std::string::String::from(#logical_id)))
                        }
                    };
                    continue;
                }
                let Some(value) = options::string(&option.value, errors, what) else {
                    continue;
                };
                match what {
                    "lambda" => spec.resource = quote!(#ir::TaskResource::Lambda(::std::string::String::from(#value))),
                    "activity" => spec.resource = quote!(#ir::TaskResource::Activity(::std::string::String::from(#value))),
                    "aws_sdk" => match aws_sdk_arn(&value) {
                        Some(resource) => arn = Some(resource),
                        None => errors.spanned(
                            &option.value,
                            "`aws_sdk` names a service and an API action as `service:action`, \
                             like `aws_sdk = \"s3:getObject\"` (arn:aws:states:::aws-sdk:s3:getObject)",
                        ),
                    },
                    _ => arn = Some(value),
                }
            }
            "wait_for_task_token" => {
                wait_for_task_token =
                    flag(&option.value, errors, "wait_for_task_token").unwrap_or(false)
            }
            "sync" => sync = flag(&option.value, errors, "sync").unwrap_or(false),
            "timeout" => match input_field(&option.value, item) {
                Some(field) => spec.timeout_field = Some(field),
                None => spec.timeout = options::seconds(&option.value, errors, "timeout"),
            },
            "heartbeat" => match input_field(&option.value, item) {
                Some(field) => spec.heartbeat_field = Some(field),
                None => spec.heartbeat = options::seconds(&option.value, errors, "heartbeat"),
            },
            _ => spec.state_name = options::string(&option.value, errors, "name"),
        }
    }
    if wait_for_task_token && sync {
        errors.at(
            Span::call_site(),
            "a task either waits for a task token (`wait_for_task_token = true`) or runs a job to completion \
             (`sync = true`), not both",
        );
    }
    if wait_for_task_token || sync {
        let suffix = if sync { ".sync" } else { ".waitForTaskToken" };
        match &mut arn {
            Some(arn) if !arn.ends_with(suffix) => arn.push_str(suffix),
            Some(_) => {}
            None if resource_key.is_some() => errors.at(
                Span::call_site(),
                format!(
                    "`{}` extends a service integration's resource (`resource = \"arn:aws:states:::…\"`, \
                     `aws_sdk = \"…\"`, `http = true`); a Lambda function or an activity has no `{suffix}` form",
                    if sync { "sync" } else { "wait_for_task_token" }
                ),
            ),
            None => {}
        }
    }
    if let Some(arn) = arn {
        spec.resource = quote!(#ir::TaskResource::Arn(::std::string::String::from(#arn)));
    }
    if resource_key.is_none() {
        errors.at(
            Span::call_site(),
            format!(
                "#[task] needs the resource the state runs: `#[task(lambda = \"function-name-or-arn\")]`, \
                 `#[task(activity = \"arn:…\")]`, `#[task(resource = \"arn:aws:states:::…\")]`, \
                 `#[task(aws_sdk = \"service:action\")]` or `#[task(http = true)]` on `fn {}`",
                item.sig.ident
            ),
        );
    }
    if spec.resource.is_empty() {
        spec.resource = quote!(#ir::TaskResource::Arn(::std::string::String::new()));
    }
    spec
}

/// `get_att("Id")` / `reference("Id")` with a string literal: the function and the id.
fn template_reference(value: &Expr) -> Option<(String, String)> {
    let Expr::Call(call) = value else { return None };
    let Expr::Path(func) = &*call.func else {
        return None;
    };
    let function = func.path.get_ident()?.to_string();
    if !matches!(function.as_str(), "get_att" | "reference") || call.args.len() != 1 {
        return None;
    }
    match &call.args[0] {
        Expr::Lit(syn::ExprLit {
            lit: Lit::Str(s), ..
        }) => Some((function, s.value())),
        _ => None,
    }
}

/// The resource of Step Functions' HTTP Task.
const HTTP_INVOKE: &str = "arn:aws:states:::http:invoke";

/// `service:action` → `arn:aws:states:::aws-sdk:service:action`; `None` when it is not of that form.
fn aws_sdk_arn(value: &str) -> Option<String> {
    let (service, action) = value.split_once(':')?;
    let word = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
    };
    (word(service) && word(action)).then(|| format!("arn:aws:states:::aws-sdk:{service}:{action}"))
}

/// A `true` / `false` option value.
fn flag(value: &Expr, errors: &mut Errors, what: &str) -> Option<bool> {
    match value {
        Expr::Lit(syn::ExprLit {
            lit: Lit::Bool(b), ..
        }) => Some(b.value),
        Expr::Group(g) => flag(&g.expr, errors, what),
        _ => {
            errors.spanned(value, format!("`{what}` is `true` or `false`"));
            None
        }
    }
}

/// `#[retry]` on its own: it only has a meaning under `#[task]`.
pub(crate) fn retry_without_task(item: TokenStream) -> TokenStream {
    let error = syn::Error::new(
        Span::call_site(),
        "#[retry(…)] goes below #[task(…)] on a task fn: \
         `#[task(lambda = \"…\")] #[retry(errors = [\"States.Timeout\"], max_attempts = 3)] fn f(input: In) -> Out;`",
    )
    .to_compile_error();
    quote!(#error #item)
}

/// The owned form of a parameter type, which a mock receives: `&T` is `T`, `&str` is
/// `String`, `&[T]` is `Vec<T>`.
fn owned(ty: &syn::Type) -> syn::Type {
    match ty {
        syn::Type::Reference(r) => match &*r.elem {
            syn::Type::Path(p) if p.qself.is_none() && p.path.is_ident("str") => {
                syn::parse_quote!(::std::string::String)
            }
            syn::Type::Slice(slice) => {
                let elem = owned(&slice.elem);
                syn::parse_quote!(::std::vec::Vec<#elem>)
            }
            other => owned(other),
        },
        other => other.clone(),
    }
}

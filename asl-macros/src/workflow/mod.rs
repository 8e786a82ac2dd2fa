//! `#[workflow(…)]`: keeps the fn as it is (so rustc type-checks the body and it runs natively)
//! and adds a module of the same name whose `workflow()` builds the body's IR.

mod body;
mod call;
mod call_retry;
mod catch;
mod compute;
mod condition;
mod context;
mod destructure;
mod fail;
mod for_loop;
mod format;
mod if_match;
mod intrinsic;
mod map;
mod native_catch;
pub(crate) use native_catch::called_module;
mod native_exact;
mod native_execution;
mod native_format;
mod pattern;
mod place;
mod result;
mod sleep;
mod statement_macros;
mod statements;
mod unsupported;
mod value;

use proc_macro2::TokenStream;
use quote::quote;

use crate::attr::options::{self, parse_options};
use crate::attr::state::strip_state_attrs;
use crate::errors::Errors;
use crate::fn_item::{check_signature, output_type, FnItem};
use crate::module_path::type_one_module_deeper;
use crate::result_type::result_types;
use crate::type_shape::type_shape;
use crate::workflow::body::{block_tokens, ir, BodyLowering};

const WORKFLOW_KEYS: &[&str] = &["name", "comment", "timeout", "arn", "query_language"];

struct WorkflowOptions {
    name: Option<String>,
    comment: Option<String>,
    timeout: Option<u64>,
    /// The deployed state machine's ARN, for workflows that call this one.
    arn: Option<String>,
    /// `query_language = "JSONata"`: pure Rust expressions stay in the state machine.
    language: options::QueryLanguage,
}

fn workflow_options(args: TokenStream, errors: &mut Errors) -> WorkflowOptions {
    let mut out = WorkflowOptions {
        name: None,
        comment: None,
        timeout: None,
        arn: None,
        language: options::QueryLanguage::JsonPath,
    };
    let mut seen = Vec::new();
    for option in parse_options(args, errors) {
        let key = option.key.to_string();
        if !WORKFLOW_KEYS.contains(&key.as_str()) {
            options::unknown_key(errors, "#[workflow]", &option.key, WORKFLOW_KEYS);
            continue;
        }
        if options::duplicate(errors, &mut seen, &option.key) {
            continue;
        }
        match key.as_str() {
            "name" => out.name = options::string(&option.value, errors, "name"),
            "comment" => out.comment = options::string(&option.value, errors, "comment"),
            "arn" => out.arn = options::string(&option.value, errors, "arn"),
            "query_language" => {
                if let Some(language) = options::query_language(&option.value, errors) {
                    out.language = language;
                }
            }
            _ => out.timeout = options::seconds(&option.value, errors, "timeout"),
        }
    }
    out
}

pub(crate) fn expand(args: TokenStream, item: TokenStream) -> TokenStream {
    let mut errors = Errors::new();
    let func = match syn::parse2::<FnItem>(item.clone()) {
        Ok(FnItem {
            attrs,
            vis,
            sig,
            body: Some(block),
            ..
        }) => syn::ItemFn {
            attrs,
            vis,
            sig,
            block: Box::new(block),
        },
        Ok(bodyless) => {
            errors.spanned(
                &bodyless.sig,
                "a #[workflow] fn needs a body: the body is the state machine \
                 (a fn without a body that runs elsewhere is a #[task])",
            );
            let compile_errors = errors.into_compile_errors();
            return quote!(#compile_errors #item);
        }
        Err(_) => {
            errors.spanned(
                crate::fn_item::item_head(&item),
                "#[workflow] goes on a fn: `#[workflow] fn name(input: In) -> Out { … }`",
            );
            let compile_errors = errors.into_compile_errors();
            return quote!(#compile_errors #item);
        }
    };
    let options = workflow_options(args, &mut errors);

    let mut native = func.clone();
    strip_state_attrs(&mut native.block);
    crate::workflow::native_catch::rewrite_catches(&mut native.block);
    // A JSONata workflow's `format!` is computed as Rust formats it (the back end agrees);
    // a JSONPath one's as `States.Format` prints its values.
    if options.language == options::QueryLanguage::JsonPath {
        crate::workflow::native_format::rewrite_formats(&mut native.block);
    } else {
        crate::workflow::native_exact::rewrite_arithmetic(&mut native.block);
    }

    let param = check_signature(&func.sig, "#[workflow]", &mut errors);
    let out_ty = output_type(&func.sig);
    // `Result<T, E>`: the execution's output is `T`; an `Err` fails it.
    let (value_ty, workflow_error) = match result_types(&out_ty) {
        Some((ok, error)) => (ok, Some(error)),
        None => (out_ty.clone(), None),
    };
    let mut lowering = BodyLowering::new(&mut errors, func.sig.ident.clone());
    let returns_result = workflow_error.is_some();
    lowering.typed_errors.workflow_error = workflow_error;
    lowering.jsonata = options.language == options::QueryLanguage::Jsonata;
    let input = match &param {
        None => None,
        Some(param) => match param.pat {
            syn::Pat::Ident(ident) if ident.by_ref.is_none() && ident.subpat.is_none() => {
                let shape = type_shape(&type_one_module_deeper(param.ty));
                let var = lowering.new_var(&ident.ident.to_string(), Some(shape));
                lowering.bind(&ident.ident.to_string(), var);
                Some(var)
            }
            other => {
                lowering.errors.spanned(
                    other,
                    "bind the workflow's input to a name (`input: In`); destructuring it is not supported",
                );
                None
            }
        },
    };
    let body = lowering.fn_body(&func.block);
    let body = block_tokens(&body);
    let var_decls: Vec<TokenStream> = lowering
        .vars
        .iter()
        .map(|v| {
            let name = &v.name;
            let shape = v.shape.clone().unwrap_or_else(|| quote!(::asl::__private::ir::Shape::Any));
            quote! {
                let shape: ::asl::__private::ir::Shape = #shape;
                __vars.push(::asl::__private::ir::VarInfo { name: ::std::string::String::from(#name), shape });
            }
        })
        .collect();

    if let Err(error) = errors.check() {
        let compile_errors = error.to_compile_error();
        return quote!(#compile_errors #native);
    }

    let ir = ir();
    let ident = &func.sig.ident;
    let vis = &func.vis;
    let name = options.name.unwrap_or_else(|| ident.to_string());
    let comment = match options.comment {
        Some(c) => quote!(::std::option::Option::Some(::std::string::String::from(#c))),
        None => quote!(::std::option::Option::None),
    };
    let timeout = match options.timeout {
        Some(t) => quote!(::std::option::Option::Some(#t)),
        None => quote!(::std::option::Option::None),
    };
    let input = match input {
        Some(var) => {
            let id = BodyLowering::var_id(var);
            quote!(::std::option::Option::Some(#id))
        }
        None => quote!(::std::option::Option::None),
    };
    let output_shape = type_shape(&type_one_module_deeper(&value_ty));
    let input_shape = match &param {
        Some(param) => type_shape(&type_one_module_deeper(param.ty)),
        None => quote!(#ir::Shape::Unit),
    };
    // Called from another workflow, this one is a nested execution that is waited for.
    let arn = options.arn.unwrap_or_else(|| {
        format!("arn:aws:states:#{{AWS::Region}}:#{{AWS::AccountId}}:stateMachine:{name}")
    });
    let fn_name = ident.to_string();
    let native = native_execution::wrap_body(native, &arn);
    let definition = match options.language {
        options::QueryLanguage::Jsonata => quote! {
            ::asl::Definition::new(workflow()).with_query_language(::asl::QueryLanguage::Jsonata)
        },
        options::QueryLanguage::JsonPath => quote!(::asl::Definition::new(workflow())),
    };
    // A call of this workflow is an integration's (`startExecution.sync:2`): its failure is a
    // `StatesError`, unless the workflow returns `Result` (its `Err`s are then read by `E`).
    let returns = if returns_result {
        let out_ty = type_one_module_deeper(&out_ty);
        quote!(#out_ty)
    } else {
        quote!(::asl::__private::IntegrationReturns)
    };
    quote! {
        #native

        #[doc(hidden)]
        #[allow(non_snake_case)]
        #vis mod #ident {
            #[allow(unused_imports)]
            use super::*;

            /// The workflow's IR, built from the fn body.
            #[allow(unused_mut, unused_variables, clippy::all)]
            pub fn workflow() -> #ir::Workflow {
                let mut __vars: ::std::vec::Vec<#ir::VarInfo> = ::std::vec::Vec::new();
                #({ #var_decls })*
                let __output: #ir::Shape = #output_shape;
                let __body: #ir::Block = #body;
                #ir::Workflow {
                    name: ::std::string::String::from(#name),
                    comment: #comment,
                    timeout_seconds: #timeout,
                    input: #input,
                    output: __output,
                    vars: __vars,
                    body: __body,
                }
            }

            /// The compiled state machine.
            pub fn definition() -> ::asl::Definition {
                #definition
            }

            #[doc(hidden)]
            pub type Returns = #returns;

            /// What a `#[retry]` at a call asks of the argument: `Clone` (each attempt runs
            /// this workflow again on a copy).
            #[doc(hidden)]
            pub type Retried = ::asl::__private::RetriedWorkflow;

            /// This workflow called from another: `states:startExecution.sync:2` with the
            /// argument as `Input`; the call's value is the execution's `Output`.
            pub fn task() -> #ir::TaskSpec {
                #ir::TaskSpec {
                    name: ::std::string::String::from(#fn_name),
                    resource: #ir::TaskResource::Arn(::std::string::String::from("arn:aws:states:::states:startExecution.sync:2")),
                    input: #input_shape,
                    output: #output_shape,
                    retry: ::std::vec::Vec::new(),
                    timeout_seconds: ::std::option::Option::None,
                    heartbeat_seconds: ::std::option::Option::None,
                    timeout_field: ::std::option::Option::None,
                    heartbeat_field: ::std::option::Option::None,
                    envelope: ::std::option::Option::Some(#ir::Envelope {
                        parameters: ::asl::__private::serde_json::json!({
                            "StateMachineArn": #arn,
                            "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$": "$$.Execution.Id",
                        }),
                        argument_key: ::std::string::String::from("Input"),
                        output_field: ::std::option::Option::Some(::std::string::String::from("Output")),
                    }),
                }
            }
        }
    }
}

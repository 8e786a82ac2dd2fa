//! Proc-macro front end of `asl`: `#[workflow]`, `#[task]`, `#[retry]`, `#[derive(Payload)]`.
//!
//! Thin, like serde_derive: it parses the Rust subset, reports every mistake with a span on
//! the user's token, and expands to code that builds the workflow IR (`asl::ir`). Lowering
//! the IR to ASL lives in `asl-emit`.

mod attr;
mod derive;
mod errors;
mod fn_item;
mod module_path;
mod result_type;
mod task;
mod type_shape;
mod workflow;

use proc_macro::TokenStream;

/// Describes a type's JSON form (`asl::Payload::shape`), honouring `#[serde(…)]`.
#[proc_macro_derive(Payload, attributes(serde))]
pub fn derive_payload(input: TokenStream) -> TokenStream {
    match syn::parse::<syn::DeriveInput>(input) {
        Ok(input) => derive::payload::derive(input).into(),
        Err(e) => e.to_compile_error().into(),
    }
}

/// An enum of the ASL errors a task can fail with (`asl::TaskError`), written and read as
/// the error object `{"Error": name, "Cause": cause}` (it also implements `Payload`,
/// `Serialize` and `Deserialize`: do not derive those).
///
/// Each variant is unit (`Declined`) or carries the caught error (`Declined(ErrorInfo)`). Its
/// ASL name is its Rust name unless `#[error(name = "Payment.Declined")]`; the last variant
/// may be `#[error(all)] Other(ErrorInfo)`, which stands for every other error (`States.ALL`).
#[proc_macro_derive(TaskError, attributes(error))]
pub fn derive_task_error(input: TokenStream) -> TokenStream {
    match syn::parse::<syn::DeriveInput>(input) {
        Ok(input) => derive::task_error::derive(input).into(),
        Err(e) => e.to_compile_error().into(),
    }
}

/// A fn that is one `Task` state: `#[task(lambda = "name")] fn f(input: In) -> Out;`.
///
/// Arguments: one of `lambda = "…"`, `activity = "…"`, `resource = "arn:…"`; optional
/// `timeout = 300`, `heartbeat = 60` (seconds; `300s` also works) and `name = "StateName"`.
/// `#[retry(…)]` attributes below it add retry policies, in order.
#[proc_macro_attribute]
pub fn task(args: TokenStream, item: TokenStream) -> TokenStream {
    task::expand(args.into(), item.into()).into()
}

/// A retry policy of a `#[task]`; it goes below `#[task(…)]`, which reads it.
///
/// `#[retry(errors = ["States.Timeout", PaymentError::Declined], interval = 2, max_attempts = 6, backoff = 2.0, max_delay = 60, jitter = full)]`
///
/// In a `#[workflow]` body it also goes on a task call statement, for that call only.
#[proc_macro_attribute]
pub fn retry(_args: TokenStream, item: TokenStream) -> TokenStream {
    task::retry_without_task(item.into()).into()
}

/// A fn whose body is a state machine: `#[workflow] fn w(input: In) -> Out { … }`.
///
/// Options: `name = "…"`, `comment = "…"`, `timeout = 3600` (seconds), `arn = "…"`,
/// `query_language = "JSONata"`. The fn stays
/// callable (it runs natively, and rustc type-checks it); `w::workflow()` is its IR and
/// `w::definition()` its ASL.
///
/// The body may use: `let x = e;` (also `let x: T`, `let mut`, shadowing, `let x = if …`/`match …`),
/// `x = e;`, `x.a.b = e;`; places `x`, `x.a.0`, `&x`, `x.clone()`, `x.as_str()`; string, number
/// and bool literals (`"…".to_string()`, `String::from("…")`), `()`, `None`, `Some(e)`, unit
/// variants (`Kind::Refund`); struct literals `T { a: e, b }` (JSON names from `#[serde]`;
/// enum struct variants when the type is known from the context); task calls `f(e)`,
/// `module::f(e)`; `if`/`else if`/`else` with `== != < <= > >=`, `&&`, `||`, `!`, bool fields,
/// `.is_some()`, `.is_none()`, `if let P = x`; `match x { … }` on variants, `Some(_)`/`Some(v)`/
/// `None`, literals, ranges, `p | q`, `_` and a binding; `loop`, `while`, `break`, `continue`,
/// `return`; `sleep(Duration::from_secs(n))`, `sleep(x.seconds)`, `sleep_until("…")`,
/// `sleep_until(x.at)`; `fail!(…)`, also with a typed error (`fail!(PaymentError::Declined, "cause")`);
/// and `#[state(name = "…")]` on a statement to name its state.
///
/// Errors of a task returning `Result<Out, E>` (`E` a `#[derive(TaskError)]` enum):
/// `match task(x) { Ok(v) => …, Err(E::A) => …, Err(E::B | E::C) => …, Err(E::D(info)) => …,
/// Err(e) => …, Err(_) => … }` (exactly one `Ok` arm; each `Err` arm is a catcher, in order;
/// `Err(e)`/`Err(_)` catch every error not caught before), `if let Ok(v) = task(x) { … } else { … }`,
/// and `task(x)?` (not caught: the execution fails with the task's error). A workflow returning
/// `Result<T, E>` outputs `T`; its `Ok(v)` is the result and `Err(E::X)` / `Err(e)` (a caught
/// error) fails the execution. `#[retry(…)]` on a task call statement (`let r = task(x);`,
/// `task(x);`) replaces the task's declared retry policies for that call.
///
///
/// Data: `map(x.items, |item| …)` and `Map::over(x.items).max_concurrency(5)…run(|item| …)` /
/// `Map::read(S3Objects { bucket, prefix })…run(…)` (a `Map` state; the closure reads outer
/// variables but cannot assign them; options are literals); `for item in x.items { … }` with
/// `break`/`continue`; intrinsics as values: `format!("{}-{name}", a)`, `vec![a, b]`, `a + 1`,
/// `a - 1`, `x += 1`, `x.len()`, `x.contains(&v)` (also as a condition), `x.items[i]`, `uuid()`,
/// `hash(s, HashAlgorithm::Sha256)`, `base64_encode`, `base64_decode`, `array_range`, `partition`,
/// `unique`, `merge`, `to_json_string`, `from_json_string::<T>`, `random`, `split`; and context
/// fields: `ctx().execution.id`, `ctx().map.item.index`, …. Tuple destructuring
/// (`let (a, b) = parallel!(…);`) and numeric casts (`x.items.len() as i64`) work too.
///
/// `query_language = "JSONata"` (default `"JSONPath"`) makes pure Rust expressions part of the
/// state machine: arithmetic (`+ - * / %`), casts, comparisons and `&&`/`||` as values, `f64`
/// methods (`round`, `floor`, `abs`, `max`, `powi`, `f64::max(a, b)`, …), string methods
/// (`to_uppercase`, `trim`, `starts_with`, `replace`, `split`, `len`, `chars().count()`, …),
/// `Option` methods (`is_some`, `unwrap_or`, `map`), iterator chains (`iter().filter(|x| …)
/// .map(|x| …).sum()`, `any`, `all`, `find`, `count`, `max`, `fold(init, |acc, x| …)`,
/// `fold(init, f64::max)`), `v[i]`, tuples, `format!`, and `if`/`match` whose branches are plain
/// values (computed in place, no Choice).
/// Anything else is a compile error that says what to write instead.
#[proc_macro_attribute]
pub fn workflow(args: TokenStream, item: TokenStream) -> TokenStream {
    workflow::expand(args.into(), item.into()).into()
}

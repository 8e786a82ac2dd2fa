//! Typed task errors: the `TaskError` trait that `#[derive(TaskError)]` implements, the
//! `ErrorInfo` object a caught error carries, and ready-made enums of the ASL error names.

use crate::runtime::Failure;
use crate::Payload;

/// The error object Step Functions passes to a catcher: `{"Error": name, "Cause": text}`.
#[derive(Payload, serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Eq, Default)]
pub struct ErrorInfo {
    #[serde(rename = "Error")]
    pub error: String,
    #[serde(rename = "Cause")]
    pub cause: String,
}

impl From<&Failure> for ErrorInfo {
    fn from(failure: &Failure) -> ErrorInfo {
        ErrorInfo {
            error: failure.error.clone(),
            cause: failure.cause.clone(),
        }
    }
}

/// An enum of the ASL errors a task can fail with: derive it with `#[derive(TaskError)]`.
///
/// A task returning `Result<Out, E>` with `E: TaskError` can be caught in a workflow
/// (`match task(x) { Ok(v) => …, Err(E::Declined) => … }`) or passed on with `?`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a task error type: it has no `#[derive(TaskError)]`",
    label = "a task error enum is needed here",
    note = "add `#[derive(TaskError)]` to an enum whose variants are the ASL error names, like `enum PaymentError {{ Declined, #[error(all)] Other(ErrorInfo) }}`"
)]
pub trait TaskError: Sized {
    /// (Rust variant name, ASL error name) per variant, in declaration order. A catch-all
    /// variant's ASL name is `"States.ALL"`.
    fn error_names() -> Vec<(&'static str, &'static str)>;
    /// The variant an ASL error (name + cause) is, if this type has one for it (the
    /// catch-all takes any name).
    fn from_failure(failure: &Failure) -> Option<Self>;
    /// The ASL error this value stands for (name; the cause if the variant carries one, else "").
    fn to_failure(&self) -> Failure;
}

/// The ASL name that matches every error.
pub const ALL: &str = "States.ALL";

/// The errors Step Functions itself raises.
#[derive(crate::TaskError, Debug, Clone, PartialEq)]
pub enum StatesError {
    #[error(name = "States.Timeout")]
    Timeout,
    #[error(name = "States.TaskFailed")]
    TaskFailed,
    #[error(name = "States.Permissions")]
    Permissions,
    #[error(name = "States.HeartbeatTimeout")]
    HeartbeatTimeout,
    #[error(name = "States.DataLimitExceeded")]
    DataLimitExceeded,
    #[error(name = "States.Runtime")]
    Runtime,
    #[error(name = "States.ResultPathMatchFailure")]
    ResultPathMatchFailure,
    #[error(name = "States.ParameterPathFailure")]
    ParameterPathFailure,
    #[error(name = "States.BranchFailed")]
    BranchFailed,
    #[error(name = "States.NoChoiceMatched")]
    NoChoiceMatched,
    #[error(name = "States.IntrinsicFailure")]
    IntrinsicFailure,
    #[error(name = "States.ExceedToleratedFailureThreshold")]
    ExceedToleratedFailureThreshold,
    #[error(name = "States.ItemReaderFailed")]
    ItemReaderFailed,
    #[error(name = "States.ResultWriterFailed")]
    ResultWriterFailed,
    #[error(all)]
    Other(ErrorInfo),
}

/// The errors of a Lambda invocation that are worth retrying.
#[derive(crate::TaskError, Debug, Clone, PartialEq)]
pub enum LambdaError {
    #[error(name = "Lambda.ServiceException")]
    ServiceException,
    #[error(name = "Lambda.AWSLambdaException")]
    AwsLambdaException,
    #[error(name = "Lambda.SdkClientException")]
    SdkClientException,
    #[error(name = "Lambda.TooManyRequestsException")]
    TooManyRequests,
    #[error(name = "Lambda.Unknown")]
    Unknown,
}

/// Any error at all, with its name and cause.
#[derive(crate::TaskError, Debug, Clone, PartialEq)]
pub enum AnyError {
    #[error(all)]
    Error(ErrorInfo),
}

/// The ASL names of the variants `variants` (Rust names) of an error type whose names are
/// `names`: the errors an `Err(E::A | E::B)` arm catches. The catch-all stands for every name.
#[doc(hidden)]
pub fn catch_names(names: &[(&str, &str)], variants: &[&str]) -> Vec<String> {
    let caught: Vec<&str> = names
        .iter()
        .filter(|(rust, _)| variants.contains(rust))
        .map(|(_, asl)| *asl)
        .collect();
    if caught.contains(&ALL) {
        return vec![ALL.to_string()];
    }
    caught.into_iter().map(String::from).collect()
}

/// The ASL names an `Err(e)` / `Err(_)` arm catches after arms for the variants `caught`:
/// every other name, or `States.ALL` when the type has a catch-all that was not caught yet.
#[doc(hidden)]
pub fn remaining_names(names: &[(&str, &str)], caught: &[&str]) -> Vec<String> {
    let rest: Vec<&str> = names
        .iter()
        .filter(|(rust, _)| !caught.contains(rust))
        .map(|(_, asl)| *asl)
        .collect();
    if rest.contains(&ALL) {
        return vec![ALL.to_string()];
    }
    rest.into_iter().map(String::from).collect()
}

/// The ASL name of one variant (Rust name) of an error type. `check` is only there so that
/// rustc checks the variant exists (`|e| matches!(e, E::Declined { .. })`) and infers `E`.
#[doc(hidden)]
pub fn variant_error_name<E: TaskError>(check: impl Fn(&E) -> bool, variant: &str) -> String {
    let _ = check;
    E::error_names()
        .into_iter()
        .find(|(rust, _)| *rust == variant)
        .map(|(_, asl)| asl.to_string())
        .unwrap_or_else(|| variant.to_string())
}

/// What `fail!(E::Variant, cause)` fails with natively: the variant's ASL name.
/// `path` is the variant's path as written (`stringify!`); its last segment is the variant.
#[doc(hidden)]
pub fn typed_failure<E: TaskError>(
    check: impl Fn(&E) -> bool,
    path: &str,
    cause: String,
) -> Failure {
    let variant = path.rsplit("::").next().unwrap_or(path).trim();
    Failure {
        error: variant_error_name(check, variant),
        cause,
    }
}

/// A task's declared return type that is `Result<Out, E>` with a typed error: what `?` and
/// `Err(…)` arms need.
#[diagnostic::on_unimplemented(
    message = "this task returns `{Self}`, not `Result<Out, E>` with `E: TaskError`, so it has no errors to catch or pass on with `?`",
    label = "this task does not return `Result`",
    note = "declare the task as `fn task(input: In) -> Result<Out, E>;` with `#[derive(TaskError)] enum E {{ … }}`"
)]
#[doc(hidden)]
pub trait TaskResult {
    type Error: TaskError + Payload;
}

impl<O, E: TaskError + Payload> TaskResult for Result<O, E> {
    type Error = E;
}

/// The (Rust, ASL) error names of a task returning `R`.
#[doc(hidden)]
pub fn task_error_names<R: TaskResult>() -> Vec<(&'static str, &'static str)> {
    <R::Error as TaskError>::error_names()
}

/// The shape of the error object a task returning `R` fails with.
#[doc(hidden)]
pub fn task_error_shape<R: TaskResult>() -> asl_model::ir::Shape {
    <R::Error as Payload>::shape()
}

/// The `Fail` statement of `return Err(E::Variant)` / `return Err(E::Variant(info))`: the
/// variant's ASL name (the caught name for the catch-all) and, with `info`, its cause.
#[doc(hidden)]
pub fn fail_with_variant(
    names: &[(&str, &str)],
    variant: &str,
    info: Option<asl_model::ir::Place>,
) -> asl_model::ir::StmtKind {
    use asl_model::ir::{StmtKind, Text};
    let name = names
        .iter()
        .find(|(rust, _)| *rust == variant)
        .map(|(_, asl)| *asl)
        .unwrap_or(variant);
    let error = match (&info, name == ALL) {
        (Some(info), true) => Text::At(info.clone().field("error")),
        _ => Text::Literal(name.to_string()),
    };
    StmtKind::Fail {
        error: Some(error),
        cause: info.map(|info| Text::At(info.field("cause"))),
    }
}

/// The catchers of a `Try` in source order, without those that catch nothing (an `Err(e)`
/// arm after arms for every variant), and with a `States.ALL` catcher last: the catch-all
/// variant only matches errors no other variant names, and ASL requires it to come last.
#[doc(hidden)]
pub fn try_catchers(catchers: Vec<asl_model::ir::ErrArm>) -> Vec<asl_model::ir::ErrArm> {
    let (all, named): (Vec<_>, Vec<_>) = catchers
        .into_iter()
        .filter(|c| !c.errors.is_empty())
        .partition(|c| c.errors.iter().any(|e| e == ALL));
    named.into_iter().chain(all).collect()
}

/// A workflow fn's result: `T`, or `Result<T, E>` whose `Err` fails the execution.
pub trait WorkflowOutput {
    type Value;
    fn into_result(self) -> Result<Self::Value, Failure>;
    /// Called from another workflow: the value, or the failure an `Err` ends the child with.
    fn into_child_result(self) -> Result<Self, Failure>
    where
        Self: Sized,
    {
        Ok(self)
    }
    /// What the parent's call returns when the child failed with `failure`, if it is a value
    /// (an `Err` of a variant that names it); `None`: the call fails.
    fn from_child_failure(_failure: &Failure) -> Option<Self>
    where
        Self: Sized,
    {
        None
    }
}

impl<T: Payload> WorkflowOutput for T {
    type Value = T;
    fn into_result(self) -> Result<T, Failure> {
        Ok(self)
    }
}

impl<T, E: TaskError> WorkflowOutput for Result<T, E> {
    type Value = T;
    /// An `Err` the workflow passed on with `?` from an integration call keeps that call's
    /// cause (a timeout's, a service error's), as the execution fails with it.
    fn into_result(self) -> Result<T, Failure> {
        self.map_err(|e| crate::runtime::passed_on(e.to_failure()))
    }

    fn into_child_result(self) -> Result<Self, Failure> {
        match self {
            Ok(v) => Ok(Ok(v)),
            Err(e) => Err(crate::runtime::passed_on(e.to_failure())),
        }
    }

    fn from_child_failure(failure: &Failure) -> Option<Self> {
        E::from_failure(failure).map(Err)
    }
}

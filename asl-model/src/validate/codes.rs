//! The validator's rule codes (the parser's are in [`crate::parse::codes`]), grouped by concern.

// ---- fields ----
/// A field no ASL object of this kind has (a typo, usually).
pub const UNKNOWN_FIELD: &str = "UNKNOWN_FIELD";
/// An ASL field in a place that does not allow it (Retry on a Pass state, End on a Choice state, …).
pub const FIELD_NOT_ALLOWED: &str = "FIELD_NOT_ALLOWED";
/// Two fields of which at most one may be given (TimeoutSeconds and TimeoutSecondsPath, …).
pub const MUTUALLY_EXCLUSIVE_FIELDS: &str = "MUTUALLY_EXCLUSIVE_FIELDS";
// ---- query languages ----
/// A state sets QueryLanguage JSONPath in a machine whose top level is JSONata.
pub const QUERY_LANGUAGE_CONFLICT: &str = "QUERY_LANGUAGE_CONFLICT";
/// A JSONPath-only field (InputPath, Parameters, ResultPath, …Path, Variable, …) in a JSONata state.
pub const JSONPATH_FIELD_IN_JSONATA: &str = "JSONPATH_FIELD_IN_JSONATA";
/// A JSONata-only field (Arguments, Output, Items, Condition) in a JSONPath state.
pub const JSONATA_FIELD_IN_JSONPATH: &str = "JSONATA_FIELD_IN_JSONPATH";
/// A {% %} expression where a JSONPath state needs a number or timestamp.
pub const JSONATA_IN_JSONPATH_STATE: &str = "JSONATA_IN_JSONPATH_STATE";
/// Warning: a {% %} string in a JSONPath state, where it is taken literally.
pub const JSONATA_LITERAL_IN_JSONPATH: &str = "JSONATA_LITERAL_IN_JSONPATH";
/// A {% %} string that is not valid JSONata.
pub const INVALID_JSONATA: &str = "INVALID_JSONATA";
/// A `.$` key in a JSONata state.
pub const DYNAMIC_KEY_IN_JSONATA: &str = "DYNAMIC_KEY_IN_JSONATA";
/// A string where a number or a {% %} expression is required.
pub const EXPECTED_NUMBER: &str = "EXPECTED_NUMBER";
/// A value that must be a {% %} expression (or an array / boolean literal).
pub const EXPECTED_EXPRESSION: &str = "EXPECTED_EXPRESSION";
// ---- scopes and transitions ----
pub const START_AT_EMPTY: &str = "START_AT_EMPTY";
/// StartAt names no state of its scope.
pub const START_AT_DANGLING: &str = "START_AT_DANGLING";
/// Next, Default or a catcher's Next names no state.
pub const DANGLING_NEXT: &str = "DANGLING_NEXT";
/// A transition target that exists, but in another scope (into/out of a branch or processor).
pub const NEXT_ESCAPES_SCOPE: &str = "NEXT_ESCAPES_SCOPE";
pub const UNREACHABLE_STATE: &str = "UNREACHABLE_STATE";
pub const NEXT_AND_END: &str = "NEXT_AND_END";
/// A Task/Pass/Wait/Parallel/Map state with neither Next nor End.
pub const NO_TRANSITION: &str = "NO_TRANSITION";
pub const NO_TERMINAL_STATE: &str = "NO_TERMINAL_STATE";
/// Warning: a cycle of Choice/Pass states with nothing that waits.
pub const CHOICE_TIGHT_LOOP: &str = "CHOICE_TIGHT_LOOP";
// ---- names ----
pub const DUPLICATE_STATE_NAME: &str = "DUPLICATE_STATE_NAME";
pub const STATE_NAME_EMPTY: &str = "STATE_NAME_EMPTY";
pub const STATE_NAME_TOO_LONG: &str = "STATE_NAME_TOO_LONG";
/// A state name with control characters.
pub const STATE_NAME_INVALID_CHARS: &str = "STATE_NAME_INVALID_CHARS";
// ---- paths, templates, intrinsics, variables ----
pub const INVALID_PATH: &str = "INVALID_PATH";
pub const NOT_REFERENCE_PATH: &str = "NOT_REFERENCE_PATH";
/// ResultPath starting with `$$` or a variable.
pub const RESULT_PATH_ROOT: &str = "RESULT_PATH_ROOT";
pub const DYNAMIC_VALUE_NOT_STRING: &str = "DYNAMIC_VALUE_NOT_STRING";
/// The value of a `.$` key is neither a path nor an intrinsic call.
pub const DYNAMIC_VALUE_NOT_PATH: &str = "DYNAMIC_VALUE_NOT_PATH";
/// Two keys that are equal once `.$` is stripped.
pub const DUPLICATE_PAYLOAD_FIELD: &str = "DUPLICATE_PAYLOAD_FIELD";
/// Warning: a `.$` key in a Pass state's literal Result.
pub const DYNAMIC_KEY_IN_RESULT: &str = "DYNAMIC_KEY_IN_RESULT";
/// Parameters, ResultSelector, ItemSelector, Arguments … that is not an object.
pub const PAYLOAD_NOT_OBJECT: &str = "PAYLOAD_NOT_OBJECT";
pub const INVALID_INTRINSIC: &str = "INVALID_INTRINSIC";
pub const VARIABLE_NAME_INVALID: &str = "VARIABLE_NAME_INVALID";
pub const VARIABLE_NAME_RESERVED: &str = "VARIABLE_NAME_RESERVED";
/// A variable assigned in a Parallel branch or inline Map iteration that an enclosing
/// scope assigns too.
pub const VARIABLE_SHADOWS_OUTER: &str = "VARIABLE_SHADOWS_OUTER";
/// `$states.result` or `$states.errorOutput` read where Step Functions does not provide it.
pub const STATES_FIELD_UNAVAILABLE: &str = "STATES_FIELD_UNAVAILABLE";
pub const ASSIGN_TOO_LARGE: &str = "ASSIGN_TOO_LARGE";
// ---- Choice ----
pub const CHOICE_NO_RULES: &str = "CHOICE_NO_RULES";
/// Warning: a Choice without Default fails with States.NoChoiceMatched when no rule matches.
pub const CHOICE_NO_DEFAULT: &str = "CHOICE_NO_DEFAULT";
/// And/Or with an empty list.
pub const EMPTY_BOOLEAN_COMBINATOR: &str = "EMPTY_BOOLEAN_COMBINATOR";
pub const INVALID_TIMESTAMP: &str = "INVALID_TIMESTAMP";
pub const INVALID_STRING_MATCHES: &str = "INVALID_STRING_MATCHES";
// ---- Retry / Catch ----
pub const ERROR_EQUALS_EMPTY: &str = "ERROR_EQUALS_EMPTY";
pub const STATES_ALL_NOT_ALONE: &str = "STATES_ALL_NOT_ALONE";
pub const STATES_ALL_NOT_LAST: &str = "STATES_ALL_NOT_LAST";
/// Warning: a `States.` error name that is not predefined never matches.
pub const UNKNOWN_STATES_ERROR: &str = "UNKNOWN_STATES_ERROR";
pub const BACKOFF_RATE_RANGE: &str = "BACKOFF_RATE_RANGE";
pub const MAX_ATTEMPTS_RANGE: &str = "MAX_ATTEMPTS_RANGE";
pub const INTERVAL_SECONDS_RANGE: &str = "INTERVAL_SECONDS_RANGE";
pub const MAX_DELAY_SECONDS_RANGE: &str = "MAX_DELAY_SECONDS_RANGE";
/// Warning: MaxDelaySeconds with BackoffRate 1.0 never caps anything.
pub const MAX_DELAY_NO_EFFECT: &str = "MAX_DELAY_NO_EFFECT";
/// Warning: a Lambda task that does not retry Lambda's transient errors.
pub const LAMBDA_NO_RETRY: &str = "LAMBDA_NO_RETRY";
// ---- Task ----
pub const INVALID_RESOURCE: &str = "INVALID_RESOURCE";
pub const TIMEOUT_SECONDS_RANGE: &str = "TIMEOUT_SECONDS_RANGE";
pub const HEARTBEAT_SECONDS_RANGE: &str = "HEARTBEAT_SECONDS_RANGE";
pub const HEARTBEAT_NOT_BELOW_TIMEOUT: &str = "HEARTBEAT_NOT_BELOW_TIMEOUT";
/// Warning: a callback or activity task that can wait up to a year.
pub const TASK_TOKEN_NO_TIMEOUT: &str = "TASK_TOKEN_NO_TIMEOUT";
// ---- Wait ----
pub const WAIT_NO_DURATION: &str = "WAIT_NO_DURATION";
// ---- Parallel / Map ----
pub const PARALLEL_NO_BRANCHES: &str = "PARALLEL_NO_BRANCHES";
pub const MAP_NO_PROCESSOR: &str = "MAP_NO_PROCESSOR";
pub const TOLERATED_FAILURE_PERCENTAGE_RANGE: &str = "TOLERATED_FAILURE_PERCENTAGE_RANGE";
/// ItemReader, ItemBatcher, ResultWriter, Label, ToleratedFailure… in an INLINE Map.
pub const DISTRIBUTED_ONLY_FIELD: &str = "DISTRIBUTED_ONLY_FIELD";
/// An ItemBatcher with none of its four limits.
pub const BATCH_WITHOUT_LIMIT: &str = "BATCH_WITHOUT_LIMIT";
pub const EXECUTION_TYPE_REQUIRED: &str = "EXECUTION_TYPE_REQUIRED";
pub const EXECUTION_TYPE_NOT_ALLOWED: &str = "EXECUTION_TYPE_NOT_ALLOWED";
pub const LABEL_INVALID: &str = "LABEL_INVALID";
pub const READER_CONFIG_VALUE: &str = "READER_CONFIG_VALUE";
pub const CSV_HEADERS_REQUIRED: &str = "CSV_HEADERS_REQUIRED";
pub const MAX_ITEMS_RANGE: &str = "MAX_ITEMS_RANGE";
pub const BATCH_LIMIT_RANGE: &str = "BATCH_LIMIT_RANGE";
pub const WRITER_CONFIG_VALUE: &str = "WRITER_CONFIG_VALUE";
// ---- the machine ----
pub const VERSION_UNSUPPORTED: &str = "VERSION_UNSUPPORTED";
pub const DEFINITION_TOO_LARGE: &str = "DEFINITION_TOO_LARGE";
/// Scopes or JSON nested too deep to be checked (shared with the parser).
pub const NESTING_TOO_DEEP: &str = "NESTING_TOO_DEEP";

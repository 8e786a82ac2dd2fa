//! Which fields each kind of ASL object knows, and the diagnostics for the fields it does not.

use super::codes;
use super::literals::edit_distance;
use crate::diagnostic::{Diagnostic, Pointer};
use crate::document::UnknownFields;

const ALL: &[&str] = &[
    "Task", "Pass", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map",
];
const FLOWING: &[&str] = &["Task", "Pass", "Wait", "Parallel", "Map"];
const SHAPING: &[&str] = &[
    "Task", "Pass", "Choice", "Wait", "Succeed", "Parallel", "Map",
];
const WORKING: &[&str] = &["Task", "Parallel", "Map"];

/// Every state field of the spec with the state types that allow it.
const STATE_FIELDS: &[(&str, &[&str])] = &[
    ("Type", ALL),
    ("Comment", ALL),
    ("QueryLanguage", ALL),
    ("InputPath", SHAPING),
    ("OutputPath", SHAPING),
    ("Output", SHAPING),
    (
        "Assign",
        &["Task", "Pass", "Choice", "Wait", "Parallel", "Map"],
    ),
    ("Next", FLOWING),
    ("End", FLOWING),
    ("Resource", &["Task"]),
    ("Parameters", &["Task", "Pass", "Parallel", "Map"]),
    ("Arguments", &["Task", "Parallel"]),
    ("ResultSelector", WORKING),
    ("ResultPath", &["Task", "Pass", "Parallel", "Map"]),
    ("TimeoutSeconds", &["Task"]),
    ("TimeoutSecondsPath", &["Task"]),
    ("HeartbeatSeconds", &["Task"]),
    ("HeartbeatSecondsPath", &["Task"]),
    ("Credentials", &["Task"]),
    ("Retry", WORKING),
    ("Catch", WORKING),
    ("Result", &["Pass"]),
    ("Choices", &["Choice"]),
    ("Default", &["Choice"]),
    ("Seconds", &["Wait"]),
    ("Timestamp", &["Wait"]),
    ("SecondsPath", &["Wait"]),
    ("TimestampPath", &["Wait"]),
    ("Error", &["Fail"]),
    ("Cause", &["Fail"]),
    ("ErrorPath", &["Fail"]),
    ("CausePath", &["Fail"]),
    ("Branches", &["Parallel"]),
    ("ItemProcessor", &["Map"]),
    ("Iterator", &["Map"]),
    ("ItemsPath", &["Map"]),
    ("Items", &["Map"]),
    ("ItemSelector", &["Map"]),
    ("ItemReader", &["Map"]),
    ("ItemBatcher", &["Map"]),
    ("ResultWriter", &["Map"]),
    ("MaxConcurrency", &["Map"]),
    ("MaxConcurrencyPath", &["Map"]),
    ("ToleratedFailureCount", &["Map"]),
    ("ToleratedFailureCountPath", &["Map"]),
    ("ToleratedFailurePercentage", &["Map"]),
    ("ToleratedFailurePercentagePath", &["Map"]),
    ("Label", &["Map"]),
];

/// Where in a document a non-state object sits, for its list of known fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectKind {
    Machine,
    Branch,
    ItemProcessor,
    Iterator,
    ProcessorConfig,
    Retrier,
    Catcher,
    ChoiceRule,
    ItemReader,
    ReaderConfig,
    ItemBatcher,
    ResultWriter,
    WriterConfig,
}

impl ObjectKind {
    fn known(self) -> &'static [&'static str] {
        match self {
            ObjectKind::Machine => &[
                "Comment",
                "QueryLanguage",
                "StartAt",
                "States",
                "TimeoutSeconds",
                "Version",
            ],
            ObjectKind::Branch => &["Comment", "QueryLanguage", "StartAt", "States"],
            // AWS accepts ProcessorConfig in the legacy Iterator too (recorded executions 779-784).
            ObjectKind::ItemProcessor | ObjectKind::Iterator => &[
                "Comment",
                "QueryLanguage",
                "ProcessorConfig",
                "StartAt",
                "States",
            ],
            ObjectKind::ProcessorConfig => &["Mode", "ExecutionType"],
            ObjectKind::Retrier => &[
                "Comment",
                "ErrorEquals",
                "IntervalSeconds",
                "MaxAttempts",
                "BackoffRate",
                "MaxDelaySeconds",
                "JitterStrategy",
            ],
            ObjectKind::Catcher => &[
                "Comment",
                "ErrorEquals",
                "Next",
                "ResultPath",
                "Output",
                "Assign",
            ],
            ObjectKind::ChoiceRule => &[
                "Comment",
                "Next",
                "Assign",
                "Output",
                "Condition",
                "And",
                "Or",
                "Not",
                "Variable",
                "StringEquals",
                "StringEqualsPath",
                "StringLessThan",
                "StringGreaterThan",
                "StringMatches",
                "NumericEquals",
                "NumericLessThan",
                "NumericGreaterThan",
                "BooleanEquals",
                "TimestampEquals",
                "TimestampLessThan",
                "TimestampGreaterThan",
                "IsNull",
                "IsPresent",
                "IsNumeric",
                "IsString",
                "IsBoolean",
                "IsTimestamp",
            ],
            ObjectKind::ItemReader => &["Resource", "ReaderConfig", "Parameters", "Arguments"],
            ObjectKind::ReaderConfig => &[
                "InputType",
                "CSVHeaderLocation",
                "CSVHeaders",
                "CSVDelimiter",
                "ManifestType",
                "MaxItems",
                "MaxItemsPath",
            ],
            ObjectKind::ItemBatcher => &[
                "MaxItemsPerBatch",
                "MaxItemsPerBatchPath",
                "MaxInputBytesPerBatch",
                "MaxInputBytesPerBatchPath",
                "BatchInput",
            ],
            ObjectKind::ResultWriter => &["Resource", "Parameters", "Arguments", "WriterConfig"],
            ObjectKind::WriterConfig => &["Transformation", "OutputType"],
        }
    }

    fn describe(self) -> &'static str {
        match self {
            ObjectKind::Machine => "the state machine",
            ObjectKind::Branch => "a Parallel branch",
            ObjectKind::ItemProcessor => "an ItemProcessor",
            ObjectKind::Iterator => "an Iterator",
            ObjectKind::ProcessorConfig => "a ProcessorConfig",
            ObjectKind::Retrier => "a retrier",
            ObjectKind::Catcher => "a catcher",
            ObjectKind::ChoiceRule => "a Choice rule",
            ObjectKind::ItemReader => "an ItemReader",
            ObjectKind::ReaderConfig => "a ReaderConfig",
            ObjectKind::ItemBatcher => "an ItemBatcher",
            ObjectKind::ResultWriter => "a ResultWriter",
            ObjectKind::WriterConfig => "a WriterConfig",
        }
    }
}

/// The closest known name to `key`, if it is close enough to be a typo.
fn suggestion<'a>(key: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let lower = key.to_lowercase();
    known
        .map(|k| {
            (
                k,
                if k.to_lowercase() == lower {
                    0
                } else {
                    edit_distance(k, key)
                },
            )
        })
        .filter(|(_, d)| *d <= 2)
        .min_by_key(|(_, d)| *d)
        .map(|(k, _)| k)
}

fn unknown_message(key: &str, where_: &str, hint: Option<&str>) -> String {
    match hint {
        Some(s) => format!(
            "\"{key}\" is not a field of {where_}; did you mean \"{s}\"? Otherwise remove it"
        ),
        None => format!("\"{key}\" is not a field of {where_}; remove it"),
    }
}

/// Diagnostics for the unknown fields of a state of type `state_type`.
pub fn state_unknown_fields(
    state_type: &str,
    unknown: &UnknownFields,
    ptr: &Pointer,
    out: &mut Vec<Diagnostic>,
) {
    for key in unknown.keys() {
        let at = ptr.join(key);
        if let Some((_, types)) = STATE_FIELDS.iter().find(|(name, _)| name == key) {
            let message = match (state_type, key.as_str()) {
                ("Choice", "End") => "a Choice state cannot end an execution: remove \"End\" and send the rules and \"Default\" to a Succeed state instead".to_string(),
                ("Choice", "Next") => "a Choice state moves on through its rules' \"Next\" and its \"Default\": remove \"Next\" (or make it the \"Default\")".to_string(),
                ("Succeed" | "Fail", "Next" | "End") => format!("a {state_type} state is terminal and takes no \"{key}\": remove it"),
                ("Fail", "InputPath" | "OutputPath" | "Output" | "Assign") => format!("a Fail state has no \"{key}\" (its output is the error and cause): remove it"),
                _ => format!("\"{key}\" is not allowed in a {state_type} state (only in {}): remove it", types.join(", ")),
            };
            out.push(Diagnostic::error(codes::FIELD_NOT_ALLOWED, at, message));
        } else if matches!(key.as_str(), "StartAt" | "States" | "Version") {
            out.push(Diagnostic::error(
                codes::FIELD_NOT_ALLOWED,
                at,
                format!("\"{key}\" belongs to a state machine, Parallel branch or ItemProcessor, not to a {state_type} state: remove it"),
            ));
        } else {
            let hint = suggestion(key, STATE_FIELDS.iter().map(|(name, _)| *name));
            out.push(Diagnostic::error(
                codes::UNKNOWN_FIELD,
                at,
                unknown_message(key, &format!("a {state_type} state"), hint),
            ));
        }
    }
}

/// Diagnostics for the unknown fields of a non-state object.
pub fn object_unknown_fields(
    kind: ObjectKind,
    unknown: &UnknownFields,
    ptr: &Pointer,
    out: &mut Vec<Diagnostic>,
) {
    for key in unknown.keys() {
        let at = ptr.join(key);
        let misplaced = match (kind, key.as_str()) {
            (ObjectKind::Branch, "ProcessorConfig") => {
                Some("\"ProcessorConfig\" is only allowed in a Map's ItemProcessor: a Parallel branch always runs inline".to_string())
            }
            (ObjectKind::Branch | ObjectKind::ItemProcessor | ObjectKind::Iterator, "TimeoutSeconds" | "Version") => {
                Some(format!("\"{key}\" is only allowed at the top level of the state machine: remove it here"))
            }
            (ObjectKind::Machine, "Type") => Some("the top level of a state machine has no \"Type\": states go in \"States\"".into()),
            _ => None,
        };
        match misplaced {
            Some(message) => out.push(Diagnostic::error(codes::FIELD_NOT_ALLOWED, at, message)),
            None => {
                let hint = suggestion(key, kind.known().iter().copied());
                out.push(Diagnostic::error(
                    codes::UNKNOWN_FIELD,
                    at,
                    unknown_message(key, kind.describe(), hint),
                ));
            }
        }
    }
}

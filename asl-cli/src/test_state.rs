//! `asl test-state`: AWS's TestState API offline: runs one state of a definition on an input (with
//! a mocked task result or error) and prints each data-flow stage and the outcome.

use asl_local::{
    test_state, InspectionLevel, TestStateError, TestStateMock, TestStateOptions, TestStateReport,
    TestStateStatus,
};
use serde_json::{Map, Value};

use crate::input::{load, read, Loaded};
use crate::{status, Format};

pub const TEST_STATE_HELP: &str = r#"MOCK FILE (--mock): the task's answer, instead of calling its resource:
  {"result": VALUE}                      the resource returns VALUE
  {"error": "Name", "cause": "text"}     the resource fails (cause optional)
A Task needs one. For a Parallel or Map state the mock is the state's whole result (as in AWS's
TestState); without one its branches or iterations run (their Tasks have no handlers).
Pass, Wait, Choice, Succeed and Fail states take no mock.

VARIABLES FILE (--variables): a JSON object of the variables the state sees.

OUTPUT: status SUCCEEDED, FAILED, RETRIABLE (a Retry matched and has attempts left: errorDetails
gives its index and retryBackoffIntervalSeconds) or CAUGHT_ERROR (a Catch matched: errorDetails
gives its index, nextState its Next); output, nextState, error, cause; and at --inspection-level
DEBUG (the default) or TRACE, inspectionData: input, afterInputPath, afterParameters or
afterArguments, afterItemsPath, afterItemSelector, result, afterResultSelector, afterResultPath,
variables (all, after the state), and asl-local's assigned, choice, wait, branches, note.

EXIT STATUS: 0 the state succeeded or a Catch took the error, 1 it failed or would be retried,
2 bad arguments, an unreadable file, an invalid definition or a state that cannot be tested."#;

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Level {
    Info,
    Debug,
    Trace,
}

#[derive(clap::Args)]
pub struct TestStateArgs {
    /// The ASL JSON definition (`-` reads standard input).
    definition: String,
    /// The state to test; it may be inside a Parallel branch or a Map processor.
    #[arg(long)]
    state: String,
    /// The state's input, a JSON file (`-` reads standard input).
    #[arg(long)]
    input: String,
    /// The task's mocked result or error (format below).
    #[arg(long)]
    mock: Option<String>,
    /// A JSON object of the variables visible to the state.
    #[arg(long)]
    variables: Option<String>,
    /// `text` (default): the stages for a person; `json`: TestState's response object.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// INFO: the outcome only; DEBUG and TRACE: also every data-flow stage.
    #[arg(long, value_enum, ignore_case = true, default_value_t = Level::Debug)]
    inspection_level: Level,
    /// Retries the matching retrier already made (TestState's stateConfiguration.retrierRetryCount).
    #[arg(long, default_value_t = 0)]
    retrier_retry_count: u32,
}

fn json_file(file: &str) -> Result<Value, String> {
    let text = read(file)?;
    serde_json::from_str(&text).map_err(|e| format!("{file}: not valid JSON: {e}"))
}

fn parse_mock(v: &Value, file: &str) -> Result<TestStateMock, String> {
    let Some(obj) = v.as_object() else {
        return Err(format!(
            "{file}: the mock must be an object: {{\"result\": …}} or {{\"error\": \"Name\", \"cause\": \"text\"}}"
        ));
    };
    if let Some(k) = obj
        .keys()
        .find(|k| !["result", "error", "cause"].contains(&k.as_str()))
    {
        return Err(format!(
            "{file}: unknown key \"{k}\" (allowed: result, or error and cause)"
        ));
    }
    match (obj.get("result"), obj.get("error")) {
        (Some(r), None) if !obj.contains_key("cause") => Ok(TestStateMock::Result(r.clone())),
        (None, Some(Value::String(error))) => {
            let cause = match obj.get("cause") {
                None => String::new(),
                Some(Value::String(c)) => c.clone(),
                Some(_) => return Err(format!("{file}: \"cause\" must be a string")),
            };
            Ok(TestStateMock::Error {
                error: error.clone(),
                cause,
            })
        }
        (None, Some(_)) => Err(format!(
            "{file}: \"error\" must be a string, the error name"
        )),
        _ => Err(format!(
            "{file}: give either \"result\" or \"error\" (with an optional \"cause\")"
        )),
    }
}

fn options(args: &TestStateArgs) -> Result<TestStateOptions, String> {
    let mock = match &args.mock {
        Some(file) => Some(parse_mock(&json_file(file)?, file)?),
        None => None,
    };
    let variables = match &args.variables {
        None => Map::new(),
        Some(file) => match json_file(file)? {
            Value::Object(m) => m,
            _ => {
                return Err(format!(
                    "{file}: the variables must be a JSON object of names to values"
                ))
            }
        },
    };
    Ok(TestStateOptions {
        mock,
        variables,
        inspection_level: match args.inspection_level {
            Level::Info => InspectionLevel::Info,
            Level::Debug => InspectionLevel::Debug,
            Level::Trace => InspectionLevel::Trace,
        },
        retrier_retry_count: args.retrier_retry_count,
    })
}

pub fn run(args: &TestStateArgs) -> u8 {
    let stdin_uses = [
        Some(&args.definition),
        Some(&args.input),
        args.mock.as_ref(),
    ]
    .into_iter()
    .chain([args.variables.as_ref()])
    .filter(|f| f.is_some_and(|f| f == "-"))
    .count();
    if stdin_uses > 1 {
        eprintln!("asl test-state: only one file can come from standard input");
        return status::USAGE;
    }
    let (_, loaded) = load(&args.definition);
    let machine = match loaded {
        Loaded::Machine(m) => m,
        Loaded::Malformed(diags) => {
            for d in diags {
                eprintln!("{}:{d}", args.definition);
            }
            return status::USAGE;
        }
        Loaded::Unusable(message) => {
            eprintln!("{message}");
            return status::USAGE;
        }
    };
    let errors: Vec<_> = asl_model::validate(&machine)
        .into_iter()
        .filter(|d| d.is_error())
        .collect();
    if !errors.is_empty() {
        for d in errors {
            eprintln!("{}:{d}", args.definition);
        }
        eprintln!("{}: not tested: the definition is invalid", args.definition);
        return status::USAGE;
    }
    let prepared = json_file(&args.input).and_then(|input| Ok((input, options(args)?)));
    let (input, options) = match prepared {
        Ok(p) => p,
        Err(message) => {
            eprintln!("{message}");
            return status::USAGE;
        }
    };
    let report = match test_state(&machine, &args.state, input, &options) {
        Ok(r) => r,
        Err(TestStateError::MockRequired { state }) => {
            eprintln!("asl test-state: the state '{state}' is a Task: pass --mock FILE with its result ({{\"result\": …}}) or error ({{\"error\": \"Name\", \"cause\": \"text\"}}); asl-local calls no real resource");
            return status::USAGE;
        }
        Err(e) => {
            eprintln!("asl test-state: {e}");
            return status::USAGE;
        }
    };
    match args.format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&report.to_json()).unwrap_or_default()
        ),
        Format::Text => print!("{}", report_text(&report)),
    }
    match report.status {
        TestStateStatus::Succeeded | TestStateStatus::CaughtError => status::OK,
        TestStateStatus::Failed | TestStateStatus::Retriable => status::INVALID,
    }
}

fn compact(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// The report for a person: one line per stage, in the order the state applies them.
pub fn report_text(r: &TestStateReport) -> String {
    let mut s = format!(
        "state: {} ({}, {})\n",
        r.state,
        r.state_type,
        r.query_language.as_str()
    );
    if let Some(d) = &r.inspection_data {
        let stages = [
            ("input", &d.input),
            ("after InputPath", &d.after_input_path),
            ("after Parameters", &d.after_parameters),
            ("after Arguments", &d.after_arguments),
            ("after ItemsPath", &d.after_items_path),
            ("after ItemSelector", &d.after_item_selector),
            ("result", &d.result),
            ("after ResultSelector", &d.after_result_selector),
            ("after ResultPath", &d.after_result_path),
        ];
        for (label, v) in stages {
            if let Some(v) = v {
                s += &format!("{label}: {}\n", compact(v));
            }
        }
        if let Some(c) = &d.choice {
            match (c.get("rule"), c.get("default")) {
                (Some(i), _) => {
                    s += &format!(
                        "choice: rule {i} matched → {}\n",
                        c["next"].as_str().unwrap_or("")
                    )
                }
                (None, Some(n)) => {
                    s += &format!(
                        "choice: no rule matched → Default {}\n",
                        n.as_str().unwrap_or("")
                    )
                }
                _ => {}
            }
        }
        if let Some(w) = &d.wait {
            match (w.get("seconds"), w.get("until")) {
                (Some(n), _) => s += &format!("wait: {n} s\n"),
                (None, Some(t)) => s += &format!("wait: until {}\n", t.as_str().unwrap_or("")),
                _ => {}
            }
        }
        for (i, b) in d.branches.iter().flatten().enumerate() {
            let what = match (&b.output, &b.error) {
                (Some(out), _) if b.succeeded => format!("SUCCEEDED {}", compact(out)),
                (_, e) => format!(
                    "FAILED {}: {}",
                    e.as_deref().unwrap_or("(no error)"),
                    b.cause.as_deref().unwrap_or("")
                ),
            };
            s += &format!(
                "branch {i}: {what} (states: {})\n",
                b.states_entered.join(" → ")
            );
        }
        if let Some(note) = &d.note {
            s += &format!("note: {note}\n");
        }
        if let Some(a) = &d.assigned {
            s += &format!("assigned: {}\n", compact(a));
        }
        if let Some(v) = &d.variables {
            s += &format!("variables: {}\n", compact(v));
        }
        if let Some(e) = &d.error_details {
            if let (Some(i), Some(secs)) = (e.retry_index, e.retry_backoff_interval_seconds) {
                s += &format!("retry: Retry[{i}] retries after {secs} s\n");
            }
            if let Some(i) = e.catch_index {
                s += &format!(
                    "catch: Catch[{i}] → {}\n",
                    r.next_state.as_deref().unwrap_or("")
                );
            }
        }
    }
    s += &format!("status: {}\n", r.status.as_str());
    if let Some(out) = &r.output {
        s += &format!("output: {}\n", compact(out));
    }
    if r.error.is_some() || r.cause.is_some() {
        s += &format!("error: {}\n", r.error.as_deref().unwrap_or("(none)"));
        s += &format!("cause: {}\n", r.cause.as_deref().unwrap_or("(none)"));
    }
    match (&r.next_state, r.status) {
        (Some(n), _) => s += &format!("next state: {n}\n"),
        (None, TestStateStatus::Succeeded) => s += "next state: (end)\n",
        _ => {}
    }
    s
}

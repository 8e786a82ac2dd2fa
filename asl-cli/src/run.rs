//! `asl run`: executes a definition locally with asl-local (simulated clock, scripted task results)
//! and reports the outcome for a person or as one JSON object.

use std::time::Duration;

use asl_local::{EventType, Execution, Executor, Outcome, Status, TaskError};
use serde_json::{json, Map, Value};

use crate::input::{load, read, Loaded};
use crate::{status, Format};

/// The handlers file, as `asl run --help` shows it.
pub const HANDLERS_HELP: &str = r#"HANDLERS FILE (--handlers): a JSON object mapping a key to what every call of that task returns.
A key is a Task's Resource as written, a Lambda function name or ARN (also matches
arn:aws:states:::lambda:invoke with that FunctionName, which then gets Payload and returns the
Invoke response), an activity name or ARN, or the logical id of a {"Fn::GetAtt"}/{"Ref"} resource.
Each value holds exactly one of:
  {"result": VALUE}                    every call returns VALUE
  {"results": [VALUE, ...]}            calls return these in order; a call after the last has no handler
  {"error": "Name", "cause": "text"}   every call fails with that error (cause optional)
  {"outcomes": [OUTCOME, ...]}         in order; OUTCOME is {"result": VALUE}, {"error": "Name",
                                       "cause": "text"} or {"never": true}, each with optional "seconds"
  {"never": true}                      the task never answers (only a timeout ends it)
and optionally "seconds": N (simulated duration of each call) and "heartbeat_seconds": N.
A task with no handler fails the execution with asl-local.NoHandler, unless --echo is given:
then it returns its input.

Example: {"hello": {"result": {"name": "Ada"}}, "world": {"results": [1, 2]},
          "arn:aws:states:::sqs:sendMessage": {"error": "SQS.QueueDoesNotExist", "seconds": 2}}

EXIT STATUS: 0 the execution succeeded, 1 it failed or timed out, 2 bad arguments, an
unreadable file or an invalid definition."#;

#[derive(clap::Args)]
pub struct RunArgs {
    /// The ASL JSON definition (`-` reads standard input).
    definition: String,
    /// The execution input, a JSON file (`-` reads standard input); default `{}`.
    #[arg(long)]
    input: Option<String>,
    /// Task results by resource, function or activity name (format below).
    #[arg(long)]
    handlers: Option<String>,
    /// A task without a handler returns its input instead of failing.
    #[arg(long)]
    echo: bool,
    /// `text` (default): output and a summary for a person; `json`: one JSON object.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Seed for States.UUID, States.MathRandom, retry jitter and the execution name.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Step Functions Local's mock configuration file (MockConfigFile.json): the states of
    /// --test-case return its mocked responses, in call order, before any --handlers entry.
    #[arg(long, requires = "test_case")]
    mock_config: Option<String>,
    /// The test case of --mock-config to run.
    #[arg(long, requires = "mock_config")]
    test_case: Option<String>,
    /// The state machine of --mock-config the test case belongs to (needed when the file
    /// configures more than one); also `$$.StateMachine.Name`.
    #[arg(long, requires = "mock_config")]
    state_machine: Option<String>,
}

/// One handlers-file entry, checked.
#[derive(Debug, Clone, PartialEq)]
enum Spec {
    Fixed(Outcome),
    Sequence(Vec<Outcome>),
}

fn seconds(v: &Value, key: &str, what: &str) -> Result<Option<Duration>, String> {
    match v.get(key) {
        None => Ok(None),
        Some(n) => match n.as_f64() {
            Some(s) if (0.0..1e12).contains(&s) => Ok(Some(Duration::from_secs_f64(s))),
            _ => Err(format!(
                "{what}: \"{key}\" must be a non-negative number of seconds"
            )),
        },
    }
}

fn outcome(v: &Value, what: &str, allowed: &[&str]) -> Result<Outcome, String> {
    let Some(obj) = v.as_object() else {
        return Err(format!(
            "{what}: expected an object such as {{\"result\": …}} or {{\"error\": \"Name\"}}"
        ));
    };
    if let Some(k) = obj.keys().find(|k| !allowed.contains(&k.as_str())) {
        return Err(format!(
            "{what}: unknown key \"{k}\" (allowed: {})",
            allowed.join(", ")
        ));
    }
    let kinds: Vec<&str> = ["result", "error", "never"]
        .into_iter()
        .filter(|k| obj.contains_key(*k))
        .collect();
    let mut out = match kinds.as_slice() {
        ["result"] => Outcome::ok(obj["result"].clone()),
        ["error"] => {
            let error = obj["error"]
                .as_str()
                .ok_or(format!("{what}: \"error\" must be a string"))?;
            let cause = match obj.get("cause") {
                None => "",
                Some(c) => c
                    .as_str()
                    .ok_or(format!("{what}: \"cause\" must be a string"))?,
            };
            Outcome::err(TaskError::new(error, cause))
        }
        ["never"] if obj["never"] == json!(true) => Outcome::never(),
        _ => {
            return Err(format!(
                "{what}: give exactly one of \"result\", \"error\", \"never\": true"
            ))
        }
    };
    if kinds != ["error"] && obj.contains_key("cause") {
        return Err(format!("{what}: \"cause\" goes with \"error\""));
    }
    if let Some(d) = seconds(v, "seconds", what)? {
        out = out.taking(d);
    }
    if let Some(d) = seconds(v, "heartbeat_seconds", what)? {
        out = out.heartbeat_every(d);
    }
    Ok(out)
}

/// Parses a handlers file's text into specs by key.
fn parse_handlers(text: &str, file: &str) -> Result<Vec<(String, Spec)>, String> {
    let v: Value =
        serde_json::from_str(text).map_err(|e| format!("{file}: not valid JSON: {e}"))?;
    let Value::Object(entries) = v else {
        return Err(format!(
            "{file}: the handlers file must be a JSON object mapping keys to handlers"
        ));
    };
    let mut out = Vec::new();
    for (key, entry) in entries {
        let what = format!("{file}: \"{key}\"");
        let obj = entry.as_object().cloned().unwrap_or_default();
        let timing: Map<String, Value> = obj
            .iter()
            .filter(|(k, _)| *k == "seconds" || *k == "heartbeat_seconds")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let spec = if let Some(list) = obj.get("results") {
            let allowed = ["results", "seconds", "heartbeat_seconds"];
            if let Some(k) = obj.keys().find(|k| !allowed.contains(&k.as_str())) {
                return Err(format!("{what}: unknown key \"{k}\" next to \"results\""));
            }
            let list = list
                .as_array()
                .ok_or(format!("{what}: \"results\" must be an array"))?;
            let mut seq = Vec::new();
            for r in list {
                let mut o = timing.clone();
                o.insert("result".into(), r.clone());
                seq.push(outcome(
                    &Value::Object(o),
                    &what,
                    &["result", "seconds", "heartbeat_seconds"],
                )?);
            }
            Spec::Sequence(seq)
        } else if let Some(list) = obj.get("outcomes") {
            let allowed = ["outcomes"];
            if let Some(k) = obj.keys().find(|k| !allowed.contains(&k.as_str())) {
                return Err(format!("{what}: unknown key \"{k}\" next to \"outcomes\" (give \"seconds\" in each outcome)"));
            }
            let list = list
                .as_array()
                .ok_or(format!("{what}: \"outcomes\" must be an array"))?;
            let mut seq = Vec::new();
            for (i, o) in list.iter().enumerate() {
                seq.push(outcome(
                    o,
                    &format!("{what}, outcome {i}"),
                    &[
                        "result",
                        "error",
                        "cause",
                        "never",
                        "seconds",
                        "heartbeat_seconds",
                    ],
                )?);
            }
            Spec::Sequence(seq)
        } else {
            Spec::Fixed(outcome(
                &entry,
                &what,
                &[
                    "result",
                    "error",
                    "cause",
                    "never",
                    "seconds",
                    "heartbeat_seconds",
                ],
            )?)
        };
        out.push((key, spec));
    }
    Ok(out)
}

fn report_json(run: &Execution) -> Value {
    let events: Vec<Value> = run
        .history
        .iter()
        .map(|e| {
            let named = e.event_type.is_state_entered()
                || e.event_type.as_str().ends_with("StateExited")
                || matches!(
                    e.event_type,
                    EventType::MapIterationStarted
                        | EventType::MapIterationSucceeded
                        | EventType::MapIterationFailed
                        | EventType::MapIterationAborted
                );
            match (&e.state_name, named) {
                (Some(n), true) => json!({"type": e.event_type.as_str(), "name": n}),
                _ => json!({"type": e.event_type.as_str()}),
            }
        })
        .collect();
    json!({
        "status": run.status.as_str(),
        "output": run.output,
        "error": run.error,
        "cause": run.cause,
        "transitions": run.transitions(),
        "events": events,
    })
}

fn report_text(run: &Execution) -> String {
    let mut s = format!("status: {}\n", run.status);
    match &run.output {
        Some(out) => {
            let compact = serde_json::to_string(out).unwrap_or_default();
            if compact.len() <= 100 {
                s += &format!("output: {compact}\n");
            } else {
                s += &format!(
                    "output:\n{}\n",
                    serde_json::to_string_pretty(out).unwrap_or_default()
                );
            }
        }
        None => {
            s += &format!("error: {}\n", run.error.as_deref().unwrap_or("(none)"));
            s += &format!("cause: {}\n", run.cause.as_deref().unwrap_or("(none)"));
        }
    }
    s += &format!("states entered: {}\n", run.states_entered().join(" → "));
    s += &format!("transitions: {}\n", run.transitions());
    let ms = run.stop_time - run.start_time;
    s += &format!("simulated duration: {}.{:03} s\n", ms / 1000, ms % 1000);
    s += &format!("task calls: {}\n", run.calls.len());
    s
}

pub fn run(args: &RunArgs) -> u8 {
    if args.definition == "-" && args.input.as_deref() == Some("-") {
        eprintln!("asl run: the definition and the input cannot both come from standard input");
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
        eprintln!("{}: not run: the definition is invalid", args.definition);
        return status::USAGE;
    }
    let input = match &args.input {
        None => json!({}),
        Some(file) => match read(file).and_then(|t| {
            serde_json::from_str::<Value>(&t).map_err(|e| format!("{file}: not valid JSON: {e}"))
        }) {
            Ok(v) => v,
            Err(message) => {
                eprintln!("{message}");
                return status::USAGE;
            }
        },
    };
    let mut executor = Executor::new(&machine).echo(args.echo).seed(args.seed);
    if let Some(file) = &args.handlers {
        let specs = match read(file).and_then(|t| parse_handlers(&t, file)) {
            Ok(s) => s,
            Err(message) => {
                eprintln!("{message}");
                return status::USAGE;
            }
        };
        for (key, spec) in specs {
            executor = match spec {
                Spec::Sequence(seq) => executor.returns(key, seq),
                Spec::Fixed(o) => executor.handler(key, move |_| o.clone()),
            };
        }
    }
    if let (Some(file), Some(case)) = (&args.mock_config, &args.test_case) {
        executor = match crate::mock_config::apply(
            executor,
            &machine,
            file,
            args.state_machine.as_deref(),
            case,
        ) {
            Ok(e) => e,
            Err(message) => {
                eprintln!("{message}");
                return status::USAGE;
            }
        };
    }
    let run = executor.run(input);
    match args.format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&report_json(&run)).unwrap_or_default()
        ),
        Format::Text => print!("{}", report_text(&run)),
    }
    match run.status {
        Status::Succeeded => status::OK,
        Status::Failed | Status::TimedOut => status::INVALID,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_handler_form() {
        let specs = parse_handlers(
            r#"{"a": {"result": 1}, "b": {"results": [1, 2], "seconds": 2}, "c": {"error": "E", "cause": "x"},
                "d": {"outcomes": [{"result": null}, {"error": "E"}, {"never": true, "seconds": 1}]}, "e": {"never": true}}"#,
            "h.json",
        )
        .unwrap();
        assert_eq!(specs[0], ("a".into(), Spec::Fixed(Outcome::ok(json!(1)))));
        assert_eq!(
            specs[1],
            (
                "b".into(),
                Spec::Sequence(vec![
                    Outcome::ok(json!(1)).taking(Duration::from_secs(2)),
                    Outcome::ok(json!(2)).taking(Duration::from_secs(2))
                ])
            )
        );
        assert_eq!(
            specs[2],
            (
                "c".into(),
                Spec::Fixed(Outcome::err(TaskError::new("E", "x")))
            )
        );
        assert_eq!(
            specs[3],
            (
                "d".into(),
                Spec::Sequence(vec![
                    Outcome::ok(Value::Null),
                    Outcome::err(TaskError::new("E", "")),
                    Outcome::never().taking(Duration::from_secs(1))
                ])
            )
        );
        assert_eq!(specs[4], ("e".into(), Spec::Fixed(Outcome::never())));
    }

    #[test]
    fn rejects_malformed_handlers() {
        for (text, msg) in [
            ("[]", "must be a JSON object"),
            (r#"{"a": 1}"#, "expected an object"),
            (r#"{"a": {}}"#, "exactly one of"),
            (r#"{"a": {"result": 1, "error": "E"}}"#, "exactly one of"),
            (r#"{"a": {"reslt": 1}}"#, "unknown key \"reslt\""),
            (r#"{"a": {"results": 1}}"#, "must be an array"),
            (r#"{"a": {"error": 5}}"#, "must be a string"),
            (
                r#"{"a": {"result": 1, "cause": "c"}}"#,
                "goes with \"error\"",
            ),
            (r#"{"a": {"result": 1, "seconds": -1}}"#, "non-negative"),
            (r#"{"a": {"never": false}}"#, "exactly one of"),
            ("{", "not valid JSON"),
        ] {
            let e = parse_handlers(text, "h.json").unwrap_err();
            assert!(e.contains(msg), "{text}: {e}");
        }
    }
}

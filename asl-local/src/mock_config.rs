//! Step Functions Local's mock configuration file (`MockConfigFile.json`): test cases that map
//! state names to mocked responses (`Return` / `Throw`, by call index or range such as `"1-2"`),
//! parsed with errors that name the JSON pointer, and applied to an [`Executor`].

use asl_model::{State, StateMachine};
use indexmap::IndexMap;
use serde_json::{Map, Value};

use crate::executor::Executor;
use crate::handler::{Outcome, TaskError};

/// A problem in a mock configuration file: where (a JSON pointer) and what to fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{pointer}: {message}")]
pub struct MockConfigError {
    /// The JSON pointer of the offending value (`""` for the whole document).
    pub pointer: String,
    pub message: String,
}

fn problem(pointer: impl Into<String>, message: impl Into<String>) -> MockConfigError {
    MockConfigError {
        pointer: pointer.into(),
        message: message.into(),
    }
}

/// Escapes a key for a JSON pointer (RFC 6901: `~` → `~0`, `/` → `~1`).
fn pointer_key(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// A parsed mock configuration: test cases per state machine, and the mocked responses as
/// outcomes in call order.
///
/// ```
/// use asl_local::{Executor, MockConfig, Status};
/// use serde_json::json;
///
/// let machine = asl_model::parse_str(r#"{"StartAt": "Call", "States": {
///   "Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
///            "Parameters": {"FunctionName": "f"}, "OutputPath": "$.Payload", "End": true}}}"#).unwrap();
/// let config = MockConfig::parse(r#"{
///   "StateMachines": {"Demo": {"TestCases": {"HappyPath": {"Call": "Ok"}}}},
///   "MockedResponses": {"Ok": {"0": {"Return": {"StatusCode": 200, "Payload": {"done": true}}}}}
/// }"#).unwrap();
/// let mocks = config.test_case(Some("Demo"), "HappyPath").unwrap();
/// let run = mocks.apply(Executor::new(&machine)).run(json!({}));
/// assert_eq!(run.status, Status::Succeeded);
/// assert_eq!(run.output, Some(json!({"done": true})));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct MockConfig {
    /// State machine name → test case name → state name → mocked response name.
    pub state_machines: IndexMap<String, IndexMap<String, IndexMap<String, String>>>,
    /// Mocked response name → one outcome per call, the ranges expanded.
    pub mocked_responses: IndexMap<String, Vec<Outcome>>,
}

/// The mocked states of one test case: state name → outcomes, one per call.
#[derive(Debug, Clone, PartialEq)]
pub struct TestCaseMocks {
    pub test_case: String,
    pub states: Vec<(String, Vec<Outcome>)>,
}

impl TestCaseMocks {
    /// Registers every mocked state's outcomes with the executor (see [`Executor::state_returns`]).
    pub fn apply(&self, mut executor: Executor) -> Executor {
        for (state, outcomes) in &self.states {
            executor = executor.state_returns(state.clone(), outcomes.clone());
        }
        executor
    }

    /// Checks that every mocked state is a Task state of the machine (at any depth).
    pub fn check_against(&self, machine: &StateMachine) -> Result<(), String> {
        let mut tasks = Vec::new();
        let mut others = Vec::new();
        collect_state_names(&machine.states, &mut tasks, &mut others);
        for (name, _) in &self.states {
            if tasks.contains(name) {
                continue;
            }
            if others.contains(name) {
                return Err(format!(
                    "the test case '{}' mocks the state '{name}', which is not a Task state; only Task states can be mocked",
                    self.test_case
                ));
            }
            return Err(format!(
                "the test case '{}' mocks the state '{name}', which the state machine does not have (its Task states: {})",
                self.test_case,
                if tasks.is_empty() { "none".to_string() } else { tasks.join(", ") }
            ));
        }
        Ok(())
    }
}

fn collect_state_names(
    states: &IndexMap<String, State>,
    tasks: &mut Vec<String>,
    others: &mut Vec<String>,
) {
    for (name, state) in states {
        match state {
            State::Task(_) => tasks.push(name.clone()),
            State::Parallel(p) => {
                others.push(name.clone());
                for b in &p.branches {
                    collect_state_names(&b.states, tasks, others);
                }
            }
            State::Map(m) => {
                others.push(name.clone());
                if let Some(g) = m.processor() {
                    collect_state_names(&g.states, tasks, others);
                }
            }
            _ => others.push(name.clone()),
        }
    }
}

fn object<'v>(
    v: &'v Value,
    pointer: &str,
    what: &str,
) -> Result<&'v Map<String, Value>, MockConfigError> {
    v.as_object()
        .ok_or_else(|| problem(pointer, format!("{what} must be a JSON object")))
}

fn only_keys(
    obj: &Map<String, Value>,
    pointer: &str,
    allowed: &[&str],
) -> Result<(), MockConfigError> {
    match obj.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(k) => Err(problem(
            format!("{pointer}/{}", pointer_key(k)),
            format!(
                "unknown field \"{k}\" (allowed here: {})",
                allowed.join(", ")
            ),
        )),
        None => Ok(()),
    }
}

/// `"3"` → (3, 3); `"1-2"` → (1, 2).
fn call_range(key: &str) -> Option<(usize, usize)> {
    let number = |t: &str| -> Option<usize> {
        (!t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse().ok())
            .flatten()
    };
    match key.split_once('-') {
        Some((a, b)) => {
            let (a, b) = (number(a)?, number(b)?);
            (a <= b).then_some((a, b))
        }
        None => number(key).map(|n| (n, n)),
    }
}

/// At most this many calls per mocked response, so a range such as `"0-99999999999"` cannot
/// exhaust memory.
const MAX_MOCKED_CALLS: usize = 100_000;

fn parse_response(v: &Value, pointer: &str) -> Result<Outcome, MockConfigError> {
    let obj = object(v, pointer, "a mocked response for a call")?;
    only_keys(obj, pointer, &["Return", "Throw"])?;
    match (obj.get("Return"), obj.get("Throw")) {
        (Some(r), None) => Ok(Outcome::ok(r.clone())),
        (None, Some(t)) => {
            let tp = format!("{pointer}/Throw");
            let throw = object(t, &tp, "\"Throw\"")?;
            only_keys(throw, &tp, &["Error", "Cause"])?;
            let error = match throw.get("Error") {
                Some(Value::String(s)) if !s.is_empty() => s.clone(),
                Some(_) => return Err(problem(format!("{tp}/Error"), "\"Error\" must be a non-empty string, the error name")),
                None => return Err(problem(&tp, "\"Throw\" needs \"Error\", the error name (and optionally \"Cause\")")),
            };
            let cause = match throw.get("Cause") {
                None => String::new(),
                Some(Value::String(s)) => s.clone(),
                Some(_) => return Err(problem(format!("{tp}/Cause"), "\"Cause\" must be a string")),
            };
            Ok(Outcome::err(TaskError::new(error, cause)))
        }
        _ => Err(problem(
            pointer,
            "give exactly one of \"Return\" (the result) or \"Throw\" ({\"Error\": …, \"Cause\": …})",
        )),
    }
}

fn parse_mocked_response(v: &Value, pointer: &str) -> Result<Vec<Outcome>, MockConfigError> {
    let obj = object(v, pointer, "a mocked response")?;
    if obj.is_empty() {
        return Err(problem(
            pointer,
            "a mocked response needs at least the call \"0\"",
        ));
    }
    let mut ranges = Vec::with_capacity(obj.len());
    for (key, response) in obj {
        let kp = format!("{pointer}/{}", pointer_key(key));
        let Some((first, last)) = call_range(key) else {
            return Err(problem(
                kp,
                format!("\"{key}\" is not a call index such as \"0\" or a range such as \"1-2\""),
            ));
        };
        ranges.push((first, last, parse_response(response, &kp)?, kp));
    }
    ranges.sort_by_key(|r| r.0);
    let mut outcomes = Vec::new();
    for (first, last, outcome, kp) in ranges {
        if first != outcomes.len() {
            return Err(problem(kp, format!(
                "the calls must be numbered from 0 without gaps or overlaps: expected a key starting at {}, found one starting at {first}",
                outcomes.len()
            )));
        }
        if last >= MAX_MOCKED_CALLS {
            return Err(problem(
                kp,
                format!("at most {MAX_MOCKED_CALLS} calls can be mocked"),
            ));
        }
        for _ in first..=last {
            outcomes.push(outcome.clone());
        }
    }
    Ok(outcomes)
}

impl MockConfig {
    /// Parses the text of a mock configuration file.
    pub fn parse(text: &str) -> Result<MockConfig, MockConfigError> {
        let v: Value =
            serde_json::from_str(text).map_err(|e| problem("", format!("not valid JSON: {e}")))?;
        MockConfig::from_value(&v)
    }

    pub fn from_value(v: &Value) -> Result<MockConfig, MockConfigError> {
        let top = object(v, "", "the mock configuration")?;
        only_keys(top, "", &["StateMachines", "MockedResponses"])?;
        let mut mocked_responses = IndexMap::new();
        if let Some(responses) = top.get("MockedResponses") {
            for (name, r) in object(responses, "/MockedResponses", "\"MockedResponses\"")? {
                let p = format!("/MockedResponses/{}", pointer_key(name));
                mocked_responses.insert(name.clone(), parse_mocked_response(r, &p)?);
            }
        }
        let Some(machines) = top.get("StateMachines") else {
            return Err(problem(
                "",
                "missing \"StateMachines\": {\"<state machine name>\": {\"TestCases\": {…}}}",
            ));
        };
        let mut state_machines = IndexMap::new();
        for (machine, m) in object(machines, "/StateMachines", "\"StateMachines\"")? {
            let mp = format!("/StateMachines/{}", pointer_key(machine));
            let mobj = object(m, &mp, "a state machine entry")?;
            only_keys(mobj, &mp, &["TestCases"])?;
            let Some(cases) = mobj.get("TestCases") else {
                return Err(problem(mp, "missing \"TestCases\": {\"<test case name>\": {\"<state name>\": \"<mocked response name>\"}}"));
            };
            let cp = format!("{mp}/TestCases");
            let mut test_cases = IndexMap::new();
            for (case, c) in object(cases, &cp, "\"TestCases\"")? {
                let casep = format!("{cp}/{}", pointer_key(case));
                let mut states = IndexMap::new();
                for (state, response) in object(c, &casep, "a test case")? {
                    let sp = format!("{casep}/{}", pointer_key(state));
                    let Value::String(response) = response else {
                        return Err(problem(sp, "a test case maps a state name to the name of a mocked response (a string)"));
                    };
                    if !mocked_responses.contains_key(response) {
                        return Err(problem(sp, format!(
                            "no mocked response named \"{response}\": add it under \"MockedResponses\" (known: {})",
                            known(mocked_responses.keys())
                        )));
                    }
                    states.insert(state.clone(), response.clone());
                }
                test_cases.insert(case.clone(), states);
            }
            state_machines.insert(machine.clone(), test_cases);
        }
        Ok(MockConfig {
            state_machines,
            mocked_responses,
        })
    }

    /// The mocks of one test case. `state_machine` may be left out when the file configures
    /// exactly one state machine.
    pub fn test_case(
        &self,
        state_machine: Option<&str>,
        test_case: &str,
    ) -> Result<TestCaseMocks, MockConfigError> {
        let (machine, cases) = match state_machine {
            Some(name) => match self.state_machines.get_key_value(name) {
                Some(found) => found,
                None => {
                    return Err(problem("/StateMachines", format!(
                        "no state machine named \"{name}\" (known: {})",
                        known(self.state_machines.keys())
                    )))
                }
            },
            None if self.state_machines.len() == 1 => {
                self.state_machines.first().ok_or_else(|| problem("/StateMachines", "empty"))?
            }
            None => {
                return Err(problem("/StateMachines", format!(
                    "the file configures {} state machines; name one with --state-machine (known: {})",
                    self.state_machines.len(),
                    known(self.state_machines.keys())
                )))
            }
        };
        let pointer = format!("/StateMachines/{}/TestCases", pointer_key(machine));
        let Some(states) = cases.get(test_case) else {
            return Err(problem(
                pointer,
                format!(
                    "no test case named \"{test_case}\" (known: {})",
                    known(cases.keys())
                ),
            ));
        };
        let states = states
            .iter()
            .map(|(state, response)| {
                let outcomes = self
                    .mocked_responses
                    .get(response)
                    .cloned()
                    .unwrap_or_default();
                (state.clone(), outcomes)
            })
            .collect();
        Ok(TestCaseMocks {
            test_case: test_case.to_string(),
            states,
        })
    }
}

fn known<'a>(names: impl Iterator<Item = &'a String>) -> String {
    let list: Vec<String> = names.map(|n| format!("\"{n}\"")).collect();
    if list.is_empty() {
        "none".into()
    } else {
        list.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn expands_ranges_in_call_order() {
        let config = MockConfig::parse(
            r#"{"StateMachines": {"M": {"TestCases": {"T": {"A": "R"}}}},
                "MockedResponses": {"R": {"3": {"Return": 3}, "0": {"Throw": {"Error": "E", "Cause": "c"}},
                                          "1-2": {"Return": 1}}}}"#,
        )
        .unwrap();
        let mocks = config.test_case(None, "T").unwrap();
        assert_eq!(
            mocks.states,
            vec![(
                "A".to_string(),
                vec![
                    Outcome::err(TaskError::new("E", "c")),
                    Outcome::ok(json!(1)),
                    Outcome::ok(json!(1)),
                    Outcome::ok(json!(3)),
                ]
            )]
        );
    }

    #[test]
    fn errors_name_the_pointer() {
        for (text, pointer, message) in [
            ("[]", "", "must be a JSON object"),
            ("{", "", "not valid JSON"),
            (
                r#"{"MockedResponses": {}}"#,
                "",
                "missing \"StateMachines\"",
            ),
            (
                r#"{"StateMachines": {}, "Extra": 1}"#,
                "/Extra",
                "unknown field",
            ),
            (
                r#"{"StateMachines": {"M": {}}}"#,
                "/StateMachines/M",
                "missing \"TestCases\"",
            ),
            (
                r#"{"StateMachines": {"M": {"TestCases": {"T": {"S": "Nope"}}}}}"#,
                "/StateMachines/M/TestCases/T/S",
                "no mocked response named \"Nope\"",
            ),
            (
                r#"{"StateMachines": {"M": {"TestCases": {"T": {"S": 1}}}}}"#,
                "/StateMachines/M/TestCases/T/S",
                "(a string)",
            ),
            (
                r#"{"StateMachines": {}, "MockedResponses": {"R": {"x": {"Return": 1}}}}"#,
                "/MockedResponses/R/x",
                "not a call index",
            ),
            (
                r#"{"StateMachines": {}, "MockedResponses": {"R": {"1": {"Return": 1}}}}"#,
                "/MockedResponses/R/1",
                "expected a key starting at 0",
            ),
            (
                r#"{"StateMachines": {}, "MockedResponses": {"R": {"0-1": {"Return": 1}, "1": {"Return": 2}}}}"#,
                "/MockedResponses/R/1",
                "starting at 2",
            ),
            (
                r#"{"StateMachines": {}, "MockedResponses": {"R": {"0": {}}}}"#,
                "/MockedResponses/R/0",
                "exactly one of",
            ),
            (
                r#"{"StateMachines": {}, "MockedResponses": {"R": {"0": {"Return": 1, "Throw": {}}}}}"#,
                "/MockedResponses/R/0",
                "exactly one of",
            ),
            (
                r#"{"StateMachines": {}, "MockedResponses": {"R": {"0": {"Throw": {"Cause": "c"}}}}}"#,
                "/MockedResponses/R/0/Throw",
                "needs \"Error\"",
            ),
            (
                r#"{"StateMachines": {}, "MockedResponses": {"R": {"0": {"Throw": {"Error": 1}}}}}"#,
                "/MockedResponses/R/0/Throw/Error",
                "non-empty string",
            ),
            (
                r#"{"StateMachines": {}, "MockedResponses": {"R": {"0": {"Returns": 1}}}}"#,
                "/MockedResponses/R/0/Returns",
                "unknown field",
            ),
            (
                r#"{"StateMachines": {}, "MockedResponses": {"R": {"0-999999999999": {"Return": 1}}}}"#,
                "/MockedResponses/R/0-999999999999",
                "at most",
            ),
            (
                r#"{"StateMachines": {}, "MockedResponses": {"a/b": {"0": 1}}}"#,
                "/MockedResponses/a~1b/0",
                "must be a JSON object",
            ),
        ] {
            let e = MockConfig::parse(text).unwrap_err();
            assert_eq!(e.pointer, pointer, "{text}: {e}");
            assert!(e.message.contains(message), "{text}: {e}");
        }
    }

    #[test]
    fn picks_the_state_machine_and_test_case() {
        let config = MockConfig::parse(
            r#"{"StateMachines": {"A": {"TestCases": {"T": {}}}, "B": {"TestCases": {"U": {}}}}}"#,
        )
        .unwrap();
        assert!(config
            .test_case(None, "T")
            .unwrap_err()
            .message
            .contains("--state-machine"));
        assert!(config
            .test_case(Some("C"), "T")
            .unwrap_err()
            .message
            .contains("\"A\", \"B\""));
        let e = config.test_case(Some("B"), "T").unwrap_err();
        assert_eq!(e.pointer, "/StateMachines/B/TestCases");
        assert!(e.message.contains("known: \"U\""));
        assert_eq!(config.test_case(Some("B"), "U").unwrap().states, vec![]);
    }
}

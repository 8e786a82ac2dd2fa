//! Running both ways: the tasks' scripted results and `Env::check` of one workflow on one
//! input, with what the tests read of it.

use super::*;

/// What every task does, natively and in asl-local: deterministic, from its input; `Err`
/// is an error name and cause.
pub(super) fn task_result(task: &str, input: &Value) -> Result<Value, (String, String)> {
    let text = |v: &Value| v.as_str().unwrap_or("").to_string();
    let receipt = |id: String, note: String| Ok(json!({"id": id, "note": note}));
    let fail = |error: &str, cause: &str| Err((error.to_string(), cause.to_string()));
    match task {
        "pay" => match input["id"].as_str().unwrap_or("") {
            "declined" => fail("PaymentDeclined", ""),
            "fraud" => fail("Payment.Fraud", "stolen card"),
            "busy" => fail("Busy", "try later"),
            "crash" => fail("Lambda.Unknown", "crashed"),
            id => receipt(format!("paid-{id}"), "paid".into()),
        },
        "charge" if input["id"] == "crash" => fail("ChargeFailed", "card reader"),
        "charge" => receipt(
            format!("charged-{}", text(&input["id"])),
            input["amount"].to_string(),
        ),
        "fallback" => receipt(
            format!("fallback-{}", text(&input["id"])),
            "fallback".into(),
        ),
        "report" => receipt(text(&input["Error"]), text(&input["Cause"])),
        "refund" => receipt(
            "refund".into(),
            format!("{}: {}", text(&input["Error"]), text(&input["Cause"])),
        ),
        "notify" => receipt(text(&input["id"]), "notified".into()),
        "note" => receipt(text(&input["id"]), "noted".into()),
        "label" => receipt(text(&input["tag"]), text(&input["text"])),
        "bulk" => Ok(Value::Array(
            input["orders"]
                .as_array()
                .unwrap()
                .iter()
                .map(|o| json!({"id": o["id"], "note": "bulk"}))
                .collect(),
        )),
        "stamp" => Ok(input.clone()),
        "sqs:sendMessage" => Ok(
            json!({"MessageId": format!("m-{}", text(&input["MessageBody"]).len()), "MD5OfMessageBody": "md5"}),
        ),
        other => panic!("no handler for task {other}"),
    }
}

pub(super) const TASKS: [&str; 11] = [
    "pay",
    "fallback",
    "report",
    "refund",
    "notify",
    "charge",
    "note",
    "label",
    "bulk",
    "stamp",
    "sqs:sendMessage",
];

/// The execution both runs run as, so that native `ctx().execution` reads asl-local's id.
pub(super) const EXECUTION_NAME: &str = "run-1";
pub(super) const EXECUTION_ARN: &str =
    "arn:aws:states:us-east-1:123456789012:execution:StateMachine:run-1";
/// What `uuid()` returns in both runs.
pub(super) const UUID: &str = "5f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b";

/// The native task name of an asl-local call: a Lambda's function name, or the
/// integration's `service:action`.
fn task_of(resource: &str) -> String {
    resource
        .strip_prefix(ARN)
        .or(resource.strip_prefix("arn:aws:states:::"))
        .unwrap_or(resource)
        .to_string()
}

pub(super) struct Runs {
    pub(super) native: Result<Value, Failure>,
    pub(super) native_calls: Vec<(String, Value)>,
    /// The JSONPath run.
    pub(super) asl: asl_local::Execution,
}

/// Checks `name` with `Env::check`: natively and as its ASL in both query languages, the same
/// output (or error and cause) and task calls, every task answering by [`task_result`]. The
/// calls' inputs are also the very Parameters asl-local's resources got (in any order: a
/// Map's iterations run at once in ASL and one by one natively).
pub(super) fn run_both<I, W>(name: &str, f: fn(I) -> W, input: Value) -> Runs
where
    I: serde::de::DeserializeOwned + Serialize,
    W: asl::errors::WorkflowOutput,
    W::Value: Serialize,
{
    let mut env = Env::new().execution_name(EXECUTION_NAME).uuids([UUID]);
    for task in TASKS {
        env = env.mock(Mock::json(task, move |v| {
            task_result(task, &v).map_err(|(error, cause)| Failure { error, cause })
        }));
    }
    let (_, d) = definitions().into_iter().find(|(n, _)| *n == name).unwrap();
    let typed: I = serde_json::from_value(input.clone()).unwrap();
    let report = env.check(d, f, typed);
    assert_eq!(
        report.languages,
        [QueryLanguage::JsonPath, QueryLanguage::Jsonata],
        "{name}"
    );
    let native_calls: Vec<(String, Value)> = report
        .calls
        .iter()
        .map(|c| (c.task.clone(), c.input.clone()))
        .collect();
    let mut asl_calls: Vec<(String, Value)> = report
        .execution
        .calls
        .iter()
        .map(|c| (task_of(&c.resource), c.input.clone()))
        .collect();
    let mut native_sorted = native_calls.clone();
    native_sorted.sort_by_key(|c| format!("{c:?}"));
    asl_calls.sort_by_key(|c| format!("{c:?}"));
    assert_eq!(
        native_sorted, asl_calls,
        "{name} on {input}: task calls, native vs ASL"
    );
    Runs {
        native: report
            .output
            .map(|o| serde_json::to_value(o).expect("the output serializes")),
        native_calls,
        asl: report.execution,
    }
}

pub(super) fn order(id: &str, amount: u32, vip: bool) -> Value {
    json!({"id": id, "amount": amount, "vip": vip})
}

pub(super) fn orders(items: &[Value], patch: Value) -> Value {
    let mut b = json!({"orders": items, "tag": "t", "tags": ["x"], "limit": 0, "mode": "EACH"});
    for (k, v) in patch.as_object().unwrap() {
        b[k] = v.clone();
    }
    b
}

pub(super) fn failure(error: &str, cause: &str) -> Result<Value, Failure> {
    Err(Failure {
        error: error.into(),
        cause: cause.into(),
    })
}

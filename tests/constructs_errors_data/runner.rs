//! Running both ways: the tasks' scripted results, a native run and an asl-local run of one workflow on one input, and what they must agree on.

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

/// The execution asl-local runs as, so that native `ctx().execution` reads the same id.
pub(super) const EXECUTION_NAME: &str = "run-1";
pub(super) const EXECUTION_ARN: &str =
    "arn:aws:states:us-east-1:123456789012:execution:StateMachine:run-1";

/// The native task name of an asl-local call: a Lambda's function name, or the
/// integration's `service:action`.
pub(super) fn task_of(resource: &str) -> String {
    resource
        .strip_prefix(ARN)
        .or(resource.strip_prefix("arn:aws:states:::"))
        .unwrap_or(resource)
        .to_string()
}

/// The calls of one run, as (task, input); a fresh `uuid()` is written `<uuid>`, so that
/// two runs compare.
pub(super) fn without_uuids(v: Value) -> Value {
    match v {
        Value::String(s) if s.len() == 36 && s.chars().filter(|c| *c == '-').count() == 4 => {
            json!("<uuid>")
        }
        Value::Array(a) => Value::Array(a.into_iter().map(without_uuids).collect()),
        Value::Object(o) => {
            Value::Object(o.into_iter().map(|(k, v)| (k, without_uuids(v))).collect())
        }
        v => v,
    }
}

pub(super) struct Runs {
    pub(super) native: Result<Value, Failure>,
    pub(super) native_calls: Vec<(String, Value)>,
    pub(super) asl: asl_local::Execution,
}

/// Runs `name` natively (`run_workflow`) and in asl-local with the same handlers, and checks
/// they agree: the output read as the workflow's output type, or the error and cause; the
/// task calls and their inputs, in order.
pub(super) fn run_both<I, W>(name: &str, f: fn(I) -> W, input: Value) -> Runs
where
    I: serde::de::DeserializeOwned,
    W: asl::errors::WorkflowOutput,
    W::Value: Serialize + serde::de::DeserializeOwned,
{
    asl::runtime::reset();
    asl::context::reset();
    let mut execution = ctx().execution;
    execution.id = EXECUTION_ARN.into();
    execution.name = EXECUTION_NAME.into();
    asl::context::set_execution(execution);
    for task in TASKS {
        asl::runtime::register_json(task, move |v| {
            task_result(task, &v).map_err(|(error, cause)| Failure { error, cause })
        });
    }
    let typed: I = serde_json::from_value(input.clone()).unwrap();
    let native = asl::runtime::run_workflow(|| f(typed)).map(|o| serde_json::to_value(o).unwrap());
    let native_calls: Vec<(String, Value)> = asl::runtime::take_calls()
        .into_iter()
        .map(|c| (c.task, without_uuids(c.input)))
        .collect();

    let (_, d) = definitions().into_iter().find(|(n, _)| *n == name).unwrap();
    // The ASL in both query languages agrees with the native run; the JSONPath run is returned.
    run_asl::<W>(name, &d.as_jsonata(), &input, &native, &native_calls);
    let asl = run_asl::<W>(name, &d, &input, &native, &native_calls);
    Runs {
        native,
        native_calls,
        asl,
    }
}

/// Runs one ASL form of `name` and checks it against the native run.
fn run_asl<W>(
    name: &str,
    d: &asl::Definition,
    input: &Value,
    native: &Result<Value, Failure>,
    native_calls: &[(String, Value)],
) -> asl_local::Execution
where
    W: asl::errors::WorkflowOutput,
    W::Value: Serialize + serde::de::DeserializeOwned,
{
    let name = &format!("{name} ({})", d.query_language().as_str());
    let machine = d.state_machine().unwrap();
    let mut ex = Executor::new(&machine).execution_name(EXECUTION_NAME);
    for task in TASKS {
        let handler =
            move |v: &Value| task_result(task, v).map_err(|(e, c)| asl_local::TaskError::new(e, c));
        ex = match task.strip_prefix("sqs:") {
            Some(_) => ex.resource(format!("arn:aws:states:::{task}"), handler),
            None => ex.lambda(format!("{ARN}{task}"), handler),
        };
    }
    let asl = ex.run(input.clone());
    match (&native, &asl.status) {
        (Ok(out), Status::Succeeded) => {
            // Values kept beside the output ride along as extra fields: read it as the output type.
            let asl_out = asl.output.clone().unwrap();
            let typed = serde_json::from_value::<W::Value>(asl_out.clone()).unwrap_or_else(|e| {
                panic!("{name} on {input}: ASL output {asl_out} is not the output type: {e}")
            });
            assert_eq!(
                without_uuids(out.clone()),
                without_uuids(serde_json::to_value(typed).unwrap()),
                "{name} on {input}: native vs ASL output"
            );
        }
        (Err(f), Status::Failed) => {
            assert_eq!(Some(&f.error), asl.error.as_ref(), "{name} on {input}");
            assert_eq!(
                Some(&f.cause).filter(|c| !c.is_empty()),
                asl.cause.as_ref().filter(|c| !c.is_empty()),
                "{name} on {input}"
            );
        }
        (n, s) => panic!(
            "{name} on {input}: native {n:?}, ASL {s:?} {:?} {:?}",
            asl.error, asl.cause
        ),
    }
    let mut asl_calls: Vec<(String, Value)> = asl
        .calls
        .iter()
        .map(|c| (task_of(&c.resource), without_uuids(c.input.clone())))
        .collect();
    // A Map's iterations run at once in ASL and one by one natively: the same calls, in any order.
    let mut native_sorted = native_calls.to_vec();
    if name.starts_with("map_") || name.starts_with("context_map") {
        native_sorted.sort_by_key(|c| format!("{c:?}"));
        asl_calls.sort_by_key(|c| format!("{c:?}"));
    }
    assert_eq!(
        native_sorted, asl_calls,
        "{name} on {input}: task calls, native vs ASL"
    );
    asl
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

//! Runs every case of every execution manifest (`tests/executions/*.json`, format in
//! `tests/executions/README.md`) through asl-local and checks its `expect`, so that asl-local and
//! moto (which CI runs on the same manifests) are held to the same expectations.
//!
//! Lambda results come from `task_results`, one per Lambda call in call order. Cases listing
//! `services` run against a small in-memory emulation of the DynamoDB, SQS and SNS calls the
//! manifests use, seeded from the case's `moto.setup` calls (tables, items, queues, topics,
//! activities). An activity created there has no worker: its task never completes by itself.

mod harness;

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::Rc;

use asl_local::{Executor, Outcome, ResourceKind, TaskCall, TaskError};
use md5::Digest;
use serde_json::{json, Value};

const ACCOUNT: &str = "123456789012";
const REGION: &str = "us-east-1";

/// The AWS resources a case's setup creates, and what the emulated calls do to them.
#[derive(Default)]
struct World {
    tables: HashMap<String, (String, Vec<Value>)>, // name -> (hash key attribute, items)
    queues: HashSet<String>,                       // queue URLs
    topics: HashSet<String>,                       // topic ARNs
    activities: HashSet<String>,                   // activity names
    messages: usize,
}

impl World {
    fn setup(&mut self, calls: &[Value]) -> Result<(), String> {
        for c in calls {
            let args = &c["args"];
            match (c["client"].as_str(), c["method"].as_str()) {
                (Some("dynamodb"), Some("create_table")) => {
                    let name = args["TableName"]
                        .as_str()
                        .ok_or("create_table without TableName")?;
                    let key = args["KeySchema"][0]["AttributeName"]
                        .as_str()
                        .ok_or("create_table without KeySchema")?;
                    self.tables.insert(name.into(), (key.into(), Vec::new()));
                }
                (Some("dynamodb"), Some("put_item")) => {
                    let name = args["TableName"]
                        .as_str()
                        .ok_or("put_item without TableName")?;
                    let table = self
                        .tables
                        .get_mut(name)
                        .ok_or("put_item into a missing table")?;
                    table.1.push(args["Item"].clone());
                }
                (Some("sqs"), Some("create_queue")) => {
                    let name = args["QueueName"]
                        .as_str()
                        .ok_or("create_queue without QueueName")?;
                    self.queues.insert(format!(
                        "https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/{name}"
                    ));
                }
                (Some("sns"), Some("create_topic")) => {
                    let name = args["Name"].as_str().ok_or("create_topic without Name")?;
                    self.topics
                        .insert(format!("arn:aws:sns:{REGION}:{ACCOUNT}:{name}"));
                }
                (Some("stepfunctions"), Some("create_activity")) => {
                    self.activities.insert(
                        args["name"]
                            .as_str()
                            .ok_or("create_activity without name")?
                            .into(),
                    );
                }
                (client, method) => {
                    return Err(format!("setup call {client:?}.{method:?} is not emulated"))
                }
            }
        }
        Ok(())
    }

    fn metadata() -> Value {
        json!({"SdkHttpMetadata": {"HttpStatusCode": 200}, "SdkResponseMetadata": {"RequestId": "req-1"}})
    }

    fn call(&mut self, resource: &str, p: &Value) -> Result<Value, TaskError> {
        let ddb = |cause: String| TaskError::new("DynamoDB.AmazonDynamoDBException", cause);
        match resource {
            "arn:aws:states:::dynamodb:putItem" => {
                let name = p["TableName"].as_str().unwrap_or("");
                let table = self.tables.get_mut(name).ok_or_else(|| {
                    TaskError::new(
                        "DynamoDB.ResourceNotFoundException",
                        format!("Requested resource not found: {name}"),
                    )
                })?;
                let item = p["Item"]
                    .as_object()
                    .ok_or_else(|| ddb("Item must be a map".into()))?;
                for (attr, v) in item {
                    let ok = v.as_object().is_some_and(|o| {
                        o.len() == 1
                            && o.iter().all(|(t, x)| match t.as_str() {
                                "S" | "N" | "B" => x.is_string(),
                                "BOOL" => x.is_boolean(),
                                "NULL" => x == &json!(true),
                                "L" => x.is_array(),
                                "M" => x.is_object(),
                                "SS" | "NS" | "BS" => {
                                    x.as_array().is_some_and(|a| a.iter().all(Value::is_string))
                                }
                                _ => false,
                            })
                    });
                    if !ok {
                        return Err(ddb(format!("One or more parameter values were invalid: attribute {attr} is not a valid AttributeValue")));
                    }
                }
                table.1.push(Value::Object(item.clone()));
                Ok(Self::metadata())
            }
            "arn:aws:states:::dynamodb:getItem" => {
                let name = p["TableName"].as_str().unwrap_or("");
                let (key, items) = self.tables.get(name).ok_or_else(|| {
                    TaskError::new(
                        "DynamoDB.ResourceNotFoundException",
                        format!("Requested resource not found: {name}"),
                    )
                })?;
                let want = &p["Key"][key.as_str()];
                let mut out = Self::metadata();
                if let Some(item) = items.iter().find(|i| &i[key.as_str()] == want) {
                    out["Item"] = item.clone();
                }
                Ok(out)
            }
            "arn:aws:states:::sqs:sendMessage" => {
                let url = p["QueueUrl"].as_str().unwrap_or("");
                if !self.queues.contains(url) {
                    return Err(TaskError::new(
                        "SQS.QueueDoesNotExistException",
                        format!("The queue '{url}' does not exist."),
                    ));
                }
                let body = match &p["MessageBody"] {
                    Value::String(s) => s.clone(),
                    other => serde_json::to_string(other).unwrap_or_default(),
                };
                self.messages += 1;
                let md5: String = md5::Md5::digest(body.as_bytes())
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect();
                Ok(json!({"MD5OfMessageBody": md5, "MessageId": format!("msg-{}", self.messages)}))
            }
            "arn:aws:states:::sns:publish" => {
                let topic = p["TopicArn"].as_str().unwrap_or("");
                if !self.topics.contains(topic) {
                    return Err(TaskError::new(
                        "SNS.NotFoundException",
                        format!("Topic does not exist: {topic}"),
                    ));
                }
                self.messages += 1;
                Ok(json!({"MessageId": format!("msg-{}", self.messages)}))
            }
            other => Err(TaskError::new(
                "asl-local.Test",
                format!("the manifest runner emulates no '{other}'"),
            )),
        }
    }
}

/// What the Lambda calls of a case consumed.
#[derive(Default)]
struct Script {
    results: Vec<Value>,
    next: usize,
    unscripted: usize,
}

fn pointer_parts(ptr: &str) -> Vec<String> {
    ptr.split('/')
        .skip(1)
        .map(|p| p.replace("~1", "/").replace("~0", "~"))
        .collect()
}

fn apply_override(doc: &mut Value, ptr: &str, value: Value) -> Result<(), String> {
    let parts = pointer_parts(ptr);
    let (last, init) = parts
        .split_last()
        .ok_or_else(|| format!("override {ptr} is not a pointer into the document"))?;
    let mut node = doc;
    for p in init {
        node = match node {
            Value::Object(m) => m.get_mut(p),
            Value::Array(a) => p.parse::<usize>().ok().and_then(|i| a.get_mut(i)),
            _ => None,
        }
        .ok_or_else(|| format!("override {ptr} does not point into the definition"))?;
    }
    match node {
        Value::Object(m) if m.contains_key(last) => {
            m.insert(last.clone(), value);
        }
        Value::Array(a) if last.parse::<usize>().is_ok_and(|i| i < a.len()) => {
            a[last.parse::<usize>().unwrap_or(0)] = value;
        }
        _ => return Err(format!("override {ptr} does not name an existing member")),
    }
    Ok(())
}

fn scalar_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

/// JSON equality as the README defines it (1 == 1.0, true != 1).
fn json_eq(actual: &Value, expected: &Value) -> bool {
    match (actual, expected) {
        (Value::Object(a), Value::Object(e)) => {
            a.len() == e.len()
                && e.iter()
                    .all(|(k, v)| a.get(k).is_some_and(|x| json_eq(x, v)))
        }
        (Value::Array(a), Value::Array(e)) => {
            a.len() == e.len() && a.iter().zip(e).all(|(x, y)| json_eq(x, y))
        }
        _ => scalar_eq(actual, expected),
    }
}

fn includes(actual: &Value, expected: &Value) -> bool {
    match (actual, expected) {
        (Value::Object(a), Value::Object(e)) => e
            .iter()
            .all(|(k, v)| a.get(k).is_some_and(|x| includes(x, v))),
        (Value::Array(a), Value::Array(e)) => {
            a.len() == e.len() && a.iter().zip(e).all(|(x, y)| includes(x, y))
        }
        _ => scalar_eq(actual, expected),
    }
}

fn run_case(case: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let def_path = harness::repo_root().join(case["definition"].as_str().unwrap_or(""));
    let mut text = match std::fs::read_to_string(&def_path) {
        Ok(t) => t,
        Err(e) => return vec![format!("{}: {e}", def_path.display())],
    };
    for s in case["substitutions"].as_array().into_iter().flatten() {
        let (from, to) = (
            s["replace"].as_str().unwrap_or(""),
            s["with"].as_str().unwrap_or(""),
        );
        if from.is_empty() || !text.contains(from) {
            return vec![format!("substitution {from:?} matches nothing")];
        }
        text = text.replace(from, to);
    }
    let mut doc: Value = match serde_json::from_str(&text) {
        Ok(d) => d,
        Err(e) => return vec![format!("definition is not JSON: {e}")],
    };
    for (ptr, value) in case["overrides"].as_object().into_iter().flatten() {
        if let Err(e) = apply_override(&mut doc, ptr, value.clone()) {
            return vec![e];
        }
    }
    let machine = match asl_model::parse_value(&doc) {
        Ok(m) => m,
        Err(e) => return vec![format!("the definition does not parse: {e}")],
    };

    let mut world = World::default();
    if let Err(e) = world.setup(
        case["moto"]["setup"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or(&[]),
    ) {
        return vec![e];
    }
    let world = Rc::new(RefCell::new(world));
    let script = Rc::new(RefCell::new(Script {
        results: case["task_results"].as_array().cloned().unwrap_or_default(),
        ..Script::default()
    }));
    let (w, s) = (Rc::clone(&world), Rc::clone(&script));
    let mut executor = Executor::new(&machine).fallback(move |call: &TaskCall| match call.kind {
        ResourceKind::Lambda | ResourceKind::LambdaInvoke => {
            let mut s = s.borrow_mut();
            let Some(entry) = s.results.get(s.next).cloned() else {
                s.unscripted += 1;
                return Outcome::err(TaskError::new(
                    "asl-local.Test",
                    "a Lambda call beyond task_results",
                ));
            };
            s.next += 1;
            if entry == json!({"$echo": true}) {
                return Outcome::ok(call.input.clone());
            }
            if let Some(t) = entry
                .get("$throw")
                .filter(|_| entry.as_object().is_some_and(|o| o.len() == 1))
            {
                return Outcome::err(TaskError::new(
                    t["Error"].as_str().unwrap_or(""),
                    t["Cause"].as_str().unwrap_or(""),
                ));
            }
            Outcome::ok(entry)
        }
        ResourceKind::Activity => {
            let name = call.resource.rsplit(':').next().unwrap_or("");
            if w.borrow().activities.contains(name) {
                Outcome::never()
            } else {
                Outcome::err(TaskError::new(
                    "States.Runtime",
                    format!("the activity {} does not exist", call.resource),
                ))
            }
        }
        ResourceKind::Service => Outcome::from(w.borrow_mut().call(&call.resource, &call.input)),
    });
    let run = executor.run(case["input"].clone());

    let expect = &case["expect"];
    let status = run.status.as_str();
    if expect["status"].as_str() != Some(status) {
        problems.push(format!(
            "status {status} != expected {} ({:?}: {:?})",
            expect["status"], run.error, run.cause
        ));
    }
    for key in ["error", "cause"] {
        if let Some(want) = expect.get(key) {
            let got = if key == "error" {
                &run.error
            } else {
                &run.cause
            };
            if want.as_str() != got.as_deref() {
                problems.push(format!("{key} {got:?} != expected {want}"));
            }
        }
    }
    let output = run.output.clone().unwrap_or(Value::Null);
    if let Some(want) = expect.get("output") {
        if !json_eq(&output, want) {
            problems.push(format!("output {output} != expected {want}"));
        }
    }
    if let Some(want) = expect.get("output_includes") {
        if !includes(&output, want) {
            problems.push(format!("output {output} does not include {want}"));
        }
    }
    if let Some(want) = expect.get("states").and_then(Value::as_array) {
        let want: Vec<&str> = want.iter().filter_map(Value::as_str).collect();
        let got = run.states_entered();
        let top: HashSet<&str> = machine.states.keys().map(String::as_str).collect();
        let top_of = |v: &[&str]| {
            v.iter()
                .filter(|s| top.contains(**s))
                .map(|s| s.to_string())
                .collect::<Vec<String>>()
        };
        if top_of(&want) != top_of(&got) {
            problems.push(format!(
                "top-level states {:?} != expected {:?}",
                top_of(&got),
                top_of(&want)
            ));
        }
        let bag = |v: &[&str]| {
            v.iter().fold(BTreeMap::new(), |mut m, s| {
                *m.entry(s.to_string()).or_insert(0) += 1;
                m
            })
        };
        if bag(&want) != bag(&got) {
            problems.push(format!(
                "states entered {got:?} != expected (as a multiset) {want:?}"
            ));
        }
    }
    // A JSONata form of a JSONPath case: no more states than the JSONPath run entered.
    if let Some(max) = expect.get("max_states").and_then(Value::as_u64) {
        let got = run.states_entered().len() as u64;
        if got > max {
            problems.push(format!(
                "{got} states entered, more than the {max} of JSONPath"
            ));
        }
    }
    let s = script.borrow();
    if s.next < s.results.len() {
        problems.push(format!(
            "{} task_results not consumed",
            s.results.len() - s.next
        ));
    }
    if s.unscripted > 0 {
        problems.push(format!(
            "{} Lambda call(s) beyond task_results",
            s.unscripted
        ));
    }
    problems
}

#[test]
fn every_manifest_case_meets_its_expectations() {
    let dir = harness::repo_root().join("tests/executions");
    let mut manifests: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .collect()
        })
        .unwrap_or_default();
    manifests.sort();
    assert!(!manifests.is_empty(), "no manifests in {}", dir.display());
    let (mut passed, mut skipped, mut failures) = (0, 0, Vec::new());
    for path in manifests {
        let text = std::fs::read_to_string(&path).unwrap();
        let manifest: Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for case in manifest["cases"]
            .as_array()
            .unwrap_or_else(|| panic!("{}: no cases", path.display()))
        {
            let name = case["name"].as_str().unwrap_or("?");
            if case.get("skip").is_some() {
                skipped += 1;
                continue;
            }
            let problems = run_case(case);
            if problems.is_empty() {
                passed += 1;
            } else {
                failures.push(format!(
                    "{}: {name}: {}",
                    path.file_name().unwrap_or_default().to_string_lossy(),
                    problems.join("; ")
                ));
            }
        }
    }
    println!(
        "asl-local: {passed} passed, {} failed, {skipped} skipped",
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(passed > 0);
}

/// Every example case again on the example's JSONata form (`tests/golden/jsonata/`): the same
/// status, error and output, entering no more states than the JSONPath form.
#[test]
fn every_example_case_agrees_in_jsonata() {
    let path = harness::repo_root().join("tests/executions/examples.json");
    let manifest: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let (mut jsonpath_states, mut jsonata_states, mut failures) = (0, 0, Vec::new());
    for case in manifest["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap_or("?");
        let definition = case["definition"].as_str().unwrap_or("");
        let Some(file) = definition.strip_prefix("tests/golden/") else {
            continue;
        };
        if case.get("skip").is_some() {
            continue;
        }
        let mut case = case.clone();
        case["definition"] = json!(format!("tests/golden/jsonata/{file}"));
        let text =
            std::fs::read_to_string(harness::repo_root().join("tests/golden/jsonata").join(file))
                .unwrap_or_default();
        if let Some(subs) = case.get_mut("substitutions").and_then(Value::as_array_mut) {
            subs.retain(|s| s["replace"].as_str().is_some_and(|r| text.contains(r)));
        }
        if let Some(states) = case["expect"]
            .as_object_mut()
            .and_then(|e| e.remove("states"))
        {
            let n = states.as_array().map_or(0, Vec::len) as u64;
            jsonpath_states += n;
            case["expect"]["max_states"] = json!(n);
        }
        let problems = run_case(&case);
        if problems.is_empty() {
            jsonata_states += count_states(&case);
        } else {
            failures.push(format!("{name}: {}", problems.join("; ")));
        }
    }
    println!(
        "examples as JSONata: {jsonata_states} states entered vs {jsonpath_states} in JSONPath"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The states a case's run enters (run again, only to count).
fn count_states(case: &Value) -> u64 {
    let mut counting = case.clone();
    counting["expect"]["max_states"] = json!(0);
    run_case(&counting)
        .iter()
        .find_map(|p| p.split(' ').next().and_then(|n| n.parse().ok()))
        .unwrap_or(0)
}

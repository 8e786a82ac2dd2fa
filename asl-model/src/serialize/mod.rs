//! Writing the model as ASL JSON in one canonical key order.
//!
//! Top level: Comment, QueryLanguage, StartAt, States, TimeoutSeconds, Version.
//! A state: Type first, then Comment and QueryLanguage, the type's own fields in the
//! order the AWS docs print them (input shaping, the work, result shaping, limits),
//! Retry, Catch, unknown fields as they came, and Next/End last.

use indexmap::IndexMap;
use serde::de::Error as _;
use serde_json::{Map, Number, Value};

use crate::document::*;

/// The canonical JSON value of a state machine.
pub fn to_value(sm: &StateMachine) -> Value {
    let mut o = Obj::default();
    o.str("Comment", &sm.comment);
    o.opt("QueryLanguage", sm.query_language.map(ql));
    o.put("StartAt", Value::String(sm.start_at.clone()));
    o.put("States", states(&sm.states));
    o.opt("TimeoutSeconds", sm.timeout_seconds.map(Value::from));
    o.str("Version", &sm.version);
    o.unknown(&sm.unknown);
    o.done()
}

/// Compact canonical JSON.
pub fn to_string(sm: &StateMachine) -> String {
    to_value(sm).to_string()
}

/// Pretty canonical JSON (two-space indent, trailing newline not included).
pub fn to_string_pretty(sm: &StateMachine) -> String {
    // Serializing a `Value` cannot fail.
    serde_json::to_string_pretty(&to_value(sm)).unwrap_or_default()
}

impl serde::Serialize for StateMachine {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        to_value(self).serialize(s)
    }
}

impl<'de> serde::Deserialize<'de> for StateMachine {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(d)?;
        crate::parse::parse_value(&value).map_err(D::Error::custom)
    }
}

/// An object under construction, in insertion order.
#[derive(Default)]
struct Obj(Map<String, Value>);

impl Obj {
    fn put(&mut self, key: &str, v: Value) {
        self.0.insert(key.to_string(), v);
    }
    fn opt(&mut self, key: &str, v: Option<Value>) {
        if let Some(v) = v {
            self.put(key, v);
        }
    }
    fn str(&mut self, key: &str, v: &Option<String>) {
        self.opt(key, v.clone().map(Value::String));
    }
    fn val(&mut self, key: &str, v: &Option<Value>) {
        self.opt(key, v.clone());
    }
    fn path(&mut self, key: &str, v: &Option<NullablePath>) {
        self.opt(key, v.as_ref().map(nullable));
    }
    fn uint(&mut self, key: &str, v: &Option<Expr<u64>>) {
        self.opt(key, v.as_ref().map(|e| expr(e, |n| Value::from(*n))));
    }
    fn map(&mut self, key: &str, v: &Option<IndexMap<String, Value>>) {
        self.opt(
            key,
            v.as_ref()
                .map(|m| Value::Object(m.clone().into_iter().collect())),
        );
    }
    fn unknown(&mut self, u: &UnknownFields) {
        for (k, v) in u {
            self.put(k, v.clone());
        }
    }
    fn done(self) -> Value {
        Value::Object(self.0)
    }
}

fn ql(q: QueryLanguage) -> Value {
    Value::String(q.as_str().into())
}

fn nullable(p: &NullablePath) -> Value {
    match p {
        NullablePath::Null => Value::Null,
        NullablePath::Path(s) => Value::String(s.clone()),
    }
}

fn expr<T>(e: &Expr<T>, value: impl Fn(&T) -> Value) -> Value {
    match e {
        Expr::Value(v) => value(v),
        Expr::Jsonata(s) => Value::String(s.clone()),
    }
}

fn float(f: f64) -> Value {
    // Whole numbers print without a fraction, as people write them (BackoffRate: 2).
    if f.fract() == 0.0 && f.abs() < 1e15 {
        Value::from(f as i64)
    } else {
        Number::from_f64(f)
            .map(Value::Number)
            .unwrap_or(Value::Null)
    }
}

fn resource(r: &Resource) -> Value {
    match r {
        Resource::Arn(s) => Value::String(s.clone()),
        Resource::Intrinsic(v) => v.clone(),
    }
}

fn states(states: &IndexMap<String, State>) -> Value {
    Value::Object(states.iter().map(|(k, s)| (k.clone(), state(s))).collect())
}

fn graph(g: &Graph) -> Value {
    let mut o = Obj::default();
    o.str("Comment", &g.comment);
    if let Some(c) = &g.processor_config {
        let mut pc = Obj::default();
        pc.opt(
            "Mode",
            c.mode.map(|m| {
                Value::String(match m {
                    ProcessorMode::Inline => "INLINE".into(),
                    ProcessorMode::Distributed => "DISTRIBUTED".into(),
                })
            }),
        );
        pc.opt(
            "ExecutionType",
            c.execution_type.map(|t| {
                Value::String(match t {
                    ExecutionType::Standard => "STANDARD".into(),
                    ExecutionType::Express => "EXPRESS".into(),
                })
            }),
        );
        pc.unknown(&c.unknown);
        o.put("ProcessorConfig", pc.done());
    }
    o.opt("QueryLanguage", g.query_language.map(ql));
    o.put("StartAt", Value::String(g.start_at.clone()));
    o.put("States", states(&g.states));
    o.unknown(&g.unknown);
    o.done()
}

fn state(s: &State) -> Value {
    let mut o = Obj::default();
    o.put("Type", Value::String(s.type_name().into()));
    let c = s.common();
    o.str("Comment", &c.comment);
    o.opt("QueryLanguage", c.query_language.map(ql));
    match s {
        State::Task(t) => {
            o.put("Resource", resource(&t.resource));
            o.val("Credentials", &t.credentials);
            o.path("InputPath", &c.input_path);
            o.val("Parameters", &t.parameters);
            o.val("Arguments", &t.arguments);
            o.val("ResultSelector", &t.result_selector);
            o.path("ResultPath", &t.result_path);
            outputs(&mut o, c);
            o.uint("TimeoutSeconds", &t.timeout_seconds);
            o.str("TimeoutSecondsPath", &t.timeout_seconds_path);
            o.uint("HeartbeatSeconds", &t.heartbeat_seconds);
            o.str("HeartbeatSecondsPath", &t.heartbeat_seconds_path);
            errors(&mut o, &t.errors);
        }
        State::Pass(p) => {
            o.path("InputPath", &c.input_path);
            o.val("Parameters", &p.parameters);
            o.val("Result", &p.result);
            o.path("ResultPath", &p.result_path);
            outputs(&mut o, c);
        }
        State::Choice(ch) => {
            o.path("InputPath", &c.input_path);
            o.put(
                "Choices",
                Value::Array(ch.choices.iter().map(choice_rule).collect()),
            );
            o.str("Default", &ch.default);
            outputs(&mut o, c);
        }
        State::Wait(w) => {
            o.path("InputPath", &c.input_path);
            o.uint("Seconds", &w.seconds);
            o.opt(
                "Timestamp",
                w.timestamp
                    .as_ref()
                    .map(|e| expr(e, |s| Value::String(s.clone()))),
            );
            o.str("SecondsPath", &w.seconds_path);
            o.str("TimestampPath", &w.timestamp_path);
            outputs(&mut o, c);
        }
        State::Succeed(_) => {
            o.path("InputPath", &c.input_path);
            outputs(&mut o, c);
        }
        State::Fail(f) => {
            o.str("Error", &f.error);
            o.str("ErrorPath", &f.error_path);
            o.str("Cause", &f.cause);
            o.str("CausePath", &f.cause_path);
            // Not allowed on Fail, but kept so the validator and round trip see them.
            o.path("InputPath", &c.input_path);
            outputs(&mut o, c);
        }
        State::Parallel(p) => {
            o.path("InputPath", &c.input_path);
            o.val("Parameters", &p.parameters);
            o.val("Arguments", &p.arguments);
            o.put(
                "Branches",
                Value::Array(p.branches.iter().map(graph).collect()),
            );
            o.val("ResultSelector", &p.result_selector);
            o.path("ResultPath", &p.result_path);
            outputs(&mut o, c);
            errors(&mut o, &p.errors);
        }
        State::Map(m) => map_fields(&mut o, m, c),
    }
    o.unknown(&c.unknown);
    if let Some(t) = s.transition() {
        match t {
            Transition::Next(n) => o.put("Next", Value::String(n.clone())),
            Transition::End => o.put("End", Value::Bool(true)),
            Transition::Both(n) => {
                o.put("Next", Value::String(n.clone()));
                o.put("End", Value::Bool(true));
            }
            Transition::Missing => {}
        }
    }
    o.done()
}

/// OutputPath, Output, Assign: what leaves the state.
fn outputs(o: &mut Obj, c: &Common) {
    o.path("OutputPath", &c.output_path);
    o.val("Output", &c.output);
    o.map("Assign", &c.assign);
}

fn map_fields(o: &mut Obj, m: &MapState, c: &Common) {
    o.path("InputPath", &c.input_path);
    o.str("ItemsPath", &m.items_path);
    o.val("Items", &m.items);
    if let Some(r) = &m.item_reader {
        let mut ro = Obj::default();
        ro.put("Resource", resource(&r.resource));
        if let Some(rc) = &r.reader_config {
            let mut co = Obj::default();
            co.str("InputType", &rc.input_type);
            co.str("CSVHeaderLocation", &rc.csv_header_location);
            co.opt(
                "CSVHeaders",
                rc.csv_headers.as_ref().map(|h| Value::from(h.clone())),
            );
            co.str("CSVDelimiter", &rc.csv_delimiter);
            co.str("ManifestType", &rc.manifest_type);
            co.uint("MaxItems", &rc.max_items);
            co.str("MaxItemsPath", &rc.max_items_path);
            co.unknown(&rc.unknown);
            ro.put("ReaderConfig", co.done());
        }
        ro.val("Parameters", &r.parameters);
        ro.val("Arguments", &r.arguments);
        ro.unknown(&r.unknown);
        o.put("ItemReader", ro.done());
    }
    o.val("ItemSelector", &m.item_selector);
    o.val("Parameters", &m.parameters);
    if let Some(b) = &m.item_batcher {
        let mut bo = Obj::default();
        bo.uint("MaxItemsPerBatch", &b.max_items_per_batch);
        bo.str("MaxItemsPerBatchPath", &b.max_items_per_batch_path);
        bo.uint("MaxInputBytesPerBatch", &b.max_input_bytes_per_batch);
        bo.str(
            "MaxInputBytesPerBatchPath",
            &b.max_input_bytes_per_batch_path,
        );
        bo.val("BatchInput", &b.batch_input);
        bo.unknown(&b.unknown);
        o.put("ItemBatcher", bo.done());
    }
    o.uint("MaxConcurrency", &m.max_concurrency);
    o.str("MaxConcurrencyPath", &m.max_concurrency_path);
    o.uint("ToleratedFailureCount", &m.tolerated_failure_count);
    o.str("ToleratedFailureCountPath", &m.tolerated_failure_count_path);
    o.opt(
        "ToleratedFailurePercentage",
        m.tolerated_failure_percentage
            .as_ref()
            .map(|e| expr(e, |f| float(*f))),
    );
    o.str(
        "ToleratedFailurePercentagePath",
        &m.tolerated_failure_percentage_path,
    );
    o.str("Label", &m.label);
    if let Some(p) = &m.item_processor {
        o.put("ItemProcessor", graph(p));
    }
    if let Some(p) = &m.iterator {
        o.put("Iterator", graph(p));
    }
    if let Some(w) = &m.result_writer {
        let mut wo = Obj::default();
        wo.opt("Resource", w.resource.as_ref().map(resource));
        wo.val("Parameters", &w.parameters);
        wo.val("Arguments", &w.arguments);
        if let Some(wc) = &w.writer_config {
            let mut co = Obj::default();
            co.str("OutputType", &wc.output_type);
            co.str("Transformation", &wc.transformation);
            co.unknown(&wc.unknown);
            wo.put("WriterConfig", co.done());
        }
        wo.unknown(&w.unknown);
        o.put("ResultWriter", wo.done());
    }
    o.val("ResultSelector", &m.result_selector);
    o.path("ResultPath", &m.result_path);
    outputs(o, c);
    errors(o, &m.errors);
}

fn errors(o: &mut Obj, e: &ErrorHandling) {
    if let Some(retry) = &e.retry {
        o.put("Retry", Value::Array(retry.iter().map(retrier).collect()));
    }
    if let Some(catch) = &e.catch {
        o.put("Catch", Value::Array(catch.iter().map(catcher).collect()));
    }
}

fn retrier(r: &Retrier) -> Value {
    let mut o = Obj::default();
    o.str("Comment", &r.comment);
    o.put("ErrorEquals", Value::from(r.error_equals.clone()));
    o.opt("IntervalSeconds", r.interval_seconds.map(Value::from));
    o.opt("MaxAttempts", r.max_attempts.map(Value::from));
    o.opt("BackoffRate", r.backoff_rate.map(float));
    o.opt("MaxDelaySeconds", r.max_delay_seconds.map(Value::from));
    o.opt(
        "JitterStrategy",
        r.jitter_strategy.map(|j| {
            Value::String(match j {
                JitterStrategy::Full => "FULL".into(),
                JitterStrategy::None => "NONE".into(),
            })
        }),
    );
    o.unknown(&r.unknown);
    o.done()
}

fn catcher(c: &Catcher) -> Value {
    let mut o = Obj::default();
    o.str("Comment", &c.comment);
    o.put("ErrorEquals", Value::from(c.error_equals.clone()));
    o.path("ResultPath", &c.result_path);
    o.val("Output", &c.output);
    o.map("Assign", &c.assign);
    o.unknown(&c.unknown);
    o.put("Next", Value::String(c.next.clone()));
    o.done()
}

fn choice_rule(r: &ChoiceRule) -> Value {
    let mut o = Obj::default();
    o.str("Comment", &r.comment);
    condition(&mut o, &r.condition);
    o.val("Output", &r.output);
    o.map("Assign", &r.assign);
    o.unknown(&r.unknown);
    o.put("Next", Value::String(r.next.clone()));
    o.done()
}

fn condition_value(c: &Condition) -> Value {
    let mut o = Obj::default();
    condition(&mut o, c);
    o.done()
}

fn condition(o: &mut Obj, c: &Condition) {
    match c {
        Condition::And(cs) => o.put(
            "And",
            Value::Array(cs.iter().map(condition_value).collect()),
        ),
        Condition::Or(cs) => o.put("Or", Value::Array(cs.iter().map(condition_value).collect())),
        Condition::Not(c) => o.put("Not", condition_value(c)),
        Condition::Jsonata(v) => o.put("Condition", v.clone()),
        Condition::Test { variable, test } => {
            o.put("Variable", Value::String(variable.clone()));
            let operand = match test {
                Test::Compare { operand, .. } => match operand {
                    Operand::String(s) | Operand::Path(s) => Value::String(s.clone()),
                    Operand::Number(n) => Value::Number(n.clone()),
                    Operand::Bool(b) => Value::Bool(*b),
                },
                Test::StringMatches(s) => Value::String(s.clone()),
                Test::IsNull(b)
                | Test::IsPresent(b)
                | Test::IsNumeric(b)
                | Test::IsString(b)
                | Test::IsBoolean(b)
                | Test::IsTimestamp(b) => Value::Bool(*b),
            };
            o.put(&test.operator_name(), operand);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn puts_type_first_and_next_last() {
        let m = crate::parse_str(
            r#"{"States": {"A": {"Next": "B", "Resource": "arn:aws:lambda:us-east-1:1:function:f",
                "Retry": [{"BackoffRate": 2, "ErrorEquals": ["States.ALL"]}], "Type": "Task"},
                "B": {"Type": "Succeed"}}, "StartAt": "A"}"#,
        )
        .unwrap();
        assert_eq!(
            to_string(&m),
            r#"{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:f","Retry":[{"ErrorEquals":["States.ALL"],"BackoffRate":2}],"Next":"B"},"B":{"Type":"Succeed"}}}"#
        );
    }
}

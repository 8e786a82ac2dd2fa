//! JSONPath evaluation over the model's path AST: reading state data, the context object and
//! variables, and writing a result into a document (ResultPath).

mod filter;
mod steps;
mod write;

use std::cell::OnceCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use asl_model::path::{parse_path, JsonPath, Root, Segment};
use serde_json::{json, Map, Value};

use crate::clock::format_millis;
use crate::errors::Failure;
use filter::holds;
pub(crate) use filter::{json_eq, num_cmp};
use steps::step;
pub(crate) use write::write_at;

/// Workflow variables (JSONPath `Assign`): one scope per state machine, Parallel branch and Map
/// iteration; a scope reads its enclosing scopes (not a distributed Map's children).
#[derive(Debug, Clone, Default)]
pub(crate) struct Vars {
    parent: Option<Rc<Vars>>,
    values: HashMap<String, Value>,
    /// Bytes of this scope's names and values (compact JSON), and with the enclosing scopes'.
    own_bytes: usize,
    total_bytes: usize,
}

impl Vars {
    pub fn child(parent: &Rc<Vars>) -> Rc<Vars> {
        Rc::new(Vars {
            parent: Some(Rc::clone(parent)),
            values: HashMap::new(),
            own_bytes: 0,
            total_bytes: parent.total_bytes,
        })
    }

    pub fn get(&self, name: &str) -> Option<&Value> {
        let mut scope = self;
        loop {
            if let Some(v) = scope.values.get(name) {
                return Some(v);
            }
            scope = scope.parent.as_deref()?;
        }
    }

    /// Every variable this scope sees, outermost scope first (an inner one shadows it after).
    pub fn for_each_visible<'a>(&'a self, f: &mut impl FnMut(&'a str, &'a Value)) {
        if let Some(p) = &self.parent {
            p.for_each_visible(f);
        }
        for (k, v) in &self.values {
            f(k, v);
        }
    }

    pub fn set(&mut self, name: String, value: Value) {
        let size = name.len() + crate::engine::json_size(&value);
        let old = self.size_of(&name);
        self.own_bytes = self.own_bytes + size - old;
        self.total_bytes = self.total_bytes + size - old;
        self.values.insert(name, value);
    }

    /// Bytes of all the variables this scope sees.
    pub fn total_bytes(&self) -> usize {
        self.total_bytes
    }

    /// Bytes `name` takes in this scope (0 when it is not assigned here).
    pub fn size_of(&self, name: &str) -> usize {
        self.values
            .get(name)
            .map_or(0, |v| name.len() + crate::engine::json_size(v))
    }
}

/// Facts about the execution for the context object (`$$.Execution…`, `$$.StateMachine…`).
#[derive(Debug, Clone)]
pub(crate) struct ExecInfo {
    pub id: String,
    pub name: String,
    pub start_time: String,
    pub role_arn: String,
    pub machine_id: String,
    pub machine_name: String,
    pub input: Arc<Value>,
}

/// What the context object holds for one evaluation.
pub(crate) struct Ctx<'a> {
    pub exec: &'a ExecInfo,
    pub state: &'a str,
    pub entered: i64,
    /// `State.RetryCount`: only states that can retry (Task, Parallel, Map) have it.
    pub retry: Option<u32>,
    pub token: Option<&'a str>,
    pub item: Option<(usize, &'a Value)>,
}

impl Ctx<'_> {
    pub fn to_value(&self) -> Value {
        let mut root = self.without_input();
        if let Some(Value::Object(e)) = root.get_mut("Execution") {
            e.insert("Input".into(), (*self.exec.input).clone());
        }
        Value::Object(root)
    }

    /// The context object but `Execution.Input`, which JSONata takes already converted.
    pub fn without_input(&self) -> Map<String, Value> {
        let mut root = Map::new();
        root.insert(
            "Execution".into(),
            json!({
                "Id": self.exec.id,
                "Name": self.exec.name,
                "RoleArn": self.exec.role_arn,
                "StartTime": self.exec.start_time,
                "RedriveCount": 0,
            }),
        );
        let mut state = json!({"EnteredTime": format_millis(self.entered), "Name": self.state});
        if let (Some(n), Value::Object(m)) = (self.retry, &mut state) {
            m.insert("RetryCount".into(), n.into());
        }
        root.insert("State".into(), state);
        root.insert(
            "StateMachine".into(),
            json!({"Id": self.exec.machine_id, "Name": self.exec.machine_name}),
        );
        if let Some(token) = self.token {
            root.insert("Task".into(), json!({ "Token": token }));
        }
        if let Some((index, value)) = self.item {
            root.insert(
                "Map".into(),
                json!({"Item": {"Index": index, "Value": value}}),
            );
        }
        root
    }
}

/// Everything a path can start from: `$` (the data), `$$` (built on first use) and `$name`.
pub(crate) struct Env<'a> {
    pub input: &'a Value,
    pub vars: &'a Vars,
    pub ctx: &'a Ctx<'a>,
    context: OnceCell<Value>,
}

impl<'a> Env<'a> {
    pub fn new(input: &'a Value, vars: &'a Vars, ctx: &'a Ctx<'a>) -> Self {
        Env {
            input,
            vars,
            ctx,
            context: OnceCell::new(),
        }
    }

    fn root(&self, root: &Root) -> Option<&Value> {
        match root {
            Root::Input => Some(self.input),
            Root::Context => Some(self.context.get_or_init(|| self.ctx.to_value())),
            Root::Variable(name) => self.vars.get(name),
        }
    }
}

/// Parsed paths by their text, so a loop does not parse the same path again.
#[derive(Default)]
pub(crate) struct PathCache(HashMap<String, Rc<JsonPath>>);

impl PathCache {
    pub fn get(&mut self, text: &str) -> Result<Rc<JsonPath>, Failure> {
        if let Some(p) = self.0.get(text) {
            return Ok(Rc::clone(p));
        }
        let p = parse_path(text)
            .map_err(|e| Failure::runtime(format!("Invalid JSONPath '{text}': {e}")))?;
        let p = Rc::new(p);
        self.0.insert(text.to_string(), Rc::clone(&p));
        Ok(p)
    }
}

/// What a path selects.
pub(crate) enum Read<'v> {
    /// A definite path (only fields and indexes) that names a node.
    One(&'v Value),
    /// An indefinite path (wildcards, slices, filters …): every match, possibly none.
    Many(Vec<&'v Value>),
    /// A definite path that names nothing.
    Absent,
}

impl Read<'_> {
    /// The selection as a value: the node, an array of the matches, or `None` when absent.
    pub fn into_value(self) -> Option<Value> {
        match self {
            Read::One(v) => Some(v.clone()),
            Read::Many(vs) => Some(Value::Array(vs.into_iter().cloned().collect())),
            Read::Absent => None,
        }
    }
}

/// Reads a path. Errors are for constructs asl-local cannot evaluate (regular-expression filters).
pub(crate) fn read<'v>(path: &JsonPath, env: &'v Env<'_>) -> Result<Read<'v>, String> {
    let Some(root) = env.root(&path.root) else {
        return Ok(Read::Absent);
    };
    if path.is_reference_path() {
        return Ok(resolve(root, &path.segments).map_or(Read::Absent, Read::One));
    }
    let mut nodes = vec![root];
    for seg in &path.segments {
        nodes = step(nodes, seg, env)?;
    }
    Ok(Read::Many(nodes))
}

/// A definite path from a node: fields and (negative-capable) indexes.
pub(crate) fn resolve<'v>(mut node: &'v Value, segments: &[Segment]) -> Option<&'v Value> {
    for seg in segments {
        node = match (seg, node) {
            (Segment::Field(name), Value::Object(m)) => m.get(name)?,
            (Segment::Index(i), Value::Array(a)) => a.get(norm_index(*i, a.len())?)?,
            _ => return None,
        };
    }
    Some(node)
}

fn norm_index(i: i64, len: usize) -> Option<usize> {
    if i >= 0 {
        usize::try_from(i).ok().filter(|&u| u < len)
    } else {
        let back = usize::try_from(i.unsigned_abs()).ok()?;
        len.checked_sub(back)
    }
}

pub(crate) fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use std::cmp::Ordering;

    use serde_json::Number;

    use super::*;

    fn exec() -> ExecInfo {
        ExecInfo {
            id: "arn:aws:states:us-east-1:123456789012:execution:sm:run".into(),
            name: "run".into(),
            start_time: "2025-01-01T00:00:00.000Z".into(),
            role_arn: "role".into(),
            machine_id: "arn:aws:states:us-east-1:123456789012:stateMachine:sm".into(),
            machine_name: "sm".into(),
            input: Arc::new(json!({"in": 1})),
        }
    }

    fn get(path: &str, data: &Value) -> Option<Value> {
        let e = exec();
        let mut vars = Vars::default();
        vars.set("v".into(), json!({"x": [1, 2]}));
        let ctx = Ctx {
            exec: &e,
            state: "S",
            entered: 0,
            retry: Some(2),
            token: Some("tok"),
            item: None,
        };
        let env = Env::new(data, &vars, &ctx);
        read(&parse_path(path).unwrap(), &env).unwrap().into_value()
    }

    #[test]
    fn reads_definite_and_indefinite_paths() {
        let d = json!({"a": {"b": [10, 20, 30]}, "books": [{"p": 5, "t": "x"}, {"p": 15, "t": "y"}], "k.d": 1});
        assert_eq!(get("$", &d), Some(d.clone()));
        assert_eq!(get("$.a.b[1]", &d), Some(json!(20)));
        assert_eq!(get("$.a.b[-1]", &d), Some(json!(30)));
        assert_eq!(get("$.a.b[3]", &d), None);
        assert_eq!(get("$.a.c", &d), None);
        assert_eq!(get("$['k.d']", &d), Some(json!(1)));
        assert_eq!(get("$.a.b[*]", &d), Some(json!([10, 20, 30])));
        assert_eq!(get("$.a.b[0:2]", &d), Some(json!([10, 20])));
        assert_eq!(get("$.a.b[::-1]", &d), Some(json!([30, 20, 10])));
        assert_eq!(get("$.a.b[0,2]", &d), Some(json!([10, 30])));
        assert_eq!(get("$.a.b[0:3:9223372036854775807]", &d), Some(json!([10])));
        assert_eq!(
            get("$.a.b[2:-9223372036854775807:-9223372036854775807]", &d),
            Some(json!([30]))
        );
        assert_eq!(get("$.books[?(@.p > 10)].t", &d), Some(json!(["y"])));
        assert_eq!(get("$.books[?(@.t == 'x')].p", &d), Some(json!([5])));
        assert_eq!(get("$..p", &d), Some(json!([5, 15])));
        assert_eq!(get("$.nothing[*]", &d), Some(json!([])));
        assert_eq!(get("$$.State.RetryCount", &d), Some(json!(2)));
        assert_eq!(get("$$.Execution.Input.in", &d), Some(json!(1)));
        assert_eq!(get("$$.Task.Token", &d), Some(json!("tok")));
        assert_eq!(get("$$.Map", &d), None);
        assert_eq!(get("$v.x[1]", &d), Some(json!(2)));
        assert_eq!(get("$w", &d), None);
    }

    #[test]
    fn writes_result_paths() {
        let mut doc = json!({"a": 1});
        write_at(&mut doc, &parse_path("$.b.c").unwrap().segments, json!(2)).unwrap();
        assert_eq!(doc, json!({"a": 1, "b": {"c": 2}}));
        write_at(&mut doc, &parse_path("$.a").unwrap().segments, json!(null)).unwrap();
        assert_eq!(doc, json!({"a": null, "b": {"c": 2}}));
        assert!(write_at(&mut doc, &parse_path("$.a.x").unwrap().segments, json!(1)).is_err());
        let mut arr = json!({"l": [1, 2]});
        write_at(&mut arr, &parse_path("$.l[1]").unwrap().segments, json!(9)).unwrap();
        assert_eq!(arr, json!({"l": [1, 9]}));
        assert!(write_at(&mut arr, &parse_path("$.l[5]").unwrap().segments, json!(9)).is_err());
        let mut s = json!("text");
        assert!(write_at(&mut s, &parse_path("$.x").unwrap().segments, json!(1)).is_err());
        write_at(&mut s, &[], json!(1)).unwrap();
        assert_eq!(s, json!(1));
    }

    #[test]
    fn numbers_compare_by_value() {
        assert!(json_eq(&json!(1), &json!(1.0)));
        assert!(json_eq(&json!({"a": [1]}), &json!({"a": [1.0]})));
        assert!(!json_eq(&json!(1), &json!("1")));
        assert_eq!(
            num_cmp(&Number::from(-1), &Number::from(u64::MAX)),
            Some(Ordering::Less)
        );
    }
}

//! A distributed map's children run as executions of their own and see no outer variable:
//! in a JSONata workflow its ItemSelector passes in what the closure reads from outside (a
//! computed value, a task's result, the workflow's input), and the runs agree.

use asl::prelude::*;
use asl::testing::{Env, Mock};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Payload)]
pub struct Batch {
    pub tag: String,
    pub factor: i64,
    pub items: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Payload)]
pub struct Line {
    pub tag: String,
    pub value: i64,
    pub prefix: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Payload)]
pub struct Prefix {
    pub prefix: String,
}

#[task(lambda = "prefix")]
pub fn prefix(b: Batch) -> Prefix;

#[task(lambda = "record")]
pub fn record(l: Line) -> Line;

#[workflow(name = "distributed-reads", query_language = "JSONata")]
pub fn distributed_reads(b: Batch) -> Vec<Line> {
    let p = prefix(b.clone());
    let scale = b.factor * 10;
    Map::over(b.items.clone())
        .distributed(ExecutionType::Express)
        .run(|x| {
            record(Line {
                tag: b.tag.to_uppercase(),
                value: x * scale,
                prefix: p.prefix.clone(),
            })
        })
}

#[test]
fn the_item_selector_passes_outer_values_to_the_children() {
    let def = distributed_reads::definition();
    let json: Value = serde_json::from_str(&def.to_json().unwrap()).unwrap();
    let map = json["States"]
        .as_object()
        .unwrap()
        .values()
        .find(|s| s["Type"] == "Map")
        .unwrap();
    let selector = map["ItemSelector"].as_object().unwrap();
    let mut keys: Vec<&str> = selector.keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(keys, ["b", "index", "p", "scale", "value"]);
    assert_eq!(
        selector["b"],
        json!("{% $states.context.Execution.Input %}")
    );
    assert_eq!(selector["p"], json!("{% $p %}"));
    // The child reads them from its input (its first state), never as outer variables.
    let record = &map["ItemProcessor"]["States"]["Record"];
    assert_eq!(
        record["Arguments"]["prefix"],
        json!("{% $states.input.p.prefix %}")
    );
    assert_eq!(record["Assign"]["p"], json!("{% $states.input.p %}"));

    let mut env = Env::new()
        .mock(Mock::json("prefix", |_| Ok(json!({"prefix": "run-7"}))))
        .mock(Mock::json("record", Ok));
    let report = env.check(
        def,
        distributed_reads,
        Batch {
            tag: "eu".into(),
            factor: 3,
            items: vec![1, 2],
        },
    );
    let line = |value| Line {
        tag: "EU".into(),
        value,
        prefix: "run-7".into(),
    };
    assert_eq!(report.output.unwrap(), vec![line(30), line(60)]);
}

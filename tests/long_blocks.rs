//! Long blocks: the expansion builds a block of more than 8 statements in several small
//! generated fns (for compile time, `asl-macros/src/workflow/body.rs`); the statements, their
//! order and the ASL are those of the source.

use asl::prelude::*;
use serde_json::{json, Value};

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Counter {
    pub n: i64,
}

#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:step")]
pub fn step(c: Counter) -> Counter;

#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:bump")]
pub fn bump(c: Counter) -> Counter;

#[workflow]
pub fn long_chain(input: Counter) -> Counter {
    let mut x = input;
    x = step(x);
    x = step(x);
    x = step(x);
    x = step(x);
    x = step(x);
    x = step(x);
    x = step(x);
    x = step(x);
    x = step(x);
    x = step(x);
    x = step(x);
    x = step(x);
    x = step(x);
    x = step(x);
    x = step(x);
    x = step(x);
    x = step(x);
    x = step(x);
    x = step(x);
    if x.n > 0 {
        x = bump(x);
        x = bump(x);
        x = bump(x);
        x = bump(x);
        x = bump(x);
        x = bump(x);
        x = bump(x);
        x = bump(x);
        x = bump(x);
        x = bump(x);
    }
    x
}

/// `base`, `base2`, … `base{n}`, each a Lambda task of `function` going to the next, the
/// last to `then`.
fn chain(
    states: &mut serde_json::Map<String, Value>,
    base: &str,
    function: &str,
    n: usize,
    then: &str,
) {
    let name = |i: usize| match i {
        1 => base.to_string(),
        i => format!("{base}{i}"),
    };
    for i in 1..=n {
        let next = if i == n {
            then.to_string()
        } else {
            name(i + 1)
        };
        states.insert(
            name(i),
            json!({
                "Type": "Task",
                "Resource": format!("arn:aws:lambda:us-east-1:123456789012:function:{function}"),
                "Next": next,
            }),
        );
    }
}

#[test]
fn a_long_block_keeps_every_statement_in_order() {
    // let, 19 calls, if, the tail: 22 statements (three generated parts); the if's 10 (two).
    let definition = long_chain::definition();
    assert_eq!(definition.workflow().body.len(), 22);
    let mut states = serde_json::Map::new();
    chain(&mut states, "Step", "step", 19, "IfN");
    states.insert(
        "IfN".into(),
        json!({
            "Type": "Choice",
            "Choices": [{"Variable": "$.n", "NumericGreaterThan": 0, "Next": "Bump"}],
            "Default": "Done",
        }),
    );
    chain(&mut states, "Bump", "bump", 10, "Done");
    states.insert("Done".into(), json!({"Type": "Succeed"}));
    let expected = json!({"StartAt": "Step", "States": states});
    let json: Value = serde_json::from_str(&definition.to_json().unwrap()).unwrap();
    assert_eq!(json, expected);
    // Key order too: the states in source order.
    assert_eq!(json.to_string(), expected.to_string());
}

//! In a JSONata workflow an `if` whose `else` is a `match` (and a `match` whose last arm is
//! an `if`) is one Choice state: the inner rules follow the outer ones, tried in order, so
//! the route costs one transition fewer than two Choices.

use asl::prelude::*;
use asl::testing::{Env, Mock};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Payload)]
pub enum Tier {
    Gold,
    Silver,
    Basic,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Payload)]
pub struct Ticket {
    pub urgent: bool,
    pub tier: Tier,
    pub seats: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Payload)]
pub struct Route {
    pub queue: String,
}

#[task(lambda = "page")]
pub fn page(t: Ticket) -> Route;
#[task(lambda = "gold")]
pub fn gold(t: Ticket) -> Route;
#[task(lambda = "team")]
pub fn team(t: Ticket) -> Route;
#[task(lambda = "queue")]
pub fn queue(t: Ticket) -> Route;

#[workflow(name = "route-ticket", query_language = "JSONata")]
pub fn route_ticket(t: Ticket) -> Route {
    if t.urgent {
        page(t)
    } else {
        match t.tier {
            Tier::Gold => gold(t),
            _ => {
                if t.seats > 10 {
                    team(t)
                } else {
                    queue(t)
                }
            }
        }
    }
}

fn choices(def: &Value) -> Vec<&Value> {
    def["States"]
        .as_object()
        .unwrap()
        .values()
        .filter(|s| s["Type"] == "Choice")
        .collect()
}

#[test]
fn if_else_match_else_if_is_one_choice() {
    let def: Value = serde_json::from_str(&route_ticket::definition().to_json().unwrap()).unwrap();
    let choices = choices(&def);
    assert_eq!(choices.len(), 1, "{def:#}");
    let conditions: Vec<&Value> = choices[0]["Choices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["Condition"])
        .collect();
    assert_eq!(
        conditions,
        [
            &json!("{% ($states.context.Execution.Input.urgent = true) %}"),
            &json!("{% ($states.context.Execution.Input.tier = \"Gold\") %}"),
            &json!("{% ($states.context.Execution.Input.seats > 10) %}"),
        ]
    );

    let route = |name: &'static str| Mock::json(name, move |_| Ok(json!({"queue": name})));
    for (urgent, tier, seats, expected) in [
        (true, Tier::Basic, 1, "page"),
        (false, Tier::Gold, 1, "gold"),
        (false, Tier::Silver, 11, "team"),
        (false, Tier::Basic, 2, "queue"),
    ] {
        let mut env = Env::new()
            .mock(route("page"))
            .mock(route("gold"))
            .mock(route("team"))
            .mock(route("queue"));
        let report = env.check(
            route_ticket::definition(),
            route_ticket,
            Ticket {
                urgent,
                tier,
                seats,
            },
        );
        assert_eq!(report.output.unwrap().queue, expected);
        // The Choice and the task: two states, where nested Choices took three or four.
        assert_eq!(report.transitions, 2, "{expected}");
    }
}

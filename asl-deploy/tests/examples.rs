//! Every Task of every example workflow is allowed by its machine's policy: the action the
//! integration calls, on the resource the definition names.

use asl_deploy::{permissions, PolicyOptions};
use asl_model::{Resource, State, StateMachine};
use indexmap::IndexMap;
use serde_json::Value;

fn literal(parameters: &Option<Value>, key: &str) -> Option<String> {
    parameters.as_ref()?.get(key)?.as_str().map(str::to_string)
}

/// (state name, action, resource or `None` for "any resource") for each Task, by hand.
fn expected(states: &IndexMap<String, State>, out: &mut Vec<(String, String, Option<String>)>) {
    for (name, state) in states {
        match state {
            State::Task(t) => {
                let arn = match &t.resource {
                    Resource::Arn(a) => a.clone(),
                    Resource::Intrinsic(v) => {
                        let target = v["Fn::GetAtt"][0]
                            .as_str()
                            .expect("examples use Fn::GetAtt");
                        format!("${{{target}.Arn}}")
                    }
                };
                let base = arn
                    .split(".waitForTaskToken")
                    .next()
                    .unwrap()
                    .trim_end_matches(".sync:2");
                let p = &t.parameters;
                let (action, resource) = match base {
                    "arn:aws:states:::lambda:invoke" => {
                        ("lambda:InvokeFunction", literal(p, "FunctionName"))
                    }
                    "arn:aws:states:::sns:publish" => (
                        "sns:Publish",
                        literal(p, "TopicArn").filter(|t| t.starts_with("arn:")),
                    ),
                    "arn:aws:states:::sqs:sendMessage" => ("sqs:SendMessage", None),
                    "arn:aws:states:::dynamodb:putItem" => (
                        "dynamodb:PutItem",
                        literal(p, "TableName").map(|t| format!("arn:aws:dynamodb:*:*:table/{t}")),
                    ),
                    "arn:aws:states:::dynamodb:getItem" => (
                        "dynamodb:GetItem",
                        literal(p, "TableName").map(|t| format!("arn:aws:dynamodb:*:*:table/{t}")),
                    ),
                    "arn:aws:states:::states:startExecution" => {
                        ("states:StartExecution", literal(p, "StateMachineArn"))
                    }
                    a if a.contains(":activity:") => continue,
                    a if a.starts_with("arn:aws:lambda:") || a.starts_with("${") => {
                        ("lambda:InvokeFunction", Some(a.to_string()))
                    }
                    other => panic!("state {name}: the example uses {other}; add it to this table"),
                };
                out.push((name.clone(), action.to_string(), resource));
            }
            State::Parallel(p) => p.branches.iter().for_each(|b| expected(&b.states, out)),
            State::Map(m) => {
                if let Some(g) = m.processor() {
                    expected(&g.states, out)
                }
            }
            _ => {}
        }
    }
}

fn machines() -> Vec<(&'static str, StateMachine)> {
    asl_examples::all()
        .into_iter()
        .map(|(_, name, d)| {
            (
                name,
                d.state_machine().unwrap_or_else(|e| panic!("{name}: {e}")),
            )
        })
        .collect()
}

#[test]
fn every_example_task_is_allowed() {
    let mut checked = 0;
    for (name, machine) in machines() {
        let p = permissions(&machine, &PolicyOptions::default());
        let mut tasks = Vec::new();
        expected(&machine.states, &mut tasks);
        for (state, action, resource) in tasks {
            let ok = match &resource {
                Some(r) => p.allows(&action, r),
                None => p.statements.iter().any(|s| s.actions.contains(&action)),
            };
            assert!(
                ok,
                "{name}: state {state}: no statement allows {action} on {resource:?}:\n{:#}",
                p.document()
            );
            checked += 1;
        }
    }
    assert!(checked >= 40, "only {checked} tasks checked");
}

#[test]
fn example_policies_have_no_empty_statements() {
    for (name, machine) in machines() {
        let p = permissions(&machine, &PolicyOptions::default());
        for s in &p.statements {
            assert!(
                !s.actions.is_empty() && !s.resources.is_empty(),
                "{name}: {s:?}"
            );
        }
    }
}

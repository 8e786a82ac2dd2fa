//! The `Definition` methods (asl-emit's deployment module) on example workflows: the exact
//! policy, templates that match asl-deploy's on the same machine, and the Mermaid chart.

use serde_json::json;

fn example(name: &str) -> asl::Definition {
    asl_examples::all()
        .into_iter()
        .find(|(_, n, _)| *n == name)
        .map(|(_, _, d)| d)
        .unwrap_or_else(|| panic!("no example {name}"))
}

#[test]
fn iam_policy_of_the_callback_pattern() {
    assert_eq!(
        example("callback-pattern").iam_policy().unwrap(),
        json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["sns:Publish"], "Resource": ["arn:aws:sns:us-east-1:123456789012:CallbackTopic"]},
            {"Effect": "Allow", "Action": ["sqs:SendMessage"], "Resource": ["arn:aws:sqs:us-east-1:123456789012:CallbackQueue"]}
        ]})
    );
}

#[test]
fn templates_name_the_workflow_and_carry_its_definition() {
    let d = example("nested-workflows");
    let machine = d.state_machine().unwrap();
    let options = asl_emit::TemplateOptions::default();
    let cfn = d.to_cloudformation(&options).unwrap();
    assert_eq!(
        cfn["Description"],
        json!(format!(
            "The {} state machine and its least-privilege execution role",
            d.name()
        ))
    );
    assert_eq!(
        cfn["Resources"]["StateMachine"]["Properties"]["DefinitionString"],
        json!(asl_model::serialize::to_string(&machine))
    );
    let sam = d.to_sam(&options).unwrap();
    assert_eq!(
        sam["Resources"]["StateMachine"]["Type"],
        "AWS::Serverless::StateMachine"
    );
    assert_eq!(
        sam["Resources"]["StateMachine"]["Properties"]["Definition"],
        asl_model::serialize::to_value(&machine)
    );
    assert_eq!(d.to_mermaid().unwrap(), asl_deploy::to_mermaid(&machine));
}

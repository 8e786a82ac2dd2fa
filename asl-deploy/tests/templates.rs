//! CloudFormation and SAM templates: the exact document for small machines, parameters for
//! what the template does not define, and errors that say where and what to do.

use asl_deploy::{to_cloudformation, to_sam, to_yaml, TemplateOptions};
use serde_json::{json, Value};

fn machine(v: Value) -> asl_model::StateMachine {
    asl_model::parse_value(&v).unwrap()
}

fn role(statements: Value) -> Value {
    json!({
        "Type": "AWS::IAM::Role",
        "Properties": {
            "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Principal": {"Service": "states.amazonaws.com"}, "Action": "sts:AssumeRole"}
            ]},
            "Policies": [{"PolicyName": "StateMachinePermissions", "PolicyDocument": {"Version": "2012-10-17", "Statement": statements}}]
        }
    })
}

fn outputs() -> Value {
    json!({
        "StateMachineArn": {"Description": "The state machine's ARN", "Value": {"Ref": "StateMachine"}},
        "RoleArn": {"Description": "The execution role's ARN", "Value": {"Fn::GetAtt": ["StateMachineRole", "Arn"]}}
    })
}

#[test]
fn cloudformation_template_of_a_lambda_and_a_table() {
    let sm = machine(json!({
        "StartAt": "A",
        "States": {
            "A": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "Next": "B"},
            "B": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem", "Parameters": {"TableName": "T", "Item": {}}, "End": true}
        }
    }));
    let options = TemplateOptions {
        state_machine_name: Some("orders".into()),
        description: Some("Orders".into()),
    };
    let t = to_cloudformation(&sm, &options).unwrap();
    let definition = asl_model::serialize::to_string(&sm);
    assert_eq!(
        t,
        json!({
            "AWSTemplateFormatVersion": "2010-09-09",
            "Description": "Orders",
            "Resources": {
                "StateMachineRole": role(json!([
                    {"Effect": "Allow", "Action": ["dynamodb:PutItem"], "Resource": [{"Fn::Sub": "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/T"}]},
                    {"Effect": "Allow", "Action": ["lambda:InvokeFunction"], "Resource": ["arn:aws:lambda:us-east-1:123456789012:function:f", "arn:aws:lambda:us-east-1:123456789012:function:f:*"]}
                ])),
                "StateMachine": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {
                    "StateMachineName": "orders",
                    "RoleArn": {"Fn::GetAtt": ["StateMachineRole", "Arn"]},
                    "DefinitionString": definition
                }}
            },
            "Outputs": outputs()
        })
    );
}

#[test]
fn get_att_resources_become_parameters_and_substitutions() {
    let sm = machine(json!({
        "StartAt": "Fetch",
        "States": {"Fetch": {"Type": "Task", "Resource": {"Fn::GetAtt": ["fetchPDF", "Arn"]}, "End": true}}
    }));
    let t = to_cloudformation(&sm, &TemplateOptions::default()).unwrap();
    assert_eq!(
        t["Parameters"],
        json!({"FetchPDFArn": {"Type": "String", "Description": "The Arn of fetchPDF (Fn::GetAtt in the definition)"}})
    );
    let p = &t["Resources"]["StateMachine"]["Properties"];
    assert_eq!(
        p["DefinitionSubstitutions"],
        json!({"FetchPDFArn": {"Ref": "FetchPDFArn"}})
    );
    assert_eq!(
        p["DefinitionString"],
        json!(
            r#"{"StartAt":"Fetch","States":{"Fetch":{"Type":"Task","Resource":"${FetchPDFArn}","End":true}}}"#
        )
    );
    assert_eq!(
        t["Resources"]["StateMachineRole"]["Properties"]["Policies"][0]["PolicyDocument"]
            ["Statement"],
        json!([{"Effect": "Allow", "Action": ["lambda:InvokeFunction"], "Resource": [{"Fn::Sub": "${FetchPDFArn}"}, {"Fn::Sub": "${FetchPDFArn}:*"}]}])
    );
    assert_eq!(
        t["Resources"]["StateMachineRole"]["Metadata"],
        json!({"PolicyNotes": ["/States/Fetch: Resource {FetchPDFArn} is a placeholder: taken to be a Lambda function ARN"]})
    );
}

#[test]
fn resources_with_placeholders_inside_are_built_with_fn_sub() {
    let sm = machine(json!({
        "StartAt": "Hello",
        "States": {"Hello": {"Type": "Task", "Resource": "arn:aws:lambda:#{AWS::Region}:#{AWS::AccountId}:function:hello", "End": true}}
    }));
    let t = to_sam(&sm, &TemplateOptions::default()).unwrap();
    assert_eq!(t["Transform"], "AWS::Serverless-2016-10-31");
    assert_eq!(t.get("Parameters"), None);
    let p = &t["Resources"]["StateMachine"];
    assert_eq!(p["Type"], "AWS::Serverless::StateMachine");
    assert_eq!(
        p["Properties"],
        json!({
            "Role": {"Fn::GetAtt": ["StateMachineRole", "Arn"]},
            "Definition": {"StartAt": "Hello", "States": {"Hello": {"Type": "Task", "Resource": "${HelloResource}", "End": true}}},
            "DefinitionSubstitutions": {"HelloResource": {"Fn::Sub": "arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:hello"}}
        })
    );
    assert_eq!(
        t["Resources"]["StateMachineRole"]["Properties"]["Policies"][0]["PolicyDocument"]
            ["Statement"][0]["Resource"],
        json!([
            {"Fn::Sub": "arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:hello"},
            {"Fn::Sub": "arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:hello:*"}
        ])
    );
    let yaml = to_yaml(&t).unwrap();
    assert!(
        yaml.starts_with(
            "AWSTemplateFormatVersion: 2010-09-09\nTransform: AWS::Serverless-2016-10-31\n"
        ),
        "{yaml}"
    );
}

#[test]
fn incomplete_arns_become_parameters() {
    let sm = machine(json!({
        "StartAt": "Job",
        "States": {"Job": {"Type": "Task", "Resource": "arn:aws:lambda:REGION:ACCOUNT_ID:function:FUNCTION_NAME", "End": true}}
    }));
    let t = to_cloudformation(&sm, &TemplateOptions::default()).unwrap();
    assert_eq!(
        t["Parameters"],
        json!({"JobResource": {"Type": "String", "Description": "The ARN of state Job's Resource: the definition writes \"arn:aws:lambda:REGION:ACCOUNT_ID:function:FUNCTION_NAME\", which is not a complete ARN"}})
    );
    assert_eq!(
        t["Resources"]["StateMachine"]["Properties"]["DefinitionSubstitutions"],
        json!({"JobResource": {"Ref": "JobResource"}})
    );
}

#[test]
fn a_distributed_map_names_the_machine_after_the_stack() {
    let sm = machine(json!({
        "StartAt": "M",
        "States": {"M": {"Type": "Map", "End": true, "ItemProcessor": {
            "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
            "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}
        }}}
    }));
    let t = to_cloudformation(&sm, &TemplateOptions::default()).unwrap();
    assert_eq!(
        t["Resources"]["StateMachine"]["Properties"]["StateMachineName"],
        json!({"Fn::Sub": "${AWS::StackName}"})
    );
    assert_eq!(
        t["Resources"]["StateMachineRole"]["Properties"]["Policies"][0]["PolicyDocument"]
            ["Statement"],
        json!([
            {"Effect": "Allow", "Action": ["states:DescribeExecution", "states:StopExecution"], "Resource": [{"Fn::Sub": "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:${AWS::StackName}/*"}]},
            {"Effect": "Allow", "Action": ["states:StartExecution"], "Resource": [{"Fn::Sub": "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:${AWS::StackName}"}]}
        ])
    );
}

#[test]
fn a_machine_without_tasks_has_a_role_without_policies() {
    let sm = machine(json!({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}));
    let t = to_cloudformation(&sm, &TemplateOptions::default()).unwrap();
    assert_eq!(
        t["Resources"]["StateMachineRole"]["Properties"].get("Policies"),
        None
    );
}

#[test]
fn unsupported_intrinsics_are_errors_that_say_where() {
    let sm = machine(json!({
        "StartAt": "T",
        "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": {"Fn::Join": [":", ["a", "b"]]}}, "End": true}}
    }));
    let e = to_cloudformation(&sm, &TemplateOptions::default()).unwrap_err();
    assert_eq!(e.pointer, "/States/T/Parameters/FunctionName");
    assert!(e.to_string().starts_with("definition at /States/T/Parameters/FunctionName: Fn::Join cannot be turned into a template parameter"), "{e}");
}

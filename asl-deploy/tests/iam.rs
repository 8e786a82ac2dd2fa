//! The policy of one Task per integration: the exact statements AWS's "IAM policies for
//! integrated services" pages give, and the notes where a value is chosen at run time.

use asl_deploy::{iam_policy, permissions, PolicyOptions};
use serde_json::json;

mod policy;
use policy::{allow, statements, task};

#[test]
fn document_has_version_and_statements() {
    let p = iam_policy(&task(
        "arn:aws:lambda:us-east-1:123456789012:function:f",
        json!({}),
    ));
    assert_eq!(
        p,
        json!({"Version": "2012-10-17", "Statement": [allow(
            &["lambda:InvokeFunction"],
            &["arn:aws:lambda:us-east-1:123456789012:function:f", "arn:aws:lambda:us-east-1:123456789012:function:f:*"]
        )]})
    );
}

#[test]
fn lambda_function_arn_with_a_qualifier_is_allowed_exactly() {
    assert_eq!(
        statements(
            "arn:aws:lambda:us-east-1:123456789012:function:f:prod",
            json!({})
        ),
        json!([allow(
            &["lambda:InvokeFunction"],
            &["arn:aws:lambda:us-east-1:123456789012:function:f:prod"]
        )])
    );
}

#[test]
fn lambda_invoke_reads_function_name() {
    assert_eq!(
        statements(
            "arn:aws:states:::lambda:invoke",
            json!({"FunctionName": "arn:aws:lambda:eu-west-1:111122223333:function:g", "Payload.$": "$"})
        ),
        json!([allow(
            &["lambda:InvokeFunction"],
            &[
                "arn:aws:lambda:eu-west-1:111122223333:function:g",
                "arn:aws:lambda:eu-west-1:111122223333:function:g:*"
            ]
        )])
    );
    // A bare name takes region and account from the options.
    let options = PolicyOptions {
        region: "us-east-2".into(),
        account: "123456789012".into(),
        ..PolicyOptions::default()
    };
    let p = permissions(
        &task(
            "arn:aws:states:::lambda:invoke.waitForTaskToken",
            json!({"FunctionName": "g:live"}),
        ),
        &options,
    );
    assert_eq!(
        p.document()["Statement"],
        json!([allow(
            &["lambda:InvokeFunction"],
            &["arn:aws:lambda:us-east-2:123456789012:function:g:live"]
        )])
    );
}

#[test]
fn lambda_invoke_with_a_dynamic_name_allows_every_function_and_says_so() {
    let p = permissions(
        &task(
            "arn:aws:states:::lambda:invoke",
            json!({"FunctionName.$": "$.fn"}),
        ),
        &PolicyOptions::default(),
    );
    assert_eq!(
        p.document()["Statement"],
        json!([allow(
            &["lambda:InvokeFunction"],
            &["arn:aws:lambda:*:*:function:*"]
        )])
    );
    assert_eq!(p.notes.len(), 1);
    assert_eq!(p.notes[0].state, "/States/T");
    assert!(
        p.notes[0]
            .message
            .contains("FunctionName is chosen at run time"),
        "{}",
        p.notes[0]
    );
}

#[test]
fn placeholders_are_kept_for_fn_sub() {
    assert_eq!(
        statements(
            "arn:aws:states:::lambda:invoke",
            json!({"FunctionName": "${WorkerArn}"})
        ),
        json!([allow(
            &["lambda:InvokeFunction"],
            &["${WorkerArn}", "${WorkerArn}:*"]
        )])
    );
    let sm = asl_model::parse_value(&json!({
        "StartAt": "T",
        "States": {"T": {"Type": "Task", "Resource": {"Fn::GetAtt": ["fetchPDF", "Arn"]}, "End": true}}
    }))
    .unwrap();
    assert_eq!(
        iam_policy(&sm)["Statement"],
        json!([allow(
            &["lambda:InvokeFunction"],
            &["${fetchPDF.Arn}", "${fetchPDF.Arn}:*"]
        )])
    );
}

#[test]
fn sqs_send_message_turns_the_queue_url_into_its_arn() {
    assert_eq!(
        statements(
            "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            json!({"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/CallbackQueue", "MessageBody.$": "$"})
        ),
        json!([allow(
            &["sqs:SendMessage"],
            &["arn:aws:sqs:us-east-1:123456789012:CallbackQueue"]
        )])
    );
    let p = permissions(
        &task(
            "arn:aws:states:::sqs:sendMessage",
            json!({"QueueUrl.$": "$.q"}),
        ),
        &PolicyOptions::default(),
    );
    assert_eq!(
        p.document()["Statement"],
        json!([allow(&["sqs:SendMessage"], &["*"])])
    );
    assert!(p.notes[0]
        .message
        .contains("QueueUrl is chosen at run time"));
    let p = permissions(
        &task("arn:aws:states:::sqs:sendMessage", json!({"QueueUrl": ""})),
        &PolicyOptions::default(),
    );
    assert_eq!(
        p.document()["Statement"],
        json!([allow(&["sqs:SendMessage"], &["*"])])
    );
    assert!(
        p.notes[0].message.contains("is not an https://sqs"),
        "{}",
        p.notes[0]
    );
}

#[test]
fn sns_publish_allows_the_topic() {
    assert_eq!(
        statements(
            "arn:aws:states:::sns:publish",
            json!({"TopicArn": "arn:aws:sns:us-east-1:123456789012:t", "Message": "m"})
        ),
        json!([allow(
            &["sns:Publish"],
            &["arn:aws:sns:us-east-1:123456789012:t"]
        )])
    );
}

#[test]
fn dynamodb_grants_the_one_action_on_the_table() {
    let options = PolicyOptions {
        region: "${AWS::Region}".into(),
        account: "${AWS::AccountId}".into(),
        partition: "${AWS::Partition}".into(),
        state_machine_name: None,
    };
    for (action, iam) in [
        ("getItem", "GetItem"),
        ("putItem", "PutItem"),
        ("updateItem", "UpdateItem"),
        ("deleteItem", "DeleteItem"),
    ] {
        let p = permissions(
            &task(
                &format!("arn:aws:states:::dynamodb:{action}"),
                json!({"TableName": "Clients", "Key": {}}),
            ),
            &options,
        );
        assert_eq!(
            p.document()["Statement"],
            json!([allow(
                &[&format!("dynamodb:{iam}")],
                &["arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/Clients"]
            )])
        );
    }
}

#[test]
fn events_put_events_allows_each_bus() {
    assert_eq!(
        statements(
            "arn:aws:states:::events:putEvents",
            json!({"Entries": [{"Detail": {}, "Source": "s"}, {"EventBusName": "orders", "Source": "s"}, {"EventBusName": "arn:aws:events:us-east-1:123456789012:event-bus/x"}]})
        ),
        json!([allow(
            &["events:PutEvents"],
            &[
                "arn:aws:events:*:*:event-bus/default",
                "arn:aws:events:*:*:event-bus/orders",
                "arn:aws:events:us-east-1:123456789012:event-bus/x"
            ]
        )])
    );
}

#[test]
fn start_execution_sync_adds_polling_and_the_managed_rule() {
    let arn = "arn:aws:states:us-east-1:123456789012:stateMachine:child";
    for resource in [
        "arn:aws:states:::states:startExecution.sync",
        "arn:aws:states:::states:startExecution.sync:2",
    ] {
        assert_eq!(
            statements(resource, json!({"StateMachineArn": arn, "Input.$": "$"})),
            json!([
                allow(&["events:DescribeRule", "events:PutRule", "events:PutTargets"], &["arn:aws:events:*:*:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule"]),
                allow(&["states:DescribeExecution", "states:StopExecution"], &["arn:aws:states:us-east-1:123456789012:execution:child:*"]),
                allow(&["states:StartExecution"], &[arn]),
            ])
        );
    }
    for resource in [
        "arn:aws:states:::states:startExecution",
        "arn:aws:states:::states:startExecution.waitForTaskToken",
    ] {
        assert_eq!(
            statements(resource, json!({"StateMachineArn": arn})),
            json!([allow(&["states:StartExecution"], &[arn])])
        );
    }
}

#[test]
fn aws_sdk_maps_to_the_iam_action() {
    assert_eq!(
        statements(
            "arn:aws:states:::aws-sdk:s3:getObject",
            json!({"Bucket": "b", "Key": "k"})
        ),
        json!([allow(&["s3:GetObject"], &["*"])])
    );
    assert_eq!(
        statements("arn:aws:states:::aws-sdk:sfn:listExecutions", json!({})),
        json!([allow(&["states:ListExecutions"], &["*"])])
    );
    assert_eq!(
        statements(
            "arn:aws:states:::aws-sdk:cloudwatchlogs:putLogEvents.waitForTaskToken",
            json!({})
        ),
        json!([allow(&["logs:PutLogEvents"], &["*"])])
    );
}

#[test]
fn http_invoke_allows_the_endpoint_the_connection_and_its_secret() {
    let options = PolicyOptions {
        state_machine_name: Some("orders".into()),
        region: "us-east-2".into(),
        account: "123456789012".into(),
        ..PolicyOptions::default()
    };
    let p = permissions(
        &task(
            "arn:aws:states:::http:invoke",
            json!({
                "ApiEndpoint": "https://api.stripe.com/v1/customers",
                "Method": "GET",
                "Authentication": {"ConnectionArn": "arn:aws:events:us-east-2:123456789012:connection/Stripe/81210c42-8af1"}
            }),
        ),
        &options,
    );
    assert_eq!(
        p.document()["Statement"],
        json!([
            allow(&["events:RetrieveConnectionCredentials"], &["arn:aws:events:us-east-2:123456789012:connection/Stripe/81210c42-8af1"]),
            allow(&["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"], &["arn:aws:secretsmanager:us-east-2:123456789012:secret:events!connection/Stripe/*"]),
            {"Effect": "Allow", "Action": ["states:InvokeHTTPEndpoint"], "Resource": ["arn:aws:states:us-east-2:123456789012:stateMachine:orders"],
             "Condition": {"StringEquals": {"states:HTTPMethod": "GET"}, "StringLike": {"states:HTTPEndpoint": "https://api.stripe.com/v1/customers"}}},
        ])
    );
    assert_eq!(p.notes, vec![]);
}

#[test]
fn activities_need_nothing_from_the_machine() {
    assert_eq!(
        statements(
            "arn:aws:states:us-west-2:123456789012:activity:file-transfer",
            json!(null)
        ),
        json!([])
    );
}

#[test]
fn job_services_sync() {
    assert_eq!(
        statements(
            "arn:aws:states:::glue:startJobRun.sync",
            json!({"JobName": "etl"})
        ),
        json!([allow(
            &[
                "glue:BatchStopJobRun",
                "glue:GetJobRun",
                "glue:GetJobRuns",
                "glue:StartJobRun"
            ],
            &["arn:aws:glue:*:*:job/etl"]
        )])
    );
    assert_eq!(
        statements(
            "arn:aws:states:::glue:startJobRun",
            json!({"JobName": "etl"})
        ),
        json!([allow(&["glue:StartJobRun"], &["arn:aws:glue:*:*:job/etl"])])
    );
    assert_eq!(
        statements(
            "arn:aws:states:::batch:submitJob.sync",
            json!({"JobName": "j", "JobQueue": "q", "JobDefinition": "d"})
        ),
        json!([
            allow(
                &[
                    "batch:DescribeJobs",
                    "batch:SubmitJob",
                    "batch:TerminateJob"
                ],
                &["*"]
            ),
            allow(
                &["events:DescribeRule", "events:PutRule", "events:PutTargets"],
                &["arn:aws:events:*:*:rule/StepFunctionsGetEventsForBatchJobsRule"]
            ),
        ])
    );
    assert_eq!(
        statements(
            "arn:aws:states:::ecs:runTask.sync",
            json!({"TaskDefinition": "web:3", "Cluster": "c"})
        ),
        json!([
            allow(&["ecs:DescribeTasks", "ecs:StopTask"], &["*"]),
            allow(&["ecs:RunTask"], &["arn:aws:ecs:*:*:task-definition/web:3"]),
            allow(
                &["events:DescribeRule", "events:PutRule", "events:PutTargets"],
                &["arn:aws:events:*:*:rule/StepFunctionsGetEventsForECSTaskRule"]
            ),
        ])
    );
    assert_eq!(
        statements(
            "arn:aws:states:::codebuild:startBuild.sync",
            json!({"ProjectName": "build"})
        ),
        json!([
            allow(
                &[
                    "codebuild:BatchGetBuilds",
                    "codebuild:StartBuild",
                    "codebuild:StopBuild"
                ],
                &["arn:aws:codebuild:*:*:project/build"]
            ),
            allow(
                &["events:DescribeRule", "events:PutRule", "events:PutTargets"],
                &["arn:aws:events:*:*:rule/StepFunctionsGetEventForCodeBuildStartBuildRule"]
            ),
        ])
    );
}

#[test]
fn distributed_map_reads_lists_writes_and_starts_child_executions() {
    let sm = asl_model::parse_value(&json!({
        "StartAt": "M",
        "States": {"M": {
            "Type": "Map",
            "ItemReader": {"Resource": "arn:aws:states:::s3:listObjectsV2", "Parameters": {"Bucket": "in-bucket", "Prefix": "data/"}},
            "ItemProcessor": {
                "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                "StartAt": "W",
                "States": {"W": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Parameters": {"TopicArn": "arn:aws:sns:us-east-1:123456789012:t", "Message.$": "$"}, "End": true}}
            },
            "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "out-bucket", "Prefix": "results"}},
            "End": true
        }}
    }))
    .unwrap();
    let options = PolicyOptions {
        state_machine_name: Some("sweeper".into()),
        ..PolicyOptions::default()
    };
    let p = permissions(&sm, &options);
    assert_eq!(
        p.document()["Statement"],
        json!([
            allow(
                &[
                    "s3:AbortMultipartUpload",
                    "s3:GetObject",
                    "s3:ListMultipartUploadParts",
                    "s3:PutObject"
                ],
                &["arn:aws:s3:::out-bucket/results*"]
            ),
            allow(&["s3:ListBucket"], &["arn:aws:s3:::in-bucket"]),
            allow(&["sns:Publish"], &["arn:aws:sns:us-east-1:123456789012:t"]),
            allow(
                &["states:DescribeExecution", "states:StopExecution"],
                &["arn:aws:states:*:*:execution:sweeper/*"]
            ),
            allow(
                &["states:StartExecution"],
                &["arn:aws:states:*:*:stateMachine:sweeper"]
            ),
        ])
    );
    assert_eq!(p.notes, vec![]);
}

#[test]
fn item_reader_get_object_allows_the_object() {
    let sm = asl_model::parse_value(&json!({
        "QueryLanguage": "JSONata",
        "StartAt": "M",
        "States": {"M": {
            "Type": "Map",
            "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"}, "Arguments": {"Bucket": "b", "Key": "{% $states.input.key %}"}},
            "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"}, "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
            "End": true
        }}
    }))
    .unwrap();
    let p = permissions(&sm, &PolicyOptions::default());
    assert_eq!(
        p.document()["Statement"],
        json!([
            allow(&["s3:GetObject"], &["arn:aws:s3:::b/*"]),
            allow(
                &["states:DescribeExecution", "states:StopExecution"],
                &["arn:aws:states:*:*:execution:*/*"]
            ),
            allow(
                &["states:StartExecution"],
                &["arn:aws:states:*:*:stateMachine:*"]
            ),
        ])
    );
    let messages: Vec<&str> = p.notes.iter().map(|n| n.message.as_str()).collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(messages
        .iter()
        .any(|m| m.starts_with("Key is chosen at run time")));
}

#[test]
fn resources_needing_the_same_actions_share_a_statement_and_nested_states_count() {
    let sm = asl_model::parse_value(&json!({
        "StartAt": "P",
        "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
            {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:b", "End": true}}},
            {"StartAt": "B", "States": {"B": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:a", "End": true}}}
        ]}}
    }))
    .unwrap();
    assert_eq!(
        iam_policy(&sm)["Statement"],
        json!([allow(
            &["lambda:InvokeFunction"],
            &[
                "arn:aws:lambda:us-east-1:1:function:a",
                "arn:aws:lambda:us-east-1:1:function:a:*",
                "arn:aws:lambda:us-east-1:1:function:b",
                "arn:aws:lambda:us-east-1:1:function:b:*"
            ]
        )])
    );
}

#[test]
fn task_credentials_assume_the_role() {
    let sm = asl_model::parse_value(&json!({
        "StartAt": "T",
        "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Credentials": {"RoleArn": "arn:aws:iam::222233334444:role/r"}, "Parameters": {"FunctionName": "arn:aws:lambda:us-east-1:222233334444:function:f:1"}, "End": true}}
    }))
    .unwrap();
    assert_eq!(
        iam_policy(&sm)["Statement"],
        json!([
            allow(
                &["lambda:InvokeFunction"],
                &["arn:aws:lambda:us-east-1:222233334444:function:f:1"]
            ),
            allow(&["sts:AssumeRole"], &["arn:aws:iam::222233334444:role/r"]),
        ])
    );
}

//! The policy of Tasks calling request-response APIs with their own resource ARNs (API
//! Gateway, Bedrock, Athena) and of SDK calls whose IAM action is not `prefix:ApiName`.

use serde_json::json;

mod policy;
use policy::{allow, statements};

#[test]
fn api_gateway_invoke_with_iam_auth_allows_the_route() {
    assert_eq!(
        statements(
            "arn:aws:states:::apigateway:invoke",
            json!({"ApiEndpoint": "abc123.execute-api.us-east-1.amazonaws.com", "Method": "GET",
                   "Stage": "prod", "Path": "/pets", "AuthType": "IAM_ROLE"})
        ),
        json!([allow(
            &["execute-api:Invoke"],
            &["arn:aws:execute-api:us-east-1:*:abc123/prod/GET/pets"]
        )])
    );
    // NO_AUTH (the default) is not signed with the role: nothing to allow.
    assert_eq!(
        statements(
            "arn:aws:states:::apigateway:invoke",
            json!({"ApiEndpoint": "abc123.execute-api.us-east-1.amazonaws.com", "Method": "GET"})
        ),
        json!([])
    );
}

#[test]
fn bedrock_invoke_model_allows_the_foundation_model() {
    assert_eq!(
        statements(
            "arn:aws:states:::bedrock:invokeModel",
            json!({"ModelId": "anthropic.claude-v2", "Body": {}})
        ),
        json!([allow(
            &["bedrock:InvokeModel"],
            &["arn:aws:bedrock:*::foundation-model/anthropic.claude-v2"]
        )])
    );
}

#[test]
fn athena_sync_query_allows_start_get_and_stop_on_the_workgroup() {
    assert_eq!(
        statements(
            "arn:aws:states:::athena:startQueryExecution.sync",
            json!({"QueryString": "SELECT 1", "WorkGroup": "reports"})
        ),
        json!([allow(
            &[
                "athena:GetQueryExecution",
                "athena:StartQueryExecution",
                "athena:StopQueryExecution"
            ],
            &["arn:aws:athena:*:*:workgroup/reports"]
        )])
    );
}

#[test]
fn sdk_calls_whose_iam_action_differs_from_the_api_name() {
    assert_eq!(
        statements(
            "arn:aws:states:::aws-sdk:s3:listObjectsV2",
            json!({"Bucket": "b"})
        ),
        json!([allow(&["s3:ListBucket"], &["*"])])
    );
    assert_eq!(
        statements("arn:aws:states:::aws-sdk:s3:copyObject", json!({})),
        json!([allow(&["s3:GetObject", "s3:PutObject"], &["*"])])
    );
    assert_eq!(
        statements(
            "arn:aws:states:::aws-sdk:dynamodb:transactGetItems",
            json!({})
        ),
        json!([allow(&["dynamodb:GetItem"], &["*"])])
    );
}

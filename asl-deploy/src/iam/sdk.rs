//! AWS SDK integrations (`arn:aws:states:::aws-sdk:SERVICE:ACTION`): the IAM action
//! `PREFIX:Action` (the service's IAM prefix, the API action in PascalCase) on `*`.

use super::{Grants, Integration};

pub(crate) fn grant(grants: &mut Grants, integration: &Integration) {
    let actions = match iam_actions(integration.service, integration.action) {
        Some(actions) => actions.iter().map(|a| a.to_string()).collect(),
        None => vec![format!(
            "{}:{}",
            iam_prefix(integration.service),
            pascal_case(integration.action)
        )],
    };
    grants.note(format!(
        "aws-sdk:{}:{}: the SDK integration names no resource; {} on *",
        integration.service,
        integration.action,
        actions.join(", ")
    ));
    let actions: Vec<&str> = actions.iter().map(String::as_str).collect();
    grants.allow(&actions, &["*".into()]);
}

/// API calls whose IAM actions are not `PREFIX:ApiName`.
fn iam_actions(service: &str, action: &str) -> Option<&'static [&'static str]> {
    Some(match (service, action) {
        ("s3", "deleteObjects") => &["s3:DeleteObject"],
        ("s3", "copyObject") => &["s3:GetObject", "s3:PutObject"],
        ("s3", "headObject") => &["s3:GetObject"],
        ("s3", "listObjects" | "listObjectsV2" | "headBucket") => &["s3:ListBucket"],
        ("s3", "listBuckets") => &["s3:ListAllMyBuckets"],
        ("s3", "createMultipartUpload" | "uploadPart" | "completeMultipartUpload") => {
            &["s3:PutObject"]
        }
        ("dynamodb", "transactWriteItems") => &[
            "dynamodb:ConditionCheckItem",
            "dynamodb:DeleteItem",
            "dynamodb:PutItem",
            "dynamodb:UpdateItem",
        ],
        ("dynamodb", "transactGetItems") => &["dynamodb:GetItem"],
        ("lambda", "invoke" | "invokeAsync") => &["lambda:InvokeFunction"],
        _ => return None,
    })
}

/// The IAM service prefix of an SDK service name, where the two differ.
pub(crate) fn iam_prefix(service: &str) -> &str {
    match service {
        "sfn" => "states",
        "cloudwatchlogs" => "logs",
        "cloudwatch" => "cloudwatch",
        "elasticloadbalancingv2" => "elasticloadbalancing",
        "efs" => "elasticfilesystem",
        "sesv2" => "ses",
        "emrserverless" => "emr-serverless",
        "emrcontainers" => "emr-containers",
        "acmpca" => "acm-pca",
        "mediapackagevod" => "mediapackage-vod",
        "apigatewayv2" | "apigatewaymanagementapi" => "execute-api",
        "bedrockruntime" | "bedrockagent" | "bedrockagentruntime" => "bedrock",
        "iotdata" => "iot",
        "opensearch" => "es",
        "redshiftdata" => "redshift-data",
        "sagemakerruntime" => "sagemaker",
        other => other,
    }
}

/// `getObject` → `GetObject`.
pub(crate) fn pascal_case(action: &str) -> String {
    let mut chars = action.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

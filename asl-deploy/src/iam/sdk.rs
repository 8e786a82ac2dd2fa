//! AWS SDK integrations (`arn:aws:states:::aws-sdk:SERVICE:ACTION`): the IAM action
//! `PREFIX:Action` (the service's IAM prefix, the API action in PascalCase) on `*`.

use super::{Grants, Integration};

pub(crate) fn grant(grants: &mut Grants, integration: &Integration) {
    let action = format!(
        "{}:{}",
        iam_prefix(integration.service),
        pascal_case(integration.action)
    );
    grants.note(format!(
        "aws-sdk:{}:{}: the SDK integration names no resource; {action} on *",
        integration.service, integration.action
    ));
    grants.allow(&[action.as_str()], &["*".into()]);
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

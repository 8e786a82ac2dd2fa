//! Request-response APIs with their own resource ARNs: API Gateway `invoke`
//! (`execute-api:Invoke`), Bedrock `invokeModel` (the model) and Athena
//! `startQueryExecution` (the workgroup).

use serde_json::Value;

use super::{field, Field, Grants, Integration, Pattern};

pub(crate) fn grant(
    grants: &mut Grants,
    integration: &Integration,
    payload: Option<&Value>,
) -> bool {
    match (integration.service, integration.action) {
        ("apigateway", "invoke") => api_gateway_invoke(grants, payload),
        ("bedrock", "invokeModel") => bedrock_invoke_model(grants, payload),
        ("athena", "startQueryExecution") => athena_start_query(grants, integration, payload),
        _ => return false,
    }
    true
}

/// Only an `IAM_ROLE` or `RESOURCE_POLICY` call is signed with the role; `NO_AUTH` needs nothing.
fn api_gateway_invoke(grants: &mut Grants, payload: Option<&Value>) {
    let auth = match field(payload, "AuthType") {
        Field::Literal(a) => a,
        Field::Missing => "NO_AUTH".into(),
        Field::Dynamic => "IAM_ROLE".into(),
    };
    if auth == "NO_AUTH" {
        return;
    }
    let part = |grants: &mut Grants, key: &str| match field(payload, key) {
        Field::Literal(v) if !v.is_empty() => v,
        Field::Missing if key == "Path" => String::new(),
        _ => {
            grants.note(format!(
                "apigateway:invoke {key} is not a literal: * in the ARN"
            ));
            "*".into()
        }
    };
    let endpoint = part(grants, "ApiEndpoint");
    let (api, region) = match endpoint.split('.').collect::<Vec<_>>().as_slice() {
        [api, "execute-api", region, ..] => (api.to_string(), region.to_string()),
        _ => ("*".to_string(), grants.options.region.clone()),
    };
    let stage = part(grants, "Stage");
    let method = part(grants, "Method");
    let path = part(grants, "Path");
    let arn = format!(
        "arn:{}:execute-api:{region}:{}:{api}/{stage}/{method}/{}",
        grants.options.partition,
        grants.options.account,
        path.trim_start_matches('/')
    );
    grants.allow(&["execute-api:Invoke"], &[arn]);
}

fn bedrock_invoke_model(grants: &mut Grants, payload: Option<&Value>) {
    let model = match field(payload, "ModelId") {
        Field::Literal(m) if m.starts_with("arn:") => m,
        Field::Literal(m) => format!(
            "arn:{}:bedrock:{}::foundation-model/{m}",
            grants.options.partition, grants.options.region
        ),
        _ => {
            grants.note("ModelId is not a literal: bedrock:InvokeModel on foundation-model/*");
            format!(
                "arn:{}:bedrock:{}::foundation-model/*",
                grants.options.partition, grants.options.region
            )
        }
    };
    grants.allow(&["bedrock:InvokeModel"], &[model]);
}

fn athena_start_query(grants: &mut Grants, integration: &Integration, payload: Option<&Value>) {
    let workgroup = match field(payload, "WorkGroup") {
        Field::Literal(w) => w,
        Field::Missing => "primary".into(),
        Field::Dynamic => "*".into(),
    };
    let mut actions = vec!["athena:StartQueryExecution"];
    if integration.pattern == Pattern::Sync {
        actions.extend(["athena:GetQueryExecution", "athena:StopQueryExecution"]);
    }
    let arn = grants
        .options
        .arn("athena", &format!("workgroup/{workgroup}"));
    grants.allow(&actions, &[arn]);
    grants.note(
        "athena:startQueryExecution: the query also reads its tables through Glue and writes \
         results to S3; add those permissions for your tables and output location",
    );
}

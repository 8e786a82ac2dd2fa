//! Lambda: `lambda:InvokeFunction` on the function ARN, and on `ARN:*` for its versions and
//! aliases when the ARN names no qualifier.

use serde_json::Value;

use super::{field, Field, Grants, Integration, PolicyOptions};

/// `arn:PARTITION:lambda:…` (however the rest is written).
pub(crate) fn is_function_arn(arn: &str) -> bool {
    let mut parts = arn.splitn(4, ':');
    parts.next() == Some("arn") && parts.nth(1) == Some("lambda")
}

/// `lambda:invoke` (and `.waitForTaskToken`): the function is `FunctionName`.
pub(crate) fn grant(
    grants: &mut Grants,
    integration: &Integration,
    payload: Option<&Value>,
) -> bool {
    if integration.action != "invoke" && integration.action != "invokeAsync" {
        return false;
    }
    let resources = match field(payload, "FunctionName") {
        Field::Literal(name) => function_resources(grants.options, &name),
        Field::Dynamic => {
            grants.note("FunctionName is chosen at run time: lambda:InvokeFunction on function:*");
            vec![grants.options.arn("lambda", "function:*")]
        }
        Field::Missing => {
            grants.note("lambda:invoke without FunctionName: lambda:InvokeFunction on function:*");
            vec![grants.options.arn("lambda", "function:*")]
        }
    };
    grants.allow(&["lambda:InvokeFunction"], &resources);
    true
}

/// The ARNs to allow for a function given as an ARN, a name, `name:qualifier`,
/// `account:function:name[:qualifier]`, or a placeholder standing for an ARN.
pub(crate) fn function_resources(options: &PolicyOptions, function: &str) -> Vec<String> {
    let with_versions = |arn: String| vec![arn.clone(), format!("{arn}:*")];
    if function.starts_with("arn:") {
        let qualified = match function.split_once(":function:") {
            Some((_, rest)) => rest.contains(':'),
            None => false,
        };
        return if qualified {
            vec![function.to_string()]
        } else {
            with_versions(function.to_string())
        };
    }
    if super::fields::is_whole_placeholder(function) {
        return with_versions(function.to_string());
    }
    let parts: Vec<&str> = function.split(':').collect();
    match parts.as_slice() {
        [name] => with_versions(options.arn("lambda", &format!("function:{name}"))),
        [name, qualifier] => vec![options.arn("lambda", &format!("function:{name}:{qualifier}"))],
        [account, "function", name] => with_versions(format!(
            "arn:{}:lambda:{}:{account}:function:{name}",
            options.partition, options.region
        )),
        [account, "function", name, qualifier] => vec![format!(
            "arn:{}:lambda:{}:{account}:function:{name}:{qualifier}",
            options.partition, options.region
        )],
        _ => with_versions(function.to_string()),
    }
}

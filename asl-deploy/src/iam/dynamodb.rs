//! DynamoDB `getItem` / `putItem` / `updateItem` / `deleteItem`: the one action on the table
//! ARN built from `TableName` (a name, or an ARN as written).

use serde_json::Value;

use super::{field, Field, Grants, Integration};

pub(crate) fn grant(
    grants: &mut Grants,
    integration: &Integration,
    payload: Option<&Value>,
) -> bool {
    let action = match integration.action {
        "getItem" => "dynamodb:GetItem",
        "putItem" => "dynamodb:PutItem",
        "updateItem" => "dynamodb:UpdateItem",
        "deleteItem" => "dynamodb:DeleteItem",
        _ => return false,
    };
    let table = match field(payload, "TableName") {
        Field::Literal(t) if t.starts_with("arn:") => t,
        Field::Literal(t) if !t.is_empty() => grants.options.arn("dynamodb", &format!("table/{t}")),
        Field::Literal(_) | Field::Missing => {
            grants.note(format!("{action} without a TableName: on table/*"));
            grants.options.arn("dynamodb", "table/*")
        }
        Field::Dynamic => {
            grants.note("TableName is chosen at run time: on table/*");
            grants.options.arn("dynamodb", "table/*")
        }
    };
    grants.allow(&[action], &[table]);
    true
}

//! Messaging: SQS `sendMessage` (queue ARN from a literal QueueUrl), SNS `publish` (TopicArn)
//! and EventBridge `putEvents` (the event buses of the entries).

use serde_json::Value;

use super::fields::field_at;
use super::{field, Field, Grants, Integration, PolicyOptions};

pub(crate) fn grant(
    grants: &mut Grants,
    integration: &Integration,
    payload: Option<&Value>,
) -> bool {
    match (integration.service, integration.action) {
        ("sqs", "sendMessage") => sqs_send_message(grants, payload),
        ("sns", "publish") => sns_publish(grants, payload),
        ("events", "putEvents") => events_put_events(grants, payload),
        _ => return false,
    }
    true
}

fn sqs_send_message(grants: &mut Grants, payload: Option<&Value>) {
    let queue = match field(payload, "QueueUrl") {
        Field::Literal(url) => match queue_arn(grants.options, &url) {
            Some(arn) => arn,
            None => {
                grants.note(format!(
                    "QueueUrl {url:?} is not an https://sqs.REGION.amazonaws.com/ACCOUNT/NAME \
                     URL: sqs:SendMessage on *; write the queue's URL to narrow it"
                ));
                "*".into()
            }
        },
        Field::Dynamic => {
            grants.note("QueueUrl is chosen at run time: sqs:SendMessage on *");
            "*".into()
        }
        Field::Missing => {
            grants.note("sqs:sendMessage without QueueUrl: sqs:SendMessage on *");
            "*".into()
        }
    };
    grants.allow(&["sqs:SendMessage"], &[queue]);
}

/// `https://sqs.us-east-1.amazonaws.com/123456789012/name` →
/// `arn:aws:sqs:us-east-1:123456789012:name` (also the legacy `REGION.queue.amazonaws.com`).
pub(crate) fn queue_arn(options: &PolicyOptions, url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let (host, path) = rest.split_once('/')?;
    let labels: Vec<&str> = host.split('.').collect();
    let region = match labels.as_slice() {
        ["sqs", region, "amazonaws", ..] => *region,
        [region, "queue", "amazonaws", ..] => *region,
        _ => return None,
    };
    let partition = if host.ends_with(".amazonaws.com.cn") {
        "aws-cn"
    } else {
        options.partition.as_str()
    };
    let (account, name) = path.trim_end_matches('/').split_once('/')?;
    if account.is_empty() || name.is_empty() || name.contains('/') {
        return None;
    }
    Some(format!("arn:{partition}:sqs:{region}:{account}:{name}"))
}

fn sns_publish(grants: &mut Grants, payload: Option<&Value>) {
    let topic = match field(payload, "TopicArn") {
        Field::Missing => field(payload, "TargetArn"),
        found => found,
    };
    let resource = match topic {
        Field::Literal(arn)
            if arn.starts_with("arn:") || super::fields::is_whole_placeholder(&arn) =>
        {
            arn
        }
        Field::Literal(other) => {
            grants.note(format!(
                "TopicArn {other:?} is not an ARN: sns:Publish on *"
            ));
            "*".into()
        }
        Field::Dynamic => {
            grants.note("TopicArn is chosen at run time: sns:Publish on *");
            "*".into()
        }
        Field::Missing => {
            grants.note("sns:publish without TopicArn (a phone number?): sns:Publish on *");
            "*".into()
        }
    };
    grants.allow(&["sns:Publish"], &[resource]);
}

fn events_put_events(grants: &mut Grants, payload: Option<&Value>) {
    let any_bus = grants.options.arn("events", "event-bus/*");
    let entries = match payload.and_then(|p| p.as_object()) {
        Some(o) if o.contains_key("Entries.$") => None,
        Some(o) => o.get("Entries").and_then(Value::as_array),
        None => None,
    };
    let Some(entries) = entries else {
        grants.note("Entries are chosen at run time: events:PutEvents on event-bus/*");
        return grants.allow(&["events:PutEvents"], &[any_bus]);
    };
    let mut buses = Vec::new();
    for entry in entries {
        let bus = match field_at(Some(entry), &["EventBusName"]) {
            Field::Literal(b) if b.starts_with("arn:") => b,
            Field::Literal(b) => grants.options.arn("events", &format!("event-bus/{b}")),
            Field::Missing if entry.is_object() => {
                grants.options.arn("events", "event-bus/default")
            }
            _ => {
                grants.note("an entry's EventBusName is chosen at run time: event-bus/*");
                any_bus.clone()
            }
        };
        buses.push(bus);
    }
    if buses.is_empty() {
        buses.push(grants.options.arn("events", "event-bus/default"));
    }
    grants.allow(&["events:PutEvents"], &buses);
}

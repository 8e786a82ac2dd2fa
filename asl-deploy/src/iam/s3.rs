//! S3 for distributed Maps: the ItemReader (`s3:getObject` → `s3:GetObject` on the object,
//! `s3:listObjectsV2` → `s3:ListBucket` on the bucket) and the ResultWriter
//! (`s3:putObject` → object writes under the prefix).

use asl_model::{ItemReader, Resource, ResultWriter};
use serde_json::Value;

use super::{field, Field, Grants, Integration};

pub(crate) fn item_reader(grants: &mut Grants, reader: &ItemReader) {
    let payload = reader.parameters.as_ref().or(reader.arguments.as_ref());
    let Some(integration) = integration(grants, &reader.resource, "ItemReader") else {
        return;
    };
    match (integration.service, integration.action) {
        ("s3", "getObject") => {
            let object = object_arn(grants, payload, "Key");
            grants.allow(&["s3:GetObject"], &[object]);
        }
        ("s3", "listObjectsV2") => {
            let bucket = bucket(grants, payload);
            grants.allow(
                &["s3:ListBucket"],
                &[format!("arn:{}:s3:::{bucket}", grants.options.partition)],
            );
        }
        (service, action) => grants.note(format!(
            "ItemReader {service}:{action} has no derivation here: no statement for it"
        )),
    }
}

pub(crate) fn result_writer(grants: &mut Grants, writer: &ResultWriter) {
    let Some(resource) = &writer.resource else {
        return;
    };
    let payload = writer.parameters.as_ref().or(writer.arguments.as_ref());
    let Some(integration) = integration(grants, resource, "ResultWriter") else {
        return;
    };
    if (integration.service, integration.action) != ("s3", "putObject") {
        return grants.note(format!(
            "ResultWriter {}:{} has no derivation here: no statement for it",
            integration.service, integration.action
        ));
    }
    let bucket = bucket(grants, payload);
    let prefix = match field(payload, "Prefix") {
        Field::Literal(p) => p,
        Field::Missing => String::new(),
        Field::Dynamic => {
            grants.note("ResultWriter Prefix is chosen at run time: the whole bucket");
            String::new()
        }
    };
    let objects = format!(
        "arn:{}:s3:::{bucket}/{}*",
        grants.options.partition,
        prefix.trim_start_matches('/')
    );
    grants.allow(
        &[
            "s3:AbortMultipartUpload",
            "s3:GetObject",
            "s3:ListMultipartUploadParts",
            "s3:PutObject",
        ],
        &[objects],
    );
}

fn integration<'r>(
    grants: &mut Grants,
    resource: &'r Resource,
    what: &str,
) -> Option<Integration<'r>> {
    let parsed = resource.as_arn().and_then(Integration::parse);
    if parsed.is_none() {
        grants.note(format!(
            "{what} Resource is not an arn:aws:states::: integration: no statement for it"
        ));
    }
    parsed
}

fn bucket(grants: &mut Grants, payload: Option<&Value>) -> String {
    match field(payload, "Bucket") {
        Field::Literal(b) if !b.is_empty() => b,
        _ => {
            grants.note("Bucket is chosen at run time: every bucket (*)");
            "*".into()
        }
    }
}

/// `arn:P:s3:::BUCKET/KEY`, `*` for what is chosen at run time.
fn object_arn(grants: &mut Grants, payload: Option<&Value>, key_field: &str) -> String {
    let bucket = bucket(grants, payload);
    let key = match field(payload, key_field) {
        Field::Literal(k) if !k.is_empty() => k,
        _ => {
            grants.note(format!(
                "{key_field} is chosen at run time: every object (*)"
            ));
            "*".into()
        }
    };
    format!("arn:{}:s3:::{bucket}/{key}", grants.options.partition)
}

//! AWS sample "Distributed Map: process S3 objects" (the console's distributed map
//! template): list the objects under a prefix, process each in a child execution through
//! a Lambda, tolerate a few failures. Shows `Map::read(S3Objects { .. })` with
//! `.distributed`, `.max_concurrency`, `.tolerated_failure_percent` and `.label`. (The
//! template also writes the results to S3; here they are the execution's output instead:
//! with `.result_writer(bucket, prefix)` the Map's value would be a `MapRunResult`, the S3
//! location of the results.)

use asl::aws::lambda;
use asl::errors::LambdaError;
use asl::prelude::*;

/// The execution input: where the objects are.
#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct ObjectsToProcess {
    pub bucket: String,
    pub prefix: String,
}

/// What the processing Lambda reports for one object.
#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct ProcessedObject {
    pub key: String,
    pub records: u64,
}

#[workflow(
    name = "distributed-map-s3",
    comment = "Process every object under an S3 prefix with a Distributed Map."
)]
pub fn distributed_map_s3(objects: ObjectsToProcess) -> Vec<ProcessedObject> {
    #[state(name = "Process S3 objects")]
    let processed = Map::read(S3Objects { bucket: objects.bucket, prefix: objects.prefix })
        .distributed(ExecutionType::Express)
        .label("S3objectkeys")
        .max_concurrency(1000)
        .tolerated_failure_percent(5.0)
        .run(|object| {
            // Lambda's transient errors are retried with jitter, so that a thousand
            // children throttled at once do not all come back at the same moment.
            #[state(name = "Process object")]
            #[retry(
                errors = [LambdaError::ServiceException, LambdaError::AwsLambdaException, LambdaError::SdkClientException, LambdaError::TooManyRequests],
                interval = 1s, max_attempts = 3, backoff = 2.0, jitter = full
            )]
            let result: lambda::InvokeOutput<ProcessedObject> = lambda::invoke(lambda::Invoke {
                function_name: "arn:aws:lambda:us-east-1:123456789012:function:ProcessObject".into(),
                payload: object,
                qualifier: None,
                invocation_type: None,
            });
            result.payload
        });
    processed
}

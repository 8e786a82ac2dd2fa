//! `map(items, |item| …)` and `Map::over(items)…run(|item| …)`: a `Map` state.
//!
//! In a `#[workflow]` body these become `ir::Expr::Map`. Natively the closure runs for each
//! item in order, one after the other (on the simulated clock `MaxConcurrency` at a time, as
//! asl-local runs them), and the results come back in order; with tolerated
//! failures a failing item is left out, and too many failures end the run with
//! `States.ExceedToleratedFailureThreshold`, as in Step Functions.

use std::collections::BTreeMap;
use std::panic::{self, AssertUnwindSafe};

use asl_model::ir::{Field, Shape};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use serde_json::Value;

pub use asl_model::ir::ExecutionType;

use crate::context::with_map_item;
use crate::payload::{Payload, Timestamp};
use crate::runtime::{
    call_task, fail, Failure, Slots, DISTRIBUTED_MAX_CONCURRENCY, INLINE_MAX_CONCURRENCY,
};

/// Runs `f` on each item (a `Map` state); the results in the items' order.
pub fn map<T: Serialize, U>(items: impl IntoIterator<Item = T>, f: impl FnMut(T) -> U) -> Vec<U> {
    Map::over(items).run(f)
}

/// A `Map` state with options: `Map::over(items).max_concurrency(5).run(|item| …)`.
#[must_use = "a `Map` does nothing until `.run(|item| …)`"]
pub struct Map<T> {
    items: Vec<T>,
    tolerated_count: Option<u64>,
    tolerated_percent: Option<f64>,
    /// `MaxConcurrency` (0: the service's limit).
    max_concurrency: u64,
    distributed: bool,
}

impl<T> Map<T> {
    /// A map over an array of the state.
    pub fn over(items: impl IntoIterator<Item = T>) -> Map<T> {
        Map {
            items: items.into_iter().collect(),
            tolerated_count: None,
            tolerated_percent: None,
            max_concurrency: 0,
            distributed: false,
        }
    }

    /// A distributed map whose items an `ItemReader` reads (from S3). Natively the items
    /// come from the handler registered under the reader's resource
    /// (`asl::runtime::register_json("arn:aws:states:::s3:listObjectsV2", |params| …)`),
    /// which returns them as a JSON array.
    pub fn read<R: ItemReader<Item = T>>(reader: R) -> Map<T>
    where
        T: DeserializeOwned,
    {
        let items: Vec<T> = call_task(reader.resource(), reader.parameters());
        Map::over(items)
    }

    /// `MaxConcurrency`: how many items run at once (natively they run one by one, on the
    /// simulated clock this many at a time).
    pub fn max_concurrency(mut self, limit: u64) -> Map<T> {
        self.max_concurrency = limit;
        self
    }

    /// `ToleratedFailureCount`: how many items may fail before the map fails.
    pub fn tolerated_failures(mut self, count: u64) -> Map<T> {
        self.tolerated_count = Some(count);
        self
    }

    /// `ToleratedFailurePercentage`: the share of items (0–100) that may fail.
    pub fn tolerated_failure_percent(mut self, percent: f64) -> Map<T> {
        self.tolerated_percent = Some(percent);
        self
    }

    /// A distributed map (`ProcessorConfig.Mode = DISTRIBUTED`): each item is a child
    /// execution of this type.
    pub fn distributed(mut self, _execution_type: ExecutionType) -> Map<T> {
        self.distributed = true;
        self
    }

    /// The distributed map's `Label` (its map run's name).
    pub fn label(self, _label: &str) -> Map<T> {
        self
    }

    /// `ResultWriter`: the results are written to S3 under `bucket`/`prefix`, and the map's
    /// value is where they are (`MapRunResult`), not the results. Give the other options
    /// before this one.
    pub fn result_writer(self, bucket: &str, prefix: &str) -> WrittenMap<T> {
        WrittenMap {
            map: self,
            bucket: bucket.to_string(),
            prefix: prefix.to_string(),
        }
    }

    /// `ItemBatcher.MaxItemsPerBatch`: the closure gets up to `max_items` items at a time.
    pub fn batch(self, max_items: u64) -> Map<Batch<T>> {
        let size = usize::try_from(max_items.max(1)).unwrap_or(usize::MAX);
        let mut batches = Vec::new();
        let mut items = self.items.into_iter().peekable();
        while items.peek().is_some() {
            batches.push(Batch {
                items: items.by_ref().take(size).collect(),
            });
        }
        Map {
            items: batches,
            tolerated_count: self.tolerated_count,
            tolerated_percent: self.tolerated_percent,
            max_concurrency: self.max_concurrency,
            distributed: self.distributed,
        }
    }

    /// Runs `f` on each item, in order; the results in order.
    pub fn run<U>(self, mut f: impl FnMut(T) -> U) -> Vec<U>
    where
        T: Serialize,
    {
        let total = self.items.len();
        let tolerant = self.tolerated_count.is_some() || self.tolerated_percent.is_some();
        let mut results = Vec::with_capacity(total);
        let mut failures: u64 = 0;
        let mut slots = Slots::new(self.concurrency());
        for (index, item) in self.items.into_iter().enumerate() {
            let value = serde_json::to_value(&item).unwrap_or(Value::Null);
            slots.start_next();
            if !tolerant {
                // Without a tolerance the first failure is the map's failure.
                results.push(with_map_item(index, value, || f(item)));
                slots.finish_one();
                continue;
            }
            let result =
                panic::catch_unwind(AssertUnwindSafe(|| with_map_item(index, value, || f(item))));
            slots.finish_one();
            match result {
                Ok(result) => results.push(result),
                Err(payload) => match payload.downcast::<Failure>() {
                    Ok(last) => {
                        failures += 1;
                        // The failure that goes over the threshold ends the map, as in
                        // Step Functions; the cause is asl-local's.
                        let over_count = self.tolerated_count.is_some_and(|count| failures > count);
                        let over_percent = self.tolerated_percent.is_some_and(|percent| {
                            failures as f64 * 100.0 / total as f64 > percent
                        });
                        if over_count || over_percent {
                            fail(Failure {
                                error: "States.ExceedToleratedFailureThreshold".into(),
                                cause: format!(
                                    "The Map state failed because {failures} of {total} iterations failed, more than the \
                                     tolerated failures allow (last error: {}: {}).",
                                    last.error, last.cause
                                ),
                            });
                        }
                    }
                    Err(other) => panic::resume_unwind(other),
                },
            }
        }
        slots.finish();
        results
    }

    /// How many iterations run at once: `MaxConcurrency`, capped (and for 0 set) by the
    /// service's limit.
    fn concurrency(&self) -> usize {
        let cap = if self.distributed {
            DISTRIBUTED_MAX_CONCURRENCY
        } else {
            INLINE_MAX_CONCURRENCY
        };
        match usize::try_from(self.max_concurrency) {
            Ok(0) => cap,
            Ok(n) => n.min(cap),
            Err(_) => cap,
        }
    }
}

/// A `Map` whose results go to S3 (`ResultWriter`).
#[must_use = "a `Map` does nothing until `.run(|item| …)`"]
pub struct WrittenMap<T> {
    map: Map<T>,
    bucket: String,
    prefix: String,
}

impl<T> WrittenMap<T> {
    /// Runs `f` on each item, in order; natively the results are dropped and the value names
    /// a manifest under the prefix, as the Map Run's would.
    pub fn run<U>(self, f: impl FnMut(T) -> U) -> MapRunResult
    where
        T: Serialize,
    {
        let _ = self.map.run(f);
        MapRunResult {
            map_run_arn: "arn:aws:states:native:000000000000:mapRun:native".into(),
            result_writer_details: ResultWriterDetails {
                bucket: self.bucket,
                key: format!("{}/native/manifest.json", self.prefix),
            },
        }
    }
}

/// The value of a Map with a `ResultWriter`: the Map Run and where its results were written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, crate::Payload)]
#[serde(rename_all = "PascalCase")]
pub struct MapRunResult {
    pub map_run_arn: String,
    pub result_writer_details: ResultWriterDetails,
}

/// `ResultWriterDetails`: the bucket and the manifest's key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, crate::Payload)]
#[serde(rename_all = "PascalCase")]
pub struct ResultWriterDetails {
    pub bucket: String,
    pub key: String,
}

/// Items given to the closure together (`Map::over(items).batch(10)`): `{"Items": […]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Batch<T> {
    #[serde(rename = "Items")]
    pub items: Vec<T>,
}

impl<T: Payload> Payload for Batch<T> {
    fn shape() -> Shape {
        batch_shape(T::shape())
    }
}

/// The shape of a `Batch` of items of shape `item`.
#[doc(hidden)]
pub fn batch_shape(item: Shape) -> Shape {
    Shape::Object(vec![Field {
        rust: "items".into(),
        json: "Items".into(),
        shape: Shape::Array(Box::new(item)),
        flatten: false,
    }])
}

/// Where a distributed map reads its items from (an `ItemReader`).
pub trait ItemReader {
    /// One item as the reader delivers it.
    type Item;
    /// The reader's `Resource`.
    fn resource(&self) -> &'static str;
    /// The reader's `Parameters` (`Bucket`, `Key` / `Prefix`).
    fn parameters(&self) -> Value;
}

/// The objects under a prefix of an S3 bucket (`s3:listObjectsV2`); each item is an [`S3Object`].
#[derive(Debug, Clone, PartialEq)]
pub struct S3Objects<B = String, P = String> {
    pub bucket: B,
    pub prefix: P,
}

/// One object listed by [`S3Objects`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct S3Object {
    #[serde(rename = "Key")]
    pub key: String,
    #[serde(rename = "Size")]
    pub size: u64,
    #[serde(rename = "Etag")]
    pub etag: String,
    #[serde(rename = "LastModified")]
    pub last_modified: Timestamp,
}

impl Payload for S3Object {
    fn shape() -> Shape {
        let field = |rust: &str, json: &str, shape: Shape| Field {
            rust: rust.into(),
            json: json.into(),
            shape,
            flatten: false,
        };
        Shape::Object(vec![
            field("key", "Key", Shape::String),
            field("size", "Size", Shape::Number),
            field("etag", "Etag", Shape::String),
            field("last_modified", "LastModified", Shape::Timestamp),
        ])
    }
}

/// A JSON file in S3 holding an array (`s3:getObject`, `InputType: JSON`); each item is one element.
#[derive(Debug, Clone, PartialEq)]
pub struct S3JsonArray<B = String, K = String> {
    pub bucket: B,
    pub key: K,
}

/// A CSV file in S3 whose first row names the columns (`InputType: CSV`); each item maps
/// column names to the row's texts.
#[derive(Debug, Clone, PartialEq)]
pub struct S3Csv<B = String, K = String> {
    pub bucket: B,
    pub key: K,
}

/// An S3 inventory manifest (`InputType: MANIFEST`); each item is one object of the inventory.
#[derive(Debug, Clone, PartialEq)]
pub struct S3Manifest<B = String, K = String> {
    pub bucket: B,
    pub key: K,
}

fn bucket_and(bucket: &str, name: &str, value: &str) -> Value {
    let mut params = serde_json::Map::new();
    params.insert("Bucket".into(), Value::String(bucket.to_string()));
    params.insert(name.into(), Value::String(value.to_string()));
    Value::Object(params)
}

impl<B: AsRef<str>, P: AsRef<str>> ItemReader for S3Objects<B, P> {
    type Item = S3Object;
    fn resource(&self) -> &'static str {
        "arn:aws:states:::s3:listObjectsV2"
    }
    fn parameters(&self) -> Value {
        bucket_and(self.bucket.as_ref(), "Prefix", self.prefix.as_ref())
    }
}

impl<B: AsRef<str>, K: AsRef<str>> ItemReader for S3JsonArray<B, K> {
    type Item = Value;
    fn resource(&self) -> &'static str {
        "arn:aws:states:::s3:getObject"
    }
    fn parameters(&self) -> Value {
        bucket_and(self.bucket.as_ref(), "Key", self.key.as_ref())
    }
}

impl<B: AsRef<str>, K: AsRef<str>> ItemReader for S3Csv<B, K> {
    type Item = BTreeMap<String, String>;
    fn resource(&self) -> &'static str {
        "arn:aws:states:::s3:getObject"
    }
    fn parameters(&self) -> Value {
        bucket_and(self.bucket.as_ref(), "Key", self.key.as_ref())
    }
}

impl<B: AsRef<str>, K: AsRef<str>> ItemReader for S3Manifest<B, K> {
    type Item = Value;
    fn resource(&self) -> &'static str {
        "arn:aws:states:::s3:getObject"
    }
    fn parameters(&self) -> Value {
        bucket_and(self.bucket.as_ref(), "Key", self.key.as_ref())
    }
}

use asl::prelude::*;

#[derive(Payload, Serialize, Deserialize, Clone)]
struct Order {
    id: String,
    amount: u32,
}

#[derive(Payload, Serialize, Deserialize, Clone)]
struct Orders {
    orders: Vec<Order>,
    prefix: String,
}

#[task(lambda = "charge")]
fn charge(batch: Batch<Order>) -> bool;

#[task(lambda = "size")]
fn size(object: S3Object) -> u64;

// An ItemBatcher and a ResultWriter in an inline Map.
#[workflow]
fn charge_batches(b: Orders) -> MapRunResult {
    Map::over(b.orders)
        .batch(10)
        .result_writer("results", "out/")
        .run(|batch| charge(batch))
}

// An ItemReader in an inline Map.
#[workflow]
fn sizes(b: Orders) -> Vec<u64> {
    Map::read(S3Objects {
        bucket: "my-bucket",
        prefix: b.prefix,
    })
    .run(|object| size(object))
}

fn main() {}

use asl::prelude::*;

#[derive(Payload, Serialize, Deserialize, Clone)]
struct Job {
    id: String,
    max_seconds: u64,
}

// The timeout is read from a field of the input that does not exist.
#[task(activity = "arn:aws:states:us-east-1:123456789012:activity:work", timeout = job.max_secs)]
fn work(job: Job) -> Job;

#[workflow]
fn run(job: Job) -> Job {
    work(job)
}

fn main() {}

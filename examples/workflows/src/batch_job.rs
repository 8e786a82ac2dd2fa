//! Seed 04: submit a batch job, then poll its status every 30 seconds until it ends.

use asl::prelude::*;

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct JobRequest {
    pub job_name: String,
    pub job_queue: String,
    pub job_definition: String,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Job {
    pub job_id: String,
    pub status: Option<JobStatus>,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, Copy, PartialEq)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum JobStatus {
    Submitted,
    Pending,
    Runnable,
    Starting,
    Running,
    Succeeded,
    Failed,
}

#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:submitBatchJob")]
pub fn submit_job(request: JobRequest) -> Job;

#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:getBatchJobStatus")]
pub fn get_job_status(job: Job) -> Job;

#[workflow(name = "batch-job")]
pub fn batch_job(request: JobRequest) -> Job {
    let mut job = submit_job(request);
    loop {
        #[state(name = "WaitForJob")]
        sleep(Duration::from_secs(30));
        job = get_job_status(job);
        #[state(name = "JobComplete?")]
        match job.status {
            Some(JobStatus::Succeeded) => return job,
            Some(JobStatus::Failed) => fail!("BatchJobFailed", "AWS Batch job failed"),
            _ => {}
        }
    }
}

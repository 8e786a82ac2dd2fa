//! AWS sample "Job Poller": submit an AWS Batch job through a Lambda, then wait, check its
//! status and decide, until it succeeds (get the final status) or fails (a Fail state).
//! Shows `loop { sleep(..); status; match }` with the wait taken from the input, `fail!`,
//! and a retried submit.

use asl::prelude::*;

/// The execution input: the job to submit and how long to wait between checks.
#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct JobPoll {
    #[serde(rename = "jobName")]
    pub job_name: String,
    #[serde(rename = "jobDefinition")]
    pub job_definition: String,
    #[serde(rename = "jobQueue")]
    pub job_queue: String,
    pub wait_time: u64,
}

/// What the submit Lambda returns: the job's id.
#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct SubmittedJob {
    #[serde(rename = "jobId")]
    pub job_id: String,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, Copy, PartialEq)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum BatchStatus {
    Submitted,
    Pending,
    Runnable,
    Starting,
    Running,
    Succeeded,
    Failed,
}

/// What the final-status Lambda reports.
#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct FinalStatus {
    #[serde(rename = "jobId")]
    pub job_id: String,
    pub status: BatchStatus,
}

#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:SubmitJob")]
#[retry(errors = ["States.ALL"], interval = 1s, max_attempts = 3, backoff = 2.0)]
pub fn submit_job(job: JobPoll) -> SubmittedJob;

#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:CheckJob")]
#[retry(errors = ["States.ALL"], interval = 1s, max_attempts = 3, backoff = 2.0)]
pub fn get_job_status(job: SubmittedJob) -> BatchStatus;

#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:CheckJob")]
pub fn get_final_job_status(job: SubmittedJob) -> FinalStatus;

#[workflow(
    name = "job-poller",
    comment = "An example of the Amazon States Language that runs an AWS Batch job and monitors the job until it completes."
)]
pub fn job_poller(poll: JobPoll) -> FinalStatus {
    #[state(name = "Submit Job")]
    let job = submit_job(poll.clone());
    loop {
        #[state(name = "Wait X Seconds")]
        sleep(poll.wait_time);
        #[state(name = "Get Job Status")]
        let status = get_job_status(job.clone());
        #[state(name = "Job Complete?")]
        match status {
            BatchStatus::Failed => fail!("DescribeJob returned FAILED", "AWS Batch Job Failed"),
            BatchStatus::Succeeded => {
                #[state(name = "Get Final Job Status")]
                let last = get_final_job_status(job);
                return last;
            }
            _ => {}
        }
    }
}

//! Seed 15: ETL file transfer — a Parallel of an activity (a worker reports the transfer)
//! and a Lambda chain with Waits that moves the files and checks them; errors are caught:
//! a failed transfer or check ends the execution with a Fail, the master's errors are ignored.

use asl::prelude::*;

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
pub struct Empty {}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct TransferDone {
    pub message: String,
}

/// The status Lambda's errors: it raises when files are still waiting in `raw/`.
#[derive(TaskError, Debug, Clone, PartialEq)]
pub enum StatusError {
    #[error(name = "NewToProcessedFileTransferIncompleteException")]
    Incomplete,
    #[error(all)]
    Other(ErrorInfo),
}

#[task(
    activity = "arn:aws:states:us-west-2:123456789012:activity:file-transfer",
    timeout = 3600,
    name = "InvokeFileTransferActivity"
)]
pub fn file_transfer(i: Empty) -> Result<TransferDone, AnyError>;

#[task(
    lambda = "arn:aws:lambda:us-west-2:123456789012:function:file-transfer-master",
    timeout = 300,
    name = "InvokeFileTransferWorker"
)]
pub fn transfer_master(i: Empty) -> Result<Empty, AnyError>;

#[task(
    lambda = "arn:aws:lambda:us-west-2:123456789012:function:file-transfer-status",
    timeout = 300,
    name = "FileTransferWorkerCheckFileStatus"
)]
pub fn transfer_status(i: Empty) -> Result<Empty, StatusError>;

#[workflow(name = "file-transfer-state-machine", comment = "ETL Orchestration")]
pub fn etl_orchestration(i: Empty) -> (String, String) {
    #[state(name = "PrepareFileTransfer")]
    parallel!(
        {
            match file_transfer(i.clone()) {
                Ok(_) => pass!(
                    "FileTransferPassed",
                    String::from("File Transfer Passed. Send SES emails etc to admin.")
                ),
                Err(_) => fail!(cause = "File Transfer Failed"),
            }
        },
        {
            #[state(name = "WaitForFileTransferWorker")]
            sleep(Duration::from_secs(5));
            // The master starts the copies; its errors do not stop the check.
            match transfer_master(i.clone()) {
                Ok(_) => {}
                Err(_) => {}
            }
            #[state(name = "FileTransferFileTransferWait")]
            sleep(Duration::from_secs(30));
            match transfer_status(i.clone()) {
                Ok(_) => pass!(
                    "FileTransferWorkerCheckFileStatusPassed",
                    String::from("FileTransferWorkerCheckFileStatusPassed.")
                ),
                // As in the seed: the specific error first, then every other; both fail alike.
                Err(StatusError::Incomplete) => fail!(cause = "File Transfer Failed"),
                Err(_) => fail!(cause = "File Transfer Failed"),
            }
        }
    )
}

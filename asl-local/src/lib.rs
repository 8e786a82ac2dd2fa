//! asl-local runs Amazon States Language state machines on your machine: task handlers by
//! resource, a simulated clock (no real waiting), Retry/Catch/Parallel/Map semantics, the
//! execution history Step Functions would record, and its service limits.
//!
//! ```
//! use asl_local::{Executor, Status};
//! use serde_json::json;
//!
//! let machine = asl_model::parse_str(r#"{
//!   "StartAt": "Wait",
//!   "States": {
//!     "Wait": {"Type": "Wait", "Seconds": 30, "Next": "Done"},
//!     "Done": {"Type": "Pass", "Result": {"ok": true}, "End": true}
//!   }
//! }"#).unwrap();
//! let run = Executor::new(&machine).run(json!({}));
//! assert_eq!(run.status, Status::Succeeded);
//! assert_eq!(run.output, Some(json!({"ok": true})));
//! assert_eq!(run.duration().as_secs(), 30);   // simulated, returns at once
//! assert_eq!(run.transitions(), 2);
//! ```
//!
//! What is and is not supported is listed in the crate's README.

mod choice;
mod clock;
mod engine;
mod errors;
mod execution;
mod executor;
mod handler;
mod history;
pub mod intrinsics;
mod jsonata;
mod mock_config;
mod query;
mod rng;
mod template;
mod test_state;

pub use asl_jsonata::{Entropy, EntropySource};
pub use clock::{format_millis, parse_millis};
pub use errors::{error_matches, names};
pub use execution::{Execution, Status};
pub use executor::{Executor, Limits, DEFAULT_START_MS};
pub use handler::{Outcome, ResourceKind, TaskCall, TaskError};
pub use history::{EventDetails, EventType, HistoryEvent};
pub use mock_config::{MockConfig, MockConfigError, TestCaseMocks};
pub use test_state::{
    test_state, BranchRun, ErrorDetails, InspectionData, InspectionLevel, TestStateError,
    TestStateMock, TestStateOptions, TestStateReport, TestStateStatus,
};

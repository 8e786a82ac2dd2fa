//! `asl run --mock-config FILE --test-case NAME`: loads Step Functions Local's mock configuration
//! and registers the test case's mocked responses with the executor.

use asl_local::{Executor, MockConfig};
use asl_model::StateMachine;

use crate::input::read;

/// The executor with the test case's mocks, or a message naming the file, the JSON pointer and
/// what to fix.
pub fn apply(
    executor: Executor,
    machine: &StateMachine,
    file: &str,
    state_machine: Option<&str>,
    test_case: &str,
) -> Result<Executor, String> {
    let text = read(file)?;
    let config = MockConfig::parse(&text).map_err(|e| describe(file, &e))?;
    let mocks = config
        .test_case(state_machine, test_case)
        .map_err(|e| describe(file, &e))?;
    mocks
        .check_against(machine)
        .map_err(|why| format!("{file}: {why}"))?;
    let executor = match state_machine {
        Some(name) => executor.state_machine_name(name),
        None => executor,
    };
    Ok(mocks.apply(executor))
}

fn describe(file: &str, e: &asl_local::MockConfigError) -> String {
    if e.pointer.is_empty() {
        format!("{file}: {}", e.message)
    } else {
        format!("{file}: at {}: {}", e.pointer, e.message)
    }
}

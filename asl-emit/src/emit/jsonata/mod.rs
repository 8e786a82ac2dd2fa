//! The JSONata + Variables back end: values live in variables (`Assign`), arguments and
//! outputs are JSONata expressions over them.

use asl_model::ir::Workflow;
use asl_model::StateMachine;

use crate::EmitError;

pub(crate) fn emit(wf: &Workflow) -> Result<StateMachine, EmitError> {
    Err(EmitError::Lowering {
        workflow: wf.name.clone(),
        errors: vec!["the JSONata back end is being written".into()],
    })
}

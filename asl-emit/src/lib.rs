//! Lowering of the workflow IR to ASL, and the back ends (JSON, YAML, serverless).

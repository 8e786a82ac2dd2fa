//! From an ASL definition to a deployment: the least-privilege IAM policy its role needs,
//! CloudFormation and SAM templates that stand alone, and Mermaid / Graphviz diagrams.

pub mod iam;

pub use iam::{iam_policy, permissions, Note, Permissions, PolicyOptions, Statement};

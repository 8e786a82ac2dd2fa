//! The definitions this crate's build script wrote, embedded for tools that want them at run time.

/// `serverless-stepfunctions.yml` as the build script wrote it (when `ASL_DEPLOY_DIR` is unset).
pub const SERVERLESS_YML: &str =
    include_str!(concat!(env!("OUT_DIR"), "/serverless-stepfunctions.yml"));

/// The build script's output directory: `<name>.asl.json`, `<name>.cloudformation.json`,
/// `<name>.sam.json` and `<name>.iam-policy.json` for every example.
pub const OUT_DIR: &str = env!("OUT_DIR");

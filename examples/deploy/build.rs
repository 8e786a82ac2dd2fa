//! Writes every example workflow's definition at build time, for `serverless deploy` /
//! `aws stepfunctions create-state-machine` to pick up:
//! `$OUT_DIR/<name>.asl.json` for each, and `$OUT_DIR/serverless-stepfunctions.yml`
//! holding all of them under `stepFunctions: stateMachines:` (each with its least-privilege
//! `iamRoleStatements`), and beside each definition `<name>.cloudformation.json` (the state
//! machine with its execution role), `<name>.sam.json` and `<name>.iam-policy.json`. Set `ASL_DEPLOY_DIR` to
//! write them there too (e.g. next to your serverless.yml).

use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-env-changed=ASL_DEPLOY_DIR");
    let mut dirs = vec![PathBuf::from(
        std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"),
    )];
    dirs.extend(std::env::var_os("ASL_DEPLOY_DIR").map(PathBuf::from));
    for out in &dirs {
        write_all(out);
    }
}

fn write_all(out: &std::path::Path) {
    std::fs::create_dir_all(out).unwrap_or_else(|e| panic!("cannot create {}: {e}", out.display()));
    let workflows = asl_examples::all();
    for (_, _, d) in &workflows {
        // An invalid definition fails the build here, with the validator's diagnostics.
        let json = d.to_json_pretty().unwrap_or_else(|e| panic!("{e}"));
        write(out, &format!("{}.asl.json", d.name()), json);
        let options = asl::TemplateOptions::default();
        let artefacts = [
            (
                "cloudformation",
                d.to_cloudformation(&options).map_err(|e| e.to_string()),
            ),
            ("sam", d.to_sam(&options).map_err(|e| e.to_string())),
            ("iam-policy", d.iam_policy().map_err(|e| e.to_string())),
        ];
        for (kind, value) in artefacts {
            let value = value.unwrap_or_else(|e| panic!("{}: {kind}: {e}", d.name()));
            let text = serde_json::to_string_pretty(&value).expect("a JSON value serializes");
            write(out, &format!("{}.{kind}.json", d.name()), text);
        }
    }
    let all: Vec<&asl::Definition> = workflows.iter().map(|(_, _, d)| d).collect();
    let yaml = asl::to_serverless(&all, &asl::ServerlessOptions::default())
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(out.join("serverless-stepfunctions.yml"), yaml)
        .unwrap_or_else(|e| panic!("cannot write serverless-stepfunctions.yml: {e}"));
}

fn write(out: &std::path::Path, file: &str, text: String) {
    let path = out.join(file);
    std::fs::write(&path, text + "\n")
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

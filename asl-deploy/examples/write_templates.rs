//! `cargo run -p asl-deploy --example write_templates -- DIR`: writes the CloudFormation
//! (`NAME.cfn.json`) and SAM (`NAME.sam.json`, `NAME.sam.yaml`) templates of every example
//! workflow into DIR, for cfn-lint in CI.

use std::process::ExitCode;

use asl_deploy::{to_cloudformation, to_sam, to_yaml, TemplateOptions};

fn main() -> ExitCode {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: write_templates DIR");
        return ExitCode::from(2);
    };
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("cannot create {dir}: {e}");
        return ExitCode::FAILURE;
    }
    let mut failed = false;
    for (_, name, definition) in asl_examples::all() {
        let machine = match definition.state_machine() {
            Ok(m) => m,
            Err(e) => {
                eprintln!("{name}: {e}");
                failed = true;
                continue;
            }
        };
        let options = TemplateOptions::default();
        let templates = [
            ("cfn.json", to_cloudformation(&machine, &options), false),
            ("sam.json", to_sam(&machine, &options), false),
            ("sam.yaml", to_sam(&machine, &options), true),
        ];
        for (suffix, template, yaml) in templates {
            let text = template.and_then(|t| {
                if yaml {
                    to_yaml(&t)
                } else {
                    Ok(serde_json::to_string_pretty(&t).unwrap_or_default() + "\n")
                }
            });
            let path = format!("{dir}/{name}.{suffix}");
            match text.map(|t| std::fs::write(&path, t)) {
                Ok(Ok(())) => {}
                Ok(Err(e)) => {
                    eprintln!("cannot write {path}: {e}");
                    failed = true;
                }
                Err(e) => {
                    eprintln!("{name}: {e}");
                    failed = true;
                }
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

//! `cargo run --example emit > stepfunction.json`: print an example workflow as ASL JSON.
//!
//! `-- --yaml` prints the ASL as YAML, `-- --serverless` a serverless-step-functions
//! `stepFunctions:` block, `-- --list` the example names, `-- NAME` picks one
//! (default: `transactions`, the transaction processor). `-- --jsonata NAME` emits it in the
//! JSONata query language with Variables (with any of the other outputs).
//!
//! For deployment: `-- --cloudformation NAME` a CloudFormation template (state machine and
//! least-privilege role), `-- --sam NAME` the SAM template, `-- --iam-policy NAME` the role's
//! policy document, `-- --mermaid NAME` a Mermaid flowchart; `--yaml` with
//! `--cloudformation` / `--sam` writes the template as YAML.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let workflows = asl_examples::all();
    if args.iter().any(|a| a == "--list") {
        for (source, name, d) in &workflows {
            // `01`…`16`: the seed workflows; `awsNN`: AWS sample projects; `jsNN`: JSONata.
            let source = match (source.strip_prefix("aws"), source.strip_prefix("js")) {
                (Some(n), _) => format!("AWS sample {n}"),
                (_, Some(n)) => format!("JSONata example {n}"),
                _ => format!("seed {source}"),
            };
            println!("{name}\t({source}, state machine \"{}\")", d.name());
        }
        return ExitCode::SUCCESS;
    }
    let has = |flag: &str| args.iter().any(|a| a == flag);
    let format = if has("--cloudformation") {
        "cloudformation"
    } else if has("--sam") {
        "sam"
    } else if has("--iam-policy") {
        "iam-policy"
    } else if has("--mermaid") {
        "mermaid"
    } else if args.iter().any(|a| a == "--yaml") {
        "yaml"
    } else if args.iter().any(|a| a == "--serverless") {
        "serverless"
    } else {
        "json"
    };
    let unknown: Vec<&String> = args
        .iter()
        .filter(|a| {
            a.starts_with("--")
                && ![
                    "--yaml",
                    "--jsonata",
                    "--serverless",
                    "--json",
                    "--cloudformation",
                    "--sam",
                    "--iam-policy",
                    "--mermaid",
                ]
                .contains(&a.as_str())
        })
        .collect();
    if !unknown.is_empty() {
        eprintln!(
            "unknown option {}; use --yaml, --jsonata, --serverless, --cloudformation, --sam, --iam-policy, \
             --mermaid, --list or a workflow name",
            unknown[0]
        );
        return ExitCode::from(2);
    }
    let wanted = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map(String::as_str)
        .unwrap_or("transactions");
    let Some((_, _, definition)) = workflows.iter().find(|(_, name, _)| *name == wanted) else {
        eprintln!(
            "no example workflow named `{wanted}`; `cargo run --example emit -- --list` lists them"
        );
        return ExitCode::from(2);
    };
    let jsonata;
    let definition = if has("--jsonata") {
        jsonata = definition.as_jsonata();
        &jsonata
    } else {
        definition
    };
    let template = |t: Result<serde_json::Value, asl_emit::DeploymentError>| {
        let t = t.map_err(|e| e.to_string())?;
        if has("--yaml") {
            serde_norway::to_string(&t).map_err(|e| format!("cannot write YAML: {e}"))
        } else {
            Ok(serde_json::to_string_pretty(&t).unwrap_or_default() + "\n")
        }
    };
    let options = asl_emit::TemplateOptions::default();
    let text = match format {
        "cloudformation" => template(definition.to_cloudformation(&options)),
        "sam" => template(definition.to_sam(&options)),
        "iam-policy" => definition
            .iam_policy()
            .map(|p| serde_json::to_string_pretty(&p).unwrap_or_default() + "\n")
            .map_err(|e| e.to_string()),
        "mermaid" => definition.to_mermaid().map_err(|e| e.to_string()),
        "yaml" => definition.to_yaml().map_err(|e| e.to_string()),
        "serverless" => definition
            .to_serverless(&asl::ServerlessOptions::default())
            .map_err(|e| e.to_string()),
        _ => definition
            .to_json_pretty()
            .map(|s| s + "\n")
            .map_err(|e| e.to_string()),
    };
    match text {
        Ok(t) => {
            print!("{t}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

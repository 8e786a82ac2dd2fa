//! `cargo run --example emit > stepfunction.json`: print an example workflow as ASL JSON.
//!
//! `-- --yaml` prints the ASL as YAML, `-- --serverless` a serverless-step-functions
//! `stepFunctions:` block, `-- --list` the example names, `-- NAME` picks one
//! (default: `transactions`, the transaction processor).

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let workflows = asl_examples::all();
    if args.iter().any(|a| a == "--list") {
        for (source, name, d) in &workflows {
            // `01`…`16`: the seed workflows; `awsNN`: AWS sample projects.
            let source = match source.strip_prefix("aws") {
                Some(n) => format!("AWS sample {n}"),
                None => format!("seed {source}"),
            };
            println!("{name}\t({source}, state machine \"{}\")", d.name());
        }
        return ExitCode::SUCCESS;
    }
    let format = if args.iter().any(|a| a == "--yaml") {
        "yaml"
    } else if args.iter().any(|a| a == "--serverless") {
        "serverless"
    } else {
        "json"
    };
    let unknown: Vec<&String> = args
        .iter()
        .filter(|a| {
            a.starts_with("--") && !["--yaml", "--serverless", "--json"].contains(&a.as_str())
        })
        .collect();
    if !unknown.is_empty() {
        eprintln!(
            "unknown option {}; use --yaml, --serverless, --list or a workflow name",
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
    let text = match format {
        "yaml" => definition.to_yaml(),
        "serverless" => definition.to_serverless(&asl::ServerlessOptions::default()),
        _ => definition.to_json_pretty().map(|s| s + "\n"),
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

//! `asl validate`: diagnostics for each file, as text lines or JSON.

use serde_json::json;

use crate::input::{load, Loaded};
use crate::{status, Format};

pub fn run(files: &[String], format: Format) -> u8 {
    let mut code = status::OK;
    let mut reports = Vec::new();
    for file in files {
        let (_, loaded) = load(file);
        let diags = match loaded {
            Loaded::Machine(m) => asl_model::validate(&m),
            Loaded::Malformed(d) => d,
            Loaded::Unusable(message) => {
                eprintln!("{message}");
                code = status::USAGE;
                if format == Format::Json {
                    reports.push(
                        json!({"file": file, "valid": false, "error": message, "diagnostics": []}),
                    );
                }
                continue;
            }
        };
        let valid = !diags.iter().any(|d| d.is_error());
        if !valid && code == status::OK {
            code = status::INVALID;
        }
        match format {
            Format::Text => {
                for d in &diags {
                    println!("{file}:{d}");
                }
            }
            Format::Json => reports.push(json!({
                "file": file,
                "valid": valid,
                "diagnostics": diags.iter().map(|d| json!({
                    "severity": d.severity.as_str(),
                    "code": d.code,
                    "pointer": d.pointer,
                    "message": d.message,
                })).collect::<Vec<_>>(),
            })),
        }
    }
    if format == Format::Json {
        println!(
            "{}",
            serde_json::to_string_pretty(&reports).unwrap_or_default()
        );
    }
    code
}

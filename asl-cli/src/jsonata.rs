//! `asl jsonata`: evaluate a JSONata expression as Step Functions would, and print the result.

use clap::Args;

use crate::input;
use crate::status;

#[derive(Args)]
pub struct JsonataArgs {
    /// The expression, with or without its `{% … %}` delimiters.
    expression: String,
    /// JSON input (the context `$`); `-` reads standard input. Without it the input is undefined.
    #[arg(long)]
    input: Option<String>,
    /// A JSON object whose fields are bound as variables (`{"states": {...}}` gives `$states`).
    #[arg(long)]
    bindings: Option<String>,
}

fn read_json(file: &str) -> Result<serde_json::Value, String> {
    let text = input::read(file)?;
    serde_json::from_str(&text).map_err(|e| format!("{file}: not valid JSON: {e}"))
}

/// Print the result as JSON and exit 0, or the error's code and message and exit 1.
pub fn run(args: &JsonataArgs) -> u8 {
    let trimmed = args.expression.trim_start();
    let (body, shift) = match trimmed
        .strip_prefix("{%")
        .and_then(|s| s.trim_end().strip_suffix("%}"))
    {
        // Error offsets stay offsets into the text as given.
        Some(body) => (body, args.expression.len() - trimmed.len() + 2),
        None => (args.expression.as_str(), 0),
    };
    let input = match args.input.as_deref().map(read_json).transpose() {
        Ok(i) => i,
        Err(e) => {
            eprintln!("asl jsonata: {e}");
            return status::USAGE;
        }
    };
    let mut options = asl_jsonata::Options::default();
    match args.bindings.as_deref().map(read_json).transpose() {
        Ok(None) => {}
        Ok(Some(serde_json::Value::Object(map))) => options.bindings = map.into_iter().collect(),
        Ok(Some(_)) => {
            eprintln!(
                "asl jsonata: --bindings must hold a JSON object of variable names to values"
            );
            return status::USAGE;
        }
        Err(e) => {
            eprintln!("asl jsonata: {e}");
            return status::USAGE;
        }
    }
    let outcome =
        asl_jsonata::Expression::parse(body).and_then(|e| e.evaluate(input.as_ref(), &options));
    match outcome {
        Ok(Some(value)) => {
            println!(
                "{}",
                serde_json::to_string_pretty(&value).unwrap_or_default()
            );
            status::OK
        }
        Ok(None) => {
            println!("undefined");
            status::OK
        }
        Err(e) => {
            let at = e
                .position
                .map(|p| format!(" at offset {}", p + shift))
                .unwrap_or_default();
            eprintln!("{}{at}: {}", e.code, e.message);
            status::INVALID
        }
    }
}

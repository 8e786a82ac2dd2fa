//! `asl fmt`: the canonical form of each file, or with `--check` whether it already is.

use crate::input::{load, Loaded};
use crate::status;

pub fn run(files: &[String], check: bool) -> u8 {
    let mut code = status::OK;
    for file in files {
        let (text, loaded) = load(file);
        let machine = match loaded {
            Loaded::Machine(m) => m,
            Loaded::Malformed(diags) => {
                for d in diags {
                    eprintln!("{file}:{d}");
                }
                eprintln!("{file}: not formatted: fix the errors above first");
                code = code.max(status::INVALID);
                continue;
            }
            Loaded::Unusable(message) => {
                eprintln!("{message}");
                code = status::USAGE;
                continue;
            }
        };
        let canonical = asl_model::serialize::to_string_pretty(&machine) + "\n";
        if check {
            if text.as_deref() != Some(canonical.as_str()) {
                println!("{file}: not in canonical form (run `asl fmt {file}`)");
                code = code.max(status::INVALID);
            }
        } else {
            print!("{canonical}");
        }
    }
    code
}

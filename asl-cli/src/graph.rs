//! `asl graph FILE`: the state machine as a Mermaid flowchart (default) or a Graphviz DOT
//! digraph on standard output; exit 0, 1 when the file is not a state machine, 2 when it
//! cannot be read.

use clap::{Args, ValueEnum};

use crate::input::{load, Loaded};
use crate::status;

#[derive(Args)]
pub struct GraphArgs {
    /// An ASL JSON file; `-` reads standard input.
    pub file: String,
    #[arg(long, value_enum, default_value_t = GraphFormat::Mermaid)]
    pub format: GraphFormat,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    Mermaid,
    Dot,
}

pub fn run(args: &GraphArgs) -> u8 {
    let file = &args.file;
    let machine = match load(file).1 {
        Loaded::Machine(m) => m,
        Loaded::Malformed(diags) => {
            for d in diags {
                eprintln!("{file}:{d}");
            }
            eprintln!("{file}: no diagram: fix the errors above first (`asl validate {file}`)");
            return status::INVALID;
        }
        Loaded::Unusable(message) => {
            eprintln!("{message}");
            return status::USAGE;
        }
    };
    let text = match args.format {
        GraphFormat::Mermaid => asl_deploy::to_mermaid(&machine),
        GraphFormat::Dot => asl_deploy::to_dot(&machine),
    };
    print!("{text}");
    status::OK
}

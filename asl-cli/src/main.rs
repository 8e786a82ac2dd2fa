//! `asl`: validate, format and run Amazon States Language definitions from the command line.

mod fmt;
mod graph;
mod input;
mod jsonata;
mod mock_config;
mod run;
mod test_state;
mod validate;

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "asl",
    version,
    about = "Validate, format and run AWS Step Functions state machines (ASL JSON)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check definitions; exit 0 when all are valid (warnings allowed), 1 when any is invalid, 2 on unreadable input.
    Validate {
        /// ASL JSON files; `-` reads standard input.
        #[arg(required = true)]
        files: Vec<String>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Print definitions in canonical form (Type first, Next/End last, two-space indent).
    Fmt {
        /// ASL JSON files; `-` reads standard input.
        #[arg(required = true)]
        files: Vec<String>,
        /// Print nothing; exit 1 when a file is not in canonical form.
        #[arg(long)]
        check: bool,
    },
    /// Run a definition locally (asl-local: simulated clock, scripted task results); exit 0 when the execution succeeds, 1 when it fails or times out, 2 on bad arguments or an invalid definition.
    #[command(after_help = run::HANDLERS_HELP)]
    Run(run::RunArgs),
    /// Evaluate a JSONata expression as Step Functions runs it (JSONata 2.0.6 with $partition, $range, $hash, $random, $uuid, $parse; no $eval); prints the result as JSON and exits 0, or prints the error's code and message and exits 1.
    Jsonata(jsonata::JsonataArgs),
    /// Run one state on an input, as AWS's TestState API does: prints the input, each data-flow stage (InputPath, Parameters/Arguments, the mocked result, ResultSelector, ResultPath, OutputPath/Output), the variables and the outcome (next state, or the error and the Retry/Catch that takes it).
    #[command(after_help = test_state::TEST_STATE_HELP)]
    TestState(test_state::TestStateArgs),
    /// Draw a definition: a Mermaid flowchart (or `--format dot`) with Parallel branches and Map processors as subgraphs, Choice conditions and Catch edges labelled, Retry on the node; exit 0, 1 when the file is not a state machine, 2 when it cannot be read.
    Graph(graph::GraphArgs),
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// Exit statuses shared by every command.
pub mod status {
    pub const OK: u8 = 0;
    pub const INVALID: u8 = 1;
    pub const USAGE: u8 = 2;
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            // clap uses 0 for --help/--version and 2 for usage errors, as we do.
            return ExitCode::from(if e.use_stderr() {
                status::USAGE
            } else {
                status::OK
            });
        }
    };
    let code = match cli.command {
        Command::Validate { files, format } => validate::run(&files, format),
        Command::Fmt { files, check } => fmt::run(&files, check),
        Command::Run(args) => run::run(&args),
        Command::Jsonata(args) => jsonata::run(&args),
        Command::TestState(args) => test_state::run(&args),
        Command::Graph(args) => graph::run(&args),
    };
    ExitCode::from(code)
}

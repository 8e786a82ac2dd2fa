//! Writes `$OUT_DIR/generated.rs`: random `#[workflow]` fns from fixed seeds (the same
//! source on every build) and the table `WORKFLOWS` the test runs. Two families:
//! `N` JSONPath-expressible workflows over `Rec` (`w0000`…), and `M` JSONata workflows over
//! `Data` whose bodies compute with pure Rust kept in the state machine (`j0000`…).
//!
//! Everything generated type-checks by construction: every payload variable is a `Rec` or
//! `Data`, every use clones, a variable is reassigned only where that cannot stop a loop
//! from ending (never a loop's counter) and only in its own frame (never from a map closure
//! or a parallel branch), and `return` / `?` / `break` / `continue` appear only where Rust
//! and the workflow language give them the same meaning. Computed numbers stay far inside
//! ±2^53 and never divide by zero (see `build/pure.rs`).
//!
//! `ASL_DIFFTEST_N` overrides N (default 1000), `ASL_DIFFTEST_M` M (default 300);
//! `ASL_DIFFTEST_SEED` the seed.

#[path = "build/generator.rs"]
mod generator;
#[path = "build/pure.rs"]
mod pure;
#[path = "build/pure_collections.rs"]
mod pure_collections;
#[path = "build/pure_statements.rs"]
mod pure_statements;
#[path = "build/rng.rs"]
mod rng;
#[path = "build/statements.rs"]
mod statements;

use std::fmt::Write as _;

use generator::{Family, Gen};

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

/// Appends `count` workflows of `family` named `{prefix}0000`… to `out` and their rows to
/// `table`.
fn family(g: &mut Gen, prefix: &str, count: usize, out: &mut String, table: &mut String) {
    for i in 0..count {
        let name = format!("{prefix}{i:04}");
        let mut src = String::new();
        g.workflow(&name, &mut src);
        out.push_str(&src);
        out.push('\n');
        let run = match (g.jsonata(), g.fallible) {
            (false, false) => "Plain",
            (false, true) => "Fallible",
            (true, false) => "DataPlain",
            (true, true) => "DataFallible",
        };
        let _ = writeln!(
            table,
            "Generated {{ name: \"{name}\", run: Run::{run}({name}), definition: {name}::definition, concurrent: {}, jsonata: {}, source: {src:?} }},",
            g.concurrent,
            g.jsonata()
        );
    }
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=build");
    println!("cargo:rerun-if-env-changed=ASL_DIFFTEST_N");
    println!("cargo:rerun-if-env-changed=ASL_DIFFTEST_M");
    println!("cargo:rerun-if-env-changed=ASL_DIFFTEST_SEED");
    let n: usize = env_or("ASL_DIFFTEST_N", 1000);
    let m: usize = env_or("ASL_DIFFTEST_M", 300);
    let seed: u64 = env_or("ASL_DIFFTEST_SEED", 0x5eed_d1ff);
    let mut out = String::new();
    let mut table = String::from("pub static WORKFLOWS: &[Generated] = &[\n");
    family(
        &mut Gen::new(seed, Family::JsonPath),
        "w",
        n,
        &mut out,
        &mut table,
    );
    // Its own stream: the JSONPath family's source does not change with the JSONata one.
    let jsonata_seed = seed ^ 0x0a7a_0a7a_0a7a_0a7a;
    family(
        &mut Gen::new(jsonata_seed, Family::Jsonata),
        "j",
        m,
        &mut out,
        &mut table,
    );
    table.push_str("];\n");
    out.push_str(&table);
    let path = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("generated.rs");
    std::fs::write(path, out).unwrap();
}

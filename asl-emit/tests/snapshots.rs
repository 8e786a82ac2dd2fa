//! Per-construct snapshots: each workflow of `tests/in/` (one module per construct, built as
//! IR) printed as text (`tests/out/<name>.ir.txt`) and emitted as ASL
//! (`tests/out/<name>.asl.json`). `ASL_BLESS=1 cargo test -p asl-emit --test snapshots`
//! rewrites them; review the diff.

#[path = "in/mod.rs"]
mod constructs;

use asl_emit::Definition;
use asl_model::ir::Workflow;
use asl_model::QueryLanguage;

/// Compares `text` with `tests/out/<file>` (or writes it there with `ASL_BLESS=1`).
fn check(file: &str, text: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/out")
        .join(file);
    if std::env::var_os("ASL_BLESS").is_some() {
        std::fs::write(&path, text).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "no snapshot {}; run `ASL_BLESS=1 cargo test -p asl-emit --test snapshots`",
            path.display()
        )
    });
    assert_eq!(text, expected, "{file} differs from {}", path.display());
}

fn snapshot(w: Workflow, language: QueryLanguage) {
    let name = w.name.clone();
    check(&format!("{name}.ir.txt"), &w.to_string());
    let json = Definition::new(w)
        .with_query_language(language)
        .to_json_pretty()
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    check(&format!("{name}.asl.json"), &format!("{json}\n"));
}

macro_rules! constructs {
    ($($name:ident: $language:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                snapshot(constructs::$name::workflow(), QueryLanguage::$language);
            }
        )*
    };
}

constructs! {
    task: JsonPath,
    if_else: JsonPath,
    match_enum: JsonPath,
    loop_break: JsonPath,
    for_loop: JsonPath,
    try_catch: JsonPath,
    retry: JsonPath,
    map: JsonPath,
    parallel: JsonPath,
    wait: JsonPath,
    fail: JsonPath,
    context: JsonPath,
    nested_workflow: JsonPath,
    compute: Jsonata,
}

//! What several integration tests share: checking emitted definitions against golden files.

use asl::Definition;

/// Each definition validates (no errors) and its pretty JSON equals
/// `tests/golden/<dir>/<name>.asl.json`; with `ASL_BLESS=1` the files are rewritten instead.
/// `test` names the test target in the message for a missing file.
pub fn check_goldens(dir: &str, definitions: Vec<(&str, Definition)>, test: &str) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(dir);
    let mut failures = Vec::new();
    for (name, d) in definitions {
        let json = d.to_json_pretty().unwrap_or_else(|e| panic!("{name}: {e}")) + "\n";
        let errors: Vec<_> = d
            .validate()
            .unwrap()
            .into_iter()
            .filter(|d| d.is_error())
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
        let path = dir.join(format!("{name}.asl.json"));
        if std::env::var_os("ASL_BLESS").is_some() {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &json).unwrap();
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(expected) if expected == json => {}
            Ok(expected) => failures.push(format!(
                "{name}:\n--- golden\n{expected}\n--- emitted\n{json}"
            )),
            Err(_) => failures.push(format!(
                "{name}: no golden file; run ASL_BLESS=1 cargo test -p asl-workflow --test {test}"
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

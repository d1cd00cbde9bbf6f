//! Every input the fuzzers kept (fuzz/corpus/<target>/), replayed through the same checks on
//! stable Rust, so CI keeps them passing without libFuzzer. `cargo +nightly fuzz run import`
//! and `... run deck` grow the corpus (see fuzz/README.md).

#[path = "../fuzz/checks.rs"]
mod checks;

fn corpus(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect()
}

fn replay(target: &str, check: fn(&str)) {
    let inputs = corpus(target);
    assert!(inputs.len() >= 10, "{target}: only {} inputs", inputs.len());
    for (name, bytes) in inputs {
        if let Ok(text) = std::str::from_utf8(&bytes) {
            let r = std::panic::catch_unwind(|| check(text));
            assert!(r.is_ok(), "{name} fails the {target} check");
        }
    }
}

#[test]
fn the_importer_corpus_passes() {
    replay("import", checks::import);
}

#[test]
fn the_deck_parser_corpus_passes() {
    replay("deck", checks::deck);
}

#[test]
fn the_log_corpus_passes() {
    replay("log", checks::log);
}

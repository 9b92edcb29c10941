//! The search index is built by Rust and queried by the browser's `search.js`: both must cut
//! text into the same tokens, or a query asks the Bloom filters and the index for tokens that
//! were never stored. This test runs the real `search.js` with Node.js on a shared table of
//! cases (`tests/fixtures/tokenizer_cases.json`) and compares, case by case, with the Rust side:
//! the normalized text, the query's tokens, every token of the text (what the Bloom filters hold
//! and what the browser's postings hold), the Bloom probes and the part of the index's files
//! each token is looked up in.

use std::path::Path;
use std::process::Command;

use coursebook::search::tokenize::{normalize, query_terms, tokens};
use coursebook::search::{part_of, probes};

const BITS: u32 = 8191;
/// The shard whose filter the probes are for (the same in `tests/js/tokenizer.js`).
const SHARD: usize = 5;
/// Parts of a family of the index's files, for the parts the tokens are looked up in.
const PARTS: usize = 97;

#[derive(serde::Deserialize)]
struct JsResult {
    normalized: String,
    terms: Vec<String>,
    /// Every token of the text, as the browser indexes a loaded shard.
    tokens: Vec<String>,
    probes: Vec<[u32; 3]>,
    /// The part, of [`PARTS`], of each query token.
    parts: Vec<usize>,
}

#[test]
fn rust_and_browser_tokenize_alike() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cases_file = root.join("tests/fixtures/tokenizer_cases.json");
    let output = Command::new("node")
        .arg(root.join("tests/js/tokenizer.js"))
        .arg(root.join("themes/default/static/search.js"))
        .arg(&cases_file)
        .arg(BITS.to_string())
        .arg(PARTS.to_string())
        .output();
    let output = match output {
        Ok(output) => output,
        Err(e) if std::env::var_os("CI").is_none() => {
            eprintln!("skipped: Node.js is needed to run search.js ({e})");
            return;
        }
        Err(e) => panic!("Node.js is needed in CI to run search.js: {e}"),
    };
    assert!(output.status.success(), "node failed: {}", String::from_utf8_lossy(&output.stderr));
    let cases: Vec<String> = serde_json::from_str(&std::fs::read_to_string(&cases_file).unwrap()).unwrap();
    let js: Vec<JsResult> = serde_json::from_slice(&output.stdout).expect("node's JSON");
    assert_eq!(js.len(), cases.len());
    let mut drift = Vec::new();
    for (text, js) in cases.iter().zip(&js) {
        let normalized = normalize(text);
        if normalized != js.normalized {
            drift.push(format!("{text:?}: normalized Rust {normalized:?}, browser {:?}", js.normalized));
            continue;
        }
        let mut rust_terms = query_terms(&normalized);
        let mut js_terms = js.terms.clone();
        rust_terms.sort();
        js_terms.sort();
        if rust_terms != js_terms {
            drift.push(format!("{text:?}: query terms Rust {rust_terms:?}, browser {js_terms:?}"));
        }
        // What the browser asks for must be what the index stored for the same text.
        let indexed = tokens(&normalized);
        // The browser's own index of a shard (its postings) must hold the same tokens.
        if indexed != js.tokens {
            drift.push(format!("{text:?}: tokens Rust {indexed:?}, browser {:?}", js.tokens));
        }
        for (term, js_part) in js.terms.iter().zip(&js.parts) {
            if part_of(term, PARTS) != *js_part {
                drift.push(format!(
                    "{text:?}: the part of {term:?} differs: Rust {}, browser {js_part}",
                    part_of(term, PARTS)
                ));
            }
        }
        for (term, js_probes) in js.terms.iter().zip(&js.probes) {
            if !indexed.contains(&term.as_str()) {
                drift.push(format!("{text:?}: the browser asks for {term:?}, which the index never stores"));
            }
            if probes(term, SHARD, BITS) != *js_probes {
                drift.push(format!(
                    "{text:?}: Bloom probes of {term:?} differ: Rust {:?}, browser {js_probes:?}",
                    probes(term, SHARD, BITS)
                ));
            }
        }
    }
    assert!(drift.is_empty(), "the tokenizers drifted apart:\n{}", drift.join("\n"));
}

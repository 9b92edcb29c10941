//! The pipeline's direction, checked on the source (docs/ARCHITECTURE.md): each top-level module
//! of the library may use only the modules at or below it in [`ORDER`], so that dependencies
//! run one way, config → content → glossary → exercises → render → search → site, with the commands at the
//! edge and the utilities at the bottom. A new top-level module must be given its place here.

use std::collections::BTreeSet;
use std::path::Path;

/// The library's top-level modules, bottom first: each may use the modules of its own line and
/// of the lines above it, never those below.
const ORDER: &[&[&str]] = &[
    // Utilities every stage may use: paths, problems, errors, the interface's words, markup,
    // "did you mean".
    &["paths", "clock"],
    &["diagnostic"],
    &["error"],
    &["labels"],
    &["markup"],
    &["suggest"],
    // The pipeline, in the order a build runs it.
    &["config"],
    &["content"],
    &["glossary"],
    &["exercises"],
    &["render"],
    &["search"],
    // Printing a built handout to PDF: by the build (`[output.pdf]`) and by `coursebook pdf`.
    &["pdf"],
    &["site"],
    // The edge: commands and entry points built on the pipeline.
    &["init", "scaffold", "synthetic"],
    &["shutdown"],
    &["watch"],
    &["serve"],
    &["fuzzing", "benchmarks"],
];

/// Items the crate root re-exports, and the module they come from.
const ROOT_REEXPORTS: [(&str, &str); 2] = [("Error", "error"), ("Result", "error")];

fn rank(module: &str) -> Option<usize> {
    ORDER.iter().position(|line| line.contains(&module))
}

fn src() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The library's source files (not the binary's `main.rs` and `cli.rs`, nor `lib.rs`), each
/// with the top-level module it belongs to.
fn library_files() -> Vec<(String, std::path::PathBuf)> {
    let src = src();
    let mut files: Vec<(String, std::path::PathBuf)> = walkdir::WalkDir::new(&src)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .filter_map(|e| {
            let relative = e.path().strip_prefix(&src).ok()?;
            let first = relative.components().next()?.as_os_str().to_string_lossy().into_owned();
            let module = first.strip_suffix(".rs").unwrap_or(&first).to_string();
            (!["main", "cli", "lib"].contains(&module.as_str())).then(|| (module, e.path().to_path_buf()))
        })
        .collect();
    files.sort();
    files
}

/// The top-level modules a line of code names through `crate::` (`crate::a::b`, `crate::{a, b::c}`).
fn crate_references(line: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("crate::") {
        let preceded_by_word =
            rest[..at].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$');
        rest = &rest[at + "crate::".len()..];
        if preceded_by_word {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut item = String::new();
            let mut items = Vec::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => items.push(std::mem::take(&mut item)),
                    _ if depth == 0 => item.push(c),
                    _ => {}
                }
            }
            items.push(item);
            found.extend(items.iter().map(|i| first_segment(i)).filter(|s| !s.is_empty()));
        } else {
            found.push(first_segment(rest));
        }
    }
    found
}

fn first_segment(path: &str) -> String {
    path.trim().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect()
}

#[test]
fn every_module_uses_only_modules_below_it_in_the_pipeline() {
    let mut problems = Vec::new();
    for (module, path) in library_files() {
        let Some(own) = rank(&module) else {
            problems.push(format!("src/{module}: not placed in ORDER (tests/testsuite/architecture.rs)"));
            continue;
        };
        let text = std::fs::read_to_string(&path).unwrap();
        for (number, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            for name in crate_references(line) {
                let used = ROOT_REEXPORTS.iter().find(|(item, _)| *item == name).map_or(name.as_str(), |(_, m)| m);
                let shown = path.strip_prefix(src().parent().unwrap()).unwrap().display();
                match rank(used) {
                    Some(theirs) if theirs <= own => {}
                    Some(_) => problems.push(format!(
                        "{shown}:{}: `{module}` uses `{used}`, which comes after it in the pipeline",
                        number + 1
                    )),
                    None => problems.push(format!("{shown}:{}: `crate::{name}` is not a module in ORDER", number + 1)),
                }
            }
        }
    }
    assert!(problems.is_empty(), "imports against the pipeline's order:\n{}", problems.join("\n"));
}

#[test]
fn every_top_level_module_has_a_place_in_the_order() {
    let lib = std::fs::read_to_string(src().join("lib.rs")).unwrap();
    let declared: BTreeSet<String> = lib
        .lines()
        .filter_map(|line| {
            line.trim().trim_start_matches("pub ").trim_start_matches("pub(crate) ").strip_prefix("mod ")
        })
        .map(|rest| rest.trim_end_matches(';').to_string())
        .collect();
    let missing: Vec<&String> = declared.iter().filter(|m| rank(m).is_none()).collect();
    assert!(!declared.is_empty() && missing.is_empty(), "modules of lib.rs missing from ORDER: {missing:?}");
}

#[test]
fn references_are_read_from_paths_and_groups() {
    assert_eq!(crate_references("use crate::render::markdown::{a, b};"), vec!["render"]);
    assert_eq!(
        crate_references("use crate::{config::Config, content::{self, Page}, Error};"),
        vec!["config", "content", "Error"]
    );
    assert_eq!(crate_references("let x = crate::paths::is_link(p) && crate::site::x();"), vec!["paths", "site"]);
    assert_eq!(crate_references("use $crate::x; let y = notcrate::z;"), Vec::<String>::new());
}

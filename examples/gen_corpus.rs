//! Writes a synthetic course for benchmarks (see `coursebook::synthetic`) in the coursebook,
//! mdBook and Hugo layouts.
//!
//! Usage: `cargo run --release --example gen_corpus -- OUT CHAPTERS [MODULES] [TERMS]`

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = |i: usize| args.get(i).map(|a| a.parse::<usize>());
    let (Some(out), Some(Ok(chapters))) = (args.first(), number(1)) else {
        eprintln!("usage: gen_corpus OUT CHAPTERS [MODULES] [TERMS]");
        return ExitCode::from(2);
    };
    let (modules, terms) = match (number(2).transpose(), number(3).transpose()) {
        (Ok(modules), Ok(terms)) => (modules, terms),
        _ => {
            eprintln!("MODULES and TERMS are numbers");
            return ExitCode::from(2);
        }
    };
    match coursebook::synthetic::write(&PathBuf::from(out), chapters, modules, terms) {
        Ok(w) => {
            eprintln!(
                "wrote {} chapters in {} modules with {} terms ({:.1} MB of Markdown) to {out}",
                w.chapters,
                w.modules,
                w.terms,
                w.markdown_bytes as f64 / 1e6
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cannot write {out}: {e}");
            ExitCode::from(1)
        }
    }
}

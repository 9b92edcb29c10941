//! Writes a synthetic course for benchmarks (see `coursebook::synthetic`) in the coursebook,
//! mdBook and Hugo layouts.
//!
//! Usage: `cargo run --release --example gen_corpus -- OUT CHAPTERS [MODULES] [TERMS] [DENSITY]`
//!
//! DENSITY: how many word slots in a thousand name a glossary term (25, the default: light
//! use; 250: dense; 500: every other word).

use std::path::PathBuf;
use std::process::ExitCode;

use coursebook::synthetic::Density;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = |i: usize| args.get(i).map(|a| a.parse::<usize>());
    let (Some(out), Some(Ok(chapters))) = (args.first(), number(1)) else {
        eprintln!("usage: gen_corpus OUT CHAPTERS [MODULES] [TERMS] [DENSITY]");
        return ExitCode::from(2);
    };
    let (modules, terms, density) = match (number(2).transpose(), number(3).transpose(), number(4).transpose()) {
        (Ok(modules), Ok(terms), Ok(density)) => (modules, terms, density.map_or_else(Density::default, Density)),
        _ => {
            eprintln!("MODULES, TERMS and DENSITY are numbers");
            return ExitCode::from(2);
        }
    };
    match coursebook::synthetic::write(&PathBuf::from(out), chapters, modules, terms, density) {
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

//! Criterion benchmarks of the build's stages on a synthetic course (600 chapters by default;
//! `COURSEBOOK_BENCH_CHAPTERS` changes it): loading, front matter, glossary linking, Markdown
//! rendering, the search index, a whole build with writing, and a one-chapter incremental
//! rebuild. Run with `cargo bench --bench stages`. The stages are reached through
//! `coursebook::benchmarks`, which keeps the crate's internals internal.

use criterion::{criterion_group, criterion_main, Criterion};

use coursebook::benchmarks::Stages;
use coursebook::site::session::Session;
use coursebook::site::{self, BuildOptions};

fn stages(c: &mut Criterion) {
    let chapters = std::env::var("COURSEBOOK_BENCH_CHAPTERS").ok().and_then(|n| n.parse().ok()).unwrap_or(600);
    let dir = tempfile::tempdir().expect("temp dir");
    coursebook::synthetic::write(dir.path(), chapters, None, None, coursebook::synthetic::Density::default())
        .expect("corpus");
    let stages = Stages::load(&dir.path().join("coursebook")).expect("the synthetic course loads");
    let mut group = c.benchmark_group("stages");
    group.sample_size(10);

    // Each stage is prepared (outside the timing), then timed.
    let prepared: [(&str, Box<dyn Fn() -> usize + '_>); 6] = [
        ("load", Box::new(stages.load_content())),
        ("front matter", Box::new(stages.front_matter())),
        ("glossary linking", Box::new(stages.term_linking())),
        ("markdown render", Box::new(stages.markdown())),
        ("search index", Box::new(stages.search_index())),
        ("tokenize", Box::new(stages.tokenize())),
    ];
    for (name, stage) in &prepared {
        group.bench_function(*name, |b| b.iter(stage));
    }

    group.bench_function("full build (write included)", |b| {
        b.iter(|| site::build(stages.config(), &BuildOptions::default()).expect("build"))
    });

    let mut session = Session::new(stages.config().clone(), BuildOptions::default());
    session.build().expect("first build");
    let (path, text) = stages.chapter_to_edit().expect("a chapter");
    let mut flip = false;
    group.bench_function("one-chapter edit (incremental)", |b| {
        b.iter(|| {
            flip = !flip;
            let edited = if flip { format!("{text}\n追加一句。\n") } else { text.clone() };
            std::fs::write(&path, edited).expect("edit");
            let report = session.rebuild(std::slice::from_ref(&path)).expect("rebuild");
            assert_eq!(report.rendered, 1);
        })
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);

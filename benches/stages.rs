//! Criterion benchmarks of the build's stages on a synthetic course (600 chapters by default;
//! `COURSEBOOK_BENCH_CHAPTERS` changes it): loading, front matter, glossary linking, Markdown
//! rendering, the search index, a whole build with writing, and a one-chapter incremental
//! rebuild. Run with `cargo bench --bench stages`.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion};

use coursebook::config::{Config, LinkMode, Overrides};
use coursebook::content::{self, front_matter, Course};
use coursebook::glossary::link::Linker;
use coursebook::glossary::Glossary;
use coursebook::labels::labels;
use coursebook::markup;
use coursebook::search::{tokenize, IndexWriter, PageEntry};
use coursebook::site::session::Session;
use coursebook::site::{self, BuildOptions};

struct Corpus {
    _dir: tempfile::TempDir,
    root: PathBuf,
    config: Config,
    course: Course,
}

fn corpus() -> Corpus {
    let chapters = std::env::var("COURSEBOOK_BENCH_CHAPTERS").ok().and_then(|n| n.parse().ok()).unwrap_or(600);
    let dir = tempfile::tempdir().expect("temp dir");
    coursebook::synthetic::write(dir.path(), chapters, None, None).expect("corpus");
    let root = dir.path().join("coursebook");
    let config = Config::load(&root, &Overrides::default()).expect("config");
    let course = content::load(&config).course;
    Corpus { _dir: dir, root, config, course }
}

fn stages(c: &mut Criterion) {
    let corpus = corpus();
    let (glossary, _) = Glossary::build(&corpus.course, Default::default());
    let mut group = c.benchmark_group("stages");
    group.sample_size(10);

    group.bench_function("load", |b| b.iter(|| content::load(&corpus.config)));

    group.bench_function("front matter", |b| {
        b.iter(|| {
            for page in corpus.course.pages() {
                let split = front_matter::split(&page.text).expect("closed");
                let _ =
                    front_matter::parse(&page.display_path, &page.text, &split, front_matter::Requirement::AllOptional);
            }
        })
    });

    let linker = Linker::new(&glossary, LinkMode::All, labels(corpus.config.language));
    group.bench_function("glossary linking", |b| {
        b.iter(|| corpus.course.pages().map(|p| linker.find(p.body()).len()).sum::<usize>())
    });

    let options = markup::options(false);
    group.bench_function("markdown render", |b| {
        b.iter(|| {
            corpus.course.pages().map(|p| markup::to_html(markup::parse(p.body(), options).events).len()).sum::<usize>()
        })
    });

    let entries: Vec<PageEntry> = corpus
        .course
        .pages()
        .map(|p| PageEntry {
            href: p.url.clone(),
            title: p.front.title.clone(),
            sections: coursebook::search::sections(&markup::parse(p.body(), options).events),
        })
        .collect();
    group.bench_function("search index", |b| {
        b.iter(|| {
            let mut writer = IndexWriter::new(usize::MAX, corpus.course.modules.len(), false);
            let sink = |_: &str, contents: &str| -> Result<(), ()> {
                std::hint::black_box(contents.len());
                Ok(())
            };
            for chunk in entries.chunks(entries.len().div_ceil(corpus.course.modules.len().max(1))) {
                writer.add(chunk.to_vec(), &sink).expect("add");
            }
            writer.finish(&[], &sink).expect("finish")
        })
    });

    group.bench_function("tokenize", |b| {
        b.iter(|| corpus.course.pages().map(|p| tokenize::tokens(&tokenize::normalize(p.body())).len()).sum::<usize>())
    });

    group.bench_function("full build (write included)", |b| {
        b.iter(|| site::build(&corpus.config, &BuildOptions::default()).expect("build"))
    });

    let mut session = Session::new(corpus.config.clone(), BuildOptions::default());
    session.build().expect("first build");
    let chapter = corpus.course.chapters().nth(1).expect("a chapter");
    let path = corpus.config.content_dir.join(&chapter.source);
    let mut flip = false;
    group.bench_function("one-chapter edit (incremental)", |b| {
        b.iter(|| {
            flip = !flip;
            let text = if flip { format!("{}\n追加一句。\n", chapter.text) } else { chapter.text.clone() };
            std::fs::write(&path, text).expect("edit");
            let report = session.rebuild(std::slice::from_ref(&path)).expect("rebuild");
            assert_eq!(report.rendered, 1);
        })
    });
    group.finish();
    let _ = &corpus.root;
}

criterion_group!(benches, stages);
criterion_main!(benches);

//! A synthetic course for benchmarks and scale tests: N chapters in M modules with T glossary
//! terms (overlapping names included), a realistic mix of Chinese prose, Latin words, lists,
//! tables, code blocks and chapter links, each chapter ending with three questions. The same chapters are written three times, so each
//! tool builds the same text:
//!
//! - `OUT/coursebook/`: book.toml + content/ (FORMAT.md layout, front matter with terms)
//! - `OUT/mdbook/`: book.toml + src/SUMMARY.md (mdBook's layout, no front matter)
//! - `OUT/hugo/content/`: sections with `_index.md` (Hugo's layout; benches/compare.sh adds
//!   a minimal theme)
//!
//! Deterministic: the same arguments write the same bytes.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

const WORDS: &[&str] = &[
    "客户", "服务", "满意", "沟通", "订单", "物流", "售后", "退款", "商品", "评价", "投诉", "顾客", "店铺", "咨询",
    "快递", "包装", "质量", "价格", "优惠", "回访", "忠诚", "流失", "情绪", "心态", "话术", "规范", "技巧", "问题",
    "解答", "需求", "体验", "信任", "承诺", "效率", "细节", "态度", "耐心", "真诚", "责任", "团队",
];
/// Term names come from their own vocabulary (as real glossary terms are rarer than everyday
/// words): a head and a tail, and some terms extend another one (客户满意度 / 客户满意度调查).
const TERM_HEADS: &[&str] = &[
    "求实",
    "求新",
    "求美",
    "求廉",
    "安全",
    "从众",
    "求名",
    "发泄",
    "尊重",
    "补救",
    "认同",
    "表现",
    "报复",
    "网银",
    "快捷",
    "第三方",
    "七天",
    "纠纷",
    "健谈",
    "沉默",
    "挑剔",
    "冲动",
    "谨慎",
    "主动",
    "价值",
    "接触",
    "绩效",
    "倦怠",
    "组织",
    "活动",
];
const TERM_TAILS: &[&str] = &["心理", "指数", "模型", "策略", "机制", "原则", "流程", "专员", "架构", "周期"];
const TERM_EXTENSIONS: &[&str] = &["调查", "管理", "分析"];
const CONNECTORS: &[&str] = &["，", "，而且", "，因此", "，同时", "；", "，但是", "，所以"];
const LATIN: &[&str] = &["FAQ", "VIP", "follow-up", "feedback", "CRM", "touch-points", "SKU", "KPI"];

/// A small deterministic generator (xorshift64*), so every run writes the same corpus.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

struct Term {
    name: String,
    chapter: usize,
}

fn make_terms(count: usize, chapters: usize, rng: &mut Rng) -> Vec<Term> {
    let mut names: Vec<String> = Vec::new();
    'outer: for tail in TERM_TAILS {
        for head in TERM_HEADS {
            if names.len() >= count {
                break 'outer;
            }
            names.push(format!("{head}{tail}"));
            if names.len() < count && rng.below(4) == 0 {
                names.push(format!("{head}{tail}{}", rng.pick(TERM_EXTENSIONS)));
            }
        }
    }
    let mut n = 0;
    while names.len() < count {
        n += 1;
        names.push(format!("{}{}{n}", rng.pick(TERM_HEADS), rng.pick(TERM_TAILS)));
    }
    names.into_iter().enumerate().map(|(i, name)| Term { name, chapter: (i * 7919) % chapters.max(1) }).collect()
}

/// How densely chapters use glossary terms: the share, in thousandths, of a sentence's word
/// slots that name a term (25: one in forty, light use; 500: every other word).
#[derive(Debug, Clone, Copy)]
pub struct Density(pub usize);

impl Default for Density {
    fn default() -> Self {
        Density(25)
    }
}

fn sentence(rng: &mut Rng, terms: &[Term], density: Density) -> String {
    let mut s = String::new();
    for k in 0..(4 + rng.below(5)) {
        if k > 0 && rng.below(3) == 0 {
            s.push_str(rng.pick(CONNECTORS));
        }
        let slot = rng.below(1000);
        match slot {
            _ if slot < density.0 && !terms.is_empty() => s.push_str(&terms[rng.below(terms.len())].name),
            _ if slot >= 975 => {
                s.push(' ');
                s.push_str(rng.pick(LATIN));
                s.push(' ');
            }
            _ => {
                s.push_str(rng.pick(WORDS));
                s.push_str(rng.pick(WORDS));
            }
        }
    }
    s.push('。');
    s
}

/// Module and chapter file names, shared by the coursebook and mdBook layouts.
fn module_dir(m: usize) -> String {
    format!("{:03}-mod{:03}", m + 1, m + 1)
}

fn chapter_file(c: usize) -> String {
    format!("{:05}-ch{:05}.md", c + 1, c + 1)
}

fn body(
    chapter: usize,
    module_of: &dyn Fn(usize) -> usize,
    chapters: usize,
    rng: &mut Rng,
    terms: &[Term],
    density: Density,
) -> String {
    let mut text = String::new();
    for section in 0..4 {
        let _ = writeln!(text, "## 第{}节 {}{}\n", section + 1, rng.pick(WORDS), rng.pick(WORDS));
        for _ in 0..2 {
            let paragraph: String = (0..3).map(|_| sentence(rng, terms, density)).collect();
            let _ = writeln!(text, "{paragraph}\n");
        }
        match section {
            0 => {
                for _ in 0..4 {
                    let _ = writeln!(text, "- {}", sentence(rng, terms, density));
                }
                text.push('\n');
            }
            1 => {
                let _ = writeln!(text, "| 场景 | 不好的回复 | 更好的回复 |\n|---|---|---|");
                for _ in 0..3 {
                    let _ = writeln!(
                        text,
                        "| {} | {} | {} |",
                        rng.pick(WORDS),
                        sentence(rng, &[], density),
                        sentence(rng, terms, density)
                    );
                }
                text.push('\n');
            }
            2 => {
                let _ = writeln!(text, "```text\norder_id = {}\nstatus = shipped\n```\n", chapter * 31 + 7);
            }
            _ => {
                let target = rng.below(chapters);
                let link = format!("../{}/{}", module_dir(module_of(target)), chapter_file(target));
                let _ = writeln!(
                    text,
                    "延伸阅读：[第 {} 章]({link})，以及 **{}**。\n",
                    target + 1,
                    sentence(rng, terms, density)
                );
            }
        }
    }
    text
}

/// A chapter's exercises, as a lesson ends: a single-choice question testing a term (when the
/// course has terms), a true-or-false one and a fill-in one.
fn exercises(rng: &mut Rng, terms: &[Term], density: Density) -> String {
    let mut text = String::from("## 思考与练习\n\n");
    let mut choices: Vec<String> = Vec::new();
    while choices.len() < 3 {
        let choice = sentence(rng, &[], density);
        if !choices.contains(&choice) {
            choices.push(choice);
        }
    }
    let tested = match terms.is_empty() {
        true => String::new(),
        false => format!("terms: [{}]\n", terms[rng.below(terms.len())].name),
    };
    let _ = writeln!(
        text,
        "```quiz\nquestion: {}\nchoices:\n  - {}\n  - {}\n  - {}\nanswer: {}\nexplanation: {}\n{tested}```\n",
        sentence(rng, terms, density),
        choices[0],
        choices[1],
        choices[2],
        ["A", "B", "C"][rng.below(3)],
        sentence(rng, terms, density)
    );
    let _ = writeln!(
        text,
        "```quiz\nquestion: {}\nanswer: {}\n```\n",
        sentence(rng, terms, density),
        ["对", "错"][rng.below(2)]
    );
    let _ = writeln!(
        text,
        "```quiz\nquestion: {}{}的关键是 ___。\nanswer: {}\n```\n",
        rng.pick(WORDS),
        rng.pick(WORDS),
        rng.pick(WORDS)
    );
    text
}

fn write_file(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(path, text)
}

/// What [`write()`] wrote.
#[derive(Debug, Clone, Copy)]
pub struct Written {
    /// Chapters written, the same in each of the three layouts.
    pub chapters: usize,
    /// Modules the chapters are spread over.
    pub modules: usize,
    /// Glossary terms defined (coursebook layout only; the others have no front matter).
    pub terms: usize,
    /// Bytes of Markdown in the coursebook layout.
    pub markdown_bytes: usize,
}

/// Writes the three layouts under `out` (replacing earlier ones). `modules` defaults to one per
/// 100 chapters, `terms` to one per 10 chapters (10 to 2,000); `density` says how often the
/// text names a term.
pub fn write(
    out: &Path,
    chapters: usize,
    modules: Option<usize>,
    terms: Option<usize>,
    density: Density,
) -> std::io::Result<Written> {
    let modules = modules.unwrap_or((chapters / 100).max(1)).max(1);
    let term_count = terms.unwrap_or((chapters / 10).clamp(10, 2000));
    let per_module = chapters.div_ceil(modules);
    let module_of = move |c: usize| c / per_module;
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let terms = make_terms(term_count, chapters, &mut rng);

    let cb = out.join("coursebook");
    let md = out.join("mdbook");
    let hugo = out.join("hugo");
    for dir in [&cb, &md, &hugo] {
        let _ = fs::remove_dir_all(dir);
    }
    write_file(&cb.join("book.toml"), "[book]\ntitle = \"合成课程\"\nlanguage = \"zh-CN\"\n")?;
    write_file(&md.join("book.toml"), "[book]\ntitle = \"合成课程\"\nlanguage = \"zh-CN\"\nsrc = \"src\"\n")?;
    write_file(&hugo.join("content/_index.md"), "---\ntitle: 合成课程\n---\n")?;
    let mut summary = String::from("# Summary\n\n");
    let mut bytes = 0usize;
    for m in 0..modules {
        let title = format!("模块 {}", m + 1);
        let intro = format!("本模块讲解{}与{}。\n", WORDS[m % WORDS.len()], WORDS[(m + 7) % WORDS.len()]);
        write_file(
            &cb.join("content").join(module_dir(m)).join("index.md"),
            &format!("---\ntitle: {title}\n---\n\n{intro}"),
        )?;
        write_file(&md.join("src").join(module_dir(m)).join("index.md"), &format!("# {title}\n\n{intro}"))?;
        write_file(
            &hugo.join("content").join(format!("mod{m:03}")).join("_index.md"),
            &format!("---\ntitle: {title}\n---\n\n{intro}"),
        )?;
        let _ = writeln!(summary, "- [{title}]({}/index.md)", module_dir(m));
        for c in (m * per_module)..((m + 1) * per_module).min(chapters) {
            let title = format!("第 {} 章 {}{}", c + 1, WORDS[c % WORDS.len()], WORDS[(c / 3) % WORDS.len()]);
            let mut text = body(c, &module_of, chapters, &mut rng, &terms, density);
            text.push_str(&exercises(&mut rng, &terms, density));
            let mut front = format!("---\ntitle: {title}\n");
            let defined: Vec<&Term> = terms.iter().filter(|t| t.chapter == c).collect();
            if !defined.is_empty() {
                front.push_str("terms:\n");
                for t in defined {
                    let _ = writeln!(
                        front,
                        "  - name: {}\n    level: {}\n    definition: {}",
                        t.name,
                        1 + c % 3,
                        sentence(&mut rng, &[], Density::default())
                    );
                }
            }
            front.push_str("---\n\n");
            let file = chapter_file(c);
            bytes += front.len() + text.len();
            write_file(&cb.join("content").join(module_dir(m)).join(&file), &format!("{front}{text}"))?;
            write_file(&md.join("src").join(module_dir(m)).join(&file), &format!("# {title}\n\n{text}"))?;
            write_file(
                &hugo.join("content").join(format!("mod{m:03}")).join(&file),
                &format!("---\ntitle: \"{title}\"\n---\n\n{text}"),
            )?;
            let _ = writeln!(summary, "  - [{title}]({}/{file})", module_dir(m));
        }
    }
    write_file(&md.join("src/SUMMARY.md"), &summary)?;
    Ok(Written { chapters, modules, terms: terms.len(), markdown_bytes: bytes })
}

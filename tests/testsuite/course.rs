//! The repository's own course 《客户服务》: it builds with no error and no warning, has six
//! modules in order, and its glossary holds every term of the seed glossary at the seed's level.

use crate::common;

use std::path::Path;

/// Every term of the seed glossary with its stars (有效沟通 appears twice there; once here).
const SEED_TERMS: &[(&str, u8)] = &[
    ("企业文化", 1),
    ("网店客服", 1),
    ("企业组织架构图", 1),
    ("宝贝描述", 1),
    ("商品分类", 1),
    ("商品规格", 1),
    ("客服活动专员", 2),
    ("客服绩效考核", 1),
    ("有效沟通", 3),
    ("FAQ", 1),
    ("员工心态培训", 3),
    ("心态", 1),
    ("情绪", 1),
    ("职业倦怠症", 3),
    ("求实心理", 2),
    ("求新求异心理", 2),
    ("求美心理", 2),
    ("求廉心理", 2),
    ("安全心理", 2),
    ("从众心理", 2),
    ("求名心理", 2),
    ("VIP型心理", 2),
    ("性价比", 2),
    ("网银支付", 1),
    ("蚂蚁花呗", 1),
    ("快捷支付", 1),
    ("第三方支付", 1),
    ("快递公司", 2),
    ("货物延迟", 3),
    ("七天无理由退换货", 1),
    ("纠纷退款", 3),
    ("发泄心理", 2),
    ("尊重心理", 2),
    ("补救心理", 2),
    ("认同心理", 2),
    ("表现心理", 2),
    ("报复心理", 2),
    ("客户回访", 1),
    ("情感冲动型客户", 2),
    ("沉着谨慎型客户", 2),
    ("挑剔多疑型客户", 2),
    ("健谈型客户", 2),
    ("沉默寡言型客户", 2),
    ("话术规范服务", 1),
    ("客户满意度", 1),
    ("客户分类", 1),
];

fn build_repository_course() -> (tempfile::TempDir, common::Run) {
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("site");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = common::run_in(root, &["build", "--deny-warnings", "--dest", dest.to_str().unwrap()]);
    (out, run)
}

#[test]
fn the_course_builds_cleanly_with_every_seed_term() {
    let (out, run) = build_repository_course();
    run.expect_code(0);
    assert!(!run.stderr().contains("warning"), "{}", run.stderr());
    let site = out.path().join("site");
    let glossary = std::fs::read_to_string(site.join("glossary.html")).unwrap();
    for (name, level) in SEED_TERMS {
        let needle = format!("<div class=\"glossary-entry\" data-level=\"{level}\"");
        let entry =
            glossary.find(&format!("<h3 class=\"glossary-term\">{name} ")).unwrap_or_else(|| panic!("{name} missing"));
        let div = glossary[..entry].rfind("<div class=\"glossary-entry\"").unwrap();
        assert!(glossary[div..].starts_with(&needle), "{name} should be level {level}");
    }
    assert_eq!(glossary.matches("<h3 class=\"glossary-term\">有效沟通 ").count(), 1, "有效沟通 defined once");
    assert!(common::broken_links(&site).is_empty(), "{:?}", common::broken_links(&site));
}

#[test]
fn every_page_links_to_its_file_on_github_for_editing() {
    let (out, run) = build_repository_course();
    run.expect_code(0);
    let site = out.path().join("site");
    for (page, source) in [
        ("pre-sale/bargaining.html", "content/02-pre-sale/05-bargaining.md"),
        ("complaints/index.html", "content/05-complaints/index.md"),
    ] {
        let html = std::fs::read_to_string(site.join(page)).unwrap();
        let link = format!(
            "<p class=\"edit-link\"><a href=\"https://github.com/coursebook/coursebook/edit/main/{source}\">编辑本页</a></p>"
        );
        assert!(html.contains(&link), "{page} links to {source} for editing");
        assert!(Path::new(env!("CARGO_MANIFEST_DIR")).join(source).is_file(), "{source} is the page's file");
    }
}

#[test]
fn six_modules_in_order_with_at_least_four_chapters() {
    let (out, run) = build_repository_course();
    run.expect_code(0);
    let site = out.path().join("site");
    let home = std::fs::read_to_string(site.join("index.html")).unwrap();
    let modules = ["basics", "pre-sale", "in-sale", "after-sale", "complaints", "relationship"];
    let titles = ["客户服务基础", "售前咨询", "售中沟通", "售后服务", "投诉处理", "客户关系维护"];
    let positions: Vec<usize> =
        titles.iter().map(|t| home.find(&format!("<span class=\"card-title\">{t}</span>")).expect(t)).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "module order");
    for (number, title) in titles.iter().enumerate().map(|(i, t)| (i + 1, t)) {
        let card = format!(
            "<span class=\"card-number\">模块 {number}</span>\n      <span class=\"card-title\">{title}</span>"
        );
        assert!(home.contains(&card), "the home's card {number} is {title}");
    }
    let pre_sale = std::fs::read_to_string(site.join("pre-sale/index.html")).unwrap();
    for (number, title) in [(1, "熟悉商品"), (5, "应对讨价还价")] {
        let card =
            format!("<span class=\"card-number\">{number}</span>\n      <span class=\"card-title\">{title}</span>");
        assert!(pre_sale.contains(&card), "the module page's card {number} is {title}");
    }
    for (module, title) in modules.iter().zip(titles) {
        let chapters = std::fs::read_dir(site.join(module))
            .unwrap()
            .filter(|e| !["index.html", "exercises.html"].contains(&e.as_ref().unwrap().file_name().to_str().unwrap()))
            .count();
        assert!(chapters >= 4, "{module} has {chapters} chapters");
        let card = &home[home.find(&format!("{title}</span>")).unwrap()..];
        let meta = &card[card.find("card-meta").unwrap()..];
        assert!(
            meta.starts_with(&format!("card-meta\">{chapters} 章</span>")),
            "{title}'s card counts {chapters} chapters"
        );
    }
}

/// The chapters of the repository's course, with their text.
fn chapters() -> Vec<(String, String)> {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let mut found: Vec<(String, String)> = walkdir::WalkDir::new(&content)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md") && e.file_name() != "index.md")
        .map(|e| {
            let name = e.path().strip_prefix(&content).unwrap().display().to_string();
            (name, std::fs::read_to_string(e.path()).unwrap())
        })
        .collect();
    found.sort();
    found
}

/// The text of the `## heading` section of a chapter (up to the next `## `).
fn section<'a>(text: &'a str, heading: &str) -> Option<&'a str> {
    let start = text.find(&format!("\n## {heading}\n"))? + heading.len() + 5;
    let rest = &text[start..];
    Some(&rest[..rest.find("\n## ").unwrap_or(rest.len())])
}

/// Characters of teaching text: the body without its question blocks, Markdown marks and spaces.
fn teaching_chars(text: &str) -> usize {
    let body = text.splitn(3, "---\n").nth(2).unwrap_or(text);
    let mut count = 0;
    let mut in_block = false;
    for line in body.lines() {
        if line.trim_start().starts_with("```") {
            in_block = !in_block;
            continue;
        }
        if !in_block {
            count += line.chars().filter(|c| !c.is_whitespace() && !"#*>|-`".contains(*c)).count();
        }
    }
    count
}

/// Whether a line of a `quiz` block is one that only a question of one kind has.
type IsMarker = fn(&str) -> bool;

/// Each kind of question, and the line of a `quiz` block that only a question of that kind has.
const QUESTION_KINDS: [(&str, IsMarker); 5] = [
    ("single choice", |line| {
        line.strip_prefix("answer: ").is_some_and(|a| a.len() == 1 && a.as_bytes()[0].is_ascii_uppercase())
    }),
    ("multiple choice", |line| line.starts_with("answer: [")),
    ("true or false", |line| line.starts_with("answer: 对") || line.starts_with("answer: 错")),
    ("fill in the blanks", |line| line.starts_with("question:") && line.contains("___")),
    ("open", |line| line.starts_with("points:")),
];

#[test]
fn every_chapter_is_a_lesson_with_objectives_a_case_a_summary_and_questions_of_every_kind() {
    let chapters = chapters();
    assert!(chapters.len() >= 24, "six modules of four chapters or more: {} chapters found", chapters.len());
    let mut problems = Vec::new();
    for (name, text) in chapters {
        let objectives = section(&text, "学习目标")
            .map_or(0, |s| s.lines().filter(|l| l.starts_with("- 能") || l.contains(". 能")).count());
        if !(2..=4).contains(&objectives) {
            problems.push(format!("{name}: {objectives} objectives starting with 能 under ## 学习目标 (2–4 wanted)"));
        }
        for heading in ["案例导入", "本章小结", "思考与练习"] {
            if section(&text, heading).is_none() {
                problems.push(format!("{name}: no ## {heading}"));
            }
        }
        if !text.contains("**顾客**：") || !text.contains("**客服**：") {
            problems.push(format!("{name}: no dialogue between **顾客** and **客服**"));
        }
        let exercises = section(&text, "思考与练习").unwrap_or("");
        let questions = exercises.matches("```quiz").count();
        if questions < 5 {
            problems.push(format!("{name}: {questions} questions (5 wanted)"));
        }
        for (kind, is_marker) in QUESTION_KINDS {
            if !exercises.lines().any(|line| is_marker(line.trim())) {
                problems.push(format!("{name}: no {kind} question"));
            }
        }
        if exercises.matches("explanation:").count() + exercises.matches("points:").count() < questions {
            problems.push(format!("{name}: a question without its explanation"));
        }
        if exercises.matches("terms:").count() < questions {
            problems.push(format!("{name}: a question that names no glossary term"));
        }
        let chars = teaching_chars(&text);
        if chars < 1_500 {
            problems.push(format!("{name}: {chars} characters of teaching text"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn no_run_of_twenty_characters_is_copied_from_the_seed_documents() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let Ok(entries) = std::fs::read_dir(&seeds) else {
        eprintln!("skipped: the seed documents are not beside this checkout");
        return;
    };
    let squeeze = |text: &str| -> Vec<char> { text.chars().filter(|c| !c.is_whitespace()).collect() };
    let mut windows = std::collections::HashSet::new();
    for entry in entries.filter_map(Result::ok).filter(|e| e.path().extension().is_some_and(|x| x == "txt")) {
        let text = squeeze(&String::from_utf8_lossy(&std::fs::read(entry.path()).unwrap()));
        for window in text.windows(20) {
            windows.insert(window.iter().collect::<String>());
        }
    }
    assert!(!windows.is_empty(), "no seed document (*.txt) in {}", seeds.display());
    for (name, text) in chapters() {
        let text = squeeze(&text);
        let copied =
            text.windows(20).map(|w| w.iter().collect::<String>()).find(|w| !w.is_ascii() && windows.contains(w));
        assert!(copied.is_none(), "{name} copies from a seed: {copied:?}");
    }
}

//! `coursebook new module` and `coursebook new chapter`: the next numbered module folder or
//! chapter file, written from a skeleton in the course's language, so that a teacher starts
//! from a page that already has the lesson's structure (docs/STYLE-GUIDE.md) and builds
//! without an error or a warning. Like `init`, it never overwrites a file.
//!
//! Names follow FORMAT.md: a numeric prefix one above the highest among the siblings, as wide
//! as theirs (`07-`), then a slug of the title in lowercase ASCII (Chinese characters by their
//! pinyin, without tones), different from every sibling's once the prefix is dropped.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use pinyin::ToPinyin;

use crate::config::{Config, Overrides};
use crate::content::url::{is_generated_in_module, numeric_prefix, page_url, slug, THEME_DIR};
use crate::content::{reread_page, PageKind};
use crate::diagnostic::display_path;
use crate::error::{Error, Result};
use crate::init::{refused, write_new};
use crate::labels::{labels, Examples, Language};
use crate::suggest;

/// What `new` wrote, for the command line to tell the teacher.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    /// The file written, relative to the course folder (`content/02-pre-sale/07-tui-huo.md`).
    pub file: PathBuf,
    /// Where the page will be in the site (`pre-sale/tui-huo.html`), to find it in `serve`.
    pub url: String,
    /// The name `new chapter` takes for the module the page belongs to (its folder name).
    pub module: String,
}

/// Adds a module to the course at `root`: the next numbered folder under the content folder
/// with its `index.md` (title, summary and the sections of a module page).
pub fn new_module(root: &Path, title: &str) -> Result<Created> {
    let config = Config::load(root, &Overrides::default())?;
    let title = checked_title(title, config.language)?;
    let content = content_folder(&config)?;
    let names = entry_names(&content)?;
    let folder = next_name(&names, &title, Kind::Module);
    let dir = content.join(&folder);
    std::fs::create_dir(&dir).map_err(|e| refused(&dir, e))?;
    let index = dir.join("index.md");
    write_new(&index, &module_page(config.language, &title))?;
    Ok(Created {
        file: relative_to(root, &index),
        url: page_url(PageKind::Module, &Path::new(&folder).join("index.md")),
        module: folder,
    })
}

/// Adds a chapter to a module of the course at `root`: the next numbered file of the module,
/// holding a lesson skeleton. `module` is the module's folder name, that name without its
/// number, its number, or its title; an unknown one is an [`Error::Usage`] listing the modules.
pub fn new_chapter(root: &Path, module: &str, title: &str) -> Result<Created> {
    let config = Config::load(root, &Overrides::default())?;
    let title = checked_title(title, config.language)?;
    let content = content_folder(&config)?;
    let modules = modules(&content, root, labels(config.language).examples)?;
    let found = find_module(&modules, module, &relative_to(root, &content))?;
    let names = entry_names(&content.join(&found.folder))?;
    let file = next_name(&names, &title, Kind::Chapter);
    let path = content.join(&found.folder).join(&file);
    write_new(&path, &chapter_page(config.language, &title))?;
    Ok(Created {
        file: relative_to(root, &path),
        url: page_url(PageKind::Chapter, &Path::new(&found.folder).join(&file)),
        module: found.folder.clone(),
    })
}

/// A title as the command line gave it, trimmed; an empty title, or one on several lines, is
/// refused before anything is written, with an example in the course's `language`.
fn checked_title(title: &str, language: Language) -> Result<String> {
    let title = title.trim();
    if title.is_empty() {
        let example = labels(language).examples.module_title;
        let example = if example.contains(' ') { format!("\"{example}\"") } else { example.to_string() };
        return Err(usage(
            "the title is empty",
            format!("write the title after the command, e.g. `coursebook new module {example}`"),
        ));
    }
    if title.chars().any(char::is_control) {
        return Err(usage("a title is one line of text", "write the title without line breaks or tabs"));
    }
    Ok(title.to_string())
}

fn usage(message: impl Into<String>, help: impl Into<String>) -> Error {
    Error::Usage { message: message.into(), help: help.into() }
}

/// The content folder, which must exist: `new` adds to a course, it does not start one.
fn content_folder(config: &Config) -> Result<PathBuf> {
    if config.content_dir.is_dir() {
        Ok(config.content_dir.clone())
    } else {
        Err(usage(
            format!("there is no course here: {} is not a folder", display_path(&relative_to(&config.root, &config.content_dir))),
            "run this in a course folder (one holding book.toml), give its folder with --path, or start a course with `coursebook init`",
        ))
    }
}

fn relative_to(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// The names in a folder (files and folders), hidden ones left out.
fn entry_names(dir: &Path) -> Result<Vec<String>> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    let mut names: Vec<String> = entries
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| !name.starts_with('.'))
        .collect();
    names.sort();
    Ok(names)
}

/// A module of the course as `new chapter` may name it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ModuleDir {
    /// The folder name, `02-pre-sale`.
    folder: String,
    /// The folder name without its number, `pre-sale`.
    name: String,
    /// Its number, when the folder name has one.
    number: Option<i64>,
    /// The title in its `index.md`; None when the page cannot be read.
    title: Option<String>,
}

impl ModuleDir {
    /// `02-pre-sale (售前咨询)`, as modules are listed in messages.
    fn shown(&self) -> String {
        match &self.title {
            Some(title) => format!("{} ({title})", self.folder),
            None => self.folder.clone(),
        }
    }
}

/// The modules of the course: the folders of the content folder that hold an `index.md`
/// (read as the course reads them, in words of its `examples`).
fn modules(content: &Path, root: &Path, examples: &Examples) -> Result<Vec<ModuleDir>> {
    let display_base = relative_to(root, content);
    Ok(entry_names(content)?
        .into_iter()
        .filter(|folder| content.join(folder).join("index.md").is_file())
        .map(|folder| {
            let index = Path::new(&folder).join("index.md");
            let title = reread_page(content, PageKind::Module, &index, display_base.join(&index), examples)
                .ok()
                .map(|page| page.front.title.to_string())
                .filter(|title| !title.is_empty());
            ModuleDir { name: slug(&folder), number: numeric_prefix(&folder).map(|(n, _)| n), folder, title }
        })
        .collect())
}

/// The module `wanted` names: by folder name, by that name without its number, by its number,
/// or by its title (letter case ignored). A path to the folder (`content/01-basics/`, as a
/// shell completes it) names it too.
fn find_module<'a>(modules: &'a [ModuleDir], wanted: &str, content: &Path) -> Result<&'a ModuleDir> {
    if modules.is_empty() {
        return Err(usage(
            format!("the course has no module yet ({} holds no folder with an index.md)", display_path(content)),
            "add one first: `coursebook new module TITLE`",
        ));
    }
    let trimmed = wanted.trim().trim_end_matches(['/', '\\']);
    let last = trimmed.rsplit(['/', '\\']).next().unwrap_or(trimmed);
    let lower = last.to_lowercase();
    let number: Option<i64> = last.parse().ok();
    let ways: [&dyn Fn(&ModuleDir) -> bool; 4] = [
        &|m| m.folder == last,
        &|m| m.name.to_lowercase() == lower,
        &|m| number.is_some() && m.number == number,
        &|m| m.title.as_ref().is_some_and(|t| t.trim().to_lowercase() == wanted.trim().to_lowercase()),
    ];
    for matches in ways {
        let found: Vec<&ModuleDir> = modules.iter().filter(|m| matches(m)).collect();
        match found.as_slice() {
            [] => continue,
            [one] => return Ok(one),
            several => {
                let names: Vec<String> = several.iter().map(|m| m.shown()).collect();
                return Err(usage(
                    format!("`{wanted}` names more than one module: {}", names.join(", ")),
                    "give the module's folder name, which is unique",
                ));
            }
        }
    }
    let listed = module_list(modules);
    let help = match nearest_module(modules, last) {
        Some(near) => format!("did you mean `{}`? The modules are: {listed}", near.shown()),
        None => {
            format!("give a module's folder name, its name without the number, or its title. The modules are: {listed}")
        }
    };
    Err(usage(format!("there is no module `{wanted}` in {}/", display_path(content)), help))
}

/// The modules as a message lists them; a long list is cut after 20.
fn module_list(modules: &[ModuleDir]) -> String {
    const SHOWN: usize = 20;
    let mut list: Vec<String> = modules.iter().take(SHOWN).map(ModuleDir::shown).collect();
    if modules.len() > SHOWN {
        list.push(format!("and {} more", modules.len() - SHOWN));
    }
    list.join(", ")
}

/// The module whose folder name, name or title is closest to `wanted` by the course's one rule
/// for "did you mean" ([`suggest::nearest`]: letters, or pinyin for Chinese: `basic` for
/// `basics`, 首后 for 售后), else the first whose name or title holds it or is held by it
/// (`售后` for 售后服务).
fn nearest_module<'a>(modules: &'a [ModuleDir], wanted: &str) -> Option<&'a ModuleDir> {
    let forms =
        |m: &'a ModuleDir| [Some(m.folder.as_str()), Some(m.name.as_str()), m.title.as_deref()].into_iter().flatten();
    let all: Vec<(&str, &ModuleDir)> = modules.iter().flat_map(|m| forms(m).map(move |form| (form, m))).collect();
    if let Some(form) = suggest::nearest(wanted, all.iter().map(|(form, _)| *form)) {
        return all.iter().find(|(f, _)| *f == form).map(|(_, m)| *m);
    }
    let wanted = wanted.to_lowercase();
    let holds = |form: &str| {
        let form = form.to_lowercase();
        form.contains(&wanted) || wanted.contains(&form)
    };
    (wanted.chars().count() >= 2).then(|| all.iter().find(|(form, _)| holds(form)).map(|(_, m)| *m)).flatten()
}

/// What is being added: a module folder or a chapter file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Module,
    Chapter,
}

/// The name of the next module folder or chapter file among the `siblings`: a number one
/// above the highest numeric prefix, written as wide as the widest (`7` after `06-…` is `07`),
/// then the title's slug, made different from every sibling's (`-2`, `-3`…) and from the names
/// the build keeps for itself.
fn next_name(siblings: &[String], title: &str, kind: Kind) -> String {
    let numbered: Vec<(i64, usize)> = siblings
        .iter()
        .filter_map(|name| numeric_prefix(name).map(|(n, _)| (n, name.bytes().take_while(u8::is_ascii_digit).count())))
        .collect();
    let number = numbered.iter().map(|(n, _)| *n).max().map_or(1, |n| n.saturating_add(1));
    let width = numbered.iter().map(|(_, width)| *width).max().unwrap_or(2);
    let (fallback, extension, reserved): (&str, &str, &[&str]) = match kind {
        Kind::Module => ("module", "", &[THEME_DIR, "index"]),
        Kind::Chapter => ("chapter", ".md", &[]),
    };
    let taken: HashSet<String> = siblings
        .iter()
        .map(|name| slug(name).to_lowercase())
        .chain(reserved.iter().map(|name| name.to_string()))
        .collect();
    let base = Some(title_slug(title)).filter(|s| !s.is_empty()).unwrap_or_else(|| fallback.to_string());
    // A chapter called Index or Exercises: every `index-N` is a page the build writes too.
    let base = match kind == Kind::Chapter && is_generated_in_module(&base) {
        true => format!("{base}-{fallback}"),
        false => base,
    };
    let unique = std::iter::once(base.clone())
        .chain((2..).map(|n| format!("{base}-{n}")))
        .find(|candidate| !taken.contains(candidate))
        .unwrap_or(base);
    format!("{number:0width$}-{unique}{extension}")
}

/// At most this many bytes of a slug: a name a teacher can still read in a file list.
const MAX_SLUG_BYTES: usize = 40;

/// The title in lowercase ASCII for a file or folder name: letters and digits kept, Chinese
/// characters written in pinyin without tones (`售后服务` → `shou-hou-fu-wu`), anything else a
/// separator; cut at a word's end after [`MAX_SLUG_BYTES`].
fn title_slug(title: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            word.push(c.to_ascii_lowercase());
            continue;
        }
        if !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        if let Some(pinyin) = c.to_pinyin() {
            words.push(pinyin.plain().to_string());
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    let mut slug = String::new();
    for word in words {
        let added = if slug.is_empty() { word.len() } else { word.len() + 1 };
        if !slug.is_empty() && slug.len() + added > MAX_SLUG_BYTES {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(&word);
    }
    slug.truncate(MAX_SLUG_BYTES);
    slug
}

/// A text as a YAML value on one line: as written when YAML reads it back the same (`售后服务`,
/// `Handling returns`), else in double quotes with `\` and `"` escaped (`"退货: 七天"`).
fn yaml_text(text: &str) -> String {
    let plain_char = |c: char| c.is_alphanumeric() || c == ' ' || (!c.is_ascii() && !c.is_control());
    let keyword = ["true", "false", "yes", "no", "on", "off", "null", "y", "n"].contains(&text.to_lowercase().as_str());
    let starts_well = text.chars().next().is_some_and(|c| c.is_alphanumeric() || !c.is_ascii());
    let plain = starts_well
        && text.chars().all(plain_char)
        && !text.ends_with(' ')
        && !keyword
        && text.parse::<f64>().is_err()
        && !text.starts_with(|c: char| c.is_ascii_digit());
    if plain {
        return text.to_string();
    }
    let mut quoted = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            c if c.is_control() => quoted.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// A module's `index.md`: its title, a summary to write, and the sections of a module page.
fn module_page(language: Language, title: &str) -> String {
    let body = match language {
        Language::ZhCn => ZH_MODULE,
        Language::En => EN_MODULE,
    };
    body.replace("{title}", &yaml_text(title))
}

/// A chapter: the front matter (with an example of a term, commented out) and the sections of
/// a lesson, with one question.
fn chapter_page(language: Language, title: &str) -> String {
    let body = match language {
        Language::ZhCn => ZH_CHAPTER,
        Language::En => EN_CHAPTER,
    };
    body.replace("{title}", &yaml_text(title))
}

const ZH_MODULE: &str = "---
title: {title}
summary: 用一句话说明本模块的内容。
---

## 模块导读

（用 2–4 句话说明本模块讲什么、为什么要学。）

## 学习目标

学完本模块，你将能够：

- 能……
- 能……
- 能……

## 学习建议

（建议先学哪几章、做哪些练习。）
";

const EN_MODULE: &str = "---
title: {title}
summary: One sentence on what this module covers.
---

## About this module

(In 2–4 sentences: what this module is about, and why it matters.)

## Learning objectives

After this module you will be able to:

- …
- …
- …

## How to study it

(Which chapters to read first, which exercises to do.)
";

const ZH_CHAPTER: &str = "---
title: {title}
summary: 用一句话说明本章内容。
# 本章定义的术语（可选）：删去下面几行开头的 # 号即可使用，并在其他章节里用到它。
# level 是重要程度：1 = ★ 了解，2 = ★★ 理解，3 = ★★★ 掌握。
# terms:
#   - name: 术语名称
#     level: 2
#     definition: 用自己的话写一句定义。
---

## 学习目标

学完本章，你将能够：

- 能……
- 能……

## 案例导入

（用 4–8 句话描述店铺里的一个真实情境，最后提出本章要回答的问题。）

## （小节标题）

（正文：短段落，需要时用列表和表格。）

> **顾客**：……
>
> **客服**：……

**点评**：（说明这句回复好在哪里、差在哪里。）

## 本章小结

（用 3–5 句话或要点总结本章，不写新内容。）

## 思考与练习

```quiz
question: （题干）下面哪一项是……？
choices:
  - （正确选项）
  - （干扰项一）
  - （干扰项二）
answer: A
explanation: （解析：为什么这个答案是对的。）
```
";

const EN_CHAPTER: &str = "---
title: {title}
summary: One sentence on what this chapter covers.
# Terms this chapter defines (optional): remove the # at the start of the lines below to use
# them, and use the term in another chapter. level: 1 = ★ know, 2 = ★★ understand, 3 = ★★★ master.
# terms:
#   - name: Term
#     level: 2
#     definition: One sentence, in your own words.
---

## Learning objectives

After this chapter you will be able to:

- …
- …

## Opening case

(In 4–8 sentences, a real situation in a shop, ending with the question this chapter answers.)

## (Section heading)

(The teaching text: short paragraphs, lists and tables where they help.)

> **Customer**: …
>
> **Agent**: …

**Comment**: (What makes this reply good or bad.)

## Summary

(3–5 sentences or bullet points; nothing new.)

## Questions and exercises

```quiz
question: (The question) Which of these is …?
choices:
  - (The right answer)
  - (A wrong answer a student might believe)
  - (Another wrong answer)
answer: A
explanation: (Why this answer is right.)
```
";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::parse_page;

    #[test]
    fn a_module_is_found_by_a_typo_a_homophone_or_a_part_of_its_title() {
        let module = |folder: &str, name: &str, title: &str| ModuleDir {
            folder: folder.into(),
            name: name.into(),
            number: None,
            title: Some(title.into()),
        };
        let modules =
            [module("01-basics", "basics", "客户服务基础"), module("04-after-sale", "after-sale", "售后服务")];
        let found = |wanted: &str| nearest_module(&modules, wanted).map(|m| m.folder.as_str());
        assert_eq!(found("basic"), Some("01-basics"), "a letter missing");
        assert_eq!(found("首后服务"), Some("04-after-sale"), "a homophone typed by a pinyin input method");
        assert_eq!(found("售后"), Some("04-after-sale"), "a part of the title");
        assert_eq!(found("marketing"), None);
    }

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_next_number_is_one_above_the_highest_and_as_wide() {
        let siblings = names(&["01-basics", "02-pre-sale", "06-relationship", "assets", "index.md"]);
        assert_eq!(next_name(&siblings, "售后服务", Kind::Module), "07-shou-hou-fu-wu");
        assert_eq!(next_name(&names(&["1-a.md", "9-b.md"]), "Returns", Kind::Chapter), "10-returns.md");
        assert_eq!(next_name(&names(&["001-a.md"]), "B", Kind::Chapter), "002-b.md");
        assert_eq!(next_name(&[], "First steps", Kind::Chapter), "01-first-steps.md");
    }

    #[test]
    fn a_slug_differs_from_every_sibling_and_from_reserved_names() {
        let siblings = names(&["01-returns.md", "02-returns-2.md", "index.md"]);
        assert_eq!(next_name(&siblings, "Returns", Kind::Chapter), "03-returns-3.md");
        assert_eq!(next_name(&names(&["index.md"]), "Index", Kind::Chapter), "01-index-chapter.md");
        assert_eq!(next_name(&names(&["index.md"]), "Exercises", Kind::Chapter), "01-exercises-chapter.md");
        assert_eq!(next_name(&names(&["index.md"]), "Index 2", Kind::Chapter), "01-index-2-chapter.md");
        assert_eq!(next_name(&[], "——", Kind::Chapter), "01-chapter.md");
        assert_eq!(next_name(&names(&["01-module"]), "？", Kind::Module), "02-module-2");
    }

    #[test]
    fn slugs_are_lowercase_ascii_and_short() {
        assert_eq!(title_slug("FAQ 的写法"), "faq-de-xie-fa");
        assert_eq!(title_slug("Handling Returns (7 days)"), "handling-returns-7-days");
        let long = title_slug("客户投诉的处理流程与沟通技巧以及后续回访的注意事项");
        assert!(long.len() <= MAX_SLUG_BYTES && !long.ends_with('-'), "{long}");
    }

    #[test]
    fn titles_are_read_back_as_written() {
        for title in [
            "售后服务",
            "Handling returns",
            "退货: 七天",
            "#1 的问题",
            "\"引号\"",
            "yes",
            "2024",
            "- 列表",
            "[方括号]",
            "反斜杠 \\ 与 # 号",
            "它说：“好”",
            "a: b",
            "Q&A",
        ] {
            for language in [Language::ZhCn, Language::En] {
                let text = chapter_page(language, title);
                let examples = labels(language).examples;
                let page =
                    parse_page(PageKind::Chapter, Path::new("01-m/01-a.md"), PathBuf::from("a.md"), text, examples)
                        .unwrap_or_else(|e| panic!("{title}: {e:?}"));
                assert_eq!(&*page.front.title, title);
                assert!(page.front.terms.is_empty(), "the example term is commented out");
            }
        }
    }

    #[test]
    fn modules_are_found_by_folder_name_number_or_title() {
        let module = |folder: &str, title: &str| ModuleDir {
            folder: folder.into(),
            name: slug(folder),
            number: numeric_prefix(folder).map(|(n, _)| n),
            title: Some(title.into()),
        };
        let modules = [module("01-basics", "客户服务基础"), module("02-pre-sale", "售前咨询")];
        let content = Path::new("content");
        for wanted in ["02-pre-sale", "pre-sale", "Pre-Sale", "2", "02", "售前咨询", "content/02-pre-sale/"] {
            assert_eq!(find_module(&modules, wanted, content).unwrap().folder, "02-pre-sale", "{wanted}");
        }
        let Err(Error::Usage { message, help }) = find_module(&modules, "presale", content) else { panic!() };
        assert!(message.contains("`presale`"), "{message}");
        assert!(help.starts_with("did you mean `02-pre-sale (售前咨询)`?"), "{help}");
        let Err(Error::Usage { help, .. }) = find_module(&modules, "售前", content) else { panic!() };
        assert!(help.starts_with("did you mean `02-pre-sale"), "{help}");
        let Err(Error::Usage { help, .. }) = find_module(&modules, "zzzzzz", content) else { panic!() };
        assert!(help.contains("01-basics (客户服务基础), 02-pre-sale (售前咨询)"), "{help}");
        assert!(!help.contains("did you mean"), "{help}");
    }
}

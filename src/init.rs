//! `coursebook init`: a new course from a template with one module, one chapter and one term,
//! a `.gitignore` for the built site, and the GitHub Actions workflows that check the course and
//! publish it on GitHub Pages. It never overwrites: an existing `book.toml` or `content/` stops
//! it, and an existing `.gitignore` or workflow is kept.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

const BOOK_TOML: &str = r#"[book]
title = "我的课程"
authors = []
description = "一句话介绍这门课程。"
language = "zh-CN"
src = "content"

[build]
build-dir = "book"

[glossary]
link = "first"
"#;

const HOME: &str =
    "---\ntitle: 我的课程\nsummary: 欢迎来到本课程。\n---\n\n这是课程首页。左侧是课程的模块，每个模块包含若干章节。\n";

const MODULE: &str = "---\ntitle: 第一个模块\nsummary: 这个模块介绍课程的基础知识。\n---\n\n学完本模块，你将能够：\n\n- 说出本课程的核心概念\n- 理解术语是怎样链接到术语表的\n";

const CHAPTER: &str = r#"---
title: 第一章
summary: 一章的写法：正文、标题和术语。
terms:
  - name: 示例术语
    level: 2
    en: Sample term
    definition: 在章节的 front matter 中定义、在正文中自动链接到术语表的词语。
---

正文中出现的**示例术语**会自动链接到术语表，鼠标悬停时显示定义。

## 怎样写一章

1. 在模块文件夹里新建一个 `.md` 文件，文件名以数字开头决定顺序。
2. 在文件开头写 front matter：标题、摘要和本章定义的术语。
3. 运行 `coursebook build`，打开 `book/index.html` 查看效果。
"#;

const EXERCISES: &str = r#"---
title: 练习的写法
summary: 每种题型一个例子：单选、多选、判断、填空和思考题。
---

章末的 **思考与练习** 用 `quiz` 代码块写成，块里是几行 `key: value`。学生在网页上作答并立即看到对错和解析；
打印页把题目排成练习纸，每个模块末尾附答案。

## 思考与练习

```quiz
question: 示例术语在哪里定义？
choices:
  - 在章节的 front matter 中
  - 在 book.toml 中
  - 在术语表页面中手工编写
answer: A
explanation: 术语写在定义它的章节开头的 front matter 里，术语表由 coursebook 自动生成。
terms: [示例术语]
```

```quiz
question: 下面哪些文件属于一门课程？
choices: [book.toml, content 文件夹里的章节, book 文件夹里生成的网页]
answer: [A, B]
explanation: book 文件夹是生成的网站，每次构建都会重新写出。
```

```quiz
question: 章节文件名开头的数字决定章节的顺序。
answer: 对
```

```quiz
question: 构建网站的命令是 coursebook ___。
answer: build
```

```quiz
question: 你会怎样用本课程的练习帮助学生复习？
points:
  - 学完一章先做章末练习
  - 定期查看错题本
  - 考前做模块自测
```
"#;

/// Keeps the built site out of the repository: GitHub Pages builds its own.
const GITIGNORE: &str =
    "# The site coursebook builds (coursebook build, serve); the pages workflow builds its own.\n/book/\n";

/// The workflows `init` writes under `.github/workflows/`: one checks every push and pull
/// request, the other publishes the site on GitHub Pages. Both install coursebook from
/// [`REPOSITORY`], written into them as a value a fork changes.
const WORKFLOWS: [(&str, &str); 2] = [
    (".github/workflows/check.yml", include_str!("init/check.yml")),
    (".github/workflows/pages.yml", include_str!("init/pages.yml")),
];

/// Where coursebook's source is published (`repository` in Cargo.toml): the workflows install
/// coursebook from it.
pub(crate) const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// What `init` writes besides the course.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InitOptions {
    /// Write the GitHub Actions workflows (`--no-workflows` leaves them out).
    pub workflows: bool,
}

/// What `init` did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Initialized {
    /// The files written.
    pub created: Vec<PathBuf>,
    /// Files that were there already (`.gitignore`, a workflow) and are left as they were.
    pub kept: Vec<PathBuf>,
}

/// Writes a new course into `root`, with the workflows unless `options` says not to.
pub fn init(root: &Path, options: &InitOptions) -> Result<Initialized> {
    for existing in [root.join("book.toml"), root.join("content")] {
        if existing.exists() {
            return Err(Error::UnsafeOutput {
                path: existing,
                reason: "already exists; init never overwrites a course. Use an empty folder".into(),
            });
        }
    }
    let files = [
        ("book.toml", BOOK_TOML),
        ("content/index.md", HOME),
        ("content/01-basics/index.md", MODULE),
        ("content/01-basics/01-first-chapter.md", CHAPTER),
        ("content/01-basics/02-practice.md", EXERCISES),
    ];
    let mut done = Initialized::default();
    for (relative, text) in files {
        let path = root.join(relative);
        write_new(&path, text)?;
        done.created.push(path);
    }
    // Files a repository may have already (a clone of a new GitHub repository): kept as they are.
    let workflows = WORKFLOWS.iter().filter(|_| options.workflows);
    let extras = std::iter::once((".gitignore", GITIGNORE)).chain(workflows.copied());
    for (relative, text) in extras {
        let path = root.join(relative);
        if path.exists() {
            done.kept.push(path);
            continue;
        }
        write_new(&path, &text.replace("{repository}", REPOSITORY))?;
        done.created.push(path);
    }
    Ok(done)
}

/// Writes a file and the folders above it; a file already there is refused, never replaced
/// (`init` and `new` alike).
pub(crate) fn write_new(path: &Path, text: &str) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(path).map_err(|e| refused(path, e))?;
    file.write_all(text.as_bytes()).map_err(|e| Error::io(path, e))
}

/// The error for a file or folder that could not be created: one already there is named and
/// left alone.
pub(crate) fn refused(path: &Path, error: std::io::Error) -> Error {
    if error.kind() == std::io::ErrorKind::AlreadyExists {
        Error::UnsafeOutput {
            path: path.to_path_buf(),
            reason: "already exists; coursebook never overwrites a file. Rename or move it, and run the command again"
                .into(),
        }
    } else {
        Error::io(path, error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_existing_file_is_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("01-a.md");
        std::fs::write(&path, "mine").unwrap();
        let Err(Error::UnsafeOutput { path: refused, reason }) = write_new(&path, "new") else { panic!() };
        assert_eq!(refused, path);
        assert!(reason.contains("never overwrites"), "{reason}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine");
    }
}

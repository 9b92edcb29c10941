//! Glossary terms as a chapter declares them, and their importance levels.
//!
//! These are parsed and validated with the front matter; the course-wide glossary (uniqueness,
//! linking) is built from them by the `glossary` module.

use crate::labels::Labels;

/// How well a student must know a term: the course's legend ★了解 ★★理解 ★★★掌握.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Level {
    /// ★ 了解 (know): the least important level.
    Know = 1,
    /// ★★ 理解 (understand): the middle level.
    Understand = 2,
    /// ★★★ 掌握 (master): the most important; listed first on the revision page.
    Master = 3,
}

impl Level {
    /// Every accepted spelling, for error messages.
    pub(crate) const ACCEPTED: &'static str =
        "accepted levels: 1, \"★\", 了解, know | 2, \"★★\", 理解, understand | 3, \"★★★\", 掌握, master";

    /// All levels, most important first (the order of the revision page).
    pub(crate) const MOST_IMPORTANT_FIRST: [Level; 3] = [Level::Master, Level::Understand, Level::Know];

    /// Every accepted spelling with its level, in the order of [`Level::ACCEPTED`].
    const SPELLINGS: [(&'static str, Level); 12] = [
        ("1", Level::Know),
        ("★", Level::Know),
        ("了解", Level::Know),
        ("know", Level::Know),
        ("2", Level::Understand),
        ("★★", Level::Understand),
        ("理解", Level::Understand),
        ("understand", Level::Understand),
        ("3", Level::Master),
        ("★★★", Level::Master),
        ("掌握", Level::Master),
        ("master", Level::Master),
    ];

    /// Reads any spelling: the digit, the stars, the Chinese or English word (`level: 3` is
    /// read as the text "3").
    pub(crate) fn parse(text: &str) -> Option<Level> {
        let text = text.trim().to_lowercase();
        Self::SPELLINGS.iter().find(|(spelling, _)| *spelling == text).map(|(_, level)| *level)
    }

    /// The accepted spelling a wrong level most likely meant: a misspelt word (`掌屋` → `掌握`,
    /// `mastr` → `master`), or the highest level for more stars or a larger number than there
    /// are levels (`★★★★`, `5` → the highest). None when nothing is close.
    pub(crate) fn suggestion(written: &str) -> Option<&'static str> {
        let written = written.trim();
        let stars = written.chars().filter(|c| matches!(c, '★' | '☆' | '*')).count();
        if stars > 3 && stars == written.chars().count() {
            return Some("★★★");
        }
        if written.parse::<u64>().is_ok_and(|n| n > 3) {
            return Some("3");
        }
        crate::suggest::nearest(written, Self::SPELLINGS.iter().map(|(spelling, _)| *spelling))
    }

    /// 1, 2 or 3.
    pub(crate) fn number(self) -> u8 {
        self as u8
    }

    /// The word for the level in the site's language: 了解 / 理解 / 掌握 (or know / understand /
    /// master).
    pub(crate) fn name(self, labels: &Labels) -> &'static str {
        labels.level_names[usize::from(self.number()) - 1]
    }

    /// ★, ★★ or ★★★.
    pub(crate) fn stars(self) -> &'static str {
        match self {
            Level::Know => "★",
            Level::Understand => "★★",
            Level::Master => "★★★",
        }
    }
}

/// A term as declared in one chapter's front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TermDef {
    /// The term as written in the course; must be unique in the course.
    pub(crate) name: String,
    /// How well students must know it (`level:`, 1–3 or ★/了解/know…).
    pub(crate) level: Level,
    /// English name (`en:`), shown beside the term and linked in text; None when absent.
    pub(crate) en: Option<String>,
    /// How the name is read (`pinyin:`), for its place in the glossary when its first
    /// character has several readings (长尾 is cháng wěi); None: each character's usual one.
    pub(crate) pinyin: Option<String>,
    /// Other written forms (`aliases:`) that link to the term; empty when none.
    pub(crate) aliases: Vec<String>,
    /// The stable anchor asked for, if any.
    pub(crate) id: Option<String>,
    /// One paragraph of inline Markdown.
    pub(crate) definition: String,
    /// Related terms by name, each with the file line it is written on.
    pub(crate) see: Vec<(String, usize)>,
    /// False: only explicit `term:` links point to it.
    pub(crate) autolink: bool,
    /// File line of the term's entry.
    pub(crate) line: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_of_every_level() {
        for (text, level) in [
            ("1", Level::Know),
            ("★", Level::Know),
            ("了解", Level::Know),
            ("Know", Level::Know),
            ("★★", Level::Understand),
            ("理解", Level::Understand),
            ("understand", Level::Understand),
            ("★★★", Level::Master),
            ("掌握", Level::Master),
            ("MASTER", Level::Master),
        ] {
            assert_eq!(Level::parse(text), Some(level), "{text}");
        }
        assert_eq!(Level::parse("4"), None);
        assert_eq!(Level::parse("0"), None);
    }

    #[test]
    fn a_wrong_level_gets_the_spelling_it_most_likely_meant() {
        assert_eq!(Level::suggestion("掌屋"), Some("掌握"));
        assert_eq!(Level::suggestion("理角"), Some("理解"));
        assert_eq!(Level::suggestion("Mastr"), Some("master"));
        assert_eq!(Level::suggestion("★★★★"), Some("★★★"));
        assert_eq!(Level::suggestion("☆☆☆☆☆"), Some("★★★"));
        assert_eq!(Level::suggestion("4"), Some("3"));
        assert_eq!(Level::suggestion("0"), None);
        assert_eq!(Level::suggestion("重要"), None);
        assert_eq!(Level::suggestion("high"), None);
    }
}

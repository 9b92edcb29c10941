//! Exercises: questions written in a chapter as fenced ```` ```quiz ```` blocks whose body is a
//! little YAML (docs/FORMAT.md, "Exercises"). This module reads one block into a [`Question`]
//! and checks it against the glossary; `render::exercises` writes it as HTML for the page, the
//! module's self-test page and the print worksheet.
//!
//! Why a fenced block of YAML: teachers already write YAML in the front matter; on GitHub the
//! block shows as readable code in a pull request; every mistake can be pointed at its line.

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::content::front_matter::{innermost, likely_key, read_repairing, Mistake, Repair};
use crate::diagnostic::{find_line, Code};
use crate::glossary::{Glossary, Suggestions};
use crate::labels::Examples;
use crate::markup::{self, first_block, fnv1a};

/// The keys of a question, in the order FORMAT.md lists them.
pub(crate) const KEYS: [&str; 9] =
    ["type", "question", "choices", "answer", "explanation", "reference", "points", "terms", "id"];

/// What kind of question, which decides how it is answered and checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// One right choice among several (单选题).
    Single,
    /// One or more right choices (多选题).
    Multiple,
    /// A statement that is right or wrong (判断题).
    Judge,
    /// Blanks (`___`) to fill, each with its accepted answers (填空题).
    Fill,
    /// A question answered in the student's own words, with a reference answer (思考题).
    Open,
}

impl Kind {
    /// The spellings `type:` accepts, each with its kind.
    const NAMES: [(&'static str, Kind); 12] = [
        ("single", Kind::Single),
        ("单选", Kind::Single),
        ("multiple", Kind::Multiple),
        ("多选", Kind::Multiple),
        ("judge", Kind::Judge),
        ("truefalse", Kind::Judge),
        ("判断", Kind::Judge),
        ("fill", Kind::Fill),
        ("填空", Kind::Fill),
        ("open", Kind::Open),
        ("思考", Kind::Open),
        ("案例", Kind::Open),
    ];

    fn parse(name: &str) -> Option<Kind> {
        let name = name.trim().trim_end_matches('题').to_lowercase();
        Self::NAMES.iter().find(|(n, _)| *n == name).map(|(_, kind)| *kind)
    }

    /// The name used in the HTML (`data-kind`) and the docs.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Kind::Single => "single",
            Kind::Multiple => "multiple",
            Kind::Judge => "judge",
            Kind::Fill => "fill",
            Kind::Open => "open",
        }
    }
}

/// The right answer of a question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Answer {
    /// Indices of the right choices (one for a single-choice question).
    Choices(Vec<usize>),
    /// Whether the statement is right.
    Judge(bool),
    /// For each blank, the answers accepted.
    Blanks(Vec<Vec<String>>),
    /// An open question: a reference answer and/or points a good answer covers.
    Open {
        /// The reference answer (Markdown), if given.
        reference: Option<String>,
        /// Discussion points (Markdown), possibly none.
        points: Vec<String>,
    },
}

/// One question, checked: everything the renderer needs.
#[derive(Debug, Clone)]
pub(crate) struct Question {
    /// Its kind.
    pub(crate) kind: Kind,
    /// The question as Markdown; in a fill-in question the blanks are runs of `___`.
    pub(crate) prompt: String,
    /// The choices as Markdown (single and multiple choice only).
    pub(crate) choices: Vec<String>,
    /// The right answer.
    pub(crate) answer: Answer,
    /// Shown after answering (Markdown); None when not given.
    pub(crate) explanation: Option<String>,
    /// Indices into the glossary of the terms the question tests.
    pub(crate) terms: Vec<usize>,
    /// Anchor of the question on its page (`q-…`), stable while its text stays the same.
    pub(crate) id: String,
    /// Changes whenever anything in the question changes: a student's stored answer to an older
    /// version is dropped.
    pub(crate) version: String,
    /// Where its block starts in the page's body, in bytes (set by the page's render; 0 until
    /// then): the search index puts its prompt in the section holding that place.
    pub(crate) block: usize,
}

/// A problem in a question block: where in the YAML (line and column, from 1), what, and how
/// to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    /// Which kind of problem.
    pub(crate) code: Code,
    /// Line within the block's YAML, from 1.
    pub(crate) line: usize,
    /// Column within that line, from 1.
    pub(crate) column: usize,
    /// What is wrong, in a teacher's words.
    pub(crate) message: String,
    /// What would be valid, or the likely fix.
    pub(crate) help: String,
}

impl Problem {
    fn at(code: Code, line: u64, column: u64, message: impl Into<String>, help: impl Into<String>) -> Problem {
        Problem {
            code,
            line: (line as usize).max(1),
            column: (column as usize).max(1),
            message: message.into(),
            help: help.into(),
        }
    }

    fn on<T>(code: Code, value: &Spanned<T>, message: impl Into<String>, help: impl Into<String>) -> Problem {
        Problem::at(code, value.referenced.line(), value.referenced.column(), message, help)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    #[serde(rename = "type")]
    kind: Option<Spanned<String>>,
    question: Option<Spanned<String>>,
    choices: Option<Spanned<Vec<Spanned<String>>>>,
    /// Any YAML value: a letter, a list of letters, 对/错 or true/false, the blanks' answers.
    answer: Option<Spanned<AnswerNode>>,
    explanation: Option<Spanned<String>>,
    reference: Option<Spanned<String>>,
    points: Option<Vec<String>>,
    terms: Option<Vec<Spanned<String>>>,
    id: Option<Spanned<String>>,
}

/// The `answer:` of a question as YAML read it, each list item with where it was written: a
/// number or a yes/no in a fill-in answer is then taken as the author typed it ([`as_written`]).
#[derive(Debug)]
enum AnswerNode {
    /// A scalar as YAML typed it (`007` a number, `yes` a boolean), or a mapping.
    Value(serde_json::Value),
    /// A list, each item with its place in the block.
    List(Vec<Spanned<AnswerNode>>),
}

impl AnswerNode {
    /// The answer as YAML typed it, numbers and booleans included.
    fn parsed(&self) -> serde_json::Value {
        match self {
            AnswerNode::Value(value) => value.clone(),
            AnswerNode::List(items) => items.iter().map(|item| item.value.parsed()).collect(),
        }
    }
}

impl<'de> Deserialize<'de> for AnswerNode {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<AnswerNode, D::Error> {
        struct NodeVisitor;
        impl<'de> serde::de::Visitor<'de> for NodeVisitor {
            type Value = AnswerNode;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an answer: a word, a letter, or a list of them")
            }
            fn visit_bool<E>(self, v: bool) -> Result<AnswerNode, E> {
                Ok(AnswerNode::Value(v.into()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<AnswerNode, E> {
                Ok(AnswerNode::Value(v.into()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<AnswerNode, E> {
                Ok(AnswerNode::Value(v.into()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<AnswerNode, E> {
                // NaN and infinities are null, as in serde_json.
                Ok(AnswerNode::Value(v.into()))
            }
            fn visit_str<E>(self, v: &str) -> Result<AnswerNode, E> {
                Ok(AnswerNode::Value(v.into()))
            }
            fn visit_unit<E>(self) -> Result<AnswerNode, E> {
                Ok(AnswerNode::Value(serde_json::Value::Null))
            }
            fn visit_none<E>(self) -> Result<AnswerNode, E> {
                Ok(AnswerNode::Value(serde_json::Value::Null))
            }
            fn visit_some<D: serde::Deserializer<'de>>(self, inner: D) -> Result<AnswerNode, D::Error> {
                AnswerNode::deserialize(inner)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<AnswerNode, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(AnswerNode::List(items))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<AnswerNode, A::Error> {
                serde_json::Value::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(AnswerNode::Value)
            }
        }
        deserializer.deserialize_any(NodeVisitor)
    }
}

/// A whole question block, as the help of a block that lacks one of its parts shows it.
fn example(examples: &Examples) -> String {
    let [question, first, second] = examples.question;
    format!("e.g.\n```quiz\nquestion: {question}\nchoices:\n  - {first}\n  - {second}\nanswer: B\n```")
}

/// Reads and checks the YAML of one question block against the glossary. Every problem found
/// is returned, each at its line in the block, its examples in words of `examples`.
pub(crate) fn parse(yaml: &str, glossary: &Glossary, examples: &Examples) -> Result<Question, Vec<Problem>> {
    if yaml.trim().is_empty() {
        return Err(vec![Problem::at(Code::QuizEmpty, 1, 1, "this question block is empty", example(examples))]);
    }
    let (raw, mut problems) = read_question(yaml);
    let Some(raw) = raw else { return Err(problems) };
    let prompt = match &raw.question {
        Some(q) if !q.value.trim().is_empty() => q.value.trim().to_string(),
        Some(q) => {
            problems.push(Problem::on(
                Code::QuizPrompt,
                q,
                "the question is empty",
                "write the question after `question:`",
            ));
            String::new()
        }
        None => {
            problems.push(Problem::at(Code::QuizPrompt, 1, 1, "this block has no `question:`", example(examples)));
            String::new()
        }
    };
    let kind = match kind_of(&raw, &prompt, examples) {
        Ok(kind) => kind,
        Err(problem) => {
            problems.push(problem);
            return Err(problems);
        }
    };
    let choices = check_choices(&raw, kind, examples, &mut problems);
    let answer = check_answer(&raw, yaml, kind, (&prompt, &choices), examples, &mut problems);
    check_links(&raw, &mut problems);
    check_blocks(&raw, yaml, &mut problems);
    let terms = check_terms(&raw, glossary, &mut problems);
    let id = match &raw.id {
        Some(id) if is_id(&id.value) => markup::question_anchor(&id.value),
        Some(id) => {
            problems.push(Problem::on(
                Code::QuizId,
                id,
                format!("`{}` cannot be a question's id", id.value),
                "use letters, digits, `-` and `_` only, e.g. id: price-1",
            ));
            String::new()
        }
        None => markup::question_anchor(&short_hash(&prompt)),
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    let Some(answer) = answer else { return Err(problems) };
    Ok(Question {
        kind,
        prompt,
        choices: choices.into_iter().map(|c| c.trim().to_string()).collect(),
        answer,
        explanation: raw.explanation.map(|e| e.value.trim().to_string()).filter(|e| !e.is_empty()),
        terms,
        id,
        version: short_hash(yaml.trim()),
        block: 0,
    })
}

/// Reads a question's YAML; past an unknown key (renamed to the likely key, or dropped with
/// its value when none is likely) reads on, so that one run reports every such key and the
/// problems after it, as the front matter does ([`read_repairing`]). None when a mistake could
/// not be read past.
fn read_question(yaml: &str) -> (Option<RawQuestion>, Vec<Problem>) {
    read_repairing(
        yaml,
        || None,
        |error, text| {
            let (line, column) = error.location().map_or((1, 1), |l| (l.line() as usize, l.column() as usize));
            let at = offset_of(text, line, column);
            let (repair, duplicate_key) = match innermost(error) {
                serde_saphyr::Error::SerdeUnknownField { field, .. } => {
                    (Some(Repair::for_unknown_key(text, at, field, likely_key(field, &KEYS))), false)
                }
                serde_saphyr::Error::DuplicateMappingKey { .. } => (Some(Repair::DropLine { at }), true),
                _ => (None, false),
            };
            Mistake { problem: yaml_problem(error, text), line, repair, duplicate_key }
        },
    )
}

/// The byte offset of 1-based `line` and `column` (in characters) in `text`.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    let rest = &text[start.min(text.len())..];
    start + rest.char_indices().nth(column.saturating_sub(1)).map_or(rest.len(), |(i, _)| i)
}

/// The kind `type:` names, or the one the other keys imply.
fn kind_of(raw: &RawQuestion, prompt: &str, examples: &Examples) -> Result<Kind, Problem> {
    let [right, wrong] = examples.judge;
    let accepted = "accepted: single, multiple, judge, fill, open (or 单选, 多选, 判断, 填空, 思考)";
    if let Some(written) = &raw.kind {
        return Kind::parse(&written.value).ok_or_else(|| {
            Problem::on(Code::QuizType, written, format!("`{}` is not a kind of question", written.value), accepted)
        });
    }
    let answer = raw.answer.as_ref().map(|a| &a.value);
    Ok(match answer {
        _ if raw.choices.is_some() => match answer {
            Some(AnswerNode::List(items)) if items.len() > 1 => Kind::Multiple,
            Some(AnswerNode::Value(serde_json::Value::String(text))) if letters_of(text).is_some() => Kind::Multiple,
            _ => Kind::Single,
        },
        _ if blanks(prompt) > 0 => Kind::Fill,
        Some(AnswerNode::Value(value)) if judgement(value).is_some() => Kind::Judge,
        _ if raw.reference.is_some() || raw.points.is_some() => Kind::Open,
        _ => {
            return Err(Problem::at(
                Code::QuizType,
                1,
                1,
                "cannot tell what kind of question this is",
                format!("give it `choices:` and `answer:`, blanks (___) in the question, `answer: {right}` or `{wrong}`, or a `reference:` answer; or say it with `type:` ({accepted})"),
            ))
        }
    })
}

/// The choices of a choice question: at least two, none empty, none twice; none for the others.
fn check_choices(raw: &RawQuestion, kind: Kind, examples: &Examples, problems: &mut Vec<Problem>) -> Vec<String> {
    let Some(choices) = &raw.choices else {
        if matches!(kind, Kind::Single | Kind::Multiple) {
            problems.push(Problem::at(
                Code::QuizChoices,
                1,
                1,
                "a choice question needs `choices:`",
                example(examples),
            ));
        }
        return Vec::new();
    };
    if !matches!(kind, Kind::Single | Kind::Multiple) {
        problems.push(Problem::on(
            Code::QuizChoices,
            choices,
            format!("a {} question has no `choices:`", kind.as_str()),
            "remove the choices, or write `type: single` or `type: multiple`",
        ));
        return Vec::new();
    }
    if choices.value.len() < 2 {
        problems.push(Problem::on(
            Code::QuizChoices,
            choices,
            "a choice question needs at least two choices",
            example(examples),
        ));
    }
    if choices.value.len() > 26 {
        problems.push(Problem::on(
            Code::QuizChoices,
            choices,
            "a question has at most 26 choices (A to Z)",
            "split it into two questions",
        ));
    }
    for (i, choice) in choices.value.iter().enumerate() {
        let text = choice.value.trim();
        if text.is_empty() {
            problems.push(Problem::on(
                Code::QuizChoices,
                choice,
                "this choice is empty",
                "write the choice, or remove the line",
            ));
        } else if let Some(first) = choices.value[..i].iter().position(|c| c.value.trim() == text) {
            problems.push(Problem::on(
                Code::QuizChoices,
                choice,
                format!("choice {} is the same as choice {}", letter(i), letter(first)),
                "each choice must differ; remove or change one",
            ));
        }
    }
    choices.value.iter().map(|c| c.value.clone()).collect()
}

/// The answer, checked against the kind, the choices and the blanks.
fn check_answer(
    raw: &RawQuestion,
    yaml: &str,
    kind: Kind,
    (prompt, choices): (&str, &[String]),
    examples: &Examples,
    problems: &mut Vec<Problem>,
) -> Option<Answer> {
    let Examples { judge: [right, wrong], blank, blank_alternatives, blanks_in_order, .. } = examples;
    if kind == Kind::Open {
        if let Some(answer) = &raw.answer {
            problems.push(Problem::on(
                Code::QuizAnswer,
                answer,
                "an open question has no `answer:`",
                "write a reference answer as `reference:`, or discussion points as `points:`",
            ));
        }
        let points: Vec<String> =
            raw.points.iter().flatten().map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect();
        let reference = raw.reference.as_ref().map(|r| r.value.trim().to_string()).filter(|r| !r.is_empty());
        if reference.is_none() && points.is_empty() {
            problems.push(Problem::at(
                Code::QuizAnswer,
                1,
                1,
                "an open question needs a reference answer or discussion points",
                "add `reference: …` or `points:` with a list of what a good answer covers",
            ));
        }
        return Some(Answer::Open { reference, points });
    }
    for (key, given) in [("reference", raw.reference.is_some()), ("points", raw.points.is_some())] {
        if given {
            problems.push(Problem::at(
                Code::QuizAnswer,
                1,
                1,
                format!("`{key}:` belongs to open questions"),
                "use `explanation:` to explain the answer of this question",
            ));
        }
    }
    let Some(answer) = &raw.answer else {
        let help = match kind {
            Kind::Single => "add `answer:` with the letter of the right choice, e.g. answer: B".into(),
            Kind::Multiple => "add `answer:` with the letters of the right choices, e.g. answer: [A, C]".into(),
            Kind::Judge => format!("add `answer: {right}` or `answer: {wrong}`"),
            _ => format!("add `answer:` with the word that fills the blank, e.g. answer: {blank}"),
        };
        problems.push(Problem::at(Code::QuizAnswer, 1, 1, "this question has no `answer:`", help));
        return None;
    };
    let fail = |problems: &mut Vec<Problem>, code: Code, message: String, help: &str| {
        problems.push(Problem::on(code, answer, message, help));
        None
    };
    let value = answer.value.parsed();
    match kind {
        Kind::Single | Kind::Multiple => {
            // `answer: AC` or `A、C` is a list of letters too, as exam keys are written.
            let spelled = match &value {
                serde_json::Value::String(text) if choice_index(text, choices).is_none() => letters_of(text),
                _ => None,
            };
            let items: Vec<String> = match (&value, spelled) {
                (_, Some(letters)) => letters.into_iter().map(String::from).collect(),
                (serde_json::Value::Array(items), None) => items.iter().map(scalar_text).collect(),
                (one, None) => vec![scalar_text(one)],
            };
            let mut picked = Vec::new();
            for text in items {
                match choice_index(&text, choices) {
                    Some(i) if !picked.contains(&i) => picked.push(i),
                    Some(_) => {}
                    None => {
                        let last = letter(choices.len().max(1) - 1);
                        return fail(
                            problems,
                            Code::QuizAnswer,
                            format!("`{text}` is not one of the choices"),
                            &format!("write a letter from A to {last} (A is the first choice)"),
                        );
                    }
                }
            }
            if picked.is_empty() {
                return fail(problems, Code::QuizAnswer, "the answer names no choice".into(), "e.g. answer: B");
            }
            if kind == Kind::Single && picked.len() > 1 {
                return fail(
                    problems,
                    Code::QuizAnswer,
                    "a single-choice question has one right answer".into(),
                    "keep one letter, or write `type: multiple` for a question with several right answers",
                );
            }
            picked.sort_unstable();
            Some(Answer::Choices(picked))
        }
        Kind::Judge => match judgement(&value) {
            Some(right) => Some(Answer::Judge(right)),
            None => fail(
                problems,
                Code::QuizAnswer,
                format!("`{}` is not an answer to a true-or-false question", scalar_text(&value)),
                examples.judge_help,
            ),
        },
        Kind::Fill => {
            let written = as_written(answer, yaml);
            let count = blanks(prompt);
            if count == 0 {
                return fail(
                    problems,
                    Code::QuizBlanks,
                    "a fill-in question needs blanks in the question".into(),
                    "mark each blank with three underscores or more: ___",
                );
            }
            let accepted = |value: &serde_json::Value| -> Vec<String> {
                match value {
                    serde_json::Value::Array(items) => items.iter().map(scalar_text).collect(),
                    one => vec![scalar_text(one)],
                }
            };
            // One blank may list its accepted answers; a list of lists is one entry per blank.
            let per_blank: Vec<Vec<String>> = match &written {
                serde_json::Value::Array(items) if count > 1 || items.iter().any(serde_json::Value::is_array) => {
                    items.iter().map(accepted).collect()
                }
                one => vec![accepted(one)],
            };
            if per_blank.iter().flatten().any(|a| a.starts_with('[')) {
                return fail(
                    problems,
                    Code::QuizBlanks,
                    "a blank's accepted answers are nested too deep".into(),
                    &format!("write {blank_alternatives}: one list per blank"),
                );
            }
            if per_blank.len() != count {
                return fail(
                    problems, Code::QuizBlanks,
                    format!(
                        "the question has {count} blank{} but {} answer{}",
                        if count == 1 { "" } else { "s" },
                        per_blank.len(),
                        if per_blank.len() == 1 { "" } else { "s" }
                    ),
                    &format!("give one answer per blank, in order: answer: {blanks_in_order}; several accepted answers for a blank as a list inside: {blank_alternatives}"),
                );
            }
            if per_blank.iter().any(|a| a.iter().all(|s| s.trim().is_empty())) {
                return fail(
                    problems,
                    Code::QuizBlanks,
                    "an answer to a blank is empty".into(),
                    "write what fills each blank",
                );
            }
            Some(Answer::Blanks(
                per_blank
                    .into_iter()
                    .map(|a| a.into_iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect())
                    .collect(),
            ))
        }
        Kind::Open => None,
    }
}

/// Links in a question's Markdown are written as they are (the page's link checks do not see
/// inside a question): only web and mail addresses work there.
fn check_links(raw: &RawQuestion, problems: &mut Vec<Problem>) {
    let texts = raw.question.iter().map(|q| (q.value.as_str(), q.referenced.line()));
    let texts =
        texts.chain(raw.choices.iter().flat_map(|c| c.value.iter().map(|c| (c.value.as_str(), c.referenced.line()))));
    for (text, line) in texts.chain(raw.explanation.iter().map(|e| (e.value.as_str(), e.referenced.line()))) {
        let relative = text
            .match_indices("](")
            .map(|(i, _)| &text[i + 2..])
            .find(|target| !["http://", "https://", "mailto:"].iter().any(|scheme| target.starts_with(scheme)));
        if let Some(target) = relative {
            let target: String = target.chars().take_while(|c| *c != ')').collect();
            problems.push(Problem::at(
                Code::QuizLink,
                line,
                1,
                format!("the link `{target}` in a question would not work"),
                "inside a question only web and mail addresses (https://…, mailto:…) can be linked; name the chapter or term in words, or put the link in the text before the question",
            ));
        }
    }
}

/// How a piece of a question is shown, for [`check_blocks`]: what it is called, whether
/// several paragraphs fit, and what to do with a block that does not fit.
struct Shown {
    what: &'static str,
    paragraphs: bool,
    help: &'static str,
}

/// The question: the caption of its form (a `<legend>`), one paragraph.
const QUESTION_SHOWN: Shown = Shown {
    what: "a question",
    paragraphs: false,
    help: "the question is the caption of its answers: keep it to one paragraph, and put a case or a table it \
           needs in the chapter's text, just before the ```quiz block",
};

/// A choice: the label of its button, one paragraph.
const CHOICE_SHOWN: Shown =
    Shown { what: "a choice", paragraphs: false, help: "keep each choice to one paragraph of text" };

/// The reference answer: one line of the answer box, one paragraph.
const REFERENCE_SHOWN: Shown = Shown {
    what: "a reference answer",
    paragraphs: false,
    help: "write what a good answer covers as `points:`, a list with one point per entry",
};

/// The explanation: paragraphs in the answer box, joined on the question's line of the answer key.
const EXPLANATION_SHOWN: Shown = Shown {
    what: "an explanation",
    paragraphs: true,
    help: "an explanation is shown after the answer and on its question's line of the answer key: write it as \
           sentences, or put the list, table or code in the chapter's text",
};

/// A list, a heading, a code block… in a piece of a question shown as one paragraph (or, in the
/// explanation, as paragraphs) is a problem at its line: it cannot be shown there.
fn check_blocks(raw: &RawQuestion, yaml: &str, problems: &mut Vec<Problem>) {
    let question = raw.question.iter().map(|q| (&QUESTION_SHOWN, q));
    let choices = raw.choices.iter().flat_map(|c| c.value.iter()).map(|c| (&CHOICE_SHOWN, c));
    let reference = raw.reference.iter().map(|r| (&REFERENCE_SHOWN, r));
    let explanation = raw.explanation.iter().map(|e| (&EXPLANATION_SHOWN, e));
    for (shown, value) in question.chain(choices).chain(reference).chain(explanation) {
        let Some(block) = first_block(&value.value, shown.paragraphs) else { continue };
        let at = (value.referenced.line() as usize, value.referenced.column() as usize);
        let (line, column) = find_line(yaml, at.0, block.first_line(&value.value)).unwrap_or(at);
        let shape = if shown.paragraphs { "paragraphs of text" } else { "one paragraph of text" };
        problems.push(Problem::at(
            Code::TextBlock,
            line as u64,
            column as u64,
            format!("{} is {shape}, but this one has {}", shown.what, block.what),
            shown.help,
        ));
    }
}

/// The glossary terms a question names, each known to the glossary.
fn check_terms(raw: &RawQuestion, glossary: &Glossary, problems: &mut Vec<Problem>) -> Vec<usize> {
    let mut found = Vec::new();
    let mut suggestions = Suggestions::default();
    for name in raw.terms.iter().flatten() {
        match glossary.lookup(&name.value) {
            Some(i) if !found.contains(&i) => found.push(i),
            Some(_) => {}
            None => problems.push(Problem::on(
                Code::TermUnknown,
                name,
                format!("`{}` is not a term of the glossary", name.value.trim()),
                suggestions.help(name.value.trim(), glossary),
            )),
        }
    }
    found
}

/// Number of blanks in a fill-in question: runs of three or more underscores.
pub(crate) fn blanks(prompt: &str) -> usize {
    split_blanks(prompt).len() - 1
}

/// The question's text around its blanks (one piece more than there are blanks).
pub(crate) fn split_blanks(prompt: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let bytes = prompt.as_bytes();
    let (mut in_code, mut in_target) = (false, false);
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            // Underscores in code (`a___b`) or in a link's address are not blanks.
            b'`' => in_code = !in_code,
            b'(' if i > 0 && bytes[i - 1] == b']' && !in_code => in_target = true,
            b')' => in_target = false,
            b'_' if !in_code && !in_target => {
                let run_end = bytes[i..].iter().position(|&b| b != b'_').map_or(bytes.len(), |n| i + n);
                if run_end - i >= 3 {
                    pieces.push(&prompt[start..i]);
                    start = run_end;
                }
                i = run_end;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    pieces.push(&prompt[start..]);
    pieces
}

/// The letter of choice `i`: A, B, C…
pub(crate) fn letter(i: usize) -> char {
    char::from(b'A' + (i % 26) as u8)
}

/// The choice an answer names: its letter (A, b, Ｃ) or its whole text.
fn choice_index(answer: &str, choices: &[String]) -> Option<usize> {
    let answer = answer.trim();
    let mut letters = answer.chars().map(|c| match c {
        'Ａ'..='Ｚ' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        'ａ'..='ｚ' => char::from_u32(c as u32 - 0xFEE0 - 32).unwrap_or(c),
        _ => c.to_ascii_uppercase(),
    });
    if let (Some(c @ 'A'..='Z'), None) = (letters.next(), letters.next()) {
        let i = (c as u8 - b'A') as usize;
        return (i < choices.len()).then_some(i);
    }
    choices.iter().position(|c| c.trim() == answer)
}

/// The letters of an answer written as one word of capitals (`AC`, `A、C`, `A, C`), two or
/// more; None for anything else.
fn letters_of(text: &str) -> Option<Vec<char>> {
    let letters: Vec<char> = text
        .chars()
        .filter(|c| !matches!(c, '、' | ',' | '，' | ' '))
        .map(|c| if ('Ａ'..='Ｚ').contains(&c) { char::from_u32(c as u32 - 0xFEE0).unwrap_or(c) } else { c })
        .collect();
    (letters.len() > 1 && letters.iter().all(char::is_ascii_uppercase)).then_some(letters)
}

/// A true-or-false answer: 对/错, 正确/错误, √/×, true/false (YAML booleans too).
fn judgement(value: &serde_json::Value) -> Option<bool> {
    match value {
        serde_json::Value::Bool(b) => Some(*b),
        serde_json::Value::String(s) => match s.trim().to_lowercase().as_str() {
            "对" | "正确" | "是" | "√" | "true" | "t" => Some(true),
            "错" | "错误" | "否" | "×" | "false" | "f" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// A YAML scalar as text (a number is text too: `answer: 7`).
fn scalar_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The answer with its numbers and true/false words as the author wrote them: YAML reads
/// `007`, `1.50` or `yes` as a number or a boolean, but a student types what the teacher wrote.
/// Each such scalar is taken from `yaml` (the block) where it was written.
fn as_written(node: &Spanned<AnswerNode>, yaml: &str) -> serde_json::Value {
    match &node.value {
        AnswerNode::List(items) => items.iter().map(|item| as_written(item, yaml)).collect(),
        AnswerNode::Value(value @ (serde_json::Value::Number(_) | serde_json::Value::Bool(_))) => {
            // `defined`: for an alias (`*a`), the scalar it names.
            let span = node.defined.span();
            let text = span
                .byte_offset()
                .zip(span.byte_len())
                .and_then(|(at, len)| yaml.get(usize::try_from(at).ok()?..usize::try_from(at.checked_add(len)?).ok()?));
            text.map_or_else(|| value.clone(), |text| serde_json::Value::String(text.to_string()))
        }
        AnswerNode::Value(value) => value.clone(),
    }
}

fn is_id(id: &str) -> bool {
    let id = id.trim();
    !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Eight hex digits that change with `text` (FNV-1a): stable names for questions and courses in
/// students' stored answers.
pub(crate) fn short_hash(text: &str) -> String {
    format!("{:08x}", fnv1a(text))
}

/// How many question blocks a page's Markdown holds, found as the renderer finds them (fenced
/// blocks whose info string starts with `quiz`, also in lists and quotes). Counted before pages
/// render, for the cards and the self-test links; a page without the word `quiz` is not parsed.
pub(crate) fn blocks_in(markdown: &str, options: pulldown_cmark::Options) -> usize {
    block_texts(markdown, options).len()
}

/// The text of each question block of a page's Markdown read with the pages' `options` (a
/// block may sit in a footnote), in order (see [`blocks_in`]): two versions of a page with the
/// same blocks have the same questions.
pub(crate) fn block_texts(markdown: &str, options: pulldown_cmark::Options) -> Vec<String> {
    use pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};
    if !markup::may_hold_questions(markdown) {
        return Vec::new();
    }
    let mut texts = Vec::new();
    let mut block: Option<String> = None;
    for event in pulldown_cmark::Parser::new_ext(markdown, options) {
        match (event, &mut block) {
            (Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))), None) if markup::is_question_fence(&info) => {
                block = Some(String::new());
            }
            (Event::Text(text), Some(yaml)) => yaml.push_str(&text),
            (Event::End(TagEnd::CodeBlock), Some(_)) => texts.extend(block.take()),
            _ => {}
        }
    }
    texts
}

/// A YAML error in a question block, in a teacher's words, at its place.
fn yaml_problem(error: &serde_saphyr::Error, yaml: &str) -> Problem {
    let (line, column) = error.location().map_or((1, 1), |l| (l.line(), l.column()));
    // A value starting with a character YAML gives a meaning to (`**bold**` is read as an alias).
    let text = yaml.lines().nth((line as usize).saturating_sub(1)).unwrap_or("");
    if let Some((key, value)) = text.split_once(": ") {
        let value = value.trim();
        if let Some(first) = value.chars().next().filter(|c| "*&!|>%@`".contains(*c)) {
            let value_column = text.len() - text.trim_start().len() + key.trim_start().chars().count() + 3;
            return Problem::at(
                Code::QuizYaml,
                line,
                value_column as u64,
                format!("text cannot start with `{first}` unless it is in quotes"),
                format!("write: {}: \"{}\"", key.trim(), value.replace('"', "\\\"")),
            );
        }
    }
    match innermost(error) {
        serde_saphyr::Error::SerdeUnknownField { field, .. } => {
            let message = match likely_key(field, &KEYS) {
                Some(key) => format!("`{field}` is not a key of a question; did you mean `{key}`?"),
                None => format!("`{field}` is not a key of a question"),
            };
            Problem::at(Code::KeyUnknown, line, column, message, format!("keys of a question: {}", KEYS.join(", ")))
        }
        serde_saphyr::Error::DuplicateMappingKey { key, .. } => Problem::at(
            Code::KeyDup,
            line,
            column,
            format!("`{}` is written twice; keep one", key.as_deref().unwrap_or("this key")),
            "each key appears once in a question",
        ),
        _ => Problem::at(
            Code::QuizYaml,
            line,
            column,
            "this line of the question cannot be read",
            "a question is `key: value` lines, indented with spaces; lists are `- item` lines or [a, b]; \
             put a value in quotes (\"…\") when it contains `: ` or starts with [ { * & ! | > % @",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn question_blocks_are_found_as_pages_are_read_footnotes_included() {
        let markdown = "正文[^1]。\n\n[^1]: 注释\n\n    ```quiz\n    question: 脚注里的题？\n    answer: 对\n    ```\n";
        let options = crate::markup::options(false);
        assert_eq!(block_texts(markdown, options), vec!["question: 脚注里的题？\nanswer: 对\n".to_string()]);
        assert_eq!(blocks_in(markdown, options), 1);
        assert!(block_texts("no question here", options).is_empty());
    }

    #[test]
    fn blanks_are_runs_of_three_underscores_or_more() {
        assert_eq!(split_blanks("七天___退货，运费由______承担"), vec!["七天", "退货，运费由", "承担"]);
        assert_eq!(blanks("snake_case and __bold__"), 0);
        assert_eq!(blanks("见[规则](https://e.com/a___b)和`x___y`，填___"), 1);
    }

    #[test]
    fn yaml_booleans_and_words_answer_true_or_false() {
        assert_eq!(judgement(&serde_json::Value::Bool(false)), Some(false));
        assert_eq!(judgement(&serde_json::Value::Bool(true)), Some(true));
        assert_eq!(judgement(&serde_json::Value::String("错误".into())), Some(false));
        assert_eq!(judgement(&serde_json::Value::String("也许".into())), None);
    }

    #[test]
    fn an_answer_of_capitals_is_a_list_of_letters() {
        assert_eq!(letters_of("AC"), Some(vec!['A', 'C']));
        assert_eq!(letters_of("A、C"), Some(vec!['A', 'C']));
        assert_eq!(letters_of("Ａ，Ｃ"), Some(vec!['A', 'C']));
        assert_eq!(letters_of("A"), None);
        assert_eq!(letters_of("Ac"), None);
    }

    #[test]
    fn numbers_and_yes_no_in_an_answer_keep_the_text_the_author_wrote() {
        let written = |yaml: &str| {
            let raw: RawQuestion = serde_saphyr::from_str(yaml).expect("valid YAML");
            as_written(&raw.answer.expect("an answer"), yaml)
        };
        assert_eq!(
            written("question: 填___\nanswer: [\"007\", 1.50, yes, 0o17, 1_000, +7]\n"),
            serde_json::json!(["007", "1.50", "yes", "0o17", "1_000", "+7"])
        );
        assert_eq!(written("answer:\n  - [007, 七]\n  - [off]\n"), serde_json::json!([["007", "七"], ["off"]]));
        assert_eq!(written("answer: !!float 1.50\n"), serde_json::json!("1.50"), "the tag is not the text");
        assert_eq!(written("question: &n 007\nanswer: *n\n"), serde_json::json!("007"), "an alias: the text it names");
        assert_eq!(written("answer: [~, 是]\n"), serde_json::json!([null, "是"]), "no answer stays none");
    }

    #[test]
    fn a_short_hash_is_eight_hex_digits_of_fnv1a() {
        // Stored answers are named by these: the values must not change.
        assert_eq!(short_hash(""), "811c9dc5");
        assert_eq!(short_hash("顾客嫌贵时，客服首先应该怎么做？"), "229ad434");
    }

    #[test]
    fn letters_and_texts_name_choices() {
        let choices = vec!["甲".to_string(), "乙".to_string(), "丙".to_string()];
        assert_eq!(choice_index("B", &choices), Some(1));
        assert_eq!(choice_index("c", &choices), Some(2));
        assert_eq!(choice_index("Ｃ", &choices), Some(2));
        assert_eq!(choice_index("ｂ", &choices), Some(1), "full-width lower case");
        assert_eq!(choice_index("乙", &choices), Some(1));
        assert_eq!(choice_index("D", &choices), None);
    }
}

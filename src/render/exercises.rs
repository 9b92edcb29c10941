//! Questions as HTML: each ```` ```quiz ```` block of a page body becomes a form a student
//! answers (with the answer behind a `<details>` that works without JavaScript; `quiz.js` adds
//! the checking, feedback and progress), or, on a print page, a worksheet question whose answer
//! goes to the module's answer key. The markup is the contract with `quiz.js`, described in
//! docs/FORMAT.md ("Exercises").

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};

use crate::config::Reveal;
use crate::content::url::relative_href;
use crate::content::PageText;
use crate::diagnostic::{Code, Diagnostic};
use crate::exercises::{self, letter, split_blanks, Answer, Kind, Question};
use crate::glossary::Glossary;
use crate::labels::Labels;
use crate::markup::{self, escape_html, inline_html, OpenTags, RawHtml, Spanned, TooMany};

/// Where a page's questions are written, and how.
#[derive(Clone, Copy)]
pub(crate) struct QuizPlace<'a> {
    /// The site path of the page the questions belong to (their storage key).
    pub(crate) page_url: &'a str,
    /// That page's title, kept with a student's answers (the mistakes page lists it).
    pub(crate) page_title: &'a str,
    /// The site root, relative to the page written (terms link to their glossary page).
    pub(crate) root: &'a str,
    /// When the answers are shown on the site.
    pub(crate) reveal: Reveal,
    /// What becomes of HTML written in questions.
    pub(crate) raw_html: RawHtml,
    /// The interface's words.
    pub(crate) labels: &'static Labels,
    /// A print page: questions as a worksheet, without controls or answers.
    pub(crate) worksheet: bool,
    /// Prefix of ids on a print page (several pages share one document).
    pub(crate) id_prefix: &'a str,
}

/// Replaces each question block of `events` by its HTML (with `slots`, by a slot for it:
/// [`question_slot`]) and returns the questions, in order. A block with mistakes is reported
/// at its lines in the page's file and left out. With `read`, the questions the page's own
/// render read from the same blocks (each found by its block's start; a block it left out is
/// left out again), nothing is read or reported again.
pub(crate) fn render_questions<'a>(
    events: Vec<Spanned<'a>>,
    page: &PageText<'_>,
    glossary: &Glossary,
    place: &QuizPlace<'_>,
    slots: bool,
    read: Option<&[Question]>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<Spanned<'a>>, Vec<Question>) {
    let mut out = Vec::with_capacity(events.len());
    let mut questions: Vec<Question> = Vec::new();
    let mut block: Option<(usize, String, std::ops::Range<usize>)> = None;
    for (event, range) in events {
        match (&event, &mut block) {
            (Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))), None) if markup::is_question_fence(info) => {
                block = Some((range.end, String::new(), range));
            }
            (Event::Text(text), Some((start, yaml, _))) => {
                if yaml.is_empty() {
                    *start = range.start;
                }
                yaml.push_str(text);
            }
            (Event::End(TagEnd::CodeBlock), Some(_)) => {
                let Some((start, yaml, whole)) = block.take() else { continue };
                if let Some(read) = read {
                    if let Some(question) = read.iter().find(|q| q.block == whole.start) {
                        let html = question_or_slot(question, questions.len(), slots, glossary, place);
                        out.push((Event::Html(CowStr::from(html)), whole));
                        questions.push(question.clone());
                    }
                    continue;
                }
                // Each question read with what its HTML opens too many of, if anything.
                let parsed = exercises::parse(&yaml, glossary, place.labels.examples).map(|question| {
                    let too_many = tags_left_open(&yaml, &question, questions.len(), glossary, place);
                    (question, too_many)
                });
                match parsed {
                    Ok((question, _)) if questions.iter().any(|q| q.id == question.id) => {
                        let (line, column) = page.body_position(start);
                        diagnostics.push(
                            Diagnostic::error(
                                Code::QuizDup,
                                &page.display_path,
                                line,
                                column,
                                "this question is on the page twice",
                            )
                            .with_help("change one of them, or give each its own `id:`")
                            .with_source_indexed(page.text(), page.lines()),
                        );
                    }
                    Ok((_, Some(too_many))) => {
                        let (line, column) = page.body_position(start);
                        diagnostics.push(open_tags_in_question(page, line, column, too_many));
                    }
                    Ok((mut question, None)) => {
                        question.block = whole.start;
                        let html = question_or_slot(&question, questions.len(), slots, glossary, place);
                        out.push((Event::Html(CowStr::from(html)), whole));
                        questions.push(question);
                    }
                    Err(problems) => {
                        let (first_line, _) = page.body_position(start);
                        for problem in problems {
                            let line = first_line + problem.line - 1;
                            // In a list or a quote the block's lines start with what the Markdown
                            // took off (spaces, `>`): columns count from the file's line.
                            let margin =
                                page.text().lines().nth(line - 1).map_or(0, |text| {
                                    text.chars().take_while(|c| matches!(c, ' ' | '\t' | '>')).count()
                                });
                            diagnostics.push(
                                Diagnostic::error(
                                    problem.code,
                                    &page.display_path,
                                    line,
                                    problem.column + margin,
                                    problem.message,
                                )
                                .with_help(problem.help)
                                .with_source_indexed(page.text(), page.lines()),
                            );
                        }
                    }
                }
            }
            (_, Some(_)) => {}
            (_, None) => out.push((event, range)),
        }
    }
    (out, questions)
}

/// Question `index` (from 0) of its page as HTML, or with `slots` the slot where it goes.
fn question_or_slot(
    question: &Question,
    index: usize,
    slots: bool,
    glossary: &Glossary,
    place: &QuizPlace<'_>,
) -> String {
    match slots {
        false => question_html(question, index + 1, glossary, place),
        true => question_slot(index),
    }
}

/// Marks the place of question `index` (from 0) in a body written for two outputs, to be
/// filled by [`fill_slots`]. NUL never reaches a body's HTML otherwise: a page's text has every
/// NUL replaced by U+FFFD when it is read (`content::parse_page`), as CommonMark requires.
pub(crate) fn question_slot(index: usize) -> String {
    // Ended as a question's HTML is, so that the Markdown writer adds no line end of its own
    // after it: a page filled from slots is the page written with its questions in place.
    format!("\0{index}\0\n")
}

/// `html` with each question slot ([`question_slot`]) replaced by `fill(index)`; anything
/// else, a NUL that marks no question included, is kept as it is.
pub(crate) fn fill_slots(html: &str, count: usize, fill: impl Fn(usize) -> String) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find('\0') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let slot = after.find('\0').and_then(|end| Some((after[..end].parse::<usize>().ok()?, end)));
        match slot {
            Some((index, end)) if index < count => {
                let filled = fill(index);
                rest = &after[end + 1..];
                if filled.ends_with('\n') {
                    rest = rest.strip_prefix('\n').unwrap_or(rest);
                }
                out.push_str(&filled);
            }
            _ => {
                out.push('\0');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// One question as HTML: a form on a page of the site, a worksheet item on a print page.
pub(crate) fn question_html(question: &Question, number: usize, glossary: &Glossary, place: &QuizPlace<'_>) -> String {
    let labels = place.labels;
    let kind_name = labels.quiz_kinds[kind_index(question.kind)];
    let id = format!("{}{}", place.id_prefix, question.id);
    if place.worksheet {
        return worksheet_html(question, number, kind_name, &id, place);
    }
    let name = escape_html(&id);
    let mut html = format!(
        "<form class=\"quiz\" id=\"{name}\" data-key=\"{key}\" data-page=\"{page}\" data-title=\"{title}\" data-version=\"{version}\" data-kind=\"{kind}\" data-reveal=\"{reveal}\"",
        key = escape_html(&format!("{}#{}", place.page_url, question.id)),
        page = escape_html(place.page_url),
        title = escape_html(place.page_title),
        version = question.version,
        kind = question.kind.as_str(),
        reveal = place.reveal.as_str(),
    );
    if let Some(answer) = data_answer(question).filter(|_| place.reveal != Reveal::PrintOnly) {
        html.push_str(&format!(" data-answer=\"{}\"", escape_html(&answer)));
    }
    html.push_str(&format!(
        ">\n<fieldset>\n<legend class=\"quiz-prompt\"><span class=\"quiz-number\">{number}</span> <span class=\"quiz-kind\">{}</span> <span class=\"quiz-text\">{}</span></legend>\n",
        escape_html(kind_name),
        // Blanks are numbered gaps in the question; their fields follow it, each labelled, so
        // that the group's name (the legend) never includes what a student types.
        prompt_html(question, place, |n| format!(
            "<span class=\"quiz-gap\">{}</span>",
            escape_html(&labels.quiz_gap.replace("{n}", &(n + 1).to_string()))
        ))
    ));
    if question.kind == Kind::Fill {
        html.push_str("<p class=\"quiz-blanks\">");
        for n in 0..exercises::blanks(&question.prompt) {
            html.push_str(&format!(
                "<label>{} <input class=\"quiz-blank\" type=\"text\" data-blank=\"{n}\" autocomplete=\"off\"></label> ",
                escape_html(&labels.quiz_blank.replace("{n}", &(n + 1).to_string()))
            ));
        }
        html.push_str("</p>\n");
    }
    let choice = |input: &str, value: &str, text: &str| {
        format!(
            "<li><label><input type=\"{input}\" name=\"{name}\" value=\"{value}\"> <span>{text}</span></label></li>\n"
        )
    };
    match question.kind {
        Kind::Single | Kind::Multiple => {
            let input = if question.kind == Kind::Single { "radio" } else { "checkbox" };
            html.push_str("<ol class=\"quiz-choices\" type=\"A\">\n");
            for (i, text) in question.choices.iter().enumerate() {
                html.push_str(&choice(input, &i.to_string(), &inline_html(text, place.raw_html)));
            }
            html.push_str("</ol>\n");
        }
        Kind::Judge => {
            html.push_str("<ol class=\"quiz-choices quiz-judge\">\n");
            html.push_str(&choice("radio", "true", &escape_html(labels.quiz_true)));
            html.push_str(&choice("radio", "false", &escape_html(labels.quiz_false)));
            html.push_str("</ol>\n");
        }
        Kind::Open => html.push_str(&format!(
            "<textarea class=\"quiz-open\" rows=\"4\" aria-label=\"{}\"></textarea>\n",
            escape_html(labels.quiz_your_answer)
        )),
        Kind::Fill => {}
    }
    html.push_str(&format!(
        "</fieldset>\n<p class=\"quiz-actions\"><button type=\"submit\" class=\"quiz-check\" hidden>{}</button> <button type=\"button\" class=\"quiz-retry\" hidden>{}</button></p>\n<p class=\"quiz-feedback\" role=\"status\" aria-live=\"polite\"></p>\n",
        escape_html(labels.quiz_check),
        escape_html(labels.quiz_retry)
    ));
    if place.reveal != Reveal::PrintOnly {
        let open = if place.reveal == Reveal::Always { " open" } else { "" };
        html.push_str(&format!(
            "<details class=\"quiz-answer\"{open}>\n<summary>{}</summary>\n{}</details>\n",
            escape_html(labels.quiz_show_answer),
            answer_html(question, glossary, place)
        ));
    }
    html.push_str("</form>\n");
    html
}

/// The answer, the explanation and the terms tested, as shown in the answer box.
fn answer_html(question: &Question, glossary: &Glossary, place: &QuizPlace<'_>) -> String {
    let labels = place.labels;
    let mut html = String::new();
    match &question.answer {
        Answer::Open { reference, points } => {
            if let Some(reference) = reference {
                html.push_str(&format!(
                    "<p class=\"quiz-key\">{}{}{}</p>\n",
                    escape_html(labels.quiz_reference),
                    escape_html(labels.colon),
                    inline_html(reference, place.raw_html)
                ));
            }
            if !points.is_empty() {
                html.push_str(&format!(
                    "<p class=\"quiz-key\">{}{}</p>\n<ul class=\"quiz-points\">\n",
                    escape_html(labels.quiz_points),
                    escape_html(labels.colon.trim_end())
                ));
                for point in points {
                    html.push_str(&format!("<li>{}</li>\n", inline_html(point, place.raw_html)));
                }
                html.push_str("</ul>\n");
            }
        }
        _ => html.push_str(&format!(
            "<p class=\"quiz-key\">{}{}{}</p>\n",
            escape_html(labels.quiz_answer),
            escape_html(labels.colon),
            escape_html(&key_text(question, labels))
        )),
    }
    if let Some(explanation) = &question.explanation {
        html.push_str("<div class=\"quiz-explanation\">");
        for paragraph in explanation.split("\n\n").filter(|p| !p.trim().is_empty()) {
            html.push_str(&format!("<p>{}</p>", inline_html(paragraph, place.raw_html)));
        }
        html.push_str("</div>\n");
    }
    if !question.terms.is_empty() {
        let links: Vec<String> = question
            .terms
            .iter()
            .filter_map(|&i| glossary.terms.get(i))
            .map(|t| format!("<a href=\"{}{}\">{}</a>", place.root, t.entry_href(), escape_html(&t.name)))
            .collect();
        html.push_str(&format!(
            "<p class=\"quiz-terms\">{}{}{}</p>\n",
            escape_html(labels.quiz_terms),
            escape_html(labels.colon),
            links.join(&escape_html(labels.list_separator))
        ));
    }
    html
}

/// A question on the print worksheet: the prompt with blanks to write in, the choices.
fn worksheet_html(question: &Question, number: usize, kind_name: &str, id: &str, place: &QuizPlace<'_>) -> String {
    let line = escape_html(place.labels.quiz_write_line);
    let prompt = prompt_html(question, place, |_| format!("<span class=\"quiz-line\">{line}</span>"));
    let judge = if question.kind == Kind::Judge { escape_html(place.labels.quiz_judge_mark) } else { String::new() };
    let mut html = format!(
        "<div class=\"quiz-print\" id=\"{}\">\n<p class=\"quiz-prompt\"><span class=\"quiz-number\">{number}.</span> <span class=\"quiz-kind\">{}</span> {prompt}{judge}</p>\n",
        escape_html(id),
        escape_html(kind_name)
    );
    match question.kind {
        Kind::Single | Kind::Multiple => {
            html.push_str("<ol class=\"quiz-choices\" type=\"A\">\n");
            for text in &question.choices {
                html.push_str(&format!("<li>{}</li>\n", inline_html(text, place.raw_html)));
            }
            html.push_str("</ol>\n");
        }
        Kind::Open => html.push_str("<div class=\"quiz-writing\"></div>\n"),
        Kind::Judge | Kind::Fill => {}
    }
    html.push_str("</div>\n");
    html
}

/// The prompt as HTML, each blank written by `blank` (given its index).
fn prompt_html(question: &Question, place: &QuizPlace<'_>, blank: impl Fn(usize) -> String) -> String {
    if question.kind != Kind::Fill {
        return inline_html(&question.prompt, place.raw_html);
    }
    // The whole question is rendered at once, each blank a private-use mark (so that `**七天___
    // 退货**` stays bold around it), then each mark becomes the blank's HTML.
    let pieces = split_blanks(&question.prompt);
    let mut marked = String::new();
    for (i, piece) in pieces.iter().enumerate() {
        if i > 0 {
            marked.push(BLANK_MARK);
        }
        marked.push_str(piece);
    }
    let html = inline_html(&marked, place.raw_html);
    let mut out = String::new();
    for (i, part) in html.split(BLANK_MARK).enumerate() {
        if i > 0 {
            out.push_str(&blank(i - 1));
        }
        out.push_str(part);
    }
    out
}

/// Stands for a blank while a fill-in question's Markdown is rendered (a private-use character
/// that no question holds: it would not be typed).
const BLANK_MARK: char = '\u{E000}';

/// The right answer in words: letters (A、C), 对/错, the first accepted answer of each blank.
pub(crate) fn key_text(question: &Question, labels: &Labels) -> String {
    match &question.answer {
        Answer::Choices(picked) => {
            picked.iter().map(|&i| letter(i).to_string()).collect::<Vec<_>>().join(labels.quiz_letters_separator)
        }
        Answer::Judge(right) => (if *right { labels.quiz_true } else { labels.quiz_false }).to_string(),
        Answer::Blanks(blanks) => {
            blanks.iter().map(|accepted| accepted.join(" / ")).collect::<Vec<_>>().join(labels.quiz_blanks_separator)
        }
        Answer::Open { reference, points } => match reference {
            Some(reference) => reference.clone(),
            None => points.join(labels.quiz_blanks_separator),
        },
    }
}

/// The answer as quiz.js reads it (`data-answer`); None for an open question.
fn data_answer(question: &Question) -> Option<String> {
    match &question.answer {
        Answer::Choices(picked) => Some(picked.iter().map(usize::to_string).collect::<Vec<_>>().join(",")),
        Answer::Judge(right) => Some(right.to_string()),
        Answer::Blanks(blanks) => serde_json::to_string(blanks).ok(),
        Answer::Open { .. } => None,
    }
}

fn kind_index(kind: Kind) -> usize {
    match kind {
        Kind::Single => 0,
        Kind::Multiple => 1,
        Kind::Judge => 2,
        Kind::Fill => 3,
        Kind::Open => 4,
    }
}

/// One chapter's part of its module's answer key (print worksheet): its title, then each
/// question's number, answer and explanation; empty for a chapter without questions.
pub(crate) fn chapter_key_html(title: &str, questions: &[Question], labels: &Labels, raw_html: RawHtml) -> String {
    if questions.is_empty() {
        return String::new();
    }
    let mut html = format!("<dt>{}</dt>\n<dd><ol>\n", escape_html(title));
    for question in questions {
        html.push_str(&format!("<li>{}", escape_html(&key_text(question, labels))));
        if let Some(explanation) = &question.explanation {
            let explanation = explanation.replace("\n\n", " ");
            html.push_str(&format!(" <span class=\"quiz-explanation\">{}</span>", inline_html(&explanation, raw_html)));
        }
        html.push_str("</li>\n");
    }
    html.push_str("</ol></dd>\n");
    html
}

/// A module's answer key, at the end of its part of the print worksheet: the chapters' parts
/// (from [`chapter_key_html`]) under one heading; empty when no chapter has questions.
pub(crate) fn answer_key_html(module_title: &str, chapter_keys: &str, labels: &Labels) -> String {
    if chapter_keys.is_empty() {
        return String::new();
    }
    format!(
        "<section class=\"print-answer-key\"><h2 class=\"print-title\">{}{}{}</h2>\n<dl>\n{chapter_keys}</dl></section>\n",
        escape_html(labels.answer_key),
        escape_html(labels.colon),
        escape_html(module_title)
    )
}

/// What a question written with HTML opens too many of, if anything ([`OpenTags`]: more than
/// twenty formatting tags, which a parser would copy into every block after it, or elements
/// nested too deep): such a question is reported and left out, as a page body's HTML is.
fn tags_left_open(
    yaml: &str,
    question: &Question,
    index: usize,
    glossary: &Glossary,
    place: &QuizPlace<'_>,
) -> Option<TooMany> {
    if place.raw_html == RawHtml::Escape || !yaml.contains('<') {
        return None;
    }
    OpenTags::default().read(&question_html(question, index + 1, glossary, place)).map(|(_, too_many)| too_many)
}

/// The problem of a question block whose HTML opens too many tags, at its first line.
fn open_tags_in_question(page: &PageText<'_>, line: usize, column: usize, too_many: TooMany) -> Diagnostic {
    let (message, help) = markup::open_tags_said("this question's HTML", too_many);
    Diagnostic::error(Code::LimitTags, &page.display_path, line, column, message)
        .with_help(help)
        .with_source_indexed(page.text(), page.lines())
}

/// A chapter's questions as its module's self-test page gathers them.
pub(crate) struct ChapterQuestions<'q> {
    /// The chapter's site path (the questions' storage key) and title.
    pub(crate) url: &'q str,
    /// The chapter's title, a link back to it.
    pub(crate) title: &'q str,
    /// Its questions, in order.
    pub(crate) questions: &'q [Question],
}

/// A chapter's section of its module's self-test page at `url` (or of a part of it, in the
/// same folder): its questions under its title, with its score; answers count for the chapter
/// itself (same storage keys).
pub(crate) fn self_test_section(
    url: &str,
    chapter: &ChapterQuestions<'_>,
    glossary: &Glossary,
    place: &QuizPlace<'_>,
) -> String {
    let prefix = format!("{}--", chapter.url.rsplit('/').next().unwrap_or(chapter.url).trim_end_matches(".html"));
    let chapter_place = QuizPlace { page_url: chapter.url, page_title: chapter.title, id_prefix: &prefix, ..*place };
    let mut html = format!(
        "<section class=\"self-test-chapter\">\n<h2><a href=\"{}\">{}</a></h2>\n",
        relative_href(url, chapter.url),
        escape_html(chapter.title)
    );
    for (i, question) in chapter.questions.iter().enumerate() {
        html.push_str(&question_html(question, i + 1, glossary, &chapter_place));
    }
    html.push_str(&format!(
        "<p class=\"quiz-score\" data-page=\"{}\" role=\"status\"></p>\n</section>\n",
        escape_html(chapter.url)
    ));
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_filled_and_nothing_else_is_touched() {
        let html = format!("<p>a</p>{}<p>b\0c</p>{}\05\0\0x\0", question_slot(0), question_slot(1));
        let filled = fill_slots(&html, 2, |i| format!("<q{i}>"));
        assert_eq!(filled, "<p>a</p><q0>\n<p>b\0c</p><q1>\n\05\0\0x\0", "slot 5 of 2 and stray NULs are kept");
        let whole = fill_slots(&html, 2, |i| format!("<q{i}>\n"));
        assert_eq!(whole, "<p>a</p><q0>\n<p>b\0c</p><q1>\n\05\0\0x\0", "a filling that ends a line takes the slot's");
        assert_eq!(fill_slots("plain", 0, |_| unreachable!()), "plain");
    }
}

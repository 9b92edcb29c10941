//! A page body through every pass, in order: links rewritten ([`links`]), the author's raw
//! HTML kept, escaped or cleaned ([`raw_html`]), terms linked (`glossary::link`), footnotes
//! numbered ([`footnotes`]), written as HTML. The same passes serve a page of its own and its
//! section of a print file; the [`Placement`] decides how links and ids are written, and
//! whether questions are forms or a worksheet. A page and its page in the EPUB (which has the
//! site's layout; the EPUB maps the site's paths to its own files afterwards) come from one
//! pass, their questions filled in afterwards.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

use crate::config::Reveal;
use crate::content::url::{relative_href, root_prefix};
use crate::content::{Page, PageText};
use crate::diagnostic::Diagnostic;
use crate::exercises::Question;
use crate::glossary::link::{link_terms, FoundTerms, LinkPlace, Linker, TermTarget, Usage};
use crate::glossary::Glossary;
use crate::labels::Labels;
use crate::markup::{self, escape_html, Heading, Parsed, RawHtml};
use crate::render::exercises::{fill_slots, question_html, question_slot, render_questions, QuizPlace};
use crate::render::links::{self, LinkTargets, Placement, HANDOUT};
use crate::render::prose::straight_quote_warnings;
use crate::render::{footnotes, raw_html};

/// What a page body produced: its HTML and its headings.
pub(crate) struct RenderedBody {
    /// The page body as HTML, with links rewritten and glossary terms linked.
    pub(crate) html: String,
    /// The body's headings in document order, for the table of contents.
    pub(crate) headings: Vec<Heading>,
    /// The questions written in the body, in order (for the self-test page and the answer key).
    pub(crate) questions: Vec<Question>,
}

/// What a page's own render leaves for its section of a print file, which reads the same
/// text: the questions it read, and the terms it found ([`FoundTerms::replay`]).
pub(crate) struct Again<'q> {
    pub(crate) read: &'q [Question],
    pub(crate) found: FoundTerms,
}

/// What rendering a page body borrows from the build.
pub(crate) struct BodyRenderer<'a> {
    /// Every page and asset a link may point to.
    pub(crate) targets: &'a LinkTargets,
    /// The course's terms, compiled for linking.
    pub(crate) linker: &'a Linker<'a>,
    /// What becomes of the author's HTML.
    pub(crate) raw_html: RawHtml,
    /// The course's terms, which questions may name.
    pub(crate) glossary: &'a Glossary,
    /// When questions show their answers.
    pub(crate) reveal: Reveal,
    /// The interface's words.
    pub(crate) labels: &'static Labels,
}

impl BodyRenderer<'_> {
    /// Renders a page's parsed body for `placement`: its HTML and headings, and the terms it
    /// uses. Problems (broken links, unknown terms) are added to `diagnostics`.
    pub(crate) fn render(
        &self,
        parsed: Parsed<'_>,
        page: &PageText<'_>,
        placement: Placement<'_>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> (RenderedBody, Usage) {
        self.render_with(parsed, page, placement, false, None, &mut FoundTerms::Unkept, diagnostics)
    }

    /// [`Self::render`] for a page on its own page, the terms found in its text recorded in
    /// `found` (when it records) for its print section.
    pub(crate) fn render_own_page(
        &self,
        parsed: Parsed<'_>,
        page: &PageText<'_>,
        found: &mut FoundTerms,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> (RenderedBody, Usage) {
        self.render_with(parsed, page, Placement::OwnPage(&page.url), false, None, found, diagnostics)
    }

    /// [`Self::render`] for a page whose own render has read its questions, found its terms
    /// and reported its problems (`again`): its section of a print file, from the same parse.
    pub(crate) fn render_again(
        &self,
        parsed: Parsed<'_>,
        page: &PageText<'_>,
        placement: Placement<'_>,
        mut again: Again<'_>,
    ) -> RenderedBody {
        self.render_with(parsed, page, placement, false, Some(again.read), &mut again.found, &mut Vec::new()).0
    }

    /// Renders a page's parsed body for its own file and for its page in the EPUB in one
    /// pass: the two differ only in their questions (forms, or a worksheet) and the score
    /// after them, so the body is written once with a slot for each and filled twice. Returns
    /// the page's body, the book's HTML, and the terms the page uses; the terms found in its
    /// text go into `found` (for its print section), if it records.
    pub(crate) fn render_for_page_and_book(
        &self,
        parsed: Parsed<'_>,
        page: &PageText<'_>,
        found: &mut FoundTerms,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> (RenderedBody, String, Usage) {
        let (mut body, usage) =
            self.render_with(parsed, page, Placement::OwnPage(&page.url), true, None, found, diagnostics);
        let root = root_prefix(&page.url);
        let questions = &body.questions;
        let (on_page, in_book) = (self.quiz_place(page, &root, false, ""), self.quiz_place(page, &root, true, ""));
        let count = questions.len();
        let score = count;
        let fill = |place: &QuizPlace<'_>, score_html: &str, index: usize| match index {
            i if i == score => score_html.to_string(),
            i => question_html(&questions[i], i + 1, self.glossary, place),
        };
        let page_score = score_html(&page.url, self.labels);
        let book_html = fill_slots(&body.html, count + 1, |i| fill(&in_book, "", i));
        body.html = fill_slots(&body.html, count + 1, |i| fill(&on_page, &page_score, i));
        (body, book_html, usage)
    }

    /// Where `page`'s questions are written: its own file (`root` up to the site's root), as
    /// forms or as a `worksheet`, their ids after `id_prefix`.
    fn quiz_place<'p>(&'p self, page: &'p Page, root: &'p str, worksheet: bool, id_prefix: &'p str) -> QuizPlace<'p> {
        QuizPlace {
            page_url: &page.url,
            page_title: &page.front.title,
            root,
            reveal: self.reveal,
            raw_html: self.raw_html,
            labels: self.labels,
            worksheet,
            id_prefix,
        }
    }

    /// [`Self::render`]; with `slots`, each question (and the score after them on a page of
    /// its own) is left as a slot for [`fill_slots`], numbered in order, the score last; with
    /// `read`, the questions are those the page's own render read (`render_questions`); the
    /// terms in the text are recorded in, or replayed from, `found`.
    #[allow(clippy::too_many_arguments)]
    fn render_with(
        &self,
        parsed: Parsed<'_>,
        page: &PageText<'_>,
        placement: Placement<'_>,
        slots: bool,
        read: Option<&[Question]>,
        found: &mut FoundTerms,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> (RenderedBody, Usage) {
        // HTML that would make a parser copy tags without end is shown as text, and reported.
        let flooded = match self.raw_html {
            RawHtml::Escape => None,
            RawHtml::Allow | RawHtml::Sanitize => raw_html::open_tags_problem(&parsed.events, page),
        };
        let raw_html = if flooded.is_some() { RawHtml::Escape } else { self.raw_html };
        if let Placement::OwnPage(_) = placement {
            straight_quote_warnings(&parsed.events, page, diagnostics);
            if raw_html == RawHtml::Allow {
                raw_html::report_refused_addresses(&parsed.events, page, diagnostics);
            }
            diagnostics.extend(flooded);
        }
        links::report_spaced(&parsed.spaced, page, diagnostics);
        let own_anchors = parsed.anchors();
        let events = links::rewrite_links(parsed.events, page, &own_anchors, self.targets, placement, diagnostics);
        let events = raw_html::apply_raw_html(events, raw_html);
        let (root, id_prefix) = match placement {
            Placement::OwnPage(url) => (root_prefix(url), String::new()),
            Placement::PrintPage(file, _) => (root_prefix(file), format!("{}--", links::print_anchor(&page.url, None))),
        };
        let quiz_place = self.quiz_place(page, &root, !matches!(placement, Placement::OwnPage(_)), &id_prefix);
        let (mut events, questions) =
            render_questions(events, page, self.glossary, &quiz_place, slots, read, diagnostics);
        if let (Placement::OwnPage(url), false) = (placement, questions.is_empty()) {
            let score = if slots { question_slot(questions.len()) } else { score_html(url, self.labels) };
            events.push((Event::Html(CowStr::from(score)), page.body().len()..page.body().len()));
        }
        // In a handout, a term leads to its entry in the handout's glossary, at the end of
        // print.html (so, for a course printed in one file, the link never leaves it).
        let target = match placement {
            Placement::OwnPage(_) => TermTarget::GlossaryPage { root: &root },
            Placement::PrintPage(file, _) => TermTarget::Handout { file: if file == HANDOUT { "" } else { HANDOUT } },
        };
        let place = LinkPlace { target, autolink: true };
        let (events, mut usage) = link_terms(events, self.linker, page, &place, found, diagnostics);
        // A question that tests a term uses it, as a sentence naming it would.
        usage.used.extend(questions.iter().flat_map(|q| q.terms.iter().copied()));
        let mut events = footnotes::number_footnotes(events, &id_prefix);
        if let Placement::PrintPage(..) = placement {
            demote_headings(&mut events);
        }
        label_task_markers(&mut events, self.labels);
        (RenderedBody { html: markup::to_html(events), headings: parsed.headings, questions }, usage)
    }
}

/// A task list's checkbox with a name for screen readers (pulldown-cmark writes it without
/// one): done or to do, in the course's language.
fn label_task_markers(events: &mut [markup::Spanned<'_>], labels: &Labels) {
    for (event, _) in events {
        if let Event::TaskListMarker(done) = *event {
            let (checked, name) = if done { (" checked", labels.task_done) } else { ("", labels.task_todo) };
            let html = format!("<input type=\"checkbox\" disabled{checked} aria-label=\"{}\"> ", escape_html(name));
            *event = Event::InlineHtml(CowStr::from(html));
        }
    }
}

/// Headings one level down (`##` becomes `<h3>`): in a handout a chapter's title is an `<h2>`
/// under its module's `<h1>`, so the chapter's own sections sit a level below it.
fn demote_headings(events: &mut [markup::Spanned<'_>]) {
    for (event, _) in events {
        match event {
            Event::Start(Tag::Heading { level, .. }) | Event::End(TagEnd::Heading(level)) => *level = deeper(*level),
            _ => {}
        }
    }
}

fn deeper(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        HeadingLevel::H5 | HeadingLevel::H6 => HeadingLevel::H6,
    }
}

/// The end of a chapter with questions: its score (filled in by quiz.js), a button that clears
/// its answers, and the link to the mistakes page.
fn score_html(url: &str, labels: &Labels) -> String {
    let page = escape_html(url);
    format!(
        "<section class=\"quiz-summary\" aria-label=\"{exercises}\">\n<p class=\"quiz-score\" data-page=\"{page}\" role=\"status\"></p>\n<p><button type=\"button\" class=\"quiz-reset\" data-page=\"{page}\">{reset}</button> <a href=\"{mistakes_href}\">{mistakes}</a></p>\n</section>\n",
        exercises = escape_html(labels.exercises),
        reset = escape_html(labels.quiz_reset),
        mistakes_href = relative_href(url, "mistakes.html"),
        mistakes = escape_html(labels.mistakes),
    )
}

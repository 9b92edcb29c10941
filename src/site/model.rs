//! What a build knows about the course before rendering any page ([`Model`], which a session
//! keeps between rebuilds), and the context every page render borrows from it
//! ([`RenderContext`]): the configuration, the course, the glossary and its linker, the theme,
//! the navigation and every page's anchors.

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;

use crate::config::Config;
use crate::content::history::History;
use crate::content::{Course, Page, TermsUnknown};
use crate::diagnostic::{Code, Diagnostic, Related};
use crate::error::Result;
use crate::glossary::link::Linker;
use crate::glossary::usage::unused_term_warnings;
use crate::glossary::Glossary;
use crate::labels::Labels;
use crate::markup;
use crate::render::body::BodyRenderer;
use crate::render::links::LinkTargets;
use crate::render::page::{self, Card, NavModel, PageContext, PageInfo, SharedContext, SiteInfo};
use crate::render::theme::Theme;

/// The course as loaded for a build, with everything computed once before rendering.
pub(super) struct Model {
    pub(super) course: Course,
    pub(super) glossary: Glossary,
    pub(super) theme: Theme,
    pub(super) targets: LinkTargets,
    pub(super) nav: NavModel,
    pub(super) site: SiteInfo,
    pub(super) labels: &'static Labels,
    /// Size of the course's Markdown, which decides how the search index and print are split.
    pub(super) markdown_bytes: usize,
    /// Questions on each page that has any, by site path: counted once, for the cards.
    pub(super) questions: HashMap<String, usize>,
    /// When each source last changed (git), for the pages' footers and the sitemap.
    pub(super) history: History,
    /// The files whose front matter could not be read, so whose terms are not known.
    pub(super) terms_unknown_in: Vec<TermsUnknown>,
}

/// How many files with unread terms a link to an unknown term points at.
const UNREAD_SHOWN: usize = 3;

impl Model {
    /// Accounts for the files whose front matter could not be read: a use of an unknown term
    /// in such a file is not reported (the term may be defined in its own front matter; it is
    /// checked once that is mended), and every other one is pointed at them (at most
    /// [`UNREAD_SHOWN`]), since the term may be one of theirs.
    pub(super) fn account_for_unread_terms(&self, diagnostics: &mut Vec<Diagnostic>) {
        if self.terms_unknown_in.is_empty() {
            return;
        }
        let unread = |path: &Path| self.terms_unknown_in.iter().any(|unknown| unknown.file == path);
        diagnostics.retain(|d| d.code != Code::TermUnknown || !unread(&d.path));
        for diagnostic in diagnostics.iter_mut().filter(|d| d.code == Code::TermUnknown) {
            for unknown in self.terms_unknown_in.iter().take(UNREAD_SHOWN) {
                diagnostic.related.push(Related { path: unknown.file.clone(), line: 0, note: unknown.why.to_string() });
            }
        }
    }

    /// The warnings for terms nobody uses, once every page has loaded: while a page cannot be
    /// read at all (not UTF-8, over a limit, its front matter never closed; a page whose front
    /// matter has mistakes is read, as a stand-in), the terms it uses are unknown, and warning
    /// that they are never used would be false; the warnings come back once the page is fixed.
    pub(super) fn term_warnings(&self, backlinks: &[Vec<&Page>]) -> Vec<Diagnostic> {
        if self.targets.unchecked.is_empty() {
            unused_term_warnings(&self.glossary, &self.course, backlinks)
        } else {
            Vec::new()
        }
    }
}

/// The state every page render borrows.
pub(super) struct RenderContext<'a> {
    pub(super) config: &'a Config,
    pub(super) course: &'a Course,
    pub(super) theme: &'a Theme,
    pub(super) labels: &'static Labels,
    pub(super) nav: &'a NavModel,
    pub(super) targets: &'a LinkTargets,
    pub(super) glossary: &'a Glossary,
    pub(super) linker: Linker<'a>,
    pub(super) options: pulldown_cmark::Options,
    pub(super) questions: &'a HashMap<String, usize>,
    pub(super) history: &'a History,
    /// The site and the labels as every template receives them, made once.
    pub(super) shared: SharedContext,
}

impl<'a> RenderContext<'a> {
    /// Borrows the model, and compiles the glossary's linker once for every page.
    pub(super) fn new(config: &'a Config, model: &'a Model) -> RenderContext<'a> {
        RenderContext {
            config,
            course: &model.course,
            theme: &model.theme,
            labels: model.labels,
            nav: &model.nav,
            targets: &model.targets,
            glossary: &model.glossary,
            linker: Linker::new(&model.glossary, config.link_mode),
            options: markup::options(config.smart_punctuation),
            questions: &model.questions,
            history: &model.history,
            shared: SharedContext::new(&model.site, model.labels),
        }
    }

    /// What rendering a page body borrows.
    pub(super) fn body_renderer(&self) -> BodyRenderer<'_> {
        BodyRenderer {
            targets: self.targets,
            linker: &self.linker,
            raw_html: self.config.raw_html,
            glossary: self.glossary,
            reveal: self.config.reveal,
            labels: self.labels,
        }
    }

    /// The HTML of the page at `url`: `template` with the page's context.
    pub(super) fn page_html<X: Serialize>(
        &self,
        template: &str,
        url: &str,
        info: PageInfo,
        cards: Vec<Card>,
        extra: X,
    ) -> Result<Vec<u8>> {
        let context = PageContext::new(self.nav, url, info, cards, extra);
        page::render(self.theme, template, &self.shared, context)
    }

    /// [`RenderContext::page_html`] into `out`, as the template makes it (a page with no cards).
    pub(super) fn write_page_html<X: Serialize>(
        &self,
        template: &str,
        url: &str,
        info: PageInfo,
        extra: X,
        out: &mut impl std::io::Write,
    ) -> Result<()> {
        let context = PageContext::new(self.nav, url, info, Vec::new(), extra);
        page::render_into(self.theme, template, &self.shared, context, out)
    }
}

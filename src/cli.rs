//! Argument parsing (clap derive) and the one place where results and diagnostics are printed.

use std::io::IsTerminal;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use clap::{Args, Parser, Subcommand};

use coursebook::config::{Config, Overrides};
use coursebook::diagnostic::{display_path, Diagnostic, Severity};
use coursebook::init::InitOptions;
use coursebook::shutdown::Ending;
use coursebook::site::{self, BuildOptions, Step};
use coursebook::Error;

/// Build course websites from Markdown chapters with a linked glossary.
#[derive(Debug, Parser)]
#[command(name = "coursebook", version, about, propagate_version = true)]
struct Cli {
    /// Print only errors.
    #[arg(short, long, global = true)]
    quiet: bool,
    /// Print each build step with its time.
    #[arg(short, long, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the course into a static site (book/ by default).
    Build {
        /// The course folder (holding book.toml). Default: the current folder.
        path: Option<PathBuf>,
        /// Output folder, instead of [build] build-dir.
        #[arg(short, long)]
        dest: Option<PathBuf>,
        /// Fail on warnings too.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Report every problem in the course (file:line), without writing anything.
    Check {
        /// The course folder (holding book.toml). Default: the current folder.
        path: Option<PathBuf>,
        /// Fail on warnings too.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Build the course, then print its handout (print.html) to PDF with Chromium or Chrome.
    Pdf {
        /// The course folder (holding book.toml). Default: the current folder.
        path: Option<PathBuf>,
        /// The PDF to write. Default: course.pdf in the build folder.
        #[arg(short, long)]
        out: Option<PathBuf>,
    },
    /// Create a new course with one module, one chapter and one term, a .gitignore, and the
    /// GitHub workflows that check it and publish it on GitHub Pages.
    Init {
        /// Where to create it. Default: the current folder.
        path: Option<PathBuf>,
        /// Leave out .github/workflows/check.yml and pages.yml.
        #[arg(long)]
        no_workflows: bool,
    },
    /// Add a module or a chapter to the course, from a skeleton in the course's language.
    New {
        #[command(subcommand)]
        what: NewCommand,
    },
    /// Rebuild the course on every change to content/, themes/ or book.toml.
    Watch(LiveArgs),
    /// Serve the course on a local web server that rebuilds and reloads the browser on every change.
    Serve {
        #[command(flatten)]
        live: LiveArgs,
        /// The port; 0 picks a free one.
        #[arg(short, long, default_value_t = 3000)]
        port: u16,
        /// The address to listen on. Anything but loopback exposes the course to the network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
}

/// What `new` adds.
#[derive(Debug, Subcommand)]
enum NewCommand {
    /// Add a module: the next numbered folder of content/, with its index.md.
    Module {
        /// The module's title (the words are joined with spaces, so quotes are optional).
        #[arg(required = true, num_args = 1..)]
        title: Vec<String>,
        #[command(flatten)]
        course: CourseFolder,
    },
    /// Add a chapter to a module: its next numbered file, a lesson to fill in.
    Chapter {
        /// The module: its folder name (01-basics), that name without the number (basics), its
        /// number, or its title.
        module: String,
        /// The chapter's title (the words are joined with spaces, so quotes are optional).
        #[arg(required = true, num_args = 1..)]
        title: Vec<String>,
        #[command(flatten)]
        course: CourseFolder,
    },
}

/// The course a command that takes other arguments works on.
#[derive(Debug, Args)]
struct CourseFolder {
    /// The course folder (holding book.toml). Default: the current folder.
    #[arg(short = 'C', long = "path", value_name = "PATH")]
    path: Option<PathBuf>,
}

/// What `watch` and `serve` share.
#[derive(Debug, Args)]
struct LiveArgs {
    /// The course folder (holding book.toml). Default: the current folder.
    path: Option<PathBuf>,
    /// Output folder, instead of [build] build-dir.
    #[arg(short, long)]
    dest: Option<PathBuf>,
    /// Poll for changes instead of asking the OS (network drives, WSL, containers).
    #[arg(long)]
    poll: bool,
}

/// Runs the command line and returns the process exit code.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let printer = Printer { quiet: cli.quiet, verbose: cli.verbose, color: std::io::stderr().is_terminal() };
    let done = |()| ExitCode::SUCCESS;
    let outcome = match cli.command {
        Command::Build { path, dest, deny_warnings } => build(&printer, path, dest, deny_warnings).map(done),
        Command::Check { path, deny_warnings } => check(&printer, path, deny_warnings).map(done),
        Command::Init { path, no_workflows } => init(&printer, path, no_workflows).map(done),
        Command::New { what } => new(&printer, what).map(done),
        Command::Pdf { path, out } => pdf(&printer, path, out).map(done),
        Command::Watch(live) => coursebook::watch::run(watch_options(live), Arc::new(printer.clone())).map(exit_code),
        Command::Serve { live, port, bind, open } => {
            let options = coursebook::serve::ServeOptions { watch: watch_options(live), port, bind, open };
            coursebook::serve::run(options, Arc::new(printer.clone())).map(exit_code)
        }
    };
    match outcome {
        Ok(code) => code,
        Err(error) => {
            printer.error(&error);
            failure_code(&error)
        }
    }
}

/// 2 for a command that asks for what the course cannot take (as clap does for arguments it
/// cannot read), 1 for every other failure.
fn failure_code(error: &Error) -> ExitCode {
    match error {
        Error::Usage { .. } => ExitCode::from(2),
        _ => ExitCode::from(1),
    }
}

/// The exit code of a `watch` or `serve` run: 0 after a clean stop, 130 (as for a process
/// killed by SIGINT) when a second Ctrl-C quit without waiting for the build under way.
fn exit_code(ending: Ending) -> ExitCode {
    match ending {
        Ending::Stopped => ExitCode::SUCCESS,
        Ending::Interrupted => ExitCode::from(130),
    }
}

fn course_root(path: Option<PathBuf>) -> PathBuf {
    let path = path.unwrap_or_else(|| PathBuf::from("."));
    if path.is_absolute() {
        path
    } else {
        std::env::current_dir().map(|d| d.join(&path)).unwrap_or(path)
    }
}

fn build(printer: &Printer, path: Option<PathBuf>, dest: Option<PathBuf>, deny_warnings: bool) -> Result<(), Error> {
    let root = course_root(path);
    let config = Config::load(&root, &Overrides { dest, site_url: site_url_from_environment() })?;
    let report = site::build(&config, &BuildOptions { deny_warnings })?;
    printer.steps(&report.steps);
    printer.diagnostics(&report.warnings);
    printer.info(&format!(
        "search index: {:.1} KB for {:.1} KB of Markdown",
        report.search_bytes as f64 / 1024.0,
        report.markdown_bytes as f64 / 1024.0
    ));
    printer.info(&format!(
        "built {} pages into {} in {:.0} ms",
        report.pages,
        display_path(&report.output),
        report.elapsed.as_secs_f64() * 1000.0
    ));
    Ok(())
}

fn pdf(printer: &Printer, path: Option<PathBuf>, out: Option<PathBuf>) -> Result<(), Error> {
    let browser = coursebook::pdf::find_browser()?;
    let root = course_root(path);
    let config = Config::load(&root, &Overrides::default())?;
    let report = site::build(&config, &BuildOptions { deny_warnings: false })?;
    printer.diagnostics(&report.warnings);
    let out = out.map_or_else(|| report.output.join("course.pdf"), |o| course_root(Some(o)));
    for html in coursebook::pdf::print_files(&report.output)? {
        let printed = coursebook::pdf::print_to_pdf(&browser, &html, &coursebook::pdf::pdf_path(&html, &out))?;
        printer.info(&format!("wrote {} ({:.1} MB)", display_path(&printed.path), printed.bytes as f64 / 1_048_576.0));
    }
    Ok(())
}

/// `COURSEBOOK_SITE_URL`, when set and not empty: the site's address for this build, in place
/// of `[output.html] site-url` (the Pages workflow sets it to the address GitHub gives the site).
fn site_url_from_environment() -> Option<String> {
    std::env::var("COURSEBOOK_SITE_URL").ok().filter(|url| !url.trim().is_empty())
}

fn check(printer: &Printer, path: Option<PathBuf>, deny_warnings: bool) -> Result<(), Error> {
    let root = course_root(path);
    let config = Config::load(&root, &Overrides::default())?;
    let checked = site::check(&config)?;
    printer.steps(&checked.steps);
    let diagnostics = checked.diagnostics;
    if diagnostics.iter().any(|d| d.is_error() || deny_warnings) {
        return Err(Error::Content(diagnostics));
    }
    printer.diagnostics(&diagnostics);
    printer.info(&format!("no errors in {}", display_path(&config.content_dir)));
    Ok(())
}

fn init(printer: &Printer, path: Option<PathBuf>, no_workflows: bool) -> Result<(), Error> {
    let root = course_root(path.clone());
    let done = coursebook::init::init(&root, &InitOptions { workflows: !no_workflows })?;
    let shown = |file: &Path| display_path(file.strip_prefix(&root).unwrap_or(file));
    for file in &done.created {
        printer.info(&format!("created {}", shown(file)));
    }
    for file in &done.kept {
        printer.info(&format!("kept {} (it was there already)", shown(file)));
    }
    let cd = path.filter(|p| p != Path::new(".") && !p.as_os_str().is_empty());
    let cd = cd.map(|p| format!("cd {} && ", shell_word(&display_path(&p)))).unwrap_or_default();
    printer.info(&format!("next: {cd}coursebook serve (then open the address it prints)"));
    Ok(())
}

fn new(printer: &Printer, what: NewCommand) -> Result<(), Error> {
    let (created, course) = match what {
        NewCommand::Module { title, course } => {
            (coursebook::scaffold::new_module(&course_root(course.path.clone()), &title.join(" "))?, course)
        }
        NewCommand::Chapter { module, title, course } => {
            (coursebook::scaffold::new_chapter(&course_root(course.path.clone()), &module, &title.join(" "))?, course)
        }
    };
    // The file as the teacher can open it from where they are.
    let file = course.path.map_or_else(|| created.file.clone(), |path| path.join(&created.file));
    printer.info(&format!("created {} (its page: {})", display_path(&file), created.url));
    let next = if created.url.ends_with("index.html") {
        format!(
            "next: write the module's summary and objectives, then add a chapter: coursebook new chapter {} TITLE",
            shell_word(&created.module)
        )
    } else {
        "next: write the lesson, preview it with coursebook serve, and run coursebook check before a pull request"
            .to_string()
    };
    printer.info(&next);
    Ok(())
}

/// A path or name as a shell reads it back: as it is when it holds no character a shell
/// treats specially, else in single quotes.
fn shell_word(word: &str) -> String {
    let plain = |c: char| c.is_alphanumeric() || "-_./+,:@%".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

fn watch_options(live: LiveArgs) -> coursebook::watch::WatchOptions {
    let root = course_root(live.path);
    // The OS reports changes under the real path (macOS resolves /var to /private/var).
    let root = if cfg!(unix) { std::fs::canonicalize(&root).unwrap_or(root) } else { root };
    coursebook::watch::WatchOptions { root, dest: live.dest, poll: live.poll }
}

/// The watch loop's output: each build's diagnostics and summary line, the server's address.
impl coursebook::watch::Reporter for Printer {
    fn finished(&self, event: &coursebook::watch::BuildEvent) {
        match &event.result {
            Ok(report) => {
                self.steps(&report.steps);
                self.diagnostics(&report.warnings);
            }
            Err(error) => self.error(error),
        }
        Printer::info(self, &event.summary());
    }

    fn info(&self, message: &str) {
        Printer::info(self, message);
    }

    fn warn(&self, message: &str) {
        eprintln!("warning: {message}");
    }

    fn serving(&self, url: &str) {
        println!("serving {url}");
    }
}

/// Writes to stderr: diagnostics with annotate-snippets, progress unless quiet, each build
/// step's time when verbose.
#[derive(Clone)]
struct Printer {
    quiet: bool,
    verbose: bool,
    color: bool,
}

impl Printer {
    /// Each step of a full build with its time (`-v`, even with `-q`).
    fn steps(&self, steps: &[Step]) {
        if self.verbose {
            for step in steps {
                eprintln!("  {:<20} {:>8.1} ms", step.name, step.elapsed.as_secs_f64() * 1000.0);
            }
        }
    }

    fn info(&self, message: &str) {
        if !self.quiet {
            eprintln!("{message}");
        }
    }

    fn error(&self, error: &Error) {
        match error {
            Error::Content(diagnostics) => {
                self.diagnostics(diagnostics);
                let errors = diagnostics.iter().filter(|d| d.is_error()).count();
                let warnings = diagnostics.len() - errors;
                eprintln!("error: {errors} error(s), {warnings} warning(s); nothing was written (a previous site is left as it was)");
            }
            other => {
                eprintln!("error: {}", other.with_causes());
            }
        }
    }

    fn diagnostics(&self, diagnostics: &[Diagnostic]) {
        for d in diagnostics {
            if self.quiet && d.severity == Severity::Warning {
                continue;
            }
            eprintln!("{}\n", self.render(d));
        }
    }

    fn render(&self, d: &Diagnostic) -> String {
        let renderer = if self.color { Renderer::styled() } else { Renderer::plain() };
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let path = display_path(&d.path);
        let title = format!("{}: {}", d.location(), d.message);
        let title = level.primary_title(title);
        let group = if let (Some(source), true) = (&d.source_line, d.line > 0) {
            let span = column_span(source, d.column);
            title.element(
                Snippet::source(source.as_str())
                    .line_start(d.line)
                    .path(path.as_str())
                    .annotation(AnnotationKind::Primary.span(span)),
            )
        } else {
            title.element(annotate_snippets::Origin::path(path.as_str()).line(d.line.max(1)))
        };
        let mut report = vec![group];
        for related in &d.related {
            report.push(Group::with_title(Level::NOTE.secondary_title(format!(
                "{}: {}",
                location(&related.path, related.line),
                related.note
            ))));
        }
        if let Some(help) = &d.help {
            report.push(Group::with_title(Level::HELP.secondary_title(help.as_str())));
        }
        renderer.render(&report).to_string()
    }
}

fn location(path: &Path, line: usize) -> String {
    if line == 0 {
        display_path(path)
    } else {
        format!("{}:{line}", display_path(path))
    }
}

/// The byte range to underline: from the 1-based character column to the end of the line.
fn column_span(line: &str, column: usize) -> std::ops::Range<usize> {
    let start = line.char_indices().nth(column.saturating_sub(1)).map_or(line.len(), |(i, _)| i);
    let end = line.trim_end().len().max(start);
    if start == end {
        start..(start + line[start..].chars().next().map_or(0, char::len_utf8))
    } else {
        start..end
    }
}

//! Argument parsing (clap derive) and the one place where results and diagnostics are printed:
//! for a person (annotate-snippets, on stderr), as GitHub workflow commands or as JSON Lines (on
//! stdout, `--format`), with one summary line on stderr.

use std::io::IsTerminal;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use clap::{Args, Parser, Subcommand, ValueEnum};
use serde::Serialize;

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
        /// How problems are printed: for a person, as GitHub annotations, or as JSON Lines.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Report every problem in the course (file:line), without writing anything.
    Check {
        /// The course folder (holding book.toml). Default: the current folder.
        path: Option<PathBuf>,
        /// Fail on warnings too.
        #[arg(long)]
        deny_warnings: bool,
        /// How problems are printed: for a person, as GitHub annotations, or as JSON Lines.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
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

/// How `build` and `check` print problems (docs/DIAGNOSTICS.md, "Output formats").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
enum Format {
    /// For a person: each problem with its line and what to write instead, on stderr.
    #[default]
    Human,
    /// GitHub workflow commands on stdout (`::error file=…,line=…::…`): annotations on a pull request.
    Github,
    /// One JSON object per problem and line on stdout (JSON Lines), for scripts and editors.
    Json,
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
    let color = use_color(std::io::stderr().is_terminal(), std::env::var_os("NO_COLOR").as_deref());
    let mut printer = Printer {
        quiet: cli.quiet,
        verbose: cli.verbose,
        color,
        format: Format::Human,
        verb: Verb::Live,
        deny_warnings: false,
        root: None,
    };
    let done = |()| ExitCode::SUCCESS;
    let outcome = match cli.command {
        Command::Build { path, dest, deny_warnings, format } => {
            printer = Printer { format, verb: Verb::Build, deny_warnings, ..printer };
            build(&mut printer, path, dest, deny_warnings).map(done)
        }
        Command::Check { path, deny_warnings, format } => {
            printer = Printer { format, verb: Verb::Check, deny_warnings, ..printer };
            check(&mut printer, path, deny_warnings).map(done)
        }
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
        std::env::current_dir().map(|d| if path == Path::new(".") { d } else { d.join(&path) }).unwrap_or(path)
    }
}

fn build(
    printer: &mut Printer,
    path: Option<PathBuf>,
    dest: Option<PathBuf>,
    deny_warnings: bool,
) -> Result<(), Error> {
    let root = course_root(path);
    printer.root = Some(root.clone());
    let config = Config::open(&root, &Overrides { dest, site_url: site_url_from_environment() })?;
    let report = site::build(
        &config,
        &BuildOptions {
            deny_warnings,
            on_course_read: crate::ALLOCATOR_TUNING,
            on_pages_rendered: crate::ALLOCATOR_RELEASE,
        },
    )?;
    printer.steps(&report.steps);
    printer.diagnostics(&report.warnings);
    printer.info(&format!(
        "search index: {:.1} KB for {:.1} KB of Markdown",
        report.search_bytes as f64 / 1024.0,
        report.markdown_bytes as f64 / 1024.0
    ));
    let warnings = match report.warnings.len() {
        0 => String::new(),
        n => format!(", with {}", counted(n, "warning")),
    };
    printer.info(&format!(
        "built {} pages into {} in {:.0} ms{warnings}",
        report.pages,
        display_path(&report.output),
        report.elapsed.as_secs_f64() * 1000.0
    ));
    Ok(())
}

fn pdf(printer: &Printer, path: Option<PathBuf>, out: Option<PathBuf>) -> Result<(), Error> {
    // Before the build: without a browser, say so at once.
    coursebook::pdf::find_browser()?;
    let root = course_root(path);
    let config = Config::open(&root, &Overrides::default())?;
    let report = site::build(
        &config,
        &BuildOptions {
            deny_warnings: false,
            on_course_read: crate::ALLOCATOR_TUNING,
            on_pages_rendered: crate::ALLOCATOR_RELEASE,
        },
    )?;
    printer.diagnostics(&report.warnings);
    let out = out.map(|o| course_root(Some(o)));
    for printed in coursebook::pdf::print_handout(&report.output, &report.print_files, out.as_deref())? {
        printer.info(&format!("wrote {} ({:.1} MB)", display_path(&printed.path), printed.bytes as f64 / 1_048_576.0));
    }
    Ok(())
}

/// `COURSEBOOK_SITE_URL`, when set and not empty: the site's address for this build, in place
/// of `[output.html] site-url` (the Pages workflow sets it to the address GitHub gives the site).
fn site_url_from_environment() -> Option<String> {
    std::env::var("COURSEBOOK_SITE_URL").ok().filter(|url| !url.trim().is_empty())
}

fn check(printer: &mut Printer, path: Option<PathBuf>, deny_warnings: bool) -> Result<(), Error> {
    let root = course_root(path);
    printer.root = Some(root.clone());
    let config = Config::open(&root, &Overrides::default())?;
    let checked = site::check(&config)?;
    printer.steps(&checked.steps);
    let diagnostics = checked.diagnostics;
    if diagnostics.iter().any(|d| d.is_error() || deny_warnings) {
        return Err(Error::Content(diagnostics));
    }
    printer.diagnostics(&diagnostics);
    printer.info(&format!("check passed: {}", tally(&diagnostics)));
    Ok(())
}

/// Colour on stderr only for a terminal, and never when `NO_COLOR` is set to anything but an
/// empty value (<https://no-color.org>).
fn use_color(terminal: bool, no_color: Option<&std::ffi::OsStr>) -> bool {
    terminal && no_color.is_none_or(std::ffi::OsStr::is_empty)
}

/// `n` things in words: "no warnings", "1 warning", "3 warnings".
fn counted(n: usize, thing: &str) -> String {
    match n {
        0 => format!("no {thing}s"),
        1 => format!("1 {thing}"),
        n => format!("{n} {thing}s"),
    }
}

/// The errors and warnings among `diagnostics`, in words: "2 errors, 1 warning".
fn tally(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    format!("{}, {}", counted(errors, "error"), counted(diagnostics.len() - errors, "warning"))
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

/// Prints for one command: diagnostics in the chosen [`Format`] (a person's on stderr, a
/// machine's on stdout), progress unless quiet, each build step's time when verbose, and one
/// summary line in the words of the command.
#[derive(Clone)]
struct Printer {
    quiet: bool,
    verbose: bool,
    /// Colour for a person's output (see [`use_color`]).
    color: bool,
    format: Format,
    /// The command, whose words the summary line uses.
    verb: Verb,
    /// `--deny-warnings`: the summary says why warnings failed the run.
    deny_warnings: bool,
    /// The course folder (absolute), once known: machine formats name files from where the
    /// command runs, so that GitHub finds them in the repository.
    root: Option<PathBuf>,
}

/// Which command a printer reports for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verb {
    /// `build`: a failure leaves the previous site in place.
    Build,
    /// `check`: nothing is ever written.
    Check,
    /// `watch`, `serve` and `init`: each rebuild's own line says what became of the site.
    Live,
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

    /// Reports what stopped the command: its problems and the summary line, or the error with
    /// its code.
    fn error(&self, error: &Error) {
        let Error::Content(diagnostics) = error else {
            match self.format {
                Format::Human => eprintln!("{}\n", self.render_error(error)),
                Format::Github | Format::Json => self.emit(&Record::of_error(error)),
            }
            return;
        };
        self.diagnostics(diagnostics);
        let errors = diagnostics.iter().filter(|d| d.is_error()).count();
        let mut summary = format!("error: {}", tally(diagnostics));
        if errors == 0 && self.deny_warnings {
            let run = if self.verb == Verb::Check { "check" } else { "build" };
            summary.push_str(&format!("; the warnings fail the {run} because of --deny-warnings"));
        }
        if self.verb == Verb::Build {
            summary.push_str("; nothing was written (the previous site is left as it was)");
        }
        eprintln!("{summary}");
    }

    /// Every diagnostic in the chosen format (`-q` leaves a person's warnings out, unless
    /// `--deny-warnings` makes them what fails the run).
    fn diagnostics(&self, diagnostics: &[Diagnostic]) {
        let prefix = self.prefix();
        for d in diagnostics {
            match self.format {
                Format::Human if self.quiet && !self.deny_warnings && d.severity == Severity::Warning => {}
                Format::Human => eprintln!("{}\n", self.render(d)),
                Format::Github | Format::Json => self.emit(&Record::of(d, prefix.as_deref())),
            }
        }
    }

    /// One record on stdout, as a GitHub workflow command or a JSON line.
    fn emit(&self, record: &Record<'_>) {
        match self.format {
            Format::Github => println!("{}", record.github()),
            _ => println!("{}", serde_json::to_string(record).unwrap_or_default()),
        }
    }

    /// The course folder as seen from the current folder (`course/`), when the course is below
    /// it: machine formats put it before each file's path.
    fn prefix(&self) -> Option<String> {
        let root = self.root.as_deref()?;
        let relative = root.strip_prefix(std::env::current_dir().ok()?).ok()?;
        (!relative.as_os_str().is_empty()).then(|| display_path(relative))
    }

    fn renderer(&self) -> Renderer {
        if self.color {
            Renderer::styled()
        } else {
            Renderer::plain()
        }
    }

    /// An error that is not a problem of a file: its code, message and help.
    fn render_error(&self, error: &Error) -> String {
        let mut title = Level::ERROR.primary_title(error.with_causes());
        if let Some(code) = error.code() {
            title = title.id(code.as_str());
        }
        let mut report = vec![Group::with_title(title)];
        if let Some(help) = error.help() {
            report.push(Group::with_title(Level::HELP.secondary_title(help)));
        }
        self.renderer().render(&report).to_string()
    }

    fn render(&self, d: &Diagnostic) -> String {
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let path = display_path(&d.path);
        let at = d.location();
        let title = if at.is_empty() { d.message.clone() } else { format!("{at}: {}", d.message) };
        let title = level.primary_title(title).id(d.code.as_str());
        let group = match (&d.source_line, d.line > 0) {
            (Some(source), true) => {
                let span = d.underline().unwrap_or(0..source.trim_end().len());
                let snippet =
                    Snippet::source(source.as_str()).line_start(d.line).annotation(AnnotationKind::Primary.span(span));
                // Of a long line only a part is shown, and the `-->` line would count the
                // column from the part's start: the title alone says where (from the line's).
                title.element(if d.source_from == 0 { snippet.path(path.as_str()) } else { snippet })
            }
            // A file without a line is shown as the file alone, never at an invented line.
            _ if d.file().is_some() => {
                let origin = annotate_snippets::Origin::path(path.as_str());
                title.element(if d.line > 0 { origin.line(d.line) } else { origin })
            }
            _ => Group::with_title(title),
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
        self.renderer().render(&report).to_string()
    }
}

fn location(path: &Path, line: usize) -> String {
    if line == 0 {
        display_path(path)
    } else {
        format!("{}:{line}", display_path(path))
    }
}

/// One problem as the machine formats give it: the keys of a JSON line, and what a GitHub
/// workflow command is made of. Unknown places are null (absent in a workflow command).
#[derive(Debug, Serialize)]
struct Record<'a> {
    severity: &'static str,
    code: &'static str,
    /// From the folder the command runs in, with `/`.
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    /// The column of the last character the problem covers.
    end_column: Option<usize>,
    message: std::borrow::Cow<'a, str>,
    help: Option<&'a str>,
    /// Other places involved (where a duplicated term was first defined).
    related: Vec<RelatedRecord>,
}

/// A second place of a [`Record`].
#[derive(Debug, Serialize)]
struct RelatedRecord {
    file: String,
    line: Option<usize>,
    note: String,
}

impl<'a> Record<'a> {
    /// A diagnostic, its files named from the current folder (`prefix` is the course folder).
    fn of(d: &'a Diagnostic, prefix: Option<&str>) -> Record<'a> {
        let file_of = |path: &Path| match prefix {
            Some(prefix) => format!("{prefix}/{}", display_path(path)),
            None => display_path(path),
        };
        let line = Some(d.line).filter(|&l| l > 0);
        let column = Some(d.column).filter(|&c| c > 0 && line.is_some());
        Record {
            severity: if d.is_error() { "error" } else { "warning" },
            code: d.code.as_str(),
            file: d.file().map(file_of),
            line,
            column,
            end_line: line,
            end_column: column.and(d.end_column()),
            message: d.message.as_str().into(),
            help: d.help.as_deref(),
            related: d
                .related
                .iter()
                .map(|r| RelatedRecord {
                    file: file_of(&r.path),
                    line: Some(r.line).filter(|&l| l > 0),
                    note: r.note.clone(),
                })
                .collect(),
        }
    }

    /// An error that stopped the command, with no place in a file.
    fn of_error(error: &'a Error) -> Record<'a> {
        Record {
            severity: "error",
            code: error.code().map_or("", |code| code.as_str()),
            file: None,
            line: None,
            column: None,
            end_line: None,
            end_column: None,
            message: error.with_causes().into(),
            help: error.help(),
            related: Vec::new(),
        }
    }

    /// The GitHub workflow command that annotates the problem's line on a pull request:
    /// `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=CODE::message` with the help
    /// and notes on lines of their own.
    fn github(&self) -> String {
        let mut properties = Vec::new();
        if let Some(file) = &self.file {
            properties.push(format!("file={}", escape_property(file)));
        }
        let numbers =
            [("line", self.line), ("col", self.column), ("endLine", self.end_line), ("endColumn", self.end_column)];
        for (name, value) in numbers {
            if let Some(value) = value {
                properties.push(format!("{name}={value}"));
            }
        }
        properties.push(format!("title={}", escape_property(self.code)));
        let mut text = self.message.to_string();
        for related in &self.related {
            let at = related.line.map_or_else(|| related.file.clone(), |line| format!("{}:{line}", related.file));
            text.push_str(&format!("\nnote: {at}: {}", related.note));
        }
        if let Some(help) = self.help {
            text.push_str(&format!("\nhelp: {help}"));
        }
        format!("::{} {}::{}", self.severity, properties.join(","), escape_data(&text))
    }
}

/// A workflow command's message, escaped as GitHub reads it back: `%`, CR and LF.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A workflow command's property value: as its message, and `:` and `,` too.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_set_to_anything_turns_colour_off() {
        assert!(use_color(true, None));
        assert!(use_color(true, Some(std::ffi::OsStr::new(""))), "an empty NO_COLOR is not set");
        assert!(!use_color(true, Some(std::ffi::OsStr::new("1"))));
        assert!(!use_color(false, None), "not a terminal");
    }

    #[test]
    fn workflow_commands_escape_percent_line_ends_colons_and_commas() {
        assert_eq!(escape_data("50% a\r\nb: c, d"), "50%25 a%0D%0Ab: c, d");
        assert_eq!(escape_property("a: b, 5%"), "a%3A b%2C 5%25");
    }

    #[test]
    fn counts_are_words() {
        assert_eq!(counted(0, "error"), "no errors");
        assert_eq!(counted(1, "warning"), "1 warning");
        assert_eq!(counted(3, "warning"), "3 warnings");
    }
}

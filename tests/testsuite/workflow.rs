//! The GitHub Actions workflows: this repository's (`.github/workflows/`) and those
//! `coursebook init` writes into a new course. Each is read as YAML and held to what it must
//! do: check at every push and pull request, publish to GitHub Pages with the official actions,
//! and call coursebook only with subcommands and flags its `--help` lists.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

use crate::common;

/// A workflow file and what it holds.
struct Workflow {
    /// Where it comes from, for messages: `repository check.yml`, `init pages.yml`.
    name: String,
    yaml: Value,
}

fn parse(name: String, text: &str) -> Workflow {
    let yaml = serde_saphyr::from_str(text).unwrap_or_else(|e| panic!("{name} is not valid YAML: {e}"));
    Workflow { name, yaml }
}

/// This repository's `check.yml` and `pages.yml`, then those `init` writes, in that order.
fn workflows(file: &str) -> [Workflow; 2] {
    let own = Path::new(env!("CARGO_MANIFEST_DIR")).join(".github/workflows").join(file);
    let own = parse(format!("repository {file}"), &std::fs::read_to_string(own).unwrap());
    let dir = tempfile::tempdir().unwrap();
    common::run_in(dir.path(), &["init"]).expect_code(0);
    let written = std::fs::read_to_string(dir.path().join(".github/workflows").join(file)).unwrap();
    [own, parse(format!("init {file}"), &written)]
}

impl Workflow {
    /// Every step of every job.
    fn steps(&self) -> Vec<&Value> {
        let jobs = self.yaml["jobs"].as_object().unwrap_or_else(|| panic!("{}: no jobs", self.name));
        jobs.values().flat_map(|job| job["steps"].as_array().into_iter().flatten()).collect()
    }

    /// Every `run:` script.
    fn scripts(&self) -> Vec<&str> {
        self.steps().into_iter().filter_map(|step| step["run"].as_str()).collect()
    }

    /// The step that uses `action` (`actions/checkout`), with the version it pins.
    fn uses(&self, action: &str) -> Vec<&Value> {
        let prefix = format!("{action}@");
        self.steps().into_iter().filter(|step| step["uses"].as_str().is_some_and(|u| u.starts_with(&prefix))).collect()
    }

    fn runs(&self, command: &str) -> bool {
        self.scripts().iter().any(|script| script.contains(command))
    }
}

/// Every checkout fetches the whole history (pages show when their file last changed).
fn checks_out_the_whole_history(workflow: &Workflow) {
    let checkouts = workflow.uses("actions/checkout");
    assert!(!checkouts.is_empty(), "{} checks out the repository", workflow.name);
    for checkout in checkouts {
        assert_eq!(checkout["with"]["fetch-depth"], Value::from(0), "{}: fetch-depth 0", workflow.name);
    }
}

/// The repository's workflows build coursebook from the commit; init's install it from the
/// repository named in Cargo.toml, written once at the top for a fork to change.
fn gets_coursebook(workflow: &Workflow, own: bool) {
    assert!(workflow.runs("rustup toolchain install stable"), "{} installs Rust with rustup", workflow.name);
    if own {
        assert!(workflow.runs("cargo build --release"), "{} builds coursebook", workflow.name);
    } else {
        assert_eq!(
            workflow.yaml["env"]["COURSEBOOK_REPOSITORY"].as_str(),
            Some(env!("CARGO_PKG_REPOSITORY")),
            "{}: the repository of Cargo.toml",
            workflow.name
        );
        assert!(
            workflow.runs("cargo install --locked --git \"$COURSEBOOK_REPOSITORY\" coursebook"),
            "{} installs coursebook from it",
            workflow.name
        );
    }
}

/// The program that runs coursebook in the workflow: the binary just built, or the installed one.
fn coursebook(own: bool) -> &'static str {
    if own {
        "target/release/coursebook"
    } else {
        "coursebook"
    }
}

#[test]
fn the_check_workflows_check_and_build_the_course_at_every_push_and_pull_request() {
    for (workflow, own) in workflows("check.yml").iter().zip([true, false]) {
        let on = workflow.yaml["on"].as_object().unwrap_or_else(|| panic!("{}: `on` is a table", workflow.name));
        let triggers: BTreeSet<&str> = on.keys().map(String::as_str).collect();
        assert_eq!(triggers, BTreeSet::from(["pull_request", "push"]), "{}", workflow.name);
        assert!(on.values().all(Value::is_null), "{}: on every branch", workflow.name);
        assert_eq!(workflow.yaml["permissions"], serde_json::json!({"contents": "read"}), "{}", workflow.name);
        checks_out_the_whole_history(workflow);
        gets_coursebook(workflow, own);
        let program = coursebook(own);
        for command in
            [format!("{program} check --format github --deny-warnings"), format!("{program} build --deny-warnings")]
        {
            assert!(workflow.runs(&command), "{} runs `{command}`", workflow.name);
        }
    }
}

#[test]
fn the_pages_workflows_publish_with_the_official_actions() {
    for (workflow, own) in workflows("pages.yml").iter().zip([true, false]) {
        let name = &workflow.name;
        let yaml = &workflow.yaml;
        assert_eq!(yaml["on"]["push"], serde_json::json!({"branches": ["main"]}), "{name}: at every push to main");
        assert!(yaml["on"].as_object().unwrap().contains_key("workflow_dispatch"), "{name}: and by hand");
        assert_eq!(yaml["on"].as_object().unwrap().len(), 2, "{name}: nothing else");
        assert_eq!(
            yaml["permissions"],
            serde_json::json!({"contents": "read", "pages": "write", "id-token": "write"}),
            "{name}"
        );
        assert_eq!(yaml["concurrency"]["group"], "pages", "{name}");
        checks_out_the_whole_history(workflow);
        gets_coursebook(workflow, own);

        let configure = workflow.uses("actions/configure-pages");
        assert_eq!(configure.len(), 1, "{name} configures Pages");
        assert_eq!(configure[0]["uses"], "actions/configure-pages@v5", "{name}");
        assert_eq!(configure[0]["id"], "pages", "{name}: its outputs are read as steps.pages");
        let build = workflow
            .steps()
            .into_iter()
            .find(|step| step["run"].as_str().is_some_and(|run| run.contains(&format!("{} build", coursebook(own)))))
            .unwrap_or_else(|| panic!("{name} builds the site"));
        assert_eq!(
            build["env"]["COURSEBOOK_SITE_URL"], "${{ steps.pages.outputs.base_url }}",
            "{name}: the site's address from the repository's Pages settings"
        );
        let run = build["run"].as_str().unwrap();
        assert!(run.contains("--deny-warnings"), "{name}: {run}");
        let dest = run.split_whitespace().skip_while(|word| *word != "--dest").nth(1).expect("--dest");
        let upload = workflow.uses("actions/upload-pages-artifact");
        assert_eq!(upload.len(), 1, "{name} uploads the site");
        assert_eq!(upload[0]["uses"], "actions/upload-pages-artifact@v3", "{name}");
        assert_eq!(upload[0]["with"]["path"], dest, "{name}: the folder the site was built into");

        let deploy = &yaml["jobs"]["deploy"];
        assert_eq!(deploy["needs"], "build", "{name}");
        assert_eq!(deploy["environment"]["name"], "github-pages", "{name}");
        assert_eq!(deploy["environment"]["url"], "${{ steps.deployment.outputs.page_url }}", "{name}");
        let steps = deploy["steps"].as_array().unwrap();
        assert_eq!(steps.len(), 1, "{name}");
        assert_eq!(steps[0]["uses"], "actions/deploy-pages@v4", "{name}");
        assert_eq!(steps[0]["id"], "deployment", "{name}");
    }
}

/// Each call of coursebook in a script: the words after the program, up to the end of its
/// command (`&&`, `||`, `;`, `|`). A line ending in `\` goes on on the next one.
fn coursebook_calls(script: &str) -> Vec<Vec<String>> {
    let joined = script.replace("\\\n", " ");
    let mut calls = Vec::new();
    for line in joined.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        let mut at_start = true;
        let mut call: Option<Vec<String>> = None;
        for word in words {
            if ["&&", "||", ";", "|"].contains(&word) {
                calls.extend(call.take());
                at_start = true;
                continue;
            }
            if let Some(call) = call.as_mut() {
                call.push(word.to_string());
            } else if at_start && (word == "coursebook" || word.ends_with("/coursebook")) {
                call = Some(Vec::new());
            } else if !(at_start && word.contains('=') && !word.starts_with('-')) {
                // A variable set for the command (`A=b coursebook …`) keeps the command's start.
                at_start = false;
            }
        }
        calls.extend(call);
    }
    calls
}

/// The flags and subcommands a `--help` text lists (`-d, --dest <DEST>` gives `-d` and `--dest`).
fn listed_in_help(args: &[&str]) -> BTreeSet<String> {
    let run = common::run_in(Path::new(env!("CARGO_MANIFEST_DIR")), args);
    run.expect_code(0);
    run.stdout()
        .split_whitespace()
        .map(|word| word.trim_matches(|c: char| matches!(c, ',' | '[' | ']' | '<' | '>' | '.')).to_string())
        .collect()
}

#[test]
fn every_coursebook_command_in_a_workflow_exists() {
    let subcommands = listed_in_help(&["--help"]);
    let mut problems = Vec::new();
    let mut calls = 0;
    for workflow in workflows("check.yml").into_iter().chain(workflows("pages.yml")) {
        for script in workflow.scripts() {
            for call in coursebook_calls(script) {
                calls += 1;
                let Some(subcommand) = call.first() else {
                    problems.push(format!("{}: `coursebook` without a subcommand", workflow.name));
                    continue;
                };
                if !subcommands.contains(subcommand) {
                    problems.push(format!("{}: `coursebook {subcommand}` is not a subcommand", workflow.name));
                    continue;
                }
                let flags = listed_in_help(&[subcommand, "--help"]);
                for flag in call.iter().filter(|word| word.starts_with('-')) {
                    let flag = flag.split('=').next().unwrap_or(flag);
                    if !flags.contains(flag) {
                        problems.push(format!(
                            "{}: `coursebook {subcommand}` has no flag `{flag}` (`coursebook {subcommand} --help`)",
                            workflow.name
                        ));
                    }
                }
            }
        }
    }
    assert!(calls >= 6, "every workflow calls coursebook ({calls} calls found)");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn coursebook_calls_are_found_where_a_shell_would_run_them() {
    let script = "cargo install --locked --git \"$X\" coursebook\nA=1 target/release/coursebook build --dest _site && coursebook check \\\n  --deny-warnings\necho coursebook";
    let calls = coursebook_calls(script);
    assert_eq!(calls, vec![vec!["build", "--dest", "_site"], vec!["check", "--deny-warnings"]]);
}

// Runs the real search.js over a built site for a list of questions, for the relevance test:
// node tests/js/relevance.js SEARCH_JS SITE_DIR QUESTIONS_TSV [TOP]
// Prints one JSON object per question: the query, the chapters that answer it, the pages of the
// first TOP section results, and for each whether the query names that chapter (its title holds
// the query's words).
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const [searchJs, site, questionsFile, topArg] = process.argv.slice(2);
const top = Number(topArg || 3);
global.window = global;
global.location = { search: "" };
// Injected <script> tags are run at once from the site folder, as a browser would from file://.
global.document = {
  body: { getAttribute: () => "" },
  head: { appendChild(script) { vm.runInThisContext(fs.readFileSync(path.join(site, script.src), "utf8")); } },
  createElement: () => ({}),
  querySelector: () => null,
  addEventListener: () => {},
};
global.URLSearchParams = URLSearchParams;
vm.runInThisContext(fs.readFileSync(searchJs, "utf8"));
const search = global.coursebookSearch;

const questions = fs.readFileSync(questionsFile, "utf8").split("\n")
  .filter((line) => line.trim() && !line.startsWith("#"))
  .map((line) => { const [query, answers] = line.split("\t"); return { query, answers: answers.trim().split(/\s+/) }; });
const out = [];
for (const q of questions) {
  search.search(q.query, (terms, docs, suggestions, analysis) => {
    const pages = [], about = [];
    const core = analysis ? analysis.core.replace(/ /g, "") : "";
    docs.slice(0, top).forEach((r) => {
      pages.push(r.page[0].replace(/\.html$/, ""));
      about.push(core.length > 1 && search.normalize(r.page[1]).indexOf(core) >= 0);
    });
    out.push({ query: q.query, answers: q.answers, pages, about });
  });
}
process.stdout.write(JSON.stringify(out));

// Runs the browser's tokenizer (themes/default/static/search.js) on a table of cases, for the
// Rust/JS parity test: node tests/js/tokenizer.js SEARCH_JS CASES_JSON BITS PARTS
"use strict";
const fs = require("fs");
const vm = require("vm");

const [searchJs, casesJson, bits, parts] = process.argv.slice(2);
/* The shard whose Bloom filter the probes are for (the same in tokenizer_parity.rs). */
const SHARD = 5;
global.window = global;
global.location = { search: "" };
global.document = {
  body: { getAttribute: () => "" },
  head: { appendChild() {} },
  createElement: () => ({}),
  querySelector: () => null,
  addEventListener: () => {},
};
vm.runInThisContext(fs.readFileSync(searchJs, "utf8"));
const search = global.coursebookSearch;
const cases = JSON.parse(fs.readFileSync(casesJson, "utf8"));
const results = cases.map((text) => {
  const normalized = search.normalize(text);
  const terms = search.queryTerms(normalized);
  return {
    normalized, terms, tokens: search.tokens(normalized), probes: terms.map((t) => search.probes(t, SHARD, Number(bits))),
    parts: terms.map((t) => search.partOf(t, Number(parts))),
  };
});
process.stdout.write(JSON.stringify(results));

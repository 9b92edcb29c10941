// Times search queries with Node.js on a built site, running the same search.js the browser
// runs (a minimal DOM stands in for the page: search.js only injects <script> tags).
//
//   cargo run --release --example gen_corpus -- /tmp/corpus 6000
//   target/release/coursebook build /tmp/corpus/coursebook
//   node benches/search_query.js /tmp/corpus/coursebook/book
//
// Prints, per query: the first run (loading the files it needs: parts of the glossary's words,
// terms, parts of the filters, shards) and the median of 20 warm runs, the number of results,
// and the files and kilobytes the first run loaded (what a phone reads for it).
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const site = process.argv[2];
if (!site) {
  console.error("usage: node benches/search_query.js SITE_DIR [QUERY ...]");
  process.exit(2);
}
const loaded = [];
let loadedBytes = 0;
global.window = global;
global.location = { search: "" };
global.document = {
  body: { getAttribute: () => "" },
  head: {
    appendChild(script) {
      loaded.push(script.src);
      const text = fs.readFileSync(path.join(site, script.src), "utf8");
      loadedBytes += Buffer.byteLength(text);
      vm.runInThisContext(text);
    },
  },
  createElement: () => ({}),
  querySelector: () => null,
  addEventListener: () => {},
};
vm.runInThisContext(fs.readFileSync(path.join(site, "_theme/search.js"), "utf8"));

function run(query) {
  let result = null;
  global.coursebookSearch.search(query, (terms, docs) => { result = { terms, docs }; });
  if (!result) throw new Error("search did not finish synchronously for " + query);
  return result;
}

const queries = process.argv.length > 3 ? process.argv.slice(3) : ["退货", "客户", "服务 质量", "FAQ", "求实心理", "没有这个词"];
console.log("query".padEnd(14) + "first ms".padStart(10) + "warm ms".padStart(10) + "results".padStart(9) +
  "files".padStart(7) + "shards".padStart(8) + "KB".padStart(8));
for (const query of queries) {
  const before = loaded.length, bytesBefore = loadedBytes;
  let t = process.hrtime.bigint();
  const first = run(query);
  const firstMs = Number(process.hrtime.bigint() - t) / 1e6;
  const times = [];
  for (let i = 0; i < 20; i++) {
    t = process.hrtime.bigint();
    run(query);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  const files = loaded.slice(before);
  const shards = files.filter((f) => f.includes("shard-")).length;
  console.log(query.padEnd(14) + firstMs.toFixed(1).padStart(10) + times[10].toFixed(2).padStart(10) +
    String(first.docs.length + first.terms.length).padStart(9) + String(files.length).padStart(7) +
    String(shards).padStart(8) + ((loadedBytes - bytesBefore) / 1024).toFixed(0).padStart(8));
}
console.log("loaded in all: " + loaded.length + " files, " + (loadedBytes / 1024).toFixed(0) + " KB, " +
  loaded.filter((f) => f.includes("shard-")).length + " shards");

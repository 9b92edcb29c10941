/* coursebook search: runs from file:// (classic scripts only: no fetch, modules or workers).
 * The index (search/index.js and its shards) is injected with <script> tags on first use.
 * Tokenizer rules mirror src/search/tokenize.rs: fold full-width ASCII, lowercase; CJK runs give
 * characters and overlapping pairs; other letters and digits give words. */
(function () {
  "use strict";
  var body = document.body;
  var root = body.getAttribute("data-root") || "";
  var state = { main: null, shards: {}, waiting: [], requested: {} };

  /* ---------- tokenizer (same rules as the Rust index) ---------- */
  function normalize(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      if (c >= 0xff01 && c <= 0xff5e) out += String.fromCharCode(c - 0xfee0);
      else if (c === 0x3000) out += " ";
      else out += text.charAt(i);
    }
    return out.toLowerCase();
  }
  function isCjk(cp) {
    return (cp >= 0x3040 && cp <= 0x30ff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) ||
      (cp >= 0xac00 && cp <= 0xd7af) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x2ffff);
  }
  /* Letters and digits as Rust's char::is_alphanumeric counts them (vowel signs included). */
  var wordChar = /[\p{Alphabetic}\p{N}]/u;
  function chars(text) { return Array.from(text); }
  /* Required tokens of a query: words, and the pairs of each CJK run (its character if alone). */
  function queryTerms(normalized) {
    var cs = chars(normalized), terms = [], i = 0;
    while (i < cs.length) {
      var cp = cs[i].codePointAt(0);
      if (isCjk(cp)) {
        var start = i;
        while (i < cs.length && isCjk(cs[i].codePointAt(0))) i++;
        if (i - start === 1) terms.push(cs[start]);
        else for (var k = start; k + 1 < i; k++) terms.push(cs[k] + cs[k + 1]);
      } else if (wordChar.test(cs[i])) {
        var w = "";
        while (i < cs.length && wordChar.test(cs[i]) && !isCjk(cs[i].codePointAt(0))) w += cs[i++];
        terms.push(w);
      } else i++;
    }
    return terms.filter(function (t, n) { return terms.indexOf(t) === n; });
  }

  /* ---------- Bloom filter probes (mirror of search::probes) ---------- */
  var encoder = typeof TextEncoder !== "undefined" ? new TextEncoder() : null;
  function probes(token, bits) {
    var bytes = encoder ? encoder.encode(token) : unescape(encodeURIComponent(token)).split("").map(function (c) { return c.charCodeAt(0); });
    var h = 2166136261;
    for (var i = 0; i < bytes.length; i++) { h ^= bytes[i]; h = Math.imul(h, 16777619) >>> 0; }
    var g = Math.imul(h ^ (h >>> 15), 2246822507) >>> 0;
    g = ((g ^ (g >>> 13)) | 1) >>> 0;
    return [0, 1, 2].map(function (n) { return ((h + Math.imul(n, g)) >>> 0) % bits; });
  }
  function mayContain(shard, token) {
    if (!shard.bits) return true;
    if (!shard.bytes) shard.bytes = atob(shard.filter);
    return probes(token, shard.bits).every(function (p) { return (shard.bytes.charCodeAt(p >> 3) >> (p & 7)) & 1; });
  }

  /* ---------- loading ---------- */
  window.coursebookSearchIndex = {
    main: function (data) { state.main = data; flush(); },
    /* A shard's frequent characters are stored as two-byte codes (src/search/pack.rs);
     * `table` lists code, character, code, character… */
    shard: function (n, docs, table) {
      var map = {};
      for (var i = 0; i + 1 < (table || "").length; i += 2) map[table.charAt(i)] = table.charAt(i + 1);
      var unpack = function (s) { return table ? s.replace(/[\u0100-\u07ff]/g, function (c) { return map[c] || c; }) : s; };
      state.shards[n] = docs.map(function (d) {
        var heading = unpack(d[2]), text = unpack(d[3]);
        return { page: d[0], anchor: d[1] === 0 ? heading : d[1], heading: heading, text: text, norm: normalize(text), normHeading: normalize(heading) };
      });
      flush();
    }
  };
  function inject(file) {
    if (state.requested[file]) return;
    state.requested[file] = true;
    var s = document.createElement("script");
    s.src = root + file;
    s.onerror = function () { state.requested[file] = false; };
    document.head.appendChild(s);
  }
  function flush() {
    var pending = state.waiting;
    state.waiting = [];
    pending.forEach(function (job) { job(); });
  }
  /* Calls back once the main index is loaded. */
  function withMain(callback) {
    if (state.main) { callback(); return; }
    state.waiting.push(function () { withMain(callback); });
    inject("search/index.js");
  }
  /* Calls back once the given shards are loaded. */
  function withShards(list, callback) {
    var missing = list.filter(function (n) { return !state.shards[n]; });
    if (!missing.length) { callback(); return; }
    state.waiting.push(function () { withShards(list, callback); });
    missing.forEach(function (n) { inject(state.main.shards[n].file); });
  }

  /* ---------- matching and ranking ---------- */
  /* A section matches when it holds every query token; the shards whose Bloom filter rules a
   * token out are never loaded. Terms whose name, English name or alias match come first, and
   * the chapter defining each is listed too. */
  function search(query, callback) {
    var q = normalize(query).replace(/\s+/g, " ").trim();
    var terms = queryTerms(q);
    if (!terms.length) { callback([], []); return; }
    withMain(function () {
      var hits = termHits(q);
      var needed = [];
      state.main.shards.forEach(function (shard, n) {
        if (terms.every(function (t) { return mayContain(shard, t); })) needed.push(n);
      });
      hits.forEach(function (hit) {
        var shard = state.main.pages[hit.term.page][2];
        if (needed.indexOf(shard) < 0) needed.push(shard);
      });
      withShards(needed, function () { callback(hits, rank(q, terms, hits, needed)); });
    });
  }
  function rank(q, terms, hits, shards) {
    var results = [], listed = {}, defining = {};
    hits.forEach(function (hit) { defining[hit.term.page] = normalize(hit.term.name); });
    shards.forEach(function (n) {
      state.shards[n].forEach(function (doc, order) {
        var hay = doc.normHeading + " " + doc.norm;
        var page = state.main.pages[doc.page];
        var score = 0;
        if (terms.every(function (t) { return hay.indexOf(t) >= 0; })) {
          if (hay.indexOf(q) >= 0) score += 100;                      /* exact substring */
          if (doc.normHeading.indexOf(q) >= 0) score += 40;           /* in the heading */
          if (normalize(page[1]).indexOf(q) >= 0) score += 20;        /* in the page title */
          score += Math.min(10, hay.split(terms[0]).length - 1);
        }
        var name = defining[doc.page];
        if (name !== undefined && !listed[doc.page] && hay.indexOf(name) >= 0) {
          listed[doc.page] = true;                                     /* where the term is defined */
          score += 90;
        }
        if (score > 0) results.push({ doc: doc, page: page, score: score, order: n * 1e6 + order });
      });
    });
    results.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
    return results;
  }
  function termHits(q) {
    var hits = [];
    state.main.terms.forEach(function (term) {
      var forms = [term.name].concat(term.en ? [term.en] : [], term.aliases);
      var best = 0;
      forms.forEach(function (form) {
        var f = normalize(form);
        if (f === q) best = Math.max(best, 3);
        else if (f.indexOf(q) >= 0) best = Math.max(best, 2);
        else if (q.length > 1 && q.indexOf(f) >= 0) best = Math.max(best, 1);
      });
      if (best) hits.push({ term: term, score: best * 10 + term.level });
    });
    hits.sort(function (a, b) { return b.score - a.score; });
    return hits.slice(0, 5);
  }

  /* ---------- rendering ---------- */
  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]; });
  }
  /* A window of text around the first match, every query token marked. */
  function snippet(doc, q, terms) {
    var text = doc.text, norm = doc.norm;
    if (norm.length !== text.length) norm = text.toLowerCase();
    var at = norm.indexOf(q);
    if (at < 0) at = Math.max(0, norm.indexOf(terms[0]));
    var start = Math.max(0, at - 30), end = Math.min(text.length, at + q.length + 60);
    var marks = [q].concat(terms).filter(function (t) { return t; }).sort(function (a, b) { return b.length - a.length; });
    var out = "", i = start;
    while (i < end) {
      var hit = null;
      for (var m = 0; m < marks.length; m++) {
        if (norm.substr(i, marks[m].length) === marks[m]) { hit = marks[m]; break; }
      }
      if (hit) { out += "<mark>" + escapeHtml(text.substr(i, hit.length)) + "</mark>"; i += hit.length; }
      else { out += escapeHtml(text.charAt(i)); i++; }
    }
    return (start > 0 ? "…" : "") + out + (end < text.length ? "…" : "");
  }
  function render(list, query, terms, docs, limit) {
    var q = normalize(query).replace(/\s+/g, " ").trim();
    var qTerms = queryTerms(q);
    var html = "";
    terms.forEach(function (hit) {
      var t = hit.term;
      html += '<li class="search-result result-term"><a href="' + root + "glossary.html#" + encodeURIComponent(t.id) + '">' +
        '<span class="result-title">' + escapeHtml(t.name) + ' <span class="stars">' + t.stars + '</span>' +
        (t.en ? ' <span class="term-en">' + escapeHtml(t.en) + '</span>' : "") + '</span>' +
        '<span class="result-snippet">' + escapeHtml(t.definition) + '</span></a></li>';
    });
    docs.slice(0, limit).forEach(function (r) {
      var href = root + r.page[0] + (r.doc.anchor ? "#" + encodeURIComponent(r.doc.anchor) : "");
      html += '<li class="search-result"><a href="' + href + '">' +
        '<span class="result-title">' + escapeHtml(r.page[1]) + '</span>' +
        (r.doc.heading ? '<span class="result-section">' + escapeHtml(r.doc.heading) + '</span>' : "") +
        '<span class="result-snippet">' + snippet(r.doc, q, qTerms) + '</span></a></li>';
    });
    list.innerHTML = html;
    return terms.length + Math.min(limit, docs.length);
  }

  /* ---------- keyboard navigation ---------- */
  function move(list, delta) {
    var items = list.querySelectorAll(".search-result");
    if (!items.length) return;
    var current = list.querySelector(".search-result.active");
    var index = Array.prototype.indexOf.call(items, current) + delta;
    if (current) current.classList.remove("active");
    index = (index + items.length) % items.length;
    items[index].classList.add("active");
    items[index].scrollIntoView({ block: "nearest" });
  }
  function open(list) {
    var target = list.querySelector(".search-result.active a") || list.querySelector(".search-result a");
    if (target) { window.location.href = target.href; return true; }
    return false;
  }
  function bind(input, list, limit, status) {
    var timer = null;
    function run() {
      var query = input.value;
      if (!query.trim()) { list.innerHTML = ""; if (status) status.textContent = ""; list.hidden = true; return; }
      if (status) status.textContent = body.getAttribute("data-search-loading");
      search(query, function (terms, docs) {
        if (input.value !== query) return;
        var shown = render(list, query, terms, docs, limit);
        list.hidden = false;
        if (status) status.textContent = shown ? body.getAttribute("data-search-count").replace("{n}", docs.length + terms.length) : body.getAttribute("data-search-none");
        if (!shown && !status) list.innerHTML = '<li class="search-empty">' + escapeHtml(body.getAttribute("data-search-none")) + "</li>";
      });
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 80); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") { e.preventDefault(); move(list, 1); }
      else if (e.key === "ArrowUp") { e.preventDefault(); move(list, -1); }
      else if (e.key === "Enter") { if (list.querySelector(".search-result")) { e.preventDefault(); open(list); } }
      else if (e.key === "Escape") { list.hidden = true; input.blur(); }
    });
    input.addEventListener("focus", function () { if (!state.main) inject("search/index.js"); });
    return run;
  }

  var pageInput = document.querySelector(".search-page-input");
  var pageList = document.querySelector(".search-page-results");
  if (pageInput && pageList) {
    var runPage = bind(pageInput, pageList, 50, document.querySelector(".search-status"));
    var q = new URLSearchParams(window.location.search).get("q");
    if (q) { pageInput.value = q; runPage(); }
  }
  var boxInput = document.querySelector(".search-input");
  if (boxInput) {
    var dropdown = document.createElement("ol");
    dropdown.className = "search-results search-dropdown";
    dropdown.hidden = true;
    boxInput.parentNode.appendChild(dropdown);
    bind(boxInput, dropdown, 8, null);
    document.addEventListener("click", function (e) { if (!boxInput.parentNode.contains(e.target)) dropdown.hidden = true; });
  }
  /* `/` and `s` focus the search box: app.js owns that shortcut. */
  window.coursebookSearch = { search: search, normalize: normalize, queryTerms: queryTerms, probes: probes };
})();

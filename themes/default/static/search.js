/* coursebook search: runs from file:// (classic scripts only: no fetch, modules or workers).
 * The index is injected with <script> tags as a query needs it: search/index.js (how many files
 * of each kind there are), then the parts of the glossary's words named by the query's
 * characters, the terms it finds with the parts of the Bloom filters named by its tokens, and
 * the shards those choose (src/search/). No file a query loads grows with the course.
 * Tokenizer rules mirror src/search/tokenize.rs: fold full-width ASCII, lowercase; CJK runs give
 * characters and overlapping pairs; other letters and digits give words. */
(function () {
  "use strict";
  var body = document.body;
  var root = body.getAttribute("data-root") || "";
  var state = { main: null, files: {}, waiting: [], requested: {} };

  /* ---------- tokenizer (same rules as the Rust index) ---------- */
  function normalize(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      if (c >= 0xff01 && c <= 0xff5e) out += String.fromCharCode(c - 0xfee0);
      else if (c === 0x3000) out += " ";
      else out += text.charAt(i);
    }
    return out.toLowerCase().replace(/[\u00c0-\u024f\u1e00-\u1eff]/g, foldLatin);
  }
  /* A Latin letter with an accent as its base letter (é → e), as src/search/tokenize.rs does. */
  function foldLatin(c) {
    var base = c.normalize("NFD").charAt(0);
    return /[a-zA-Z]/.test(base) ? base : c;
  }
  /* Scripts written without spaces between words (Han, kana, Hangul; Thai, Lao, Tibetan, Myanmar,
   * Khmer), cut into characters and their pairs, as tokenize.rs's is_unspaced. */
  function isUnspaced(cp) {
    return (cp >= 0x3040 && cp <= 0x30ff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) ||
      (cp >= 0xac00 && cp <= 0xd7af) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x2ffff) ||
      (cp >= 0x0e00 && cp <= 0x0fff) || (cp >= 0x1000 && cp <= 0x109f) || (cp >= 0x1780 && cp <= 0x17ff) ||
      (cp >= 0x19e0 && cp <= 0x19ff);
  }
  /* Letters and digits as Rust's char::is_alphanumeric counts them (vowel signs included). */
  var wordChar = /[\p{Alphabetic}\p{N}]/u;
  function chars(text) { return Array.from(text); }
  /* Required tokens of a query: words, and the pairs of each CJK run (its character if alone). */
  function queryTerms(normalized) {
    var cs = chars(normalized), terms = [], i = 0;
    while (i < cs.length) {
      var cp = cs[i].codePointAt(0);
      if (isUnspaced(cp)) {
        var start = i;
        while (i < cs.length && isUnspaced(cs[i].codePointAt(0))) i++;
        if (i - start === 1) terms.push(cs[start]);
        else for (var k = start; k + 1 < i; k++) terms.push(cs[k] + cs[k + 1]);
      } else if (wordChar.test(cs[i])) {
        var w = "";
        while (i < cs.length && wordChar.test(cs[i]) && !isUnspaced(cs[i].codePointAt(0))) w += cs[i++];
        terms.push(w);
      } else i++;
    }
    return terms.filter(function (t, n) { return terms.indexOf(t) === n; });
  }

  /* ---------- hashes: Bloom filter probes and parts (mirror of search::probes, search::part_of) ---------- */
  var encoder = typeof TextEncoder !== "undefined" ? new TextEncoder() : null;
  /* FNV-1a over the UTF-8 bytes of `text`. */
  function hash(text) {
    var bytes = encoder ? encoder.encode(text) : unescape(encodeURIComponent(text)).split("").map(function (c) { return c.charCodeAt(0); });
    var h = 2166136261;
    for (var i = 0; i < bytes.length; i++) { h ^= bytes[i]; h = Math.imul(h, 16777619) >>> 0; }
    return h;
  }
  function probesOf(h, bits) {
    var g = Math.imul(h ^ (h >>> 15), 2246822507) >>> 0;
    g = ((g ^ (g >>> 13)) | 1) >>> 0;
    return [0, 1, 2].map(function (n) { return ((h + Math.imul(n, g)) >>> 0) % bits; });
  }
  /* A token's hash seeded by its shard, so that pieces of the same words in many shards do not
   * err together (search::filter::shard_hash). */
  function shardHash(h, shard) { return (h ^ Math.imul(shard + 1, 0x9e3779b1)) >>> 0; }
  function probes(token, shard, bits) { return probesOf(shardHash(hash(token), shard), bits); }
  /* The part, of `parts`, holding a key of hash `h` (murmur3's finalizer over the hash). */
  function partOfHash(h, parts) {
    var m = (h ^ (h >>> 16)) >>> 0;
    m = Math.imul(m, 0x85ebca6b) >>> 0;
    m = (m ^ (m >>> 13)) >>> 0;
    m = Math.imul(m, 0xc2b2ae35) >>> 0;
    m = (m ^ (m >>> 16)) >>> 0;
    return m % Math.max(1, parts);
  }
  function partOf(key, parts) { return partOfHash(hash(key), parts); }
  /* Whether shard `n` may hold `token`: the piece of its filter in the token's part of the
   * filters (six bits a character, none when the shard has no token there); with one shard
   * and no filters, always. */
  function mayContain(n, token) {
    if (!state.main.filters) return true;
    var h = hash(token), part = state.files[fileOf("filters", partOfHash(h, state.main.filters))];
    if (!part[n]) return false;
    var decoded = part.decoded || (part.decoded = []);
    var bytes = decoded[n] || (decoded[n] = atob(part[n]));
    return probesOf(shardHash(h, n), part[n].length * 6).every(function (p) { return (bytes.charCodeAt(p >> 3) >> (p & 7)) & 1; });
  }

  /* Whether the code point `cp`, at `at` in `text`, is a letter or digit (wordChar, tested in
   * place: no string is cut out for it). */
  var wordCharAt = /[\p{Alphabetic}\p{N}]/uy;
  function isWordCode(cp, text, at) {
    if (cp < 128) return (cp >= 48 && cp <= 57) || (cp >= 97 && cp <= 122) || (cp >= 65 && cp <= 90);
    wordCharAt.lastIndex = at;
    return wordCharAt.test(text);
  }
  /* Every token of normalized text, in order: what the index's Bloom filters hold (mirror of
   * tokenize::tokens): CJK characters and their overlapping pairs, other words whole. Walks the
   * string once without splitting it: shards are tokenized when first searched. */
  function tokens(text) {
    var out = [], i = 0, n = text.length, previous = "";
    while (i < n) {
      var cp = text.codePointAt(i), width = cp > 0xffff ? 2 : 1;
      if (isUnspaced(cp)) {
        var c = text.slice(i, i + width);
        if (previous) out.push(previous + c);
        out.push(c);
        previous = c;
        i += width;
        continue;
      }
      previous = "";
      if (!isWordCode(cp, text, i)) { i += width; continue; }
      var start = i;
      for (i += width; i < n; i += width) {
        cp = text.codePointAt(i);
        width = cp > 0xffff ? 2 : 1;
        if (isUnspaced(cp) || !isWordCode(cp, text, i)) break;
      }
      out.push(text.slice(start, i));
    }
    return out;
  }

  /* ---------- loading ---------- */
  var MAIN = "search/index.js";
  function fileOf(kind, n) { return "search/" + kind + "-" + n + ".js"; }
  function shardOf(n) { return state.files[fileOf("shard", n)]; }
  window.coursebookSearchIndex = {
    main: function (data) { state.main = data; arrived(MAIN, data); },
    /* Shard `n` holds pages `first`, `first` + 1… ([address, title] each) and their sections,
     * whose frequent characters are stored as two-byte codes (src/search/pack.rs); `table`
     * lists code, character, code, character… */
    shard: function (n, first, pages, docs, table) {
      var map = {};
      for (var i = 0; i + 1 < (table || "").length; i += 2) map[table.charAt(i)] = table.charAt(i + 1);
      var unpack = function (s) { return table ? s.replace(/[\u0100-\u07ff]/g, function (c) { return map[c] || c; }) : s; };
      arrived(fileOf("shard", n), { docs: docs.map(function (d) {
        var heading = unpack(d[2]), text = unpack(d[3]);
        return { page: first + d[0], info: pages[d[0]], anchor: d[1] === 0 ? heading : d[1], heading: heading, text: text, norm: normalize(text), normHeading: normalize(heading) };
      }) });
    },
    /* A part of the Bloom filters (`filters`) or of the glossary's words and terms (`words`,
     * `forms`, `more`, `chars`, `terms`: src/search/lookup.rs). */
    part: function (kind, n, data) { arrived(fileOf(kind, n), data); }
  };
  function arrived(file, data) {
    state.files[file] = data;
    flush();
  }
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
  /* Calls back once every file of `files` is loaded. */
  function withFiles(files, callback) {
    var missing = files.filter(function (file) { return !state.files[file]; });
    if (!missing.length) { callback(); return; }
    state.waiting.push(function () { withFiles(files, callback); });
    missing.forEach(function (file) { inject(file); });
  }
  /* Each item once, in order. */
  function distinct(items) { return items.filter(function (x, i) { return items.indexOf(x) === i; }); }

  /* ---------- the inverted index, built when a shard is first searched ---------- */
  /* Postings per token: section, count in the section's text, and whether the token is in the
   * section's heading (1) or its chapter's title (2). */
  function postings(n) {
    var shard = shardOf(n);
    if (shard.postings) return shard.postings;
    var post = new Map(), titles = {};
    shard.length = 0;
    var counts = new Map(), flags = new Map();
    shard.docs.forEach(function (doc, d) {
      counts.clear();
      flags.clear();
      var page = doc.page;
      if (titles[page] === undefined) titles[page] = normalize(doc.info[1]);
      doc.normTitle = titles[page];
      tokens(doc.normTitle).forEach(function (t) { flags.set(t, 2); });
      tokens(doc.normHeading).forEach(function (t) { flags.set(t, (flags.get(t) || 0) | 1); });
      var text = tokens(doc.norm);
      for (var i = 0; i < text.length; i++) counts.set(text[i], (counts.get(text[i]) || 0) + 1);
      flags.forEach(function (_, t) { if (!counts.has(t)) counts.set(t, 0); });
      doc.length = text.length + 1;
      shard.length += doc.length;
      counts.forEach(function (tf, token) {
        var list = post.get(token);
        if (!list) post.set(token, list = []);
        list.push(d, tf, flags.get(token) || 0);
      });
    });
    shard.postings = post;
    return post;
  }

  /* ---------- what a query asks ---------- */
  /* Question words and particles: they say how a student asks, not what about. Removed from
   * the query unless nothing else is left, the longest first (什么时候 before 什么); the words
   * of STOP_KEEP hold one but are kept whole (目的地, 的确如此: 的 is no particle there). */
  var STOP_PHRASES = ["为什么", "怎么办", "怎么样", "怎么", "怎样", "如何", "什么样", "什么", "为何", "哪些",
    "哪个", "哪里", "哪儿", "是否", "是不是", "能不能", "可不可以", "可以吗", "有没有", "请问", "一下",
    "应该", "的话", "可以", "哪天", "什么时候", "多久", "多长时间", "的"];
  var STOP_KEEP = ["目的", "的确"];
  var STOP_PATTERN = new RegExp(STOP_KEEP.concat(STOP_PHRASES)
    .sort(function (a, b) { return b.length - a.length; }).join("|"), "g");
  var STOP_LEADING = "是要请被在把就都也";
  var STOP_TRAILING = "吗呢吧啊呀了么是";
  var STOP_WORDS = {};
  ("a an and are as at be by can do does for from how i in is it my of on or should the to " +
    "what when where which who why with you your").split(" ").forEach(function (w) { STOP_WORDS[w] = true; });

  /* Groups of words that mean the same: the course's [search] synonyms, then each glossary
   * term's name, English name and aliases (normalized, those of two characters or more), of
   * those the query's characters looked up (`lookup`): every group holding a word the query
   * holds. Each form maps to every form it is grouped with, itself first. */
  function synonymForms(found) {
    var groups = found.synonyms.concat(found.groups);
    var byForm = {};
    groups.forEach(function (forms) {
      forms.forEach(function (f) {
        var all = byForm[f] || (byForm[f] = [f]);
        forms.forEach(function (g) { if (all.indexOf(g) < 0) all.push(g); });
      });
    });
    var list = Object.keys(byForm).map(function (f) { return { form: f, group: byForm[f] }; });
    list.sort(function (a, b) { return b.form.length - a.form.length; });
    return list;
  }
  function isWordAt(text, at) { return at >= 0 && at < text.length && /[a-z0-9]/.test(text.charAt(at)); }
  /* The query as concepts: each a list of alternative forms (each a list of tokens), the first
   * of them what the student typed. A synonym is one concept; so is every pair of characters and
   * every word the student typed outside a synonym. Single characters of longer runs add a
   * little evidence on their own (`soft`). A synonym found is cut out with a mark no word holds,
   * so that no other synonym is found across it: a synonym found always stands in the query as
   * typed, and starts with one of its pairs of characters (what `lookup` looked up). */
  var CUT = "\u0000";
  function analyze(query, found) {
    var q = normalize(query).replace(/\s+/g, " ").trim();
    var concepts = [], rest = " " + q + " ", marks = [];
    synonymForms(found).forEach(function (entry) {
      var at = rest.indexOf(entry.form);
      if (at < 0) return;
      var latin = /[a-z0-9]/.test(entry.form);
      if (latin && (isWordAt(rest, at - 1) || isWordAt(rest, at + entry.form.length))) return;
      rest = rest.slice(0, at) + CUT + rest.slice(at + entry.form.length);
      concepts.push({ forms: entry.group.map(function (f) { return queryTerms(f); }), weight: 1 });
      entry.group.forEach(function (f) { marks.push(f); });
    });
    rest = rest.split(CUT).join(" ");
    var core = rest.replace(STOP_PATTERN, function (m) { return STOP_KEEP.indexOf(m) >= 0 ? m : " "; });
    core = core.split(" ").map(function (piece) {
      if (STOP_WORDS[piece]) return "";
      var cs = chars(piece);
      while (cs.length > 2 && STOP_LEADING.indexOf(cs[0]) >= 0) cs.shift();
      while (cs.length > 2 && STOP_TRAILING.indexOf(cs[cs.length - 1]) >= 0) cs.pop();
      return cs.join("");
    }).join(" ").replace(/\s+/g, " ").trim();
    var terms = queryTerms(core);
    if (!concepts.length && !terms.length) terms = queryTerms(core = q);
    terms.forEach(function (t) {
      concepts.push({ forms: [[t]], weight: 1 });
      marks.push(t);
    });
    /* A character alone in its run is already a concept of its own. */
    var soft = tokens(core).filter(function (t) { return chars(t).length === 1 && isUnspaced(t.codePointAt(0)) && terms.indexOf(t) < 0; });
    if (concepts.length && soft.length) concepts.push({ forms: [soft], weight: 0.15, soft: true });
    return { q: q, core: core, concepts: concepts, marks: marks };
  }

  /* ---------- choosing shards ---------- */
  /* An index split by module loads the shards most likely to answer: those whose Bloom filter
   * holds the most of the query's rarer concepts; at most MAX_SHARDS, and always the shards of
   * the chapters that define a matching term. */
  var MAX_SHARDS = 8;
  /* The tokens whose filters choose the shards: those of every form of every concept but the
   * soft one. */
  function filterTokens(analysis) {
    var out = [];
    analysis.concepts.forEach(function (c) {
      if (!c.soft) c.forms.forEach(function (form) { out.push.apply(out, form); });
    });
    return out;
  }
  /* The parts of the filters holding the query's tokens; none with one shard. */
  function filterFiles(analysis) {
    var parts = state.main.filters;
    return parts ? distinct(filterTokens(analysis).map(function (t) { return fileOf("filters", partOf(t, parts)); })) : [];
  }
  function shardsFor(analysis, hits) {
    var shards = [];
    for (var s = 0; s < state.main.shards; s++) shards.push(s);
    var holds = analysis.concepts.filter(function (c) { return !c.soft; }).map(function (c) {
      return shards.map(function (shard) {
        return c.forms.some(function (form) { return form.length && form.every(function (t) { return mayContain(shard, t); }); });
      });
    });
    /* A shard's worth: how many of the query's concepts it may hold (each counted 1, plus a
     * little more the rarer it is across shards, to break ties). Counting concepts first keeps a
     * shard holding most of the query ahead of one holding a single rare, accidental pair. */
    var weights = shards.map(function () { return 0; });
    holds.forEach(function (row) {
      var count = row.filter(Boolean).length;
      row.forEach(function (has, n) { if (has) weights[n] += 1 + 0.5 / count; });
    });
    var best = Math.max.apply(null, weights.concat([0]));
    var chosen = shards.map(function (_, n) { return n; })
      .filter(function (n) { return best > 0 && weights[n] >= best * 0.5; })
      .sort(function (a, b) { return weights[b] - weights[a] || a - b; })
      .slice(0, MAX_SHARDS);
    hits.forEach(function (hit) {
      if (chosen.indexOf(hit.term.shard) < 0) chosen.push(hit.term.shard);
    });
    return chosen;
  }

  /* ---------- ranking ---------- */
  var K1 = 1.2, B = 0.75;
  /* Ranked sections of the loaded `shards`: BM25 per concept (the best of its forms; a synonym
   * counts SYNONYM_WEIGHT of what the typed form would), scaled by how much of the query a
   * section covers, then boosted for the exact phrase, the heading, the chapter title and the
   * section defining a matching term. */
  var SYNONYM_WEIGHT = 0.9, HEADING_WEIGHT = 1, TITLE_WEIGHT = 1.5, CHAPTER_WEIGHT = 0.25, OVERVIEW_WEIGHT = 0.5;
  function rank(analysis, hits, shards) {
    /* Sections of all loaded shards numbered 0…total-1; scores live in typed arrays. */
    var pool = [], offsets = [], length = 0;
    shards.forEach(function (n) {
      postings(n);
      offsets.push(pool.length);
      length += shardOf(n).length;
      pool.push.apply(pool, shardOf(n).docs);
    });
    var total = pool.length, average = length / Math.max(1, total);
    var score = new Float64Array(total), covered = new Float64Array(total), matched = new Uint8Array(total);
    var best = new Float64Array(total), form = new Float64Array(total), seen = new Uint16Array(total);
    var touched = [], totalWeight = 0;
    analysis.concepts.forEach(function (concept) {
      var bestTouched = [], conceptIdf = 0;
      concept.forms.forEach(function (tokensOfForm, f) {
        var typed = f === 0, scale = concept.weight * (typed ? 1 : SYNONYM_WEIGHT), formTouched = [];
        tokensOfForm.forEach(function (token) {
          var lists = shards.map(function (n) { return shardOf(n).postings.get(token); }), df = 0;
          lists.forEach(function (list) { if (list) df += list.length / 3; });
          /* A single character found in most sections says nothing about any of them. */
          if (!df || (concept.soft && df > total / 4)) return;
          var idf = Math.log(1 + (total - df + 0.5) / (df + 0.5));
          conceptIdf = Math.max(conceptIdf, idf);
          lists.forEach(function (list, k) {
            if (!list) return;
            for (var i = 0, base = offsets[k]; i < list.length; i += 3) {
              var d = base + list[i], tf = list[i + 1], flag = list[i + 2];
              var s = tf ? tf * (K1 + 1) / (tf + K1 * (1 - B + B * pool[d].length / average)) : 0;
              if (flag & 1) s += HEADING_WEIGHT;
              if (flag & 2) s += TITLE_WEIGHT;
              if (!seen[d]) formTouched.push(d);
              seen[d]++;
              form[d] += idf * s * scale;
            }
          });
        });
        /* Another word of a synonym group counts only where all of it is found, and as one word
         * (its tokens' mean): a long English name must not outweigh the word typed. */
        var whole = typed ? 0 : tokensOfForm.length;
        var divide = typed ? 1 : Math.max(1, tokensOfForm.length);
        formTouched.forEach(function (d) {
          var value = form[d] / divide;
          if (seen[d] >= whole && value > best[d]) {
            if (!best[d]) bestTouched.push(d);
            best[d] = value;
          }
          form[d] = 0;
          seen[d] = 0;
        });
      });
      var weight = concept.soft ? 0 : conceptIdf;
      totalWeight += weight;
      bestTouched.forEach(function (d) {
        if (!matched[d]) { matched[d] = 1; touched.push(d); }
        score[d] += best[d];
        covered[d] += weight;
        best[d] = 0;
      });
    });
    var results = [], chapters = {};
    touched.forEach(function (d) {
      var doc = pool[d], page = doc.info;
      var coverage = totalWeight ? covered[d] / totalWeight : 1;
      var s = score[d] * (0.25 + 0.75 * coverage * coverage);
      /* The home and module pages give an overview; a student's answer is in a chapter. */
      if (page.overview === undefined) page.overview = /(^|\/)index\.html$/.test(page[0]);
      if (page.overview) s *= OVERVIEW_WEIGHT;
      chapters[doc.page] = (chapters[doc.page] || 0) + s;
      results.push({ doc: doc, page: page, score: s, order: d });
    });
    /* A chapter whose other sections match too is more likely the answer. */
    results.forEach(function (r) { r.score += CHAPTER_WEIGHT * (chapters[r.doc.page] - r.score); });
    var byScore = function (a, b) { return b.score - a.score || a.order - b.order; };
    /* Only the best HEAD results are put in order (a list shows at most 50); the others follow
     * unordered. Boosts only raise a score, so re-sorting the boosted head is enough. */
    var split = partition(results, HEAD);
    var head = split[0], tail = split[1], defining = {}, definedOnce = {};
    head.sort(byScore);
    hits.forEach(function (hit) { defining[hit.term.page] = normalize(hit.term.name); });
    var phrase = analysis.core.replace(/ /g, "");
    head.forEach(function (r) {
      var doc = r.doc, boost = 1;
      if (phrase.length > 1) {
        if (doc.normHeading.indexOf(phrase) >= 0) boost += 1.5;
        else if (doc.norm.indexOf(phrase) >= 0) boost += 1;
        if (doc.normTitle.indexOf(phrase) >= 0) boost += 0.5;
      }
      var name = defining[doc.page];
      if (name !== undefined && !definedOnce[doc.page] && (doc.normHeading + " " + doc.norm).indexOf(name) >= 0) {
        definedOnce[doc.page] = true;
        boost += 2;
      }
      r.score *= boost;
    });
    head.sort(byScore);
    return diversify(head.concat(tail), phrase);
  }
  var HEAD = 200;
  /* The `size` results of highest score (ties: earlier first) and the others. */
  function partition(results, size) {
    if (results.length <= size) return [results.slice(), []];
    var scores = Float64Array.from(results, function (r) { return r.score; }).sort();
    var threshold = scores[scores.length - size], head = [], tail = [], ties = 0;
    results.forEach(function (r) {
      if (r.score > threshold) head.push(r);
      else if (r.score === threshold && ties < size) { head.push(r); ties++; }
      else tail.push(r);
    });
    return [head, tail];
  }
  /* At most one section per chapter among the first three results and two among the first five,
   * unless the query names the chapter itself or the other chapters' sections score under half
   * as much; the rest keep their order. */
  function diversify(results, phrase) {
    var top = [], rest = [], count = {}, i = 0;
    for (; i < results.length && top.length < 5; i++) {
      var r = results[i], page = r.doc.page, n = count[page] || 0;
      var about = phrase.length > 1 && r.doc.normTitle.indexOf(phrase) >= 0;
      /* A section set aside comes back (within two per chapter) before one scoring under half of it. */
      while (top.length < 5 && rest.length && r.score < rest[0].score * 0.5 && (count[rest[0].doc.page] || 0) < 2) {
        var back = rest.shift();
        top.push(back);
        count[back.doc.page] = (count[back.doc.page] || 0) + 1;
      }
      if (top.length >= 5) { rest.push(r); continue; }
      if (about || n < (top.length < 3 ? 1 : 2)) { top.push(r); count[page] = n + 1; }
      else rest.push(r);
    }
    return top.concat(rest, results.slice(i));
  }

  /* ---------- the glossary's words (src/search/lookup.rs) ---------- */
  /* The keys a query looks the glossary up by: its pairs of characters, or its one character. */
  function lookupKeys(q) {
    var cs = chars(q), keys = [];
    if (cs.length === 1) return cs;
    for (var i = 0; i + 1 < cs.length; i++) keys.push(cs[i] + cs[i + 1]);
    return distinct(keys);
  }
  /* The parts of `words` named by the keys: every word the query holds starts with one of its
   * pairs, and a near match shares its middle pair with the query. */
  function wordFiles(keys) {
    return distinct(keys.map(function (k) { return fileOf("words", partOf(k, state.main.words)); }));
  }
  /* The pair of the query whose words hold every word holding the query: its pair the fewest
   * words hold (as the loaded parts of `words` count them); none when a pair is in no word. */
  function formKey(keys) {
    if (chars(keys[0]).length < 2) return null;
    var best = null, fewest = Infinity;
    keys.forEach(function (k) {
      var count = (state.files[fileOf("words", partOf(k, state.main.words))].k || {})[k] || 0;
      if (count < fewest) { fewest = count; best = k; }
    });
    return fewest ? best : null;
  }
  /* The part of `forms` holding the words that hold the query: that of `formKey`. */
  function formFiles(keys) {
    var key = formKey(keys);
    return key === null ? [] : [fileOf("forms", partOf(key, state.main.forms))];
  }
  /* A crowded pair (thousands of names alike all hold it) has its words in parts of `more`
   * instead, in the order termHits ranks the terms holding the query (level, then glossary
   * order), its part of `forms` saying where ([first part, how many]). Loads them in order until
   * five terms holding `q` are found, or none is left (every term ranked above the fifth is then
   * loaded, so no other can be shown), and calls back with the files loaded: the first part
   * alone, then two at a time, then four…, so that a query few terms hold waits for a handful of
   * rounds, not one per part. */
  function withMoreForms(q, keys, callback) {
    var key = formKey(keys), files = formFiles(keys), loaded = [];
    var crowded = files.length ? state.files[files[0]].m || {} : {};
    var span = Object.prototype.hasOwnProperty.call(crowded, key) ? crowded[key] : null;
    (function next(i, batch) {
      if (!span || i >= span[1] || termsHolding(q, loaded) >= 5) { callback(loaded); return; }
      var files = [];
      for (var n = i; n < Math.min(span[1], i + batch); n++) files.push(fileOf("more", span[0] + n));
      withFiles(files, function () { loaded = loaded.concat(files); next(i + batch, batch * 2); });
    })(0, 1);
  }
  /* How many terms have a word holding `q` in the loaded `files` of `more`. */
  function termsHolding(q, files) {
    var terms = {};
    files.forEach(function (file) {
      (state.files[file].f || []).forEach(function (e) { if (e[2].indexOf(q) >= 0) terms[e[0]] = true; });
    });
    return Object.keys(terms).length;
  }
  /* What the loaded parts hold for the query `q` (looked up by `keys`, with the parts of `more`
   * loaded for it): the [search] synonyms groups and the terms' groups (in order), each term
   * with its level and the words found (for termHits), and for a one-character query the terms
   * it finds. */
  function lookup(q, keys, more) {
    var files = distinct(wordFiles(keys).concat(formFiles(keys), more));
    var parts = files.map(function (file) { return state.files[file]; });
    var synonyms = {}, groups = {}, terms = {};
    function add(t, level, words) {
      var term = terms[t] || (terms[t] = { t: t, level: level, forms: [] });
      words.forEach(function (w) { if (term.forms.indexOf(w) < 0) term.forms.push(w); });
    }
    parts.forEach(function (part) {
      (part.s || []).forEach(function (e) { synonyms[e[0]] = e[1]; });
      (part.g || []).forEach(function (e) { groups[e[0]] = e[2]; add(e[0], e[1], e[2]); });
      (part.f || []).forEach(function (e) { add(e[0], e[1], [e[2]]); });
    });
    var inOrder = function (map) {
      return Object.keys(map).map(Number).sort(function (a, b) { return a - b; }).map(function (k) { return map[k]; });
    };
    var single = keys.length === 1 && chars(q).length === 1 ? (parts[0].c || {})[q] || [] : [];
    return {
      synonyms: inOrder(synonyms), groups: inOrder(groups), terms: inOrder(terms),
      single: single.map(function (e) { return { t: e[0], score: e[1] }; })
    };
  }
  var STARS = ["★", "★★", "★★★"];
  /* Term `t` as a result shows it, from its part of `terms`. */
  function termOf(t) {
    var per = state.main.terms, e = state.files[fileOf("terms", Math.floor(t / per))][t % per];
    return { name: e[0], en: e[1], level: e[2], stars: STARS[e[2] - 1] || "", id: e[3], glossary: e[4], definition: e[5], page: e[6], shard: e[7] };
  }
  function termFiles(ids) {
    return distinct(ids.map(function (t) { return fileOf("terms", Math.floor(t / state.main.terms)); }));
  }

  /* Glossary terms whose name, English name or alias matches the query (`found`, looked up by
   * its characters): [{ t, score }], the best five. A word that is the query scores 30, one that
   * holds it 20, one the query holds whole or one sharing most of its characters with it (a near
   * match) 10; plus the term's level. Less (5 + level) for what only repeats part of a longer
   * word the query holds: a held word inside it (`心态` in `员工心态培训有什么用`) and a near match
   * sharing only a piece of it (with names alike, every `相关术语N号` shares `相关术语1` with
   * `什么是相关术语1187号`, and must not push the named one out). Two words held side by side
   * (`机器学习中的过拟合`) keep their levels' order. */
  function termHits(q, found) {
    if (chars(q).length === 1) return found.single;
    var matches = [], qLength = chars(q).length;
    found.terms.forEach(function (term) {
      var best = 0, held = "", near = "";
      term.forms.forEach(function (f) {
        var length = chars(f).length;
        if (f === q) best = Math.max(best, 3);
        else if (f.indexOf(q) >= 0) best = Math.max(best, 2);
        else if (length > 1 && q.indexOf(f) >= 0) {
          best = Math.max(best, 1);
          if (f.length > held.length) held = f;
        } else if (!best && length >= 4 && qLength >= 4) {
          var run = sharedRun(f, q);
          if (chars(run).length >= Math.max(4, Math.ceil(length * 0.6))) { best = 1; near = run; }
        }
      });
      if (best) matches.push({ t: term.t, best: best, level: term.level, piece: held || near, whole: !!held });
    });
    var heldWords = matches.filter(function (m) { return m.best === 1 && m.whole; }).map(function (m) { return m.piece; });
    var hits = matches.map(function (m) {
      var repeats = m.best === 1 && heldWords.some(function (w) {
        return w.length > m.piece.length ? w.indexOf(m.piece) >= 0 : !m.whole && w === m.piece;
      });
      return { t: m.t, score: repeats ? 5 + m.level : m.best * 10 + m.level };
    });
    hits.sort(function (a, b) { return b.score - a.score; });
    return hits.slice(0, 5);
  }
  /* The longest run of `a`'s characters that is also in `b` (the first of those as long). */
  function sharedRun(a, b) {
    var cs = chars(a), best = 0, at = 0;
    for (var i = 0; i < cs.length; i++) {
      for (var j = i + best + 1; j <= cs.length && b.indexOf(cs.slice(i, j).join("")) >= 0; j++) { best = j - i; at = i; }
    }
    return cs.slice(at, at + best).join("");
  }
  /* When nothing matches: the glossary terms sharing the most characters with the query (the
   * characters of their names, from the parts of `chars`), calls back with them. */
  function nearestTerms(q, callback) {
    var wanted = distinct(chars(q).filter(function (c) { return c.trim(); }));
    var files = distinct(wanted.map(function (c) { return fileOf("chars", partOf(c, state.main.chars)); }));
    withFiles(files, function () {
      /* For each term whose name holds a wanted character: how many of its characters are
       * wanted, its name's length and its level. */
      var shared = {};
      wanted.forEach(function (c) {
        ((state.files[fileOf("chars", partOf(c, state.main.chars))].n || {})[c] || []).forEach(function (e) {
          var s = shared[e[0]] || (shared[e[0]] = { t: e[0], times: 0, length: e[2], level: e[3] });
          s.times += e[1];
        });
      });
      var scored = Object.keys(shared).map(Number).sort(function (a, b) { return a - b; }).map(function (t) {
        var s = shared[t];
        return { t: t, level: s.level, score: s.times / (s.length + wanted.length) };
      });
      scored.sort(function (a, b) { return b.score - a.score || b.level - a.level; });
      var best = scored.slice(0, 3).map(function (s) { return s.t; });
      withFiles(termFiles(best), function () { callback(best.map(termOf)); });
    });
  }

  /* Searches the course: calls back with the matching terms, the ranked sections and, when no
   * section matches, the nearest terms to suggest. Loads, in turn: the main file, the parts of
   * the glossary's words its pairs of characters name, the part of `forms` for its rarest
   * pair (and, for a crowded pair, the parts of `more` it needs); then (`searchFound`) the terms found with the parts of the filters its tokens name,
   * and the shards those choose. */
  function search(query, callback) {
    var whole = normalize(query).replace(/\s+/g, " ").trim(), q = clip(whole);
    if (!queryTerms(q).length) { callback([], [], [], null); return; }
    withFiles([MAIN], function () {
      var keys = lookupKeys(q);
      withFiles(wordFiles(keys), function () {
        withFiles(formFiles(keys), function () {
          withMoreForms(q, keys, function (more) { searchFound(q, lookup(q, keys, more), q !== whole, callback); });
        });
      });
    });
  }
  /* A query is searched by its first MAX_QUERY_CHARS characters from its first letter, digit or
   * CJK character: a paragraph pasted into the box would otherwise load a part of the glossary's
   * words per pair of its characters and a part of the filters per token, so that what a phone
   * reads would grow with what was pasted. A question a student types is shorter (an English one
   * of a dozen words fits). A cut inside a Latin word goes back to the word's start, so that no
   * piece of a word is searched as a word of its own. */
  var MAX_QUERY_CHARS = 80;
  function clip(q) {
    var cs = chars(q), start = 0;
    while (start < cs.length && !isUnspaced(cs[start].codePointAt(0)) && !wordChar.test(cs[start])) start++;
    if (cs.length - start <= MAX_QUERY_CHARS) return q;
    var end = start + MAX_QUERY_CHARS;
    var inWord = function (i) { return wordChar.test(cs[i]) && !isUnspaced(cs[i].codePointAt(0)); };
    if (inWord(end) && inWord(end - 1)) {
      var back = end;
      while (back > start && inWord(back - 1)) back--;
      if (back > start) end = back;
    }
    return cs.slice(start, end).join("").trim();
  }
  /* The rest of `search`, once the query `q` (cut short when `clipped`) is looked up in the
   * glossary (`found`). */
  function searchFound(q, found, clipped, callback) {
    var analysis = analyze(q, found), matches = termHits(q, found);
    analysis.clipped = clipped;
    var ids = matches.map(function (m) { return m.t; });
    withFiles(termFiles(ids).concat(filterFiles(analysis)), function () {
      var hits = matches.map(function (m) { return { term: termOf(m.t), score: m.score }; });
      var needed = shardsFor(analysis, hits);
      withFiles(needed.map(function (n) { return fileOf("shard", n); }), function () {
        var docs = rank(analysis, hits, needed);
        if (docs.length) callback(hits, docs, [], analysis);
        else nearestTerms(analysis.core || q, function (nearest) { callback(hits, docs, nearest, analysis); });
      });
    });
  }

  /* ---------- rendering ---------- */
  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]; });
  }
  /* A window of text around the first match, every word of the query (and its synonyms)
   * marked. */
  function snippet(doc, analysis) {
    var text = doc.text, norm = doc.norm;
    if (norm.length !== text.length) norm = text.toLowerCase();
    var marks = [analysis.q, analysis.core.replace(/ /g, "")].concat(analysis.marks)
      .filter(function (t) { return t && t.trim(); })
      .sort(function (a, b) { return b.length - a.length; });
    var at = -1;
    for (var m = 0; m < marks.length && at < 0; m++) at = norm.indexOf(marks[m]);
    at = Math.max(0, at);
    var start = Math.max(0, at - 30), end = Math.min(text.length, at + 90);
    var out = "", i = start;
    while (i < end) {
      var hit = null;
      for (var k = 0; k < marks.length; k++) {
        if (norm.substr(i, marks[k].length) === marks[k]) { hit = marks[k]; break; }
      }
      if (hit) { out += "<mark>" + escapeHtml(text.substr(i, hit.length)) + "</mark>"; i += hit.length; }
      else { out += escapeHtml(text.charAt(i)); i++; }
    }
    return (start > 0 ? "…" : "") + out + (end < text.length ? "…" : "");
  }
  var levelNames = (body.getAttribute("data-level-names") || "").split("|");
  function termItem(t, className) {
    return '<li class="' + className + '"><a href="' + root + (t.glossary || "glossary.html") + "#" + encodeURIComponent(t.id) + '">' +
      '<span class="result-title">' + escapeHtml(t.name) + ' <span class="stars" aria-hidden="true">' + t.stars + '</span>' +
      '<span class="visually-hidden">' + escapeHtml(levelNames[t.level - 1] || "") + '</span>' +
      (t.en ? ' <span class="term-en">' + escapeHtml(t.en) + '</span>' : "") + '</span>' +
      '<span class="result-snippet">' + escapeHtml(t.definition) + '</span></a></li>';
  }
  /* Sections first (the answers), then the matching glossary terms; with no section, the
   * nearest terms as suggestions. Returns how many sections are shown. */
  function render(list, terms, docs, suggestions, analysis, limit) {
    var html = "";
    docs.slice(0, limit).forEach(function (r) {
      var href = root + r.page[0] + (r.doc.anchor ? "#" + encodeURIComponent(r.doc.anchor) : "");
      html += '<li class="search-result"><a href="' + href + '">' +
        '<span class="result-title">' + escapeHtml(r.page[1]) + '</span>' +
        (r.doc.heading ? '<span class="result-section">' + escapeHtml(r.doc.heading) + '</span>' : "") +
        '<span class="result-snippet">' + snippet(r.doc, analysis) + '</span></a></li>';
    });
    var glossary = terms.map(function (hit) { return hit.term; });
    if (glossary.length) {
      html += '<li class="search-group" role="presentation">' + escapeHtml(body.getAttribute("data-search-terms") || "") + "</li>";
      glossary.forEach(function (t) { html += termItem(t, "search-result result-term"); });
    } else if (suggestions.length) {
      html += '<li class="search-group" role="presentation">' + escapeHtml(body.getAttribute("data-search-suggest") || "") + "</li>";
      suggestions.forEach(function (t) { html += termItem(t, "search-result result-term result-suggestion"); });
    }
    list.innerHTML = html;
    return Math.min(limit, docs.length);
  }

  /* ---------- keyboard navigation ---------- */
  /* The top bar's box is a combobox: its results a listbox whose options are the result links,
   * the one chosen with ↑ ↓ named by aria-activedescendant; a live region says how many were
   * found. The search page's list stays a list of links under its own status line. */
  function optionsOf(list) { return list.querySelectorAll(".search-result a"); }
  function setActive(input, list, index) {
    var items = list.querySelectorAll(".search-result");
    var current = list.querySelector(".search-result.active");
    if (current) {
      current.classList.remove("active");
      if (list.combobox) current.querySelector("a").setAttribute("aria-selected", "false");
    }
    if (index < 0 || !items.length) { input.removeAttribute("aria-activedescendant"); return; }
    var item = items[index], link = item.querySelector("a");
    item.classList.add("active");
    if (list.combobox) {
      link.setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", link.id);
    }
    item.scrollIntoView({ block: "nearest" });
  }
  function move(input, list, delta) {
    var items = list.querySelectorAll(".search-result");
    if (!items.length) return;
    var index = Array.prototype.indexOf.call(items, list.querySelector(".search-result.active")) + delta;
    setActive(input, list, (index + items.length) % items.length);
  }
  /* The combobox's listbox: the links as options, the rest as presentation. */
  function asOptions(list) {
    each(list.children, function (li) { li.setAttribute("role", li.classList.contains("search-empty") ? "option" : "none"); });
    each(optionsOf(list), function (link, i) {
      link.setAttribute("role", "option");
      link.setAttribute("aria-selected", "false");
      link.id = list.id + "-" + i;
    });
    var empty = list.querySelector(".search-empty");
    if (empty) empty.setAttribute("aria-disabled", "true");
  }
  function each(items, fn) { for (var i = 0; i < items.length; i++) fn(items[i], i); }
  function open(list) {
    var target = list.querySelector(".search-result.active a") || list.querySelector(".search-result:not(.result-suggestion) a");
    if (target) { window.location.href = target.href; return true; }
    return false;
  }
  function bind(input, list, limit, status) {
    var timer = null;
    function expand(shown) {
      list.hidden = !shown;
      if (list.combobox) input.setAttribute("aria-expanded", shown ? "true" : "false");
      if (!shown) setActive(input, list, -1);
    }
    function run() {
      var query = input.value;
      if (!query.trim()) { list.innerHTML = ""; if (status) status.textContent = ""; expand(false); return; }
      if (status && !list.combobox) status.textContent = body.getAttribute("data-search-loading");
      search(query, function (terms, docs, suggestions, analysis) {
        if (input.value !== query) return;
        var shown = analysis ? render(list, terms, docs, suggestions, analysis, limit) : 0;
        if (!analysis) list.innerHTML = "";
        var none = body.getAttribute("data-search-none");
        var found = shown ? docs.length : terms.length;
        var clipped = analysis && analysis.clipped ? (body.getAttribute("data-search-clipped") || "").replace("{n}", MAX_QUERY_CHARS) : "";
        if (status) status.textContent = (found ? body.getAttribute("data-search-count").replace("{n}", found) : none) + (clipped ? " · " + clipped : "");
        if (!shown && list.combobox) list.insertAdjacentHTML("afterbegin", '<li class="search-empty">' + escapeHtml(none) + "</li>");
        /* The box's own status is for screen readers only: the dropdown shows the cut too. */
        if (clipped && list.combobox) list.insertAdjacentHTML("beforeend", '<li class="search-note">' + escapeHtml(clipped) + "</li>");
        if (list.combobox) asOptions(list);
        expand(true);
      });
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 80); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") { e.preventDefault(); if (list.hidden && list.firstChild) expand(true); move(input, list, 1); }
      else if (e.key === "ArrowUp") { e.preventDefault(); move(input, list, -1); }
      else if (e.key === "Enter") { if (list.querySelector(".search-result")) { e.preventDefault(); open(list); } }
      else if (e.key === "Escape") { if (!list.hidden) { e.preventDefault(); expand(false); } else input.blur(); }
    });
    input.addEventListener("focus", function () { if (!state.main) inject(MAIN); });
    return { run: run, close: function () { expand(false); } };
  }

  var pageInput = document.querySelector(".search-page-input");
  var pageList = document.querySelector(".search-page-results");
  if (pageInput && pageList) {
    var page = bind(pageInput, pageList, 50, document.querySelector(".search-status"));
    var q = new URLSearchParams(window.location.search).get("q");
    if (q) { pageInput.value = q; page.run(); }
  }
  var boxInput = document.querySelector(".search-input");
  if (boxInput) {
    var dropdown = document.createElement("ol");
    dropdown.className = "search-results search-dropdown";
    dropdown.id = "search-dropdown";
    dropdown.hidden = true;
    dropdown.combobox = true;
    dropdown.setAttribute("role", "listbox");
    dropdown.setAttribute("aria-label", boxInput.getAttribute("aria-label") || "");
    var live = document.createElement("p");
    live.className = "search-live visually-hidden";
    live.setAttribute("role", "status");
    boxInput.setAttribute("role", "combobox");
    boxInput.setAttribute("aria-autocomplete", "list");
    boxInput.setAttribute("aria-expanded", "false");
    boxInput.setAttribute("aria-controls", dropdown.id);
    boxInput.parentNode.appendChild(dropdown);
    boxInput.parentNode.appendChild(live);
    var box = bind(boxInput, dropdown, 8, live);
    document.addEventListener("click", function (e) { if (!boxInput.parentNode.contains(e.target)) box.close(); });
  }
  /* `/` focuses the search box: app.js owns that shortcut. */
  window.coursebookSearch = { search: search, normalize: normalize, queryTerms: queryTerms, tokens: tokens, probes: probes, partOf: partOf, clip: clip };
})();

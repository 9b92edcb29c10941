/* coursebook exercises: grading, saved answers, chapter scores, progress on cards, the mistakes
   list and the revision drill. A classic script (no modules, no fetch): it works from file://.
   Everything here is an enhancement: without it the answers are plain <details>.
   Every string shown to the reader comes from the .quiz-labels element (the page's language). */
(function () {
  "use strict";
  var doc = document;
  var body = doc.body;
  var labels = doc.querySelector(".quiz-labels");
  if (!body || !labels || !window.coursebookStore || !window.coursebookKit) return;
  var root = body.getAttribute("data-root") || "";
  var forms = doc.querySelectorAll("form.quiz");

  var kit = window.coursebookKit;
  var each = kit.each;
  var closest = kit.closest;
  function label(name, values) { return kit.label(labels, name, values); }
  /* "回答错误。" + "正确答案：B" runs on; "Wrong." + "The answer is B" needs a space. */
  function joinLabels(first, second) {
    return first + (/[\x21-\x7e]$/.test(first) ? " " : "") + second;
  }
  function plain(text) { return String(text || "").replace(/\s+/g, " ").trim(); }

  /* ---------- storage ---------- */
  /* app.js's shared store, under "coursebook-quiz:<course>": { v: 1, answers: { key: record } }. */
  var saved = window.coursebookStore("quiz", function (data) {
    return !!data.answers && typeof data.answers === "object";
  }, function () { return { v: 1, answers: {} }; });
  function load() { return saved.load(); }
  var store = load();
  function update(change) {
    store = saved.update(function (data) { change(data.answers); });
  }

  /* ---------- one question ---------- */
  function kindOf(form) { return form.getAttribute("data-kind"); }
  function revealOf(form) { return form.getAttribute("data-reveal") || "after-attempt"; }
  function part(form, selector) { return form.querySelector(selector); }
  function choices(form) { return form.querySelectorAll(".quiz-choices input"); }
  function blanks(form) {
    var list = [];
    each(form.querySelectorAll(".quiz-blank"), function (input, i) {
      var n = parseInt(input.getAttribute("data-blank"), 10);
      list[isNaN(n) ? i : n] = input;
    });
    return list.filter(Boolean);
  }
  function gradable(form) {
    return kindOf(form) !== "open" && revealOf(form) !== "none" && form.hasAttribute("data-answer");
  }
  /* single/judge: "1"; multiple: sorted values; fill: one array of accepted answers per blank. */
  function answerOf(form) {
    var raw = form.getAttribute("data-answer");
    if (raw === null || kindOf(form) === "open") return null;
    if (kindOf(form) === "fill") {
      try { raw = JSON.parse(raw); } catch (e) { return null; }
      return Array.isArray(raw) ? raw.map(function (a) { return [].concat(a).map(String); }) : null;
    }
    if (kindOf(form) === "multiple") return raw.split(",").map(plain).filter(Boolean).sort();
    return plain(raw);
  }
  /* Full-width ASCII folded, case and spacing ignored: "ＡＢＣ  1" matches "abc 1". */
  function normalize(text) {
    return plain(String(text).replace(/[\uff01-\uff5e]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
    })).toLowerCase();
  }
  function blankRight(accepted, value) {
    var given = normalize(value || "");
    return (accepted || []).some(function (a) { return normalize(a) === given; });
  }
  /* What the reader answered, in the stored shape; null when nothing was answered. */
  function readGiven(form) {
    var kind = kindOf(form);
    if (kind === "fill") {
      var values = blanks(form).map(function (input) { return input.value; });
      return values.some(function (v) { return plain(v); }) ? values : null;
    }
    if (kind === "open") {
      var area = part(form, ".quiz-open");
      return area && plain(area.value) ? area.value : null;
    }
    var chosen = [];
    each(choices(form), function (input) { if (input.checked) chosen.push(input.value); });
    if (!chosen.length) return null;
    return kind === "multiple" ? chosen.sort() : chosen[0];
  }
  function grade(form, given) {
    var kind = kindOf(form), answer = answerOf(form);
    if (answer === null) return null;
    if (kind === "fill") return answer.every(function (accepted, i) { return blankRight(accepted, given[i]); });
    if (kind === "multiple") return answer.join(",") === given.join(",");
    return given === answer;
  }
  function answerText(form) {
    var kind = kindOf(form), answer = answerOf(form);
    if (kind === "judge") return label(answer === "true" ? "true" : "false");
    /* As the answer key writes it: the blanks' first answers apart as blanks (七；买家), not as
       alternatives of one blank (七 / 7), the letters as the course's language lists them. */
    if (kind === "fill") {
      return answer.map(function (accepted) { return accepted[0] || ""; }).join(label("blanks-separator"));
    }
    return [].concat(answer).map(function (v) { return String.fromCharCode(65 + parseInt(v, 10)); })
      .join(label("letters-separator"));
  }
  function putGiven(form, given) {
    var kind = kindOf(form);
    if (kind === "fill") {
      each(blanks(form), function (input, i) { input.value = given && given[i] != null ? String(given[i]) : ""; });
    } else if (kind === "open") {
      var area = part(form, ".quiz-open");
      if (area) area.value = given == null ? "" : String(given);
    } else {
      var list = [].concat(given == null ? [] : given).map(String);
      each(choices(form), function (input) { input.checked = list.indexOf(input.value) >= 0; });
    }
  }
  function feedbackText(form, record) {
    if (record.right === true) return label("right");
    if (record.right === false) return joinLabels(label("wrong"), label("answer-is", { answer: answerText(form) }));
    return label("open-done");
  }
  /* Draws a question as answered (record) or fresh (null): classes, marks, locks, buttons, reveal. */
  function show(form, record) {
    var kind = kindOf(form), done = !!record, answer = done ? answerOf(form) : null;
    form.classList.toggle("is-right", done && record.right === true);
    form.classList.toggle("is-wrong", done && record.right === false);
    form.classList.toggle("is-done", done && record.right !== true && record.right !== false);
    if (kind === "fill") {
      each(blanks(form), function (input, i) {
        var right = answer ? blankRight(answer[i], input.value) : null;
        input.readOnly = done;
        input.classList.toggle("correct", right === true);
        input.classList.toggle("chosen-wrong", right === false);
        if (right === false) input.setAttribute("aria-invalid", "true"); else input.removeAttribute("aria-invalid");
      });
    } else if (kind === "open") {
      var area = part(form, ".quiz-open");
      if (area) area.readOnly = done;
    } else {
      var correct = answer === null ? null : [].concat(answer);
      each(choices(form), function (input) {
        var item = closest(input, "li") || input.parentNode;
        var isAnswer = !!correct && correct.indexOf(input.value) >= 0;
        input.disabled = done;
        item.classList.toggle("correct", isAnswer);
        item.classList.toggle("chosen-wrong", !!correct && input.checked && !isAnswer);
      });
    }
    var check = part(form, ".quiz-check"), retry = part(form, ".quiz-retry");
    if (check) check.hidden = done || revealOf(form) === "none";
    if (retry) retry.hidden = !done;
    var feedback = part(form, ".quiz-feedback");
    if (feedback) feedback.textContent = done ? feedbackText(form, record) : "";
    var details = part(form, ".quiz-answer");
    if (details) {
      if (revealOf(form) === "after-attempt") details.hidden = !done;
      if (done) details.open = true;
      else if (revealOf(form) === "after-attempt") details.open = false;
    }
  }
  function attempted(form) { return form.classList.contains("is-right") || form.classList.contains("is-wrong") || form.classList.contains("is-done"); }
  /* The stored record, if still about this version of the question; otherwise forget it. */
  function recordOf(form, stale) {
    var key = form.getAttribute("data-key"), record = store.answers[key];
    if (record && record.version !== form.getAttribute("data-version")) { stale.push(key); record = null; }
    return revealOf(form) === "none" ? null : record || null;
  }
  /* Brings every question in line with storage: on load, and later (back button, another tab)
     without wiping what the reader is typing into an unanswered question. */
  function syncForms(initial) {
    var stale = [];
    each(forms, function (form) {
      var record = recordOf(form, stale);
      if (record) { putGiven(form, record.given); show(form, record); }
      else if (initial) show(form, null);
      else if (attempted(form)) clearForm(form);
    });
    if (stale.length) update(function (answers) { stale.forEach(function (key) { delete answers[key]; }); });
  }
  function clearForm(form) { putGiven(form, null); show(form, null); }

  doc.addEventListener("submit", function (e) {
    var form = closest(e.target, "form.quiz");
    if (!form) return;
    e.preventDefault();
    /* Enter in a locked blank still submits: an answered question waits for "retry". */
    if (revealOf(form) === "none" || attempted(form)) return;
    var given = readGiven(form), feedback = part(form, ".quiz-feedback");
    if (given === null) {
      if (feedback) feedback.textContent = label("need-answer");
      return;
    }
    var text = part(form, ".quiz-text");
    var record = {
      version: form.getAttribute("data-version") || "",
      right: grade(form, given),
      given: given,
      title: form.getAttribute("data-title") || "",
      prompt: plain(text ? text.textContent : ""),
      /* The key is the chapter's page and the question's own id, also on a self-test page. */
      href: form.getAttribute("data-key") || "",
      at: Date.now()
    };
    update(function (answers) { answers[form.getAttribute("data-key")] = record; });
    show(form, record);
    /* The submit button just disappeared: keep focus on the form's next step. */
    var retry = part(form, ".quiz-retry");
    if (retry) retry.focus();
    refresh();
  });

  doc.addEventListener("click", function (e) {
    var button = closest(e.target, "button");
    if (!button) return;
    if (button.classList.contains("quiz-retry")) {
      var form = closest(button, "form.quiz");
      if (!form) return;
      update(function (answers) { delete answers[form.getAttribute("data-key")]; });
      clearForm(form);
      var first = form.querySelector(".quiz-choices input, .quiz-blank, .quiz-open");
      if (first) first.focus();
      refresh();
    } else if (button.classList.contains("quiz-reset")) {
      var page = button.getAttribute("data-page") || "";
      update(function (answers) {
        Object.keys(answers).forEach(function (key) { if (key.indexOf(page + "#") === 0) delete answers[key]; });
      });
      each(forms, function (f) { if (f.getAttribute("data-page") === page) clearForm(f); });
      refresh();
    } else if (button.classList.contains("quiz-reset-all")) {
      if (!window.confirm(label("reset-all"))) return;
      update(function (answers) { Object.keys(answers).forEach(function (key) { delete answers[key]; }); });
      each(forms, clearForm);
      refresh();
    }
  });

  /* ---------- summaries: chapter score, progress on cards, mistakes ---------- */
  function refresh() {
    var answers = store.answers;
    each(doc.querySelectorAll(".quiz-score[data-page]"), function (el) {
      var page = el.getAttribute("data-page"), total = 0, right = 0;
      each(forms, function (form) {
        if (form.getAttribute("data-page") !== page || !gradable(form)) return;
        total++;
        var record = answers[form.getAttribute("data-key")];
        if (record && record.right === true && record.version === form.getAttribute("data-version")) right++;
      });
      el.hidden = total === 0;
      el.textContent = label("score", { right: right, total: total });
    });
    each(doc.querySelectorAll("[data-quiz-pages]"), function (el) {
      /* A theme's own older app.js has no cardPages: the list on the element, if any. */
      var pages = kit.cardPages ? kit.cardPages(el, "data-quiz-pages")
        : (el.getAttribute("data-quiz-pages") || "").split("|").filter(Boolean);
      var total = parseInt(el.getAttribute("data-quiz-total"), 10) || 0;
      var done = Object.keys(answers).filter(function (key) {
        return pages.some(function (page) { return key.indexOf(page + "#") === 0; });
      }).length;
      /* Records of since-removed questions must not show "7/5". */
      done = Math.min(done, total);
      el.textContent = label("progress", { done: done, total: total });
      el.classList.toggle("is-complete", total > 0 && done === total);
    });
    each(doc.querySelectorAll(".quiz-mistakes"), function (el) {
      var wrong = Object.keys(answers).map(function (key) { return answers[key]; })
        .filter(function (r) { return r && r.right === false; })
        .sort(function (a, b) { return (a.at || 0) - (b.at || 0); });
      while (el.firstChild) el.removeChild(el.firstChild);
      if (!wrong.length) {
        var empty = doc.createElement("p");
        empty.className = "quiz-mistakes-empty";
        empty.textContent = label("mistakes-empty");
        el.appendChild(empty);
        return;
      }
      var list = doc.createElement("ol");
      wrong.forEach(function (r) {
        var item = doc.createElement("li"), link = doc.createElement("a");
        /* Only site paths: a tampered record must not become a javascript: link. */
        var href = String(r.href || "");
        var at = href.indexOf("#");
        var path = at < 0 ? href : href.slice(0, at), anchor = at < 0 ? "" : href.slice(at);
        link.href = /^[a-z][a-z0-9+.-]*:|^\/\//i.test(href) ? "#" : root + path.split("/").map(encodeURIComponent).join("/") + anchor;
        link.textContent = r.title || href;
        item.appendChild(link);
        item.appendChild(doc.createTextNode(": " + (r.prompt || "")));
        list.appendChild(item);
      });
      el.appendChild(list);
    });
    each(doc.querySelectorAll(".quiz-reset-all"), function (button) {
      if (!plain(button.textContent)) button.textContent = label("reset-all");
    });
    each(doc.querySelectorAll(".quiz-reset"), function (button) {
      if (!plain(button.textContent)) button.textContent = label("reset");
    });
  }

  syncForms(true);
  refresh();
  /* Back/forward cache and other tabs: what is shown may be older than what is stored. */
  window.addEventListener("pageshow", function (e) {
    if (e.persisted) { store = load(); syncForms(); refresh(); }
  });
  window.addEventListener("storage", function (e) {
    if (e.key === saved.key || e.key === null) { store = load(); syncForms(); refresh(); }
  });

  /* ---------- revision drill over the ★★★ terms ---------- */
  function shuffle(list) {
    for (var i = list.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1)), t = list[i];
      list[i] = list[j];
      list[j] = t;
    }
    return list;
  }
  function termOf(card) {
    var summary = card.querySelector("summary");
    if (!summary) return "";
    for (var node = summary.firstChild; node; node = node.nextSibling) {
      if (node.nodeType === 3 && plain(node.nodeValue)) return plain(node.nodeValue);
    }
    return plain(summary.textContent);
  }
  function make(tag, className, text) {
    var el = doc.createElement(tag);
    if (className) el.className = className;
    if (text != null) el.textContent = text;
    return el;
  }
  function setupDrill(box) {
    var terms = [], seen = {}, pool = [];
    each(doc.querySelectorAll(".revision-card"), function (card) {
      var term = termOf(card), def = card.querySelector(".definition p:first-child");
      if (!term || seen[term]) return;
      seen[term] = true;
      terms.push(term);
      if (card.getAttribute("data-level") === "3" && def && plain(def.textContent)) {
        pool.push({ term: term, definition: plain(def.textContent) });
      }
    });
    if (!pool.length || terms.length < 2) return;

    var start = make("button", "drill-start", label("drill-start"));
    start.type = "button";
    var panel = make("div", "drill-panel");
    panel.hidden = true;
    var score = make("p", "drill-score");
    var question = make("div", "drill-question");
    question.tabIndex = -1;   /* focused on each new question so screen readers read it first */
    var definition = make("p", "drill-definition");
    question.appendChild(make("p", "drill-prompt", label("drill-prompt")));
    question.appendChild(definition);
    var list = make("ol", "drill-choices");
    var feedback = make("p", "drill-feedback");
    feedback.setAttribute("role", "status");
    feedback.setAttribute("aria-live", "polite");
    var next = make("button", "drill-next", label("drill-next"));
    next.type = "button";
    [score, question, list, feedback, next].forEach(function (el) { panel.appendChild(el); });
    box.appendChild(start);
    box.appendChild(panel);

    var deck = [], current = null, right = 0, total = 0;
    function showScore() { score.textContent = label("drill-score", { right: right, total: total }); }
    function ask() {
      /* Endless: a new shuffled round when the deck runs out, never the same term twice in a row. */
      if (!deck.length) {
        deck = shuffle(pool.slice());
        if (current && deck.length > 1 && deck[deck.length - 1] === current) deck.unshift(deck.pop());
      }
      current = deck.pop();
      var options = shuffle(terms.filter(function (t) { return t !== current.term; })).slice(0, 3);
      options.push(current.term);
      /* The term often opens its own definition: blank it out. */
      definition.textContent = current.definition.split(current.term).join("___");
      while (list.firstChild) list.removeChild(list.firstChild);
      shuffle(options).forEach(function (term) {
        var choice = make("button", "drill-choice", term);
        choice.type = "button";
        choice.setAttribute("data-term", term);
        var item = make("li");
        item.appendChild(choice);
        list.appendChild(item);
      });
      feedback.textContent = "";
      next.hidden = true;
      question.focus();
    }
    function choose(choice) {
      var ok = choice.getAttribute("data-term") === current.term;
      total++;
      if (ok) right++;
      each(list.querySelectorAll(".drill-choice"), function (b) {
        b.disabled = true;
        b.classList.toggle("correct", b.getAttribute("data-term") === current.term);
      });
      if (!ok) choice.classList.add("chosen-wrong");
      showScore();
      feedback.textContent = ok ? label("right") : joinLabels(label("wrong"), label("answer-is", { answer: current.term }));
      next.hidden = false;
      next.focus();   /* the chosen button is disabled now; focus must not fall back to <body> */
    }
    start.addEventListener("click", function () {
      deck = [];
      current = null;
      right = total = 0;
      showScore();
      panel.hidden = false;
      ask();
    });
    list.addEventListener("click", function (e) {
      var choice = closest(e.target, ".drill-choice");
      if (choice && !choice.disabled) choose(choice);
    });
    next.addEventListener("click", ask);
  }
  each(doc.querySelectorAll(".revision-drill"), setupDrill);
})();

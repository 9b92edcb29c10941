/* coursebook reading: the chapters read and the place last read (✓ in the sidebar and on cards,
   "n/m read" and "continue reading" on the home page, a reset), and the terms a student marks
   known on the revision page with its filters. Kept in this browser through app.js's
   coursebookStore (per course: "coursebook-read:<course>", "coursebook-known:<course>").
   A classic script (no modules, no fetch): it works from file://. Everything here is an
   enhancement; every word shown comes from the .reading-labels element (the page's language). */
(function () {
  "use strict";
  var doc = document;
  var body = doc.body;
  var labels = doc.querySelector(".reading-labels");
  if (!body || !labels || !window.coursebookStore || !window.coursebookKit || !window.URL) return;
  var root = body.getAttribute("data-root") || "";

  var kit = window.coursebookKit;
  var each = kit.each;
  var closest = kit.closest;
  function label(name, values) { return kit.label(labels, name, values); }
  function make(tag, className, text) {
    var el = doc.createElement(tag);
    if (className) el.className = className;
    if (text != null) el.textContent = text;
    return el;
  }
  function plain(text) { return String(text || "").replace(/\s+/g, " ").trim(); }
  /* "✓" for the eye, a word for screen readers. */
  function checkMark(word) {
    var mark = make("span", "read-mark");
    var tick = make("span", null, "✓");
    tick.setAttribute("aria-hidden", "true");
    mark.appendChild(tick);
    mark.appendChild(make("span", "visually-hidden", word));
    return mark;
  }

  /* ---------- where things are: site paths ---------- */
  /* The site path of a link ("basics/intro.html", decoded), or null outside the site. */
  var base = new URL(root || "./", window.location.href);
  function sitePath(href) {
    var url;
    try { url = new URL(href, window.location.href); } catch (e) { return null; }
    if (url.protocol !== base.protocol || url.host !== base.host || url.pathname.indexOf(base.pathname) !== 0) return null;
    var path = url.pathname.slice(base.pathname.length);
    if (path === "" || path.charAt(path.length - 1) === "/") path += "index.html";
    try { return decodeURIComponent(path); } catch (e) { return null; }
  }
  /* A stored site path as a link from this page; "#" for anything that is not one. */
  function hrefOf(path, anchor) {
    if (typeof path !== "string" || /^[a-z][a-z0-9+.-]*:|^\/|\\/i.test(path)) return "#";
    return root + path.split("/").map(encodeURIComponent).join("/") + (anchor ? "#" + encodeURIComponent(anchor) : "");
  }
  var here = sitePath(window.location.href);

  /* Phones: a chapter's contents box starts closed, so that its text starts on the first screen
     (without JavaScript, and on wider screens, it stays open). */
  var toc = doc.querySelector(".chapter > .toc");
  if (toc && window.matchMedia && window.matchMedia("(max-width: 40em)").matches) toc.open = false;

  /* ---------- reading progress ---------- */
  /* { v: 1, read: { path: time }, unmarked: { path: time }, last: { page, anchor, title, section,
     at } }; a chapter unmarked by hand is not marked again by reaching its end. */
  var reading = window.coursebookStore("read", function (data) {
    return !!data.read && typeof data.read === "object";
  }, function () { return { v: 1, read: {}, last: null }; });
  var chapter = body.classList.contains("page-chapter") ? doc.querySelector("article.chapter") : null;
  var toggle = doc.querySelector(".read-toggle");

  function setRead(read, byHand) {
    if (!here) return;
    reading.update(function (data) {
      data.unmarked = data.unmarked || {};
      if (read) data.read[here] = Date.now(); else delete data.read[here];
      if (read) delete data.unmarked[here]; else if (byHand) data.unmarked[here] = Date.now();
    });
    showReading();
  }
  /* Marks every link and card to a chapter read, and fills in the home page's progress. */
  function showReading() {
    var data = reading.load();
    var read = data.read;
    if (toggle) toggle.setAttribute("aria-pressed", here && read[here] ? "true" : "false");
    each(doc.querySelectorAll(".nav-chapters a"), function (link) {
      var item = link.parentNode;
      var done = !!read[sitePath(link.href)];
      var mark = item.querySelector(".read-mark");
      item.classList.toggle("is-read", done);
      if (done && !mark) link.appendChild(checkMark(label("read")));
      else if (!done && mark) mark.parentNode.removeChild(mark);
    });
    each(doc.querySelectorAll("[data-read-pages]"), function (el) {
      /* A theme's own older app.js has no cardPages: the list on the element, if any. */
      var pages = kit.cardPages ? kit.cardPages(el, "data-read-pages")
        : (el.getAttribute("data-read-pages") || "").split("|").filter(Boolean);
      var done = pages.filter(function (page) { return !!read[page]; }).length;
      while (el.firstChild) el.removeChild(el.firstChild);
      if (closest(el, ".chapter-cards")) {
        el.hidden = !done;
        if (done) {
          var tick = make("span", "read-mark", "✓");
          tick.setAttribute("aria-hidden", "true");
          el.appendChild(tick);
          el.appendChild(doc.createTextNode(" " + label("read")));
        }
      } else {
        el.hidden = !pages.length;
        el.textContent = label("read-progress", { done: done, total: pages.length });
      }
      el.classList.toggle("is-complete", pages.length > 0 && done === pages.length);
    });
    var cont = doc.querySelector(".continue-reading");
    if (cont) {
      while (cont.firstChild) cont.removeChild(cont.firstChild);
      var last = data.last;
      cont.hidden = !(last && last.page);
      if (!cont.hidden) {
        var link = make("a", null, label("continue") + (last.title || last.page));
        link.href = hrefOf(last.page, last.anchor);
        if (last.section) link.appendChild(make("span", "continue-section", " · " + last.section));
        cont.appendChild(link);
      }
    }
    var reset = doc.querySelector(".reading-reset");
    if (reset) reset.hidden = !(data.last || Object.keys(read).length);
  }

  /* The section being read: the last heading scrolled past the top third of the window. */
  function currentSection() {
    var headings = chapter.querySelectorAll(".prose h2[id], .prose h3[id]");
    var line = window.innerHeight / 3, found = null;
    each(headings, function (h) { if (h.getBoundingClientRect().top <= line) found = h; });
    return found;
  }
  function rememberPlace() {
    var heading = currentSection();
    var title = doc.querySelector(".chapter h1");
    var place = {
      page: here,
      anchor: heading ? heading.id : "",
      title: plain(title ? title.textContent : doc.title),
      section: heading ? plain(heading.textContent) : "",
      at: Date.now()
    };
    var last = reading.load().last;
    if (last && last.page === place.page && last.anchor === place.anchor) return;
    reading.update(function (data) { data.last = place; });
  }

  if (chapter && here) {
    var box = doc.querySelector(".read-toggle-box");
    if (box) box.hidden = false;
    if (toggle) {
      toggle.addEventListener("click", function () {
        setRead(toggle.getAttribute("aria-pressed") !== "true", true);
      });
    }
    /* Reaching the end of the chapter (scrolled to, or on a page that needs no scrolling). */
    if (box && window.IntersectionObserver) {
      new IntersectionObserver(function (entries) {
        var scrollable = doc.documentElement.scrollHeight > window.innerHeight + 2;
        var data = reading.load();
        entries.forEach(function (entry) {
          if (entry.isIntersecting && (!scrollable || window.pageYOffset > 0) && !data.read[here] &&
              !(data.unmarked && data.unmarked[here])) setRead(true, false);
        });
      }).observe(box);
    }
    var timer = 0;
    window.addEventListener("scroll", function () {
      clearTimeout(timer);
      timer = setTimeout(rememberPlace, 200);
    }, { passive: true });
    /* Opened at a heading (a link, the continue link) or at the top: this is the place now. */
    setTimeout(rememberPlace, 300);
  }
  each(doc.querySelectorAll(".reset-reading"), function (button) {
    button.addEventListener("click", function () {
      if (!window.confirm(label("reset-confirm"))) return;
      reading.clear();
      showReading();
    });
  });
  showReading();

  /* ---------- the revision page: filters, expand and collapse all, terms known ---------- */
  var tools = doc.querySelector(".revision-tools");
  var known = window.coursebookStore("known", function (data) {
    return !!data.known && typeof data.known === "object";
  }, function () { return { v: 1, known: {} }; });
  function cards() { return doc.querySelectorAll(".revision-card[data-term]"); }
  function field(selector) { return tools.querySelector(selector); }
  function matches(card) {
    var module = field(".revision-module"), level = field(".revision-level-choice");
    return (!module || !module.value || card.getAttribute("data-module") === module.value) &&
      (!level || !level.value || card.getAttribute("data-level") === level.value);
  }
  function showRevision() {
    var marks = known.load().known, hide = field(".revision-hide-known").checked;
    var shown = 0, knownShown = 0;
    each(cards(), function (card) {
      var id = card.getAttribute("data-term"), isKnown = !!marks[id], match = matches(card);
      var button = card.querySelector(".known-toggle");
      if (button) button.setAttribute("aria-pressed", isKnown ? "true" : "false");
      var mark = card.querySelector("summary .read-mark");
      if (isKnown && !mark) card.querySelector("summary").appendChild(checkMark(label("known")));
      else if (!isKnown && mark) mark.parentNode.removeChild(mark);
      card.hidden = !match || (hide && isKnown);
      if (match) { shown++; if (isKnown) knownShown++; }
    });
    each(doc.querySelectorAll(".revision-level"), function (section) {
      section.hidden = !section.querySelector(".revision-card:not([hidden])");
    });
    field(".revision-known-count").textContent = label("known-count", { known: knownShown, total: shown });
  }
  /* The filters chosen are kept for the session (per course), so that they hold on every part
     of a large revision list and when the student comes back to the page. */
  var filtersKey = "coursebook-revision-filters:" + (body.getAttribute("data-course") || "");
  function saveFilters() {
    var module = field(".revision-module"), level = field(".revision-level-choice");
    var chosen = { module: module ? module.value : "", level: level ? level.value : "",
      hide: field(".revision-hide-known").checked };
    try { sessionStorage.setItem(filtersKey, JSON.stringify(chosen)); } catch (e) { /* blocked */ }
  }
  function restoreFilters() {
    var chosen = null;
    try { chosen = JSON.parse(sessionStorage.getItem(filtersKey) || "null"); } catch (e) { return; }
    if (!chosen) return;
    each([[".revision-module", chosen.module], [".revision-level-choice", chosen.level]], function (pair) {
      var select = field(pair[0]);
      var offered = select && Array.prototype.some.call(select.options, function (o) { return o.value === pair[1]; });
      if (offered) select.value = pair[1];
    });
    field(".revision-hide-known").checked = !!chosen.hide;
  }
  if (tools && cards().length) {
    tools.hidden = false;
    restoreFilters();
    each(cards(), function (card) {
      var button = make("button", "known-toggle", label("known"));
      button.type = "button";
      button.setAttribute("aria-pressed", "false");
      var definition = card.querySelector(".definition");
      if (definition) definition.appendChild(button);
    });
    tools.addEventListener("submit", function (e) { e.preventDefault(); });
    tools.addEventListener("change", function () { saveFilters(); showRevision(); });
    tools.addEventListener("click", function (e) {
      var button = closest(e.target, "button");
      if (!button) return;
      var open = button.classList.contains("revision-expand");
      if (!open && !button.classList.contains("revision-collapse")) return;
      each(cards(), function (card) { if (!card.hidden) card.open = open; });
    });
    doc.addEventListener("click", function (e) {
      var button = closest(e.target, ".known-toggle");
      if (!button) return;
      var card = closest(button, ".revision-card"), id = card.getAttribute("data-term");
      var isKnown = button.getAttribute("aria-pressed") !== "true";
      known.update(function (data) { if (isKnown) data.known[id] = Date.now(); else delete data.known[id]; });
      showRevision();
      /* A card just hidden takes the focus with it: give it to the next card shown. */
      if (card.hidden) {
        var next = card.nextElementSibling;
        while (next && (next.hidden || !next.matches(".revision-card"))) next = next.nextElementSibling;
        var target = next ? next.querySelector("summary") : field(".revision-hide-known");
        if (target) target.focus();
      }
    });
    showRevision();
  }

  /* Other tabs, and pages brought back from the back/forward cache. */
  window.addEventListener("storage", function (e) {
    if (e.key === reading.key || e.key === null) showReading();
    if (tools && !tools.hidden && (e.key === known.key || e.key === null)) showRevision();
  });
  window.addEventListener("pageshow", function (e) {
    if (!e.persisted) return;
    showReading();
    if (tools && !tools.hidden) showRevision();
  });
})();

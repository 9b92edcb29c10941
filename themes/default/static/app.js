/* coursebook default theme. A classic script (no modules, no fetch): it works from file://.
   Everything here is an enhancement; the pages work without it. */
(function () {
  "use strict";
  var doc = document;
  var root = doc.documentElement;

  function media(query) {
    return window.matchMedia ? window.matchMedia(query) : { matches: false };
  }
  function closest(node, selector) {
    while (node && node.nodeType !== 1) node = node.parentNode;
    return node && node.closest ? node.closest(selector) : null;
  }

  /* Helpers the other scripts share (quiz.js, reading.js): a list walked, the nearest
     ancestor matching a selector, the chapters a card counts, and a word of the page's
     language from a labels element with its {placeholders} filled (by a function, so that
     "$&" in a value stays as written). */
  window.coursebookKit = {
    each: function (list, fn) { for (var i = 0; i < list.length; i++) fn(list[i], i); },
    closest: closest,
    /* The chapters a card counts (its module's, or its own), listed once on the card as
       data-pages, separated by "|", which no page path holds; a theme's own template may
       still list them on the element itself, as `attribute`. */
    cardPages: function (node, attribute) {
      var card = node.getAttribute(attribute) ? node : closest(node, "[data-pages]");
      var list = card ? card.getAttribute(card === node ? attribute : "data-pages") : "";
      return (list || "").split("|").filter(Boolean);
    },
    label: function (labels, name, values) {
      return (labels.getAttribute("data-" + name) || "").replace(/\{(\w+)\}/g, function (all, key) {
        return values && Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : all;
      });
    }
  };

  /* Stored progress, shared by app.js, reading.js and quiz.js: one JSON record per course and
     area under "coursebook-<area>:<course>" (quiz: answers, read: chapters read and the last
     place, known: terms marked known), the course being body[data-course]. Without storage
     (blocked, private mode) what was recorded lasts until the page is left. */
  window.coursebookStore = function (area, valid, empty) {
    var key = "coursebook-" + area + ":" + (doc.body && doc.body.getAttribute("data-course") || "");
    var memory = null;
    function load() {
      var data = null;
      try { data = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { if (memory) return memory; }
      if (!data || data.v !== 1 || !valid(data)) data = empty();
      return (memory = data);
    }
    /* Re-reads before every change: another tab may have saved since this page loaded. */
    function update(change) {
      var data = load();
      change(data);
      memory = data;
      try { localStorage.setItem(key, JSON.stringify(data)); } catch (e) { /* quota, private mode */ }
      return data;
    }
    function clear() {
      memory = null;
      try { localStorage.removeItem(key); } catch (e) { /* blocked */ }
    }
    return { key: key, load: load, update: update, clear: clear };
  };
  function recall(key) {
    try { return localStorage.getItem(key); } catch (e) { return null; }
  }
  function remember(key, value) {
    try {
      if (value === null) localStorage.removeItem(key); else localStorage.setItem(key, value);
    } catch (e) { /* private mode */ }
  }

  /* Display settings (the top bar's "Aa"): colours (system, light or dark, kept under
     "coursebook-scheme"), the text size (small, medium or large, "coursebook-text-size"), both
     applied by base.html's head script before the page is drawn, and the single-key shortcuts
     ("coursebook-shortcuts" is "off" when they are switched off). Buttons with aria-pressed. */
  var settings = doc.querySelector(".settings");
  function shortcutsOn() { return recall("coursebook-shortcuts") !== "off"; }
  function showSettings() {
    var chosen = { "scheme-choice": root.getAttribute("data-scheme") || "system",
      "size-choice": root.getAttribute("data-text-size") || "medium" };
    var buttons = settings.querySelectorAll(".scheme-choice, .size-choice");
    for (var i = 0; i < buttons.length; i++) {
      var kind = buttons[i].classList.contains("scheme-choice") ? "scheme-choice" : "size-choice";
      buttons[i].setAttribute("aria-pressed", buttons[i].getAttribute("data-value") === chosen[kind] ? "true" : "false");
    }
    var shortcuts = settings.querySelector(".shortcuts-switch");
    if (shortcuts) shortcuts.checked = shortcutsOn();
  }
  function choose(attribute, key, value, plain) {
    if (value === plain) root.removeAttribute(attribute); else root.setAttribute(attribute, value);
    remember(key, value === plain ? null : value);
  }
  if (settings) {
    settings.hidden = false;
    showSettings();
    settings.addEventListener("click", function (e) {
      var button = closest(e.target, "button");
      if (!button) return;
      var value = button.getAttribute("data-value");
      if (button.classList.contains("scheme-choice")) choose("data-scheme", "coursebook-scheme", value, "system");
      else if (button.classList.contains("size-choice")) choose("data-text-size", "coursebook-text-size", value, "medium");
      showSettings();
    });
    settings.addEventListener("change", function (e) {
      if (e.target.classList.contains("shortcuts-switch")) remember("coursebook-shortcuts", e.target.checked ? null : "off");
    });
    window.addEventListener("storage", function (e) {
      if (e.key === "coursebook-scheme") choose("data-scheme", "coursebook-scheme", e.newValue || "system", "system");
      if (e.key === "coursebook-text-size") choose("data-text-size", "coursebook-text-size", e.newValue || "medium", "medium");
      showSettings();
    });
  }
  function closeSettings(focusBack) {
    if (!settings || !settings.open) return false;
    settings.open = false;
    if (focusBack) settings.querySelector("summary").focus();
    return true;
  }

  /* Menu drawer (phones and tablets): the ☰ button opens the sidebar over the dimmed page.
     Without JavaScript the button stays hidden and the sidebar follows the page (style.css). */
  var menuButton = doc.querySelector(".menu-button");
  var sidebar = doc.querySelector(".sidebar");
  function drawerOpen() {
    return !!(sidebar && doc.body.classList.contains("nav-open") &&
      window.getComputedStyle(sidebar).position === "fixed");
  }
  function setMenu(open, focusBack) {
    if (!menuButton) return;
    doc.body.classList.toggle("nav-open", open);
    menuButton.setAttribute("aria-expanded", open ? "true" : "false");
    if (open && sidebar) {
      var current = sidebar.querySelector("[aria-current]") || sidebar.querySelector("a");
      if (current) current.focus();
    } else if (focusBack) {
      menuButton.focus();
    }
  }
  if (menuButton && sidebar) {
    menuButton.hidden = false;
    menuButton.addEventListener("click", function () { setMenu(!doc.body.classList.contains("nav-open"), false); });
    /* Coming back through history must not find the drawer still open. */
    window.addEventListener("pageshow", function () { setMenu(false, false); });
  }

  /* Term definitions. A linked term carries only its link to the glossary; its definition is in
     the glossary part's tip file (_terms/<part>.js, a classic script that calls coursebookTips),
     loaded the first time a term of that part is pointed at, focused or tapped. One tip element
     is placed by the word (above it, or below near the top bar), inside the viewport. Touch
     screens: the first tap on a term shows its tip, a second tap follows the link. */
  var touch = media("(hover: none)");
  var siteRoot = doc.body ? doc.body.getAttribute("data-root") || "" : "";
  var tips = {};          /* part -> {anchor: html} */
  var tipWaiting = {};    /* part -> callbacks waiting for its file */
  var tip = null;         /* the one tip element, made on first use */
  var tipFor = null;      /* the link the tip shows */
  var tappedTerm = null;  /* touch: the term whose tip a first tap opened */
  var hideTimer = 0;
  window.coursebookTips = function (part, entries) {
    tips[part] = entries;
    var waiting = tipWaiting[part] || [];
    tipWaiting[part] = null;
    for (var i = 0; i < waiting.length; i++) waiting[i]();
  };
  /* The glossary part and anchor a term link points to: "../glossary-c.html#id" -> ["glossary-c", "id"]. */
  function termTarget(link) {
    var href = link.getAttribute("href") || "";
    var hash = href.indexOf("#");
    if (hash < 0) return null;
    var file = href.slice(0, hash) || (location.pathname.split("/").pop() || "");
    var part, anchor;
    try {
      part = decodeURIComponent(file.split("/").pop()).replace(/\.html$/, "");
      anchor = decodeURIComponent(href.slice(hash + 1));
    } catch (e) { return null; }   /* a malformed %-escape: no tip, the link still works */
    return [part, anchor];
  }
  function withTips(part, done) {
    if (tips[part]) { done(); return; }
    if (tipWaiting[part]) { tipWaiting[part].push(done); return; }
    if (tipWaiting[part] === null) return;   /* its file failed to load: the link still works */
    tipWaiting[part] = [done];
    var script = doc.createElement("script");
    script.src = siteRoot + "_terms/" + encodeURIComponent(part) + ".js";
    script.onerror = function () { tipWaiting[part] = null; };
    doc.body.appendChild(script);
  }
  function tipElement() {
    if (tip) return tip;
    tip = doc.createElement("div");
    tip.className = "term-tip";
    tip.id = "term-tip";
    tip.setAttribute("role", "tooltip");
    tip.hidden = true;
    tip.addEventListener("mouseover", function () { clearTimeout(hideTimer); });
    tip.addEventListener("mouseout", function (e) { if (!tip.contains(e.relatedTarget)) hideSoon(); });
    doc.body.appendChild(tip);
    return tip;
  }
  function showTip(link) {
    var target = termTarget(link);
    if (!target) return;
    clearTimeout(hideTimer);
    withTips(target[0], function () {
      var html = tips[target[0]] && tips[target[0]][target[1]];
      if (!html) return;
      var el = tipElement();
      if (tipFor && tipFor !== link) tipFor.removeAttribute("aria-describedby");
      tipFor = link;
      el.innerHTML = html;
      el.hidden = false;
      link.setAttribute("aria-describedby", "term-tip");
      placeTip(link, el);
    });
  }
  function hideTip() {
    clearTimeout(hideTimer);
    if (tip) tip.hidden = true;
    if (tipFor) tipFor.removeAttribute("aria-describedby");
    tipFor = null;
    tappedTerm = null;
  }
  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hideTip, 150);   /* time to move the pointer from the word onto the tip */
  }
  /* Above the word (below it when the top bar or the window's top is in the way), its arrow on
     the word, kept 8 px inside the window. Page coordinates: the tip scrolls with its word. */
  function placeTip(link, el) {
    var rects = link.getClientRects();
    var word = rects.length ? rects[0] : link.getBoundingClientRect();
    var margin = 8, gap = 10;
    var width = root.clientWidth;
    el.classList.remove("tip-below");
    el.style.left = "0px";
    el.style.top = "0px";
    var box = el.getBoundingClientRect();
    var left = word.left + word.width / 2 - box.width / 2;
    left = Math.max(margin, Math.min(left, width - margin - box.width));
    var bar = doc.querySelector(".topbar");
    var barBottom = bar && window.getComputedStyle(bar).position !== "static" ? bar.getBoundingClientRect().bottom : 0;
    var top = word.top - gap - box.height;
    if (top < Math.max(barBottom, 0) + margin) {
      top = word.bottom + gap;
      el.classList.add("tip-below");
    }
    var arrow = word.left + word.width / 2 - left;
    el.style.setProperty("--tip-arrow", Math.round(Math.max(12, Math.min(arrow, box.width - 12))) + "px");
    el.style.left = Math.round(left + window.pageXOffset) + "px";
    el.style.top = Math.round(top + window.pageYOffset) + "px";
  }
  doc.addEventListener("mouseover", function (e) {
    if (touch.matches) return;
    var link = closest(e.target, "a.term");
    if (link && !link.contains(e.relatedTarget)) showTip(link);
  });
  doc.addEventListener("mouseout", function (e) {
    var link = closest(e.target, "a.term");
    if (link && link === tipFor && !link.contains(e.relatedTarget) && doc.activeElement !== link) hideSoon();
  });
  doc.addEventListener("focusin", function (e) {
    var link = closest(e.target, "a.term");
    if (link) showTip(link);
  });
  doc.addEventListener("focusout", function (e) {
    if (closest(e.target, "a.term") === tipFor) hideSoon();
  });
  window.addEventListener("resize", function () { if (tipFor && tip && !tip.hidden) placeTip(tipFor, tip); });

  doc.addEventListener("click", function (e) {
    var target = e.target;
    /* A tap on the dimmed page closes the drawer instead of following what is underneath. */
    if (settings && settings.open && !closest(target, ".settings")) settings.open = false;
    if (drawerOpen() && !closest(target, ".sidebar") && !closest(target, ".menu-button")) {
      e.preventDefault();
      setMenu(false, false);
      return;
    }
    var term = closest(target, "a.term");
    if (term && touch.matches && term !== tappedTerm && termTarget(term)) {
      e.preventDefault();
      hideTip();
      tappedTerm = term;
      showTip(term);
      return;
    }
    if (tipFor && !term && !closest(target, ".term-tip")) hideTip();
  });

  /* Keyboard: Escape closes tips, the settings and the drawer. Single-key shortcuts, unless
     switched off in the settings: "/" jumps to search; ← or k goes to the previous page of the
     reading order, → or j to the next (never with a modifier, nor in a field or a control that
     uses the arrows itself). */
  function typing(el) {
    if (!el) return false;
    if (el.isContentEditable || el.tagName === "TEXTAREA" || el.tagName === "SELECT") return true;
    return el.tagName === "INPUT" && !/^(checkbox|radio|button|submit|reset)$/.test(el.type);
  }
  function usesArrows(el) {
    return !!el && (typing(el) || el.tagName === "INPUT" || !!closest(el, "table, pre, .glossary-jump, .drill-choices"));
  }
  var PAGE_KEYS = { ArrowLeft: "prev", k: "prev", ArrowRight: "next", j: "next" };
  doc.addEventListener("keydown", function (e) {
    if (e.defaultPrevented || e.isComposing) return;
    if (e.key === "Escape" || e.key === "Esc") {
      hideTip();
      closeSettings(true);
      if (drawerOpen()) setMenu(false, true);
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target) || !shortcutsOn()) return;
    if (e.key === "/") {
      var input = doc.querySelector(".search-page-input") || doc.querySelector(".search-input");
      if (input) {
        e.preventDefault();
        input.focus();
        if (input.select) input.select();
      }
      return;
    }
    var where = PAGE_KEYS[e.key];
    if (!where || e.shiftKey || usesArrows(e.target) || drawerOpen()) return;
    var link = doc.querySelector('.pager a[rel="' + where + '"]');
    if (link) {
      e.preventDefault();
      window.location.href = link.href;
    }
  });

  /* Glossary level filter: CSS :has() does it; this is the fallback for older browsers. The
   * level chosen is kept for the session, so that it holds on every part of a large glossary. */
  var filter = doc.querySelector(".level-filter");
  if (filter) {
    try {
      var kept = sessionStorage.getItem("coursebook-level");
      var keptInput = kept && filter.querySelector('input[value="' + kept.replace(/[^0-9a-z]/g, "") + '"]');
      if (keptInput) keptInput.checked = true;
    } catch (e) { /* storage blocked */ }
    filter.addEventListener("change", function () {
      var checked = filter.querySelector("input:checked");
      try { sessionStorage.setItem("coursebook-level", checked ? checked.value : "all"); } catch (e) { /* blocked */ }
    });
  }
  /* After a level filter, the letters with no term of that level are dimmed and left out of
     the tab order (style.css dims them without JavaScript too). */
  function dimLetters() {
    var checked = filter.querySelector("input:checked");
    var level = checked ? checked.value : "all";
    var letters = doc.querySelectorAll(".glossary-jump a[data-levels]");
    for (var i = 0; i < letters.length; i++) {
      var off = level !== "all" && letters[i].getAttribute("data-levels").indexOf(level) < 0;
      if (off) {
        letters[i].setAttribute("aria-disabled", "true");
        letters[i].setAttribute("tabindex", "-1");
      } else {
        letters[i].removeAttribute("aria-disabled");
        letters[i].removeAttribute("tabindex");
      }
    }
  }
  if (filter) {
    filter.addEventListener("change", dimLetters);
    dimLetters();
    var jump = doc.querySelector(".glossary-jump");
    if (jump) {
      jump.addEventListener("click", function (e) {
        if (closest(e.target, 'a[aria-disabled="true"]')) e.preventDefault();
      });
    }
  }
  var hasSupported = false;
  try { hasSupported = CSS.supports("selector(:has(*))"); } catch (e) { /* old browser */ }
  if (filter && !hasSupported) {
    var applyFilter = function () {
      var checked = filter.querySelector("input:checked");
      var level = checked ? checked.value : "all";
      var entries = doc.querySelectorAll(".glossary-entry");
      for (var i = 0; i < entries.length; i++) {
        entries[i].hidden = level !== "all" && entries[i].getAttribute("data-level") !== level;
      }
    };
    filter.addEventListener("change", applyFilter);
    applyFilter();
  }

  /* Print: show the contents of every <details>, then restore. */
  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = [];
    var all = doc.querySelectorAll("details:not([open])");
    for (var i = 0; i < all.length; i++) { all[i].open = true; opened.push(all[i]); }
  });
  window.addEventListener("afterprint", function () {
    for (var i = 0; i < opened.length; i++) opened[i].open = false;
    opened = [];
  });

  /* Offline reading, when the site is served over http(s): the service worker at the site's
     root (sw.js) keeps the pages opened. From a folder (file://) nothing is registered, and
     navigator.serviceWorker is not even looked at. The footer says so once the worker runs. */
  var web = location.protocol === "http:" || location.protocol === "https:";
  if (web && "serviceWorker" in navigator) {
    navigator.serviceWorker.register(siteRoot + "sw.js").then(function () {
      return navigator.serviceWorker.ready;
    }).then(function () {
      var note = doc.querySelector(".offline-note");
      if (note) note.hidden = false;
    }).catch(function () { /* a browser that refuses it reads online as before */ });
  }
})();

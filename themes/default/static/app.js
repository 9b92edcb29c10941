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

  /* Colour scheme: toggle, remember under "coursebook-scheme" (base.html applies it early). */
  var schemeToggle = doc.querySelector(".scheme-toggle");
  if (schemeToggle) {
    schemeToggle.addEventListener("click", function () {
      var forced = root.getAttribute("data-scheme");
      var dark = forced ? forced === "dark" : media("(prefers-color-scheme: dark)").matches;
      var next = dark ? "light" : "dark";
      root.setAttribute("data-scheme", next);
      try { localStorage.setItem("coursebook-scheme", next); } catch (e) { /* private mode */ }
    });
  }

  /* Menu drawer (phones): the ☰ label toggles a checkbox; make it keyboard-operable too. */
  var navToggle = doc.getElementById("nav-toggle");
  var menuButton = doc.querySelector(".menu-button");
  var sidebar = doc.querySelector(".sidebar");
  function drawerOpen() {
    return !!(navToggle && navToggle.checked && sidebar &&
      window.getComputedStyle(sidebar).position === "fixed");
  }
  function setMenu(open, focusBack) {
    if (!navToggle) return;
    navToggle.checked = open;
    syncMenu();
    if (open && sidebar) {
      var current = sidebar.querySelector("[aria-current]") || sidebar.querySelector("a");
      if (current) current.focus();
    } else if (focusBack && menuButton) {
      menuButton.focus();
    }
  }
  function syncMenu() {
    if (menuButton && navToggle) menuButton.setAttribute("aria-expanded", navToggle.checked ? "true" : "false");
  }
  if (navToggle && menuButton) {
    menuButton.setAttribute("role", "button");
    menuButton.setAttribute("tabindex", "0");
    navToggle.addEventListener("change", syncMenu);
    menuButton.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        setMenu(!navToggle.checked, false);
      }
    });
    /* Coming back through history must not find the drawer still open. */
    window.addEventListener("pageshow", function () { navToggle.checked = false; syncMenu(); });
    syncMenu();
  }

  /* Glossary tooltips. CSS shows them on hover and focus; touch screens get tap-to-open:
     the first tap on a term shows its tip, a second tap follows the link. */
  var touch = media("(hover: none)");
  var openWrap = null;
  function closeTip() {
    if (!openWrap) return;
    var active = doc.activeElement;
    if (active && openWrap.contains(active)) active.blur();
    openWrap.classList.remove("open");
    openWrap = null;
  }
  /* Keep a floating tip inside the viewport and flip it below the word near the top bar. */
  function placeTip(wrap) {
    var tip = wrap.querySelector(".term-tip");
    if (!tip) return;
    wrap.classList.remove("tip-below", "tip-closed");
    tip.style.removeProperty("--tip-shift");
    if (window.getComputedStyle(tip).position !== "absolute") return;   /* bottom sheet */
    var rect = tip.getBoundingClientRect();
    if (!rect.width) return;
    var margin = 8;
    var width = root.clientWidth;
    var shift = 0;
    if (rect.left < margin) shift = margin - rect.left;
    else if (rect.right > width - margin) shift = width - margin - rect.right;
    if (shift) tip.style.setProperty("--tip-shift", Math.round(shift) + "px");
    var bar = doc.querySelector(".topbar");
    var top = bar ? bar.getBoundingClientRect().bottom : 0;
    if (rect.top < top + margin) wrap.classList.add("tip-below");
  }
  function onEnter(e) {
    var wrap = closest(e.target, ".term-wrap");
    if (wrap) placeTip(wrap);
  }
  doc.addEventListener("mouseover", function (e) {
    var wrap = closest(e.target, ".term-wrap");
    if (wrap && !wrap.contains(e.relatedTarget)) placeTip(wrap);
  });
  doc.addEventListener("focusin", onEnter);
  doc.addEventListener("mouseout", function (e) {
    var wrap = closest(e.target, ".term-wrap");
    if (wrap && !wrap.contains(e.relatedTarget)) wrap.classList.remove("tip-closed");
  });
  doc.addEventListener("focusout", function (e) {
    var wrap = closest(e.target, ".term-wrap");
    if (wrap) wrap.classList.remove("tip-closed");
  });

  doc.addEventListener("click", function (e) {
    var target = e.target;
    /* A tap on the dimmed page closes the drawer instead of following what is underneath. */
    if (drawerOpen() && !closest(target, ".sidebar") && !closest(target, ".menu-button") && target !== navToggle) {
      e.preventDefault();
      setMenu(false, false);
      return;
    }
    var term = closest(target, "a.term");
    if (term && touch.matches) {
      var wrap = closest(term, ".term-wrap");
      if (wrap && wrap !== openWrap) {
        e.preventDefault();
        closeTip();
        wrap.classList.add("open");
        openWrap = wrap;
        placeTip(wrap);
        return;
      }
    }
    if (openWrap && !term) closeTip();
  });

  /* Keyboard: Escape closes tips and the drawer; "/" or "s" jumps to search. */
  function typing(el) {
    if (!el) return false;
    if (el.isContentEditable || el.tagName === "TEXTAREA" || el.tagName === "SELECT") return true;
    return el.tagName === "INPUT" && !/^(checkbox|radio|button|submit|reset)$/.test(el.type);
  }
  doc.addEventListener("keydown", function (e) {
    if (e.defaultPrevented || e.isComposing) return;
    if (e.key === "Escape" || e.key === "Esc") {
      closeTip();
      var shown = doc.querySelectorAll(".term-wrap:hover, .term-wrap:focus-within");
      for (var i = 0; i < shown.length; i++) shown[i].classList.add("tip-closed");
      if (drawerOpen()) setMenu(false, true);
      return;
    }
    if ((e.key === "/" || e.key === "s") && !e.ctrlKey && !e.metaKey && !e.altKey && !typing(e.target)) {
      var input = doc.querySelector(".search-page-input") || doc.querySelector(".search-input");
      if (input) {
        e.preventDefault();
        input.focus();
        if (input.select) input.select();
      }
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
})();

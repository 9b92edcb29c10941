/* coursebook default theme: scheme toggle. Classic script, works from file://. */
(function () {
  "use strict";
  var toggle = document.querySelector(".scheme-toggle");
  if (toggle) {
    toggle.addEventListener("click", function () {
      var root = document.documentElement;
      var dark = root.dataset.scheme ? root.dataset.scheme === "dark" : window.matchMedia("(prefers-color-scheme: dark)").matches;
      root.dataset.scheme = dark ? "light" : "dark";
      try { localStorage.setItem("coursebook-scheme", root.dataset.scheme); } catch (e) {}
    });
  }
})();

/* lif: start Pagefind's search interface on the search page. Everything is served by this site:
   the bundle lives in pagefind/ at the site root, beside this file's assets/ folder. */
(function () {
  "use strict";
  var script = document.currentScript;
  function start() {
    var box = document.getElementById("lif-search");
    if (!box || !script) { return; }
    var bundle = new URL("../pagefind/", script.src).href;
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = bundle + "pagefind-ui.css";
    document.head.appendChild(css);
    var ui = document.createElement("script");
    ui.src = bundle + "pagefind-ui.js";
    ui.onload = function () {
      /* global PagefindUI */
      new PagefindUI({
        element: "#lif-search",
        bundlePath: bundle,
        showSubResults: true,
        showImages: false,
        resetStyles: false,
        openFilters: []
      });
      var params = new URLSearchParams(window.location.search);
      var query = params.get("q");
      var input = box.querySelector("input");
      if (query && input) {
        input.value = query;
        input.dispatchEvent(new Event("input", { bubbles: true }));
      }
    };
    document.head.appendChild(ui);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

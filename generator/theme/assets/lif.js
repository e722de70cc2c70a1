/* lif: a table wider than the page scrolls sideways; make its scroll box reachable by keyboard
   (WCAG 2.1.1) and name it for screen readers. No network access, no inline code (the CSP). */
(function () {
  "use strict";
  function markScrollBoxes() {
    var boxes = document.querySelectorAll(".md-typeset__scrollwrap, .md-typeset__table");
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", "Table (scroll sideways to see all columns)");
        box.classList.add("lif-scrollbox");
      } else if (box.classList.contains("lif-scrollbox")) {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
        box.classList.remove("lif-scrollbox");
      }
    }
  }
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(markScrollBoxes);
  } else {
    document.addEventListener("DOMContentLoaded", markScrollBoxes);
  }
  window.addEventListener("resize", markScrollBoxes);
})();

"""Every page type of the example site in Debian's chromium: axe-core, keyboard, target sizes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser import kit
from tests.browser.conftest import AXE_REPORT

pytestmark = pytest.mark.browser


def run_axe(browser: kit.Browser) -> dict[str, Any]:
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": kit.WCAG_TAGS},
               "resultTypes": ["violations", "passes", "incomplete"]}
    result: dict[str, Any] = Axe().run(browser.page, options=options).response
    return result


@pytest.mark.parametrize("page_type", list(kit.PAGE_TYPES))
def test_axe_finds_no_violations(browser: kit.Browser, axe_report_path: Path,
                                 page_type: str) -> None:
    """axe-core (WCAG 2.0-2.2 A and AA rules) finds nothing wrong on each page type."""
    browser.load_type(page_type)
    result = run_axe(browser)
    problems = [f"{v['id']} ({v['impact']}) at {', '.join(str(n['target']) for n in v['nodes'])}"
                for v in result["violations"]]
    AXE_REPORT[page_type] = {
        "path": kit.PAGE_TYPES[page_type], "report": str(axe_report_path),
        "engine": f"axe-core {result['testEngine']['version']}",
        "passes": len(result["passes"]), "incomplete": len(result["incomplete"]),
        "violations": problems}
    assert problems == [], f"{page_type} ({browser.current.url}): " + "; ".join(problems)


FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {tag: el.tagName.toLowerCase(), id: el.id, cls: el.className.toString(),
          text: (el.innerText || el.value || el.getAttribute("aria-label") || "").trim(),
          href: el.getAttribute("href"), inMain: !!el.closest("#lif-main"),
          inNav: !!el.closest(".md-nav--primary"),
          outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
          shadow: style.boxShadow !== "none"};
}"""


def test_skip_link_comes_first_and_moves_focus_to_main(browser: kit.Browser) -> None:
    """The first Tab reaches a visible 'Skip to main content' link; Enter focuses the content."""
    browser.visit(kit.PAGE_TYPES["review"])
    browser.page.keyboard.press("Tab")
    first = browser.page.evaluate(FOCUSED)
    assert (first["text"], first["href"]) == ("Skip to main content", "#lif-main")
    browser.page.wait_for_function(  # shown once focused (after Material's fade-in)
        "() => getComputedStyle(document.activeElement).opacity === '1'", timeout=2000)
    shown = browser.page.evaluate(
        "(() => { const a = document.activeElement, r = a.getBoundingClientRect();"
        " return [r.top >= 0 && r.left >= 0, r.width >= 24 && r.height >= 24,"
        " document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === a]; })()")
    assert shown == [True, True, True]  # in view, big enough, on top of the header
    browser.page.keyboard.press("Enter")
    assert browser.page.evaluate(FOCUSED)["id"] == "lif-main"
    browser.page.keyboard.press("Tab")
    after = browser.page.evaluate(FOCUSED)
    assert after["inMain"], f"Tab after the skip link went to {after} instead of the content"


def test_every_page_type_has_one_skip_link(
        tour: dict[str, tuple[kit.Visit, list[str], int]]) -> None:
    """Each page type, the 404 page included, starts with the same working skip link."""
    missing = [f"{page_type}: skip links {links}, targets {targets}"
               for page_type, (_, links, targets) in tour.items()
               if links != ["#lif-main"] or targets != 1]
    assert missing == []


def test_navigation_works_by_keyboard_with_visible_focus(browser: kit.Browser) -> None:
    """Tabbing from the top reaches the main navigation with a visible focus ring, and Enter
    follows a link."""
    browser.visit(kit.PAGE_TYPES["home"])
    seen = []
    for _ in range(60):
        browser.page.keyboard.press("Tab")
        focused = browser.page.evaluate(FOCUSED)
        seen.append(focused)
        if focused["inNav"] and focused["text"] == "Case reviews":
            break
    invisible = [f"{f['tag']}.{f['cls']} '{f['text']}'" for f in seen
                 if not (f["outline"] or f["shadow"])]
    assert invisible == [], "focus not visible on: " + "; ".join(invisible)
    assert seen[-1]["inNav"] and seen[-1]["text"] == "Case reviews", (
        "Tab never reached 'Case reviews' in the navigation: "
        + ", ".join(f["text"] for f in seen))
    browser.page.keyboard.press("Enter")
    browser.page.wait_for_url(browser.base + "reviews/")
    assert browser.page.locator("h1").inner_text() == "Case reviews"


def test_search_works_by_keyboard_alone(browser: kit.Browser) -> None:
    """Tab reaches the search box, typing 'sleep' finds the safer-sleep theme page first, and
    the keyboard follows that result."""
    browser.visit(kit.PAGE_TYPES["search"])
    browser.open_search()
    focused = browser.page.evaluate(FOCUSED)
    assert (focused["tag"], focused["outline"] or focused["shadow"]) == ("input", True)
    href = browser.follow_first_result()
    assert href == browser.base + "themes/safer-sleep/"
    assert browser.page.locator("h1").inner_text() == (
        "Sudden unexpected death in infancy and safer sleep")


TARGETS = """(scope) => {
  const selector = "a[href], button, input:not([type=hidden]), select, textarea, summary,"
    + " label[for], [tabindex]:not([tabindex='-1'])";
  const visible = (el) => {
    const s = getComputedStyle(el), r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && s.display !== "none"
      && s.opacity !== "0";
  };
  const inline = (el) => {  // WCAG 2.5.8 inline exception: a link within a sentence
    if (getComputedStyle(el).display !== "inline") return false;
    const block = el.closest("p, li, td, th, dd, figcaption");
    return !!block && block.innerText.trim().length > el.innerText.trim().length;
  };
  const els = [...document.querySelector(scope).querySelectorAll(selector)].filter(visible);
  const boxes = els.map((el) => el.getBoundingClientRect());
  const small = (r) => r.width < 23.95 || r.height < 23.95;
  const bad = [];
  els.forEach((el, i) => {
    const r = boxes[i];
    if (!small(r) || inline(el)) return;
    const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
    const clash = boxes.some((o, j) => {
      if (j === i || els[j].contains(el) || el.contains(els[j])) return false;
      const dx = Math.max(o.left - cx, 0, cx - o.right);
      const dy = Math.max(o.top - cy, 0, cy - o.bottom);
      if (Math.hypot(dx, dy) < 12) return true;          // the circle touches the other target
      if (!small(o)) return false;
      const ox = o.left + o.width / 2, oy = o.top + o.height / 2;
      return Math.hypot(ox - cx, oy - cy) < 24;            // two undersized targets' circles meet
    });
    if (clash) bad.push(`${el.tagName.toLowerCase()}.${el.className} '${(el.innerText
      || el.getAttribute("aria-label") || el.title || "").trim().slice(0, 40)}'`
      + ` ${Math.round(r.width)}x${Math.round(r.height)}`);
  });
  return bad;
}"""


@pytest.mark.parametrize("page_type", ["home", "review response", "briefing", "search"])
def test_targets_are_large_enough_or_spaced(browser: kit.Browser, page_type: str) -> None:
    """Every control is at least 24x24 CSS px, or spaced so a 24 px circle touches no other
    (WCAG 2.5.8), at desktop and phone widths."""
    bad = []
    for width, height in ((1280, 800), (375, 740)):
        browser.page.set_viewport_size({"width": width, "height": height})
        browser.load_type(page_type)
        bad += [f"{width}px: {item}" for item in browser.page.evaluate(TARGETS, "body")]
    browser.page.set_viewport_size({"width": 1280, "height": 800})
    assert bad == [], "\n".join(bad)


PHONE_TYPES = {"home": 0, "review response": 1, "briefing": 0, "action tracker": 2}
"""Page types checked at phone width, with how many of their tables are wider than 320 px."""


@pytest.mark.parametrize(("page_type", "wide_tables"), list(PHONE_TYPES.items()))
def test_phone_width_reflows_without_sideways_scrolling(browser: kit.Browser, page_type: str,
                                                        wide_tables: int) -> None:
    """At 320 CSS px (400% zoom, WCAG 1.4.10) the page needs no sideways scrolling; wide
    tables scroll in their own box, which the keyboard can reach, and axe still finds nothing."""
    browser.page.set_viewport_size({"width": 320, "height": 640})
    try:
        browser.load_type(page_type)
        widths = browser.page.evaluate(
            "[document.documentElement.scrollWidth, window.innerWidth]")
        boxes = browser.page.evaluate(
            "[...document.querySelectorAll('.md-typeset__scrollwrap')]"
            ".filter(b => b.scrollWidth > b.clientWidth + 1)"
            ".map(b => [b.getAttribute('tabindex'), b.getAttribute('role')])")
        result = run_axe(browser)
    finally:
        browser.page.set_viewport_size({"width": 1280, "height": 800})
    problems = [f"{v['id']} at {[n['target'] for n in v['nodes']]}"
                for v in result["violations"]]
    assert widths == [320, 320]
    assert boxes == [["0", "region"]] * wide_tables
    assert problems == []

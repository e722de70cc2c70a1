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


PHONE = (390, 844)
"""A common phone's viewport in CSS px; 320 px is the reflow width of WCAG 1.4.10."""

OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const clipped = (el) => {  // visually hidden (a table's head read only by screen readers)
    for (let a = el; a; a = a.parentElement) {
      if (getComputedStyle(a).clipPath !== "none") return true;
    }
    return false;
  };
  return [...document.querySelectorAll("body *")].filter((el) => {
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return r.width > 0 && s.visibility !== "hidden" && (r.right > width + 1 || r.left < -1)
      && !el.closest(".md-sidebar, .md-nav, [hidden], .lif-visually-hidden, .md-skip")
      && s.position !== "fixed" && !clipped(el);
  }).map((el) => {
    const r = el.getBoundingClientRect();
    return `${el.tagName.toLowerCase()}.${el.className} ${Math.round(r.left)}..`
      + `${Math.round(r.right)}`;
  });
}"""


@pytest.mark.parametrize("page_type", list(kit.PAGE_TYPES))
def test_phone_width_reflows_without_sideways_scrolling(browser: kit.Browser,
                                                        page_type: str) -> None:
    """At 1280, 390 and 320 CSS px (WCAG 1.4.10) no element is wider than the screen and the
    page never scrolls sideways; tables are labelled cards; axe finds nothing at phone width."""
    found = {}
    try:
        for width in (1280, 320, PHONE[0]):
            browser.page.set_viewport_size({"width": width, "height": PHONE[1]})
            browser.load_type(page_type)
            found[width] = (browser.page.evaluate(
                "[document.documentElement.scrollWidth, window.innerWidth]"),
                browser.page.evaluate(OVERFLOW))
        result = run_axe(browser)
    finally:
        browser.page.set_viewport_size({"width": 1280, "height": 800})
    problems = [f"{v['id']} at {[n['target'] for n in v['nodes']]}"
                for v in result["violations"]]
    assert found == {1280: ([1280, 1280], []), PHONE[0]: ([PHONE[0], PHONE[0]], []),
                     320: ([320, 320], [])}
    assert problems == []


ACTION_FIELDS = """() => [...document.querySelectorAll("table")].filter(
    (t) => [...t.querySelectorAll("th")].some((th) => th.innerText.trim() === "Impact"))
  .flatMap((t) => [...t.querySelectorAll("tbody tr")].map((tr) => [...tr.children].map((td) => {
    const r = td.getBoundingClientRect();
    const label = getComputedStyle(td, "::before").content.replace(/^"|"$/g, "");
    return [label, r.width > 0 && r.left >= 0 && r.right <= window.innerWidth];
  })))"""


def test_every_action_plan_field_is_labelled_and_on_screen_on_a_phone(
        browser: kit.Browser) -> None:
    """At 390 px each action in the plan is a card showing all six fields, each labelled,
    none beyond the right edge of the screen."""
    browser.page.set_viewport_size({"width": PHONE[0], "height": PHONE[1]})
    try:
        browser.load_type("review response")
        rows = browser.page.evaluate(ACTION_FIELDS)
    finally:
        browser.page.set_viewport_size({"width": 1280, "height": 800})
    fields = [[label, True] for label in
              ("Recommendation", "Action", "Agency", "Status", "Due", "Impact")]
    assert rows and rows == [fields] * len(rows)


def test_first_search_result_is_on_the_first_phone_screen(browser: kit.Browser) -> None:
    """On a phone, after typing a query, the first result starts within the first screen
    (the filters come after the results)."""
    browser.page.set_viewport_size({"width": PHONE[0], "height": PHONE[1]})
    try:
        browser.load_type("search")
        browser.page.evaluate("window.scrollTo(0, 0)")
        top = browser.page.locator(".pagefind-ui__result-link").first.evaluate(
            "a => a.getBoundingClientRect().top")
        filters = browser.page.locator(".pagefind-ui__filter-panel").evaluate(
            "p => p.getBoundingClientRect().top")
    finally:
        browser.page.set_viewport_size({"width": 1280, "height": 800})
    assert 0 < top < PHONE[1] - 40
    assert filters > top


def test_desktop_tables_use_body_size_text(browser: kit.Browser) -> None:
    """At desktop width the action plan's text is as large as the paragraphs around it."""
    browser.load_type("review response")
    sizes = browser.page.evaluate(
        "[getComputedStyle(document.querySelector('article p')).fontSize,"
        " getComputedStyle(document.querySelector('article td')).fontSize]")
    assert sizes[0] == sizes[1]


RESULTS = """() => [...document.querySelectorAll('.lif-result')].map((li) => [
  li.querySelector('.lif-result__link').getAttribute('href'),
  [...li.querySelectorAll('.lif-result__sub-link')].map((a) => [a.textContent,
    new URL(a.href).pathname + new URL(a.href).hash])])"""


def test_a_review_is_one_search_result_with_its_report_and_response(
        browser: kit.Browser) -> None:
    """Searching 'sleep' lists Baby K's review once, its report's and response's matching
    sections beneath it, each linked to the section on the report or response page."""
    browser.load_type("search")
    results = browser.page.evaluate(RESULTS)
    pages = [href.removeprefix(browser.base.rstrip("/")) for href, _ in results]
    assert [p for p in pages if p.startswith("/reviews/baby-k/")] == ["/reviews/baby-k/"]
    subs = dict(results)[browser.base + "reviews/baby-k/"]
    assert [path for _, path in subs if "/report/" in path or "/response/" in path] == [
        "/reviews/baby-k/report/#the-key-episodes",
        "/reviews/baby-k/report/#safer-sleep-advice-was-given-but-not-planned",
        "/reviews/baby-k/response/#action-plan",
        "/reviews/baby-k/response/#actions-already-taken"]
    assert [title for title, path in subs if "/report/" in path] == [
        "Report: The key episodes", "Report: Safer sleep advice was given, but not planned"]
    browser.page.locator(".lif-result__sub-link", has_text="Report: The key episodes").click()
    browser.page.wait_for_url(browser.base + "reviews/baby-k/report/#the-key-episodes")


PANEL = """() => {
  const panel = document.querySelector('.lif-search__filters');
  return [panel.open, panel.querySelector('summary').textContent,
    [...panel.querySelectorAll('.lif-search__group')].map((g) => [
      g.querySelector('summary').textContent, g.open,
      [...g.querySelectorAll('label')].map((l) => l.textContent)])];
}"""


def test_phone_filters_are_one_panel_showing_its_state_and_counts(browser: kit.Browser) -> None:
    """On a phone the filters are one closed panel after the results; opened, each group opens
    with its values in natural order and the number of results each would give (a chosen
    group's values counted without its own choice), and a choice shows as 'N selected'."""
    status = "() => document.querySelector('.lif-search__status').textContent === '{}'"
    browser.page.set_viewport_size({"width": PHONE[0], "height": PHONE[1]})
    try:
        browser.visit(kit.PAGE_TYPES["search"] + "?q=missed")
        browser.page.wait_for_function(status.format("14 results for \u201cmissed\u201d"))
        closed = browser.page.evaluate(PANEL)
        browser.page.locator(".lif-search__filters-summary").click()
        browser.page.locator(".lif-search__group-summary", has_text="Age").click()
        browser.page.get_by_label("Under 1").check()
        browser.page.wait_for_function(status.format("2 results for \u201cmissed\u201d"))
        chosen = browser.page.evaluate(PANEL)
    finally:
        browser.page.set_viewport_size({"width": 1280, "height": 800})
    assert closed[:2] == [False, "Filter results"]
    assert [(name, is_open) for name, is_open, _ in closed[2]] == [
        ("Theme", False), ("Year", False), ("Type", False), ("Age", False), ("Status", False)]
    assert closed[2][3][2] == chosen[2][3][2] == ["Under 1 (2)", "11 to 15 (1)"]
    assert chosen[1] == "Filter results (1 selected)"
    assert chosen[2][3][:2] == ["Age (1 selected)", True]
    assert chosen[2][1] == ["Year", False, ["2026 (1)", "2025 (1)", "2024 (0)"]]

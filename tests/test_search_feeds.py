"""Search index, Atom feed, publications.json and sitemap hold exactly the public items."""

from __future__ import annotations

import gzip
import json
import re
import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from generator import pagefind_order
from generator.feeds import SCHEMA_SOURCE
from tests.clirun import run_lif
from tests.sitekit import SiteKit
from tests.test_embargo import canary, listing_site

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
TODAY = "2026-11-23"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The canary listing site (every state) plus a themed briefing, built for TODAY."""
    kit = SiteKit(tmp_path_factory.mktemp("search") / "src")
    listing_site(kit)
    kit.briefing("themed-briefing", "2025-03-04", title="Themed briefing",
                 themes="information-sharing, safer-sleep")
    result = run_lif("build", "--today", TODAY, cwd=kit.root)
    assert result.exit_code == 0, result.output
    return kit.root / "site"


def pagefind_files(site: Path) -> dict[str, str]:
    """Every file of the search bundle, gzip-compressed ones decompressed."""
    found = {}
    for path in sorted((site / "pagefind").rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        found[path.relative_to(site).as_posix()] = data.decode("utf-8", "replace")
    return found


def fragments(site: Path) -> dict[str, dict[str, Any]]:
    """The indexed pages (URL to Pagefind fragment), read back from the bundle."""
    pages = {}
    for name, text in pagefind_files(site).items():
        if name.startswith("pagefind/fragment/"):
            record = json.loads(text.removeprefix("pagefind_dcd"))
            pages[record["url"]] = record
    return pages


@pytest.mark.slow
def test_search_index_holds_only_public_text(built: Path) -> None:
    """No canary of a scheduled, withheld, delayed, draft or withdrawn review is in the index."""
    files = pagefind_files(built)
    everything = "\n".join(files.values())
    for where in ("report", "response", "summary", "learning"):
        assert canary("published", where) in everything
    leaked = [(state, where, name) for state in ("scheduled", "withheld", "delayed", "draft",
                                                 "withdrawn")
              for where in ("report", "response", "summary", "learning")
              for name, text in files.items() if canary(state, where) in text]
    assert leaked == [("withdrawn", "summary", name) for name, text in files.items()
                      if canary("withdrawn", "summary") in text]  # the public listing line
    assert len(leaked) == 1
    assert canary("scheduled", "brief") not in everything


@pytest.mark.slow
def test_search_indexes_the_public_pages_but_not_notices_or_search(built: Path) -> None:
    """Exactly the rendered pages are indexed (a review's report and response as part of its
    review page); the withdrawn notice, search and 404 are not."""
    assert sorted(fragments(built)) == [
        "/", "/actions/", "/briefings/", "/briefings/public-briefing/",
        "/briefings/themed-briefing/", "/reports/", "/reports/2024/", "/reports/2025/",
        "/reports/2026/", "/request-a-report/", "/reviews/",
        "/reviews/review-published/", "/themes/", "/themes/information-sharing/",
        "/themes/safer-sleep/",
    ]


@pytest.mark.slow
def test_a_review_is_one_result_holding_its_report_and_response(built: Path) -> None:
    """The review page's index entry holds the report's and response's text, under headings
    whose anchors name the part, and metadata linking each part's page."""
    review = fragments(built)["/reviews/review-published/"]
    assert canary("published", "report") in review["content"]
    assert canary("published", "response") in review["content"]
    assert canary("published", "summary") in review["content"]
    assert review["meta"]["lif-report"] == "report/"
    assert review["meta"]["lif-response"] == "response/"
    assert review["meta"]["title"] == "Child P: a local child safeguarding practice review"
    parts = [a["id"].split("--")[0] for a in review["anchors"] if a["id"].startswith("lif-")]
    assert parts[0] == "lif-report" and parts[-1] == "lif-response"
    assert parts == sorted(parts)  # the report's section, then the response's


@pytest.mark.slow
def test_search_page_orders_filter_values_naturally(built: Path) -> None:
    """The search page tells its script each filter's order: age bands youngest first, years
    newest first, types and statuses in the order of the model."""
    page = (built / "search" / "index.html").read_text(encoding="utf-8")
    found = re.search(r'data-lif-filter-order="([^"]*)"', page)
    assert found is not None
    assert json.loads(unescape(found.group(1))) == [
        ["Theme", "alphabetical"], ["Year", "descending"],
        ["Type", ["Local child safeguarding practice review", "Serious case review",
                  "Thematic review", "Rapid review learning summary",
                  "Multi-agency learning review", "Joint review", "7-minute briefing"]],
        ["Age", ["Unborn", "Under 1", "1 to 4", "5 to 10", "11 to 15", "16 to 17"]],
        ["Status", ["Actions planned", "Actions in progress", "Actions complete",
                    "No action plan", "Current briefing", "Due for review"]]]


@pytest.mark.slow
def test_review_and_briefing_pages_carry_search_filters(built: Path) -> None:
    """Theme, year, type, age band and status filters, exactly, on reviews and briefings."""
    pages = fragments(built)
    review = {"Theme": ["Information sharing"], "Year": ["2025"],
              "Type": ["Local child safeguarding practice review"], "Age": ["Under 1"],
              "Status": ["No action plan"]}
    assert pages["/reviews/review-published/"]["filters"] == review
    assert pages["/briefings/themed-briefing/"]["filters"] == {
        "Theme": ["Information sharing", "Sudden unexpected death in infancy and safer sleep"],
        "Year": ["2025"], "Type": ["7-minute briefing"], "Status": ["Current briefing"]}
    assert pages["/themes/"]["filters"] == {}


@pytest.mark.slow
def test_search_page_uses_only_local_assets(built: Path) -> None:
    """The search page loads lif-search.js from the site; the bundle has Pagefind's UI."""
    html = (built / "search" / "index.html").read_text(encoding="utf-8")
    assert '<div id="lif-search" class="lif-search" data-lif-search="exclude"' in html
    assert '<script src="../assets/lif-search.js"></script>' in html
    assert "https://" not in (built / "assets" / "lif-search.js").read_text(encoding="utf-8")
    for name in ("pagefind-ui.js", "pagefind-ui.css", "pagefind.js", "pagefind-entry.json"):
        assert (built / "pagefind" / name).is_file(), name
    assert json.loads((built / "pagefind" / "pagefind-entry.json").read_text())[
        "languages"]["en"]["page_count"] == 15


@pytest.mark.slow
def test_atom_feed_lists_public_reviews_and_briefings(built: Path) -> None:
    """feed.xml parses as Atom and lists the published review and public briefings, newest first."""
    feed = ET.parse(built / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}id") == "https://example.test/feed.xml"
    assert feed.findtext(f"{ATOM}updated") == "2026-01-10T00:00:00Z"
    entries = [(e.findtext(f"{ATOM}id"), e.findtext(f"{ATOM}title"),
                e.find(f"{ATOM}link").get("href"),  # type: ignore[union-attr]
                e.findtext(f"{ATOM}published"), e.find(f"{ATOM}category").get("term"))  # type: ignore[union-attr]
               for e in feed.findall(f"{ATOM}entry")]
    assert entries == [
        ("https://example.test/#briefing:public-briefing", "Public briefing",
         "https://example.test/briefings/public-briefing/", "2026-01-10T00:00:00Z",
         "7-minute briefing"),
        ("https://example.test/#review:review-published",
         "Child P: a local child safeguarding practice review",
         "https://example.test/reviews/review-published/", "2025-05-20T00:00:00Z",
         "Local child safeguarding practice review"),
        ("https://example.test/#briefing:themed-briefing", "Themed briefing",
         "https://example.test/briefings/themed-briefing/", "2025-03-04T00:00:00Z",
         "7-minute briefing"),
    ]


@pytest.mark.slow
def test_publications_json_matches_its_schema_and_the_ledger(built: Path) -> None:
    """publications.json validates against its schema and has one exact record per public review."""
    data = json.loads((built / "publications.json").read_text(encoding="utf-8"))
    schema = json.loads(SCHEMA_SOURCE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(data)
    assert json.loads((built / "publications.schema.json").read_text()) == schema
    assert data["asOf"] == TODAY
    assert data["reviews"] == [{
        "@context": "https://schema.org", "@type": "Report", "identifier": "review-published",
        "name": "Child P: a local child safeguarding practice review",
        "abstract": f"A review with {canary('published', 'summary')} in it.",
        "datePublished": "2025-05-20", "dateModified": "2025-05-20",
        "publisher": {"@type": "Organization",
                      "name": "Testshire Safeguarding Children Partnership"},
        "url": "https://example.test/reviews/review-published/", "inLanguage": "en-GB",
        "keywords": ["Information sharing"],
        "about": [{"@type": "DefinedTerm", "termCode": "information-sharing",
                   "name": "Information sharing"}],
        "encoding": [{"@type": "MediaObject", "encodingFormat": "application/pdf",
                      "contentUrl": "https://example.test/reviews/review-published/"
                                    "review-published.pdf"}],
        "type": "lcspr", "typeLabel": "Local child safeguarding practice review",
        "themes": ["information-sharing"], "status": "published", "ageBand": "under-1",
        "ageBandLabel": "Under 1", "outcome": "serious-harm",
        "keyLearning": [f"Learning {canary('published', 'learning')} matters."],
        "dates": {"approved": "2025-04-29", "panelCopySent": "2025-05-06",
                  "published": "2025-05-20", "listedUntil": "2026-05-20"},
    }]
    assert (built / "reviews" / "review-published" / "review-published.pdf").is_file()


@pytest.mark.slow
def test_sitemap_lists_exactly_the_public_pages(built: Path) -> None:
    """sitemap.xml names every built page (not 404) and nothing that is not public."""
    root = ET.parse(built / "sitemap.xml").getroot()
    urls = sorted(loc.text or "" for loc in root.iter(f"{SITEMAP}loc"))
    pages = sorted("https://example.test/" + p.relative_to(built).as_posix()
                   .removesuffix("index.html") for p in built.rglob("*.html")
                   if p.name != "404.html" and not p.relative_to(built).as_posix()
                   .startswith("pagefind/"))
    assert urls == pages
    assert "https://example.test/reviews/review-withdrawn/" in urls
    assert [u for u in urls if any(s in u for s in ("scheduled", "withheld", "delayed",
                                                    "draft", "future"))] == []


def texts(html: str, tag: str) -> list[str]:
    """The text of each ``tag`` element in the page's article, tags stripped."""
    article = html.split('<article class="md-content__inner md-typeset">', 1)[1]
    article = article.split("</article>", 1)[0]
    found = re.findall(rf"<{tag}[^>]*>(.*?)</{tag}>", article, flags=re.S)
    return [" ".join(re.sub(r"<[^>]+>", "", item).split()) for item in found]


@pytest.mark.slow
def test_briefings_are_listed_by_theme_without_javascript(built: Path) -> None:
    """The briefings page lists briefings newest first, then under each theme they cover."""
    html = (built / "briefings" / "index.html").read_text(encoding="utf-8")
    assert "<script" not in html.split("<article", 1)[1].split("</article>", 1)[0]
    assert texts(html, "h2") == ["Newest first", "By theme"]
    assert texts(html, "h3") == ["Sudden unexpected death in infancy and safer sleep",
                                 "Information sharing"]
    assert texts(html, "li") == [
        "Public briefing, 10 January 2026. Themes: Sudden unexpected death in infancy and "
        "safer sleep.",
        "Themed briefing, 4 March 2025. Themes: Information sharing, Sudden unexpected death "
        "in infancy and safer sleep.",
        "Public briefing, 10 January 2026", "Themed briefing, 4 March 2025",
        "Themed briefing, 4 March 2025"]


@pytest.mark.slow
def test_theme_pages_show_status_badges(built: Path) -> None:
    """A theme page lists its reviews with the status badge and its briefings, then the
    learning of the published review and the briefing (not of the withdrawn one)."""
    html = (built / "themes" / "information-sharing" / "index.html").read_text(encoding="utf-8")
    assert texts(html, "li") == [
        "Child P: a local child safeguarding practice review Published 20 May 2025",
        "Child W: a local child safeguarding practice review No longer published: available on "
        "request",
        "Themed briefing, 4 March 2025",
        # learning across reviews: the published review's key learning, the briefing's points
        "Learning ZqPublishedLearningCanary matters.", "Remember this."]
    assert ('<span class="lif-badge lif-badge--published">Published 20 May 2025</span>'
            in html)


@pytest.mark.slow
def test_filter_chunks_are_sorted_and_named_by_content(built: Path) -> None:
    """Pagefind's filter chunks are rewritten sorted, named by content, and read back exactly."""
    bundle = built / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta = pagefind_order.read(bundle / f"pagefind.{entry['languages']['en']['hash']}.pf_meta")
    listed = next(part for part in meta if isinstance(part, list) and part
                  and all(isinstance(i, list) and len(i) == 2 for i in part)
                  and {str(i[0]) for i in part} == {"Age", "Status", "Theme", "Type", "Year"})
    assert [name for name, _ in listed] == ["Age", "Status", "Theme", "Type", "Year"]
    assert sorted(p.name for p in (bundle / "filter").iterdir()) == sorted(
        f"{chunk}.pf_filter" for _, chunk in listed)
    for _, chunk in listed:
        value = pagefind_order.read(bundle / "filter" / f"{chunk}.pf_filter")
        assert [item[0] for item in value[1]] == sorted(item[0] for item in value[1])
        assert chunk == pagefind_order.content_name("en_", value, 7)
    year = pagefind_order.read(bundle / "filter" / f"{dict(listed)['Year']}.pf_filter")
    assert [item[0] for item in year[1]] == ["2025", "2026"]


def test_cbor_reads_back_what_it_writes() -> None:
    """The CBOR writer gives minimal-length heads, and reading gives the same value back."""
    value = ["Theme", [["Housing", [3, 24, 255, 256, 65536]], ["é", []]], -5]
    data = pagefind_order.encode(value)
    assert data[:7] == b"\x83eTheme"
    assert pagefind_order.decode(data) == value


def test_search_option_off_builds_no_index_and_no_search_page(tmp_path: Path) -> None:
    """With `search: false` the build writes no Pagefind bundle and no search page; the
    feeds and open data are still written."""
    kit = SiteKit(tmp_path / "src", extra_config="search: false\n")
    listing_site(kit)
    result = run_lif("build", "--today", TODAY, cwd=kit.root)
    assert result.exit_code == 0, result.output
    site = kit.root / "site"
    assert [p.exists() for p in (site / "pagefind", site / "search", site / "feed.xml",
                                 site / "publications.json")] == [False, False, True, True]

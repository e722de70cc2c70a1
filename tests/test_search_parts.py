"""A review's report and response are indexed as sections of its review page, or not at all."""

from __future__ import annotations

import pytest

from generator import search_parts


def page(part: str | None, body: str, slug: str = "child-p") -> str:
    """A built page as Material writes it: an article holding the text, maybe a part mark."""
    mark = (f'<div hidden data-lif-search-part="{part}" data-lif-search-review="{slug}"></div>'
            if part else "")
    return (f'<html><body><nav id="nav">menu</nav><article class="md-content__inner md-typeset">'
            f'<h1 id="title">Title</h1>{mark}{body}</article><footer>foot</footer></body></html>')


def test_report_and_response_fold_into_the_review_page() -> None:
    """The part pages leave the index and their text, ids prefixed, joins the review page."""
    texts = {
        "reviews/child-p/index.html": page("review", "<p>Summary.</p>"),
        "reviews/child-p/report/index.html": page(
            "report", '<div hidden class="lif-search-filters"><span data-pagefind-filter='
                      '"Year:2025"></span></div><h2 id="findings">Findings</h2><p>Found.</p>'),
        "reviews/child-p/response/index.html": page(
            "response", '<h2 id="plan">Action plan</h2><p>Planned.</p>'),
        "themes/index.html": page(None, "<p>Themes.</p>"),
    }
    staged = search_parts.fold(texts)
    assert staged.pages == ("reviews/child-p/index.html", "themes/index.html")
    assert staged.replaced == {"reviews/child-p/index.html": (
        '<html><body><nav id="nav">menu</nav><article class="md-content__inner md-typeset">'
        '<h1 id="title">Title</h1><div hidden data-lif-search-part="review" '
        'data-lif-search-review="child-p"></div><p>Summary.</p>'
        '<section data-lif-search-part="report">'
        '<span hidden data-pagefind-meta="lif-report:report/"></span>'
        '<h2 id="lif-report--">Full report</h2><h2 id="lif-report--findings">Findings</h2>'
        '<p>Found.</p></section>'
        '<section data-lif-search-part="response">'
        '<span hidden data-pagefind-meta="lif-response:response/"></span>'
        '<h2 id="lif-response--">The partnership\'s response</h2>'
        '<h2 id="lif-response--plan">Action plan</h2><p>Planned.</p></section>'
        '</article><footer>foot</footer></body></html>')}


def test_a_part_without_its_review_page_stays_a_result_of_its_own() -> None:
    """A report whose review page is not indexed is indexed as it is."""
    texts = {"reviews/child-p/report/index.html": page("report", "<p>Found.</p>")}
    assert search_parts.fold(texts) == search_parts.Staged(
        ("reviews/child-p/report/index.html",), {})


def test_part_links_follow_the_site_layout() -> None:
    """Directory addresses and .html addresses both link the part page from the review."""
    assert search_parts.part_link("reviews/a/index.html", "reviews/a/report/index.html") == (
        "report/")
    assert search_parts.part_link("reviews/a.html", "reviews/a/report.html") == "a/report.html"


@pytest.mark.parametrize(("texts", "message"), [
    ({"a/index.html": page("review", page("review", ""))},
     "a/index.html: 2 search-part marks, expected at most one"),
    ({"a/index.html": page("report", ""), "b/index.html": page("report", "")},
     "b/index.html: the report of review 'child-p' is also a/index.html"),
    ({"a/index.html": page("review", ""), "a/report/index.html": page("report", "")
      .replace("<article class", "<div class")},
     "a/report/index.html: no single article element holding the page's text"),
])
def test_a_page_that_cannot_be_taken_apart_is_an_error(texts: dict[str, str],
                                                       message: str) -> None:
    """Two marks, one part twice, or no article: the search stage stops with the page named."""
    with pytest.raises(search_parts.PartError) as caught:
        search_parts.fold(texts)
    assert str(caught.value) == message

"""Action follow-up: overdue and stale actions in lif check and lif status, marked on the
response page and the action tracker, whose filters are pages of their own."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.build import prepare_site
from generator.follow_up import how_long, months_between, overdue, stale
from generator.models import Action
from generator.options import load_site_config
from generator.pages import build_pages
from generator.plugin import plugin_of
from generator.site import Site
from tests.clirun import run_lif
from tests.sitekit import SiteKit

DAY = "2026-12-04"

RESPONSE = """\
---
actions:
  - recommendation: "Recommendation 1: information sharing"
    action: Revise the information sharing protocol.
    agency: Testshire County Council
    status: in-progress
    due: 2026-03-31
  - recommendation: "Recommendation 2: supervision"
    action: Audit supervision records.
    agency: Testshire Community Health NHS Trust
    status: planned
    due: 2026-12-04
    updated: 2026-06-04
  - recommendation: "Recommendation 3: escalation"
    action: Publish an escalation policy.
    agency: Testshire Community Health NHS Trust
    status: in-progress
    due: 2027-03-31
    updated: 2026-06-03
  - recommendation: "Recommendation 4: training"
    action: Train staff in whole-family assessment.
    agency: Testshire County Council
    status: complete
    due: 2025-01-31
    updated: 2025-02-01
---
## Actions already taken

The partnership revised its protocol.
"""

PATH = "reviews/child-t/response.md"
OVERDUE_LINE = (
    f"{PATH}:7:5: ACTION-OVERDUE action 1 of child-t (Testshire County Council, in-progress) "
    "is due 31 March 2026, 8 months overdue. Ask the agency for its progress: record 'status: "
    "complete' when done, or agree a new due date: change 'due:' and set 'updated:' to that "
    "day. [warning]")
STALE_LINE = (
    f"{PATH}:19:5: ACTION-STALE action 3 of child-t (Testshire Community Health NHS Trust, "
    "in-progress) was last confirmed 3 June 2026, 6 months ago (more than 6 months). Confirm "
    "its status and impact with the agency and set 'updated:' to that day. [warning]")


@pytest.fixture
def site_kit(kit: SiteKit) -> SiteKit:
    """A published review with one overdue, one due-today, one stale and one complete action."""
    kit.review("child-t", response=RESPONSE)
    kit.publish("child-t", "2025-05-20")
    return kit


def load(kit: SiteKit, day: str = DAY) -> Site:
    config = load_site_config(str(kit.root / "mkdocs.yml"))
    return prepare_site(kit.root, plugin_of(config).config, dt.date.fromisoformat(day),
                        docs_dir=Path(config.docs_dir))


def action_findings(site: Site) -> list[str]:
    return [f.format() for f in site.findings if f.rule_id.startswith("ACTION-")]


def test_overdue_and_stale_actions_are_warnings_at_their_lines(site_kit: SiteKit) -> None:
    """Only the late in-progress action and the one confirmed over 6 months ago are flagged."""
    assert action_findings(load(site_kit)) == [OVERDUE_LINE, STALE_LINE]


def test_lif_check_passes_with_follow_up_warnings(site_kit: SiteKit) -> None:
    """lif check prints the follow-up warnings and still passes (exit 0)."""
    result = run_lif("check", "--today", DAY, cwd=site_kit.root)
    assert result.exit_code == 0, result.output
    assert OVERDUE_LINE in result.stdout.splitlines()
    assert STALE_LINE in result.stdout.splitlines()


def test_lif_status_lists_actions_to_follow_up(site_kit: SiteKit) -> None:
    """lif status ends with the actions to chase, one finding a line."""
    result = run_lif("status", "--today", DAY, cwd=site_kit.root)
    assert result.exit_code == 0, result.output
    tail = result.stdout.split("\n\n", 1)[1]
    assert tail == ("Actions to follow up on 4 December 2026:\n"
                    f"{OVERDUE_LINE}\n{STALE_LINE}\n")


def test_lif_status_has_no_follow_up_section_when_nothing_is_late(site_kit: SiteKit) -> None:
    """A day before anything is late or stale, lif status shows only the reviews table."""
    result = run_lif("status", "--today", "2026-03-31", cwd=site_kit.root)
    assert result.exit_code == 0, result.output
    assert "Actions to follow up" not in result.stdout
    assert "ACTION-" not in result.stdout


def test_stale_period_is_a_plugin_option(tmp_path: Path) -> None:
    """action_stale_months: 12 makes a 6-month-old confirmation current again."""
    kit = SiteKit(tmp_path, "action_stale_months: 12")
    kit.review("child-t", response=RESPONSE)
    kit.publish("child-t", "2025-05-20")
    assert action_findings(load(kit)) == [OVERDUE_LINE]


def test_draft_and_withdrawn_reviews_actions_are_not_followed_up(kit: SiteKit) -> None:
    """A draft's actions are not agreed yet, a withdrawn review's plan is no longer public."""
    kit.review("child-t", response=RESPONSE, draft=True)
    kit.review("baby-k", subject="Baby K", response=RESPONSE)
    kit.publish("baby-k", "2024-01-10")
    kit.event("withdrawn", "baby-k", "2025-02-01")
    assert action_findings(load(kit)) == []


def test_complete_action_is_never_overdue_or_stale() -> None:
    """status: complete ends the follow-up, whatever its dates."""
    done = Action(recommendation="R", action="A", agency="X", status="complete",
                  due=dt.date(2020, 1, 1), updated=dt.date(2020, 1, 1))
    assert overdue(done, dt.date(2026, 12, 4)) == ""
    assert stale(done, dt.date(2026, 12, 4), 6) == ""


def test_due_today_is_not_overdue_but_tomorrow_it_is() -> None:
    """The agency has until the end of its due day."""
    action = Action(recommendation="R", action="A", agency="X", status="planned",
                    due=dt.date(2026, 12, 4))
    assert overdue(action, dt.date(2026, 12, 4)) == ""
    assert overdue(action, dt.date(2026, 12, 5)) == "1 day"


def test_stale_only_after_the_full_period() -> None:
    """Confirmed exactly 6 months ago is current; a day more is stale."""
    action = Action(recommendation="R", action="A", agency="X", status="planned",
                    due=dt.date(2027, 12, 4), updated=dt.date(2026, 6, 4))
    assert stale(action, dt.date(2026, 12, 4), 6) == ""
    assert stale(action, dt.date(2026, 12, 5), 6) == "6 months ago"
    undated = action.model_copy(update={"updated": None})
    assert stale(undated, dt.date(2030, 1, 1), 6) == ""


def test_lateness_in_whole_months_or_days() -> None:
    """31 March to 4 December is 8 whole months; under a month counts days."""
    assert months_between(dt.date(2026, 3, 31), dt.date(2026, 12, 4)) == 8
    assert how_long(dt.date(2026, 3, 31), dt.date(2026, 12, 4)) == "8 months"
    assert how_long(dt.date(2026, 11, 4), dt.date(2026, 12, 4)) == "1 month"
    assert how_long(dt.date(2026, 11, 5), dt.date(2026, 12, 4)) == "29 days"


def test_updated_must_be_a_date(kit: SiteKit) -> None:
    """updated: is validated like due: a number is refused at its line."""
    kit.review("child-t", response=RESPONSE.replace("updated: 2026-06-04", "updated: 20260604"))
    kit.publish("child-t", "2025-05-20")
    found = [f.format() for f in load(kit).findings if f.rule_id == "FIELD-INVALID"]
    assert found == [f"{PATH}:13:5: FIELD-INVALID 'actions[2].updated' must be a date written "
                     "as YYYY-MM-DD. Correct the value."]


def pages_of(kit: SiteKit) -> dict[str, str]:
    return {page.src_uri: page.markdown for page in build_pages(load(kit))}


def test_response_page_marks_the_overdue_action_in_words(site_kit: SiteKit) -> None:
    """Only the late action's status cell says 'Overdue by 8 months'."""
    page = pages_of(site_kit)["reviews/child-t/response.md"]
    marked = [line for line in page.splitlines() if "Overdue" in line]
    assert len(marked) == 1
    assert ('In progress</span> <strong class="lif-overdue">Overdue by 8 months</strong> '
            "| 31 March 2026 |") in marked[0]


def test_response_page_and_tracker_mark_the_stale_action_with_its_day(
        site_kit: SiteKit) -> None:
    """Only the stale action's status cell says when it was last confirmed, on the response
    page, the tracker and its filter pages alike."""
    pages = pages_of(site_kit)
    for uri in ("reviews/child-t/response.md", "actions.md", "actions/status/in-progress.md",
                "actions/agency/testshire-community-health-nhs-trust.md"):
        marked = [line for line in pages[uri].splitlines() if "lif-stale" in line]
        assert len(marked) == 1, uri
        assert ('In progress</span> <strong class="lif-stale">Last confirmed 3 June 2026'
                "</strong> | 31 March 2027 |") in marked[0], uri
    assert "lif-stale" not in pages["actions/overdue.md"]


def test_tracker_summarises_each_agency_and_links_its_filters(site_kit: SiteKit) -> None:
    """Agreed, complete, in progress and overdue per agency, each agency a filter page."""
    page = pages_of(site_kit)["actions.md"]
    assert "| Overdue | [1 of 4](actions/overdue.md) |" in page
    assert ("Show only: [overdue actions](actions/overdue.md), [planned](actions/status/"
            "planned.md), [in progress](actions/status/in-progress.md), [complete]"
            "(actions/status/complete.md).") in page
    assert ("| [Testshire Community Health NHS Trust](actions/agency/testshire-community-"
            "health-nhs-trust.md) | 2 | 0 | 1 | 0 |") in page
    assert ("| [Testshire County Council](actions/agency/testshire-county-council.md) "
            "| 2 | 1 | 1 | 1 |") in page


def test_filter_pages_list_exactly_their_actions(site_kit: SiteKit) -> None:
    """Each filter page lists the actions it names, and none is in the navigation."""
    built = build_pages(load(site_kit))
    pages = {page.src_uri: page.markdown for page in built}
    rows = {uri: [line for line in text.splitlines() if line.startswith("| [Child T]")]
            for uri, text in pages.items() if uri.startswith("actions/")}
    assert {uri: len(found) for uri, found in rows.items()} == {
        "actions/overdue.md": 1,
        "actions/status/planned.md": 1,
        "actions/status/in-progress.md": 2,
        "actions/status/complete.md": 1,
        "actions/agency/testshire-community-health-nhs-trust.md": 2,
        "actions/agency/testshire-county-council.md": 2,
    }
    assert "Revise the information sharing protocol." in rows["actions/overdue.md"][0]
    assert "(../reviews/child-t/response.md)" in rows["actions/overdue.md"][0]
    assert "(../../reviews/child-t/response.md)" in rows["actions/status/planned.md"][0]
    assert [page.src_uri for page in built if page.in_nav and "action" in page.src_uri] == \
        ["actions.md"]
    excluded = [uri for uri, text in pages.items() if 'data-lif-search="exclude"' in text]
    assert sorted(uri for uri in excluded if uri.startswith("action")) == sorted(rows)


def test_empty_filter_page_says_so(kit: SiteKit) -> None:
    """With nothing overdue the overdue page still exists (the link works) and says so."""
    kit.review("child-t")
    kit.publish("child-t", "2025-05-20")
    page = pages_of(kit)["actions/overdue.md"]
    assert page.startswith("# Overdue actions\n")
    assert "\nNo actions.\n" in page


def test_agencies_whose_names_make_the_same_slug_get_separate_pages() -> None:
    """'A & B' and 'A-B' do not overwrite each other's page."""
    from generator.pages import agency_slugs

    assert agency_slugs(["A-B", "A & B", "!!!"]) == {"!!!": "agency", "A & B": "a-b",
                                                     "A-B": "a-b-2"}


def test_content_page_cannot_take_a_filter_page_address(site_kit: SiteKit) -> None:
    """An author's content/actions/overdue.md would hide lif's filter page: PAGE-CLASH."""
    (site_kit.root / "content" / "actions").mkdir()
    (site_kit.root / "content" / "actions" / "overdue.md").write_text("# Late\n", "utf-8")
    result = run_lif("check", "--today", DAY, cwd=site_kit.root)
    assert result.exit_code == 1
    assert [line for line in result.stdout.splitlines() if "PAGE-CLASH" in line] == [
        "content/actions/overdue.md:1:1: PAGE-CLASH this page has the same address as "
        "'actions/overdue.md', a page lif generates, so one of them would be lost from the "
        "site. Move or rename this page: reviews/, briefings/, themes/, actions and search are "
        "lif's own addresses."]


def test_example_site_has_a_late_and_a_stale_action_in_lif_status(tmp_path: Path) -> None:
    """The example site (copied, so git plays no part) lists child-t's overdue and stale
    actions under "Actions to follow up"; the tracker's golden pages mark both."""
    import shutil

    from tests.conftest import ROOT

    site = tmp_path / "example"
    site.mkdir()
    for name in ("mkdocs.yml", "ledger.yml", "content", "reviews", "briefings", "theme"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, site / name)
        else:
            shutil.copy(ROOT / name, site / name)
    result = run_lif("status", "--today", "2026-11-23", cwd=site)
    assert result.exit_code == 0, result.output
    assert result.stdout.split("\n\n", 1)[1] == (
        "Actions to follow up on 23 November 2026:\n"
        "reviews/child-t/response.md:9:5: ACTION-STALE action 1 of child-t (Hallowmere "
        "Community Health NHS Trust, in-progress) was last confirmed 14 April 2026, 7 months "
        "ago (more than 6 months). Confirm its status and impact with the agency and set "
        "'updated:' to that day. [warning]\n"
        "reviews/child-t/response.md:27:5: ACTION-OVERDUE action 4 of child-t (Hallowmere "
        "Integrated Care Board (NHS), in-progress) is due 30 September 2026, 1 month overdue. "
        "Ask the agency for its progress: record 'status: complete' when done, or agree a new "
        "due date: change 'due:' and set 'updated:' to that day. [warning]\n")
    tracker = (ROOT / "tests/golden/actions.md").read_text()
    assert tracker.count("lif-overdue") == 1 and tracker.count("lif-stale") == 1

"""Nothing embargoed, withheld, withdrawn or draft reaches any file under site/."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.clirun import run_lif
from tests.sitekit import SiteKit

CANARY_STATES = ["published", "scheduled", "withheld", "delayed", "withdrawn", "draft"]


def canary(state: str, where: str) -> str:
    return f"Zq{state.title()}{where.title()}Canary"


def plant(kit: SiteKit, slug: str, state: str) -> None:
    """A review whose report, response, summary, key learning and attachment (its name and
    its text, linked from the report) each carry a unique canary."""
    report = (f"## 1. Introduction\n\n1. The help given to the family was {canary(state, 'report')}"
              f" in several places ([notes](files/{canary(state, 'file')}.txt)).\n")
    response = f"## Actions already taken\n\nWe did {canary(state, 'response')} work.\n"
    kit.review(slug, subject=f"Child {state[0].upper()}", report=report, response=response,
               summary=f"A review with {canary(state, 'summary')} in it.",
               key_learning=[f"Learning {canary(state, 'learning')} matters."],
               draft=state == "draft")
    files = kit.root / "reviews" / slug / "files"
    files.mkdir()
    (files / f"{canary(state, 'file')}.txt").write_text(f"{canary(state, 'attachment')}\n")


def listing_site(kit: SiteKit) -> None:
    for state in CANARY_STATES:
        plant(kit, f"review-{state}", state)
    kit.publish("review-published", "2025-05-20")
    kit.event("approved", "review-scheduled", "2026-11-01")
    kit.event("panel-copy-sent", "review-scheduled", "2026-11-10")
    kit.event("published", "review-scheduled", "2026-12-09")
    kit.event("approved", "review-withheld", "2026-02-10")
    kit.event("withheld", "review-withheld", "2026-03-02", reason="Not published to protect "
              "the child.", panel_informed="2026-03-02")
    kit.event("approved", "review-delayed", "2026-06-01")
    kit.event("delayed", "review-delayed", "2026-07-01", reason="Proceedings are ongoing.")
    kit.publish("review-withdrawn", "2024-06-12")
    kit.event("withdrawn", "review-withdrawn", "2025-09-01")
    kit.briefing("public-briefing", "2026-01-10", title="Public briefing",
                 body=None)
    kit.briefing("future-briefing", "2026-12-20", title=f"Future {canary('scheduled', 'brief')}")


def site_text(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_bytes().decode("utf-8", "replace")
            for p in site.rglob("*") if p.is_file()}


@pytest.mark.slow
def test_only_public_text_reaches_the_site(kit: SiteKit) -> None:
    """Every canary of a non-public item is absent from every file; public ones are present."""
    listing_site(kit)
    result = run_lif("build", "--today", "2026-11-23", cwd=kit.root)
    assert result.exit_code == 0, result.output
    files = site_text(kit.root / "site")
    everything = "\n".join(files.values())
    for where in ("report", "response", "summary", "learning"):
        assert canary("published", where) in everything
    attachment = f"reviews/review-published/files/{canary('published', 'file')}.txt"
    assert files[attachment] == f"{canary('published', 'attachment')}\n"
    for state in ("scheduled", "withheld", "delayed", "draft", "withdrawn"):
        assert [name for name in files if canary(state, "file") in name] == [], state
        assert canary(state, "attachment") not in everything, state
    for state in ("scheduled", "withheld", "delayed", "draft"):
        for where in ("report", "response", "summary", "learning"):
            leaked = [name for name, text in files.items() if canary(state, where) in text]
            assert leaked == [], (state, where)
    for where in ("report", "response"):
        assert canary("withdrawn", where) not in everything
    assert canary("withdrawn", "summary") in files["reviews/review-withdrawn/index.html"]
    assert canary("scheduled", "brief") not in everything
    assert "review-scheduled" not in everything
    assert "review-draft" not in everything


@pytest.mark.slow
def test_scheduled_review_appears_on_its_day(kit: SiteKit) -> None:
    """The day a scheduled review's publication comes, the nightly build publishes it."""
    listing_site(kit)
    result = run_lif("build", "--today", "2026-12-09", cwd=kit.root)
    assert result.exit_code == 0, result.output
    report = (kit.root / "site/reviews/review-scheduled/report/index.html").read_text()
    assert canary("scheduled", "report") in report


@pytest.mark.slow
def test_text_copied_into_a_content_page_fails_the_build(kit: SiteKit) -> None:
    """The post-build scan catches embargoed text that reached the site by another route, and
    names the content page's line that carried it (its page and search fragment written)."""
    listing_site(kit)
    (kit.root / "content/about.md").write_text(
        "# About\n\nWe found that the help given to the family was "
        f"{canary('scheduled', 'report')} in several places.\n", encoding="utf-8")
    result = run_lif("build", "--today", "2026-11-23", cwd=kit.root)
    assert (result.exit_code, result.stdout.splitlines()) == (1, [
        "content/about.md:3:1: SITE-LEAK contains text of a review or briefing that is not "
        "public today (written to site/about/index.html and 1 other file(s)). Nothing was "
        "published. Remove the text from the content page or template that carried it (if "
        "neither did, report it as a bug in lif)."])


@pytest.mark.slow
def test_text_copied_into_a_theme_override_is_found_at_its_line(kit: SiteKit) -> None:
    """Embargoed text a site's theme override prints on every page is one finding at the
    override's line, not one per written page."""
    listing_site(kit)
    (kit.root / "theme/main.html").write_text(
        '{% extends "base.html" %}\n{% block footer %}\n'
        f"  <p>The help given to the family was {canary('scheduled', 'report')} in places.</p>\n"
        "{% endblock %}\n", encoding="utf-8")
    result = run_lif("build", "--today", "2026-11-23", cwd=kit.root)
    lines = result.stdout.splitlines()
    assert (result.exit_code, len(lines)) == (1, 1), lines
    assert re.fullmatch(
        r"theme/main\.html:3:3: SITE-LEAK contains text of a review or briefing that is not "
        r"public today \(written to site/\S+ and \d+ other file\(s\)\)\. Nothing was published\. "
        r"Remove the text from the content page or template that carried it \(if neither did, "
        r"report it as a bug in lif\)\.", lines[0]), lines


@pytest.mark.slow
def test_text_copied_into_a_file_that_is_not_a_page_fails_the_build(kit: SiteKit) -> None:
    """A text file copied as it is (read by the workers after the pages) is scanned too, and
    the previous site stays."""
    listing_site(kit)
    assert run_lif("build", "--today", "2026-11-23", cwd=kit.root).exit_code == 0
    before = site_text(kit.root / "site")
    (kit.root / "content/notes.txt").write_text(
        f"Draft: the help given to the family was {canary('scheduled', 'report')} in several "
        "places.\n", encoding="utf-8")
    result = run_lif("build", "--today", "2026-11-23", cwd=kit.root)
    assert (result.exit_code, result.stdout.splitlines()) == (1, [
        "site/notes.txt:1:1: SITE-LEAK contains text of a review or briefing that is not "
        "public today. Nothing was published. Remove the text from the content page or template "
        "that carried it (if neither did, report it as a bug in lif).",
    ])
    assert site_text(kit.root / "site") == before


LEAK_IN_NOTES = (
    "site/notes.txt:1:1: SITE-LEAK contains text of a review or briefing that is not public "
    "today. Nothing was published. Remove the text from the content page or template that "
    "carried it (if neither did, report it as a bug in lif).")


@pytest.mark.slow
def test_a_leak_is_found_when_the_workers_cannot_make_the_fingerprints(kit: SiteKit) -> None:
    """A worker whose fingerprints fail (memory, say) passes nothing unread: its files are
    read again by the build, which finds the leak."""
    listing_site(kit)
    (kit.root / "content/notes.txt").write_text(
        f"Draft: the help given to the family was {canary('scheduled', 'report')} in several "
        "places.\n",
        encoding="utf-8")
    code = (
        "import os, sys\nfrom generator.checks import leaks\nfrom generator.cli import main\n"
        "parent, made = os.getpid(), leaks.fingerprints\n"
        "def failing(*args, **kwargs):\n"
        "    if os.getpid() != parent:\n        raise MemoryError('in a worker')\n"
        "    return made(*args, **kwargs)\n"
        "leaks.fingerprints = failing\n"
        "sys.argv = ['lif', 'build', '--today', '2026-11-23']\nmain()\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=kit.root, capture_output=True,
                            text=True, check=False)
    assert (result.returncode, result.stdout.splitlines()) == (1, [LEAK_IN_NOTES])


@pytest.mark.slow
@pytest.mark.parametrize("name", ["notes.TXT", "notes.rss"])
def test_a_leak_in_a_file_of_any_name_fails_the_build(kit: SiteKit, name: str) -> None:
    """The leak scan reads every written file but images, fonts and the like, whatever its
    name says and in any case."""
    listing_site(kit)
    (kit.root / "content" / name).write_text(
        f"Draft: the help given to the family was {canary('scheduled', 'report')} in several "
        "places.\n", encoding="utf-8")
    result = run_lif("build", "--today", "2026-11-23", cwd=kit.root)
    assert (result.exit_code, result.stdout.splitlines()) == (1, [
        LEAK_IN_NOTES.replace("site/notes.txt", f"site/{name}")])


@pytest.mark.slow
def test_text_copied_into_an_svg_fails_the_build(kit: SiteKit) -> None:
    """An SVG is text a reader sees, so the leak scan reads it too."""
    listing_site(kit)
    (kit.root / "content/chart.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><text>The help given to the family was '
        f"{canary('scheduled', 'report')} in several places.</text></svg>\n",
        encoding="utf-8")
    result = run_lif("build", "--today", "2026-11-23", cwd=kit.root)
    assert (result.exit_code, result.stdout.splitlines()) == (1, [
        LEAK_IN_NOTES.replace("site/notes.txt", "site/chart.svg")])


@pytest.mark.slow
def test_plain_mkdocs_build_strict_uses_the_plugin(kit: SiteKit) -> None:
    """`mkdocs build --strict` builds the same public pages through the plugin."""
    listing_site(kit)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1795392000"}  # 2026-11-23
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=kit.root,
                          env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert (kit.root / "site/reviews/review-published/report/index.html").is_file()
    assert not (kit.root / "site/reviews/review-scheduled").exists()


@pytest.mark.slow
def test_plain_mkdocs_build_fails_on_a_finding(kit: SiteKit) -> None:
    """Under plain mkdocs, an error finding is logged in full and the build aborts."""
    kit.review("child-t", themes=["sleep"])
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=kit.root,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert ("ERROR   -  reviews/child-t/review.yml:8:3: THEME-UNKNOWN 'sleep' is not a theme "
            "in the site's vocabulary. Did you mean 'safer-sleep'?") in done.stderr


PREVIEW_FINDING = (
    "mkdocs.yml:20:7: CONFIG-INVALID plugin 'lif' option 'preview' shows drafts and embargoed "
    "items, so it is only for lif serve (a temporary folder); a build into site_dir must not "
    "use it. Remove 'preview' from mkdocs.yml and preview with 'lif serve'.")


def everything_under(root: Path) -> str:
    """The text of every file under ``root`` (none if it does not exist)."""
    return "\n".join(site_text(root).values()) if root.exists() else ""


def previous_site(kit: SiteKit) -> None:
    (kit.root / "site").mkdir()
    (kit.root / "site" / "index.html").write_text("<p>The previous site.</p>\n")


@pytest.mark.slow
def test_preview_option_never_builds_into_site_dir(kit: SiteKit) -> None:
    """'preview: true' in mkdocs.yml is refused by lif build and by plain mkdocs build: the
    previous site stays as it was and no draft or embargoed text reaches site/."""
    listing_site(kit)
    config = kit.root / "mkdocs.yml"
    config.write_text(config.read_text() + "      preview: true\n")
    previous_site(kit)
    result = run_lif("build", "--today", "2026-11-23", cwd=kit.root)
    assert (result.exit_code, result.stdout, result.stderr) == (
        1, PREVIEW_FINDING + "\n",
        "lif: 'preview' is for lif serve only; nothing was built. (1 error(s), 0 warning(s))\n")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1795392000", "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=kit.root, env=env,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert f"ERROR   -  {PREVIEW_FINDING}" in done.stderr.splitlines()
    assert site_text(kit.root / "site") == {"index.html": "<p>The previous site.</p>\n"}
    for state in ("scheduled", "withheld", "delayed", "draft"):
        assert canary(state, "report") not in everything_under(kit.root / "site")
    assert sorted(p.name for p in kit.root.glob(".site-*")) == []


def test_preview_variable_never_builds_into_site_dir(kit: SiteKit) -> None:
    """LIF_PREVIEW=1 (what lif serve sets) left in the environment of lif build is refused."""
    plant(kit, "review-draft", "draft")
    previous_site(kit)
    result = run_lif("build", "--today", "2026-11-23", cwd=kit.root, env={"LIF_PREVIEW": "1"})
    assert (result.exit_code, result.output) == (1, (
        "lif: LIF_PREVIEW=1 (set by lif serve) shows drafts and embargoed items, so it only "
        "builds into lif serve's temporary folder; unset LIF_PREVIEW and build again. Nothing "
        "was built.\n"))
    assert site_text(kit.root / "site") == {"index.html": "<p>The previous site.</p>\n"}


def test_preview_still_builds_into_the_serve_folder(kit: SiteKit,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Into mkdocs serve's throw-away folder, preview builds drafts with their banners."""
    import shutil
    import tempfile

    from mkdocs.commands.build import build

    from generator.options import load_site_config

    plant(kit, "review-draft", "draft")
    monkeypatch.chdir(kit.root)
    monkeypatch.setenv("LIF_PREVIEW", "1")
    monkeypatch.setenv("LIF_AS_OF", "2026-11-23")
    serve_dir = Path(tempfile.mkdtemp(prefix="mkdocs_"))
    try:
        build(load_site_config("mkdocs.yml", site_dir=str(serve_dir)))
        report = (serve_dir / "reviews/review-draft/report/index.html").read_text()
    finally:
        shutil.rmtree(serve_dir)
    assert canary("draft", "report") in report
    assert "Draft - not published" in report

"""Scaffolds, editor schemas and the new-site command: staff start from files that pass."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import typing
import urllib.request
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator import scaffold, schemas
from tests.clirun import run_lif
from tests.sitekit import SiteKit

ROOT = Path(__file__).resolve().parent.parent


def test_new_briefing_passes_check_unchanged(kit: SiteKit) -> None:
    """`lif new briefing` writes a draft 7-minute briefing that checks clean as it is."""
    made = run_lif("new", "briefing", "Safer sleep: what we learned", "--today", "2026-11-23",
                   cwd=kit.root)
    assert (made.exit_code, made.stdout) == (0, (
        "Created briefings/safer-sleep-what-we-learned.md (draft: true). Write it, choose its "
        "themes, then delete the 'draft: true' line to publish it on its date.\n"))
    text = (kit.root / "briefings/safer-sleep-what-we-learned.md").read_text()
    body = text.split("\n---\n", 1)[1]
    assert "<!--" not in body
    assert [line for line in body.splitlines() if line.startswith("## ")] == [
        "## 1. Background", "## 2. Why it matters", "## 3. Key information",
        "## 4. Key findings", "## 5. What we learned", "## 6. Things to remember",
        "## 7. What to do", "## Questions for reflection"]
    checked = run_lif("check", "--today", "2026-11-23", cwd=kit.root)
    assert checked.exit_code == 0, checked.output


def test_new_review_passes_check_unchanged(kit: SiteKit) -> None:
    """`lif new review` writes review.yml, report.md and response.md that check clean."""
    made = run_lif("new", "review", "child-q", "--today", "2026-11-23", cwd=kit.root)
    assert made.exit_code == 0, made.output
    assert sorted(p.name for p in (kit.root / "reviews/child-q").iterdir()) == [
        "report.md", "response.md", "review.yml"]
    checked = run_lif("check", "--today", "2026-11-23", cwd=kit.root)
    assert checked.exit_code == 0, checked.output


REVIEW_PLACEHOLDERS = [
    "reviews/child-q/report.md:3:4: TEMPLATE-TEXT the template's placeholder 'Fill in: the "
    "final report, or convert the...' is still here. Replace it with the real text (or delete "
    "it).",
    "reviews/child-q/report.md:8:4: TEMPLATE-TEXT the template's placeholder 'Fill in: what the "
    "review found.' is still here. Replace it with the real text (or delete it).",
    "reviews/child-q/report.md:12:4: TEMPLATE-TEXT the template's placeholder 'Fill in: the "
    "recommendations.' is still here. Replace it with the real text (or delete it).",
    "reviews/child-q/response.md:3:22: TEMPLATE-TEXT the template's placeholder 'Fill in: the "
    "recommendation this action answers' is still here. Replace it with the real text (or "
    "delete it).",
    "reviews/child-q/response.md:4:14: TEMPLATE-TEXT the template's placeholder 'Fill in: what "
    "the partnership or an agency will...' is still here. Replace it with the real text (or "
    "delete it).",
    "reviews/child-q/response.md:12:1: TEMPLATE-TEXT the template's placeholder 'Fill in: the "
    "actions already taken.' is still here. Replace it with the real text (or delete it).",
    "reviews/child-q/response.md:16:1: TEMPLATE-TEXT the template's placeholder 'Fill in: their "
    "impact on services.' is still here. Replace it with the real text (or delete it).",
    "reviews/child-q/response.md:20:1: TEMPLATE-TEXT the template's placeholder 'Fill in: what "
    "more will be done.' is still here. Replace it with the real text (or delete it).",
    "reviews/child-q/review.yml:5:3: TEMPLATE-TEXT the template's placeholder 'Fill in: two to "
    "four sentences in plain English,...' is still here. Replace it with the real text (or "
    "delete it).",
    "reviews/child-q/review.yml:8:6: TEMPLATE-TEXT the template's placeholder 'Fill in: the main "
    "learning point, in one sentence.' is still here. Replace it with the real text (or delete "
    "it).",
    "reviews/child-q/review.yml:22:17: TEMPLATE-TEXT the template's placeholder 'Fill in: the "
    "name of the independent reviewer' is still here. Replace it with the real text (or delete "
    "it).",
]


def _undraft(path: Path) -> None:
    path.write_text(path.read_text().replace("draft: true\n", ""))


def test_unfilled_review_is_refused_once_it_is_not_a_draft(kit: SiteKit) -> None:
    """A scaffolded review with only 'draft: true' removed fails check at every placeholder,
    and `lif approve` refuses it without writing the ledger."""
    run_lif("new", "review", "child-q", "--today", "2026-11-23", cwd=kit.root)
    _undraft(kit.root / "reviews/child-q/review.yml")
    checked = run_lif("check", "--today", "2026-11-23", cwd=kit.root)
    assert (checked.exit_code, checked.stdout.splitlines()) == (1, REVIEW_PLACEHOLDERS)
    approved = run_lif("approve", "child-q", "--on", "2026-11-23", "--today", "2026-11-23",
                       cwd=kit.root)
    assert approved.exit_code == 1
    assert approved.stdout.splitlines() == REVIEW_PLACEHOLDERS
    assert not (kit.root / "ledger.yml").exists()


def test_unfilled_briefing_is_an_error_once_it_is_not_a_draft(kit: SiteKit) -> None:
    """A scaffolded briefing with only 'draft: true' removed fails at each section's placeholder."""
    run_lif("new", "briefing", "Safer sleep", "--today", "2026-11-23", cwd=kit.root)
    _undraft(kit.root / "briefings/safer-sleep.md")
    checked = run_lif("check", "--today", "2026-11-23", cwd=kit.root)
    lines = checked.stdout.splitlines()
    assert (checked.exit_code, len(lines)) == (1, 7)
    assert lines[0] == (
        "briefings/safer-sleep.md:22:1: TEMPLATE-TEXT the template's placeholder 'Fill in: in two "
        "or three sentences, what happened...' is still here. Replace it with the real text (or "
        "delete it).")
    assert [line.split(": TEMPLATE-TEXT")[0] for line in lines] == [
        f"briefings/safer-sleep.md:{n}:1" for n in (22, 27, 31, 35, 39, 43, 47)]


def test_new_refuses_to_overwrite(kit: SiteKit) -> None:
    """A second `lif new briefing` with the same title leaves the first file alone."""
    run_lif("new", "briefing", "Safer sleep", cwd=kit.root)
    again = run_lif("new", "briefing", "Safer sleep", cwd=kit.root)
    assert again.exit_code == 1
    assert again.stderr.endswith("safer-sleep.md: already exists; choose another name or edit "
                                 "the existing file.\n")


def test_new_review_refuses_a_bad_slug(kit: SiteKit) -> None:
    """A slug with capitals or spaces is a usage error (exit 2) naming the rule."""
    made = run_lif("new", "review", "Child Q", cwd=kit.root)
    assert (made.exit_code, made.stderr) == (2, (
        "lif: 'Child Q' is not a valid review slug: use lower-case words joined by hyphens, "
        "e.g. child-q.\n".replace("child-q", "child-t")))


DETAILS = ["--partnership", "Testshire Safeguarding Children Partnership",
           "--contact", "learning@testshire-scp.example",
           "--safeguarding", "Children's services front door=01632 960000",
           "--safeguarding", "Out of hours=01632 960001",
           "--site-url", "https://learning.testshire-scp.example"]
"""Every detail lif init asks for, so the new site has nothing left to fill in."""


@pytest.mark.slow
def test_init_with_every_detail_builds_a_site_with_no_placeholder(tmp_path: Path) -> None:
    """`lif init` given every detail makes a site that `lif build` builds at once, with the
    details on its pages and no 'Fill in:' text anywhere in it."""
    target = tmp_path / "newsite"
    made = run_lif("init", str(target), *DETAILS, cwd=tmp_path)
    assert made.exit_code == 0, made.output
    assert not list((target / "reviews").glob("*/"))
    built = run_lif("build", "--today", "2026-11-23", cwd=target)
    assert built.exit_code == 0, built.output
    assert "TEMPLATE-TEXT" not in built.output
    assert [p.relative_to(target).as_posix() for p in sorted((target / "site").rglob("*"))
            if p.is_file() and b"Fill in:" in p.read_bytes()] == []
    home = (target / "site/index.html").read_text()
    assert "Testshire Safeguarding Children Partnership" in home
    assert "Nothing has been published yet." in home
    assert 'href="tel:01632960000"' in home
    request = (target / "site/request-a-report/index.html").read_text()
    assert "learning@testshire-scp.example" in request
    config = yaml.safe_load((target / "mkdocs.yml").read_text())
    assert config["site_url"] == "https://learning.testshire-scp.example/"
    assert config["plugins"][0]["lif"]["safeguarding_contacts"] == [
        {"label": "Children's services front door", "phone": "01632 960000"},
        {"label": "Out of hours", "phone": "01632 960001"}]


@pytest.mark.slow
def test_init_without_details_fails_the_build_naming_each_placeholder(tmp_path: Path) -> None:
    """`lif init` with only the name says what it was not given, and `lif build` then refuses
    to build, naming every placeholder left (so 'Fill in:' is never deployed)."""
    target = tmp_path / "newsite"
    made = run_lif("init", str(target), "--partnership", "Testshire", cwd=tmp_path)
    assert made.exit_code == 0, made.output
    assert made.stderr.splitlines()[0] == (
        "lif: warning: not given: --contact, --safeguarding, --site-url. Their 'Fill in:' "
        "placeholders are in the new site; lif build names each one and builds nothing until "
        "they are replaced.")
    built = run_lif("build", "--today", "2026-11-23", cwd=target)
    assert (built.exit_code, built.output.splitlines()) == (1, [
        "content/accessibility.md:22:1: TEMPLATE-TEXT the template's placeholder 'Fill in: the "
        "e-mail address, telephone number and...' is still here. Replace it with the real text "
        "(or delete it).",
        "content/index.md:8:1: TEMPLATE-TEXT the template's placeholder 'Fill in: the telephone "
        "numbers to call about a...' is still here. Replace it with the real text (or delete "
        "it).",
        "content/request-a-report.md:4:1: TEMPLATE-TEXT the template's placeholder 'Fill in: how "
        "to ask for one, with the e-mail...' is still here. Replace it with the real text (or "
        "delete it).",
        "mkdocs.yml:4:3: TEMPLATE-TEXT the template's placeholder 'Fill in: the site's address "
        "(site_url above),...' is still here. Replace it with the real text (or delete it).",
        "lif: 4 error(s) found by the checks; nothing was built. (4 error(s), 0 warning(s))"])
    assert not (target / "site").exists()


def test_init_refuses_a_safeguarding_number_it_cannot_read(tmp_path: Path) -> None:
    """A --safeguarding value that is not LABEL=PHONE is a usage error (exit 2), nothing made."""
    made = run_lif("init", "s", "--partnership", "Testshire", "--safeguarding", "01632 960000",
                   cwd=tmp_path)
    assert (made.exit_code, made.output) == (2, (
        "lif: --safeguarding '01632 960000' is not LABEL=PHONE, e.g. --safeguarding "
        "\"Children's services=01632 960000\".\n"))
    assert not (tmp_path / "s").exists()


def test_init_refuses_a_folder_with_files(tmp_path: Path) -> None:
    """`lif init` never writes into a folder that already has files."""
    (tmp_path / "keep.txt").write_text("mine")
    made = run_lif("init", str(tmp_path), "--partnership", "X", cwd=tmp_path)
    assert made.exit_code == 1
    assert (tmp_path / "keep.txt").read_text() == "mine"


PLACEHOLDER_WARNING = (
    "lif: warning: s/.github/workflows/lif.yml installs a placeholder (LIF_PACKAGE), because "
    "this lif was not installed from a git URL. Set it to lif's source repository pinned to a "
    "release, e.g. 'lif @ git+https://github.com/ORG/lif@v0.1.0', or run lif init with "
    "--package. Never plain 'lif': PyPI's 'lif' is an unrelated project.\n")


def _install_steps(workflow: dict[str, object]) -> list[str]:
    jobs = workflow["jobs"]
    assert isinstance(jobs, dict)
    return [step["run"] for job in jobs.values() for step in job["steps"]
            if "pip install" in step.get("run", "")]


def test_init_workflow_installs_lif_from_a_placeholder_never_pypi(tmp_path: Path) -> None:
    """Without --package (and lif not installed from a git URL), the site's CI installs a
    placeholder that cannot resolve to PyPI's unrelated 'lif', and init says what to set."""
    made = run_lif("init", "s", *DETAILS, cwd=tmp_path)
    assert (made.exit_code, made.stderr) == (0, PLACEHOLDER_WARNING)
    workflow = yaml.safe_load((tmp_path / "s/.github/workflows/lif.yml").read_text())
    assert workflow["env"]["LIF_PACKAGE"] == (
        "lif @ git+https://example.invalid/set-lif-source-repository.git")
    assert _install_steps(workflow) == ['pip install "$LIF_PACKAGE"'] * 2


def test_init_workflow_installs_the_package_given(tmp_path: Path) -> None:
    """`lif init --package` stores the given direct reference in the workflow, with no warning."""
    spec = "lif @ git+https://github.com/hallowmere/lif@v0.1.0"
    made = run_lif("init", "s", *DETAILS, "--package", spec, cwd=tmp_path)
    assert (made.exit_code, made.stderr) == (0, "")
    workflow = yaml.safe_load((tmp_path / "s/.github/workflows/lif.yml").read_text())
    assert workflow["env"]["LIF_PACKAGE"] == spec


@pytest.mark.parametrize("spec", ["lif", "lif==0.1.0", "lif @ file:///home/me/lif"])
def test_init_refuses_a_package_that_is_not_a_direct_reference(tmp_path: Path, spec: str) -> None:
    """A bare name, a version or a local path would install PyPI's 'lif' or nothing in CI."""
    made = run_lif("init", "s", *DETAILS, "--package", spec, cwd=tmp_path)
    assert (made.exit_code, made.stderr) == (2, (
        f"lif: --package '{spec}' is not a direct reference to lif's source. PyPI's 'lif' is an "
        "unrelated project, so name the source repository and a release, e.g. --package 'lif @ "
        "git+https://github.com/ORG/lif@v0.1.0'.\n"))
    assert not (tmp_path / "s").exists()


@pytest.mark.parametrize(("origin", "spec"), [
    ({"url": "https://github.com/hallowmere/lif", "vcs_info": {
        "vcs": "git", "commit_id": "0123abc", "requested_revision": "v0.1.0"}},
     "lif @ git+https://github.com/hallowmere/lif@0123abc"),
    ({"url": "https://example.org/lif-0.1.0.tar.gz", "archive_info": {}},
     "lif @ https://example.org/lif-0.1.0.tar.gz"),
    ({"url": "file:///home/staff/lif", "dir_info": {"editable": True}}, None),
    (None, None),
])
def test_default_package_is_where_the_running_lif_came_from(
        origin: dict[str, object] | None, spec: str | None) -> None:
    """A lif installed from git is pinned to its commit; one from a local folder is not usable."""
    assert scaffold.spec_from_direct_url(origin) == spec


NODE24_MAJORS = {"actions/checkout": 6, "actions/setup-python": 6,
                 "actions/upload-pages-artifact": 5, "actions/deploy-pages": 5,
                 "github/codeql-action/upload-sarif": 4}
"""The first major version of each action that runs on Node 24: GitHub removed Node 20 from its
runners in September 2026, so an older major fails the site's CI."""


def test_workflows_use_actions_that_still_run(tmp_path: Path) -> None:
    """Every action in this repository's workflow and in the one `lif init` writes is one we know,
    at a major version that runs on GitHub's current runners."""
    run_lif("init", "s", "--partnership", "Testshire", cwd=tmp_path)
    too_old = []
    for path in [ROOT / ".github/workflows/lif.yml", tmp_path / "s/.github/workflows/lif.yml"]:
        for job in yaml.safe_load(path.read_text())["jobs"].values():
            for step in job["steps"]:
                if "uses" in step:
                    action, _, major = step["uses"].partition("@v")
                    if int(major) < NODE24_MAJORS[action]:
                        too_old.append(step["uses"])
    assert too_old == []


def test_repository_editor_settings_are_generated() -> None:
    """This repository's .vscode/settings.json is what `editor_settings` makes for its schemas."""
    committed = (ROOT / ".vscode/settings.json").read_text(encoding="utf-8")
    assert committed == schemas.render_editor_settings("generator/schemas")


def test_shipped_schemas_match_the_models() -> None:
    """The JSON Schemas in the package are exactly what the models generate."""
    for name in schemas.FILES:
        shipped = (schemas.SCHEMA_DIR / name).read_text(encoding="utf-8")
        assert shipped == schemas.render(schemas.schema_for(name)), (
            f"{name} is out of date: run python -m generator.schemas")


def _validator(name: str) -> jsonschema.protocols.Validator:
    schema = json.loads((schemas.SCHEMA_DIR / name).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_schemas_accept_the_example_content() -> None:
    """Every review.yml, response, briefing and content-page front matter and the ledger of the
    example pass."""
    review, response, briefing, ledger = (
        _validator(n) for n in ("review.schema.json", "response.schema.json",
                                "briefing.schema.json", "ledger.schema.json"))
    reviews = sorted((ROOT / "reviews").glob("*/review.yml"))
    assert reviews
    for path in reviews:
        review.validate(_json_ready(yaml.safe_load(path.read_text())))
        front = (path.parent / "response.md").read_text().split("---\n")[1]
        response.validate(_json_ready(yaml.safe_load(front)))
    for path in sorted((ROOT / "briefings").glob("*.md")):
        briefing.validate(_json_ready(yaml.safe_load(path.read_text().split("---\n")[1])))
    ledger.validate(_json_ready(yaml.safe_load((ROOT / "ledger.yml").read_text())))
    page = _validator("content-page.schema.json")
    for path in sorted((ROOT / "content").glob("*.md")):
        text = path.read_text()
        if text.startswith("---\n"):
            page.validate(_json_ready(yaml.safe_load(text.split("---\n")[1])))


@pytest.mark.parametrize(("name", "bad", "message"), [
    ("review.schema.json", {"sumary": "x"}, "'sumary' was unexpected"),
    ("review.schema.json", {"age_band": "teen"}, "'teen' is not one of"),
    ("review.schema.json", {"themes": []}, "should be non-empty"),
    ("briefing.schema.json", {"date": "2026-02-30"}, "is not a 'date'"),
    ("briefing.schema.json", {"source": "gossip"}, "'gossip' is not one of"),
    ("ledger.schema.json", [{"event": "deleted", "review": "child-t", "date": "2026-01-01"}],
     "'deleted' is not one of"),
    ("response.schema.json", {"status": "done"}, "'done' is not one of"),
    ("response.schema.json", {"due": "2026-02-30"}, "is not a 'date'"),
    ("content-page.schema.json", {"hide": ["sidebar"]}, "'sidebar' is not one of"),
    ("content-page.schema.json", {"search": {"exclude": "yes"}}, "'yes' is not of type"),
])
def test_schemas_reject_bad_fields(name: str, bad: object, message: str) -> None:
    """Each schema rejects a misspelt field, a wrong value, an empty list or a bad date (a
    response's action with an unknown status or an impossible due date among them)."""
    base: object = bad
    if name == "review.schema.json":
        assert isinstance(bad, dict)
        base = {**_json_ready(yaml.safe_load(
            (ROOT / "reviews/child-t/review.yml").read_text())), **bad}
    elif name == "briefing.schema.json":
        assert isinstance(bad, dict)
        base = {"title": "T", "date": "2026-01-01", "themes": ["neglect"], "source": "audit",
                **bad}
    elif name == "response.schema.json":
        assert isinstance(bad, dict)
        front = (ROOT / "reviews/child-t/response.md").read_text().split("---\n")[1]
        response = _json_ready(yaml.safe_load(front))
        assert isinstance(response, dict)
        base = {**response, "actions": [{**response["actions"][0], **bad}]}
    errors = [e.message for e in _validator(name).iter_errors(base)]
    assert any(message in e for e in errors), errors


def _json_ready(value: object) -> object:
    return json.loads(json.dumps(value, default=str))


def test_site_workflow_checks_deploys_and_runs_nightly(tmp_path: Path) -> None:
    """The generated GitHub workflow checks pull requests with SARIF, deploys main, runs nightly."""
    run_lif("init", str(tmp_path / "s"), "--partnership", "Testshire", cwd=tmp_path)
    workflow = yaml.safe_load((tmp_path / "s/.github/workflows/lif.yml").read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key 'on' as true
    assert sorted(c["cron"] for c in triggers["schedule"]) == ["5 0 * * *", "5 23 * * *"]
    check_steps = [s.get("run", s.get("uses")) for s in workflow["jobs"]["check"]["steps"]]
    assert workflow["env"]["LIF_PREVIOUS"] == (
        "${{ vars.LIVE_SITE_URL && format('{0}/ledger.json', vars.LIVE_SITE_URL) || '' }}")
    assert "lif check --format sarif > lif.sarif" in check_steps
    assert "github/codeql-action/upload-sarif@v4" in check_steps
    deploy = workflow["jobs"]["deploy"]
    assert deploy["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    deploy_steps = [s.get("run", s.get("uses")) for s in deploy["steps"]]
    assert "lif build" in deploy_steps
    assert "actions/deploy-pages@v5" in deploy_steps


def test_repository_workflow_tests_checks_and_deploys() -> None:
    """This repository's workflow runs `make test`, uploads SARIF, deploys main and runs nightly."""
    workflow = yaml.safe_load((ROOT / ".github/workflows/lif.yml").read_text())
    triggers = workflow[True]
    assert sorted(c["cron"] for c in triggers["schedule"]) == ["5 0 * * *", "5 23 * * *"]
    steps = {job: [s.get("run", s.get("uses")) for s in spec["steps"]]
             for job, spec in workflow["jobs"].items()}
    assert 'sudo -E env "PATH=$PATH" make test' in steps["test"]
    assert ".venv/bin/lif check --format sarif > lif.sarif" in steps["check"]
    assert "github/codeql-action/upload-sarif@v4" in steps["check"]
    order = ["make site", "actions/upload-pages-artifact@v5", "actions/deploy-pages@v5"]
    assert [s for s in steps["deploy"] if s in order] == order
    assert "LIF_PREVIOUS" in workflow["env"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str, deadline: float) -> str:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return str(response.read().decode("utf-8"))
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


@pytest.mark.slow
def test_serve_shows_drafts_and_scheduled_items_with_banners(kit: SiteKit) -> None:
    """`lif serve --as-of` renders drafts and scheduled items, bannered, and never writes site/."""
    kit.review("child-t")
    kit.publish("child-t", "2025-05-20")
    kit.review("baby-l", subject="Baby L")
    kit.event("approved", "baby-l", "2026-11-01")
    kit.event("panel-copy-sent", "baby-l", "2026-11-10")
    kit.event("published", "baby-l", "2026-12-09")
    kit.briefing("draft-one", "2026-01-10", title="Draft one")
    path = kit.root / "briefings/draft-one.md"
    path.write_text(path.read_text().replace("source: lcspr", "source: lcspr\ndraft: true"))
    port = _free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "-a", f"127.0.0.1:{port}", "--as-of",
         "2026-11-23"], cwd=kit.root, env=env, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 40
        scheduled = _get(f"http://127.0.0.1:{port}/reviews/baby-l/", deadline)
        draft = _get(f"http://127.0.0.1:{port}/briefings/draft-one/", deadline)
        public = _get(f"http://127.0.0.1:{port}/reviews/child-t/", deadline)
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert ('<p class="lif-banner" role="status"><strong>Preview:</strong> Scheduled for '
            '9 December 2026</p>') in scheduled
    assert ('<p class="lif-banner" role="status"><strong>Preview:</strong> Draft - not '
            'published</p>') in draft
    assert "lif-banner" not in public
    assert not (kit.root / "site").exists()


@pytest.mark.slow
def test_serve_as_of_a_later_day_shows_the_site_on_that_day(kit: SiteKit) -> None:
    """`lif serve --as-of` a day after today: a review whose embargo ended before that day has
    no banner, and a briefing due after it is still bannered as scheduled."""
    kit.review("baby-l", subject="Baby L")
    kit.event("approved", "baby-l", "2026-11-01")
    kit.event("panel-copy-sent", "baby-l", "2026-11-10")
    kit.event("published", "baby-l", "2026-12-09")
    kit.briefing("later-one", "2026-12-16", title="Later one")
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "-a", f"127.0.0.1:{port}", "--as-of",
         "2026-12-10"], cwd=kit.root, env={**os.environ, "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 40
        review = _get(f"http://127.0.0.1:{port}/reviews/baby-l/", deadline)
        briefing = _get(f"http://127.0.0.1:{port}/briefings/later-one/", deadline)
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert "lif-banner" not in review
    assert "Published 9 December 2026" in review
    assert ('<p class="lif-banner" role="status"><strong>Preview:</strong> Scheduled for '
            '16 December 2026</p>') in briefing


def _enumerated_fields(model: type) -> set[str]:
    """Fields whose annotation is a Literal (the validator accepts only those values)."""
    return {name for name, info in model.model_fields.items()  # type: ignore[attr-defined]
            if typing.get_origin(info.annotation) is typing.Literal}


def test_every_enumerated_field_lists_the_validators_values(kit: SiteKit) -> None:
    """Each enumerated field in the review, response and briefing scaffolds carries a comment
    listing exactly the values its model accepts, so the templates cannot drift from them."""
    from generator.models import Action, BriefingMeta, ReviewMeta

    run_lif("new", "review", "child-q", "--today", "2026-11-23", cwd=kit.root)
    run_lif("new", "briefing", "Safer sleep", "--today", "2026-11-23", cwd=kit.root)
    files = {"review": kit.root / "reviews/child-q/review.yml",
             "action": kit.root / "reviews/child-q/response.md",
             "briefing": kit.root / "briefings/safer-sleep.md"}
    for scaffold_name, model in (("review", ReviewMeta), ("action", Action),
                                 ("briefing", BriefingMeta)):
        assert set(scaffold.ENUMERATED[scaffold_name][1]) == _enumerated_fields(model)
        text = files[scaffold_name].read_text()
        for name in _enumerated_fields(model):
            values = typing.get_args(model.model_fields[name].annotation)
            line = next(line.strip() for line in text.splitlines()
                        if line.strip().startswith(f"{name}:"))
            assert line.endswith("  # one of: " + ", ".join(values)), line
    checked = run_lif("check", "--today", "2026-11-23", cwd=kit.root)
    assert checked.exit_code == 0, checked.output


@pytest.mark.parametrize(("given", "title", "file"), [
    ("Safer sleep", "Safer sleep: 7-minute briefing", "safer-sleep.md"),
    ("Safer sleep: what we learned", "Safer sleep: what we learned",
     "safer-sleep-what-we-learned.md"),
    ("Safer sleep 7-minute briefing", "Safer sleep 7-minute briefing",
     "safer-sleep-7-minute-briefing.md"),
])
def test_new_briefing_title_follows_the_sites_convention(
        kit: SiteKit, given: str, title: str, file: str) -> None:
    """`lif new briefing TOPIC` titles it 'TOPIC: 7-minute briefing'; a title with its own
    subtitle, or naming the form already, is kept as written."""
    made = run_lif("new", "briefing", given, "--today", "2026-11-23", cwd=kit.root)
    assert made.exit_code == 0, made.output
    front = yaml.safe_load((kit.root / "briefings" / file).read_text().split("---")[1])
    assert front["title"] == title


@pytest.mark.slow
def test_serve_shows_a_new_site_with_its_placeholders_as_warnings(tmp_path: Path) -> None:
    """`lif serve` previews a new site whose details are still to be filled in: its
    placeholders are warnings there (the page is served), while `lif build` refuses them."""
    run_lif("init", str(tmp_path / "s"), "--partnership", "Testshire", cwd=tmp_path)
    port = _free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "-a", f"127.0.0.1:{port}", "--as-of",
         "2026-11-23"], cwd=tmp_path / "s", env=env, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True)
    try:
        page = _get(f"http://127.0.0.1:{port}/request-a-report/", time.monotonic() + 40)
    finally:
        server.terminate()
        log, _ = server.communicate(timeout=10)
    assert "Fill in: how to ask for one" in page
    assert ("content/request-a-report.md:4:1: TEMPLATE-TEXT the template's placeholder 'Fill "
            "in: how to ask for one, with the e-mail...' is still here. Replace it with the real "
            "text (or delete it). [warning]") in log.splitlines()


def test_init_at_a_terminal_asks_for_what_it_is_not_given(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """At a terminal `lif init DIR` asks for the name, contact, numbers and address, and fills
    them in; options given are not asked again."""
    from generator.commands import authoring

    monkeypatch.setattr(authoring, "at_terminal", lambda: True)
    answers = ("learning@testshire-scp.example\n"
               "Children's services=01632 960000; Out of hours=01632 960001\n"
               "https://learning.testshire-scp.example\n")
    made = run_lif("init", "s", "--partnership", "Testshire", cwd=tmp_path, input_text=answers)
    assert made.exit_code == 0, made.output
    assert made.stdout.splitlines()[:3] == [
        "E-mail address for requests for reports: learning@testshire-scp.example",
        "Safeguarding numbers, as LABEL=PHONE separated by ';' (for example Children's "
        "services=01632 960000): Children's services=01632 960000; Out of hours=01632 960001",
        "The site's address (https://...): https://learning.testshire-scp.example"]
    options = yaml.safe_load((tmp_path / "s/mkdocs.yml").read_text())["plugins"][0]["lif"]
    assert (options["request_contact"], options["safeguarding_contacts"]) == (
        "learning@testshire-scp.example",
        [{"label": "Children's services", "phone": "01632 960000"},
         {"label": "Out of hours", "phone": "01632 960001"}])

"""Scaffolds, editor schemas and the new-site command: staff start from files that pass."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator import schemas
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


@pytest.mark.slow
def test_init_creates_a_site_that_builds(tmp_path: Path) -> None:
    """`lif init` makes a new, empty site that `lif build` builds at once."""
    target = tmp_path / "newsite"
    made = run_lif("init", str(target), "--partnership", "Testshire Safeguarding Children "
                   "Partnership", cwd=tmp_path)
    assert made.exit_code == 0, made.output
    assert not list((target / "reviews").glob("*/"))
    built = run_lif("build", "--today", "2026-11-23", cwd=target)
    assert built.exit_code == 0, built.output
    home = (target / "site/index.html").read_text()
    assert "Testshire Safeguarding Children Partnership" in home
    assert "Nothing has been published yet." in home


def test_init_refuses_a_folder_with_files(tmp_path: Path) -> None:
    """`lif init` never writes into a folder that already has files."""
    (tmp_path / "keep.txt").write_text("mine")
    made = run_lif("init", str(tmp_path), "--partnership", "X", cwd=tmp_path)
    assert made.exit_code == 1
    assert (tmp_path / "keep.txt").read_text() == "mine"


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
    """Every review.yml, response and briefing front matter and the ledger of the example pass."""
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


@pytest.mark.parametrize(("name", "bad", "message"), [
    ("review.schema.json", {"sumary": "x"}, "'sumary' was unexpected"),
    ("review.schema.json", {"age_band": "teen"}, "'teen' is not one of"),
    ("review.schema.json", {"themes": []}, "should be non-empty"),
    ("briefing.schema.json", {"date": "2026-02-30"}, "is not a 'date'"),
    ("briefing.schema.json", {"source": "gossip"}, "'gossip' is not one of"),
    ("ledger.schema.json", [{"event": "deleted", "review": "child-t", "date": "2026-01-01"}],
     "'deleted' is not one of"),
])
def test_schemas_reject_bad_fields(name: str, bad: object, message: str) -> None:
    """Each schema rejects a misspelt field, a wrong value, an empty list or a bad date."""
    base: object = bad
    if name == "review.schema.json":
        assert isinstance(bad, dict)
        base = {**_json_ready(yaml.safe_load(
            (ROOT / "reviews/child-t/review.yml").read_text())), **bad}
    elif name == "briefing.schema.json":
        assert isinstance(bad, dict)
        base = {"title": "T", "date": "2026-01-01", "themes": ["neglect"], "source": "audit",
                **bad}
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
    assert "github/codeql-action/upload-sarif@v3" in check_steps
    deploy = workflow["jobs"]["deploy"]
    assert deploy["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    deploy_steps = [s.get("run", s.get("uses")) for s in deploy["steps"]]
    assert "lif build" in deploy_steps
    assert "actions/deploy-pages@v4" in deploy_steps


def test_repository_workflow_tests_checks_and_deploys() -> None:
    """This repository's workflow runs `make test`, uploads SARIF, deploys main and runs nightly."""
    workflow = yaml.safe_load((ROOT / ".github/workflows/lif.yml").read_text())
    triggers = workflow[True]
    assert sorted(c["cron"] for c in triggers["schedule"]) == ["5 0 * * *", "5 23 * * *"]
    steps = {job: [s.get("run", s.get("uses")) for s in spec["steps"]]
             for job, spec in workflow["jobs"].items()}
    assert 'sudo -E env "PATH=$PATH" make test' in steps["test"]
    assert ".venv/bin/lif check --format sarif > lif.sarif" in steps["check"]
    assert "github/codeql-action/upload-sarif@v3" in steps["check"]
    order = ["make site", "actions/upload-pages-artifact@v3", "actions/deploy-pages@v4"]
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

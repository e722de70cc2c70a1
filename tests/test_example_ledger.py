"""scripts/example-ledger rebuilds the example site's ledger with real lif commands."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.clirun import run_lif
from tests.sitekit import SiteKit

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "example-ledger"
SLUGS = ["child-a", "child-t", "adolescents-outside-the-home", "child-m", "young-person-r",
         "baby-k", "baby-l"]
EXPECTED = [
    ("approved", "child-a", "2024-05-01"), ("panel-copy-sent", "child-a", "2024-05-20"),
    ("published", "child-a", "2024-06-12"), ("approved", "child-t", "2025-04-20"),
    ("panel-copy-sent", "child-t", "2025-05-06"), ("published", "child-t", "2025-05-20"),
    ("withdrawn", "child-a", "2025-09-01"),
    ("approved", "adolescents-outside-the-home", "2026-01-20"),
    ("panel-copy-sent", "adolescents-outside-the-home", "2026-02-04"),
    ("approved", "child-m", "2026-02-10"),
    ("published", "adolescents-outside-the-home", "2026-02-18"),
    ("withheld", "child-m", "2026-03-02"), ("approved", "young-person-r", "2026-06-01"),
    ("panel-copy-sent", "young-person-r", "2026-06-15"),
    ("delayed", "young-person-r", "2026-07-01"), ("approved", "baby-k", "2026-09-15"),
    ("panel-copy-sent", "baby-k", "2026-09-30"), ("published", "baby-k", "2026-10-14"),
    ("approved", "baby-l", "2026-11-02"), ("panel-copy-sent", "baby-l", "2026-11-18"),
    ("published", "baby-l", "2026-12-09"),
]


def run_script(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LIF": str(Path(sys.executable).parent / "lif")}
    return subprocess.run([str(SCRIPT), *args], capture_output=True, text=True, env=env,
                          check=False)


@pytest.mark.slow
def test_example_ledger_records_the_intended_states(kit: SiteKit) -> None:
    """Run on the example reviews, the script leaves each in its intended state on 2026-11-23."""
    for slug in SLUGS:
        kit.review(slug, subject=slug.replace("-", " ").title())
    kit.review("child-s", subject="Child S", draft=True)
    done = run_script(str(kit.root))
    assert done.returncode == 0, done.stderr
    entries = yaml.safe_load((kit.root / "ledger.yml").read_text())
    assert [(e["event"], e["review"], str(e["date"])) for e in entries] == EXPECTED
    withheld = entries[11]
    assert (withheld["reason"], str(withheld["panel_informed"])) == (
        "The partnership decided not to publish this report to protect the child's identity. "
        "A summary of the learning is in our briefings.", "2026-03-02")
    assert entries[14]["reason"] == (
        "Publication is delayed until criminal proceedings have concluded.")
    assert done.stdout.splitlines()[-10:] == [
        "Reviews on 23 November 2026:",
        "REVIEW                        STATE      NEXT",
        "adolescents-outside-the-home  published  listed until at least 2027-02-18; may be "
        "withdrawn from 2027-02-18",
        "baby-k                        published  listed until at least 2027-10-14; may be "
        "withdrawn from 2027-10-14",
        "baby-l                        scheduled  embargoed until 2026-12-09; listed until at "
        "least 2027-12-09",
        "child-a                       withdrawn  available on request since 2025-09-01",
        "child-m                       withheld   not published (the Panel was informed "
        "2026-03-02)",
        "child-s                       draft      draft: waits for 'draft: true' to be removed, "
        "then approval (lif approve)",
        "child-t                       published  minimum listing ended 2026-05-20; may be "
        "withdrawn (lif withdraw child-t --on DATE)",
        "young-person-r                delayed    delayed (Publication is delayed until "
        "criminal proceedings have concluded.); panel copy sent 2026-06-15; may publish from "
        "2026-06-22",
    ]
    checked = run_lif("check", "--today", "2026-11-23", cwd=kit.root)
    assert checked.stdout == "lif: check passed for 2026-11-23: 0 error(s), 0 warning(s).\n"


def test_example_ledger_keeps_an_existing_ledger(kit: SiteKit) -> None:
    """Without --force the script refuses to replace a ledger (history is not rewritten lightly)."""
    (kit.root / "ledger.yml").write_text("[]\n")
    done = run_script(str(kit.root))
    assert (done.returncode, done.stderr) == (
        2, f"example-ledger: {kit.root}/ledger.yml exists; run with --force to replace it.\n")
    assert (kit.root / "ledger.yml").read_text() == "[]\n"

"""With SOURCE_DATE_EPOCH set, two builds of the same sources give byte-identical site/ trees."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.sitekit import SiteKit
from tests.test_embargo import listing_site

EPOCH = int(dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC).timestamp())
REPO = Path(__file__).resolve().parent.parent


def tree(site: Path) -> dict[str, str]:
    """Every file, folder and link under site/: its kind and a digest of its bytes."""
    found = {}
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if path.is_symlink():
            found[rel] = "link " + os.readlink(path)
        elif path.is_dir():
            found[rel] = "dir"
        else:
            found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def build(root: Path, hash_seed: str, tz: str) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH), "PYTHONHASHSEED": hash_seed,
           "TZ": tz, "PYTHONPATH": str(REPO)}
    result = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=root, env=env,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == f"lif: built {root}/site for 2026-11-23: 0 error(s), 0 warning(s).\n"


@pytest.mark.slow
def test_two_builds_are_byte_identical(kit: SiteKit, tmp_path: Path) -> None:
    """Different hash seeds, time zones, folders and moments still give the same bytes."""
    listing_site(kit)
    config = kit.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("plugins:\n", "plugins:\n  - search\n"))
    other = tmp_path / "elsewhere" / "checkout"
    shutil.copytree(kit.root, other, symlinks=True)
    build(kit.root, "1", "Europe/London")
    build(other, "2", "Pacific/Auckland")
    first, second = tree(kit.root / "site"), tree(other / "site")
    assert first == second
    # What the comparison covers: pages, assets, search index and both sitemaps.
    assert {"index.html", "sitemap.xml", "sitemap.xml.gz", "search/search_index.json",
            "reviews/review-published/report/index.html"} <= set(first)
    # Modification times are the epoch too, so archives of the tree are identical as well.
    assert {int(p.stat().st_mtime) for p in (kit.root / "site").rglob("*")} == {EPOCH}
    # A rebuild in the same folder swaps in the same bytes.
    build(kit.root, "3", "UTC")
    assert tree(kit.root / "site") == first


def test_dates_do_not_follow_the_process_locale() -> None:
    """Month names are fixed English even if a library switches the locale's month names."""
    from generator import pages

    class Localised(dt.date):
        def __format__(self, spec: str) -> str:
            return super().__format__(spec.replace("%B", "Tachwedd"))

    assert pages.long_date(Localised(2026, 11, 23)) == "23 November 2026"

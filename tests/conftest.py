from __future__ import annotations

from pathlib import Path

import pytest

from tests.sitekit import SiteKit

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def kit(tmp_path: Path) -> SiteKit:
    """An empty fictional site in a temporary folder."""
    return SiteKit(tmp_path / "site-src")

"""The benchmark's synthetic site is a valid lif site, with every lifecycle state, every time."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from bench import synth
from generator.build import prepare_site
from generator.options import load_site_config
from generator.plugin import plugin_of
from tests.clirun import run_lif

TODAY = synth.TODAY.isoformat()


def small_site(root: Path, pdf: bool = True) -> Path:
    synth.generate(root, reviews=20, review_words=300, briefing_words=200,
                   lif_extra=None if pdf else {"pdf": False})
    return root


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One small synthetic site shared by the tests that only read it."""
    return small_site(tmp_path_factory.mktemp("bench") / "synth")


def test_synthetic_site_passes_check(generated: Path) -> None:
    """lif check passes on a generated site with no error or warning."""
    root = generated
    result = run_lif("check", "--today", TODAY, cwd=root)
    assert (result.exit_code, result.output) == (
        0, f"lif: check passed for {TODAY}: 0 error(s), 0 warning(s).\n")


def test_synthetic_site_has_every_state(generated: Path) -> None:
    """Twenty reviews give fifteen published and one each of the other five states."""
    root = generated
    config = load_site_config(str(root / "mkdocs.yml"))
    site = prepare_site(root, plugin_of(config).config, synth.TODAY,
                        docs_dir=Path(config.docs_dir))
    states = Counter(status.state.value for status in site.statuses.values())
    assert states == {"published": 15, "draft": 1, "scheduled": 1, "withheld": 1,
                      "delayed": 1, "withdrawn": 1}
    assert len(site.sources.briefings) == 100


def test_synthetic_site_is_deterministic(generated: Path, tmp_path: Path) -> None:
    """The same seed writes byte-identical sources."""
    first, second = generated, small_site(tmp_path / "again")
    files = sorted(p.relative_to(first) for p in first.rglob("*")
                   if p.is_file() and p.parts[len(first.parts)] != "site")
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)


def test_synthetic_site_builds_without_leaks(tmp_path: Path) -> None:
    """lif build succeeds: the post-build scan finds no non-public text in the written site
    (HTML only, as the benchmark builds it; PDFs have their own tests)."""
    root = small_site(tmp_path / "synth", pdf=False)
    result = run_lif("build", "--today", TODAY, cwd=root)
    assert (result.exit_code, result.output) == (
        0, f"lif: built {root / 'site'} for {TODAY}: 0 error(s), 0 warning(s).\n")


def test_benchmark_table_says_which_scale_targets_hold() -> None:
    """The harness prints the wall-time, memory and growth targets with this run's figures."""
    from bench.run import Result, targets

    by_size = {
        100: {"plain": Result(100, "plain", 700, 7.0, 7.0, 90.0, 20.0),
              "lif": Result(100, "lif", 700, 8.4, 9.0, 150.0, 20.0)},
        400: {"plain": Result(400, "plain", 2800, 24.0, 24.0, 200.0, 80.0),
              "lif": Result(400, "lif", 2800, 31.2, 33.0, 420.0, 80.0)},
    }
    assert targets(by_size) == [
        "", "targets (lif/plain, this run):",
        "- wall time at N=400: 1.30x, at most 1.25x: NOT MET",
        "- peak memory at N=400: 2.10x, at most 2.0x: NOT MET",
        "- wall ratio not growing: 1.20x at N=100, 1.30x at N=400: NOT MET"]
    by_size[400]["lif"] = Result(400, "lif", 2800, 28.0, 30.0, 380.0, 80.0)
    assert targets(by_size)[2:] == [
        "- wall time at N=400: 1.17x, at most 1.25x: holds",
        "- peak memory at N=400: 1.90x, at most 2.0x: holds",
        "- wall ratio not growing: 1.20x at N=100, 1.17x at N=400: holds"]

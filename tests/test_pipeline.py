"""The pipeline as one: no import cycles, one build function, and inputs that cannot hurt."""

from __future__ import annotations

import ast
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.clirun import run_lif
from tests.conftest import ROOT
from tests.sitekit import SiteKit

PACKAGE = ROOT / "generator"


def import_graph(package: Path) -> dict[str, set[str]]:
    """Which of the package's modules each module imports (inside functions too)."""
    files = {}
    for path in package.rglob("*.py"):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        files[".".join(parts)] = path
    graph: dict[str, set[str]] = {name: set() for name in files}
    for name, path in files.items():
        home = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = home.split(".")[: len(home.split(".")) - node.level + 1]
                    base = ".".join(up + ([base] if base else []))
                targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
            for target in targets:
                while target and target not in files:
                    target = target.rpartition(".")[0]
                inside_own_package = (files.get(target, Path()).name == "__init__.py"
                                      and name.startswith(target + "."))
                if target and target != name and not inside_own_package:
                    graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """Groups of two or more modules that import each other, directly or round a loop."""
    reach = {name: set() for name in graph}
    for start in graph:
        todo = list(graph[start])
        while todo:
            node = todo.pop()
            if node not in reach[start]:
                reach[start].add(node)
                todo += graph[node]
    groups: list[set[str]] = []
    for name in sorted(graph):
        group = {other for other in reach[name] if name in reach[other]} | {name}
        if len(group) > 1 and group not in groups:
            groups.append(group)
    return groups


def test_no_module_of_lif_imports_itself_back() -> None:
    """No import cycles in generator/ (imports inside functions count)."""
    assert cycles(import_graph(PACKAGE)) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    """Near miss: two modules importing each other are reported as one group."""
    assert cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [{"a", "b"}]


def test_plugin_and_command_line_stay_small() -> None:
    """plugin.py and cli.py only wire the pipeline: each under 200 lines."""
    sizes = {name: len((PACKAGE / name).read_text(encoding="utf-8").splitlines())
             for name in ("plugin.py", "cli.py")}
    assert all(size < 200 for size in sizes.values()), sizes


def test_a_config_not_named_mkdocs_yml_still_checks_content_pages(kit: SiteKit) -> None:
    """`lif check -f another-name.yml` finds a phone number on a content page of its docs_dir."""
    (kit.root / "mkdocs.yml").rename(kit.root / "another-name.yml")
    (kit.root / "content" / "contact.md").write_text(
        "# Contact\n\nRing 07700 900123 for help.\n", encoding="utf-8")
    result = run_lif("check", "-f", "another-name.yml", "--today", "2026-11-23", cwd=kit.root)
    assert result.exit_code == 1
    assert [line.split(" ", 2)[:2] for line in result.stdout.splitlines()] == [
        ["content/contact.md:3:6:", "ID-PHONE"]]


def test_a_site_dir_linked_to_the_sources_is_refused(kit: SiteKit) -> None:
    """`ln -s reviews site; lif build` is refused before anything is written; reviews intact."""
    kit.review("child-t")
    before = sorted(p.relative_to(kit.root).as_posix() for p in (kit.root / "reviews").rglob("*"))
    (kit.root / "site").symlink_to("reviews")
    result = run_lif("build", "--today", "2026-11-23", cwd=kit.root)
    assert (result.exit_code, result.output) == (1, (
        "lif: site_dir 'site' overlaps the site's sources; building would replace them. Point "
        "site_dir at a folder of its own (remove the link, or set site_dir in mkdocs.yml). "
        "Nothing was written.\n"))
    after = sorted(p.relative_to(kit.root).as_posix() for p in (kit.root / "reviews").rglob("*"))
    assert after == before
    assert not list(kit.root.glob(".site-build*")) and not list(kit.root.glob(".reviews-*"))


def test_a_site_dir_that_is_a_source_folder_is_refused(kit: SiteKit) -> None:
    """`lif build -d briefings` would replace the briefings: refused, nothing written."""
    kit.briefing("safer-sleep", "2026-01-05")
    result = run_lif("build", "--today", "2026-11-23", "-d", "briefings", cwd=kit.root)
    assert (result.exit_code, result.output) == (1, (
        "lif: site_dir 'briefings' overlaps the site's sources; building would replace them. "
        "Point site_dir at a folder of its own (remove the link, or set site_dir in "
        "mkdocs.yml). Nothing was written.\n"))
    assert [p.name for p in (kit.root / "briefings").iterdir()] == ["safer-sleep.md"]


def test_a_site_dir_beside_the_sources_is_built(kit: SiteKit) -> None:
    """Near miss: a site_dir named like a source folder but separate from it builds."""
    result = run_lif("build", "--today", "2026-11-23", "-d", "reviews-site", cwd=kit.root)
    assert result.exit_code == 0, result.output
    assert (kit.root / "reviews-site" / "index.html").is_file()


def test_a_closed_pipe_on_stdout_ends_quietly(tmp_path: Path) -> None:
    """`lif rules | head -3` prints three lines and ends without an error, every time."""
    for _ in range(3):
        done = subprocess.run(
            f"{sys.executable} -m generator rules | head -3; echo \"rc=${{PIPESTATUS[0]}}\"",
            shell=True, executable="/bin/bash", capture_output=True, text=True, timeout=60,
            cwd=tmp_path)
        lines = done.stdout.splitlines()
        assert (len(lines), lines[-1], done.stderr) == (4, "rc=0", "")


def test_workers_die_with_a_build_killed_outright() -> None:
    """A process pool's workers exit when their build is killed with kill -9."""
    script = (
        "import os, sys, time\n"
        "from generator.workers import process_pool\n"
        "pool = process_pool(2)\n"
        "pids = [pool.submit(os.getpid).result() for _ in range(4)]\n"
        "print(' '.join(str(p) for p in set(pids)), flush=True)\n"
        "time.sleep(60)\n")
    with subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE,
                          text=True) as build:
        assert build.stdout is not None
        workers = [int(pid) for pid in build.stdout.readline().split()]
        os.kill(build.pid, signal.SIGKILL)
        build.wait(10)
    assert workers
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(pid) for pid in workers):
        time.sleep(0.1)
    assert [pid for pid in workers if alive(pid)] == []


def alive(pid: int) -> bool:
    """Whether ``pid`` is a running process (a zombie, dead but unreaped, is not)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_visibility_is_the_one_home_of_what_is_public() -> None:
    """No module but visibility decides a review's page or text from its state (near miss:
    the listing order and the briefing day are visibility's too)."""
    deciders = ("def has_page(", "def shows_text(", "def is_public_briefing(",
                "def listed_reviews(", "def public_briefings(")
    homes = {path.relative_to(PACKAGE).as_posix()
             for path in PACKAGE.rglob("*.py")
             for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip().startswith(deciders)
             and "visibility." not in path.read_text(encoding="utf-8").split(line, 1)[1][:400]}
    assert homes == {"visibility.py"}

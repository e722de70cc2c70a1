"""The documentation tells the truth: every command, plugin option and rule ID it names exists,
and every one that exists is documented."""

from __future__ import annotations

import re
import subprocess
import sys

import click

from generator import rules
from generator.cli import lif
from generator.config import LifConfig
from tests.clirun import run_lif
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS = [ROOT / "README.md", ROOT / "content" / "guide.md",
        *sorted((ROOT / "docs-spec").glob("*.md")), *sorted((ROOT / "bench").glob("*.md"))]
RULE_ID = re.compile(r"`([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+)`")
FINDING_CALL = re.compile(r"""finding\(\s*["']([A-Z][A-Z0-9-]+)["']""")


def commands(group: click.Group, prefix: str = "lif") -> list[str]:
    names = []
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            names += commands(command, f"{prefix} {name}")
        else:
            names.append(f"{prefix} {name}")
    return names


def test_rule_reference_is_the_registry() -> None:
    """docs-spec/RULES.md is exactly what `lif rules --format markdown` prints."""
    result = run_lif("rules", "--format", "markdown", cwd=ROOT)
    assert result.exit_code == 0
    assert (ROOT / "docs-spec" / "RULES.md").read_text(encoding="utf-8") == result.stdout


def test_every_rule_id_in_the_docs_exists() -> None:
    """A rule ID in backticks in any documentation file is a registered rule."""
    known = {rule.id for rule in rules.all_rules()}
    named = {(path.name, rule_id) for path in DOCS
             for rule_id in RULE_ID.findall(path.read_text(encoding="utf-8"))}
    assert sorted((name, rule_id) for name, rule_id in named
                  if rule_id not in known and not rule_id.startswith("HMAC")) == []


def test_every_rule_the_code_reports_is_registered() -> None:
    """Each finding("ID", ...) in the package names a rule in the registry."""
    known = {rule.id for rule in rules.all_rules()}
    used = {(path.relative_to(ROOT).as_posix(), rule_id)
            for path in sorted((ROOT / "generator").rglob("*.py"))
            for rule_id in FINDING_CALL.findall(path.read_text(encoding="utf-8"))}
    assert sorted(item for item in used if item[1] not in known) == []


def test_every_command_is_in_the_readme() -> None:
    """Each lif command and subcommand appears in the README as `lif NAME`."""
    assert [name for name in commands(lif) if f"`{name}" not in README] == []


def test_every_plugin_option_is_in_the_readme() -> None:
    """Each option of the lif plugin is named in the README's plugin options table."""
    options = [name for name, _ in LifConfig._schema]
    assert [name for name in options if f"| `{name}` |" not in README] == []


def test_a_rule_from_a_module_not_yet_imported_is_found() -> None:
    """A match made in a worker by the PDF checks becomes a finding in a process that never
    imported them (as the scan of the written site does): the rule is looked up, not missing."""
    code = ("import sys\nfrom generator.rules import finding\nfrom generator.models import "
            "Position\nassert 'generator.checks.pdf' not in sys.modules\n"
            "print(finding('FILE-AUTHOR', 'a.pdf', Position(1, 1), 'm').severity)\n")
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=False)
    assert (ran.returncode, ran.stdout, ran.stderr) == (0, "warning\n", "")


AUTHORING_COMMANDS = ("init", "import", "new briefing", "new review")


def test_every_authoring_option_is_in_the_readme() -> None:
    """Each option of lif init, lif import and lif new appears in the README as `--name`
    (the set-up a new user follows from the README alone)."""
    missing = []
    for name in AUTHORING_COMMANDS:
        command: click.Command = lif
        for part in name.split():
            assert isinstance(command, click.Group)
            command = command.commands[part]
        for param in command.params:
            if isinstance(param, click.Option) and param.name not in ("config_file", "today"):
                flag = max(param.opts, key=len)
                if flag not in README:
                    missing.append(f"lif {name} {flag}")
    assert missing == []


def test_readme_commands_table_names_each_command_once() -> None:
    """The README's commands table has one row per command (no duplicate `lif check` row)."""
    rows = [line.split("`")[1].split(" [")[0].split(" --")[0]
            for line in README.split("## Commands", 1)[1].split("\n## ", 1)[0].splitlines()
            if line.startswith("| `lif ")]
    firsts = [" ".join(w for w in row.split() if w.islower() or w == "lif")[:60] for row in rows]
    assert sorted(r for r in set(firsts) if firsts.count(r) > 1) == []


def test_readme_points_staff_at_the_guide_and_names_the_python_it_needs() -> None:
    """The README says Python 3.11 or newer is needed and sends comms staff to the guide."""
    assert "Python 3.11 or newer" in README
    start = README.split("## Where to start", 1)[1].split("\n## ", 1)[0]
    assert "(content/guide.md)" in start

"""``lif rules``: the list of every rule, so a finding's ID can be looked up without the code."""

from __future__ import annotations

import click

from generator import rules
from generator.options import handled


@click.command("rules")
@click.option("--format", "output", type=click.Choice(["text", "markdown"]), default="text",
              show_default=True, help="Plain lines, or the Markdown table of docs-spec/RULES.md.")
@handled
def rules_command(output: str) -> None:
    """List every rule lif enforces: ID, default severity and what it means."""
    if output == "markdown":
        click.echo(rules.reference_markdown(), nl=False)
        return
    known = rules.all_rules()
    width = max(len(rule.id) for rule in known)
    for rule in known:
        click.echo(f"{rule.id:<{width}}  {rule.severity:<7}  {rule.doc}")

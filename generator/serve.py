"""``lif serve``: the live preview, built by the same stages as ``lif build``.

It says where it serves, prints every finding as ``lif check`` does, and when the checks fail it
serves a page listing them (instead of a build error that leaves the browser waiting).
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from generator.options import load_site_config, parse_day, site_options


def serve(config_file: str, day: str | None, option: str, dev_addr: str) -> None:
    """Serve the preview of the site at ``dev_addr`` until interrupted."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    parse_day(day, option)
    if day:
        os.environ["LIF_AS_OF"] = day
    os.environ["LIF_PREVIEW"] = "1"
    config = load_site_config(config_file)
    options = site_options(config)
    root = Path(config.config_file_path).resolve().parent
    watch = [str(root / p) for p in (options.reviews_dir, options.briefings_dir, options.ledger)
             if (root / p).exists()]
    click.echo(f"lif: serving the preview at http://{dev_addr}/ (drafts and scheduled items "
               "shown, bannered); it rebuilds when a file changes. Press Ctrl-C to stop.")
    # strict=False: a preview shows the site with its warnings (a placeholder on a content page
    # is a warning here and an error in lif build), rather than aborting on the first one
    mkdocs_serve(config_file=config_file, dev_addr=dev_addr, watch=watch, strict=False)

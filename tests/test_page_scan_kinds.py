"""A page handed to the page-scan workers is read as the kind of file it is written as.

The workers read each page as HTML, by its texts. A plugin or hook can write a page under
another name (``request-a-report.txt``), which the scan of the written files reads by its kind:
a text file whole, script code and all. Such a page must get that reading, not the HTML one.
"""

from __future__ import annotations

from pathlib import Path

from tests.clirun import run_lif
from tests.sitekit import SiteKit

TODAY = "2026-11-23"
HOOK = '''\
def on_files(files, config):
    for file in files:
        if file.src_uri == "request-a-report.md":
            file.dest_uri = "request-a-report.txt"
    return files


def on_page_content(html, page, config, files):
    if page.file.src_uri == "request-a-report.md":
        return html + "<script>var helpline = 07700900123;</script>"
    return html
'''


def test_a_page_written_as_a_text_file_is_scanned_as_text(tmp_path: Path) -> None:
    """A number in a script's code of a page a hook writes as ``.txt`` fails the build, as it
    does when no worker scans the pages (the HTML reading skips script code)."""
    kit = SiteKit(tmp_path)
    kit.review("child-t")
    kit.publish("child-t", "2025-05-20")
    (tmp_path / "hooks.py").write_text(HOOK, encoding="utf-8")
    with (tmp_path / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("hooks:\n  - hooks.py\n")
    result = run_lif("build", "--today", TODAY, cwd=tmp_path)
    assert (result.exit_code, result.output.splitlines()[-2:]) == (1, [
        "site/request-a-report.txt:333:58: ID-PHONE a phone number ('0**********'). Remove it; "
        "a published helpline belongs in the site's allow list.",
        "lif: 1 redaction finding(s) in the built site; the build failed. (1 error(s), "
        "0 warning(s))"])
    assert not (tmp_path / "site").exists()

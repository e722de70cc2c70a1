"""The Content Security Policy: per-page hashes of inline scripts and styles, placed first."""

from __future__ import annotations

from generator import csp

PAGE = """<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <script>var a=1</script>
    <style>:root{--x:1}</style>
    <script id="__config" type="application/json">{"base": "."}</script>
    <script src="assets/app.js"></script>
  </head>
  <body><script>var a=1</script></body>
</html>
"""


def test_source_hash_is_the_base64_sha256_of_the_text() -> None:
    """A hash source is 'sha256-' and the base64 SHA-256 of the exact inline text."""
    assert csp.source_hash("var a=1") == "'sha256-WazVQOu5lmXfSreSrMJd1CsaQ4c00fUQpJfBYCuMSIw='"


def test_policy_hashes_inline_code_but_not_data_or_external_scripts() -> None:
    """Each distinct inline script and style is hashed once; JSON data and src= scripts are not."""
    assert csp.policy_for(PAGE) == (
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' "
        "'sha256-WazVQOu5lmXfSreSrMJd1CsaQ4c00fUQpJfBYCuMSIw='; "
        "style-src 'self' 'sha256-0Lh7wg9FNNF6teoL310qI8u8tYsGv/h3W5srPN259RA='; "
        "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; "
        "object-src 'none'; base-uri 'self'; form-action 'self'")


def test_policy_goes_right_after_the_charset_and_only_once() -> None:
    """The meta element follows <meta charset>, before any script; adding it twice is a no-op."""
    once = csp.add_policy(PAGE)
    lines = once.splitlines()
    assert lines[3:5] == ['    <meta charset="utf-8">',
                          f'    <meta http-equiv="Content-Security-Policy" '
                          f'content="{csp.policy_for(PAGE)}">']
    assert csp.add_policy(once) == once
    assert csp.add_policy("<p>no head</p>") == "<p>no head</p>"


def test_plugin_adds_the_policy_to_built_pages_but_not_when_serving() -> None:
    """Built pages and the 404 template get the policy; `lif serve` pages (live reload is an
    inline script) and the sitemap do not."""
    from generator.plugin import LifPlugin

    plugin = LifPlugin()
    assert plugin.on_post_page(PAGE, page=None, config=None) == csp.add_policy(PAGE)
    assert plugin.on_post_template(PAGE, template_name="404.html",
                                   config=None) == csp.add_policy(PAGE)
    assert plugin.on_post_template("<urlset/>", template_name="sitemap.xml",
                                   config=None) == "<urlset/>"
    plugin.csp = False
    assert plugin.on_post_page(PAGE, page=None, config=None) == PAGE

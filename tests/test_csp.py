"""The Content Security Policy: hashes of the theme's own inline snippets only, placed first."""

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


BASE = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{scripts}; "
        "style-src 'self'{styles}; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
        "worker-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'")
MATERIAL_SCOPE = ('__md_scope=new URL("{base}",location),__md_hash=e=>[...e].reduce(((e,_)=>'
                  '(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>'
                  'JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,'
                  'a=__md_scope)=>{{try{{t.setItem(a.pathname+"."+e,JSON.stringify(_))}}'
                  'catch(e){{}}}}')
"""Material's inline script (partials/javascripts/base.html) as it renders at a given depth."""


def test_policy_hashes_no_inline_code_that_the_theme_does_not_ship() -> None:
    """Inline scripts and styles in a page that are not the theme's get no hash: not run."""
    assert csp.policy_for(PAGE) == BASE.format(scripts="", styles="")


def test_policy_hashes_materials_own_script_at_every_depth() -> None:
    """Material's scope script is hashed for any relative base; JSON data and src= are not."""
    for base in ("..", "../../..", ".", "/"):
        script = MATERIAL_SCOPE.format(base=base)
        page = PAGE.replace("var a=1", script)
        assert csp.policy_for(page) == BASE.format(
            scripts=" " + csp.source_hash(script), styles="")


def test_a_template_value_cannot_smuggle_code_into_a_theme_snippet() -> None:
    """Material's script with code in place of its base address is not the theme's: no hash."""
    for base in ('",location),alert(1),("', "..;alert(1)", ".. alert(1)", "<x>", "a=b"):
        page = PAGE.replace("var a=1", MATERIAL_SCOPE.format(base=base))
        assert csp.policy_for(page) == BASE.format(scripts="", styles="")


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


def test_materials_redirect_script_is_never_allowed() -> None:
    """The redirect page's script (page metadata written into code) gets no hash, whatever
    address it carries."""
    script = ('window.location.replace(["../x/",window.location.search,'
              'window.location.hash].join(""))')
    assert csp.policy_for(PAGE.replace("var a=1", script)) == BASE.format(scripts="", styles="")

"""A review's attachments: only kinds lif can check, images without identifying metadata,
SVGs without active content."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from tests.clirun import run_lif
from tests.sitekit import SiteKit

DAY = "2026-11-23"


def files_of(kit: SiteKit) -> Path:
    """The files/ folder of a review, published once its files are written (``check``)."""
    kit.review("child-t")
    files = kit.root / "reviews/child-t/files"
    files.mkdir()
    return files


def check(kit: SiteKit) -> tuple[int, list[str]]:
    """`lif check` on a site where child-t (with its files as they are now) was published."""
    if (kit.root / "reviews/child-t").is_dir():
        kit.publish("child-t", "2026-05-20")
    result = run_lif("check", "--today", DAY, cwd=kit.root)
    return result.exit_code, [line for line in result.stdout.splitlines()
                              if "REDACTION-ALLOWED" not in line]


def test_a_file_lif_cannot_read_is_refused(kit: SiteKit) -> None:
    """A spreadsheet would be published unread, so it is an error naming its kind."""
    (files_of(kit) / "chronology.xlsx").write_bytes(b"PK\x03\x04")
    assert check(kit) == (1, [
        "reviews/child-t/files/chronology.xlsx:1:1: ATTACHMENT-TYPE lif cannot check a '.xlsx' "
        "file for names and hidden text, so it would be published unread. Convert it to PDF (or "
        "an image to PNG), or remove it from files/."])


def test_a_photo_with_gps_and_author_is_refused_without_showing_them(kit: SiteKit) -> None:
    """EXIF GPS and author fields are named, never their values."""
    image = Image.new("RGB", (4, 4), "white")
    exif = Image.Exif()
    exif[0x013B] = "Fictional Photographer"
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0)}
    image.save(files_of(kit) / "room.jpg", exif=exif)
    code, lines = check(kit)
    assert (code, lines) == (1, [
        "reviews/child-t/files/room.jpg:1:1: ATTACHMENT-METADATA the image carries metadata "
        "(GPS position, author) that readers can see in any image viewer. Save it again without "
        "metadata (most editors have 'export for web' or 'remove location and personal "
        "information'), then check it here again."])
    assert "Photographer" not in "\n".join(lines)


def test_a_png_with_a_comment_chunk_is_refused_and_a_plain_one_is_not(kit: SiteKit) -> None:
    """A PNG text chunk (other than the editor's name) is metadata; a bare PNG is fine."""
    from PIL.PngImagePlugin import PngInfo

    files = files_of(kit)
    info = PngInfo()
    info.add_text("Comment", "taken at the family home")
    info.add_text("Software", "An editor")
    Image.new("RGB", (4, 4)).save(files / "chart.png", pnginfo=info)
    plain = PngInfo()
    plain.add_text("Software", "An editor")
    Image.new("RGB", (4, 4)).save(files / "plain.png", pnginfo=plain)
    code, lines = check(kit)
    assert (code, [line.split(" the image")[0] for line in lines]) == (1, [
        "reviews/child-t/files/chart.png:1:1: ATTACHMENT-METADATA"])


def test_an_svg_with_a_script_handler_and_outside_link_is_refused_at_each(kit: SiteKit) -> None:
    """Scripts (in any namespace prefix), event handlers, script addresses written with
    character references and links out of an SVG, each at its element."""
    (files_of(kit) / "chart.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:s="http://www.w3.org/2000/svg">\n'
        '  <rect width="4" height="2" onclick="go()"/>\n'
        "  <s:script>go()</s:script>\n"
        '  <a href="https://example.com/"><text>Chart</text></a>\n'
        '  <a href="&#106;avascript:go()"><text>Key</text></a>\n'
        "</svg>\n", encoding="utf-8")
    code, lines = check(kit)
    says = ("in an SVG would run, or reach another site, when a reader opens it. Remove it (a "
            "chart needs only shapes and text), or export the image as PNG.")
    assert (code, lines) == (1, [
        f"reviews/child-t/files/chart.svg:2:3: ATTACHMENT-ACTIVE an event handler (onclick) {says}",
        f"reviews/child-t/files/chart.svg:3:3: ATTACHMENT-ACTIVE a <script> element {says}",
        "reviews/child-t/files/chart.svg:4:3: ATTACHMENT-ACTIVE a link out of the image in href "
        f"{says}",
        f"reviews/child-t/files/chart.svg:5:3: ATTACHMENT-ACTIVE a script address in href {says}"])


def test_an_svg_with_a_doctype_is_refused(kit: SiteKit) -> None:
    """Entities declared in a DOCTYPE expand only in the browser, so they are never read."""
    (files_of(kit) / "chart.svg").write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY n "Ring 07700 900123">]>\n'
        '<svg xmlns="http://www.w3.org/2000/svg"><text>&n;</text></svg>\n', encoding="utf-8")
    assert check(kit) == (1, [
        "reviews/child-t/files/chart.svg:2:1: ATTACHMENT-ACTIVE a <!DOCTYPE declaration in an "
        "SVG can define text and markup that only a browser expands. Export the image again "
        "without it, or as PNG.",
        "reviews/child-t/files/chart.svg:2:33: ID-PHONE a phone number ('0**** 9*****'). Remove "
        "it; a published helpline belongs in the site's allow list."])


def test_the_text_of_an_svg_is_redaction_checked(kit: SiteKit) -> None:
    """A postcode in a chart's label is found like one in the report, and a phone number
    written with a character reference as the browser shows it."""
    (files_of(kit) / "map.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg">\n<text>Home: LS1 4AP</text>\n'
        '<text>Ring 0770&#48; 900123</text>\n</svg>\n', encoding="utf-8")
    code, lines = check(kit)
    assert (code, [line.split(" a ")[0] for line in lines]) == (1, [
        "reviews/child-t/files/map.svg:2:13: ID-POSTCODE",
        "reviews/child-t/files/map.svg:3:12: ID-PHONE"])


def test_a_drafts_attachments_are_not_checked_until_it_is_finished(kit: SiteKit) -> None:
    """A draft is never published, so its files wait until 'draft: true' is removed."""
    kit.review("child-d", draft=True)
    files = kit.root / "reviews/child-d/files"
    files.mkdir()
    (files / "notes.xlsx").write_bytes(b"PK\x03\x04")
    assert check(kit) == (0, ["lif: check passed for 2026-11-23: 0 error(s), 0 warning(s)."])


def test_a_content_pages_image_with_gps_is_refused(kit: SiteKit) -> None:
    """Images beside the hand-written pages are published as they are, so they are checked too."""
    images = kit.root / "content/images"
    images.mkdir(parents=True)
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0)}
    Image.new("RGB", (4, 4)).save(images / "team.jpg", exif=exif)
    code, lines = check(kit)
    assert (code, [line.split(" the image")[0] for line in lines]) == (1, [
        "content/images/team.jpg:1:1: ATTACHMENT-METADATA"])


def test_a_damaged_image_is_a_finding_not_a_crash(kit: SiteKit) -> None:
    """An image that cannot be opened cannot be checked, so it is an error at its path."""
    (files_of(kit) / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe1\x00\x10Exif\x00\x00MM")
    assert check(kit) == (1, [
        "reviews/child-t/files/photo.jpg:1:1: FILE-UNREADABLE could not be read to check it for "
        "identifying information (OSError). Replace it with a valid file, or remove it; nothing "
        "unchecked is published."])


def test_iptc_and_camera_owner_are_metadata_too(kit: SiteKit) -> None:
    """A JPEG's IPTC block (by-line, city, caption) and an EXIF camera owner name."""
    files = files_of(kit)
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0xA430] = "Fictional Owner"
    Image.new("RGB", (4, 4)).save(files / "owner.jpg", exif=exif)
    iptc = b"8BIM\x04\x04\x00\x00\x00\x00\x00\x0c\x1c\x02\x50\x00\x07Fiction"
    jpeg = (files / "owner.jpg").read_bytes()
    segment = b"Photoshop 3.0\x00" + iptc
    (files / "caption.jpg").write_bytes(
        jpeg[:2] + b"\xff\xed" + (len(segment) + 2).to_bytes(2, "big") + segment + jpeg[2:])
    Image.new("RGB", (4, 4)).save(files / "plain.jpg")
    code, lines = check(kit)
    assert (code, [line.split(" that readers")[0] for line in lines]) == (1, [
        "reviews/child-t/files/caption.jpg:1:1: ATTACHMENT-METADATA the image carries metadata "
        "(IPTC, camera owner)",
        "reviews/child-t/files/owner.jpg:1:1: ATTACHMENT-METADATA the image carries metadata "
        "(camera owner)"])


def test_a_symlinked_content_image_and_an_unreadable_kind_are_checked(kit: SiteKit) -> None:
    """MkDocs publishes what a link in content/ points at, so it is checked; a HEIC photo's
    metadata cannot be read, so it is refused."""
    images = kit.root / "content/images"
    images.mkdir(parents=True)
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0)}
    Image.new("RGB", (4, 4)).save(kit.root / "original.png", exif=exif)
    (images / "linked.png").symlink_to(kit.root / "original.png")
    (images / "photo.heic").write_bytes(b"\x00\x00\x00\x18ftypheic")
    Image.new("1", (20000, 20000)).save(images / "large.png")  # fine: no metadata
    code, lines = check(kit)
    assert (code, lines) == (1, [
        "content/images/linked.png:1:1: ATTACHMENT-METADATA the image carries metadata (GPS "
        "position) that readers can see in any image viewer. Save it again without metadata "
        "(most editors have 'export for web' or 'remove location and personal information'), "
        "then check it here again.",
        "content/images/photo.heic:1:1: ATTACHMENT-TYPE lif cannot read the metadata of a "
        "'.heic' image (its location, camera, author), so it would be published unread. Export "
        "it as PNG or JPEG without metadata."])


SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">{}</svg>'


@pytest.mark.parametrize(("body", "what"), [
    ('<?xml-stylesheet href="https://example.com/a.css"?>',
     "a <?xml-stylesheet processing instruction in an SVG can define text and markup"),
    ("<style>@import 'https://example.com/a.css';</style>",
     "a style that loads from elsewhere in <style> in an SVG would run"),
    (r"<style>@font-face{src:url('\\68ttps://example.com/f.woff')}</style>",
     "a style that loads from elsewhere in <style> in an SVG would run"),
    ('<rect style="background:image-set(\'https://example.com/i.png\' 1x)"/>',
     "a style that loads from elsewhere in style in an SVG would run"),
    ('<image href="/\\example.com/i.png"/>', "a link out of the image in href in an SVG"),
    ('<image x:href="data:image/png;base64,AAAA"/>',
     "an embedded file, unchecked, in href (a data: address) in an SVG"),
    ('<animate attributeName="href" values="#a;#b"/>',
     "an animation that changes a link in an SVG"),
    ('<rect fill="url(#gradient)"/><a href="#key"><text>Key</text></a>', None),
])
def test_svg_content_that_runs_or_fetches_is_refused(
        tmp_path: Path, body: str, what: str | None) -> None:
    """Stylesheets by processing instruction, CSS that fetches (escaped or not), links out,
    embedded files and link animations; fragments inside the image are fine."""
    from generator.checks.attachments import svg_active

    path = tmp_path / "chart.svg"
    path.write_text(SVG.format(body) if not body.startswith("<?") else body + SVG.format(""),
                    encoding="utf-8")
    found = [f.message for f in svg_active(path, "chart.svg")]
    assert found == ([] if what is None else [found[0]])
    if what is not None:
        assert found[0].startswith(what), found


def test_the_comments_of_an_svg_are_redaction_checked() -> None:
    """A name or number left in a comment of an exported chart is found."""
    from generator.checks.documents import scan_text

    found = scan_text(".svg", SVG.format("<!-- ring 07700 900123 -->"), "chart.svg", None)
    assert [(m.rule_id, m.where) for m in found] == [("ID-PHONE", "in an SVG comment")]


def test_metadata_of_every_page_and_more_tags_are_found(tmp_path: Path) -> None:
    """A two-page TIFF with a copyright and a document name."""
    from generator.checks.attachments import image_metadata

    first, second = Image.new("RGB", (4, 4)), Image.new("RGB", (4, 4))
    first.save(tmp_path / "pages.tif", save_all=True, append_images=[second],
               tiffinfo={0x8298: "Fictional", 0x010D: "chronology"})
    assert [f.message.split("(")[1].split(")")[0] for f in
            image_metadata(tmp_path / "pages.tif", "pages.tif")] == ["copyright, document name"]


def test_an_identifier_in_a_png_software_field_is_found(tmp_path: Path) -> None:
    """The editor's name is not metadata to remove, but a phone number put there is found by
    the redaction checks like any other text."""
    from PIL.PngImagePlugin import PngInfo

    from generator.checks.documents import scan_file

    info = PngInfo()
    info.add_text("Software", "Drawn by 07700 900123")
    Image.new("RGB", (4, 4)).save(tmp_path / "chart.png", pnginfo=info)
    assert [(m.rule_id, m.where) for m in scan_file(tmp_path / "chart.png", "chart.png", None)] \
        == [("ID-PHONE", "in the image's metadata")]


def test_png_text_and_exif_chunks_are_read_without_decoding_the_image(tmp_path: Path) -> None:
    """tEXt, compressed iTXt and eXIf chunks, read from the file: a huge canvas costs nothing."""
    from PIL.PngImagePlugin import PngInfo

    from generator.checks.attachments import image_metadata, metadata_texts

    info = PngInfo()
    info.add_text("Software", "An editor")
    info.add_itxt("Author", "Fictional Author", zip=True)
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0)}
    Image.new("1", (30000, 30000)).save(tmp_path / "big.png", pnginfo=info, exif=exif)
    assert [f.message.split(" that")[0] for f in image_metadata(tmp_path / "big.png", "b")] == [
        "the image carries metadata (GPS position, author)"]
    assert metadata_texts(tmp_path / "big.png") == ["An editor", "Fictional Author"]

"""JSON Schemas for authors' files, generated from the models so they can never drift.

Editors (VS Code's YAML extension, JetBrains IDEs) validate and complete ``review.yml``,
``ledger.yml`` as staff type; the front-matter schemas (briefing, response, content page)
serve tools that read Markdown front matter, and the tests validate the example with them.
``write_schemas`` refreshes the copies shipped in
``generator/schemas``; ``tests/test_authoring.py`` fails when they are out of step with the models.
A site's own copy (``lif init``) also lists its theme vocabulary, so completion offers themes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter

from generator.models import BriefingMeta, LedgerEvent, ResponseMeta, ReviewMeta

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
DIALECT = "https://json-schema.org/draft/2020-12/schema"

CONTENT_PAGE: dict[str, Any] = {
    "type": "object",
    "description": "Front matter of a content page (content/*.md): what MkDocs and its Material "
                   "theme read. Other keys are kept by MkDocs but do nothing.",
    "properties": {
        "title": {"type": "string", "minLength": 1,
                  "description": "the page's title (else its first heading)"},
        "description": {"type": "string", "minLength": 1,
                        "description": "the summary search engines show"},
        "hide": {"type": "array", "uniqueItems": True,
                 "items": {"enum": ["navigation", "toc", "footer", "path", "tags", "feedback"]},
                 "description": "parts of the page layout to hide"},
        "search": {"type": "object", "additionalProperties": False,
                   "properties": {"exclude": {"type": "boolean"}, "boost": {"type": "number"}},
                   "description": "how the site's search treats the page"},
        "template": {"type": "string", "description": "a theme template to render the page"},
    },
}
"""Content pages have no lif model (MkDocs reads them); the schema lists the keys that act."""

FILES: dict[str, tuple[str, Any]] = {
    "review.schema.json": ("reviews/<slug>/review.yml", ReviewMeta),
    "response.schema.json": ("front matter of reviews/<slug>/response.md", ResponseMeta),
    "briefing.schema.json": ("front matter of briefings/<slug>.md", BriefingMeta),
    "content-page.schema.json": ("front matter of content/*.md", CONTENT_PAGE),
    "ledger.schema.json": ("ledger.yml", list[LedgerEvent]),
}


def schema_for(name: str, themes: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The JSON Schema for one authoring file; with ``themes``, theme names are an enum."""
    title, model = FILES[name]
    if isinstance(model, dict):
        schema = dict(model)
    elif isinstance(model, type) and issubclass(model, BaseModel):
        schema = model.model_json_schema()
    else:
        schema = TypeAdapter(model).json_schema()
    schema = {"$schema": DIALECT, "title": f"lif: {title}", **schema}
    if themes is not None and "themes" in schema.get("properties", {}):
        schema["properties"]["themes"]["items"] = {
            "enum": sorted(themes), "description": "a theme from the site's vocabulary"}
    return schema


def render(schema: Mapping[str, Any]) -> str:
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_schemas(folder: Path = SCHEMA_DIR, themes: Mapping[str, str] | None = None) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in FILES:
        path = folder / name
        path.write_text(render(schema_for(name, themes)), encoding="utf-8")
        written.append(path)
    return written


def editor_settings(schema_folder: str) -> dict[str, Any]:
    """VS Code settings mapping each authoring file to its schema (YAML extension)."""
    return {
        "yaml.schemas": {
            f"{schema_folder}/review.schema.json": "reviews/*/review.yml",
            f"{schema_folder}/ledger.schema.json": "ledger.yml",
        },
        "files.associations": {"ledger.yml": "yaml"},
    }


def render_editor_settings(schema_folder: str) -> str:
    """``.vscode/settings.json`` as written: by ``lif init``, and for this repository's example
    (``generator/schemas``), which a test keeps in step."""
    return json.dumps(editor_settings(schema_folder), indent=2) + "\n"


if __name__ == "__main__":  # pragma: no cover - ``python -m generator.schemas``
    for written in write_schemas():
        print(written)

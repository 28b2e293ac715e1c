"""JSON Schemas of the records files, for editors that check and complete YAML as it is typed.

A records folder holds three kinds of file, so there are three schemas: `report.yaml` is a whole
report, and each file under `sessions/` or `visits/` is one item (or a list of items).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from nenpo.atomic import write_bytes
from nenpo.records.model import Report, Session, Visit

#: File name → the schema of one kind of records file, and the files it is for.
SCHEMA_FILES = {
    "report.schema.json": "report.yaml",
    "session.schema.json": "sessions/*.yaml",
    "visit.schema.json": "visits/*.yaml",
}


def _item_schema(model: type[Session | Visit], title: str, description: str) -> dict[str, Any]:
    """One item, or a list of items, as a file under sessions/ or visits/ may hold."""
    schema = TypeAdapter(model | list[model]).json_schema()  # type: ignore[valid-type]
    return {"title": title, "description": description, **schema}


def schemas() -> dict[str, dict[str, Any]]:
    """Each schema file's content, keyed by its file name."""
    return {
        "report.schema.json": Report.model_json_schema(),
        "session.schema.json": _item_schema(Session, "研修・会議など(1回分)",
                                            "sessions/ フォルダの1ファイル: 1回分、または回のリスト"),
        "visit.schema.json": _item_schema(Visit, "訪問(1件分)", "visits/ フォルダの1ファイル: 1件分、または訪問のリスト"),
    }


def to_json(schema: dict[str, Any]) -> str:
    """Indented JSON with Japanese as characters, as editors show it in hovers."""
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write the three schema files into `folder`; returns their paths."""
    paths = []
    for name, schema in schemas().items():
        write_bytes(folder / name, to_json(schema).encode("utf-8"))
        paths.append(folder / name)
    return paths

"""The JSON Schema editors see (`nenpo schema`): Japanese everywhere, strict, and checkable.

VS Code's YAML extension shows a property's title and description on hover and in completion, and
flags keys the schema does not allow, so every property and every record type must carry Japanese
text and every record type must forbid unknown keys. `jsonschema` is not a dependency: records are
checked with the small validator below, which knows the keywords pydantic writes for these models.
The three files `nenpo schema --dir` writes, and the samples against them, are in test_schema_files.py,
which uses the helpers here with each file's schema as `root`.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from conftest import RECORDS

from nenpo.cli import main
from nenpo.records.model import Report, Session, Visit

SCHEMA: dict[str, Any] = Report.model_json_schema()
DEFS: dict[str, Any] = SCHEMA["$defs"]
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")  # kana and kanji


def resolve(ref: str, root: dict[str, Any] = SCHEMA) -> dict[str, Any]:
    """A local `$ref` (`#/$defs/Session`) → the schema it points at in `root`'s `$defs`."""
    assert ref.startswith("#/$defs/"), ref
    return root["$defs"][ref.removeprefix("#/$defs/")]


def subschemas(node: Any, where: str = "#") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema object under `node` (itself included), with a JSON-pointer-like path."""
    if isinstance(node, dict):
        yield where, node
        for key, value in node.items():
            if key in ("examples", "default", "enum", "required"):
                continue  # values, not schemas
            yield from subschemas(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from subschemas(value, f"{where}/{i}")


def properties(root: dict[str, Any] = SCHEMA) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every property of every object schema anywhere in `root`, `$defs` included."""
    for where, node in subschemas(root):
        for name, prop in node.get("properties", {}).items():
            yield f"{where}/properties/{name}", prop


def reachable_defs(root: dict[str, Any] = SCHEMA) -> set[str]:
    """The `$defs` entries reachable from the top of `root` by following `$ref`s."""
    seen: set[str] = set()
    todo = [{k: v for k, v in root.items() if k != "$defs"}]
    while todo:
        for _, node in subschemas(todo.pop()):
            ref = node.get("$ref")
            if ref and (name := ref.removeprefix("#/$defs/")) not in seen:
                seen.add(name)
                todo.append(resolve(ref, root))
    return seen


# --- Japanese for every hover and completion --------------------------------------------------


def test_every_record_type_and_the_top_level_have_a_japanese_title_and_description() -> None:
    for name, node in [("(top level)", SCHEMA), *DEFS.items()]:
        assert JAPANESE.search(node.get("description", "")), f"{name}: description {node.get('description')!r}"
        assert JAPANESE.search(node.get("title", "")), f"{name}: title {node.get('title')!r}"


def test_no_english_docstring_reaches_the_schema() -> None:
    docstrings = {" ".join(cls.__doc__.split()) for cls in (Report, Session, Visit) if cls.__doc__}
    descriptions = {node.get("description") for _, node in subschemas(SCHEMA)}
    assert not docstrings & descriptions


def test_every_property_has_a_japanese_description_and_no_english_title() -> None:
    found = list(properties())
    assert len(found) > 60  # the walk reaches nested records, list items and the date's start/end
    for where, prop in found:
        assert JAPANESE.search(prop.get("description", "")), f"{where}: description {prop.get('description')!r}"
        # pydantic's automatic titles are English ("Span Joiner"); VS Code shows the title on hover.
        if "title" in prop:
            assert JAPANESE.search(prop["title"]), f"{where}: title {prop['title']!r}; give the Field a Japanese title"


def test_the_walk_covers_nested_records_and_the_date_annotation() -> None:
    paths = {where for where, _ in properties()}
    assert "#/$defs/Session/properties/date/anyOf/1/properties/start" in paths
    assert "#/$defs/Talk/properties/speakers" in paths
    assert "#/properties/sessions" in paths


def test_every_def_is_reachable_from_the_top_level() -> None:
    assert reachable_defs() == set(DEFS)


def test_the_date_field_offers_examples_the_records_accept() -> None:
    date_schema = DEFS["Session"]["properties"]["date"]
    assert date_schema["examples"] == ["2019-07-05", "令和元年10月8日から9日"]
    assert JAPANESE.search(date_schema["title"])
    base = {"number": 1, "kind": "集合研修", "title": "題"}
    days = [Session.model_validate({**base, "date": example}).date.days for example in date_schema["examples"]]
    assert days == [(date(2019, 7, 5),), (date(2019, 10, 8), date(2019, 10, 9))]


def test_every_example_is_valid_for_its_own_property() -> None:
    examples = [(where, prop, example) for where, prop in properties() for example in prop.get("examples", [])]
    assert len(examples) >= 10
    for where, prop, example in examples:
        assert not problems(example, prop), f"{where}: example {example!r}"


# --- strict: unknown keys are flagged ---------------------------------------------------------


def test_every_object_schema_forbids_unknown_keys() -> None:
    objects = [(where, node) for where, node in subschemas(SCHEMA) if "properties" in node]
    dates = [where for where, _ in objects if where.endswith("/properties/date/anyOf/1")]
    # every date (an event's, its postponed date, a visited place's) offers the start/end form
    assert dates == ["#/$defs/Place/properties/date/anyOf/1", "#/$defs/Session/properties/date/anyOf/1",
                     "#/$defs/Visit/properties/date/anyOf/1"]
    postponed = [where for where, _ in objects if where.endswith("/properties/postponed_to/anyOf/1")]
    assert postponed == ["#/$defs/Session/properties/postponed_to/anyOf/1",
                         "#/$defs/Visit/properties/postponed_to/anyOf/1"]
    dates += postponed
    assert len(objects) == 1 + len(DEFS) + len(dates)  # the top level, every record, the dates' start/end form
    for where, node in objects:
        assert node.get("additionalProperties") is False, where


# --- a small validator, and the samples against the schema -----------------------------------------


def problems(value: Any, schema: dict[str, Any], where: str = "", root: dict[str, Any] = SCHEMA) -> list[str]:
    """What is wrong with `value` for `schema` (a part of `root`, whose `$defs` its `$ref`s point into):
    the JSON Schema keywords pydantic writes for these models."""
    if "$ref" in schema:
        schema = {**resolve(schema["$ref"], root), **{k: v for k, v in schema.items() if k != "$ref"}}
    if "anyOf" in schema and all(problems(value, branch, where, root) for branch in schema["anyOf"]):
        return [f"{where}: {value!r} matches none of {schema['anyOf']}"]
    kinds = {"string": str, "integer": int, "number": (int, float), "boolean": bool, "array": list,
             "object": dict, "null": type(None)}
    if "type" in schema:
        kind = schema["type"]
        if not isinstance(value, kinds[kind]) or (isinstance(value, bool) and kind in ("integer", "number")):
            return [f"{where}: {value!r} is not {kind}"]
    out: list[str] = []
    if "enum" in schema and value not in schema["enum"]:
        out.append(f"{where}: {value!r} not in {schema['enum']}")
    if "minimum" in schema and value < schema["minimum"]:
        out.append(f"{where}: {value!r} < {schema['minimum']}")
    if "maximum" in schema and value > schema["maximum"]:
        out.append(f"{where}: {value!r} > {schema['maximum']}")
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            out.append(f"{where}: fewer than {schema['minItems']} items")
        for i, item in enumerate(value):
            out += problems(item, schema.get("items", {}), f"{where}[{i}]", root)
    if isinstance(value, dict):
        props = schema.get("properties", {})
        out += [f"{where}: missing {key}" for key in schema.get("required", []) if key not in value]
        for key, item in value.items():
            if key in props:
                out += problems(item, props[key], f"{where}.{key}", root)
            elif schema.get("additionalProperties") is False:
                out.append(f"{where}: unknown key {key!r}")
    return out


def as_editor_reads(path: Path) -> Any:
    """A records file as VS Code's YAML extension reads it: YAML 1.2, where 2019-07-05 is a string
    (PyYAML's YAML 1.1 makes it a date)."""
    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value.isoformat() if isinstance(value, date) else value

    return plain(yaml.safe_load(path.read_text(encoding="utf-8")))


def test_the_checker_does_find_mistakes() -> None:
    good = as_editor_reads(RECORDS / "okitama-r1" / "sessions" / "01.yaml")
    assert problems(good, DEFS["Session"]) == []
    assert problems({**good, "summry": []}, DEFS["Session"]) == [": unknown key 'summry'"]
    # number may be left out (a lecture series is not numbered), so its schema is "integer ≥ 1, or null"
    assert problems({**good, "number": "一"}, DEFS["Session"]) == [
        ".number: '一' matches none of [{'minimum': 1, 'type': 'integer'}, {'type': 'null'}]"]
    assert problems({**good, "number": 0}, DEFS["Session"]) == [
        ".number: 0 matches none of [{'minimum': 1, 'type': 'integer'}, {'type': 'null'}]"]
    assert problems({**good, "status": "キャンセル"}, DEFS["Session"]) == [
        ".status: 'キャンセル' not in ['開催', '中止', '延期']"]
    visit = {"places": ["金沢市"], "date": "2024-10-08"}
    assert problems(visit, DEFS["Visit"]) == []
    assert problems({"date": "2024-10-08"}, DEFS["Visit"]) == [": missing places"]
    assert problems({**good, "date": {"start": "2019-07-05", "last": "x"}}, DEFS["Session"])
    wrong_calendar = {"report": {"title": "年報", "dates": {"calendar": "皇紀"}}, "organisation": {"name": "団"}}
    assert problems(wrong_calendar, SCHEMA) == [".report.dates.calendar: '皇紀' not in ['和暦', '西暦']"]


# --- `nenpo schema` ----------------------------------------------------------------------------


def test_nenpo_schema_prints_the_models_schema_as_json() -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main(["schema"], stdout=out, stderr=err) == 0
    assert json.loads(out.getvalue()) == Report.model_json_schema()
    assert "年報の記録" in out.getvalue()  # Japanese as characters, not \\u escapes


def test_nenpo_schema_writes_the_file_named_with_o(tmp_path: Path) -> None:
    target = tmp_path / "nenpo.schema.json"
    out = io.StringIO()
    assert main(["schema", "-o", str(target)], stdout=out, stderr=io.StringIO()) == 0
    assert json.loads(target.read_text(encoding="utf-8")) == SCHEMA
    assert str(target) in out.getvalue()

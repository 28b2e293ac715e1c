"""The three schema files `nenpo schema --dir` writes, one per kind of records file, as the README
maps them in VS Code: `report.yaml` → report.schema.json, `sessions/*.yaml` → session.schema.json,
`visits/*.yaml` → visit.schema.json. Each must be Japanese and strict like the model's schema, and
every sample file must be valid against the schema of its kind with no comment line in the file.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
from conftest import RECORDS, ROOT, SAMPLES
from test_schema import (
    JAPANESE,
    as_editor_reads,
    problems,
    properties,
    reachable_defs,
    subschemas,
)

from nenpo.cli import main
from nenpo.records.model import Report
from nenpo.records.scaffold import scaffold
from nenpo.records.schema import SCHEMA_FILES

KIND_OF = {"report.yaml": "report.schema.json", "sessions": "session.schema.json", "visits": "visit.schema.json"}


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The folder `nenpo schema --dir` wrote into, and what it printed."""
    folder = tmp_path_factory.mktemp("schemas")
    out = io.StringIO()
    assert main(["schema", "--dir", str(folder)], stdout=out, stderr=io.StringIO()) == 0
    return folder, out.getvalue()


@pytest.fixture(scope="module")
def files(written: tuple[Path, str]) -> dict[str, dict[str, Any]]:
    """Each schema file's name → its parsed JSON."""
    folder, _ = written
    return {name: json.loads((folder / name).read_text(encoding="utf-8")) for name in SCHEMA_FILES}


def kind_of(file: Path) -> str:
    """The schema file a records file is checked against: by its name, or the folder it is in."""
    return KIND_OF["report.yaml" if file.name == "report.yaml" else file.parent.name]


# --- the files --------------------------------------------------------------------------------


def test_dir_writes_the_three_files_and_says_so(written: tuple[Path, str]) -> None:
    folder, said = written
    assert sorted(p.name for p in folder.iterdir()) == sorted(SCHEMA_FILES) == sorted(KIND_OF.values())
    for name in SCHEMA_FILES:
        assert str(folder / name) in said
        text = (folder / name).read_text(encoding="utf-8")
        assert text.endswith("}\n") and "\\u" not in text  # Japanese as characters, for hovers


def test_the_report_file_is_what_plain_nenpo_schema_prints(written: tuple[Path, str],
                                                         files: dict[str, dict[str, Any]]) -> None:
    folder, _ = written
    out = io.StringIO()
    assert main(["schema"], stdout=out, stderr=io.StringIO()) == 0
    assert out.getvalue() == (folder / "report.schema.json").read_text(encoding="utf-8")
    assert files["report.schema.json"] == Report.model_json_schema()


def test_item_files_take_one_item_or_a_list(files: dict[str, dict[str, Any]]) -> None:
    for name, model in [("session.schema.json", "Session"), ("visit.schema.json", "Visit")]:
        ref = {"$ref": f"#/$defs/{model}"}
        assert files[name]["anyOf"] == [ref, {"items": ref, "type": "array"}], name


def test_item_files_define_records_as_the_report_does(files: dict[str, dict[str, Any]]) -> None:
    report_defs = files["report.schema.json"]["$defs"]
    for name in ("session.schema.json", "visit.schema.json"):
        defs = files[name]["$defs"]
        assert reachable_defs(files[name]) == set(defs), name  # nothing stray, nothing missing
        for model, schema in defs.items():
            assert schema == report_defs[model], f"{name}: {model}"


@pytest.mark.parametrize("name", SCHEMA_FILES)
def test_every_file_is_japanese_for_hovers_and_completion(files: dict[str, dict[str, Any]], name: str) -> None:
    schema = files[name]
    for label, node in [("(top level)", schema), *schema["$defs"].items()]:
        assert JAPANESE.search(node.get("title", "")), f"{name} {label}: title {node.get('title')!r}"
        assert JAPANESE.search(node.get("description", "")), f"{name} {label}: description"
    found = list(properties(schema))
    assert len(found) >= 9  # the smallest, visit.schema.json: a visit, a place, a date's start and end
    for where, prop in found:
        assert JAPANESE.search(prop.get("description", "")), f"{name} {where}: description {prop.get('description')!r}"
        if "title" in prop:
            assert JAPANESE.search(prop["title"]), f"{name} {where}: title {prop['title']!r}"


@pytest.mark.parametrize("name", SCHEMA_FILES)
def test_every_object_in_every_file_forbids_unknown_keys(files: dict[str, dict[str, Any]], name: str) -> None:
    objects = [(where, node) for where, node in subschemas(files[name]) if "properties" in node]
    assert len(objects) >= 3
    for where, node in objects:
        assert node.get("additionalProperties") is False, f"{name} {where}"


# --- the samples, each against the schema of its kind ----------------------------------------------


def sample_files() -> list[Path]:
    """Every sample records file: report.yaml and the files under sessions/ and visits/."""
    return [file for sample in SAMPLES for folder in [RECORDS / sample]
            for file in [folder / "report.yaml", *sorted(folder.glob("sessions/*.yaml")),
                         *sorted(folder.glob("visits/*.yaml"))]]


def test_the_samples_include_report_and_session_files() -> None:
    kinds = {kind_of(file) for file in sample_files()}
    assert kinds == {"report.schema.json", "session.schema.json"}  # no sample has visits/: see the split below
    assert RECORDS / "okitama-r1" / "sessions" / "01.yaml" in sample_files()


@pytest.mark.parametrize("file", sample_files(), ids=lambda file: str(file.relative_to(RECORDS)))
def test_every_sample_file_is_valid_against_the_schema_of_its_kind(files: dict[str, dict[str, Any]],
                                                                   file: Path) -> None:
    schema = files[kind_of(file)]
    assert problems(as_editor_reads(file), schema, root=schema) == []


def test_a_file_holding_a_list_of_sessions_is_valid(files: dict[str, dict[str, Any]]) -> None:
    schema = files["session.schema.json"]
    sessions = [as_editor_reads(file) for file in sorted((RECORDS / "okitama-r1" / "sessions").glob("*.yaml"))]
    assert len(sessions) == 4
    assert problems(sessions, schema, root=schema) == []


def test_project_k_split_into_visit_files_is_valid(files: dict[str, dict[str, Any]]) -> None:
    """project-k writes its visits in report.yaml; split into visits/01.yaml … each is one visit."""
    report = as_editor_reads(RECORDS / "project-k" / "report.yaml")
    visits = report.pop("visits")
    assert len(visits) > 5
    for name, value in [("report.schema.json", report), *(("visit.schema.json", visit) for visit in visits),
                        ("visit.schema.json", visits)]:
        assert problems(value, files[name], root=files[name]) == [], name


def test_the_files_nenpo_new_writes_are_valid(files: dict[str, dict[str, Any]], tmp_path: Path) -> None:
    written = scaffold(tmp_path / "r7", 2025)
    assert {kind_of(file) for file in written} == set(SCHEMA_FILES)
    for file in written:
        schema = files[kind_of(file)]
        assert problems(as_editor_reads(file), schema, root=schema) == [], file


def test_broken_item_files_are_flagged(files: dict[str, dict[str, Any]]) -> None:
    session, visit = files["session.schema.json"], files["visit.schema.json"]
    good = as_editor_reads(RECORDS / "okitama-r1" / "sessions" / "01.yaml")
    one_visit = as_editor_reads(RECORDS / "project-k" / "report.yaml")["visits"][0]
    for broken in [{**good, "summry": []}, {**good, "number": "一"}, {**good, "number": 0},
                   {**good, "status": "キャンセル"}, [good, {**good, "titel": "題"}],
                   "題", {"report": {"title": "年報"}, "organisation": {"name": "団"}}]:
        assert problems(broken, session, root=session), broken
    assert problems({**one_visit, "participants": "九人"}, visit, root=visit)
    assert problems({**one_visit, "places": []}, visit, root=visit)
    assert problems(good, visit, root=visit)  # a session is not a visit
    # Why a session in the report's schema is flagged: the report needs report: and organisation:.
    report = files["report.schema.json"]
    assert problems(good, report, root=report)[:2] == [": missing report", ": missing organisation"]


# --- the README's VS Code settings ---------------------------------------------------------------


def readme_section() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("## エディタで入力補完とチェック (VS Code)")
    end = readme.find("\n## ", start)
    return readme[start:] if end < 0 else readme[start:end]


def test_the_readme_names_the_files_dir_writes() -> None:
    section = readme_section()
    assert "nenpo schema --dir schemas" in section
    assert set(re.findall(r"\w+\.schema\.json", section)) == set(SCHEMA_FILES)


def test_the_readme_maps_each_file_to_the_records_it_is_for() -> None:
    block = re.search(r"```json\n(.*?)```", readme_section(), re.DOTALL)
    assert block, "the README shows .vscode/settings.json"
    mapping = json.loads(block.group(1))["yaml.schemas"]
    assert mapping == {f"./schemas/{name}": [f"**/{pattern}"] for name, pattern in SCHEMA_FILES.items()}


def test_the_readme_globs_give_every_sample_file_the_schema_of_its_kind() -> None:
    """The YAML extension matches `**/x` against the whole path; `PurePath.match` anchors at the right."""
    for file in sample_files():
        matched = [name for name, pattern in SCHEMA_FILES.items() if PurePosixPath(file.as_posix()).match(pattern)]
        assert matched == [kind_of(file)], file

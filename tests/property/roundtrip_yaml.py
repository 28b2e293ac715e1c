"""Generated records → a records folder, written as a secretariat or a program would write it.

Two ways of writing YAML:
- `dump`: `yaml.safe_dump(..., allow_unicode=True)`, as a program would, with nenpo's reading of
  plain values (so `0732` is quoted; a paragraph written over several lines becomes one string
  with line breaks in it);
- `hand`: block style as people type it, each value in a style drawn for it: plain, 'single' or
  "double" quoted, and for paragraphs also a literal `|` or folded `>` block, or a plain scalar
  over several lines. A plain style is used only where YAML reads the value back as that text
  (else the value is quoted); a YAML 1.1 lookalike (`on`, `12:30`) is written plain on purpose.

A folder keeps its sessions and visits in `report.yaml` or in one file each under `sessions/` and
`visits/`; each file is UTF-8 (with or without a BOM) or UTF-16, with LF or CRLF line ends.

Before the folder is handed to nenpo, every file is read back with YAML (libyaml, as nenpo reads
it) and compared with what was meant, so a mistake of this writer fails as one, not as nenpo's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st
from roundtrip_text import Lookalike, Para

from nenpo.records.load import YamlLoader

#: How nenpo reads YAML (YAML 1.2's booleans and numbers): a value written plain must read back as
#: itself through this, not through YAML 1.1, which reads `0732` as text but nenpo as the number 732.
Loader = YamlLoader


class Dumper(yaml.SafeDumper):
    """`yaml.safe_dump` as a program writes records, quoting what nenpo would read as no text."""

    yaml_implicit_resolvers = YamlLoader.yaml_implicit_resolvers
#: Wider than any line, so the dumper never wraps a value itself.
NO_WRAP = 1 << 30
ONE_LINE_STYLES = ("plain", "single", "double")
PARA_STYLES = ("plain", "single", "double", "literal", "literal_strip", "folded", "folded_strip")
FOLDED_STYLES = ("plain", "literal", "literal_strip", "folded", "folded_strip")


@dataclass(frozen=True)
class Layout:
    """How one records folder is written."""

    writer: str  # "dump" or "hand"
    sessions_in_files: bool
    visits_in_files: bool
    encoding: str  # "utf-8", "utf-8-sig" or "utf-16"
    newline: str  # "\n" or "\r\n"


layouts = st.builds(
    Layout,
    writer=st.sampled_from(("dump", "hand")),
    sessions_in_files=st.booleans(),
    visits_in_files=st.booleans(),
    encoding=st.sampled_from(("utf-8", "utf-8", "utf-8-sig", "utf-16")),
    newline=st.sampled_from(("\n", "\n", "\r\n")),
)


def yaml_value(value: Any) -> Any:
    """What YAML itself reads for a generated value (before nenpo joins the lines of a paragraph)."""
    if isinstance(value, dict):
        return {k: yaml_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [yaml_value(v) for v in value]
    if isinstance(value, Para):
        return "\n".join(value.lines)
    if isinstance(value, Lookalike):
        return yaml.load(value.text, Loader=Loader)
    return value


def _dump_value(value: Any) -> Any:
    """The value `yaml.safe_dump` writes: a paragraph's lines as one string with line breaks."""
    if isinstance(value, dict):
        return {k: _dump_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dump_value(v) for v in value]
    if isinstance(value, Para):
        return "\n".join(value.lines)
    if isinstance(value, Lookalike):
        return value.text  # a string: the dumper quotes it
    return value


def _dump_expected(value: Any) -> Any:
    if isinstance(value, Lookalike):
        return value.text
    if isinstance(value, dict):
        return {k: _dump_expected(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dump_expected(v) for v in value]
    return yaml_value(value)


def _reads_plain(text: str) -> bool:
    """Whether `text`, written plain as a mapping value and as a list item, reads back as itself."""
    try:
        return (yaml.load(f"k: {text}\n", Loader=Loader) == {"k": text}
                and yaml.load(f"- {text}\n", Loader=Loader) == [text])
    except yaml.YAMLError:
        return False


def _reads_plain_lines(lines: tuple[str, ...]) -> bool:
    """Whether lines written as one plain scalar over several lines read back as the lines folded."""
    folded = " ".join(lines)
    try:
        return (yaml.load("k:\n  " + "\n  ".join(lines) + "\n", Loader=Loader) == {"k": folded}
                and yaml.load("- " + "\n  ".join(lines) + "\n", Loader=Loader) == [folded])
    except yaml.YAMLError:
        return False


def _single(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _double(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class HandWriter:
    """Block-style YAML as people type it, a style drawn for each value."""

    def __init__(self, draw: st.DrawFn) -> None:
        self.draw = draw

    def document(self, value: dict[str, Any] | list[Any]) -> tuple[str, Any]:
        """The text of a file holding `value`, and what YAML must read from it."""
        lines: list[str] = []
        expected = self.node(value, 0, lines)
        return "\n".join(lines) + "\n", expected

    def node(self, value: Any, indent: int, out: list[str]) -> Any:
        pad = " " * indent
        if isinstance(value, dict):
            result = {}
            for key, item in value.items():
                result[key] = self.entry(f"{pad}{key}:", item, indent, out)
            return result
        assert isinstance(value, list)
        return [self.entry(f"{pad}-", item, indent, out) for item in value]

    def entry(self, head: str, value: Any, indent: int, out: list[str]) -> Any:
        """`key: value` or `- value`: a scalar on the line, a block scalar below, or a nested node."""
        if isinstance(value, dict) and head.endswith("-") and value:
            # A mapping in a list: its first key on the dash's line.
            inner: list[str] = []
            result = self.node(value, indent + 2, inner)
            out.append(head + " " + inner[0].lstrip(" "))
            out.extend(inner[1:])
            return result
        if isinstance(value, (dict, list)):
            if not value:
                out.append(f"{head} {'{}' if isinstance(value, dict) else '[]'}")
                return value
            out.append(head)
            return self.node(value, indent + 2, out)
        return self.scalar(head, value, indent, out)

    def scalar(self, head: str, value: Any, indent: int, out: list[str]) -> Any:
        body = " " * (indent + 2)
        if isinstance(value, Lookalike):
            out.append(f"{head} {value.text}")
            return yaml.load(value.text, Loader=Loader)
        if isinstance(value, bool) or value is None:
            raise TypeError(f"no such record value: {value!r}")
        if isinstance(value, (int, date)):
            out.append(f"{head} {value.isoformat() if isinstance(value, date) else value}")
            return value
        if isinstance(value, Para) and value.folded:
            style = self.draw(st.sampled_from(FOLDED_STYLES))
            lines = value.lines
            if style == "plain" and not _reads_plain_lines(lines):
                style = "folded"
            if style == "plain":
                out.append(f"{head} {lines[0]}")
                out.extend(body + line for line in lines[1:])
                return " ".join(lines)
            indicator = {"literal": "|", "literal_strip": "|-", "folded": ">", "folded_strip": ">-"}[style]
            out.append(f"{head} {indicator}")
            out.extend(body + line for line in lines)
            joined = ("\n" if style.startswith("literal") else " ").join(lines)
            return joined if style.endswith("_strip") else joined + "\n"
        text = value.lines[0] if isinstance(value, Para) else value
        assert isinstance(text, str)
        style = self.draw(st.sampled_from(PARA_STYLES if isinstance(value, Para) else ONE_LINE_STYLES))
        if style == "plain" and not _reads_plain(text):
            style = "double"
        if style == "plain":
            out.append(f"{head} {text}")
        elif style == "single":
            out.append(f"{head} {_single(text)}")
        elif style == "double":
            out.append(f"{head} {_double(text)}")
        else:
            indicator = {"literal": "|", "literal_strip": "|-", "folded": ">", "folded_strip": ">-"}[style]
            out.append(f"{head} {indicator}")
            out.append(body + text)
            return text if style.endswith("_strip") else text + "\n"
        return text


def _encode(text: str, layout: Layout) -> bytes:
    text = text.replace("\n", layout.newline)
    if layout.encoding == "utf-16":
        return text.encode("utf-16")  # with its byte-order mark, as Notepad's 「Unicode」
    return text.encode(layout.encoding)


def _files(records: dict[str, Any], layout: Layout) -> list[tuple[str, Any]]:
    """(relative path, value) of each file of the folder."""
    main = dict(records)
    files: list[tuple[str, Any]] = []
    for name, separate in (("sessions", layout.sessions_in_files), ("visits", layout.visits_in_files)):
        items = main.get(name)
        if separate and items:
            del main[name]
            files += [(f"{name}/{i:02d}.yaml", item) for i, item in enumerate(items, start=1)]
    return [("report.yaml", main), *files]


def write_records(folder: Path, records: dict[str, Any], layout: Layout, draw: st.DrawFn) -> dict[str, str]:
    """Write the records folder; returns each file's text (for the failure message)."""
    writer = HandWriter(draw)
    written: dict[str, str] = {}
    for relative, value in _files(records, layout):
        if layout.writer == "dump":
            text = yaml.dump(_dump_value(value), Dumper=Dumper, allow_unicode=True, sort_keys=False, width=NO_WRAP)
            meant = _dump_expected(value)
        else:
            text, meant = writer.document(value)
        read = yaml.load(text, Loader=Loader)
        assert read == meant, f"the test's YAML writer is wrong for {relative}:\n{text}\nread: {read!r}\nmeant: {meant!r}"
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_encode(text, layout))
        written[relative] = text
    return written

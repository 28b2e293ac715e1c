"""Records folder → one YAML mapping, remembering the file, line and column of every value.

A report is `report.yaml`, optionally with one file per session or visit under `sessions/` and
`visits/` (appended in file-name order after those written in `report.yaml`). Positions are kept
so that validation can point at the secretariat's own line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from nenpo.errors import Location, NenpoError, Problem

Path_ = tuple[str | int, ...]

#: libyaml's parser when PyYAML was built with it (several times faster), the Python one otherwise.
YamlLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAIN_FILE = "report.yaml"
#: Sub-folders whose files each hold one item (or a list of items) of the list of the same name.
ITEM_FOLDERS = ("sessions", "visits")


@dataclass
class Source:
    """The merged records with where each value came from."""

    data: dict[str, Any]
    positions: dict[Path_, Location] = field(default_factory=dict)
    notices: list[Problem] = field(default_factory=list)

    def locate(self, path: Path_) -> Location:
        """The location of a value, or of the nearest enclosing one that exists."""
        for n in range(len(path), -1, -1):
            if (loc := self.positions.get(tuple(path[:n]))) is not None:
                return Location(loc.file, loc.line, loc.column, field_path(path) or None)
        return Location(field=field_path(path) or None)


def field_path(path: Path_) -> str:
    """`sessions[1].programme[2].title`, counting list items from 1 as people do."""
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def read_text(file: Path) -> tuple[str, list[Problem]]:
    """A records file as text: UTF-8 (a BOM is fine), or CP932 as Windows tools save it."""
    raw = file.read_bytes()
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        notice = Problem("UTF-16 (メモ帳の「Unicode」) として読みました。", Location(file),
                         "UTF-8 で保存すると確実です。", "warning")
        return raw.decode("utf-16"), [notice]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("cp932")
    except UnicodeDecodeError:
        raise NenpoError.single(
            "文字コードを読み取れません。",
            Location(file),
            "UTF-8 で保存し直してください(メモ帳なら「名前を付けて保存」→ 文字コード UTF-8)。",
        ) from None
    notice = Problem(
        "Shift_JIS (CP932) として読みました。", Location(file), "UTF-8 で保存すると確実です。", "warning"
    )
    return text, [notice]


def _parse(text: str, file: Path) -> tuple[yaml.Node | None, yaml.SafeLoader]:
    try:
        loader = YamlLoader(text)
        return loader.get_single_node(), loader
    except yaml.reader.ReaderError as exc:
        # libyaml counts bytes, PyYAML characters: find the character itself.
        at = max(text.find(chr(exc.character)), 0) if isinstance(exc.character, int) else 0
        line = text.count("\n", 0, at) + 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1
        raise NenpoError.single(
            f"使えない文字 U+{exc.character:04X} があります。",
            Location(file, line, column),
            "Word などから貼り付けたときに入る見えない文字です。その文字を消してください。",
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(file, mark.line + 1, mark.column + 1) if mark else Location(file)
        detail = exc.problem or exc.context or ""
        raise NenpoError.single(
            f"YAML の書き方に誤りがあります({detail})。",
            where,
            "字下げは半角スペース、「項目名: 値」のコロンは半角で書いてください。",
        ) from None
    except yaml.YAMLError as exc:
        raise NenpoError.single(f"YAML を読めません({exc})。", Location(file)) from None


class _Walker:
    """YAML nodes → Python values, recording a Location for every path."""

    def __init__(self, file: Path, loader: yaml.SafeLoader, positions: dict[Path_, Location]):
        self.file, self.loader, self.positions = file, loader, positions
        self.problems: list[Problem] = []

    def at(self, node: yaml.Node) -> Location:
        return Location(self.file, node.start_mark.line + 1, node.start_mark.column + 1)

    def walk(self, node: yaml.Node, path: Path_) -> Any:
        self.positions[path] = self.at(node)
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self.loader.construct_object(key_node)
                if not isinstance(key, (str, int)):
                    key = str(key)
                if key in out:
                    self.problems.append(
                        Problem(
                            f"項目「{key}」が2回書かれています。",
                            Location(*self._key_pos(key_node), field=field_path((*path, key))),
                            "どちらか一方を消してください。",
                        )
                    )
                    continue
                out[key] = self.walk(value_node, (*path, key))
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.walk(item, (*path, i)) for i, item in enumerate(node.value)]
        try:
            return self.loader.construct_object(node)
        except ValueError:
            # A date-shaped value that is no date (2019-02-30): validation explains it in Japanese.
            return node.value

    def _key_pos(self, node: yaml.Node) -> tuple[Path, int, int]:
        return self.file, node.start_mark.line + 1, node.start_mark.column + 1


def load_file(file: Path, base: Path_, positions: dict[Path_, Location]) -> tuple[Any, list[Problem]]:
    """One YAML file as Python values; positions are recorded under `base`."""
    text, notices = read_text(file)
    node, loader = _parse(text, file)
    if node is None:
        return None, notices
    walker = _Walker(file, loader, positions)
    value = walker.walk(node, base)
    if walker.problems:
        raise NenpoError(walker.problems)
    return value, notices


def load_records(folder: Path) -> Source:
    """Read a records folder into one mapping, merging `sessions/` and `visits/` files."""
    if not folder.is_dir():
        raise NenpoError.single(
            "記録のフォルダがありません。", Location(folder), "report.yaml のあるフォルダを指定してください。"
        )
    main = folder / MAIN_FILE
    if not main.is_file():
        raise NenpoError.single(
            f"{MAIN_FILE} がありません。",
            Location(folder),
            f"記録のフォルダに {MAIN_FILE} を置いてください(ひな形は `nenpo new` で作れます)。",
        )
    positions: dict[Path_, Location] = {}
    problems: list[Problem] = []
    data, notices = load_file(main, (), positions)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise NenpoError.single(
            "ファイル全体が「項目名: 値」の形になっていません。", positions[()], "report: から書き始めてください。"
        )
    for name in ITEM_FOLDERS:
        sub = folder / name
        if not sub.is_dir():
            continue
        items = data.setdefault(name, [])
        if not isinstance(items, list):
            continue  # validation reports the wrong type at report.yaml's own line
        for file in sorted([*sub.glob("*.yaml"), *sub.glob("*.yml")], key=lambda f: f.name):
            try:
                value, more = load_file(file, (name, len(items)), positions)
            except NenpoError as exc:
                problems.extend(exc.problems)
                continue
            notices.extend(more)
            if isinstance(value, list):
                _spread(positions, name, len(items))
                items.extend(value)
            elif value is not None:
                items.append(value)
    if problems:
        raise NenpoError(problems)
    return Source(data, positions, notices)


def _spread(positions: dict[Path_, Location], name: str, start: int) -> None:
    """A file holding a list: its i-th item becomes item `start + i` of the merged list."""
    root = (name, start)
    moved = {p: positions.pop(p) for p in [p for p in positions if p[:2] == root and len(p) > 2]}
    for path, loc in moved.items():
        index = path[2]
        assert isinstance(index, int)
        positions[(name, start + index, *path[3:])] = loc

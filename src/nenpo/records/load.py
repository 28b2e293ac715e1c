"""Records folder → one YAML mapping, remembering the file, line and column of every value.

A report is `report.yaml`, optionally with one file per session or visit under `sessions/` and
`visits/` (appended in file-name order after those written in `report.yaml`). Positions are kept
so that validation can point at the secretariat's own line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from nenpo.errors import Location, NenpoError, Problem
from nenpo.messages import Text

Path_ = tuple[str | int, ...]

#: libyaml's parser when PyYAML was built with it (several times faster), the Python one otherwise.
YamlLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: Path suffix under which the position of a mapping key is kept (YAML text cannot contain NUL).
KEY = "\x00key"

MAIN_FILE = "report.yaml"
#: Records are small text files; anything larger is the wrong file, refused before it is read.
MAX_FILE_BYTES = 16 * 1024 * 1024
#: Records nest a few levels deep; far deeper input is hostile or the wrong file.
MAX_DEPTH = 40
#: Sub-folders whose files each hold one item (or a list of items) of the list of the same name.
ITEM_FOLDERS = ("sessions", "visits")


@dataclass
class Source:
    """The merged records with where each value came from."""

    data: dict[str, Any]
    positions: dict[Path_, Location] = field(default_factory=dict)
    notices: list[Problem] = field(default_factory=list)
    #: Files that could not be read; the rest is still validated, so one run lists everything.
    problems: list[Problem] = field(default_factory=list)
    #: False when the main file itself could not be read: its fields would all look missing.
    main_read: bool = True

    def locate_key(self, path: Path_) -> Location:
        """The location of the key that names a value (for a field that should not be there)."""
        if (loc := self.positions.get((*path, KEY))) is not None:
            return Location(loc.file, loc.line, loc.column, field_path(path) or None)
        return self.locate(path)

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


_BINARY_MAGIC = (b"%PDF", b"PK\x03\x04", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\xd0\xcf\x11\xe0")


def read_text(file: Path) -> tuple[str, list[Problem]]:
    """A records file as text: UTF-8 (a BOM is fine), UTF-16 with a BOM, or CP932 as Windows saves it.

    Other encodings are refused, as are binary files and files too large to be records; a file read
    in anything but UTF-8 comes with a notice naming the encoding.
    """
    size = file.stat().st_size
    if size > MAX_FILE_BYTES:
        raise NenpoError.single(
            Text("load.too_large", size=round(size / 2**20, 1), limit=MAX_FILE_BYTES // 2**20),
            Location(file), Text("load.too_large_hint"))
    raw = file.read_bytes()
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        notice = Problem(Text("load.read_utf16"), Location(file), Text("load.save_utf8"), "warning")
        return raw.decode("utf-16"), [notice]
    if raw.startswith(_BINARY_MAGIC) or b"\x00" in raw[:8192]:
        raise NenpoError.single(Text("load.binary"), Location(file), Text("load.binary_hint"))
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("cp932")
    except UnicodeDecodeError:
        raise NenpoError.single(Text("load.undecodable"), Location(file), Text("load.resave_utf8")) from None
    notice = Problem(Text("load.read_cp932"), Location(file), Text("load.save_utf8"), "warning")
    # CP932 byte 0x8160 is JIS's WAVE DASH, which Windows decodes as FULLWIDTH TILDE.
    return text.replace("\uff5e", "\u301c"), [notice]


_BLOCK_SCALAR = re.compile(r"(?:^|[\s:-])[|>][-+0-9]*\s*(?:#.*)?$")
_KEY_AFTER_INDENT = re.compile(r"(?:-\s+)*[A-Za-z_][\w-]*\s*[:：](?:\s|$)|-\s")
# Record fields are lower-case; style names (Heading 2) are capitalised but never list items.
_FULLWIDTH_COLON = re.compile(r"(?:-\s+)+([a-z_][a-z0-9_]*)\s*：|([A-Za-z_][A-Za-z0-9_ ]*?)\s*：")


_HASH_IN_VALUE = re.compile(r"""(?:-\s+)*(?:[A-Za-z_][\w-]*:\s+)?([^\s"'#|>&*!%@`{\[-][^#]*?)\s(#\S.*)$""")


def _typing_slips(text: str, file: Path) -> tuple[list[Problem], list[Problem]]:
    """Mistakes an IME makes easy and YAML reports badly, found line by line outside block text.

    Errors: full-width spaces or tabs as indentation, a full-width colon after a key. Warnings: a
    `#` glued to a word after a value (`第5回 #地域づくり`), which YAML drops silently as a comment.
    """
    problems: list[Problem] = []
    warnings: list[Problem] = []
    block_indent: int | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if block_indent is not None:
            if not stripped or indent > block_indent:
                continue
            block_indent = None
        if not stripped or stripped.startswith("#"):
            continue
        rest = stripped.lstrip(" \t\u3000")
        lead = line[: len(line) - len(rest)]
        if ("\t" in lead or "\u3000" in lead) and _KEY_AFTER_INDENT.match(rest):
            char = "\t" if "\t" in lead else "\u3000"
            message = Text("load.tab") if char == "\t" else Text("load.fullwidth_space")
            problems.append(Problem(message, Location(file, number, lead.index(char) + 1), Text("load.indent_hint")))
            continue
        if m := _FULLWIDTH_COLON.match(rest):
            key = m[1] or m[2]
            column = len(lead) + m.end()
            problems.append(Problem(Text("load.fullwidth_colon", key=key), Location(file, number, column),
                                    Text("load.fullwidth_colon_hint", key=key)))
            continue
        if (m := _HASH_IN_VALUE.match(rest)) and not m[1].isascii():  # text, not `2019 #令和元年度`
            warnings.append(Problem(Text("load.hash_comment", comment=m[2]),
                                    Location(file, number, len(lead) + m.start(2) + 1), Text("load.hash_comment_hint"),
                                    "warning"))
        if _BLOCK_SCALAR.search(rest):
            block_indent = indent
    return problems, warnings


#: Substrings of PyYAML's and libyaml's problem texts → the catalog's plain account of them.
_YAML_PROBLEMS = (
    ("mapping values are not allowed", "yaml.mapping_values"),
    ("could not find expected ':'", "yaml.expected_colon"),
    ("did not find expected key", "yaml.expected_key"),
    ("expected <block end>", "yaml.block_end"),
    ("did not find expected '-' indicator", "yaml.block_end"),
    ("block sequence entries are not allowed", "yaml.block_end"),
    ("found unexpected end of stream", "yaml.unclosed_quote"),
    ("did not find expected ',' or", "yaml.unclosed_bracket"),
    ("expected ',' or", "yaml.unclosed_bracket"),
    ("cannot start any token", "yaml.bad_token"),
)


_QUOTED_VALUE = re.compile(r"""^\s*(?:-\s+)*(?:[^\s"'#:][^:#]*:\s+)?(?:-\s+)*(["'])""")


def _open_quote_before(text: str, error_line: int) -> tuple[int, int] | None:
    """(line, column) of a quoted value that is not closed on its own line, before `error_line`.

    Records never need a quoted value over several lines, so such a value is almost surely a
    forgotten closing quote, the real mistake behind the error YAML reports further down.
    """
    for number, line in enumerate(text.splitlines()[:error_line], start=1):
        m = _QUOTED_VALUE.match(line)
        if not m:
            continue
        quote, rest = m[1], line[m.end():]
        closed = rest.replace('\\"', "") if quote == '"' else rest.replace("''", "")
        if quote not in closed:
            return number, m.end()
    return None


def _too_deep_at(text: str, file: Path) -> Location:
    """Where bracketed nesting first goes deeper than MAX_DEPTH (as the walker would report it)."""
    depth = 0
    for at, char in enumerate(text):
        depth += 1 if char in "[{" else -1 if char in "]}" else 0
        if depth > MAX_DEPTH + 1:
            line = text.count("\n", 0, at) + 1
            return Location(file, line, at - (text.rfind("\n", 0, at) + 1) + 1)
    return Location(file)


def _yaml_problem(exc: yaml.MarkedYAMLError, file: Path, text: str) -> Problem:
    context, problem = exc.context or "", exc.problem or ""
    if "alias" in context + problem or "anchor" in context + problem:
        mark = exc.context_mark if "alias" in context or "anchor" in context else exc.problem_mark
        mark = mark or exc.problem_mark
        where = Location(file, mark.line + 1, mark.column + 1) if mark else Location(file)
        symbol = "&" if "anchor" in context + problem else "*"
        return Problem(Text("load.alias", mark=symbol), where, Text("load.alias_hint", mark=symbol))
    if "maximum nesting depth" in problem:  # libyaml's own limit, far above MAX_DEPTH
        return Problem(Text("load.too_deep", limit=MAX_DEPTH), _too_deep_at(text, file), Text("load.too_deep_hint"))
    key = next((k for needle, k in _YAML_PROBLEMS if needle in problem), None)
    # An unclosed quote or bracket is found at the end of the file; point at where it opened.
    opened = key in ("yaml.unclosed_quote", "yaml.unclosed_bracket") and exc.context_mark is not None
    mark = exc.context_mark if opened else (exc.problem_mark or exc.context_mark)
    where = Location(file, mark.line + 1, mark.column + 1) if mark else Location(file)
    if not opened and mark is not None and (quote := _open_quote_before(text, mark.line)) is not None:
        # The quote ran on to the next quote further down, and YAML stumbled there.
        key, where = "yaml.unclosed_quote", Location(file, *quote)
    detail = Text(key) if key else Text("yaml.other", detail=" ".join(f"{context} {problem}".split()))
    return Problem(Text("load.syntax", detail=detail), where, Text("load.syntax_hint"))


def _parse(text: str, file: Path) -> tuple[yaml.Node | None, yaml.SafeLoader]:
    try:
        loader = YamlLoader(text)
        return loader.get_single_node(), loader
    except yaml.reader.ReaderError as exc:
        # libyaml counts bytes, PyYAML characters: find the character itself.
        at = max(text.find(chr(exc.character)), 0) if isinstance(exc.character, int) else 0
        line = text.count("\n", 0, at) + 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1
        char = f"U+{exc.character:04X}" if isinstance(exc.character, int) else "?"
        raise NenpoError.single(Text("load.bad_char", char=char), Location(file, line, column),
                                Text("load.bad_char_hint")) from None
    except yaml.MarkedYAMLError as exc:
        raise NenpoError(_yaml_problem(exc, file, text)) from None
    except yaml.YAMLError as exc:
        raise NenpoError.single(Text("load.syntax", detail=Text("yaml.other", detail=str(exc))),
                                Location(file)) from None


class _Walker:
    """YAML nodes → Python values, recording a Location for every path."""

    def __init__(self, file: Path, loader: yaml.SafeLoader, positions: dict[Path_, Location]):
        self.file, self.loader, self.positions = file, loader, positions
        self.problems: list[Problem] = []
        self.seen: set[int] = set()

    def at(self, node: yaml.Node) -> Location:
        return Location(self.file, node.start_mark.line + 1, node.start_mark.column + 1)

    def walk(self, node: yaml.Node, path: Path_, depth: int = 0) -> Any:
        self.positions[path] = self.at(node)
        if isinstance(node, yaml.CollectionNode):
            if depth > MAX_DEPTH:
                raise NenpoError.single(Text("load.too_deep", limit=MAX_DEPTH), self.at(node), Text("load.too_deep_hint"))
            if id(node) in self.seen:
                # An alias of a list or mapping: expanding it is how an alias bomb explodes.
                raise NenpoError.single(Text("load.alias_reuse"), self.at(node), Text("load.alias_reuse_hint"))
            self.seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self.loader.construct_object(key_node)
                if not isinstance(key, (str, int)):
                    key = str(key)
                if key in out:
                    first = self.positions[(*path, key, KEY)]
                    self.problems.append(
                        Problem(
                            Text("load.duplicate_key", key=key),
                            Location(*self._key_pos(key_node), field=field_path((*path, key))),
                            Text("load.duplicate_key_hint", line=first.line),
                        )
                    )
                    continue
                self.positions[(*path, key, KEY)] = self.at(key_node)
                out[key] = self.walk(value_node, (*path, key), depth + 1)
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.walk(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        try:
            return self.loader.construct_object(node)
        except ValueError:
            # A date-shaped value that is no date (2019-02-30): validation explains it in Japanese.
            return node.value

    def _key_pos(self, node: yaml.Node) -> tuple[Path, int, int]:
        return self.file, node.start_mark.line + 1, node.start_mark.column + 1


def load_file(file: Path, base: Path_, positions: dict[Path_, Location]) -> tuple[Any, list[Problem]]:
    """One YAML file as Python values and its notices; positions are recorded under `base`.

    A NenpoError raised here carries the file's notices too (the encoding it was read in), since
    they may explain the error.
    """
    text, notices = read_text(file)
    slips, warnings = _typing_slips(text, file)
    notices = [*notices, *warnings]
    try:
        if slips:
            raise NenpoError(slips)
        node, loader = _parse(text, file)
        if node is None:
            return None, notices
        walker = _Walker(file, loader, positions)
        value = walker.walk(node, base)
        if walker.problems:
            raise NenpoError(walker.problems)
    except NenpoError as exc:
        raise NenpoError([*notices, *exc.problems]) from None
    return value, notices


def records_file(path: Path) -> Path:
    """The main records file of a folder, or the file itself when one YAML file is given."""
    if path.is_file():
        return path
    if not path.is_dir():
        raise NenpoError.single(Text("load.no_folder"), Location(path), Text("load.no_folder_hint"))
    main = path / MAIN_FILE
    if not main.is_file():
        above = path.resolve().parent / MAIN_FILE
        hint = (Text("load.no_main_above_hint", folder=above.parent, name=MAIN_FILE)
                if above.is_file() else Text("load.no_main_hint", name=MAIN_FILE))
        raise NenpoError.single(Text("load.no_main", name=MAIN_FILE), Location(path), hint)
    return main


def _natural(file: Path) -> tuple[object, ...]:
    """File-name order with numbers compared as numbers: 2.yaml before 10.yaml."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", file.name) if p)


def load_records(path: Path) -> Source:
    """Read a records folder (or a single records file) into one mapping.

    Items in `sessions/` and `visits/` files next to the main file follow those written in the main
    file, in file-name order with numbers compared as numbers (`2.yaml` before `10.yaml`). A file
    that cannot be read is left out and its problems kept in `Source.problems`; only a missing
    folder or main file raises here.
    """
    main = records_file(path)
    folder = main.parent
    positions: dict[Path_, Location] = {}
    problems: list[Problem] = []
    notices: list[Problem] = []
    main_read = True
    try:
        data, notices = load_file(main, (), positions)
    except NenpoError as exc:  # keep going: the item files' problems belong in the same list
        data, problems, main_read = {}, list(exc.problems), False
    if data is None:  # an empty file: its missing fields are reported at its first line
        data = {}
        positions[()] = Location(main, 1, 1)
    if not isinstance(data, dict):
        problems.append(Problem(Text("load.not_mapping"), positions[()], Text("load.not_mapping_hint")))
        data, main_read = {}, False
    for name in ITEM_FOLDERS:
        sub = folder / name
        if not sub.is_dir():
            continue
        items = data.setdefault(name, [])
        if not isinstance(items, list):
            continue  # validation reports the wrong type at report.yaml's own line
        for file in sorted([*sub.glob("*.yaml"), *sub.glob("*.yml")], key=_natural):
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
    return Source(data, positions, notices, problems, main_read)


def _spread(positions: dict[Path_, Location], name: str, start: int) -> None:
    """A file holding a list: its i-th item becomes item `start + i` of the merged list."""
    root = (name, start)
    moved = {p: positions.pop(p) for p in [p for p in positions if p[:2] == root and len(p) > 2]}
    for path, loc in moved.items():
        index = path[2]
        assert isinstance(index, int)
        positions[(name, start + index, *path[3:])] = loc

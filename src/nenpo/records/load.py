"""Records folder → one YAML mapping, remembering the file, line and column of every value.

A report is `report.yaml`, optionally with one file per session or visit under `sessions/` and
`visits/` (appended in file-name order after those written in `report.yaml`). Positions are kept
so that validation can point at the secretariat's own line.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from nenpo.errors import Location, NenpoError, Problem
from nenpo.messages import Text
from nenpo.records.files import ITEM_FOLDERS, MAIN_FILE, read_regular, scan_folder
from nenpo.records.folding import fold_plain, joiner
from nenpo.records.sheets.table import read_appendix_tables

Path_ = tuple[str | int, ...]

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BOOL_TAG = "tag:yaml.org,2002:bool"
_STR_TAG = "tag:yaml.org,2002:str"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"


class YamlLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """libyaml's parser where PyYAML has it (several times faster), reading YAML 1.2's booleans.

    YAML 1.1 reads `yes`, `no`, `on`, `off` as booleans, and a boolean passes as the number 1 or 0:
    `kind: no` would print False and `number: yes` 第1回. Here only true and false are booleans;
    the other words stay the text the secretariat typed. Numbers are YAML 1.2's too: `010` is 10
    (not octal 8), and `0x1F`, `0b11`, `1:30` (not 90) stay text.
    """

    yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag not in (_BOOL_TAG, _INT_TAG, _FLOAT_TAG)]
        for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
    }


YamlLoader.add_implicit_resolver(_BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
YamlLoader.add_implicit_resolver(_INT_TAG, re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
YamlLoader.add_implicit_resolver(
    _FLOAT_TAG,
    re.compile(r"^(?:[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|[-+]?[0-9]+[eE][-+]?[0-9]+"
               r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+0123456789."))
YamlLoader.add_constructor(_INT_TAG, lambda loader, node: int(node.value))

#: Path suffix under which the position of a mapping key is kept (YAML text cannot contain NUL).
KEY = "\x00key"

#: Records nest a few levels deep; far deeper input is hostile or the wrong file.
MAX_DEPTH = 40
#: Aliases of text (`*name` for a value marked `&name`) a file may use, and the text they may add:
#: enough to write an organisation's name once, far too little for an alias bomb.
MAX_SCALAR_ALIASES = 1000
MAX_ALIAS_CHARS = 256 * 1024
#: Values (texts, numbers, lists, mappings, keys and aliases) one file may hold. A report of 1,000
#: sessions and 1,000 visits written in one file holds about 100,000; a 16 MB file of `[],` runs
#: would hold five million, and take minutes and gigabytes to read.
MAX_VALUES = 200_000


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
    #: Every records file read (or tried), so that no output can overwrite one of them.
    files: list[Path] = field(default_factory=list)
    #: Numbers, booleans and dates as the user typed them (`1.50`, `.inf`), for messages about them.
    typed: dict[Path_, str] = field(default_factory=dict)
    #: Values refused where they were read (a spreadsheet cell): not to be reported missing as well.
    refused: set[Path_] = field(default_factory=set)

    def locate_key(self, path: Path_) -> Location:
        """The location of the key that names a value (for a field that should not be there)."""
        if (loc := self.positions.get((*path, KEY))) is not None:
            return replace(loc, field=field_path(path) or None)
        return self.locate(path)

    def locate(self, path: Path_) -> Location:
        """The location of a value, or of the nearest enclosing one that exists."""
        for n in range(len(path), -1, -1):
            if (loc := self.positions.get(tuple(path[:n]))) is not None:
                if loc.cell is not None and loc.field is not None:
                    return loc  # a spreadsheet cell is named by its column's heading (日付), not sessions[7].date
                return replace(loc, field=field_path(path) or None)
        return Location(field=field_path(path) or None)


def field_path(path: Path_) -> str:
    """`sessions[1].programme[2].title`, counting list items from 1 as people do."""
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


_BINARY_MAGIC = (b"%PDF", b"PK\x03\x04", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\xd0\xcf\x11\xe0")


def _utf16_without_bom(raw: bytes) -> str | None:
    """`utf-16-le` or `utf-16-be` when the bytes look like UTF-16 saved without a BOM: mostly Latin
    (YAML keys, digits, line ends) means every other byte is NUL, on the odd or the even side."""
    if len(raw) < 4 or len(raw) % 2:
        return None
    sample = raw[:8192]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd >= half * 0.3 and even == 0:
        return "utf-16-le"
    if even >= half * 0.3 and odd == 0:
        return "utf-16-be"
    return None


def read_text(file: Path) -> tuple[str, list[Problem]]:
    """A records file as text: UTF-8 (a BOM is fine), UTF-16 (with or without a BOM), or CP932 as
    Windows saves it.

    Other encodings are refused, as are binary files, files too large to be records and anything
    that is not a regular file; a file read in anything but UTF-8 comes with a notice naming the
    encoding.
    """
    raw = read_regular(file)
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        notice = Problem(Text("load.read_utf16"), Location(file), Text("load.save_utf8"), "warning")
        return _decoded(raw, "utf-16", file), [notice]
    if (codec := _utf16_without_bom(raw)) is not None:
        notice = Problem(Text("load.read_utf16_no_bom"), Location(file), Text("load.save_utf8"), "warning")
        return _decoded(raw, codec, file), [notice]
    if raw.startswith(_BINARY_MAGIC) or b"\x00" in raw[:8192]:
        raise NenpoError.single(Text("load.binary"), Location(file), Text("load.binary_hint"))
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    text = _decoded(raw, "cp932", file)
    notice = Problem(Text("load.read_cp932"), Location(file), Text("load.save_utf8"), "warning")
    # CP932 byte 0x8160 is JIS's WAVE DASH, which Windows decodes as FULLWIDTH TILDE.
    return text.replace("\uff5e", "\u301c"), [notice]


def _decoded(raw: bytes, codec: str, file: Path) -> str:
    try:
        return raw.decode(codec)
    except UnicodeDecodeError:
        raise NenpoError.single(Text("load.undecodable"), Location(file), Text("load.resave_utf8")) from None


# Every pattern that scans a line before parsing runs in time linear in the line: possessive
# quantifiers (`*+`) never give back what they took, so runs of spaces or dashes cannot backtrack.
_BLOCK_SCALAR = re.compile(r"(?:^|[\s:-])[|>][-+0-9]*+\s*+(?:#.*)?$")
_KEY_AFTER_INDENT = re.compile(r"(?:-\s+)*+[A-Za-z_][\w-]*+\s*+[:：](?:\s|$)|-\s")
# Record fields are lower-case; style names (Heading 2) are capitalised but never list items.
# Each alternative is one character class then a literal, so a line is matched in linear time
# (a lazy key followed by `\s*` was quadratic in a run of spaces).
_FULLWIDTH_COLON = re.compile(r"(?:-[ \t]+)++([a-z_][a-z0-9_]*)[ \t\u3000]*：|([A-Za-z_][A-Za-z0-9_ \t\u3000]*)：")


#: A key whose whole value is `#` and text (`kind: #集合研修`): YAML reads an empty value and a comment.
_HASH_AS_VALUE = re.compile(r"""(?:-\s+)*+([A-Za-z_][\w-]*+):[ \t]++(#[^\s\x00-\x7f].*)$""")
_HASH_IN_VALUE = re.compile(r"""(?:-\s+)*+(?:[A-Za-z_][\w-]*+:\s++)?([^\s"'#|>&*!%@`{\[-][^#]*?)\s(#\S.*)$""")


#: Characters that look like nothing or like a space, pasted from web pages and joined files, which
#: YAML reads as part of a key or as a wrong indentation: named so the user can find them.
_INVISIBLE = {"\u00a0": Text("char.nbsp"), "\ufeff": Text("char.bom"), "\u200b": Text("char.zwsp"),
              "\u200c": Text("char.zwsp"), "\u200d": Text("char.zwsp"), "\u2060": Text("char.zwsp")}


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
        rest = stripped.lstrip(" \t\u3000" + "".join(_INVISIBLE))
        lead = line[: len(line) - len(rest)]
        if (hidden := next((c for c in lead if c in _INVISIBLE), None)) is not None:
            problems.append(Problem(Text("load.invisible", char=f"U+{ord(hidden):04X}", name=_INVISIBLE[hidden]),
                                    Location(file, number, lead.index(hidden) + 1), Text("load.invisible_hint")))
            continue
        if ("\t" in lead or "\u3000" in lead) and _KEY_AFTER_INDENT.match(rest):
            char = "\t" if "\t" in lead else "\u3000"
            message = Text("load.tab") if char == "\t" else Text("load.fullwidth_space")
            problems.append(Problem(message, Location(file, number, lead.index(char) + 1), Text("load.indent_hint")))
            continue
        if (m := _FULLWIDTH_COLON.match(rest)) and (m[2] or m[1] in _record_fields()):
            # `- zoom：オンライン` is text in a list unless `zoom` is a field a list item can hold.
            # A style name may hold a space (Heading 2); a long run of spaces ends whatever came before.
            key = m[1] or re.split(r"[ \t\u3000]{2,}", m[2].rstrip(" \t\u3000"))[-1]
            column = len(lead) + m.end()
            problems.append(Problem(Text("load.fullwidth_colon", key=key), Location(file, number, column),
                                    Text("load.fullwidth_colon_hint", key=key)))
            continue
        if m := _HASH_AS_VALUE.match(rest):  # a comment would have a space after the #: `key:  # メモ`
            problems.append(Problem(Text("load.hash_as_value", key=m[1], value=m[2].rstrip()),
                                    Location(file, number, len(lead) + m.start(2) + 1), Text("load.hash_comment_hint")))
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
    ("expected a single document", "yaml.two_documents"),
    ("escape", "yaml.bad_escape"),
    ("tab character", "yaml.tab"),
    ("expected a comment or a line break", "yaml.line_break"),
    ("directive", "yaml.directive"),
    ("incompatible YAML document", "yaml.directive"),
    ("expected <document start>", "yaml.document_start"),
    ("tag", "yaml.tag"),
    ("URI", "yaml.tag"),
    ("expected alphabetic or numeric character", "yaml.bad_token"),
)


_QUOTED_VALUE = re.compile(r"""^\s*+(?:-\s+)*+(?:[^\s"'#:][^:#]*+:\s++)?(?:-\s+)*+(["'])""")


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


def _yaml_problem(exc: yaml.MarkedYAMLError, file: Path, text: str) -> Problem:
    context, problem = exc.context or "", exc.problem or ""
    if "alias" in context + problem or "anchor" in context + problem:
        mark = exc.context_mark if "alias" in context or "anchor" in context else exc.problem_mark
        mark = mark or exc.problem_mark
        where = Location(file, mark.line + 1, mark.column + 1) if mark else Location(file)
        symbol = "&" if "anchor" in context + problem else "*"
        return Problem(Text("load.alias", mark=symbol), where, Text("load.alias_hint", mark=symbol))
    key = next((k for needle, k in _YAML_PROBLEMS if needle in problem or needle in context), None)
    if "invalid Unicode character escape" in problem and exc.problem_mark is not None:
        mark = exc.problem_mark
        return Problem(Text("load.surrogate_escape"), Location(file, mark.line + 1, mark.column + 1),
                       Text("load.surrogate_escape_hint"))
    if key == "yaml.two_documents" and exc.problem_mark is not None:
        mark = exc.problem_mark
        return Problem(Text("load.two_documents"), Location(file, mark.line + 1, mark.column + 1),
                       Text("load.two_documents_hint"))
    # An unclosed quote or bracket is found at the end of the file; point at where it opened.
    opened = key in ("yaml.unclosed_quote", "yaml.unclosed_bracket") and exc.context_mark is not None
    mark = exc.context_mark if opened else (exc.problem_mark or exc.context_mark)
    where = Location(file, mark.line + 1, mark.column + 1) if mark else Location(file)
    if not opened and mark is not None and (quote := _open_quote_before(text, mark.line)) is not None:
        # The quote ran on to the next quote further down, and YAML stumbled there.
        key, where = "yaml.unclosed_quote", Location(file, *quote)
    detail = Text(key) if key else Text("yaml.other")
    return Problem(Text("load.syntax", detail=detail), where, Text("load.syntax_hint"))


@dataclass
class _Open:
    """A list or mapping whose items are still being read, and (for a mapping) the key just read."""

    node: yaml.SequenceNode | yaml.MappingNode
    key: yaml.Node | None = None


class _Composer:
    """YAML events → nodes, one event at a time, refusing hostile shapes as soon as they show.

    PyYAML's composer and libyaml's (through PyYAML) call themselves once per level of nesting, so
    a file of 100,000 `[` overflows the stack of some machines before any check could run. Here
    the parser's events are read in a loop and each list or mapping still open is one entry of a
    list. Every limit is checked on the event that passes it, before the parser reads further:
    nesting deeper than MAX_DEPTH, more than MAX_VALUES values, a list or mapping reused through an
    alias (expanding those is how an alias bomb explodes), and aliases of text past
    MAX_SCALAR_ALIASES or MAX_ALIAS_CHARS. The nodes are the ones PyYAML would compose.
    """

    def __init__(self, loader: yaml.SafeLoader, file: Path, base: Path_):
        self.loader, self.file, self.base = loader, file, base
        self.anchors: dict[str, yaml.Node] = {}
        self.open: list[_Open] = []
        self.values = self.aliases = self.alias_chars = 0

    def single_document(self) -> yaml.Node | None:
        """The one document of the stream, or None for an empty stream (as get_single_node)."""
        loader = self.loader
        loader.get_event()  # stream start
        if loader.check_event(yaml.StreamEndEvent):
            return None
        loader.get_event()  # document start
        root = self._document()
        loader.get_event()  # document end
        if not loader.check_event(yaml.StreamEndEvent):
            raise yaml.composer.ComposerError("expected a single document in the stream", root.start_mark,
                                              "but found another document", loader.get_event().start_mark)
        return root

    def _document(self) -> yaml.Node:
        while True:
            event = self.loader.get_event()
            if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                node: yaml.Node | None = self.open.pop().node
                node.end_mark = event.end_mark
            else:
                self._count(event)
                node = self._alias(event) if isinstance(event, yaml.AliasEvent) else self._node(event)
            if node is None:  # a list or mapping opened: its items come next
                continue
            if not self.open:
                return node
            into = self.open[-1]
            if isinstance(into.node, yaml.SequenceNode):
                into.node.value.append(node)
            elif into.key is None:
                into.key = node
            else:
                into.node.value.append((into.key, node))
                into.key = None

    def _count(self, event: yaml.Event) -> None:
        self.values += 1
        if self.values > MAX_VALUES:
            raise NenpoError.single(Text("load.too_many_values", limit=f"{MAX_VALUES:,}"), self._at(event.start_mark),
                                    Text("load.too_many_values_hint"))

    def _node(self, event: yaml.Event) -> yaml.Node | None:
        """The node an event starts: a text, done at once, or a list or mapping left open (None)."""
        anchor = event.anchor
        if anchor is not None and anchor in self.anchors:
            raise yaml.composer.ComposerError("found duplicate anchor; first occurrence", self.anchors[anchor].start_mark,
                                              "second occurrence", event.start_mark)
        tag = event.tag
        node: yaml.Node
        if isinstance(event, yaml.ScalarEvent):
            if tag is None or tag == "!":
                tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
            node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
        else:
            if len(self.open) > MAX_DEPTH:  # the root is level 0, as the walker counts
                raise NenpoError.single(Text("load.too_deep", limit=MAX_DEPTH), self._at(event.start_mark),
                                        Text("load.too_deep_hint"))
            kind = yaml.SequenceNode if isinstance(event, yaml.SequenceStartEvent) else yaml.MappingNode
            if tag is None or tag == "!":
                tag = self.loader.resolve(kind, None, event.implicit)
            node = kind(tag, [], event.start_mark, None, flow_style=event.flow_style)
        if anchor is not None:
            self.anchors[anchor] = node
        if isinstance(node, yaml.ScalarNode):
            return node
        self.open.append(_Open(node))
        return None

    def _alias(self, event: yaml.AliasEvent) -> yaml.Node:
        """The node an alias names; reusing a list or mapping, or text past the bounds, is refused."""
        node = self.anchors.get(event.anchor)
        if node is None:
            raise yaml.composer.ComposerError(None, None, "found undefined alias", event.start_mark)
        into = self.open[-1]  # an alias is never the root: its anchor would be undefined
        if isinstance(into.node, yaml.MappingNode) and (into.key is None or into.key.tag == _MERGE_TAG):
            # A key (the walker refuses any key but text, and reads text as typed), or the value of
            # a merge key `<<: *name`, which the walker refuses at the key for what it is.
            return node
        if not isinstance(node, yaml.ScalarNode):
            raise NenpoError.single(Text("load.alias_reuse"), self._at(node.start_mark), Text("load.alias_reuse_hint"))
        self.aliases += 1
        self.alias_chars += len(node.value)
        if self.aliases > MAX_SCALAR_ALIASES or self.alias_chars > MAX_ALIAS_CHARS:
            raise NenpoError.single(Text("load.alias_bomb", count=MAX_SCALAR_ALIASES, kib=MAX_ALIAS_CHARS // 1024),
                                    self._at(node.start_mark, self._path()), Text("load.alias_reuse_hint"))
        return node

    def _path(self) -> Path_:
        """The path of the value about to be added, as the walker names it (for messages)."""
        parts: list[str | int] = []
        for frame in self.open:
            if isinstance(frame.node, yaml.SequenceNode):
                parts.append(len(frame.node.value))
            elif isinstance(frame.key, yaml.ScalarNode):
                parts.append(frame.key.value)
            else:
                break  # a key that is a list: refused by the walker, named no further here
        base = self.base
        if self.open and isinstance(self.open[0].node, yaml.SequenceNode) and base and isinstance(base[-1], int):
            # The items of a file holding a list continue the merged list (see load_file).
            return (*base[:-1], base[-1] + int(parts[0]), *parts[1:])
        return (*base, *parts)

    def _at(self, mark: yaml.Mark, path: Path_ | None = None) -> Location:
        return Location(self.file, mark.line + 1, mark.column + 1, field_path(path) or None if path is not None else None)


def _parse(text: str, file: Path, base: Path_ = ()) -> tuple[yaml.Node | None, yaml.SafeLoader]:
    try:
        loader = YamlLoader(text)
        return _Composer(loader, file, base).single_document(), loader
    except yaml.reader.ReaderError as exc:
        # libyaml counts bytes, PyYAML characters: find the character itself.
        at = max(text.find(chr(exc.character)), 0) if isinstance(exc.character, int) else 0
        line = text.count("\n", 0, at) + 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1
        char = f"U+{exc.character:04X}" if isinstance(exc.character, int) else "?"
        raise NenpoError.single(Text("load.bad_char", char=char), Location(file, line, column),
                                Text("load.bad_char_hint")) from None
    except yaml.MarkedYAMLError as exc:
        if "maximum nesting depth" in (exc.problem or ""):
            raise NenpoError(_too_deep_before(text, exc, file, base)) from None
        raise NenpoError(_yaml_problem(exc, file, text)) from None
    except yaml.YAMLError:
        raise NenpoError.single(Text("load.syntax", detail=Text("yaml.other")),
                                Location(file)) from None


def _too_deep_before(text: str, exc: yaml.MarkedYAMLError, file: Path, base: Path_) -> Problem:
    """Where nesting first passes MAX_DEPTH, when libyaml's own limit (1000 levels) fired first.

    libyaml's scanner reads up to 1,024 characters ahead of its parser, so a line of `[` passes
    that limit before the parser hands over the level past MAX_DEPTH. The text before the place
    where libyaml stopped holds at most 1000 levels, and the composer finds that level in it.
    """
    mark = exc.problem_mark
    where = Location(file, mark.line + 1, mark.column + 1) if mark else Location(file)
    if mark is not None and 0 < mark.index <= len(text):
        try:
            _Composer(YamlLoader(text[:mark.index]), file, base).single_document()
        except NenpoError as refused:
            if refused.problems and refused.problems[0].message.key == "load.too_deep":
                return refused.problems[0]
        except yaml.YAMLError:
            pass  # the text cut short stumbles elsewhere: libyaml's own place will do
    return Problem(Text("load.too_deep", limit=MAX_DEPTH), where, Text("load.too_deep_hint"))


#: Characters that no report can print: C0 and C1 controls (but line ends and tabs), noncharacters,
#: and lone surrogates, which `"\\a"` or `"\\x00"` escapes in a quoted value can still produce.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
#: A sentinel for a line break folded inside a quoted value; no records text contains it.
_FOLD = "\ue000"
_QUOTED_FOLD = re.compile(r"[ \t]*\n(?:[ \t]*\n)*[ \t]*")


class _Walker:
    """YAML nodes → Python values, recording a Location for every path.

    Refuses what records never need and YAML would otherwise turn into something else: explicit
    tags (`!foo`, `!!python/object`), merge keys, keys that are lists, and characters no report can
    print. Text written over several lines is joined as its language needs (see `folding`). The
    nodes come from `_Composer`, which already refused nesting, size and aliases past their limits:
    the tree is at most MAX_DEPTH deep and no list or mapping in it is reached twice.
    """

    def __init__(self, file: Path, loader: yaml.SafeLoader, positions: dict[Path_, Location], text: str):
        self.file, self.loader, self.positions, self.text = file, loader, positions, text
        self.problems: list[Problem] = []
        #: Values YAML read as something other than text (numbers, booleans, dates), as typed.
        self.typed: dict[Path_, str] = {}

    def at(self, node: yaml.Node, path: Path_ | None = None) -> Location:
        return Location(self.file, node.start_mark.line + 1, node.start_mark.column + 1,
                        field_path(path) or None if path is not None else None)

    def walk(self, node: yaml.Node, path: Path_) -> Any:
        self.positions[path] = self.at(node)
        self._check_tag(node, path)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.walk(item, (*path, i)) for i, item in enumerate(node.value)]
        return self._scalar(node, path)

    def check_root(self, node: yaml.Node) -> None:
        """The checks `walk` makes of a node, for a root whose items are walked one by one."""
        self._check_tag(node, ())

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                raise NenpoError.single(Text("load.merge_key"), self.at(key_node, path), Text("load.merge_key_hint"))
            if not isinstance(key_node, yaml.ScalarNode):
                raise NenpoError.single(Text("load.complex_key"), self.at(key_node, path),
                                        Text("load.complex_key_hint"))
            self._check_tag(key_node, path)
            key = key_node.value  # the key as typed: `on:` is the field "on", never True
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
            out[key] = self.walk(value_node, (*path, key))
        return out

    def _check_tag(self, node: yaml.Node, path: Path_) -> None:
        """Refuse a tag the user wrote (`!foo`, `!!binary`, `!!python/…`); `!!str` is harmless."""
        if isinstance(node, yaml.ScalarNode):
            implicit = (self.loader.resolve(yaml.ScalarNode, node.value, (True, False)) if node.style in (None, "")
                        else _STR_TAG)
        elif isinstance(node, yaml.SequenceNode):
            implicit = "tag:yaml.org,2002:seq"
        else:
            implicit = "tag:yaml.org,2002:map"
        if node.tag not in (implicit, _STR_TAG, _MERGE_TAG):
            raise NenpoError.single(Text("load.tag", tag=_short_tag(node.tag)), self.at(node, path),
                                    Text("load.tag_hint"))

    def _scalar(self, node: yaml.ScalarNode, path: Path_) -> Any:
        try:
            value = self.loader.construct_object(node)
        except (ValueError, TypeError, AttributeError, OverflowError, yaml.YAMLError):
            # A date-shaped value that is no date (2019-02-30), a number too long to convert:
            # validation explains it in Japanese.
            return node.value
        if isinstance(value, datetime):
            return node.value  # a date with a time of day: kept as typed, refused where a date is read
        if not isinstance(value, str):
            self.typed[path] = node.value  # 1.50 as typed, for a message about it
            return value
        if (bad := _UNPRINTABLE.search(value)) is not None:
            raise NenpoError.single(Text("load.bad_char", char=f"U+{ord(bad[0]):04X}"), self.at(node, path),
                                    Text("load.bad_escape_hint"))
        if node.end_mark.line > node.start_mark.line:
            return self._refolded(node, value)
        return value

    def _refolded(self, node: yaml.ScalarNode, value: str) -> str:
        """Text over several lines, joined as its language needs instead of with YAML's space."""
        raw = self.text[node.start_mark.index:node.end_mark.index]
        if node.style in (None, ""):
            return fold_plain(raw)
        if node.style == ">":
            body = raw.split("\n", 1)[1] if "\n" in raw else ""
            trail = value[len(value.rstrip("\n")):]
            return fold_plain(body) + trail
        if node.style == "'":
            return fold_plain(raw[1:-1]).replace("''", "'")
        if node.style == '"' and _FOLD not in raw:
            return _refold_double(raw, self.loader) or value
        return value

    def _key_pos(self, node: yaml.Node) -> tuple[Path, int, int]:
        return self.file, node.start_mark.line + 1, node.start_mark.column + 1


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


def _refold_double(raw: str, loader: yaml.SafeLoader) -> str | None:
    """A double-quoted value over several lines: each folded line break marked, the value read by
    YAML (escapes and all), then each mark replaced by what the characters around it need."""
    parts, at = [], 0
    for m in _QUOTED_FOLD.finditer(raw):
        backslashes = len(raw[:m.start()]) - len(raw[:m.start()].rstrip("\\"))
        if backslashes % 2:  # an escaped line break or space: YAML's own rule applies
            continue
        breaks = m[0].count("\n")
        parts += [raw[at:m.start()], _FOLD if breaks == 1 else "\\n" * (breaks - 1)]
        at = m.end()
    parts.append(raw[at:])
    try:
        value = type(loader)("".join(parts)).get_single_data()
    except yaml.YAMLError:
        return None
    if not isinstance(value, str):
        return None
    pieces = value.split(_FOLD)
    out = pieces[0]
    for piece in pieces[1:]:
        out += joiner(out, piece) + piece
    return out


def _continuation_lines(root: yaml.Node) -> set[int]:
    """The 1-based lines on which a value written over several lines goes on after its first line."""
    lines: set[int] = set()
    stack, seen = [root], set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            lines.update(range(node.start_mark.line + 2, node.end_mark.line + 2))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(n for pair in node.value for n in pair)
    return lines


@functools.cache
def _record_fields() -> frozenset[str]:
    """Every field name of the records, for telling `- number：1` (a slip) from `- zoom：…` (text)."""
    # Imported here: the model is the one place that knows the fields, and validation imports load.
    from nenpo.records.model import Report
    from nenpo.records.validate import model_in

    names: set[str] = set()
    todo: list[type[BaseModel]] = [Report]
    while todo:
        for name, info in todo.pop().model_fields.items():
            if name not in names:
                names.add(name)
                todo.extend(m for m in [model_in(info.annotation)] if m is not None)
    return frozenset(names)


def load_file(
    file: Path, base: Path_, positions: dict[Path_, Location], typed: dict[Path_, str] | None = None
) -> tuple[Any, list[Problem]]:
    """One YAML file as Python values and its notices; positions (and, in `typed`, the text as typed
    of values that are not text) are recorded under `base`.

    A NenpoError raised here carries the file's notices too (the encoding it was read in), since
    they may explain the error.
    """
    text, notices = read_text(file)
    slips, warnings = _typing_slips(text, file)
    notices = [*notices, *warnings]
    try:
        try:
            node, loader = _parse(text, file, base)
        except NenpoError:
            if slips:  # the slip is what made YAML stumble: say that, not what YAML says
                raise NenpoError(slips) from None
            raise
        if slips and node is not None:
            # A line that continues a value over several lines is text, not a key (`Step 1：準備`).
            continued = _continuation_lines(node)
            slips = [slip for slip in slips if slip.location.line not in continued]
        if slips:
            raise NenpoError(slips)
        if node is None:
            return None, notices
        walker = _Walker(file, loader, positions, text)
        if isinstance(node, yaml.SequenceNode) and base and isinstance(base[-1], int):
            # A file holding a list of items: its i-th item is item `base[-1] + i` of the merged list.
            walker.check_root(node)
            value = [walker.walk(item, (*base[:-1], base[-1] + i)) for i, item in enumerate(node.value)]
        else:
            value = walker.walk(node, base)
        if typed is not None:
            typed.update(walker.typed)
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
        if path.exists():  # a FIFO, a device: read_regular explains it at the file
            return path
        raise NenpoError.single(Text("load.no_folder"), Location(path), Text("load.no_folder_hint"))
    main = path / MAIN_FILE
    if main.exists() or main.is_symlink():
        return main
    names = sorted(p.name for p in path.iterdir())
    near = [n for n in names if n.lower().startswith("report.") and ".y" in n.lower()]
    near += difflib.get_close_matches(MAIN_FILE, [n for n in names if n not in near], n=1, cutoff=0.8)
    above = path.resolve().parent / MAIN_FILE
    if near:
        hint = Text("load.no_main_near_hint", found=near[0], name=MAIN_FILE)
    elif above.is_file():
        hint = Text("load.no_main_above_hint", folder=above.parent, name=MAIN_FILE)
    else:
        hint = Text("load.no_main_hint", name=MAIN_FILE)
    raise NenpoError.single(Text("load.no_main", name=MAIN_FILE), Location(path), hint)


def load_records(path: Path) -> Source:
    """Read a records folder (or a single records file) into one mapping.

    Items in `sessions/` and `visits/` files next to the main file follow those written in the main
    file, in file-name order with numbers compared as numbers (`2.yaml` before `10.yaml`). A file
    that cannot be read is left out and its problems kept in `Source.problems`; every other file of
    the folder is named in a warning (or an error, where its name is surely a mistake). Only a
    missing folder or main file raises here.
    """
    main = records_file(path)
    folder = main.parent
    positions: dict[Path_, Location] = {}
    typed: dict[Path_, str] = {}
    problems: list[Problem] = []
    notices: list[Problem] = []
    main_read = True
    files = [main]
    try:
        data, notices = load_file(main, (), positions, typed)
    except NenpoError as exc:  # keep going: the item files' problems belong in the same list
        data, problems, main_read = {}, list(exc.problems), False
    if data is None:  # an empty file: its missing fields are reported at its first line
        data = {}
        positions[()] = Location(main, 1, 1)
    if not isinstance(data, dict):
        problems.append(Problem(Text("load.not_mapping"), positions[()], Text("load.not_mapping_hint")))
        data, main_read = {}, False
    tables = read_appendix_tables(data, positions, folder)
    problems.extend(tables.problems)
    scan = scan_folder(folder, main) if path.is_dir() else None
    for problem in scan.problems if scan else []:
        if problem.location.file in tables.claimed:
            continue  # a CSV read as an appendix's table
        (notices if problem.severity == "warning" else problems).append(problem)
    for name in ITEM_FOLDERS:
        if scan is None or name not in scan.items:
            continue
        items = data.setdefault(name, [])
        if not isinstance(items, list):
            continue  # validation reports the wrong type at report.yaml's own line
        for file in scan.items[name]:
            files.append(file)
            try:
                value, more = load_file(file, (name, len(items)), positions, typed)
            except NenpoError as exc:
                problems.extend(exc.problems)
                continue
            notices.extend(more)
            if isinstance(value, list):
                items.extend(value)
            elif value is not None:
                items.append(value)
    refused: set[Path_] = set()
    if scan is not None and scan.books:
        files.extend(scan.books)
        books = [b for b in scan.books if b not in tables.claimed]
        files.extend(tables.skip)
        refused = _merge_sheets(data, books, positions, problems, notices, tables.skip)
    return Source(data, positions, notices, problems, main_read, files, typed, refused)


def _merge_sheets(data: dict[str, Any], books: list[Path], positions: dict[Path_, Location],
                  problems: list[Problem], notices: list[Problem], skip: dict[Path, frozenset[str]]) -> set[Path_]:
    """The rows of the folder's workbooks and CSV files appended to the lists they fill, after the
    YAML items; returns the paths of the values refused at their cells."""
    from nenpo.records.sheets.read import read_sheets  # only for a folder that has a sheet

    starts = {name: len(items) if isinstance(items := data.get(name, []), list) else 0 for name in ITEM_FOLDERS}
    read = read_sheets(books, starts, skip)
    problems.extend(read.problems)
    notices.extend(read.notices)
    for name, items in read.items.items():
        if not items:
            continue
        target = data.setdefault(name, [])
        if isinstance(target, list):  # else validation reports the wrong type at report.yaml's own line
            target.extend(items)
    positions.update(read.positions)
    return read.refused

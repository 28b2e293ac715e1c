"""The text forms of a cell that holds more than one plain value, both ways.

`read_*` turns a cell's text into the value the YAML would hold (a list, a person mapping, a venue
mapping); `write_*` turns a record's value back into that text. Export keeps a value in a cell only
where reading the written text gives the value back, so the two directions live side by side here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from nenpo.records.model import HONORIFIC_ENDINGS
from nenpo.errors import InvalidValue
from nenpo.messages import Text
from nenpo.records.sheets.columns import EXTRA_SEPARATORS, LIST_SEPARATOR, NO, YES

#: The 47 prefectures: a place written 「石川県金沢市」 is split after the one it begins with.
PREFECTURES = (
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県", "群馬県", "埼玉県",
    "千葉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県", "岐阜県", "静岡県",
    "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県",
    "広島県", "山口県", "徳島県", "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県", "熊本県", "大分県",
    "宮崎県", "鹿児島県", "沖縄県",
)
_OPEN, _CLOSE = "（(", "）)"
#: `名前（中身）` at the end of an item: the part in brackets is an affiliation or a list of facilities.
_BRACKETED = re.compile(r"^(?P<head>.*?)\s*[（(](?P<inner>[^（()）]*)[）)]$", re.DOTALL)


def split_items(text: str, at_separator: bool = True) -> list[str]:
    """The items of a cell: one a line; a cell of one line is split at 「、」 outside brackets (unless
    `at_separator` is False), so that 「山田太郎氏（A課、B係）」 stays one item, and an item that holds
    a 「、」 itself is written on a line of its own."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) != 1 or not at_separator:
        return lines
    items: list[str] = []
    depth, start, line = 0, 0, lines[0]
    for i, ch in enumerate(line):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch == LIST_SEPARATOR and depth == 0:
            items.append(line[start:i])
            start = i + 1
    items.append(line[start:])
    return [item.strip() for item in items if item.strip()]


def read_paragraphs(text: str) -> list[str]:
    """One paragraph a line; blank lines between them or not."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def write_paragraphs(paragraphs: Sequence[str]) -> str:
    return "\n".join(paragraphs)


def write_items(items: Sequence[str]) -> str:
    """Items one a line (a line end never appears inside an item, where 「、」 may); a single item
    holding 「、」 cannot be written so that it reads back as one (split_items would split it)."""
    return "\n".join(items)


def _bracketed(item: str) -> tuple[str, str | None]:
    match = _BRACKETED.match(item)
    if match is None or not match["head"].strip():
        return item.strip(), None
    return match["head"].strip(), match["inner"].strip()


def read_person(item: str) -> dict[str, Any]:
    """「大杉覚教授（首都大学東京）」 → name, honorific and affiliation; 「山田 太郎」 → a name alone."""
    head, affiliation = _bracketed(item)
    person: dict[str, Any] = {"name": head}
    for ending in HONORIFIC_ENDINGS:
        if head.endswith(ending) and head[: -len(ending)].strip():
            person = {"name": head[: -len(ending)].strip(), "honorific": ending}
            break
    if affiliation:
        person["affiliation"] = affiliation
    return person


def _kept_whole(head: str) -> str:
    """`名前(中身)` with nothing in brackets after it: an empty 「（）」 follows, which the reader drops,
    so that 「オンライン(Zoom)」 stays one place rather than オンライン with the facility Zoom."""
    return f"{head}（）" if _BRACKETED.match(head) and _bracketed(head)[1] is not None else head


def write_person(name: str, honorific: str | None, affiliation: str | None) -> str:
    head = f"{name}{honorific or ''}"
    return f"{head}（{affiliation}）" if affiliation else _kept_whole(head)


def read_venue(item: str) -> dict[str, Any]:
    """「南陽市（赤湯公民館、芝の家）」 → the place and its facilities."""
    head, inner = _bracketed(item)
    venue: dict[str, Any] = {"place": head}
    if inner:
        venue["facilities"] = split_items(inner)
    return venue


def write_venue(place: str, facilities: Sequence[str]) -> str:
    return f"{place}（{LIST_SEPARATOR.join(facilities)}）" if facilities else _kept_whole(place)


def read_place(item: str) -> dict[str, Any]:
    """「石川県金沢市（金沢市役所）」 → prefecture, municipality and facilities."""
    head, inner = _bracketed(item)
    place: dict[str, Any] = {}
    prefecture = next((p for p in PREFECTURES if head.startswith(p) and head[len(p):].strip()), None)
    if prefecture:
        place["prefecture"] = prefecture
        head = head[len(prefecture):].strip()
    place["municipality"] = head
    if inner:
        place["facilities"] = split_items(inner)
    return place


def write_place(prefecture: str | None, municipality: str, facilities: Sequence[str]) -> str:
    return (prefecture or "") + write_venue(municipality, facilities)


def read_extra(text: str) -> dict[str, str]:
    """「受講料：無料」 a line → {受講料: 無料}. Raises InvalidValue for a line with no 「：」."""
    fields: dict[str, str] = {}
    for line in read_paragraphs(text):
        at = min((i for i in (line.find(s) for s in EXTRA_SEPARATORS) if i > 0), default=-1)
        if at < 0:
            raise InvalidValue(Text("sheets.extra_without_colon", line=line), Text("sheets.extra_without_colon_hint"))
        name, value = line[:at].strip(), line[at + 1:].strip()
        if name in fields:
            raise InvalidValue(Text("sheets.extra_repeated", name=name), Text("sheets.extra_repeated_hint"))
        fields[name] = value
    return fields


def write_extra(fields: Mapping[str, str]) -> str:
    return "\n".join(f"{name}{EXTRA_SEPARATORS[0]}{value}" for name, value in fields.items())


#: How a yes/no cell may be typed, beyond はい and いいえ.
_YES_WORDS = frozenset({YES, "yes", "true", "○", "〇", "有", "あり"})
_NO_WORDS = frozenset({NO, "no", "false", "×", "無", "なし"})


def read_yesno(value: Any) -> bool:
    """はい/いいえ, ○/×, or an Excel TRUE/FALSE. Raises InvalidValue for anything else."""
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in _YES_WORDS:
        return True
    if word in _NO_WORDS:
        return False
    raise InvalidValue(Text("sheets.not_yesno", text=str(value)), Text("sheets.not_yesno_hint"))


def write_yesno(value: bool) -> str:
    return YES if value else NO

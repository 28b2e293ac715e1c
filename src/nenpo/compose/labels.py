"""The fixed wording a template prints (section titles, 月日 / 場所, table columns, 「など」), as data.

A template keeps its wording in `labels.yaml`, one name per phrase; a report may replace any of them
in its records (`labels:` in report.yaml) without touching Jinja. A phrase may hold named blanks such
as `{heading}`, filled by the template (`labels.summary_heading|fill(heading=…)`); an override may use
only the blanks of the phrase it replaces, so a template never meets a blank it cannot fill.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from nenpo.bundled import templates_folder
from nenpo.errors import Location, NenpoError, Problem
from nenpo.messages import Text
from nenpo.records.load import Source, load_file

LABELS_FILE = "labels.yaml"


#: `{name}` is a blank; `{{` and `}}` are a literal brace. Nothing else (no attribute access or format
#: spec as str.format would allow: a label comes from records and must not reach into Python objects).
_BLANK = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")


def blanks(phrase: str) -> set[str]:
    """The named blanks of a phrase: `【{heading}のまとめ】` → {"heading"}."""
    return {m[1] for m in _BLANK.finditer(phrase) if m[1] is not None}


def fill_blanks(phrase: str, values: Mapping[str, object]) -> str:
    """The phrase with each `{name}` replaced by its value; a blank without a value stays as written."""
    def one(m: re.Match[str]) -> str:
        if m[1] is None:
            return m[0][0]
        return str(values[m[1]]) if m[1] in values else m[0]
    return _BLANK.sub(one, phrase)


@dataclass(frozen=True)
class Labels(Mapping[str, str]):
    """The phrases a template prints, by name: the template's own, with the report's overrides."""

    phrases: dict[str, str] = field(default_factory=dict)

    def __getitem__(self, name: str) -> str:
        return self.phrases[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.phrases)

    def __len__(self) -> int:
        return len(self.phrases)

    def __getattr__(self, name: str) -> str:
        # Jinja's `labels.date` looks for an attribute first; an unknown name must stay unknown
        # (StrictUndefined then names it at the template's line).
        try:
            return self.phrases[name]
        except KeyError:
            raise AttributeError(name) from None


def template_labels(template_dir: Path) -> tuple[dict[str, str], Source]:
    """A template's phrases from its labels.yaml (none when it has no such file), with positions."""
    file = template_dir / LABELS_FILE
    if not file.is_file():
        return {}, Source({})
    positions: dict = {}
    data, _ = load_file(file, (), positions)
    source = Source(data if isinstance(data, dict) else {}, positions)
    if data is None:
        return {}, source
    if not isinstance(data, dict):
        raise NenpoError.single(Text("labels.not_mapping"), Location(file, 1, 1), Text("labels.not_mapping_hint"))
    problems = [Problem(Text("labels.not_text", name=name), source.locate((name,)), Text("labels.not_text_hint"))
                for name, phrase in data.items() if not isinstance(phrase, str)]
    if problems:
        raise NenpoError(problems)
    return dict(data), source


def base_labels() -> Path:
    """The bundled default template's labels.yaml: the phrases every template starts from."""
    return templates_folder() / "default" / LABELS_FILE


@cache
def default_labels() -> Labels:
    """The default template's phrases alone: the wording filters fall back on outside a build."""
    return Labels(template_labels(base_labels().parent)[0])


def labels_for(template_dir: Path, overrides: Mapping[str, str], records: Source) -> Labels:
    """The default template's phrases, the template's own over them, and the report's overrides
    over both; an override of a name no template has, or with a blank its phrase lacks, is refused
    at the records' line. A template thus writes only the phrases it words differently."""
    phrases = {**template_labels(base_labels().parent)[0], **template_labels(template_dir)[0]}
    problems = []
    for name, phrase in overrides.items():
        if name not in phrases:
            close = difflib.get_close_matches(name, list(phrases), n=1, cutoff=0.6)
            hint = (Text("check.did_you_mean", close=close[0]) if close
                    else Text("labels.unknown_hint", file=str(template_dir / LABELS_FILE)))
            problems.append(Problem(Text("labels.unknown", name=name), records.locate_key(("labels", name)), hint))
            continue
        if not phrase.strip() and phrases[name].strip():  # an empty heading or label says nothing
            problems.append(Problem(Text("labels.empty", name=name), records.locate(("labels", name)),
                                    Text("labels.empty_hint", default=phrases[name])))
            continue
        if lost := blanks(phrases[name]) - blanks(phrase):  # the value it carries would vanish
            problems.append(Problem(Text("labels.lost_blank", name=name, blanks="、".join(sorted(lost))),
                                    records.locate(("labels", name)), Text("labels.lost_blank_hint",
                                                                           default=phrases[name])))
            continue
        extra = blanks(phrase) - blanks(phrases[name])
        if extra:
            allowed = "、".join(f"{{{b}}}" for b in sorted(blanks(phrases[name]))) or Text("labels.no_blanks")
            problems.append(Problem(Text("labels.unknown_blank", name=name, blanks="、".join(sorted(extra))),
                                    records.locate(("labels", name)), Text("labels.unknown_blank_hint", allowed=allowed)))
    if problems:
        raise NenpoError(problems)
    return Labels({**phrases, **overrides})

"""Loaded records → a typed `Report`, or every problem found, in Japanese, at the user's line."""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from nenpo.errors import NenpoError, Problem
from nenpo.records.load import Source
from nenpo.records.model import Report

_TYPE_NAMES = {
    "string_type": "文字",
    "int_type": "整数",
    "int_parsing": "整数",
    "bool_type": "true か false",
    "bool_parsing": "true か false",
    "list_type": "リスト(「- 」で始まる行)",
    "dict_type": "「項目名: 値」の組",
    "model_type": "「項目名: 値」の組",
    "model_attributes_type": "「項目名: 値」の組",
    "date_type": "日付",
    "date_from_datetime_parsing": "日付",
    "date_parsing": "日付",
}


def _known_fields(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The field names allowed at the mapping that contains `loc`, for a 「もしかして」 hint."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", {})
        if part not in fields:
            return []
        annotation = fields[part].annotation
        current = _model_in(annotation)
        if current is None:
            return []
    return list(getattr(current, "model_fields", {}))


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        if (found := _model_in(arg)) is not None:
            return found
    return None


def _message(err: ErrorDetails, known: list[str]) -> tuple[str, str | None]:
    kind = err["type"]
    name = err["loc"][-1] if err["loc"] else ""
    if kind == "missing":
        return f"必須の項目「{name}」がありません。", f"{name}: を書き足してください。"
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(str(name), known, n=1, cutoff=0.5)
        hint = f"もしかして「{close[0]}」ですか。" if close else f"書ける項目: {', '.join(known)}"
        return f"「{name}」という項目はありません。", hint
    if kind == "value_error":
        return str(err.get("ctx", {}).get("error", err["msg"])), None
    if kind in ("greater_than_equal", "less_than_equal", "too_short"):
        return f"値が範囲の外です({err['msg']})。", None
    if kind.startswith("literal"):
        expected = err.get("ctx", {}).get("expected", "")
        return f"「{err['input']}」は使えません。", f"次のどれかを書いてください: {expected}"
    if kind in _TYPE_NAMES:
        return f"{_TYPE_NAMES[kind]}を書いてください(今は「{err['input']}」)。", None
    return f"値が正しくありません({err['msg']})。", None


def _cross_checks(report: Report, source: Source) -> list[Problem]:
    """Rules across records: each session number once."""
    problems = []
    first: dict[int, int] = {}
    for i, session in enumerate(report.sessions):
        if session.number in first:
            where = source.locate(("sessions", first[session.number], "number"))
            problems.append(Problem(
                f"第{session.number}回が2回あります。", source.locate(("sessions", i, "number")),
                f"もう一方は {where.prefix()} です。回の番号を確かめてください。"))
        else:
            first[session.number] = i
    return problems


def validate(source: Source) -> Report:
    """The typed report, or a NenpoError listing every problem with its file, line and field."""
    try:
        report = Report.model_validate(source.data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            loc = tuple(err["loc"])
            message, hint = _message(err, _known_fields(Report, loc))
            problems.append(Problem(message, source.locate(loc), hint))
        raise NenpoError(problems) from None
    if problems := _cross_checks(report, source):
        raise NenpoError(problems)
    return report

"""The typed records of one report: what a secretariat types, validated.

Every sentence of a report lives in a field here; nothing that varies by organisation or year is
left to a template. Field descriptions are in Japanese because they become the JSON Schema that
editors see while typing (`nenpo schema`). Docstrings stay in English for developers; each record's
Japanese title and description for the schema are given by `_schema(...)` in its `model_config`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)

from nenpo import dates
from nenpo.errors import InvalidValue
from nenpo.messages import Text
from nenpo.records.folding import join_lines


def _one_paragraph(text: str) -> str:
    """Lines of one paragraph joined as one line: nothing between Japanese characters, a space
    between Latin words (a `|` block keeps the line ends YAML would otherwise fold)."""
    return join_lines(line.strip() for line in text.strip().splitlines())


def _non_empty(text: str) -> str:
    if not text.strip():
        raise InvalidValue(Text("check.empty"))
    return text


Paragraph = Annotated[
    str,
    AfterValidator(_non_empty),
    AfterValidator(_one_paragraph),
    Field(title="段落", description="1つの段落。「- 」で始まる1行が1段落になります。"),
]
Name = Annotated[str, AfterValidator(_non_empty), AfterValidator(str.strip)]
Paragraphs = Annotated[
    list[Paragraph],
    Field(description="段落のリスト。1項目が1段落になります。", default_factory=list),
]


def _schema(title: str, description: str) -> ConfigDict:
    """A record's Japanese title and description in the JSON Schema, in place of the class name and
    the English docstring that pydantic would use. Only the schema changes; subclasses of Record
    keep its `extra="forbid"` and `frozen=True` (pydantic merges a subclass's config into its base's)."""
    return ConfigDict(json_schema_extra={"title": title, "description": description})


class Record(BaseModel):
    """Base of every record: unknown fields are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


def _photo_from_text(value: Any) -> Any:
    return {"path": value} if isinstance(value, str) else value


class Photo(Record):
    """A photo (or the logo) the report shows: a file in the records folder and its caption."""

    model_config = ConfigDict(extra="forbid", frozen=True, json_schema_extra={
        "title": "写真", "description": "写真の画像ファイル(記録のフォルダからの位置)と説明。ファイルだけなら1行でも書けます"})

    path: Name = Field(title="ファイル", description="画像ファイル(JPEG・PNG など)の、記録のフォルダからの位置(例: photos/01.jpg)",
                       examples=["photos/01.jpg"])
    caption: Name | None = Field(default=None, title="説明", description="写真の下に出る説明(例: グループワークの様子)",
                                 examples=["グループワークの様子"])
    alt: Name | None = Field(default=None, title="代わりの文",
                             description="画像が見えない人のための文(読み上げ用)。省略すると説明と同じ")
    credit: Name | None = Field(default=None, title="撮影・提供", description="撮影者・提供者(説明の後に出ます)")


PhotoEntry = Annotated[Photo, BeforeValidator(_photo_from_text, json_schema_input_type=Photo | str)]
Photos = Annotated[list[PhotoEntry], Field(default_factory=list, title="写真",
                                           description="写真のリスト(ファイルと説明)。報告書ではその行事の文の後に並びます")]


def _day_at(value: Any, key: str) -> Any:
    """One day of a start/end pair, refused at its own key when it is no day."""
    if not isinstance(value, (str, date)):
        return value
    try:
        return dates.parse_date(value)
    except InvalidValue as exc:
        raise InvalidValue(exc.text, exc.hint, at=(key,)) from None


def _not_bool(value: Any) -> Any:
    """true/false are never numbers: pydantic would take `number: true` as 第1回."""
    if isinstance(value, bool):
        raise InvalidValue(Text("check.bool_not_number", value=str(value).lower()), Text("check.bool_not_number_hint"))
    return value


#: A whole number typed in records; a boolean is refused rather than read as 1 or 0.
Int = Annotated[int, BeforeValidator(_not_bool)]
# Bounds come before the validator: so placed, the JSON Schema states them as minimum/maximum even
# inside an optional field's anyOf (placed after, pydantic writes "ge", which editors ignore).
#: A count from 1 (第1回).
Ordinal = Annotated[int, Field(ge=1), BeforeValidator(_not_bool)]
#: A 年度 by the Western year it begins in, within the years nenpo reads.
def _fiscal_year_text(value: Any) -> Any:
    """A 年度 typed as text (令和元年度, 2019年度, R1) is the Western year it begins in."""
    if isinstance(value, str):
        year = dates.parse_fiscal_year(value)
        if year is None:
            raise InvalidValue(Text("check.fiscal_year_text", text=value), Text("check.fiscal_year_text_hint"))
        return year
    return value


FiscalYear = Annotated[int, Field(ge=1873, le=2100), BeforeValidator(_not_bool),
                       BeforeValidator(_fiscal_year_text, json_schema_input_type=int | str)]


def _day(value: Any) -> Any:
    return dates.parse_date(value) if isinstance(value, (str, date)) else value


#: A single day, typed in any of the forms `dates.parse_date` reads.
Day = Annotated[date, BeforeValidator(_day)]


@dataclass(frozen=True)
class Unreadable:
    """A date its event could not read (within its 年度): kept in place so that the error is raised
    by the date field itself, at its own line, while the event's other fields are still checked."""

    error: InvalidValue


class Span(Record):
    """A date or a span of days; written in records as a date, a span text, or start/end."""

    model_config = _schema("日付", "日付、または期間(始まりの日と終わりの日)")

    start: date = Field(title="始まりの日", description="始まりの日")
    end: date | None = Field(default=None, title="終わりの日", description="終わりの日(1日だけなら省略)")

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        if isinstance(value, Unreadable):
            raise value.error
        if isinstance(value, str):
            start, end = dates.parse_span(value)
            return {"start": start, "end": end}
        if isinstance(value, date):
            return {"start": dates.parse_date(value), "end": None}
        if isinstance(value, (int, float)) and not isinstance(value, bool):  # 20190705
            raise InvalidValue(Text("date.unreadable", text=value), Text("date.number_hint"))
        if isinstance(value, dict):
            for part in value.values():
                if isinstance(part, Unreadable):
                    raise part.error
            return {k: _day_at(v, k) for k, v in value.items()}
        return value

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end is not None and self.end < self.start:
            raise InvalidValue(
                Text("date.end_before_start", end=self.end.isoformat(), start=self.start.isoformat()),
                Text("date.end_before_start_hint"),
                at=("end",),
            )
        return self

    @property
    def days(self) -> tuple[date, ...]:
        """The first and, for a span, the last day."""
        return (self.start,) if self.end is None else (self.start, self.end)


_WHEN_TEXT = "日付(例: 2019-07-05)、期間の文字列(例: 令和元年10月8日から9日)、または start: と end:"

_WHEN_SCHEMA: dict[str, Any] = {
    "title": "日付",
    "description": _WHEN_TEXT,
    "examples": ["2019-07-05", "令和元年10月8日から9日"],
    "anyOf": [
        {
            "type": "string",
            "title": "日付か期間の文字列",
            "description": "日付(2019-07-05、令和元年7月5日、年度の中なら年を略して7月5日)か"
            "期間(令和元年10月8日から9日、2012年5月26日・27日、2024/6/14〜6/15、R6/9/12〜13)。"
            "回・訪問の日付には後ろに時刻も書けます(7月5日(金) 13:30〜16:00)",
        },
        {
            "type": "object",
            "title": "期間(始まりと終わり)",
            "description": "期間を start: と end: で書くとき",
            "properties": {
                "start": {
                    "type": "string",
                    "title": "始まりの日",
                    "description": "始まりの日(例: 2019-10-08)",
                    "examples": ["2019-10-08"],
                },
                "end": {
                    "type": "string",
                    "title": "終わりの日",
                    "description": "終わりの日(1日だけなら省略。例: 2019-10-09)",
                    "examples": ["2019-10-09"],
                },
            },
            "required": ["start"],
            "additionalProperties": False,
        },
    ],
}

When = Annotated[Span, WithJsonSchema(_WHEN_SCHEMA)]


#: A date or span that may be left out (a cancelled event's, a place's): the same schema as `When`,
#: without pydantic's anyOf with null around it, so editors show the date's own help.
OptionalWhen = Annotated[Span | None, WithJsonSchema(_WHEN_SCHEMA)]


class DateSettings(Record):
    """How this report writes dates (a house style)."""

    model_config = _schema(
        "日付の書き方", "報告書の中の日付の書き方。書かない項目は既定(和暦・曜日付き など)になります"
    )

    calendar: Literal["和暦", "西暦"] = Field(
        default="和暦", title="暦", description="和暦(令和元年)か西暦(2019年)か"
    )
    weekday: bool = Field(default=True, title="曜日", description="日付の後に曜日(金)を書くか(true / false)")
    span_joiner: str = Field(
        default="から", title="期間のつなぎ", description="期間をつなぐ言葉: から、〜、・ など",
        examples=["から", "〜", "・"],
    )
    ascii_parens: bool = Field(
        default=False, title="半角かっこ", description="曜日を半角の ( ) で囲むか(既定は全角（ ）)(true / false)"
    )
    numerals: Literal["算用数字", "漢数字"] = Field(
        default="算用数字", title="数字",
        description="数字の書き方: 算用数字(令和2年7月12日)か漢数字(令和二年七月十二日)か",
    )
    fiscal_year_era: Literal["10月1日", "4月1日"] = Field(
        default="10月1日",
        title="年度の元号",
        description="年度に付ける元号を、どの日の元号にするか。"
        "2019年度は 10月1日 なら令和元年度、4月1日 なら平成31年度",
    )

    clock: Literal["13:30", "13時30分"] = Field(
        default="13:30", title="時刻の書き方", description="時刻の書き方: 13:30〜16:00 か 13時30分〜16時 か",
    )

    def style(self) -> dates.DateStyle:
        return dates.DateStyle(self.calendar, self.weekday, self.span_joiner, self.ascii_parens,
                               kanji=self.numerals == "漢数字", era_at_start=self.fiscal_year_era == "4月1日",
                               clock=self.clock)


class ReportInfo(Record):
    """The report itself: its title, its year and its house style for dates."""

    model_config = _schema("報告書", "報告書そのものについて: 題名、年度、発行日、日付の書き方、冒頭の段落")

    title: Name = Field(title="題名", description="報告書の題名(表紙に大きく出ます)", examples=["広域連携事業報告書"])
    subtitle: Name | None = Field(
        default=None, title="副題", description="副題(表紙の題名の下)", examples=["遠隔自治体間連携"]
    )
    fiscal_year: FiscalYear | None = Field(
        default=None, title="年度",
        description="年度(始まる年の西暦。2019 = 令和元年度。「令和元年度」「2019年度」「R1」とも書けます)。省略すると日付から決めます", examples=[2019],
    )
    until_fiscal_year: FiscalYear | None = Field(
        default=None, title="最後の年度",
        description="いくつもの年度をまとめた報告書の最後の年度(西暦の年)。fiscal_year から この年度まで、"
        "年度ごとの節になります", examples=[2021],
    )
    numbering: Literal["記録のまま", "通し", "年度ごと"] = Field(
        default="記録のまま", title="回の番号",
        description="回の番号の付け方: 記録のまま(書いた number だけ)、通し(number のない回に種類ごとの通し番号)、"
        "年度ごと(種類ごとに年度で1から)",
    )
    honorifics: bool = Field(
        default=True, title="敬称",
        description="人の名前に敬称(氏、教授 など)を付けるか。false で敬称略(一覧に「（敬称略）」と書きます)",
    )
    year_label: Name | None = Field(
        default=None, title="年度の書き方",
        description="年度の書き方を指定するとき(例: 平成31年度)。省略すると自動", examples=["平成31年度"],
    )
    issued: Day | None = Field(
        default=None, title="発行日", description="発行日(PDF と DOCX の作成日時になります)。例: 2020-03-31",
        examples=["2020-03-31"],
    )
    dates: DateSettings = Field(
        default_factory=DateSettings, title="日付の書き方",
        description="日付の書き方(和暦か西暦か、曜日を付けるか など)。省略すると和暦・曜日付き",
    )
    lead: Paragraphs = Field(title="冒頭の段落", description="冒頭の段落(題名の次、本文の最初)")


class Plan(Record):
    """A plan the organisation works under (e.g. 第5次…計画)."""

    model_config = _schema("計画", "団体が取り組む計画(例: 第5次置賜広域ふるさと市町村圏計画)")

    name: Name = Field(title="計画の名前", description="計画の名前(例: 第5次置賜広域ふるさと市町村圏計画)")
    text: Paragraphs = Field(title="段落", description="計画についての段落")


class Organisation(Record):
    """Who reports: the organisation and its members."""

    model_config = _schema("団体", "報告する団体と、その構成団体・計画")

    name: Name = Field(
        title="団体名", description="団体名(表紙と文書の作成者になります)", examples=["置賜広域行政事務組合"]
    )
    members: list[Name] = Field(default_factory=list, title="構成団体", description="構成団体(市町村など)")
    plan: Plan | None = Field(default=None, title="計画", description="団体の計画")
    logo: Annotated[Photo | None, BeforeValidator(_photo_from_text, json_schema_input_type=Photo | str | None)] = Field(
        default=None, title="ロゴ", description="表紙に出すロゴの画像ファイル(記録のフォルダからの位置。例: logo.png)")


class Partner(Record):
    """An organisation the programme works with."""

    model_config = _schema("連携先", "事業の連携先の団体")

    name: Name = Field(title="連携先の名前", description="連携先の名前(例: (一財)地域活性化センター)")
    text: Paragraphs = Field(title="段落", description="連携についての段落")


class Programme(Record):
    """The programme the sessions belong to: its history and funding."""

    model_config = _schema("事業", "研修などが属する事業: 名前、経緯、財源、連携先")

    name: Name = Field(title="事業の名前", description="事業の名前(例: 広域連携事業)", examples=["広域連携事業"])
    since_fiscal_year: Int | None = Field(
        default=None, title="開始年度", description="事業を始めた年度(西暦の年)", examples=[2015]
    )
    history: Paragraphs = Field(title="経緯", description="事業の経緯の段落")
    funding: Paragraphs = Field(title="財源", description="財源についての段落")
    partners: list[Partner] = Field(default_factory=list, title="連携先", description="連携先のリスト(名前と段落)")


class Theme(Record):
    """The year's theme."""

    model_config = _schema("テーマ", "この年度のテーマ")

    title: Name = Field(title="テーマ", description="テーマ(例: 遠隔自治体間連携)", examples=["遠隔自治体間連携"])
    text: Paragraphs = Field(title="段落", description="テーマについての段落")


def _one_or_list(value: Any) -> Any:
    """A list field written as one value (`topics: 防災`) is a list of that one value."""
    return [value] if isinstance(value, (str, int, dict)) and not isinstance(value, bool) else value


_LIST_SEPARATORS = re.compile(r"[、,，;；]")


def _names(value: Any) -> Any:
    """One name (or person), or a list of them; several names typed as one text (`山田、佐藤`) are
    refused, since the report would print them as one name and the list would lose its count."""
    if isinstance(value, str) and _LIST_SEPARATORS.search(value):
        parts = [p.strip() for p in _LIST_SEPARATORS.split(value) if p.strip()]
        raise InvalidValue(Text("check.names_in_one_text", count=len(parts)),
                           Text("check.names_in_one_text_hint", first=parts[0] if parts else value))
    return _one_or_list(value)


#: Names of organisations or people: a list, or one name alone (never several in one text).
Names = Annotated[
    list[Name],
    BeforeValidator(_names, json_schema_input_type=list[str] | str),
    Field(default_factory=list),
]
#: Short items such as 視察項目: a list, or one item alone.
Items = Annotated[list[Name], BeforeValidator(_one_or_list, json_schema_input_type=list[str] | str),
                  Field(default_factory=list)]


#: Honorifics a name typed as plain text may end with (大杉覚教授): split off as its honorific, so
#: that the default 氏 is not added after them (大杉覚教授氏). Longest first.
HONORIFIC_ENDINGS = ("名誉教授", "特任教授", "准教授", "教授", "先生", "さん", "氏", "様")


def _person_from_text(value: Any) -> Any:
    """`山田太郎` alone stands for a person with only a name, `大杉覚教授` for 大杉覚 with the honorific
    教授; a space stays part of the name (山田 太郎), so a position before the name needs `position:`.
    Two people in one text (`山田、佐藤`) are refused."""
    if not isinstance(value, str):
        return value
    _names(value)
    name = value.strip()
    for ending in HONORIFIC_ENDINGS:
        if name.endswith(ending) and name[: -len(ending)].strip():
            return {"name": name[: -len(ending)].strip(), "honorific": ending}
    return {"name": name}


class Person(Record):
    """A speaker, lecturer or member as a report names them: 大杉覚教授（首都大学東京大学院）, or
    元東京都立大学客員准教授 大島朗伸氏 with the position before the name."""

    model_config = _schema(
        "人",
        "講師・話し手・参加者。報告書には「大杉覚教授（首都大学東京大学院）」や「委員長 山田太郎」のように出ます。"
        "氏名だけなら「- 山田太郎」の1行でも書けます",
    )

    name: Name = Field(title="氏名", description="氏名(例: 大杉覚)", examples=["大杉覚"])
    honorific: str | None = Field(
        default=None, title="敬称",
        description="敬称: 氏、教授、准教授、様 など。省略すると講師には「氏」(ラベル honorific)、"
        "参加者には付きません。付けないときは \"\"(空の文字)。報告書全体で敬称を略すときは report.honorifics: false",
        examples=["氏", "教授", "准教授"],
    )
    position: Name | None = Field(
        default=None, title="肩書き(氏名の前)",
        description="氏名の前に書く肩書き(例: 元首都大学東京大学院客員准教授、委員長)",
        examples=["元首都大学東京大学院客員准教授", "委員長"],
    )
    affiliation: Name | None = Field(
        default=None, title="所属・役職(かっこ内)", description="所属・役職(氏名の後のかっこの中に出ます)",
        examples=["首都大学東京大学院"],
    )


PersonEntry = Annotated[Person, BeforeValidator(_person_from_text, json_schema_input_type=Person | str)]
People = Annotated[list[PersonEntry],
                   BeforeValidator(_names, json_schema_input_type=list[Person | str] | Person | str),
                   Field(default_factory=list)]


class Lecturers(Record):
    """The lecturers of the year and the paragraph introducing them."""

    model_config = _schema("講師", "この年度の講師と、講師を紹介する段落")

    people: People = Field(title="講師", description="講師のリスト(氏名、敬称、肩書き、所属)")
    text: Paragraphs = Field(title="段落", description="講師を紹介する段落")


class Venue(Record):
    """Where a session is held: a place and its facilities."""

    model_config = _schema("会場", "回の会場: 市町村などと施設")

    place: Name = Field(title="場所", description="市町村など(例: 南陽市、東京都港区)。オンラインなら「オンライン」",
                        examples=["南陽市"])
    facilities: Items = Field(title="施設", description="施設(例: 赤湯公民館)。1つなら1行でも書けます")


def _venue_from_text(value: Any) -> Any:
    return {"place": value} if isinstance(value, str) else value


class Talk(Record):
    """One item of a session's programme: a talk and who gave it."""

    model_config = _schema("演題", "回のプログラムの1項目: 演題と講師(演題のない講師だけでも書けます)")

    title: Name | None = Field(default=None, title="演題", description="演題(話の題)。なければ省略")
    speakers: People = Field(title="講師・話し手", description="講師・話し手のリスト(氏名、敬称、肩書き、所属)")

    @model_validator(mode="after")
    def _something(self) -> Talk:
        if self.title is None and not self.speakers:
            raise InvalidValue(Text("check.talk_empty"), Text("check.talk_empty_hint"))
        return self


def _free_value(value: Any) -> Any:
    """A free field's value as text: numbers as typed, a list joined by 、."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        if not all(isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in value):
            return value  # refused as not text, at the field, showing the list as typed
        return "、".join(str(v) for v in value if not isinstance(v, str) or v.strip())
    return value


FreeValue = Annotated[str, BeforeValidator(_free_value), AfterValidator(_non_empty), AfterValidator(str.strip)]
FreeFields = Annotated[
    dict[Name, FreeValue],
    Field(
        default_factory=dict, title="その他の項目",
        description="決まった項目にないこと(項目名: 値)。書いた順に「項目名　値」の行として出ます"
        "(例: 配布資料: 講演レジュメ、受講料: 無料)",
        examples=[{"配布資料": "講演レジュメ", "受講料": "無料"}],
    ),
]

Status = Literal["開催", "中止", "延期"]
Mode = Literal["対面", "オンライン", "ハイブリッド"]


def _time_of_day(value: Any) -> Any:
    if isinstance(value, str):
        return dates.parse_time_range(value)
    return value


#: A time of day or a span of it (13:30〜16:00), typed as text.
TimeOfDay = Annotated[
    dates.TimeRange,
    BeforeValidator(_time_of_day),
    WithJsonSchema({"type": "string", "title": "時刻",
                    "description": "時刻、または始まりと終わり(例: 13:30〜16:00、13時30分〜、午後1時30分〜午後4時)",
                    "examples": ["13:30〜16:00", "13時30分〜16時"]}),
]


def _read_when_at(value: Any, fiscal_year: int | None, at: tuple[str | int, ...]) -> dates.Written:
    try:
        return dates.read_when(value, fiscal_year)
    except InvalidValue as exc:
        raise InvalidValue(exc.text, exc.hint, at=(*at, *exc.at)) from None


class Event(Record):
    """What sessions and visits share: how a report names, dates and frames one event.

    The date may be written without its year (7月5日) where the report's 年度 (or the event's own
    `fiscal_year`) decides it, and may carry a time of day (`7月5日 13:30〜16:00`), which moves to
    `time`. A cancelled or postponed event may have no date.
    """

    number: Ordinal | None = Field(default=None, title="回", description="回(第1回なら 1)。回のない行事は省略",
                               examples=[1])
    kind: Name | None = Field(default=None, title="種類",
                              description="種類(例: 集合研修、例会、講演会、総会、行政視察)。見出しは「第1回集合研修」のように回と種類から作られます",
                              examples=["集合研修", "例会", "講演会"])
    heading: Name | None = Field(default=None, title="見出し",
                                 description="回と種類から作る見出しの代わりに使う見出し(例: 令和5年度通常総会)",
                                 examples=["令和5年度通常総会"])
    title: Name | None = Field(default=None, title="題", description="題(見出しの「」の中)。なければ省略")
    fiscal_year: FiscalYear | None = Field(
        default=None, title="年度",
        description="この行事の年度(始まる年の西暦)。いくつもの年度をまとめた報告書で、年のない日付をこの年度で読み、"
        "この年度の節に置きます", examples=[2022],
    )
    date: OptionalWhen = Field(default=None, title="日付",
                              description=_WHEN_TEXT + "。年を略して 7月5日 とも書けます(年度で決まります)。"
                              "中止・延期で日がなければ省略")
    time: TimeOfDay | None = Field(default=None, title="時刻", description="時刻(例: 13:30〜16:00)")
    status: Status = Field(default="開催", title="開催の状況",
                           description="開催、中止、延期 のどれか(省略すると開催)")
    status_note: Name | None = Field(default=None, title="中止・延期の理由",
                                     description="中止・延期の理由やいきさつ(例: 台風接近のため)",
                                     examples=["台風接近のため"])
    postponed_to: OptionalWhen = Field(default=None, title="延期後の日付",
                                      description="延期したときの新しい日付(決まっていれば)")
    mode: Mode | None = Field(default=None, title="形式",
                              description="対面、オンライン、ハイブリッド のどれか(省略すると書きません)")
    participants: Ordinal | None = Field(default=None, title="参加人数", description="参加人数(数字で)",
                                     examples=[45])
    host: Names = Field(title="主催", description="主催(団体名。複数なら1行に1つ)")
    co_host: Names = Field(title="共催", description="共催(団体名。複数なら1行に1つ)")
    support: Names = Field(title="後援", description="後援(団体名。複数なら1行に1つ)")
    audience: Name | None = Field(default=None, title="対象", description="対象(例: 市民、構成市町村職員)",
                                  examples=["市民", "構成市町村職員"])
    extra: FreeFields
    photos: Photos

    @model_validator(mode="before")
    @classmethod
    def _dates_in_year(cls, data: Any, info: ValidationInfo) -> Any:
        """Read the date (and the postponed date) within the event's 年度; a time typed with the
        date moves to `time`."""
        if not isinstance(data, dict):
            return data
        own = data.get("fiscal_year")
        context = info.context or {}
        fiscal_year = own if isinstance(own, int) and not isinstance(own, bool) else context.get("fiscal_year")
        data = dict(data)
        for key in ("date", "postponed_to"):
            _read_in_year(data, key, fiscal_year, (key,))
        places = data.get("places")
        if isinstance(places, list):
            data["places"] = [dict(p) if isinstance(p, dict) else p for p in places]
            for i, place in enumerate(data["places"]):
                if isinstance(place, dict):
                    _read_in_year(place, "date", fiscal_year, ("places", i, "date"), time_allowed=False)
        return data

    @model_validator(mode="after")
    def _dated_if_held(self) -> Event:
        if self.date is None and self.status == "開催":
            raise InvalidValue(Text("check.missing", name="date"), Text("check.date_unless_cancelled_hint"),
                               at=("date",))
        if self.postponed_to is not None and self.status != "延期":
            raise InvalidValue(Text("check.postponed_not_postponed", status=self.status),
                               Text("check.postponed_not_postponed_hint"), at=("postponed_to",))
        if self.fiscal_year is not None and self.date is not None and dates.fiscal_year(self.date.start) != self.fiscal_year:
            raise InvalidValue(Text("check.event_year_mismatch", day=self.date.start.isoformat(),
                                    year=self.fiscal_year, actual=dates.fiscal_year(self.date.start)),
                               Text("check.event_year_mismatch_hint"), at=("fiscal_year",))
        return self

    @property
    def days(self) -> tuple[date, ...]:
        """The first and last day the event was (or was to be) held; none when undated."""
        return self.date.days if self.date is not None else ()

    @property
    def year(self) -> int | None:
        """The 年度 the event belongs to: its own, or that of its date."""
        if self.fiscal_year is not None:
            return self.fiscal_year
        return dates.fiscal_year(self.date.start) if self.date is not None else None


def _read_in_year(data: dict[str, Any], key: str, fiscal_year: int | None, at: tuple[str | int, ...],
                  time_allowed: bool = True) -> None:
    """Replace a date typed as text (or its start/end) by the days it names, read within the 年度;
    a time of day typed with the event's date moves to its `time`."""
    value = data.get(key)
    if isinstance(value, (str, date)):
        try:
            written = _read_when_at(value, fiscal_year, ())
        except InvalidValue as exc:
            data[key] = Unreadable(exc)
            return
        data[key] = {"start": written.start, "end": written.end}
        if written.time is not None:
            if not time_allowed or key != "date":
                data[key] = Unreadable(InvalidValue(Text("check.time_not_here", text=str(value)),
                                                    Text("check.time_not_here_hint")))
            elif data.get("time") is not None:
                raise InvalidValue(Text("check.time_twice"), Text("check.time_twice_hint"), at=at)
            else:
                data["time"] = written.time
    elif isinstance(value, dict):
        data[key] = {k: _one_day(v, fiscal_year, k) for k, v in value.items()}


def _one_day(value: Any, fiscal_year: int | None, key: str) -> Any:
    """One day of a start/end pair, read within the 年度; one it cannot read is kept for the date
    field to refuse at its own key."""
    if not isinstance(value, (str, date)):
        return value
    try:
        written = _read_when_at(value, fiscal_year, (key,))
    except InvalidValue as exc:
        return Unreadable(exc)
    if written.time is not None:
        return Unreadable(InvalidValue(Text("check.time_not_here", text=str(value)), Text("check.time_not_here_hint"),
                                       at=(key,)))
    if written.end is not None:
        return Unreadable(InvalidValue(Text("date.one_day_expected", text=value), at=(key,)))
    return written.start


class Session(Event):
    """One session, meeting or lecture (第1回集合研修, 講演会, 令和5年度通常総会)."""

    model_config = _schema("回", "研修・講演会・会議・総会・例会などの1回分(例: 第1回集合研修)")

    venues: Annotated[list[Annotated[Venue, BeforeValidator(_venue_from_text, json_schema_input_type=Venue | str)]],
                      BeforeValidator(_one_or_list, json_schema_input_type=list[Venue | str] | Venue | str)] = Field(
        default_factory=list, title="会場",
        description="会場のリスト(場所と施設)。場所だけなら「- 南陽市」の1行でも書けます")
    speakers: People = Field(title="講師",
                             description="講師・話し手(演題ごとに分けないとき)。氏名、敬称、肩書き、所属")
    programme: list[Talk] = Field(default_factory=list, title="プログラム", description="プログラム(演題と講師)")
    summary: Paragraphs = Field(title="まとめ", description="まとめの段落")

    @model_validator(mode="after")
    def _named(self) -> Session:
        if self.number is None and self.kind is None and self.heading is None and self.title is None:
            raise InvalidValue(Text("check.session_unnamed"), Text("check.session_unnamed_hint"), at=("kind",))
        return self


def _place_from_text(value: Any) -> Any:
    return {"municipality": value} if isinstance(value, str) else value


class Place(Record):
    """A place visited: a municipality, with the facilities and topics seen there."""

    model_config = _schema("訪問先", "訪問した市区町村と、そこで訪ねた施設・視察項目。市区町村だけなら「- 金沢市」の1行でも書けます")

    prefecture: Name | None = Field(
        default=None, title="都道府県", description="都道府県(省略できます)", examples=["岩手県"]
    )
    municipality: Name = Field(title="市区町村", description="市区町村(例: 陸前高田市)", examples=["陸前高田市"])
    facilities: Items = Field(title="施設", description="訪ねた施設(例: 金沢市役所)。1つなら1行でも書けます")
    date: OptionalWhen = Field(default=None, title="日付", description="この訪問先を訪ねた日(旅程が何日かにわたるとき)")
    topics: Items = Field(title="視察項目", description="この訪問先での視察項目・テーマ")
    extra: FreeFields


class Visit(Event):
    """One visit or study trip (行政視察) to one or more places."""

    model_config = _schema("訪問", "1回の訪問・視察(訪問先は1か所でも複数でも)")

    places: Annotated[list[Annotated[Place, BeforeValidator(_place_from_text, json_schema_input_type=Place | str)]],
                      Field(min_length=1),
                      BeforeValidator(_one_or_list, json_schema_input_type=Annotated[list[Place | str], Field(min_length=1)]
                                                      | Place | str)] = Field(
        title="訪問先", description="訪問先のリスト。すべて報告書に出ます")
    more_places: bool = Field(default=False, title="ほかの訪問先",
                              description="書いた訪問先のほかにもあるとき true(最後に「など」が付きます)")
    held_at: Name | None = Field(
        default=None, title="開催場所", description="訪問先以外で開いたとき、その場所(於:東京)", examples=["東京"]
    )
    purpose: Name | None = Field(default=None, title="目的", description="訪問・視察の目的")
    group: Name | None = Field(default=None, title="団体", description="訪問した団体・委員会(例: 総務常任委員会)",
                               examples=["総務常任委員会"])
    members: People = Field(title="メンバー",
                            description="訪問したメンバー(1行に1人。肩書きは position:。例: - {position: 委員長, name: 山田太郎})")
    topics: Items = Field(title="視察項目", description="訪問全体の視察項目・テーマ")
    text: Paragraphs = Field(title="報告", description="報告の段落")

    @model_validator(mode="after")
    def _dated_places(self) -> Visit:
        for i, place in enumerate(self.places):
            if place.date is not None and self.date is not None:
                first, last = self.date.days[0], self.date.days[-1]
                if not first <= place.date.start <= last:
                    raise InvalidValue(Text("check.place_outside_visit"), Text("check.place_outside_visit_hint"),
                                       at=("places", i, "date"))
        return self


class Outcome(Record):
    """What the year produced."""

    model_config = _schema("成果", "この年度の成果")

    title: Name = Field(title="成果の名前", description="成果の名前")
    text: Paragraphs = Field(title="段落", description="成果についての段落")


#: A number written as text: digits with or without 3-digit groups split by commas, a sign, a
#: decimal part ("300,000", "-1200", "3.5"). A leading zero ("007") is a code, kept as text.
_NUMBER_TEXT = re.compile(r"-?(?:[1-9]\d{0,2}(?:,\d{3})+|[1-9]\d*|0)(?:\.\d+)?")
#: Tabs, line ends and other control characters an Excel copy brings into a cell.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")


class Fixed(Decimal):
    """A number with a decimal part, printed with the digits it was typed with: 1.50 stays 1.50 (a
    float would print 1.5), and never in exponent form (0.0000001, not 1E-7)."""

    def __str__(self) -> str:
        return format(self, "f")


Cell = int | Decimal | str


def _table_cell(value: Any) -> Any:
    """A cell keeps its type: a YAML number is a number, so is a text that reads as one ("300,000");
    a decimal keeps the digits it was typed with ("1.50"; validation gives a YAML 1.50 as typed);
    a date is its text as typed, nothing an empty cell; control characters (a tab copied from
    Excel) become one space, never a box in print. A list or a mapping is no cell."""
    if isinstance(value, bool):
        raise InvalidValue(Text("check.bool_not_number", value=str(value).lower()), Text("check.bool_not_number_hint"))
    if isinstance(value, float):
        return Fixed(repr(value)) if math.isfinite(value) else repr(value)
    if isinstance(value, (list, dict)):
        raise InvalidValue(Text("check.table_cell"), Text("check.table_cell_hint"))
    if value is None:  # `-` or `~` with nothing after it: an empty cell
        return ""
    if isinstance(value, date):  # 2019-07-05, as typed
        return value.isoformat()
    if not isinstance(value, str):
        return value
    text = _CONTROL.sub(" ", value).strip()
    if _NUMBER_TEXT.fullmatch(text):
        plain = text.replace(",", "")
        return Fixed(plain) if "." in plain else int(plain)
    return text


def _fixed(value: Cell) -> Cell:
    """A decimal as Fixed again (validation gives a plain Decimal back), so it prints as typed."""
    return Fixed(value) if isinstance(value, Decimal) and not isinstance(value, Fixed) else value


TableCell = Annotated[Cell, BeforeValidator(_table_cell), AfterValidator(_fixed)]


class SuppliedTable(Record):
    """A table the secretariat supplies as it is; its number cells stay numbers."""

    model_config = _schema("表", "事務局が用意する表。そのまま報告書に出ます")

    header: list[str] = Field(title="見出し", description="見出しの行(欄の名前のリスト)")
    rows: list[list[TableCell]] = Field(
        default_factory=list, title="行",
        description="行のリスト。1行は欄のリストで、見出しと同じ数の欄。数(300000 や \"300,000\")は数として右に揃えます"
    )
    total: bool | list[str] = Field(
        default=False, title="合計",
        description="true で数の欄すべての合計の行を最後に加えます。欄の名前のリストならその欄だけ合計します"
    )

    @model_validator(mode="after")
    def _rectangular(self) -> SuppliedTable:
        for i, row in enumerate(self.rows, start=1):
            if len(row) != len(self.header):
                raise InvalidValue(Text("check.row_cells", row=i, cells=len(row), header=len(self.header)),
                                   at=("rows", i - 1))
        if isinstance(self.total, list):
            numeric = {self.header[c] for c in self.numeric_columns}
            for n, name in enumerate(self.total):
                if name not in numeric:
                    raise InvalidValue(Text("check.total_column", name=name),
                                       Text("check.total_column_hint", columns="、".join(sorted(numeric)) or "-"),
                                       at=("total", n))
        return self

    @property
    def numeric_columns(self) -> tuple[int, ...]:
        """The columns whose every filled cell is a number (and at least one is): set right-aligned."""
        def numeric(c: int) -> bool:
            cells = [row[c] for row in self.rows if row[c] != ""]
            return bool(cells) and all(not isinstance(v, str) for v in cells)
        return tuple(c for c in range(len(self.header)) if numeric(c))

    @property
    def totals(self) -> list[Cell | None] | None:
        """The total row the records ask for: each totalled column's sum, None elsewhere; None if no total."""
        if not self.total:
            return None
        wanted = set(self.numeric_columns) if self.total is True else {
            c for c, name in enumerate(self.header) if name in self.total}
        sums: list[Cell | None] = []
        for c in range(len(self.header)):
            cells = [row[c] for row in self.rows if c in wanted and not isinstance(row[c], str)]
            if c not in wanted:
                sums.append(None)
            elif all(isinstance(v, int) for v in cells):
                sums.append(sum(int(v) for v in cells))
            else:  # a Decimal sum keeps the most decimals typed: 1.50 + 2 is 3.50
                sums.append(Fixed(sum(Decimal(v) for v in cells)))
        return sums


class SheetTableReference(Record):
    """A table kept in a spreadsheet: the loader (records/sheets/table.py) puts the sheet's rows in
    its place before validation, so this model only describes the form for editors' completion."""

    model_config = _schema("シートの表", "表計算のファイルのシートにある表(最初の行が見出し)")

    file: Name = Field(title="ファイル", description="記録のフォルダにある .xlsx か .csv の名前(例: 記録.xlsx)")
    sheet: Name | None = Field(default=None, title="シート", description="シートの名前(省略すると最初のシート)")
    total: bool | list[str] = Field(default=False, title="合計", description="表の total と同じ")


class Appendix(Record):
    """An appendix the secretariat supplies: text, a table, or both."""

    model_config = _schema("資料", "事務局が用意する資料: 文、表、またはその両方")

    title: Name = Field(title="資料の題", description="資料の題")
    text: Paragraphs = Field(title="段落", description="資料の段落")
    table: Annotated[SuppliedTable | None,
                     BeforeValidator(lambda v: v, json_schema_input_type=SuppliedTable | SheetTableReference | None)] = Field(
        default=None, title="表", description="資料の表。表計算のシートにある表なら {file: 記録.xlsx, sheet: 収支}")
    photos: Photos


class Report(Record):
    """A year of one organisation: everything a report says."""

    model_config = _schema(
        "年報の記録",
        "1つの団体の1年度分の記録(report.yaml)。報告書に書くことはすべてここに書きます。"
        "研修などの回は sessions/、訪問は visits/ のファイルに分けても書けます",
    )

    report: ReportInfo = Field(title="報告書", description="報告書について(題名、年度、日付の書き方 など)")
    organisation: Organisation = Field(title="団体", description="報告する団体(団体名、構成団体、計画)")
    programme: Programme | None = Field(
        default=None, title="事業", description="事業(名前、経緯、財源、連携先)"
    )
    theme: Theme | None = Field(default=None, title="テーマ", description="この年度のテーマ")
    lecturers: Lecturers | None = Field(
        default=None, title="講師", description="この年度の講師と、講師を紹介する段落"
    )
    sessions: list[Session] = Field(default_factory=list, title="回", description="研修・会議など(回ごと)")
    visits: list[Visit] = Field(
        default_factory=list, title="訪問", description="訪問(新しい順に書くと、その順に出ます)"
    )
    outcomes: list[Outcome] = Field(default_factory=list, title="成果", description="この年度の成果(題と段落)")
    appendices: list[Appendix] = Field(
        default_factory=list, title="資料", description="資料(事務局が用意する表や文)"
    )

    labels: dict[Name, str] = Field(
        default_factory=dict, title="ラベル",
        description="テンプレートが出す決まった言葉(見出し、項目名、表の欄名)を、この報告書だけ変えるとき。"
        "名前はテンプレートの labels.yaml にあるもの(例: visits_section: 行政視察の記録)",
        examples=[{"visits_section": "行政視察の記録", "date": "日時"}],
    )

    @property
    def events(self) -> list[Event]:
        """Every session and visit, sessions first, each in the order written."""
        return [*self.sessions, *self.visits]

    @property
    def all_days(self) -> list[date]:
        """Every first and last day of every session and visit (and of each place visited)."""
        days = [d for item in self.events for d in item.days]
        return days + [d for v in self.visits for p in v.places if p.date for d in p.date.days]

    @model_validator(mode="after")
    def _years_in_order(self) -> Report:
        info = self.report
        if info.until_fiscal_year is not None:
            if info.fiscal_year is None:
                raise InvalidValue(Text("check.until_without_start"), Text("check.until_without_start_hint"),
                                   at=("report", "until_fiscal_year"))
            if info.until_fiscal_year < info.fiscal_year:
                raise InvalidValue(Text("check.until_before_start", start=info.fiscal_year,
                                        until=info.until_fiscal_year),
                                   Text("check.until_before_start_hint"), at=("report", "until_fiscal_year"))
            for folder, items in (("sessions", self.sessions), ("visits", self.visits)):
                for i, item in enumerate(items):
                    if item.year is None:
                        raise InvalidValue(Text("check.event_year_unknown"), Text("check.event_year_unknown_hint"),
                                           at=(folder, i, "fiscal_year"))
        return self

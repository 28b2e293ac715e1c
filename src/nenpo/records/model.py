"""The typed records of one report: what a secretariat types, validated.

Every sentence of a report lives in a field here; nothing that varies by organisation or year is
left to a template. Field descriptions are in Japanese because they become the JSON Schema that
editors see while typing (`nenpo schema`).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema, model_validator

from nenpo import dates


def _one_paragraph(text: str) -> str:
    """Lines of one paragraph joined without spaces, as Japanese text joins them."""
    return "".join(line.strip() for line in text.strip().splitlines())


def _non_empty(text: str) -> str:
    if not text.strip():
        raise ValueError("空です。文字を書いてください。")
    return text


Text = Annotated[str, AfterValidator(_non_empty), AfterValidator(_one_paragraph)]
Name = Annotated[str, AfterValidator(_non_empty), AfterValidator(str.strip)]
Paragraphs = Annotated[
    list[Text],
    Field(description="段落のリスト。1項目が1段落になります。", default_factory=list),
]


class Record(BaseModel):
    """Base of every record: unknown fields are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Span(Record):
    """A date or a span of days; written in records as a date, a span text, or start/end."""

    start: date = Field(description="始まりの日")
    end: date | None = Field(default=None, description="終わりの日(1日だけなら省略)")

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        if isinstance(value, (str, date)):
            start, end = dates.parse_span(value) if isinstance(value, str) else (value, None)
            return {"start": start, "end": end}
        if isinstance(value, dict):
            return {k: dates.parse_date(v) if isinstance(v, str) else v for k, v in value.items()}
        return value

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end is not None and self.end < self.start:
            raise ValueError(
                f"終わりの日 {self.end.isoformat()} が始まりの日 {self.start.isoformat()} より前です。"
            )
        return self

    @property
    def days(self) -> tuple[date, ...]:
        """The first and, for a span, the last day."""
        return (self.start,) if self.end is None else (self.start, self.end)


When = Annotated[
    Span,
    WithJsonSchema(
        {
            "description": "日付(2019-07-05)、期間の文字列(令和元年10月8日から9日)、または start と end",
            "anyOf": [
                {"type": "string"},
                {
                    "type": "object",
                    "properties": {"start": {"type": "string"}, "end": {"type": "string"}},
                    "required": ["start"],
                    "additionalProperties": False,
                },
            ],
        }
    ),
]


class DateSettings(Record):
    """How this report writes dates (a house style)."""

    calendar: Literal["和暦", "西暦"] = Field(default="和暦", description="和暦(令和元年)か西暦(2019年)か")
    weekday: bool = Field(default=True, description="日付の後に曜日(金)を書くか")
    span_joiner: str = Field(default="から", description="期間をつなぐ言葉: から、〜、・ など")
    ascii_parens: bool = Field(default=False, description="曜日を半角の ( ) で囲むか(既定は全角（ ）)")

    def style(self) -> dates.DateStyle:
        return dates.DateStyle(self.calendar, self.weekday, self.span_joiner, self.ascii_parens)


class ReportInfo(Record):
    """The report itself: its title, its year and its house style for dates."""

    title: Name = Field(description="報告書の題名(表紙に大きく出ます)")
    subtitle: Name | None = Field(default=None, description="副題(表紙の題名の下)")
    fiscal_year: int | None = Field(
        default=None, ge=1873, le=2100, description="年度(始まる年の西暦。2019 = 令和元年度)。省略すると日付から決めます"
    )
    year_label: Name | None = Field(
        default=None, description="年度の書き方を指定するとき(例: 平成31年度)。省略すると自動"
    )
    issued: date | None = Field(default=None, description="発行日(PDF と DOCX の作成日時になります)")
    dates: DateSettings = Field(default_factory=DateSettings, description="日付の書き方")
    lead: Paragraphs = Field(description="冒頭の段落(題名の次、本文の最初)")


class Plan(Record):
    """A plan the organisation works under (e.g. 第5次…計画)."""

    name: Name = Field(description="計画の名前")
    text: Paragraphs = Field(description="計画についての段落")


class Organisation(Record):
    """Who reports: the organisation and its members."""

    name: Name = Field(description="団体名(表紙と文書の作成者になります)")
    members: list[Name] = Field(default_factory=list, description="構成団体(市町村など)")
    plan: Plan | None = Field(default=None, description="団体の計画")


class Partner(Record):
    """An organisation the programme works with."""

    name: Name = Field(description="連携先の名前")
    text: Paragraphs = Field(description="連携についての段落")


class Programme(Record):
    """The programme the sessions belong to: its history and funding."""

    name: Name = Field(description="事業の名前(例: 広域連携事業)")
    since_fiscal_year: int | None = Field(default=None, description="事業を始めた年度(西暦の年)")
    history: Paragraphs = Field(description="事業の経緯の段落")
    funding: Paragraphs = Field(description="財源についての段落")
    partners: list[Partner] = Field(default_factory=list, description="連携先")


class Theme(Record):
    """The year's theme."""

    title: Name = Field(description="テーマ(例: 遠隔自治体間連携)")
    text: Paragraphs = Field(description="テーマについての段落")


class Person(Record):
    """A speaker or lecturer as a report names them: 大杉覚教授(首都大学東京大学院)."""

    name: Name = Field(description="氏名")
    honorific: str = Field(default="氏", description="敬称: 氏、教授、准教授 など")
    affiliation: Name | None = Field(default=None, description="所属・役職(かっこの中に出ます)")


class Lecturers(Record):
    """The lecturers of the year and the paragraph introducing them."""

    people: list[Person] = Field(default_factory=list, description="講師")
    text: Paragraphs = Field(description="講師を紹介する段落")


class Venue(Record):
    """Where a session is held: a place and its facilities."""

    place: Name = Field(description="市町村など(例: 南陽市、東京都港区)")
    facilities: list[Name] = Field(default_factory=list, description="施設(例: 赤湯公民館)")


class Talk(Record):
    """One item of a session's programme."""

    title: Name = Field(description="演題")
    speakers: list[Person] = Field(default_factory=list, description="講師・話し手")


class Session(Record):
    """One numbered session (第1回集合研修)."""

    number: int = Field(ge=1, description="回(第1回なら 1)")
    kind: Name = Field(description="種類(例: 集合研修)")
    title: Name = Field(description="題(「」の中)")
    date: When = Field(description="日付、または期間")
    venues: list[Venue] = Field(default_factory=list, description="会場")
    programme: list[Talk] = Field(default_factory=list, description="プログラム(演題と講師)")
    summary: Paragraphs = Field(description="まとめの段落")


class Place(Record):
    """A municipality visited."""

    prefecture: Name | None = Field(default=None, description="都道府県")
    municipality: Name = Field(description="市区町村")


class Visit(Record):
    """One visit to one or more places."""

    places: Annotated[list[Place], Field(min_length=1)] = Field(description="訪問先(複数なら最初の所に「など」)")
    held_at: Name | None = Field(default=None, description="訪問先以外で開いたとき、その場所(於:東京)")
    date: When = Field(description="日付、または期間")
    participants: int | None = Field(default=None, ge=1, description="参加人数")
    text: Paragraphs = Field(description="報告の段落")


class Outcome(Record):
    """What the year produced."""

    title: Name = Field(description="成果の名前")
    text: Paragraphs = Field(description="成果についての段落")


class SuppliedTable(Record):
    """A table the secretariat supplies as it is."""

    header: list[str] = Field(description="見出しの行")
    rows: list[list[str]] = Field(default_factory=list, description="行(見出しと同じ数の欄)")

    @model_validator(mode="after")
    def _rectangular(self) -> SuppliedTable:
        for i, row in enumerate(self.rows, start=1):
            if len(row) != len(self.header):
                raise ValueError(f"{i}行目の欄の数({len(row)})が見出しの数({len(self.header)})と違います。")
        return self


class Appendix(Record):
    """An appendix the secretariat supplies: text, a table, or both."""

    title: Name = Field(description="資料の題")
    text: Paragraphs = Field(description="資料の段落")
    table: SuppliedTable | None = Field(default=None, description="資料の表")


class Report(Record):
    """A year of one organisation: everything a report says."""

    report: ReportInfo = Field(description="報告書について")
    organisation: Organisation = Field(description="団体")
    programme: Programme | None = Field(default=None, description="事業")
    theme: Theme | None = Field(default=None, description="この年度のテーマ")
    lecturers: Lecturers | None = Field(default=None, description="講師")
    sessions: list[Session] = Field(default_factory=list, description="研修・会議など(回ごと)")
    visits: list[Visit] = Field(default_factory=list, description="訪問(新しい順に書くと、その順に出ます)")
    outcomes: list[Outcome] = Field(default_factory=list, description="成果")
    appendices: list[Appendix] = Field(default_factory=list, description="資料(事務局が用意する表や文)")

    @property
    def all_days(self) -> list[date]:
        """Every first and last day of every session and visit."""
        return [d for item in (*self.sessions, *self.visits) for d in item.date.days]

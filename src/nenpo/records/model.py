"""The typed records of one report: what a secretariat types, validated.

Every sentence of a report lives in a field here; nothing that varies by organisation or year is
left to a template. Field descriptions are in Japanese because they become the JSON Schema that
editors see while typing (`nenpo schema`). Docstrings stay in English for developers; each record's
Japanese title and description for the schema are given by `_schema(...)` in its `model_config`.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
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

    model_config = ConfigDict(extra="forbid", frozen=True)


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


def _day(value: Any) -> Any:
    return dates.parse_date(value) if isinstance(value, (str, date)) else value


#: A single day, typed in any of the forms `dates.parse_date` reads.
Day = Annotated[date, BeforeValidator(_day)]


class Span(Record):
    """A date or a span of days; written in records as a date, a span text, or start/end."""

    model_config = _schema("日付", "日付、または期間(始まりの日と終わりの日)")

    start: date = Field(title="始まりの日", description="始まりの日")
    end: date | None = Field(default=None, title="終わりの日", description="終わりの日(1日だけなら省略)")

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        if isinstance(value, str):
            start, end = dates.parse_span(value)
            return {"start": start, "end": end}
        if isinstance(value, date):
            return {"start": dates.parse_date(value), "end": None}
        if isinstance(value, (int, float)) and not isinstance(value, bool):  # 20190705
            raise InvalidValue(Text("date.unreadable", text=value), Text("date.number_hint"))
        if isinstance(value, dict):
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

When = Annotated[
    Span,
    WithJsonSchema(
        {
            "title": "日付",
            "description": _WHEN_TEXT,
            "examples": ["2019-07-05", "令和元年10月8日から9日"],
            "anyOf": [
                {
                    "type": "string",
                    "title": "日付か期間の文字列",
                    "description": "日付(2019-07-05、令和元年7月5日)か"
                    "期間(令和元年10月8日から9日、2012年5月26日・27日)",
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
    ),
]


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

    def style(self) -> dates.DateStyle:
        return dates.DateStyle(self.calendar, self.weekday, self.span_joiner, self.ascii_parens,
                               kanji=self.numerals == "漢数字", era_at_start=self.fiscal_year_era == "4月1日")


class ReportInfo(Record):
    """The report itself: its title, its year and its house style for dates."""

    model_config = _schema("報告書", "報告書そのものについて: 題名、年度、発行日、日付の書き方、冒頭の段落")

    title: Name = Field(title="題名", description="報告書の題名(表紙に大きく出ます)", examples=["広域連携事業報告書"])
    subtitle: Name | None = Field(
        default=None, title="副題", description="副題(表紙の題名の下)", examples=["遠隔自治体間連携"]
    )
    fiscal_year: Int | None = Field(
        default=None, ge=1873, le=2100, title="年度",
        description="年度(始まる年の西暦。2019 = 令和元年度)。省略すると日付から決めます", examples=[2019],
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


class Person(Record):
    """A speaker or lecturer as a report names them: 大杉覚教授(首都大学東京大学院)."""

    model_config = _schema("人", "講師・話し手。報告書には「大杉覚教授(首都大学東京大学院)」のように出ます")

    name: Name = Field(title="氏名", description="氏名(例: 大杉覚)", examples=["大杉覚"])
    honorific: str = Field(
        default="氏", title="敬称", description="敬称: 氏、教授、准教授 など", examples=["氏", "教授", "准教授"]
    )
    affiliation: Name | None = Field(
        default=None, title="所属・役職", description="所属・役職(かっこの中に出ます)", examples=["首都大学東京大学院"]
    )


class Lecturers(Record):
    """The lecturers of the year and the paragraph introducing them."""

    model_config = _schema("講師", "この年度の講師と、講師を紹介する段落")

    people: list[Person] = Field(default_factory=list, title="講師", description="講師のリスト(氏名、敬称、所属)")
    text: Paragraphs = Field(title="段落", description="講師を紹介する段落")


class Venue(Record):
    """Where a session is held: a place and its facilities."""

    model_config = _schema("会場", "回の会場: 市町村などと施設")

    place: Name = Field(title="場所", description="市町村など(例: 南陽市、東京都港区)", examples=["南陽市"])
    facilities: list[Name] = Field(default_factory=list, title="施設", description="施設(例: 赤湯公民館)")


class Talk(Record):
    """One item of a session's programme."""

    model_config = _schema("演題", "回のプログラムの1項目: 演題と講師")

    title: Name = Field(title="演題", description="演題(話の題)")
    speakers: list[Person] = Field(
        default_factory=list, title="講師・話し手", description="講師・話し手のリスト(氏名、敬称、所属)"
    )


class Session(Record):
    """One numbered session (第1回集合研修)."""

    model_config = _schema("回", "研修・会議などの1回分(例: 第1回集合研修)")

    number: Int = Field(ge=1, title="回", description="回(第1回なら 1)", examples=[1])
    kind: Name = Field(title="種類", description="種類(例: 集合研修)", examples=["集合研修"])
    title: Name = Field(title="題", description="題(「」の中)")
    date: When = Field(title="日付", description=_WHEN_TEXT)
    venues: list[Venue] = Field(default_factory=list, title="会場", description="会場のリスト(場所と施設)")
    programme: list[Talk] = Field(default_factory=list, title="プログラム", description="プログラム(演題と講師)")
    summary: Paragraphs = Field(title="まとめ", description="まとめの段落")


class Place(Record):
    """A municipality visited."""

    model_config = _schema("訪問先", "訪問した市区町村")

    prefecture: Name | None = Field(
        default=None, title="都道府県", description="都道府県(省略できます)", examples=["岩手県"]
    )
    municipality: Name = Field(title="市区町村", description="市区町村(例: 陸前高田市)", examples=["陸前高田市"])


class Visit(Record):
    """One visit to one or more places."""

    model_config = _schema("訪問", "1回の訪問(訪問先は1か所でも複数でも)")

    places: Annotated[list[Place], Field(min_length=1)] = Field(
        title="訪問先", description="訪問先(複数なら最初の所に「など」)"
    )
    held_at: Name | None = Field(
        default=None, title="開催場所", description="訪問先以外で開いたとき、その場所(於:東京)", examples=["東京"]
    )
    date: When = Field(title="日付", description=_WHEN_TEXT)
    participants: Int | None = Field(default=None, ge=1, title="参加人数", description="参加人数(数字で)", examples=[9])
    text: Paragraphs = Field(title="報告", description="報告の段落")


class Outcome(Record):
    """What the year produced."""

    model_config = _schema("成果", "この年度の成果")

    title: Name = Field(title="成果の名前", description="成果の名前")
    text: Paragraphs = Field(title="段落", description="成果についての段落")


class SuppliedTable(Record):
    """A table the secretariat supplies as it is."""

    model_config = _schema("表", "事務局が用意する表。そのまま報告書に出ます")

    header: list[str] = Field(title="見出し", description="見出しの行(欄の名前のリスト)")
    rows: list[list[str]] = Field(
        default_factory=list, title="行", description="行のリスト。1行は欄のリストで、見出しと同じ数の欄"
    )

    @model_validator(mode="after")
    def _rectangular(self) -> SuppliedTable:
        for i, row in enumerate(self.rows, start=1):
            if len(row) != len(self.header):
                raise InvalidValue(Text("check.row_cells", row=i, cells=len(row), header=len(self.header)),
                                   at=("rows", i - 1))
        return self


class Appendix(Record):
    """An appendix the secretariat supplies: text, a table, or both."""

    model_config = _schema("資料", "事務局が用意する資料: 文、表、またはその両方")

    title: Name = Field(title="資料の題", description="資料の題")
    text: Paragraphs = Field(title="段落", description="資料の段落")
    table: SuppliedTable | None = Field(default=None, title="表", description="資料の表")


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

    @property
    def all_days(self) -> list[date]:
        """Every first and last day of every session and visit."""
        return [d for item in (*self.sessions, *self.visits) for d in item.date.days]

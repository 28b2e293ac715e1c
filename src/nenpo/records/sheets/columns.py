"""The records workbook: which sheets nenpo reads, their column headings, and what each column holds.

One table serves the reader (records/sheets/read.py), the workbook `nenpo new --xlsx` and `nenpo
export --xlsx` write (records/sheets/write.py), the 説明 sheet inside that workbook and the README's
list of headings, so that a heading is spelled, explained and validated in one place.

A workbook holds one sheet per kind: 研修 and 訪問 have one row per session or visit; プログラム,
訪問先 and 写真 have one row per talk, place or photo of the session or visit whose `No.` they
repeat; 名簿 lists people once with their 肩書き, 敬称 and 所属, so a cell names them by name alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

#: How a cell's text becomes a value (records/sheets/cells.py reads and writes each shape).
Shape = Literal[
    "key",         # No.: a whole number naming the row for the sheets that add to it
    "text",        # one line of text
    "number",      # a whole number (回, 参加者数)
    "year",        # a 年度: 2024, or text the model reads (令和6年度, 2024年度, R6)
    "date",        # a date cell, or a date or span typed as the YAML takes it (2024/6/14～15, R6.6.14)
    "time",        # a time cell, or 13:30～16:00
    "choice",      # one of Column.choices
    "yesno",       # はい / いいえ (or an Excel TRUE/FALSE)
    "list",        # several items, one a line or split at 「、」
    "paragraphs",  # one paragraph a line
    "people",      # people, one a line or split at 「、」: 氏名, 氏名敬称, 氏名敬称（所属）
    "venues",      # venues, one a line: 場所 or 場所（施設、施設）
    "places",      # places visited, one a line: 市区町村, 県市区町村 or 県市区町村（施設、施設）
    "extra",       # free fields, one a line: 項目：値
]


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its heading, the record field it fills, and how its cells are read."""

    heading: str
    field: str
    shape: Shape
    #: What the 説明 sheet says of the column (Japanese, one sentence or two).
    note: str
    #: The cell of the example row `nenpo new --xlsx` writes.
    example: object = None
    #: The values a "choice" cell may take, offered as a list in Excel.
    choices: tuple[str, ...] = ()
    #: Column width in Excel's units (about one half-width character).
    width: int = 12


@dataclass(frozen=True)
class SheetKind:
    """A kind of sheet: the list it fills, the sheet names it is known by, and its columns."""

    #: `sessions`, `visits` (lists of the report), or `programme`, `places`, `photos`, `people`.
    name: str
    #: Sheet (or CSV file) names it is read from; the first is the one nenpo writes.
    titles: tuple[str, ...]
    columns: tuple[Column, ...]
    #: The lists (`sessions`, `visits`) whose rows a detail sheet's rows add to, by their No.
    adds_to: tuple[str, ...] = ()
    #: What the 説明 sheet says of the sheet.
    note: str = ""

    def column(self, heading: str) -> Column | None:
        return next((c for c in self.columns if c.heading == heading), None)

    @property
    def headings(self) -> tuple[str, ...]:
        return tuple(c.heading for c in self.columns)


#: Separator of several values in one cell, besides a line end (Alt+Enter in Excel).
LIST_SEPARATOR = "、"
#: Separator of a free field's name and value in an その他 cell.
EXTRA_SEPARATORS = ("：", ":")
#: Text of a yes/no cell.
YES, NO = "はい", "いいえ"
#: A 名簿 敬称 cell that means "no honorific at all" (an empty cell means the template's default).
NO_HONORIFIC = "なし"

_NO = Column("No.", "no", "key", "行の番号。プログラム・訪問先・写真のシートで、どの回・訪問の行かをこの番号で示します"
             "(ブックや CSV がいくつあっても重ならない番号)。ほかのシートを使わなければ空でかまいません", 1, width=6)
_EVENT_HEAD = (
    Column("年度", "fiscal_year", "year", "その回・訪問の年度(例: 2024、令和6年度)。報告書が1年度なら空でかまいません",
           width=8),
    Column("回", "number", "number", "第何回か(第3回なら 3)。回のない行事は空", 1, width=6),
    Column("種類", "kind", "text", "行事の種類(例: 集合研修、講演会、例会、行政視察)", "集合研修"),
    Column("見出し", "heading", "text", "見出しをそのまま決めるとき(例: 令和6年度通常総会)。ふつうは空", width=16),
    Column("題", "title", "text", "題(見出しの「」の中)", "地域の防災を考える", width=30),
    Column("日付", "date", "date", "日付。日付のセルか、2024/6/14、令和6年6月14日、2日間なら 2024/6/14～15",
           "2024-06-14", width=14),
    Column("時刻", "time", "time", "時刻(例: 13:30～16:00)", "13:30～16:00", width=14),
    Column("状況", "status", "choice", "開催・中止・延期(空なら開催)", choices=("開催", "中止", "延期"), width=8),
    Column("中止・延期の理由", "status_note", "text", "中止・延期のときの理由", width=20),
    Column("延期後の日付", "postponed_to", "date", "延期したときの新しい日付", width=14),
    Column("形式", "mode", "choice", "対面・オンライン・ハイブリッド(空なら書きません)",
           choices=("対面", "オンライン", "ハイブリッド"), width=12),
)
_EVENT_TAIL = (
    Column("対象", "audience", "text", "対象(例: 市民、構成市町村職員)"),
    Column("参加者数", "participants", "number", "参加人数(数字だけ。「名」は要りません)", 25, width=10),
    Column("主催", "host", "list", "主催の団体(複数なら改行か「、」で区切る)"),
    Column("共催", "co_host", "list", "共催の団体(複数なら改行か「、」で区切る)"),
    Column("後援", "support", "list", "後援の団体(複数なら改行か「、」で区切る)"),
)
_EXTRA = Column("その他", "extra", "extra", "決まった列にない項目。1行に「項目：値」(例: 受講料：無料)", width=20)

SESSIONS = SheetKind("sessions", ("研修", "回", "sessions"), (
    _NO, *_EVENT_HEAD,
    Column("会場", "venues", "venues", "会場。1行に「場所（施設、施設）」(例: 南陽市（赤湯公民館）)。複数なら改行で",
           "南陽市（赤湯公民館）", width=24),
    Column("講師", "speakers", "people", "講師(演題を分けないとき)。1行に1人「氏名敬称（所属）」(例: 大杉覚教授（首都大学東京）)。"
           "肩書きなどは名簿のシートに", "山田太郎氏（南陽市総務課）", width=24),
    *_EVENT_TAIL,
    Column("まとめ", "summary", "paragraphs", "まとめの文。セルの中の1行が1段落(Alt+Enter で改行)",
           "防災の取組を学びました。", width=40),
    _EXTRA,
), note="1行が1回(研修・会議・講演会など)です。")

VISITS = SheetKind("visits", ("訪問", "視察", "visits"), (
    _NO, *_EVENT_HEAD,
    Column("訪問先", "places", "places", "訪問先。1行に「都道府県市区町村（施設、施設）」(例: 石川県金沢市（金沢市役所）)。"
           "日付・視察項目を訪問先ごとに書くときは訪問先のシートに", "石川県金沢市（金沢市役所）", width=24),
    Column("など", "more_places", "yesno", "書いた訪問先のほかにもあるとき「はい」(「など」が付きます)",
           choices=(YES, NO), width=6),
    Column("開催場所", "held_at", "text", "訪問先以外で開いたとき、その場所(例: 東京)"),
    Column("目的", "purpose", "text", "訪問・視察の目的", width=30),
    Column("団体", "group", "text", "訪問した団体・委員会(例: 総務常任委員会)"),
    Column("メンバー", "members", "people", "訪問したメンバー。1行に1人。肩書き(委員長など)は名簿のシートに", width=20),
    Column("視察項目", "topics", "list", "視察項目(複数なら改行で)", width=24),
    *_EVENT_TAIL,
    Column("報告", "text", "paragraphs", "報告の文。セルの中の1行が1段落", "先進市の取組を学びました。", width=40),
    _EXTRA,
), note="1行が1回の訪問・視察です。")

PROGRAMME = SheetKind("programme", ("プログラム",), (
    Column("No.", "no", "key", "研修のシートの No.(どの回の演題か)", 1, width=6),
    Column("演題", "title", "text", "演題(話の題)。なければ空", "地域防災の基本", width=30),
    Column("講師", "speakers", "people", "講師・話し手。1行に1人「氏名敬称（所属）」", "山田太郎氏（南陽市総務課）", width=24),
), adds_to=("sessions",), note="1行が回のプログラムの1項目(演題と講師)です。書いた順に並びます。")

PLACES = SheetKind("places", ("訪問先",), (
    Column("No.", "no", "key", "訪問のシートの No.(どの訪問の訪問先か)", 1, width=6),
    Column("都道府県", "prefecture", "text", "都道府県(省略できます)", "石川県", width=10),
    Column("市区町村", "municipality", "text", "市区町村", "金沢市", width=14),
    Column("施設", "facilities", "list", "訪ねた施設(複数なら改行か「、」で区切る)", "金沢市役所", width=20),
    Column("日付", "date", "date", "この訪問先を訪ねた日(旅程が何日かにわたるとき)", width=14),
    Column("視察項目", "topics", "list", "この訪問先での視察項目(複数なら改行で)", width=24),
    _EXTRA,
), adds_to=("visits",), note="1行が訪問の訪問先1か所です。訪問のシートの訪問先の列は空にします。")

PHOTOS = SheetKind("photos", ("写真",), (
    Column("No.", "no", "key", "研修か訪問のシートの No.(どの回・訪問の写真か)", 1, width=6),
    Column("ファイル", "path", "text", "画像ファイルの、記録のフォルダからの位置(例: photos/01.jpg)", "photos/01.jpg",
           width=24),
    Column("説明", "caption", "text", "写真の下に出る説明", "グループワークの様子", width=30),
    Column("代わりの文", "alt", "text", "画像が見えない人のための文(省略すると説明と同じ)", width=20),
    Column("撮影・提供", "credit", "text", "撮影者・提供者", width=14),
), adds_to=("sessions", "visits"), note="1行が写真1枚です。書いた順に並びます。")

PEOPLE = SheetKind("people", ("名簿", "講師", "人"), (
    Column("氏名", "name", "text", "氏名。ほかのシートの講師・メンバーの列に書いた氏名と同じに書きます", "山田太郎", width=14),
    Column("敬称", "honorific", "text", f"敬称(氏、教授 など)。空なら報告書の決まり、付けないときは「{NO_HONORIFIC}」",
           "氏", width=8),
    Column("肩書き", "position", "text", "氏名の前に出る肩書き(例: 委員長)", width=12),
    Column("所属", "affiliation", "text", "所属(氏名の後の（）に出ます)", "南陽市総務課", width=30),
), note="講師・メンバーを1人1行で書きます。ほかのシートには氏名だけ書けば、ここの敬称・肩書き・所属が付きます。")

#: Every kind of sheet, in the order nenpo writes them.
KINDS: tuple[SheetKind, ...] = (SESSIONS, VISITS, PROGRAMME, PLACES, PHOTOS, PEOPLE)
#: The sheet of a workbook nenpo writes for people to read, and never reads back.
GUIDE_TITLE = "説明"
#: The lists of the report a main sheet fills.
MAIN_KINDS: tuple[SheetKind, ...] = (SESSIONS, VISITS)


def kind_of_title(title: str) -> SheetKind | None:
    """The kind of sheet a sheet (or CSV file) of this name holds, or None."""
    wanted = title.strip().lower()
    return next((k for k in KINDS if wanted in (t.lower() for t in k.titles)), None)

"""The Japanese filters, run through the real sandboxed environment templates use."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from nenpo.compose.env import environment
from nenpo.compose.labels import Labels
from nenpo.dates import DateStyle
from nenpo.document.model import Paragraph
from nenpo.document.parse import parse
from nenpo.records.model import Person, Span, Venue, Visit

WAREKI_ASCII = DateStyle(ascii_parens=True)
SEIREKI_DOT = DateStyle(calendar="西暦", weekday=False, span_joiner="・")

OSUGI = Person(name="大杉覚", honorific="教授", affiliation="首都大学東京大学院")
MAEGAMI = Person(name="前神有里", affiliation="地域活性化センター人材育成プロデューサー")
KATAGIRI = Person(name="片桐研二")


def markdown(tmp_path: Path, source: str, **context: Any) -> str:
    """The Markdown a template line renders to."""
    return environment(tmp_path).from_string(source).render(**context)


def shown(tmp_path: Path, source: str, **context: Any) -> str:
    """What a reader sees: the rendered line parsed as the document does."""
    blocks = [b for s in parse(markdown(tmp_path, source, **context)) for b in s.blocks]
    assert len(blocks) == 1 and isinstance(blocks[0], Paragraph), blocks
    return blocks[0].text


# --- dates ---------------------------------------------------------------------------------


def test_date_in_wareki_with_full_width_parens_by_default(tmp_path: Path) -> None:
    assert shown(tmp_path, "{{ d|date }}", d=date(2019, 7, 5)) == "令和元年7月5日（金）"


def test_date_follows_the_reports_date_style(tmp_path: Path) -> None:
    assert shown(tmp_path, "{{ d|date }}", d=date(2019, 7, 5), date_style=WAREKI_ASCII) == "令和元年7月5日(金)"
    assert shown(tmp_path, "{{ d|date }}", d=date(2019, 7, 5), date_style=SEIREKI_DOT) == "2019年7月5日"


def test_ascii_parens_are_escaped_in_markdown_but_read_as_parens(tmp_path: Path) -> None:
    assert markdown(tmp_path, "{{ d|date }}", d=date(2019, 7, 5), date_style=WAREKI_ASCII) == "令和元年7月5日\\(金\\)"


def test_span_in_the_same_month(tmp_path: Path) -> None:
    span = Span(start=date(2019, 10, 8), end=date(2019, 10, 9))
    assert shown(tmp_path, "{{ s|date }}", s=span, date_style=WAREKI_ASCII) == "令和元年10月8日(火)から9日(水)"


def test_span_in_seireki_with_a_dot(tmp_path: Path) -> None:
    span = Span(start=date(2012, 5, 26), end=date(2012, 5, 27))
    assert shown(tmp_path, "{{ s|date }}", s=span, date_style=SEIREKI_DOT) == "2012年5月26日・27日"


def test_date_of_a_text_in_the_template(tmp_path: Path) -> None:
    assert shown(tmp_path, "{{ '令和元年10月8日から9日'|date }}") == "令和元年10月8日（火）から9日（水）"


def test_wareki_and_seireki_whatever_the_reports_calendar(tmp_path: Path) -> None:
    day = date(2020, 2, 21)
    assert shown(tmp_path, "{{ d|wareki }}", d=day, date_style=SEIREKI_DOT) == "令和2年2月21日"
    assert shown(tmp_path, "{{ d|seireki }}", d=day, date_style=WAREKI_ASCII) == "2020年2月21日(金)"


def test_nendo_of_a_date_and_of_a_fiscal_year(tmp_path: Path) -> None:
    assert shown(tmp_path, "{{ d|nendo }}", d=date(2020, 2, 21)) == "令和元年度"
    assert shown(tmp_path, "{{ 2019|nendo }}") == "令和元年度"
    assert shown(tmp_path, "{{ 1989|nendo }}") == "平成元年度"
    assert shown(tmp_path, "{{ d|nendo }}", d=date(2020, 2, 21), date_style=SEIREKI_DOT) == "2019年度"


# --- people --------------------------------------------------------------------------------


def test_person_with_affiliation(tmp_path: Path) -> None:
    assert shown(tmp_path, "{{ p|person }}", p=OSUGI) == "大杉覚教授（首都大学東京大学院）"


def test_person_with_affiliation_in_ascii_parens(tmp_path: Path) -> None:
    assert shown(tmp_path, "{{ p|person }}", p=OSUGI, date_style=WAREKI_ASCII) == "大杉覚教授(首都大学東京大学院)"


def test_person_without_affiliation_has_no_parens(tmp_path: Path) -> None:
    assert shown(tmp_path, "{{ p|person }}", p=KATAGIRI) == "片桐研二氏"
    assert shown(tmp_path, "{{ p|person(false) }}", p=OSUGI) == "大杉覚教授"


def test_people_joined_with_the_japanese_comma(tmp_path: Path) -> None:
    assert shown(tmp_path, "{{ ps|people }}", ps=[OSUGI, MAEGAMI, KATAGIRI]) == (
        "大杉覚教授（首都大学東京大学院）、前神有里氏（地域活性化センター人材育成プロデューサー）、片桐研二氏"
    )
    assert shown(tmp_path, "{{ ps|people(false) }}", ps=[OSUGI, MAEGAMI]) == "大杉覚教授、前神有里氏"


def test_markup_in_a_name_stays_text(tmp_path: Path) -> None:
    person = Person(name="*山田*", affiliation="<b>事務局</b>")
    assert shown(tmp_path, "{{ p|person }}", p=person) == "*山田*氏（<b>事務局</b>）"


# --- places --------------------------------------------------------------------------------


def test_venue_with_several_facilities_in_one_pair_of_brackets(tmp_path: Path) -> None:
    venue = Venue(place="南陽市", facilities=["赤湯公民館", "えくぼプラザ"])
    assert shown(tmp_path, "{{ v|venue }}", v=venue) == "南陽市「赤湯公民館、えくぼプラザ」"


def test_venue_without_facilities_is_the_place(tmp_path: Path) -> None:
    assert shown(tmp_path, "{{ v|venue }}", v=Venue(place="東京都港区")) == "東京都港区"


def test_venues_mapped_and_joined_as_the_default_template_does(tmp_path: Path) -> None:
    venues = [Venue(place="南陽市", facilities=["赤湯公民館"]), Venue(place="東京都港区", facilities=["港区役所"])]
    assert shown(tmp_path, '{{ vs|map("venue")|join("、") }}', vs=venues) == "南陽市「赤湯公民館」、東京都港区「港区役所」"


def visit(places: list[dict[str, str]], held_at: str | None = None, more: bool = False) -> Visit:
    return Visit.model_validate({"places": places, "held_at": held_at, "date": "2008-12-14", "text": ["訪問。"],
                                 "more_places": more})


def test_one_place_with_its_prefecture(tmp_path: Path) -> None:
    v = visit([{"prefecture": "岩手県", "municipality": "陸前高田市"}])
    assert shown(tmp_path, "{{ v|places }}", v=v) == "岩手県陸前高田市"
    assert shown(tmp_path, "{{ v.places[0]|place }}", v=v) == "岩手県陸前高田市"


def test_every_place_is_shown(tmp_path: Path) -> None:
    v = visit([{"prefecture": "神奈川県", "municipality": "厚木市"}, {"prefecture": "神奈川県", "municipality": "横浜市"}])
    assert shown(tmp_path, "{{ v|places }}", v=v) == "神奈川県厚木市、神奈川県横浜市"


def test_more_places_than_written_add_nado(tmp_path: Path) -> None:
    v = visit([{"prefecture": "神奈川県", "municipality": "厚木市"}], more=True)
    assert shown(tmp_path, "{{ v|places }}", v=v) == "神奈川県厚木市など"
    labels = Labels({"more_places": "ほか"})
    assert shown(tmp_path, "{{ v|places }}", v=v, labels=labels) == "神奈川県厚木市ほか"


def test_held_elsewhere_adds_o(tmp_path: Path) -> None:
    v = visit([{"prefecture": "長野県", "municipality": "小海町"}], held_at="東京")
    assert shown(tmp_path, "{{ v|places }}", v=v) == "長野県小海町（於：東京）"
    assert shown(tmp_path, "{{ v|places }}", v=v, date_style=WAREKI_ASCII) == "長野県小海町(於：東京)"


def test_several_places_held_elsewhere(tmp_path: Path) -> None:
    v = visit([{"municipality": "厚木市"}, {"municipality": "横浜市"}], held_at="東京", more=True)
    assert shown(tmp_path, "{{ v|places }}", v=v) == "厚木市、横浜市など（於：東京）"


# --- paragraphs and numbers ----------------------------------------------------------------


def test_paragraphs_become_one_paragraph_each_with_markup_as_text(tmp_path: Path) -> None:
    rendered = markdown(tmp_path, "{{ ps|paragraphs }}", ps=["一つ目の *段落*。", "# 二つ目", "三つ目 <br>"])
    blocks = [b for s in parse(rendered) for b in s.blocks]
    assert [type(b) for b in blocks] == [Paragraph, Paragraph, Paragraph]
    assert [b.text for b in blocks] == ["一つ目の *段落*。", "# 二つ目", "三つ目 <br>"]


def test_paragraphs_of_nothing_is_nothing(tmp_path: Path) -> None:
    assert markdown(tmp_path, "{{ ps|paragraphs }}", ps=[]) == ""


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ [1, 2, 4]|join_numbers }}", "1、2、4"),
        ("{{ [3]|join_numbers }}", "3"),
        ("{{ [1, 2]|join_numbers(', ') }}", "1, 2"),
    ],
)
def test_join_numbers(tmp_path: Path, source: str, expected: str) -> None:
    assert shown(tmp_path, source) == expected


def test_nendo_of_a_list_of_years_in_either_calendar(tmp_path: Path) -> None:
    render = environment(tmp_path).from_string(
        '{{ years|nendo }} / {{ years|nendo("西暦") }} / {{ [2019]|nendo("西暦") }}').render
    assert render(years=[2007, 2012], date_style=DateStyle()) == "平成19年度〜平成24年度 / 2007年度〜2012年度 / 2019年度"

"""Every character of the PDF is checked against the fonts first: a missing one is an error at its field.

The premises (which character which installed font lacks) are asserted, so that these tests fail
loudly, not vacuously, if the fonts on the machine change.
"""

from __future__ import annotations

import io
import shutil
import struct
from pathlib import Path

import pytest
from conftest import RECORDS, SAMPLES, write

from nenpo.build import (
    CONTENT_TEMPLATE,
    STYLE_FILE,
    bundled_templates,
    check,
    compose,
    find_template,
)
from nenpo.cli import main
from nenpo.document.model import Document, Metadata, Paragraph, Run, Section
from nenpo.errors import Location, NenpoError
from nenpo.records.load import load_records
from nenpo.style import load_styles
from nenpo.writers.fonts import ResolvedFont, find_font
from nenpo.glyphs import check_glyphs, font_chars, missing_glyphs

HERE = Location(Path("style.yaml"), field="fonts.mincho")
YOSHI = "\U00020BB7"  # 𠮷 (つちよし): in none of IPAex or BIZ UD
RADICAL_PERSON = "\u2f08"  # ⼈ KANGXI RADICAL PERSON (PDF copy-paste for 人): in IPAex, not in BIZ UDゴシック
KUZU_IVS = "葛\U000e0100"  # 葛 with an ideographic variation selector
IPAEX = "IPAex明朝 (ipaexm.ttf) / IPAexゴシック (ipaexg.ttf)"
HINT = "    → ふつうの字に書き換えるか(例: 𠮷 → 吉)、この字のあるフォントを style.yaml の fonts に指定してください。"

REPORT = "report:\n  title: 年報\n  lead:\n    - はじめに。\norganisation:\n  name: 団体\n"
SESSION = (
    "number: 1\n"
    "kind: 集合研修\n"
    "title: {title}\n"
    "date: 2019-07-05\n"
    "summary:\n"
    "  - \"{summary}\"\n"
)


def font(name: str) -> ResolvedFont:
    return find_font(name, [], HERE)


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def records(folder: Path, title: str, summary: str) -> Path:
    write(folder, "report.yaml", REPORT)
    write(folder, "sessions/01.yaml", SESSION.format(title=title, summary=summary))
    return folder


def document(*texts: str) -> Document:
    blocks = tuple(Paragraph((Run(t),)) for t in texts)
    return Document((Section("body", blocks),), Metadata("年報", "団体"))


def message(char: str, code: str, fonts: str = IPAEX) -> str:
    return f"「{char}」({code}) はフォント {fonts} にない字で、PDF では空白になってしまいます。"


# --- the premises ---------------------------------------------------------------------------


def test_the_installed_japanese_fonts_lack_yoshi_but_have_the_common_variants() -> None:
    for name in ("IPAexMincho", "IPAexGothic", "BIZUDMincho", "BIZUDGothic"):
        chars = font_chars(font(name).path)
        assert len(chars) > 10000, name
        assert ord(YOSHI) not in chars, f"{name} now has 𠮷: pick another missing character"
        assert ord("髙") in chars and ord("﨑") in chars and ord("\u3000") in chars, name
        assert 0xE0100 not in chars, name  # variation selectors are never in the character map
    assert ord(RADICAL_PERSON) in font_chars(font("IPAexMincho").path)
    assert ord(RADICAL_PERSON) not in font_chars(font("BIZUDGothic").path)


def _ttc(fonts: list[Path], out: Path) -> Path:
    """A TrueType collection of whole .ttf files (each table offset moved by where its font starts)."""
    datas = [f.read_bytes() for f in fonts]
    header = 12 + 4 * len(datas)
    starts, at = [], header
    for data in datas:
        starts.append(at)
        at += (len(data) + 3) // 4 * 4
    body = bytearray(struct.pack(">4sII", b"ttcf", 0x00010000, len(datas)))
    body += b"".join(struct.pack(">I", s) for s in starts)
    for data, start in zip(datas, starts):
        font_data = bytearray(data)
        (num_tables,) = struct.unpack_from(">H", font_data, 4)
        for i in range(num_tables):
            record = 12 + 16 * i
            (offset,) = struct.unpack_from(">I", font_data, record + 8)
            struct.pack_into(">I", font_data, record + 8, offset + start)
        body += font_data + b"\0" * ((-len(font_data)) % 4)
    out.write_bytes(bytes(body))
    return out


def test_a_ttc_is_read_as_its_first_font_like_the_pdf_writer_does(tmp_path: Path) -> None:
    biz, ipa = font("BIZUDMincho").path, font("IPAexMincho").path
    collection = _ttc([biz, ipa], tmp_path / "pair.ttc")
    assert font_chars(biz) != font_chars(ipa)
    assert font_chars(collection) == font_chars(biz)
    assert find_font(str(collection), [], HERE).path == collection  # accepted as TrueType


# --- from records to the error the user sees -----------------------------------------------------


def test_a_missing_glyph_stops_the_pdf_with_the_character_and_its_field(tmp_path: Path) -> None:
    folder = records(tmp_path / "r", f"{YOSHI}田町で学ぶ", f"講師の{YOSHI}田さんから学びました。")
    out = tmp_path / "out"
    code, stdout, err = run("build", str(folder), "-o", str(out))
    session = folder / "sessions" / "01.yaml"
    assert (code, stdout) == (1, "")
    assert err.splitlines() == [
        f"{session}:3:8: sessions[1].title: {message(YOSHI, 'U+20BB7')}", HINT,
        f"{session}:6:9: sessions[1].summary[1]: {message(YOSHI, 'U+20BB7')}", HINT,
        "2件の誤りがあります。",
    ]
    assert not out.exists()  # nothing written, not even the DOCX

    code, stdout, err = run("build", str(folder), "-o", str(out), "--format", "docx")
    assert (code, err) == (0, "")  # Word substitutes a font for the character itself
    assert [p.name for p in out.iterdir()] == ["r.docx"]


def test_each_character_is_reported_once_per_field(tmp_path: Path) -> None:
    folder = records(tmp_path, f"{YOSHI}と{YOSHI}", f"{YOSHI}{YOSHI}、そして{KUZU_IVS}飾")
    checked = check(folder)
    template = find_template("default")
    styles = load_styles(template / STYLE_FILE)
    doc = compose(checked.report, template, styles)
    fonts = {"mincho": font("IPAexMincho"), "gothic": font("IPAexGothic")}
    problems = missing_glyphs(checked.source, doc, fonts, template / CONTENT_TEMPLATE)
    session = folder / "sessions" / "01.yaml"
    assert [(p.location, p.message.render()) for p in problems] == [
        (Location(session, 3, 8, "sessions[1].title"), message(YOSHI, "U+20BB7")),
        (Location(session, 6, 6, "sessions[1].summary[1]"), message(YOSHI, "U+20BB7")),
        # the selector is shown with its character: the base character alone is what to write
        (Location(session, 6, 12, "sessions[1].summary[1]"), message(KUZU_IVS, "U+845B U+E0100")),
    ]


def test_an_escaped_character_points_at_its_value(tmp_path: Path) -> None:
    folder = records(tmp_path, "題", "前置き \\U00020BB7 の話")  # YAML escape: 𠮷 is not written literally
    checked = check(folder)
    fonts = {"mincho": font("IPAexMincho"), "gothic": font("IPAexGothic")}
    problems = missing_glyphs(checked.source, document(f"前置き {YOSHI} の話"), fonts, tmp_path / CONTENT_TEMPLATE)
    assert [p.location for p in problems] == [Location(folder / "sessions" / "01.yaml", 6, 5, "sessions[1].summary[1]")]


def test_an_invisible_character_the_font_lacks_is_reported_by_its_code(tmp_path: Path) -> None:
    folder = records(tmp_path, "題", "ウェブから\u200bコピーした文")  # a zero-width space: drawn as a box
    checked = check(folder)
    fonts = {"mincho": font("IPAexMincho"), "gothic": font("IPAexGothic")}
    problems = missing_glyphs(checked.source, document("ウェブから\u200bコピーした文"), fonts, tmp_path / CONTENT_TEMPLATE)
    assert [(p.location.line, p.location.column, p.message.render()) for p in problems] == [
        (6, 11, message("\u200b", "U+200B")),  # invisible in the message: the code and column find it
    ]


def test_a_character_missing_only_from_the_gothic_font_names_that_font(tmp_path: Path) -> None:
    folder = records(tmp_path, "研修", f"{RADICAL_PERSON}と{RADICAL_PERSON}の話")  # ⼈ pasted from a PDF
    source = load_records(folder)
    fonts = {"mincho": font("IPAexMincho"), "gothic": font("BIZUDGothic")}
    problems = missing_glyphs(source, document("研修", f"{RADICAL_PERSON}と{RADICAL_PERSON}の話"), fonts,
                              tmp_path / CONTENT_TEMPLATE)
    assert [(p.location, p.message.render()) for p in problems] == [
        (Location(folder / "sessions" / "01.yaml", 6, 6, "sessions[1].summary[1]"),
         message(RADICAL_PERSON, "U+2F08", "BIZ UDゴシック (BIZUDGothic-Regular.ttf)")),
    ]


def test_a_character_written_in_the_template_points_at_the_template(tmp_path: Path) -> None:
    template = tmp_path / "house"
    shutil.copytree(bundled_templates() / "default", template)
    main_file = template / CONTENT_TEMPLATE
    lines = main_file.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.strip() == "{{ labels.toc }}")
    lines[at] = f"目次({YOSHI})\n"
    main_file.write_text("".join(lines), encoding="utf-8")
    folder = records(tmp_path / "r", "研修", "まとめ。")
    code, _, err = run("build", str(folder), "-o", str(tmp_path / "out"), "--template", str(template))
    assert code == 1
    assert err.splitlines()[0] == f"{main_file}:{at + 1}:4: {message(YOSHI, 'U+20BB7')}"


def test_a_character_in_a_label_points_at_the_labels_file(tmp_path: Path) -> None:
    template = tmp_path / "house"
    shutil.copytree(bundled_templates() / "default", template)
    labels = template / "labels.yaml"
    text = labels.read_text(encoding="utf-8").replace("introduction: はじめに", f"introduction: はじめに{YOSHI}")
    labels.write_text(text, encoding="utf-8")
    line = text[:text.index(YOSHI)].count("\n") + 1
    folder = records(tmp_path / "r", "研修", "まとめ。")
    code, _, err = run("build", str(folder), "-o", str(tmp_path / "out"), "--template", str(template))
    assert code == 1
    assert err.splitlines()[0].startswith(f"{labels}:{line}:")


def test_a_character_in_a_records_label_points_at_the_records(tmp_path: Path) -> None:
    folder = records(tmp_path / "r", "研修", "まとめ。")
    report = folder / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8") + f"labels:\n  introduction: はじめに{YOSHI}\n",
                      encoding="utf-8")
    code, _, err = run("build", str(folder), "-o", str(tmp_path / "out"))
    assert code == 1
    assert err.splitlines()[0].startswith(f"{report}:")


def test_the_page_number_format_is_checked_too(tmp_path: Path) -> None:
    template = tmp_path / "house"
    shutil.copytree(bundled_templates() / "default", template)
    style = template / STYLE_FILE
    style.write_text(style.read_text(encoding="utf-8").replace('"- {n} -"', f'"{YOSHI} {{n}}"'), encoding="utf-8")
    styles = load_styles(style)
    checked = check(records(tmp_path / "r", "研修", "まとめ。"))
    with pytest.raises(NenpoError) as info:
        check_glyphs(checked.source, compose(checked.report, template, styles), styles, template / CONTENT_TEMPLATE)
    line = next(i for i, text in enumerate(style.read_text(encoding="utf-8").splitlines(), start=1)
                if text.startswith(f'  page_number: "{YOSHI} {{n}}"'))
    assert [p.location for p in info.value.problems] == [Location(style, line, 16, "page.page_number")]


@pytest.mark.parametrize("name", SAMPLES)
def test_the_samples_have_no_missing_glyph(name: str) -> None:
    checked = check(RECORDS / name)
    template = find_template("default")
    styles = load_styles(template / STYLE_FILE)
    check_glyphs(checked.source, compose(checked.report, template, styles), styles, template / CONTENT_TEMPLATE)


def test_a_latin_font_named_by_mistake_is_one_problem_not_thousands(tmp_path: Path) -> None:
    dejavu = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
    assert dejavu.is_file(), "DejaVu fonts come with LibreOffice and poppler on Debian"
    template = tmp_path / "house"
    shutil.copytree(bundled_templates() / "default", template)
    style = template / STYLE_FILE
    style.write_text(style.read_text(encoding="utf-8").replace("  mincho: [IPAexMincho, BIZ UD明朝, 游明朝, ＭＳ 明朝]", f"  mincho: {dejavu}"),
                     encoding="utf-8")
    code, _, err = run("build", str(RECORDS / "okitama-r1"), "-o", str(tmp_path / "out"), "--template", str(template))
    assert code == 1
    assert err.splitlines() == [
        f"{style}:10:11: fonts.mincho: フォント DejaVu Serif (DejaVuSerif.ttf) は日本語のフォントではないようです(かなや漢字がありません)。",
        "    → style.yaml の fonts に IPAexMincho / IPAexGothic などの日本語のフォントを指定してください。",
        "1件の誤りがあります。",
    ]
    assert not (tmp_path / "out").exists()

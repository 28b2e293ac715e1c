"""A style changed in reference.docx (Word) but not in style.yaml is a warning naming the style and
each setting with both values: the DOCX would follow Word, the PDF style.yaml."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from conftest import RECORDS
from nenpo.build import build, find_template
from nenpo.errors import Problem
from nenpo.reference import reference_differences
from nenpo.style import Styles, load_styles


@pytest.fixture(scope="module")
def built_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A DOCX nenpo built with the default template: its Word styles are style.yaml's."""
    out = tmp_path_factory.mktemp("built")
    return build(RECORDS / "project-k", out, "default", ("docx",)).files[0]


@pytest.fixture
def template(tmp_path: Path) -> Path:
    folder = tmp_path / "tpl"
    shutil.copytree(find_template("default"), folder)
    return folder


def _styles(template: Path) -> Styles:
    return load_styles(template / "style.yaml")


def _save_as_reference(doc: DocxDocument, template: Path) -> None:
    doc.save(str(template / "reference.docx"))


def _where(problem: Problem) -> str:
    return f"{problem.location.file.name}:{problem.location.line}"


def _settings(problem: Problem) -> str:
    """The settings a warning lists, after the sentence naming the style."""
    return problem.message.render().split(": ", 1)[1]


def _style_line(template: Path, name: str) -> int:
    """The line of style.yaml where the style is named (`  Heading 1:`)."""
    lines = (template / "style.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.strip().startswith(f"{name}:"))


def test_a_template_without_reference_docx_has_no_differences(template: Path) -> None:
    assert reference_differences(template, _styles(template)) == []


def test_the_docx_nenpo_built_as_reference_docx_has_no_differences(template: Path, built_docx: Path) -> None:
    shutil.copy(built_docx, template / "reference.docx")
    assert reference_differences(template, _styles(template)) == []


def test_size_colour_and_font_changed_in_word_are_one_warning_a_style(template: Path, built_docx: Path) -> None:
    doc = Document(str(built_docx))
    heading = doc.styles["Heading 1"]
    heading.font.size = Pt(16)
    heading.font.color.rgb = RGBColor(0x1F, 0x38, 0x64)
    doc.styles["Normal"].element.rPr.rFonts.set(qn("w:eastAsia"), "ＭＳ 明朝")
    _save_as_reference(doc, template)

    problems = reference_differences(template, _styles(template))

    assert [p.severity for p in problems] == ["warning", "warning"]
    differs = "reference.docx のスタイル「{}」が style.yaml と違うため、DOCX と PDF で見た目が変わります: "
    assert [p.message.render() for p in problems] == [
        differs.format("Normal") + "フォントは Word ＭＳ 明朝 / PDF IPAex明朝",
        differs.format("Heading 1") + "大きさは Word 16pt / PDF 15pt、色は Word #1F3864 / PDF #000000",
    ]
    assert [_where(p) for p in problems] == [f"style.yaml:{_style_line(template, 'Normal')}",
                                             f"style.yaml:{_style_line(template, 'Heading 1')}"]
    assert "style.yaml" in problems[0].hint.render() and "reference.docx" in problems[0].hint.render()
    assert problems[1].message.render("en").endswith(
        ": size: Word 16pt / PDF 15pt; colour: Word #1F3864 / PDF #000000")


def test_spacing_alignment_bold_and_indents_in_word_units_differ(template: Path, built_docx: Path) -> None:
    doc = Document(str(built_docx))
    fmt = doc.styles["Normal"].paragraph_format
    fmt.space_after = Pt(6)
    fmt.line_spacing = 1.5  # a multiple of lines, where style.yaml gives a fixed leading
    ind = doc.styles["Normal"].element.pPr.find(qn("w:ind"))
    ind.set(qn("w:firstLineChars"), "200")  # Word's 2字, which wins over the twips beside it
    doc.styles["Heading 2"].font.bold = True
    doc.styles["Heading 2"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _save_as_reference(doc, template)

    problems = reference_differences(template, _styles(template))

    assert [_settings(p) for p in problems] == [
        "段落の後の空きは Word 6pt / PDF 0pt、行送りは Word 1.5行 / PDF 18pt、"
        "字下げは Word 2字(21pt) / PDF 1字(10.5pt)",
        "太字は Word あり / PDF なし、揃えは Word 中央揃え / PDF 左揃え",
    ]


def test_values_word_inherits_through_based_on_and_the_theme_are_resolved(template: Path, built_docx: Path) -> None:
    doc = Document(str(built_docx))
    # "cover" keeps no run properties of its own: Word takes Normal's (10.5pt, 明朝); style.yaml says 14pt ゴシック
    cover = doc.styles["cover"].element
    cover.remove(cover.rPr)
    # Heading 2 names the theme's heading font, which nenpo's theme sets to the report's ゴシック: the same
    fonts = doc.styles["Heading 2"].element.rPr.rFonts
    del fonts.attrib[qn("w:eastAsia")]
    fonts.set(qn("w:eastAsiaTheme"), "majorEastAsia")
    _save_as_reference(doc, template)

    problems = reference_differences(template, _styles(template))

    assert [_settings(p) for p in problems] == [
        "フォントは Word IPAex明朝 / PDF IPAexゴシック、大きさは Word 10.5pt / PDF 14pt"]
    assert _where(problems[0]) == f"style.yaml:{_style_line(template, 'cover')}"


def test_a_style_reference_docx_lacks_is_not_reported(template: Path, built_docx: Path) -> None:
    """The DOCX writer makes it from style.yaml, so the two outputs agree."""
    doc = Document(str(built_docx))
    programme = doc.styles["programme"].element
    programme.getparent().remove(programme)
    _save_as_reference(doc, template)
    assert reference_differences(template, _styles(template)) == []


def test_a_reference_docx_that_is_no_word_file_is_left_to_the_docx_writer(template: Path) -> None:
    (template / "reference.docx").write_text("not a zip", encoding="utf-8")
    assert reference_differences(template, _styles(template)) == []


def test_a_reference_docx_made_from_words_own_template_names_each_style_it_carries(template: Path) -> None:
    """A blank Word document (python-docx's template: Word 2010 styles, fonts from a theme naming
    ＭＳ 明朝 / ＭＳ ゴシック) saved as reference.docx."""
    Document().save(str(template / "reference.docx"))

    problems = reference_differences(template, _styles(template))

    # Word's blank document carries these of the style sheet's styles (not cover, programme, TOC 1 …)
    assert [p.location.field for p in problems] == [
        f"paragraphs.{name}" for name in
        ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "TOC Heading", "List", "Caption")]
    assert _settings(problems[0]).startswith("フォントは Word ＭＳ 明朝 / PDF IPAex明朝、大きさは Word 11pt / PDF 10.5pt、")
    assert "行送りは Word 1.15行 / PDF 18pt" in _settings(problems[0])


def test_a_build_with_a_changed_reference_docx_warns_and_still_builds(tmp_path: Path) -> None:
    """Wired into the build: the warning reaches the user with the files, as other warnings do."""
    from docx import Document as open_docx
    from docx.shared import Pt

    from nenpo.build import build, bundled_templates

    template = tmp_path / "tpl"
    shutil.copytree(bundled_templates() / "default", template)
    [made] = build(RECORDS / "project-k", tmp_path / "ref", template, ("docx",)).files
    word = open_docx(str(made))
    word.styles["Heading 1"].font.size = Pt(20)
    word.save(str(template / "reference.docx"))
    built = build(RECORDS / "project-k", tmp_path / "out", template)
    warnings = [str(n.message) for n in built.notices if "reference.docx" in str(n.message)]
    assert len(warnings) == 1 and "「Heading 1」" in warnings[0] and "20pt" in warnings[0]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["project-k.docx", "project-k.pdf"]

"""Where a template's reference.docx and its style.yaml disagree, so the DOCX and the PDF would.

A template may carry `reference.docx`: the DOCX writer then takes the Word styles an editor
changed in Word, while the PDF is always set from `style.yaml`. A style changed in Word alone
would make the two outputs differ silently. Here every paragraph style that style.yaml defines
and reference.docx carries is read back from Word's XML (through `basedOn`, the document
defaults and the theme, as Word resolves it) and compared with style.yaml, setting by setting;
each style that differs becomes one warning naming the settings and both values.

The direction is deliberate: style.yaml stays the one source of the PDF, and the build warns
rather than copying Word's values into the PDF behind the editor's back. The editor decides which
side is right and fixes the other (or deletes reference.docx).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from docx import Document as open_docx
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.styles import BabelFish
from lxml import etree

from nenpo.errors import Location, NenpoError, Problem
from nenpo.messages import Text
from nenpo.style import ParagraphStyle, Styles
from nenpo.writers.docx import REFERENCE_DOCX, _check_reference
from nenpo.writers.fonts import KNOWN_FONTS
from nenpo.writers.layout import resolve_fonts

_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}

#: Word's sizes without any sz in a style's chain or the document defaults (ECMA-376: 10 pt).
_WORD_DEFAULT_SIZE = 10.0
#: Word's spacing unit "1行" where the document has no line grid (beforeLines/afterLines).
_WORD_DEFAULT_LINE = 12.0
#: Points two lengths may differ by and still be one: under a twip (0.05 pt), above float noise.
_SAME_PT = 0.03

_ALIGN_OF_JC = {"left": "left", "start": "left", "center": "center", "right": "right", "end": "right",
                "both": "justify", "distribute": "distribute"}


@dataclass(frozen=True)
class WordStyle:
    """A Word paragraph style with its values resolved as Word shows them (lengths in points)."""

    name: str
    east_asian_font: str | None
    size: float
    color: str | None  # "#RRGGBB", None for Word's 自動 (black)
    bold: bool
    align: str  # left, center, right, justify, distribute, or Word's own value
    space_before: float
    space_after: float
    line_rule: str  # exact, atLeast, auto
    line: float  # points for exact and atLeast, lines for auto
    first_line_indent: float  # negative for a hanging indent
    left_indent: float


def reference_differences(template_dir: Path, styles: Styles) -> list[Problem]:
    """One warning for each style that style.yaml defines and the template's reference.docx sets
    otherwise (font, size, colour, bold, alignment, spacing, line spacing, indents); none when the
    template has no reference.docx, or one the DOCX writer will refuse (it reports that itself)."""
    path = template_dir / REFERENCE_DOCX
    if not path.is_file():
        return []
    try:
        _check_reference(path)
        doc = open_docx(str(path))
    except Exception:  # noqa: BLE001 - too large, or no .docx: the DOCX writer reports it
        return []
    word = read_word_styles(doc)
    fonts = _pdf_fonts(styles)
    problems: list[Problem] = []
    for name, pdf in styles.paragraphs.items():
        if name not in word:
            continue  # the DOCX writer makes it from style.yaml
        settings = list(_differences(word[name], pdf, fonts))
        if settings:
            problems.append(Problem(
                Text("reference.differs", file=path.name, name=name, settings=_listed(settings)),
                _where(styles, name), Text("reference.differs_hint", file=path.name), severity="warning"))
    return problems


def _where(styles: Styles, name: str) -> Location:
    """The line of style.yaml that names the style (where the PDF's side of it is written)."""
    found = styles.lines.locate_key(("paragraphs", name))
    return found if found.file is not None else styles.locate("paragraphs", name)


# --- reading Word's styles -------------------------------------------------------------------

def read_word_styles(doc: DocxDocument) -> dict[str, WordStyle]:
    """Every paragraph style of a Word document by the name Word shows (Heading 1, not heading 1)."""
    root = doc.styles.element
    by_id = {s.get(qn("w:styleId")): s for s in root.iterchildren(qn("w:style"))}
    defaults = root.find(qn("w:docDefaults"))
    theme = _theme_fonts(doc)
    pitch = _line_pitch(doc)
    found: dict[str, WordStyle] = {}
    for style in by_id.values():
        if style.get(qn("w:type")) != "paragraph":
            continue
        name_el = style.find(qn("w:name"))
        name = BabelFish.internal2ui(name_el.get(qn("w:val")) if name_el is not None else "")
        if name:
            found[name] = _resolve(name, list(_chain(style, by_id, defaults)), theme, pitch)
    return found


def _chain(style: etree._Element, by_id: dict[str | None, etree._Element],
           defaults: etree._Element | None) -> Iterator[etree._Element]:
    """The style, what it is based on up to the root, then the document defaults: nearest first.
    Each is yielded as an element holding w:pPr and w:rPr (docDefaults keeps them one level down)."""
    seen: set[int] = set()
    current: etree._Element | None = style
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        based = current.find(qn("w:basedOn"))
        current = by_id.get(based.get(qn("w:val"))) if based is not None else None
    if defaults is not None:
        for tag in ("w:pPrDefault", "w:rPrDefault"):
            if (holder := defaults.find(qn(tag))) is not None:
                yield holder


def _first(chain: list[etree._Element], path: str, attrs: tuple[str, ...]) -> etree._Element | None:
    """The nearest element at `path` (w:rPr/w:sz …) that carries any of `attrs` (or exists, for ())."""
    for level in chain:
        el = level.find(path, namespaces=_NS)
        if el is not None and (not attrs or any(el.get(qn(a)) is not None for a in attrs)):
            return el
    return None


def _number(el: etree._Element | None, attr: str) -> float | None:
    """An attribute as a number, None when absent or unreadable."""
    if el is None or (value := el.get(qn(attr))) is None:
        return None
    try:
        return float(value)
    except ValueError:
        return None


def _on(el: etree._Element | None) -> bool:
    """A toggle (w:b …): present and not switched off."""
    return el is not None and el.get(qn("w:val"), "true") not in ("0", "false", "off")


def _resolve(name: str, chain: list[etree._Element], theme: dict[str, str], pitch: float) -> WordStyle:
    size = (_number(_first(chain, "w:rPr/w:sz", ("w:val",)), "w:val") or _WORD_DEFAULT_SIZE * 2) / 2
    color = _first(chain, "w:rPr/w:color", ("w:val",))
    colour = color.get(qn("w:val")) if color is not None else "auto"
    jc = _first(chain, "w:pPr/w:jc", ("w:val",))
    jc_value = jc.get(qn("w:val")) if jc is not None else "left"
    line_rule, line = _line(chain)
    return WordStyle(
        name=name,
        east_asian_font=_east_asian_font(chain, theme),
        size=size,
        color=None if colour.lower() == "auto" else f"#{colour.upper()}",
        bold=_on(_first(chain, "w:rPr/w:b", ())),
        align=_ALIGN_OF_JC.get(jc_value, jc_value),
        space_before=_space(chain, "before", pitch),
        space_after=_space(chain, "after", pitch),
        line_rule=line_rule,
        line=line,
        first_line_indent=_first_line(chain, size),
        left_indent=_left(chain, size),
    )


def _east_asian_font(chain: list[etree._Element], theme: dict[str, str]) -> str | None:
    """The font Word sets Japanese in: the nearest w:eastAsiaTheme (looked up in the theme) or
    w:eastAsia; None when nothing in the chain names one."""
    fonts = _first(chain, "w:rPr/w:rFonts", ("w:eastAsiaTheme", "w:eastAsia"))
    if fonts is None:
        return None
    if (slot := fonts.get(qn("w:eastAsiaTheme"))) is not None:
        return theme.get(slot) or fonts.get(qn("w:eastAsia"))
    return fonts.get(qn("w:eastAsia"))


def _space(chain: list[etree._Element], side: str, pitch: float) -> float:
    """Space before or after in points; Word's 行 units (beforeLines) win over points when set."""
    spacing = _first(chain, "w:pPr/w:spacing", (f"w:{side}", f"w:{side}Lines"))
    lines = _number(spacing, f"w:{side}Lines")
    if lines:
        return lines / 100 * pitch
    return (_number(spacing, f"w:{side}") or 0.0) / 20


def _line(chain: list[etree._Element]) -> tuple[str, float]:
    """Line spacing: ("exact" | "atLeast", points) or ("auto", lines); Word's default is 1 line."""
    spacing = _first(chain, "w:pPr/w:spacing", ("w:line", "w:lineRule"))
    value = _number(spacing, "w:line")
    rule = (spacing.get(qn("w:lineRule")) if spacing is not None else None) or "auto"
    if value is None:
        return "auto", 1.0
    return (rule, value / 20) if rule in ("exact", "atLeast") else ("auto", value / 240)


def _first_line(chain: list[etree._Element], size: float) -> float:
    """The first line's indent in points, negative when hanging. Word's 字 units (firstLineChars,
    hundredths of a 字) win over twips when not zero; a 字 is the style's size, as in style.yaml."""
    ind = _first(chain, "w:pPr/w:ind", ("w:firstLine", "w:hanging", "w:firstLineChars", "w:hangingChars"))
    if ind is None:
        return 0.0
    if hanging_chars := _number(ind, "w:hangingChars"):
        return -hanging_chars / 100 * size
    if (hanging := _number(ind, "w:hanging")) is not None:
        return -hanging / 20
    if first_chars := _number(ind, "w:firstLineChars"):
        return first_chars / 100 * size
    return (_number(ind, "w:firstLine") or 0.0) / 20


def _left(chain: list[etree._Element], size: float) -> float:
    """The left indent in points, from 字 units (leftChars, startChars) when not zero, else twips."""
    ind = _first(chain, "w:pPr/w:ind", ("w:left", "w:start", "w:leftChars", "w:startChars"))
    if ind is None:
        return 0.0
    if chars := (_number(ind, "w:leftChars") or _number(ind, "w:startChars")):
        return chars / 100 * size
    twips = _number(ind, "w:left")
    return (twips if twips is not None else (_number(ind, "w:start") or 0.0)) / 20


def _theme_fonts(doc: DocxDocument) -> dict[str, str]:
    """The theme's fonts by the names rFonts uses for them (majorEastAsia, minorHAnsi …). A theme
    with no ea typeface names its Japanese face in <a:font script="Jpan">, which Word then uses."""
    found: dict[str, str] = {}
    for rel in doc.part.rels.values():
        if rel.reltype != RELATIONSHIP_TYPE.THEME or rel.is_external:
            continue
        root = etree.fromstring(rel.target_part.blob)
        for scheme, prefix in (("majorFont", "major"), ("minorFont", "minor")):
            for el in root.iter(f"{{{_A}}}{scheme}"):
                latin, ea = el.find(f"{{{_A}}}latin"), el.find(f"{{{_A}}}ea")
                jpan = next((f.get("typeface") for f in el.iter(f"{{{_A}}}font") if f.get("script") == "Jpan"), None)
                if latin is not None and latin.get("typeface"):
                    found[f"{prefix}HAnsi"] = found[f"{prefix}Ascii"] = latin.get("typeface")
                if (east := (ea.get("typeface") if ea is not None else None) or jpan):
                    found[f"{prefix}EastAsia"] = east
    return found


def _line_pitch(doc: DocxDocument) -> float:
    """Points in Word's spacing unit 行: the line grid's pitch, or 12 pt with no line grid."""
    sect = doc.element.body.find(qn("w:sectPr"))
    grid = sect.find(qn("w:docGrid")) if sect is not None else None
    pitch = _number(grid, "w:linePitch")
    if grid is None or grid.get(qn("w:type")) in (None, "default") or not pitch:
        return _WORD_DEFAULT_LINE
    return pitch / 20


# --- comparing with style.yaml ---------------------------------------------------------------

@dataclass(frozen=True)
class _PdfFont:
    """A PDF font as the DOCX writer names it in Word, and every name Word may know it by."""

    shown: str
    names: frozenset[str]  # casefolded

    def same(self, word_name: str | None) -> bool:
        return word_name is not None and word_name.casefold() in self.names


def _pdf_fonts(styles: Styles) -> dict[str, _PdfFont] | None:
    """The PDF's font of each role (明朝, ゴシック), with a known font's other names (IPAex明朝 is
    IPAexMincho to Word too). None when a font is not found: the build reports that itself, and
    fonts are then not compared."""
    try:
        resolved = resolve_fonts(styles)
    except NenpoError:
        return None
    fonts: dict[str, _PdfFont] = {}
    for role, font in resolved.items():
        names = {font.word_name, *font.aliases}
        for known in KNOWN_FONTS:
            if known.key == font.key:
                names |= {known.word_name, *known.names}
        fonts[role] = _PdfFont(font.word_name, frozenset(n.casefold() for n in names))
    return fonts


def _half_points(size: float) -> float:
    """A size as the DOCX writer stores it (whole half points, as python-docx cuts them)."""
    return int(Pt(size).pt * 2) / 2


def _twips(points: float) -> float:
    """A length as the DOCX writer stores it (whole twips), in points."""
    return Pt(points).twips / 20


def _pt(value: float) -> str:
    """A length or size as people write it: 16pt, 10.5pt, 0pt."""
    return f"{round(value, 2):g}pt"


#: One differing setting: its name, Word's value, the PDF's (style.yaml's) value.
_Setting = tuple[Text, str | Text, str | Text]


def _differences(word: WordStyle, pdf: ParagraphStyle, fonts: dict[str, _PdfFont] | None) -> Iterator[_Setting]:
    """Each setting in which the Word style differs from the style.yaml one, with both values. A
    style.yaml value is compared as the DOCX writer would store it (whole half points and twips),
    so that only a change made in Word shows."""
    if fonts is not None and not fonts[pdf.font].same(word.east_asian_font):
        yield (Text("reference.font"), word.east_asian_font or Text("reference.not_set"), fonts[pdf.font].shown)
    if abs(word.size - _half_points(pdf.size)) > _SAME_PT:
        yield (Text("reference.size"), _pt(word.size), _pt(pdf.size))
    if (word.color or "#000000") != pdf.color.upper():
        yield (Text("reference.color"), word.color or Text("reference.auto"), pdf.color.upper())
    if word.bold:
        yield (Text("reference.bold"), Text("reference.on"), Text("reference.off"))
    if word.align != pdf.align:
        yield (Text("reference.align"), _align(word.align), _align(pdf.align))
    if abs(word.space_before - _twips(pdf.space_before)) > _SAME_PT:
        yield (Text("reference.space_before"), _pt(word.space_before), _pt(pdf.space_before))
    if abs(word.space_after - _twips(pdf.space_after)) > _SAME_PT:
        yield (Text("reference.space_after"), _pt(word.space_after), _pt(pdf.space_after))
    if word.line_rule == "auto" or abs(word.line - _twips(pdf.leading)) > _SAME_PT:
        yield (Text("reference.leading"), _word_line(word), _pt(pdf.leading))
    if abs(word.first_line_indent - _twips(pdf.first_line_indent * pdf.size)) > _SAME_PT:
        yield (Text("reference.first_line_indent"), _indent(word.first_line_indent, word.size),
               _indent(pdf.first_line_indent * pdf.size, pdf.size))
    if abs(word.left_indent - _twips(pdf.left_indent * pdf.size)) > _SAME_PT:
        yield (Text("reference.left_indent"), _indent(word.left_indent, word.size),
               _indent(pdf.left_indent * pdf.size, pdf.size))


def _listed(settings: list[_Setting]) -> Text:
    """The settings in one phrase (大きさは Word 16pt / PDF 15pt、色は …), each language joining
    them its own way: a setting after the first is written by the key that begins with the
    separator, and each holds the rest of the list in {more}."""
    more: str | Text = ""
    for label, word, pdf in reversed(settings[1:]):
        more = Text("reference.setting_more", setting=label, word=word, pdf=pdf, more=more)
    label, word, pdf = settings[0]
    return Text("reference.setting", setting=label, word=word, pdf=pdf, more=more)


_ALIGN_TEXT = {
    "left": Text("reference.align_left"),
    "center": Text("reference.align_center"),
    "right": Text("reference.align_right"),
    "justify": Text("reference.align_justify"),
    "distribute": Text("reference.align_distribute"),
}


def _align(value: str) -> str | Text:
    """An alignment in words (左揃え); one Word has and style.yaml lacks as Word names it."""
    return _ALIGN_TEXT.get(value, value)


def _word_line(word: WordStyle) -> str | Text:
    if word.line_rule == "auto":
        return Text("reference.lines", lines=f"{round(word.line, 2):g}")
    if word.line_rule == "atLeast":
        return Text("reference.at_least", value=_pt(word.line))
    return _pt(word.line)


def _indent(points: float, size: float) -> Text:
    """An indent in 字 of the style's own size, with its points: 1字(10.5pt)."""
    return Text("reference.chars", chars=f"{round(points / size, 2):g}", points=_pt(points))

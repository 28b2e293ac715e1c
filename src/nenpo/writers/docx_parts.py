"""The parts of a .docx beside its body, made to name only what the style sheet says.

python-docx starts from a template of its own: a theme whose Japanese fonts are ＭＳ 明朝 and
ＭＳ ゴシック, about 160 styles carrying theme fonts, theme colours and borders (Title's blue rule),
linked character styles (Heading 1 Char …) that point at the theme, a Word 2010 copy of all of
them (stylesWithEffects.xml) and a font table listing fonts the report never uses. Left so, an
editor who applies Heading 1 to a few words, or adds a style in Word, gets ＭＳ 明朝 in blue.

Here the theme names the report's 明朝 (minor, body) and ゴシック (major, headings), the linked
character styles copy their paragraph style's look, the styles nobody uses are dropped (Word knows
its built-in styles and adds them from the theme when an editor uses one), and the font table
lists the report's two fonts.
"""

from __future__ import annotations

import copy

from docx.document import Document as DocxDocument
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
_THEME = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"
_FONT_TABLE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable"


def _related(doc: DocxDocument, reltype: str) -> tuple[str, Part] | None:
    """The main document's part of a relationship type, with its id."""
    for rid, rel in doc.part.rels.items():
        if rel.reltype == reltype and not rel.is_external:
            return rid, rel.target_part
    return None


def set_theme_fonts(doc: DocxDocument, mincho: str, gothic: str) -> None:
    """The theme's heading (major) font is the report's ゴシック, its body (minor) font the 明朝, for
    Latin and Japanese alike, as Japanese Word's own theme does (游ゴシック Light / 游明朝)."""
    found = _related(doc, _THEME)
    if found is None:
        return
    part = found[1]
    root = etree.fromstring(part.blob)
    for tag, font in (("majorFont", gothic), ("minorFont", mincho)):
        for scheme in root.iter(f"{{{_A}}}{tag}"):
            for child in scheme:
                name = etree.QName(child).localname
                if name in ("latin", "ea") or (name == "font" and child.get("script") == "Jpan"):
                    child.set("typeface", font)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def set_font_table(doc: DocxDocument, fonts: tuple[str, ...]) -> None:
    """The font table lists the report's fonts only (Word adds any other a reader's edit uses)."""
    found = _related(doc, _FONT_TABLE)
    if found is None:
        return
    entries = "".join(
        f'<w:font w:name="{name}"><w:charset w:val="80"/><w:family w:val="{family}"/>'
        f'<w:pitch w:val="variable"/></w:font>'
        for name, family in zip(fonts, ("roman", "modern"), strict=False))
    xml = f'<w:fonts {nsdecls("w")}>{entries}</w:fonts>'
    found[1]._blob = etree.tostring(etree.fromstring(xml), xml_declaration=True, encoding="UTF-8",
                                    standalone=True)


def drop_styles_with_effects(doc: DocxDocument) -> None:
    """Word 2010's second copy of every style (stylesWithEffects.xml), which Word 2013 and later
    neither write nor need: left in, it would keep python-docx's fonts and colours beside ours."""
    found = _related(doc, _STYLES_WITH_EFFECTS)
    if found is not None:
        doc.part.drop_rel(found[0])


def _style_id_of(element: etree._Element, tag: str) -> str | None:
    child = element.find(qn(tag))
    return child.get(qn("w:val")) if child is not None else None


def link_character_styles(doc: DocxDocument) -> None:
    """Each linked character style (Heading 1 Char …) takes its paragraph style's look, as Word
    keeps them: a few words given Heading 1 look like Heading 1."""
    root = doc.styles.element
    by_id = {s.get(qn("w:styleId")): s for s in root.iterchildren(qn("w:style"))}
    for style in by_id.values():
        if style.get(qn("w:type")) != "paragraph":
            continue
        linked = by_id.get(_style_id_of(style, "w:link") or "")
        if linked is None or linked.get(qn("w:type")) != "character":
            continue
        old = linked.find(qn("w:rPr"))
        if old is not None:
            linked.remove(old)
        rpr = style.find(qn("w:rPr"))
        if rpr is not None:
            linked.append(copy.deepcopy(rpr))


def prune_styles(doc: DocxDocument, keep: set[str]) -> None:
    """Drop every style that is neither named in `keep` (by its name as Word shows it) nor a
    default, nor what a kept style is based on, links to or is followed by."""
    root = doc.styles.element
    styles = list(root.iterchildren(qn("w:style")))
    by_id = {s.get(qn("w:styleId")): s for s in styles}
    wanted = {s.get(qn("w:styleId")) for s in styles
              if s.get(qn("w:default")) == "1" or _name(s) in keep}
    todo = list(wanted)
    while todo:
        style = by_id.get(todo.pop())
        if style is None:
            continue
        for tag in ("w:basedOn", "w:link", "w:next"):
            ref = _style_id_of(style, tag)
            if ref and ref not in wanted and ref in by_id:
                wanted.add(ref)
                todo.append(ref)
    for style in styles:
        if style.get(qn("w:styleId")) not in wanted:
            root.remove(style)


def _name(style: etree._Element) -> str:
    """A style's name as Word shows it (python-docx's template spells built-ins in lower case)."""
    from docx.styles import BabelFish

    return BabelFish.internal2ui(_style_id_of(style, "w:name") or "")


def reset_style(element: etree._Element) -> None:
    """Empty a style's paragraph and run properties, keeping only its outline level (what makes a
    heading a heading in Word's navigation and 目次), so that nothing of python-docx's template
    (borders, theme colours, character spacing, keep-lines) survives under the style sheet's values."""
    ppr = element.find(qn("w:pPr"))
    if ppr is not None:
        for child in list(ppr):
            if child.tag != qn("w:outlineLvl"):
                ppr.remove(child)
    rpr = element.find(qn("w:rPr"))
    if rpr is not None:
        element.remove(rpr)


def reset_paragraph_defaults(doc: DocxDocument) -> None:
    """No space after and single line spacing for a paragraph with no style of ours (python-docx's
    template adds 10 pt after each paragraph and 1.15 lines); an opening bracket at a line's head set
    half-width (w:topLinePunct, Word's 行頭の約物を半角にする), as the PDF sets it flush (JLReq 3.1.5)."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is None:
        return
    old = defaults.find(qn("w:pPrDefault"))
    if old is not None:
        defaults.remove(old)
    defaults.append(parse_xml(f"<w:pPrDefault {nsdecls('w')}><w:pPr><w:topLinePunct/></w:pPr></w:pPrDefault>"))

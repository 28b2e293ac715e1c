"""The whole pipeline: records folder → typed report → Markdown → document model → files.

    load_records → validate → template_context → render → parse → render_docx / render_pdf → commit

Every requested format is rendered to bytes before any file is touched; the files then replace the
previous ones together. `check_report` runs the same pipeline and stores nothing.

A build is a pure function of (records folder, template, options): no clock, no network, no
global state, so many reports can be built in parallel processes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from nenpo.atomic import Busy, exclusive, replaced_together
from nenpo.bundled import templates_folder
from nenpo.compose.context import template_context, year_label
from nenpo.compose.env import render
from nenpo.compose.figures import FigureRegistry
from nenpo.compose.labels import labels_for
from nenpo.document.model import Document, Heading, Metadata, Paragraph, Table
from nenpo.document.parse import parse
from nenpo.document.plan import near_columns
from nenpo.errors import Location, NenpoError, Problem
from nenpo.messages import Text
from nenpo.records.load import Source, load_records
from nenpo.records.model import Report
from nenpo.records.validate import validate
from nenpo.style import Styles, load_styles
from nenpo.writers import WRITERS, extension, renderer

if TYPE_CHECKING:
    from nenpo.parallel import DocxBeside

CONTENT_TEMPLATE = "report.md.j2"
STYLE_FILE = "style.yaml"


@dataclass(frozen=True)
class Built:
    """The files a build wrote, and the notices (warnings) to show the user."""

    files: list[Path]
    notices: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class Checked:
    """A validated report and the notices (warnings) found on the way."""

    report: Report
    notices: list[Problem] = field(default_factory=list)
    #: The records as loaded, with the position of every value, for problems found after validation.
    source: Source = field(default_factory=lambda: Source({}))


def bundled_templates() -> Path:
    """The folder of templates shipped with nenpo: `templates/` at the top of the repository, which
    the wheel carries inside the package (nenpo.bundled finds either)."""
    return templates_folder()


def find_template(name_or_dir: str | Path) -> Path:
    """A template folder: a path, a name under ./templates/, or a bundled template's name."""
    path = Path(name_or_dir)
    candidates = [path, Path.cwd() / "templates" / path, bundled_templates() / path]
    for folder in candidates:
        if (folder / CONTENT_TEMPLATE).is_file():
            return folder
    names = sorted(p.name for p in bundled_templates().iterdir() if (p / CONTENT_TEMPLATE).is_file())
    raise NenpoError.single(
        Text("template.missing", name=name_or_dir),
        Location(path),
        Text("template.missing_hint", file=CONTENT_TEMPLATE, names=", ".join(names)),
    )


def check(records_dir: Path, template: str | Path | None = None) -> Checked:
    """Load and validate a records folder, and with a template the wording its records override
    (`labels:`); raises NenpoError with every problem found."""
    source = load_records(records_dir)
    validated = validate(source)
    if template is not None:
        labels_for(find_template(template), validated.report.labels, source)
    return Checked(validated.report, validated.warnings, source)


def _column_of(origin: Location | None, style: str) -> Location:
    """Where the template names a style a block is set in: the block's own template line (`{.name}`
    on it), or the nearest `::: name` above it in the same file that opens its container."""
    if origin is None or origin.file is None or origin.line is None:
        return origin or Location()
    try:
        lines = origin.file.read_text(encoding="utf-8").splitlines()[:origin.line]
    except (OSError, UnicodeDecodeError):
        return origin
    pattern = re.compile(rf"\{{\.{re.escape(style)}\}}|^\s*:::\s*{re.escape(style)}\s*$")
    for number in range(len(lines), 0, -1):
        if m := pattern.search(lines[number - 1]):
            return Location(origin.file, number, m.start() + 1)
    return origin


def compose(report: Report, template_dir: Path, styles: Styles, source: Source | None = None) -> Document:
    """Render the template for a report (with its wording: the template's labels and the report's
    overrides, which `source` locates) and parse it into the document model."""
    labels = labels_for(template_dir, report.labels, source or Source({}))
    root = source.files[0].parent if source and source.files else Path.cwd()
    registry = FigureRegistry(root, styles, "({})" if report.report.dates.ascii_parens else "（{}）")
    context = template_context(report, labels) | {"figure_registry": registry}
    rendered = render(template_dir, CONTENT_TEMPLATE, context)
    sections = parse(rendered.markdown, rendered.origin, registry.figures, styles.figures.per_row)
    blocks = [b for s in sections for b in s.blocks if isinstance(b, (Paragraph, Table, Heading))]
    named = {b.style: b.origin for b in reversed(blocks) if b.style is not None}  # first use of each
    unknown = sorted(set(named) - set(styles.paragraphs))
    if unknown:
        raise NenpoError([
            Problem(Text("template.unknown_style", name=name), _column_of(named[name], name),
                    Text("template.unknown_style_hint"))
            for name in unknown
        ])
    info = report.report
    label = year_label(report)
    metadata = Metadata(
        title=f"{label} {info.title}".strip(),
        author=report.organisation.name,
        subject=report.theme.title if report.theme else (info.subtitle or ""),
        created=info.issued,
    )
    return Document(tuple(sections), metadata)


@dataclass(frozen=True)
class Prepared:
    """A report ready for its writers: the checked records, the template and its styles, and the
    document model composed from them."""

    checked: Checked
    template_dir: Path
    styles: Styles
    document: Document


def _formats_known(formats: tuple[str, ...]) -> None:
    if not formats:
        raise NenpoError.single(Text("build.no_format"), hint=Text("build.choose_format", names=", ".join(WRITERS)))
    unknown = [f for f in formats if f not in WRITERS]
    if unknown:
        raise NenpoError.single(Text("build.unknown_format", names=", ".join(unknown)),
                                hint=Text("build.choose_format", names=", ".join(WRITERS)))


def prepare(records_dir: Path, template: str | Path = "default", formats: tuple[str, ...] = tuple(WRITERS)) -> Prepared:
    """Records checked, template found, styles loaded, document composed, and, for a PDF, every
    character of it checked against the PDF's fonts (Word substitutes a font for a missing
    character itself; ReportLab would draw a blank)."""
    checked = check(records_dir)  # the labels are checked by compose, against the same template
    template_dir = find_template(template)
    styles = load_styles(template_dir / STYLE_FILE)
    document = compose(checked.report, template_dir, styles, checked.source)
    checked = replace(checked, notices=[*checked.notices, *near_columns(document, styles)])
    if "pdf" in formats:
        from nenpo.glyphs import check_glyphs

        check_glyphs(checked.source, document, styles, template_dir / CONTENT_TEMPLATE)
    if "docx" in formats or "pdf" in formats:  # a Word style the PDF does not follow would go unseen
        from nenpo.reference import reference_differences

        differences = reference_differences(template_dir, styles)
        checked = replace(checked, notices=[*checked.notices, *differences])
    return Prepared(checked, template_dir, styles, document)


def render_all(prepared: Prepared, formats: tuple[str, ...]) -> dict[str, bytes]:
    """Every requested format's bytes, in the order asked; a writer that fails stops them all,
    before any file is touched.

    The DOCX's 目次 shows the page numbers of the PDF's layout, so the PDF is laid out for it, once:
    when a PDF is asked for too, its bytes are that same layout's, and where the machine allows it
    the DOCX is written in a second process meanwhile (parallel.py; the same bytes). For a DOCX
    alone, a PDF that cannot be laid out leaves the 目次's numbers to Word, which fills them in on
    opening."""
    from dataclasses import replace

    document, styles = prepared.document, prepared.styles
    beside = _docx_beside(document, styles, formats)  # first: the child imports its writer meanwhile

    from nenpo.writers.pdf import PdfLayout, lay_out, render_pdf

    layout: PdfLayout | None = None
    outputs: dict[str, bytes] = {}
    try:
        if beside is not None:  # the DOCX is written in a second process while the PDF is laid out
            layout = lay_out(document, styles)
            outputs["docx"] = beside.finish(layout.toc_pages)
    finally:
        if beside is not None:
            beside.abandon()
    for fmt in formats:
        if fmt in outputs:
            continue
        render = renderer(fmt)
        if fmt == "pdf" and render is render_pdf:
            layout = layout or lay_out(document, styles)
            outputs[fmt] = layout.data
        elif fmt == "docx":
            if layout is None:
                try:
                    layout = lay_out(document, styles)
                except NenpoError:
                    if "pdf" in formats:
                        raise
            pages = layout.toc_pages if layout else None
            outputs[fmt] = render(replace(document, toc_pages=pages), styles)
        else:
            outputs[fmt] = render(document, styles)
    return {fmt: outputs[fmt] for fmt in formats}


def _docx_beside(document: Document, styles: Styles, formats: tuple[str, ...]) -> DocxBeside | None:
    """The DOCX started in a second process, when both the DOCX and the PDF are asked for and the
    machine allows it (parallel.py); None to render them one after the other."""
    from nenpo import writers
    from nenpo.parallel import DocxBeside, can_fork

    if renderer is not writers.renderer:
        return None  # the writers replaced (by a test): each rendered here, as asked
    if not ({"docx", "pdf"} <= set(formats) and can_fork()):
        return None
    try:
        return DocxBeside(document, styles)
    except OSError:  # the system would not fork now: one after the other, as on Windows
        return None


def check_report(
    records_dir: Path, template: str | Path = "default", formats: tuple[str, ...] = tuple(WRITERS)
) -> Checked:
    """The whole build, every writer included, storing nothing: what `nenpo check` runs, so that it
    never says 問題ありません of records that `nenpo build` would then refuse."""
    _formats_known(formats)
    prepared = prepare(records_dir, template, formats)
    render_all(prepared, formats)
    return prepared.checked


def build(
    records_dir: Path,
    out_dir: Path = Path("out"),
    template: str | Path = "default",
    formats: tuple[str, ...] = ("docx", "pdf"),
) -> Built:
    """Build the report of a records folder into OUT/<folder>.<format>; nothing is written on error."""
    _formats_known(formats)
    if out_dir.exists() and not out_dir.is_dir():
        raise NenpoError.single(Text("build.out_not_folder", path=out_dir), Location(out_dir),
                                Text("build.out_not_folder_hint"))
    prepared = prepare(records_dir, template, formats)
    name = records_name(records_dir)
    targets = [out_dir / f"{name}.{extension(fmt)}" for fmt in formats]
    _refuse_overwriting_inputs(targets, [*prepared.checked.source.files, *template_files(prepared.template_dir)])
    outputs = render_all(prepared, formats)
    try:
        with exclusive(out_dir / f".{name}.lock"), replaced_together(targets) as staged:
            for fmt, path in zip(formats, staged, strict=True):
                _store(path, outputs[fmt])
    except Busy:
        raise NenpoError.single(Text("build.busy", name=name), Location(out_dir), Text("build.busy_hint")) from None
    return Built(targets, prepared.checked.notices)


def _store(path: Path, data: bytes) -> None:
    """One rendered file's bytes into its staged path (replaced over the output with the others)."""
    path.write_bytes(data)


def template_files(template_dir: Path) -> list[Path]:
    """The files of a template folder a build reads: templates, style, Word reference, fonts."""
    return [path for path in template_dir.rglob("*")
            if path.suffix.lower() in (".j2", ".yaml", ".ttf", ".ttc", ".docx") and "out" not in path.parts]


def _refuse_overwriting_inputs(targets: list[Path], inputs: list[Path]) -> None:
    """An output that would replace a records, template or style file (`nenpo build out/r.pdf -o out`
    with records saved as r.pdf) is refused before anything is written."""
    read = {path.resolve() for path in inputs}
    clashes = [target for target in targets if target.resolve() in read]
    if clashes:
        raise NenpoError([Problem(Text("build.output_is_input"), Location(target), Text("build.output_is_input_hint"))
                          for target in clashes])


def records_name(records: Path) -> str:
    """The output name of a records folder (its folder name), or of a single records file (its stem)."""
    resolved = records.resolve()
    return resolved.stem if resolved.is_file() else resolved.name

"""The whole pipeline: records folder → typed report → Markdown → document model → files.

    load_records → validate → template_context → render → parse → write_docx / write_pdf

A build is a pure function of (records folder, template, options): no clock, no network, no
global state, so many reports can be built in parallel processes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from nenpo.compose.context import template_context, year_label
from nenpo.compose.env import render
from nenpo.document.model import Document, Heading, Metadata, Paragraph, Table
from nenpo.document.parse import parse
from nenpo.errors import Location, NenpoError, Problem
from nenpo.records.load import load_records
from nenpo.records.model import Report
from nenpo.records.validate import validate
from nenpo.style import Styles, load_styles
from nenpo.writers.docx import write_docx
from nenpo.writers.pdf import write_pdf

CONTENT_TEMPLATE = "report.md.j2"
STYLE_FILE = "style.yaml"
WRITERS: dict[str, Callable[[Document, Styles, Path], Path]] = {"docx": write_docx, "pdf": write_pdf}


@dataclass(frozen=True)
class Checked:
    """A validated report and the notices (warnings) found on the way."""

    report: Report
    notices: list[Problem] = field(default_factory=list)


def bundled_templates() -> Path:
    """The folder of templates shipped inside the package."""
    return Path(str(resources.files("nenpo") / "templates"))


def find_template(name_or_dir: str | Path) -> Path:
    """A template folder: a path, a name under ./templates/, or a bundled template's name."""
    path = Path(name_or_dir)
    candidates = [path, Path.cwd() / "templates" / path, bundled_templates() / path]
    for folder in candidates:
        if (folder / CONTENT_TEMPLATE).is_file():
            return folder
    names = sorted(p.name for p in bundled_templates().iterdir() if (p / CONTENT_TEMPLATE).is_file())
    raise NenpoError.single(
        f"テンプレート「{name_or_dir}」が見つかりません。",
        Location(path),
        f"{CONTENT_TEMPLATE} のあるフォルダか、テンプレート名({'、'.join(names)})を指定してください。",
    )


def check(records_dir: Path) -> Checked:
    """Load and validate a records folder; raises NenpoError with every problem found."""
    source = load_records(records_dir)
    return Checked(validate(source), source.notices)


def compose(report: Report, template_dir: Path, styles: Styles) -> Document:
    """Render the template for a report and parse it into the document model."""
    markdown = render(template_dir, CONTENT_TEMPLATE, template_context(report))
    rendered = template_dir / CONTENT_TEMPLATE
    sections = parse(markdown, rendered)
    used = {b.style for s in sections for b in s.blocks if isinstance(b, (Paragraph, Table))}
    used |= {b.style for s in sections for b in s.blocks if isinstance(b, Heading) and b.style}
    unknown = sorted(used - set(styles.paragraphs))
    if unknown:
        raise NenpoError([
            Problem(f"スタイル「{name}」が style.yaml にありません。", Location(styles.source, field="paragraphs"),
                    "style.yaml の paragraphs に定義するか、テンプレートの {.名前} を直してください。")
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


def build(
    records_dir: Path,
    out_dir: Path = Path("out"),
    template: str | Path = "default",
    formats: tuple[str, ...] = ("docx", "pdf"),
) -> list[Path]:
    """Build the report of a records folder; returns the files written (OUT/<folder>.<format>)."""
    unknown = [f for f in formats if f not in WRITERS]
    if unknown:
        raise NenpoError.single(f"出力形式「{'、'.join(unknown)}」は作れません。",
                                hint=f"{', '.join(WRITERS)} から選んでください。")
    checked = check(records_dir)
    template_dir = find_template(template)
    styles = load_styles(template_dir / STYLE_FILE)
    document = compose(checked.report, template_dir, styles)
    name = records_dir.resolve().name
    return [WRITERS[fmt](document, styles, out_dir / f"{name}.{fmt}") for fmt in formats]

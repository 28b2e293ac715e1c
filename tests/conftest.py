"""Shared fixtures: the two samples built once per session, and readers for what a user sees."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path

import pytest

from nenpo.build import build

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "records"
SEEDS = Path(__file__).resolve().parent / "fixtures" / "seeds"
SAMPLES = ("okitama-r1", "project-k")

# The suite's own cache folder (compiled templates, parsed fonts), inherited by the nenpo processes
# the tests start: nothing is written to the user's ~/.cache, and no run depends on an earlier one.
os.environ.setdefault("NENPO_CACHE_DIR", tempfile.mkdtemp(prefix="nenpo-test-cache-"))
_FOOTER = re.compile(r"^\s*-\s*\d+\s*-\s*$", re.MULTILINE)


def normalise(text: str) -> str:
    """NFKC with every white space removed: how a reader compares text, ignoring layout."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def write(folder: Path, name: str, text: str) -> Path:
    """Write a small UTF-8 file (records, templates) for a test, creating its folders."""
    return write_bytes(folder, name, text.encode("utf-8"))


def write_bytes(folder: Path, name: str, raw: bytes) -> Path:
    """Write a file's exact bytes (a BOM, CP932, UTF-16) for a test, creating its folders."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    return path


def lines_in_order(expected: list[str], printed: str) -> list[str]:
    """The expected lines not found, in the given order, as parts of lines of `printed` (empty when
    all are): how the bad-input and template-error corpora compare messages."""
    lines = printed.splitlines()
    missing, at = [], 0
    for want in expected:
        found = next((i for i in range(at, len(lines)) if want in lines[i]), None)
        if found is None:
            missing.append(want)
        else:
            at = found + 1
    return missing


def pdf_pages(pdf: Path) -> list[str]:
    """The text of each page as pdftotext reads it (what a reader's viewer shows)."""
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True)
    pages = out.stdout.decode("utf-8").split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def pdf_body_text(pdf: Path) -> str:
    """All the text of a PDF without the page-number footers (which split sentences across pages)."""
    return "\n".join(_FOOTER.sub("", page) for page in pdf_pages(pdf))


def docx_text(path: Path) -> str:
    """Every paragraph and table cell of a .docx, in document order."""
    from docx import Document

    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def pdffonts(pdf: Path) -> list[dict[str, str]]:
    """Rows of `pdffonts`: name, type, emb, sub."""
    out = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        cols = line.split()
        # name type [type…] encoding emb sub uni object ID
        rows.append({"name": cols[0], "emb": cols[-5], "sub": cols[-4], "uni": cols[-3]})
    return rows


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    """Both samples built once with the default template: {sample: {"pdf": path, "docx": path}}."""
    out = tmp_path_factory.mktemp("out")
    result: dict[str, dict[str, Path]] = {}
    for name in SAMPLES:
        paths = build(RECORDS / name, out).files
        result[name] = {p.suffix[1:]: p for p in paths}
    return result


@pytest.fixture(scope="session")
def libreoffice_pdfs(built: dict[str, dict[str, Path]], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each sample's DOCX converted to PDF by LibreOffice, as an editor's Word would render it."""
    soffice = shutil.which("libreoffice") or shutil.which("soffice")
    assert soffice, "LibreOffice is required (bash scripts/test installs libreoffice-writer-nogui)"
    out = tmp_path_factory.mktemp("lo")
    profile = tmp_path_factory.mktemp("lo-profile")
    docs = [str(built[name]["docx"]) for name in SAMPLES]
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(out), *docs],
        check=True, capture_output=True, timeout=300,
    )
    return {name: out / f"{name}.pdf" for name in SAMPLES}

"""A font file is parsed once per process and, across runs, loaded from the cache folder; the PDF
is the same byte for byte whichever way its fonts came, and a font replaced on disk is read again."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.pdfbase import ttfonts

from conftest import RECORDS, write
from nenpo.build import build, find_template
from nenpo.writers import pdf_fonts
from nenpo.writers.pdf_fonts import loaded

ROOT = Path(__file__).resolve().parents[2]


def _build_pdf(out: Path, cache: Path | str, records: Path = RECORDS / "okitama-r1", *extra: str) -> bytes:
    """The sample's PDF built by a fresh `nenpo` process with this cache folder ("" turns it off)."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(out), "NENPO_CACHE_DIR": str(cache),
           "PYTHONPATH": str(ROOT / "src")}
    subprocess.run([sys.executable, "-m", "nenpo", "build", str(records), "-o", str(out), "--format", "pdf", *extra],
                   check=True, env=env, capture_output=True)
    return (out / f"{records.name}.pdf").read_bytes()


def test_the_pdf_is_the_same_with_no_cache_an_empty_one_and_a_filled_one(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    without = _build_pdf(tmp_path / "a", "")
    first = _build_pdf(tmp_path / "b", cache)
    entries = sorted((cache / "fonts").iterdir())
    assert len(entries) == 2  # IPAex明朝 and IPAexゴシック, each stored once
    again = _build_pdf(tmp_path / "c", cache)
    assert without == first == again
    assert sorted((cache / "fonts").iterdir()) == entries


def test_each_font_file_is_parsed_once_per_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NENPO_CACHE_DIR", str(tmp_path / "cache"))
    pdf_fonts._loaded.cache_clear()
    parsed: list[str] = []
    original = ttfonts.TTFontFile.__init__

    def counting(self, file, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        parsed.append(str(file))
        return original(self, file, *args, **kwargs)

    monkeypatch.setattr(ttfonts.TTFontFile, "__init__", counting)
    for out in ("a", "b"):  # the glyph check and the PDF, twice
        build(RECORDS / "okitama-r1", tmp_path / out, formats=("pdf",))
    assert sorted(Path(p).name for p in parsed) == ["ipaexg.ttf", "ipaexm.ttf"]
    pdf_fonts._loaded.cache_clear()  # as a new process: the fonts come from the cache folder
    build(RECORDS / "okitama-r1", tmp_path / "c", formats=("pdf",))
    assert len(parsed) == 2


def test_a_damaged_entry_is_parsed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NENPO_CACHE_DIR", str(tmp_path / "cache"))
    pdf_fonts._loaded.cache_clear()
    path = next(Path("/usr/share/fonts").rglob("ipaexm.ttf"))
    good = loaded(path)
    (entry,) = (tmp_path / "cache" / "fonts").iterdir()
    for junk in (b"", b"not a pickle", entry.read_bytes()[:1000]):
        entry.write_bytes(junk)
        pdf_fonts._loaded.cache_clear()
        again = loaded(path)
        assert again.face.charToGlyph == good.face.charToGlyph and again.face.glyphPos == good.face.glyphPos


def test_a_font_file_replaced_on_disk_is_read_again_in_the_same_process(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A long-running `nenpo watch`: the template's font file is swapped for another font."""
    monkeypatch.setenv("NENPO_CACHE_DIR", str(tmp_path / "cache"))
    template = tmp_path / "t"
    shutil.copytree(find_template("default"), template)
    fonts = template / "fonts"
    fonts.mkdir()
    ipaex, bizud = (next(Path("/usr/share/fonts").rglob(name)) for name in ("ipaexm.ttf", "BIZUDMincho-Regular.ttf"))
    shutil.copy(ipaex, fonts / "body.ttf")
    style = template / "style.yaml"
    style.write_text(style.read_text(encoding="utf-8").replace("mincho: [IPAexMincho, BIZ UD明朝, 游明朝, ＭＳ 明朝]", "mincho: fonts/body.ttf"),
                     encoding="utf-8")
    assert "fonts/body.ttf" in style.read_text(encoding="utf-8")
    records = tmp_path / "r"
    write(records, "report.yaml", "report:\n  title: 年報\n  lead:\n    - はじめに。\norganisation:\n  name: 団体\n")
    first = build(records, tmp_path / "a", template, ("pdf",)).files[0].read_bytes()
    shutil.copy(bizud, fonts / "body.ttf")
    second = build(records, tmp_path / "b", template, ("pdf",)).files[0].read_bytes()
    assert b"IPAexMincho" in first and b"IPAexMincho" not in second
    assert b"BIZUDMincho" in second

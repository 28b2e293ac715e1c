"""Records as people really save and type them still give the same report.

The samples re-saved by Windows tools (Shift_JIS with CRLF, UTF-8 with a BOM) must build to the
same text as the originals, and record text that looks like template or markup syntax must come
out verbatim in both formats, never interpreted.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import RECORDS, docx_text, normalise, pdf_body_text, write

from nenpo.build import build

SAVED_AS = {
    # Windows writes the wave dash 〜 as CP932's 0x8160, which Python decodes as ～ (U+FF5E).
    "cp932-crlf": lambda text: text.replace("\n", "\r\n").encode("cp932"),
    "utf8-bom": lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"),
    "utf8-bom-crlf": lambda text: b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"),
}


def _resave(sample: str, target: Path, encode) -> Path:  # noqa: ANN001 - a value of SAVED_AS
    """Copy a sample's records, every YAML file re-encoded the way a Windows tool saves it."""
    folder = target / sample
    shutil.copytree(RECORDS / sample, folder)
    for file in folder.rglob("*.yaml"):
        file.write_bytes(encode(file.read_text(encoding="utf-8")))
    return folder


@pytest.mark.parametrize("saved_as", list(SAVED_AS))
@pytest.mark.parametrize("sample", ["okitama-r1", "project-k"])
def test_a_resaved_sample_builds_to_the_same_text(
    sample: str, saved_as: str, built: dict[str, dict[str, Path]], tmp_path: Path
) -> None:
    folder = _resave(sample, tmp_path / "records", SAVED_AS[saved_as])
    result = build(folder, tmp_path / "out")
    pdf, docx = sorted(result.files, key=lambda p: p.suffix, reverse=True)
    assert pdf_body_text(pdf) == pdf_body_text(built[sample]["pdf"])
    assert docx_text(docx) == docx_text(built[sample]["docx"])
    if saved_as.startswith("cp932"):
        assert result.notices and all("Shift_JIS (CP932)" in str(n.message) for n in result.notices)
    else:
        assert result.notices == []


TRICKY = [
    "{{ report.title }}",
    "{% for x in sessions %}繰り返し{% endfor %}",
    "<script>alert('年報')</script>",
    "*強調ではない* と **太字でもない**",
    "# 見出しではない",
    "| 表 | ではない |",
    "1. 番号付きの箇条書きではない",
    "[リンク](https://example.jp) でもない",
    "\\ バックスラッシュ と `コード` と ~~取り消し~~",
    "::: cover",
    "---",
]


def test_text_that_looks_like_markup_comes_out_verbatim(tmp_path: Path) -> None:
    quoted = [s.replace("\\", "\\\\").replace('"', '\\"') for s in TRICKY]
    lead = "".join(f'    - "{s}"\n' for s in quoted)
    write(tmp_path / "r", "report.yaml", (
        "report:\n"
        f'  title: "{quoted[0]}"\n'
        "  lead:\n" + lead +
        "organisation:\n  name: 団体\n"
        "sessions:\n  - number: 1\n    kind: 研修\n"
        f'    title: "{quoted[2]}"\n'
        "    date: 2019-07-05\n    summary:\n" + lead
    ))
    pdf, docx = sorted(build(tmp_path / "r", tmp_path / "out").files, key=lambda p: p.suffix, reverse=True)
    pdf_text, docx_all = normalise(pdf_body_text(pdf)), normalise(docx_text(docx))
    for text in TRICKY:
        assert normalise(text) in pdf_text, text
        assert normalise(text) in docx_all, text

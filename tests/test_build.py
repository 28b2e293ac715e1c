"""End to end: both model documents from records to DOCX and PDF, read back as a reader would.

The expectations come from the seed documents themselves (tests/fixtures/seeds/), not from our
records, so a sentence lost or reworded anywhere on the way fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import SEEDS, docx_text, normalise, pdf_body_text, pdf_pages

_HONORIFIC = re.compile(r"(氏|准教授|教授)$")
_SEED002_HEADING = re.compile(r"^.+\d{4}年\d{1,2}月\d{1,2}日(・\d{1,2}日)?$")


def _bracketed(text: str, start: int) -> tuple[str, int]:
    """The text inside the 「」 that opens at `start`, and the index after its closing bracket."""
    depth = 0
    for i in range(start, len(text)):
        depth += {"「": 1, "」": -1}.get(text[i], 0)
        if depth == 0:
            return text[start + 1 : i], i + 1
    raise AssertionError(f"unbalanced 「」 in {text!r}")


def seed_expectations(name: str) -> dict[str, list[str]]:
    """What a reader must find: sentences, talk titles, names and dates as the seed writes them."""
    lines = [line.strip() for line in (SEEDS / f"{name}.txt").read_text(encoding="utf-8").splitlines()]
    found: dict[str, list[str]] = {"sentences": [], "titles": [], "names": [], "dates": []}
    for line in lines:
        found["sentences"] += [s.strip() for s in re.findall(r"[^。]*。", line) if s.strip()]
        if line.startswith("〇月日"):
            found["dates"].append(line.removeprefix("〇月日").strip())
        elif line.startswith("〇「"):
            title, end = _bracketed(line, 1)
            found["titles"].append(title)
            for speaker in line[end:].split("、"):
                found["names"].append(_HONORIFIC.sub("", re.sub(r"\(.*?\)$", "", speaker)))
        elif name == "project-k" and _SEED002_HEADING.match(line):
            found["dates"].append(line)
    return found


@pytest.mark.parametrize("name", ["okitama-r1", "project-k"])
def test_seed_expectations_are_substantial(name: str) -> None:
    """Guard the guard: the extraction finds what the seeds hold."""
    found = seed_expectations(name)
    if name == "okitama-r1":
        assert len(found["sentences"]) >= 35
        assert len(found["titles"]) == 18
        assert "大杉覚" in found["names"] and "坂倉杏介" in found["names"]
        assert found["dates"] == ["令和元年7月5日(金)", "令和元年10月8日(火)から9日(水)",
                                  "令和元年11月13日(水)", "令和2年2月21日(金)"]
    else:
        assert len(found["sentences"]) >= 80
        assert len(found["dates"]) == 11
        assert "神奈川県厚木市(於:東京)2008年9月21日" in found["dates"]


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("name", ["okitama-r1", "project-k"])
def test_every_sentence_title_name_and_date_of_the_seed_is_in_the_output(
    built: dict[str, dict[str, Path]], name: str, fmt: str
) -> None:
    path = built[name][fmt]
    text = normalise(pdf_body_text(path) if fmt == "pdf" else docx_text(path))
    for kind, items in seed_expectations(name).items():
        missing = [item for item in items if normalise(item) not in text]
        assert not missing, f"{kind} missing from {path.name}: {missing[:3]}"


def _toc_entries(page: str) -> list[tuple[str, int]]:
    entries = []
    for line in page.splitlines():
        if m := re.match(r"^\s*(\S.*?)[\s.]*\.\s*(\d+)\s*$", line):
            entries.append((normalise(m[1]).rstrip("."), int(m[2])))
    return entries


@pytest.mark.parametrize("name", ["okitama-r1", "project-k"])
def test_toc_page_numbers_are_where_the_headings_land(built: dict[str, dict[str, Path]], name: str) -> None:
    pages = pdf_pages(built[name]["pdf"])
    assert "目次" in pages[1]
    entries = _toc_entries(pages[1])
    assert len(entries) >= 4
    for title, number in entries:
        # The printed number is the physical page minus the cover: page index `number` (0-based).
        lines = [normalise(line) for line in pages[number].splitlines()]
        assert any(line.startswith(title) for line in lines), f"{title} is not on page - {number} -"
        earlier = [normalise(line) for p in pages[2:number] for line in p.splitlines()]
        assert not any(line.startswith(title) and line == title for line in earlier), title

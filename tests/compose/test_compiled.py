"""Compiled templates are reused within a process and across runs, and never when stale."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import Environment

from nenpo.compose import compiled
from nenpo.compose.compiled import COMPILED
from nenpo.compose.env import render
from tests.conftest import write


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of the test's own, and no compiled template left in memory."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("NENPO_CACHE_DIR", str(folder))
    monkeypatch.setattr(COMPILED, "_memory", {})
    return folder


def _no_compiling(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled again")

    monkeypatch.setattr(Environment, "compile", refuse)


def test_a_later_run_uses_the_template_compiled_by_an_earlier_one(cache: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    templates = tmp_path / "t"
    write(templates, "report.md.j2", "# {{ title }}\n{% include 'part.md.j2' %}")
    write(templates, "part.md.j2", "{% for x in items %}- {{ x }}\n{% endfor %}")
    first = render(templates, "report.md.j2", {"title": "年報", "items": ["一", "二"]}).markdown
    assert len(list((cache / "templates").iterdir())) == 2
    COMPILED._memory.clear()  # as a new process: only the cache folder is left
    _no_compiling(monkeypatch)
    again = render(templates, "report.md.j2", {"title": "年報", "items": ["一", "二"]})
    assert again.markdown == first == "# 年報\n- 一\n- 二\n"
    assert again.origin(2) is not None and again.origin(2).line == 1  # lines still traced to the partial


def test_an_edited_template_is_compiled_afresh(cache: Path, tmp_path: Path) -> None:
    templates = tmp_path / "t"
    write(templates, "report.md.j2", "旧 {{ title }}\n")
    assert render(templates, "report.md.j2", {"title": "年報"}).markdown == "旧 年報\n"
    write(templates, "report.md.j2", "新 {{ title }}\n")
    assert render(templates, "report.md.j2", {"title": "年報"}).markdown == "新 年報\n"
    COMPILED._memory.clear()
    assert render(templates, "report.md.j2", {"title": "年報"}).markdown == "新 年報\n"


def test_the_work_budget_still_holds_for_a_template_from_the_cache(cache: Path, tmp_path: Path) -> None:
    """The counting the sandbox compiles into a template survives the round trip through the cache."""
    from nenpo.errors import NenpoError

    templates = tmp_path / "t"
    write(templates, "report.md.j2", "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}")
    for _ in range(2):
        with pytest.raises(NenpoError):
            render(templates, "report.md.j2", {})
        COMPILED._memory.clear()


def test_a_damaged_or_foreign_entry_is_compiled_again(cache: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    templates = tmp_path / "t"
    write(templates, "report.md.j2", "{{ title }}\n")
    render(templates, "report.md.j2", {"title": "一"})
    (entry,) = (cache / "templates").iterdir()
    entry.write_bytes(b"not a compiled template")
    COMPILED._memory.clear()
    assert render(templates, "report.md.j2", {"title": "二"}).markdown == "二\n"
    # Another nenpo's code generator (a different salt) never reads this one's entries.
    monkeypatch.setattr(compiled, "_salt", lambda: "another-nenpo")
    COMPILED._memory.clear()
    assert render(templates, "report.md.j2", {"title": "三"}).markdown == "三\n"
    assert len(list((cache / "templates").iterdir())) == 2


@pytest.mark.parametrize("setting", ["file", "off"])
def test_a_cache_folder_that_cannot_be_used_only_costs_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            setting: str) -> None:
    blocker = write(tmp_path, "a-file", "")  # a file where the folder should be
    monkeypatch.setenv("NENPO_CACHE_DIR", str(blocker) if setting == "file" else "")
    monkeypatch.setattr(COMPILED, "_memory", {})
    templates = tmp_path / "t"
    write(templates, "report.md.j2", "{{ title }}\n")
    assert render(templates, "report.md.j2", {"title": "年報"}).markdown == "年報\n"
    assert blocker.read_text() == ""

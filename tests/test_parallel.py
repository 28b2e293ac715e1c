"""Both formats at once: the DOCX written in a forked child while the PDF is laid out gives the same
bytes as one after the other, and a failure on either side ends both, with the failure reported."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

import nenpo.writers.docx as docx_writer
import nenpo.writers.pdf as pdf_writer
from conftest import RECORDS
from nenpo import parallel
from nenpo.build import prepare, render_all
from nenpo.errors import Location, NenpoError
from nenpo.messages import Text

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="fork is what this tests; Windows has none")


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The children forked, counted; fork allowed whatever the machine's cores."""
    made: list[int] = []
    real = os.fork

    def counting() -> int:
        pid = real()
        if pid:
            made.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", counting)
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda _: {0, 1}, raising=False)
    return made


def _no_children_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


@pytest.mark.parametrize("records", ["okitama-r1", "koza-series"])
def test_the_docx_written_beside_is_the_docx_written_after(forks: list[int], records: str,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    prepared = prepare(RECORDS / records, "default", ("docx", "pdf"))
    together = render_all(prepared, ("docx", "pdf"))
    assert len(forks) == 1 and _no_children_left()
    monkeypatch.setattr(parallel, "can_fork", lambda: False)
    apart = render_all(prepared, ("docx", "pdf"))
    assert len(forks) == 1
    assert together == apart  # the 目次's numbers included: they reach the child from the PDF


def test_a_pdf_that_fails_ends_the_child_and_is_reported(forks: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    prepared = prepare(RECORDS / "okitama-r1", "default", ("docx", "pdf"))

    def refuse(*args: object) -> None:
        raise NenpoError.single(Text("pdf.does_not_fit", text="表", width="1", height="1"), Location(None))

    monkeypatch.setattr(pdf_writer, "lay_out", refuse)
    with pytest.raises(NenpoError) as raised:
        render_all(prepared, ("docx", "pdf"))
    assert raised.value.problems[0].message.key == "pdf.does_not_fit"
    assert len(forks) == 1 and _no_children_left()


def test_a_docx_that_fails_in_the_child_is_reported_here(forks: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    prepared = prepare(RECORDS / "okitama-r1", "default", ("docx", "pdf"))

    def refuse(*args: object, **kwargs: object) -> bytes:
        raise NenpoError.single(Text("font.broken", path="x.ttf"), Location(Path("style.yaml"), 3),
                                Text("font.broken_hint"))

    monkeypatch.setattr(docx_writer, "render_docx", refuse)
    with pytest.raises(NenpoError) as raised:
        render_all(prepared, ("docx", "pdf"))
    (problem,) = raised.value.problems
    assert problem.message.key == "font.broken" and problem.location == Location(Path("style.yaml"), 3)
    assert len(forks) == 1 and _no_children_left()


def test_a_bug_in_the_child_is_nenpos_own_failure(forks: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    prepared = prepare(RECORDS / "okitama-r1", "default", ("docx", "pdf"))

    def crash(*args: object, **kwargs: object) -> bytes:
        raise ValueError("壊れた")

    monkeypatch.setattr(docx_writer, "render_docx", crash)
    with pytest.raises(RuntimeError, match="ValueError: 壊れた"):
        render_all(prepared, ("docx", "pdf"))
    assert _no_children_left()


def test_one_format_or_another_thread_or_a_worker_renders_here(forks: list[int],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    prepared = prepare(RECORDS / "okitama-r1", "default", ("docx", "pdf"))
    render_all(prepared, ("pdf",))
    render_all(prepared, ("docx",))
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not parallel.can_fork()  # a fork would copy only this thread
    finally:
        stop.set()
        other.join()
    assert parallel.can_fork()
    import multiprocessing

    monkeypatch.setattr(multiprocessing, "parent_process", lambda: object())
    assert not parallel.can_fork()  # a batch worker: the other cores build other reports
    monkeypatch.undo()
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda _: {0}, raising=False)
    assert not parallel.can_fork()
    assert forks == []


def test_a_fork_the_system_refuses_leaves_the_build_to_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    prepared = prepare(RECORDS / "okitama-r1", "default", ("docx", "pdf"))
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda _: {0, 1}, raising=False)

    def refuse() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refuse)
    before = len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else None
    outputs = render_all(prepared, ("docx", "pdf"))
    assert outputs["pdf"].startswith(b"%PDF") and outputs["docx"].startswith(b"PK")
    if before is not None:
        assert len(os.listdir("/proc/self/fd")) == before  # its pipes closed again

"""Both formats at once: the DOCX written in a second process while this one lays out the PDF.

The DOCX needs only one thing from the PDF's layout, the page numbers of the 目次, and those are
written last (render_docx's `late_pages`). So where the operating system can fork (Linux, macOS) and
there is a second core, a build of both formats forks a child from the composed document; the child
writes the DOCX up to the 目次's numbers while this process lays out the PDF, receives the numbers,
and sends its bytes back. A 400-page year takes about a fifth less time on two cores.

One after the other, as before, where fork is missing (Windows), in a batch worker (the cores are
busy with other reports already), or while other threads run (a fork copies only the calling one, and
a lock another thread held would never be released in the child). The bytes are the same either way.
"""

from __future__ import annotations

import gc
import os
import pickle
import threading
from typing import NoReturn

from nenpo.document.model import Document
from nenpo.errors import NenpoError
from nenpo.style import Styles


def can_fork() -> bool:
    """Whether the DOCX may be written in a forked child beside this process."""
    if not hasattr(os, "fork") or threading.active_count() != 1:
        return False
    import multiprocessing  # the standard library's own test of "am I a worker process"

    if multiprocessing.parent_process() is not None:
        return False
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return cores > 1


class _Abandoned(Exception):
    """The parent gave up before sending the 目次's numbers (its PDF failed): nothing to send back."""


class DocxBeside:
    """A DOCX being written in a forked child: `finish(pages)` gives its bytes, `abandon()` ends it."""

    def __init__(self, document: Document, styles: Styles) -> None:
        self._pages_in, self._pages_out = os.pipe()
        self._result_in, self._result_out = os.pipe()
        gc.freeze()  # the child's collector leaves the inherited objects alone: no copying them on write
        try:
            self.pid = os.fork()
        except OSError:  # no process to spare (a limit on processes or memory): the caller goes on alone
            gc.unfreeze()
            for fd in (self._pages_in, self._pages_out, self._result_in, self._result_out):
                os.close(fd)
            raise
        if self.pid == 0:
            self._child(document, styles)
        gc.unfreeze()
        os.close(self._pages_in)
        os.close(self._result_out)
        self._open = True

    def _child(self, document: Document, styles: Styles) -> NoReturn:
        result: tuple[str, object] | None
        try:
            os.close(self._pages_out)
            os.close(self._result_in)
            from nenpo.writers.docx import render_docx

            result = ("docx", render_docx(document, styles, late_pages=self._receive_pages))
        except _Abandoned:
            result = None
        except NenpoError as exc:
            result = ("problems", exc.problems)
        except BaseException as exc:  # noqa: BLE001 - reported by the parent as nenpo's own failure
            result = ("failed", f"{type(exc).__name__}: {exc}")
        try:
            if result is not None:
                with os.fdopen(self._result_out, "wb") as out:
                    pickle.dump(result, out, protocol=pickle.HIGHEST_PROTOCOL)
        finally:
            os._exit(0)  # nothing of the parent's (buffers, atexit, temporary files) is the child's to end

    def _receive_pages(self) -> tuple[str, ...] | None:
        with os.fdopen(self._pages_in, "rb") as incoming:
            data = incoming.read()
        if not data:
            raise _Abandoned
        pages: tuple[str, ...] | None = pickle.loads(data)
        return pages

    def finish(self, pages: tuple[str, ...] | None) -> bytes:
        """Send the 目次's page numbers and wait for the DOCX; its NenpoError is raised here."""
        self._open = False
        try:
            with os.fdopen(self._pages_out, "wb") as out:
                pickle.dump(pages, out)
        except BrokenPipeError:  # the child failed before it needed them: its result says why
            pass
        with os.fdopen(self._result_in, "rb") as back:
            data = back.read()
        os.waitpid(self.pid, 0)
        kind, value = pickle.loads(data) if data else ("failed", "the DOCX process ended without a result")
        if kind == "problems":
            raise NenpoError(value)  # type: ignore[arg-type]
        if kind == "failed":
            raise RuntimeError(value)
        assert isinstance(value, bytes)
        return value

    def abandon(self) -> None:
        """End the child without its DOCX (the PDF failed, or Ctrl-C)."""
        if not self._open:
            return
        self._open = False
        for fd in (self._pages_out, self._result_in):
            try:
                os.close(fd)
            except OSError:
                pass
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass

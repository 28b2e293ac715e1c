"""What a build does to the output folder: all formats replaced together or none, one build of a
name at a time, never over an input, and a plain line for Ctrl-C or a full disk."""

from __future__ import annotations

import errno
import io
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import RECORDS
from nenpo import build as build_module
from nenpo.atomic import Busy, exclusive
from nenpo.cli import main


def _run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def records(tmp_path: Path) -> Path:
    folder = tmp_path / "k"
    shutil.copytree(RECORDS / "project-k", folder)
    return folder


def _earlier(out: Path) -> dict[str, bytes]:
    out.mkdir(exist_ok=True)
    (out / "k.docx").write_bytes(b"last month's docx")
    (out / "k.pdf").write_bytes(b"%PDF last month's pdf")
    return {p.name: p.read_bytes() for p in out.iterdir()}


def _listing(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.iterdir()}


def _writer_fails(monkeypatch: pytest.MonkeyPatch, fmt: str, fail: Callable[[object, object], bytes]) -> list[str]:
    """Make the writer of `fmt` run `fail(document, styles)`; the other formats render as usual.
    Returns the formats rendered, in order, as the build asks for them."""
    real, rendered = build_module.renderer, []

    def chosen(f: str) -> Callable[[object, object], bytes]:
        rendered.append(f)
        return fail if f == fmt else real(f)

    monkeypatch.setattr(build_module, "renderer", chosen)
    return rendered


def _store_fails(monkeypatch: pytest.MonkeyPatch, name: str, error: Callable[[Path], OSError]) -> None:
    """Make storing the rendered `name` file (k.docx, k.pdf) raise `error(staged_path)`."""
    real = build_module._store

    def store(path: Path, data: bytes) -> None:
        if path.name.startswith(f".{name}."):
            raise error(path)
        real(path, data)

    monkeypatch.setattr(build_module, "_store", store)


def test_a_failing_writer_leaves_every_earlier_output_untouched(
    records: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    before = _earlier(out)

    def fail(*_: object) -> bytes:
        raise RuntimeError("the PDF writer broke")

    rendered = _writer_fails(monkeypatch, "pdf", fail)
    code, _, err = _run("build", str(records), "-o", str(out))
    assert code == 2, err
    assert rendered == ["docx", "pdf"]  # the DOCX was rendered before the PDF writer failed
    assert _listing(out) == before  # byte for byte: the new DOCX did not replace last month's


def test_ctrl_c_prints_one_line_and_leaves_the_outputs_and_no_temporary_file(
    records: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    before = _earlier(out)

    def stop(document: object, styles: object) -> bytes:
        raise KeyboardInterrupt

    _writer_fails(monkeypatch, "pdf", stop)
    code, _, err = _run("build", str(records), "-o", str(out))
    assert code == 130
    assert err.strip() == "中断しました。出力のファイルは前のままです。"
    assert _listing(out) == before


def test_a_second_build_of_the_same_name_is_refused_while_the_first_writes(records: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    before = _earlier(out)
    holding, release = threading.Event(), threading.Event()

    def first_build() -> None:
        with exclusive(out / ".k.lock"):
            holding.set()
            release.wait(10)

    thread = threading.Thread(target=first_build)
    thread.start()
    try:
        assert holding.wait(10)
        code, _, err = _run("build", str(records), "-o", str(out))
    finally:
        release.set()
        thread.join()
    assert code == 1
    assert "「k」の報告書は、いま別の nenpo が作っています。" in err
    assert _listing(out) == before
    code, _, err = _run("build", str(records), "-o", str(out))  # the lock is gone with its holder
    assert code == 0, err
    assert sorted(p.name for p in out.iterdir()) == ["k.docx", "k.pdf"]


def test_the_lock_is_exclusive_and_leaves_no_file(tmp_path: Path) -> None:
    lock = tmp_path / ".r.lock"
    with exclusive(lock):
        with pytest.raises(Busy):
            with exclusive(lock):
                pass
    assert not lock.exists()
    with exclusive(lock):  # free again
        pass


def test_an_output_that_is_a_records_file_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    records = folder / "r.pdf"  # records saved under a name the output takes
    records.write_text((RECORDS / "project-k" / "report.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    before = records.read_bytes()
    code, _, err = _run("build", str(records), "-o", str(folder))
    assert code == 1
    assert f"{records}: 出力のファイルが、記録かテンプレートのファイルと同じです。" in err
    assert records.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["r.pdf"]


def test_an_empty_format_list_is_an_error_not_a_silent_success(records: Path, tmp_path: Path) -> None:
    code, out, err = _run("build", str(records), "-o", str(tmp_path / "out"), "--format", ",")
    assert code == 1
    assert "作る形式が指定されていません。" in err and out == ""
    assert not (tmp_path / "out").exists()


def test_a_write_error_names_the_output_not_the_hidden_temporary_file(
    records: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"

    _store_fails(monkeypatch, "k.docx", lambda staged: PermissionError(errno.EACCES, "Permission denied", str(staged)))
    code, _, err = _run("build", str(records), "-o", str(out))
    assert code == 1
    assert f"{out / 'k.docx'} を読み書きできません: 書き込む権限がありません" in err
    assert ".tmp" not in err
    assert list(out.iterdir()) == []


def test_a_full_disk_names_the_output_folder(records: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"

    _store_fails(monkeypatch, "k.pdf", lambda _: OSError(errno.ENOSPC, "No space left on device"))
    code, _, err = _run("build", str(records), "-o", str(out))
    assert code == 1
    assert f"{out} を読み書きできません: ディスクがいっぱいです" in err
    assert list(out.iterdir()) == []

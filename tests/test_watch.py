"""`nenpo watch`: a save of a record, a template or a style file rebuilds the report; a broken save
keeps the last good output and says where the mistake is; other files change nothing."""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pypdf
import pytest
from conftest import RECORDS, ROOT, normalise

from nenpo.cli import main
from nenpo.watch import is_input_name, watch

SAMPLE = "okitama-r1"
BUILT = "作成しました"


class Running:
    """A watch running in a thread on a copy of the sample, with what it has printed so far."""

    def __init__(self, records: Path, out_dir: Path, template: str | Path, settle: float = 0.05) -> None:
        self.records, self.pdf = records, out_dir / f"{SAMPLE}.pdf"
        self.out, self.err, self.stop = io.StringIO(), io.StringIO(), threading.Event()
        self.thread = threading.Thread(target=watch, args=(records, out_dir, template, ("pdf",)),
                                       kwargs={"out": self.out, "err": self.err, "stop": self.stop,
                                               "interval": 0.05, "settle": settle})
        self.thread.start()

    def builds(self) -> int:
        return self.out.getvalue().count(BUILT)

    def failures(self) -> int:
        return self.err.getvalue().count("誤り ")

    def until(self, done: Callable[[], bool], timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while not done():
            assert time.monotonic() < deadline, f"timed out; printed:\n{self.out.getvalue()}\n{self.err.getvalue()}"
            time.sleep(0.02)

    def text(self) -> str:
        return normalise("".join(page.extract_text() for page in pypdf.PdfReader(self.pdf).pages))


@pytest.fixture
def copies(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the sample records and of the default template, to edit."""
    records = shutil.copytree(RECORDS / SAMPLE, tmp_path / SAMPLE)
    template = shutil.copytree(ROOT / "templates" / "default", tmp_path / "template")
    return records, template


@pytest.fixture
def running(copies: tuple[Path, Path], tmp_path: Path) -> Iterator[Running]:
    records, template = copies
    run = Running(records, tmp_path / "out", template)
    run.until(lambda: run.builds() == 1)
    yield run
    run.stop.set()
    run.thread.join(5)
    assert not run.thread.is_alive()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_record_edit_rebuilds_the_pdf_with_the_new_text(running: Running) -> None:
    assert "遠隔自治体間連携" in running.text()
    _edit(running.records / "report.yaml", "subtitle: 遠隔自治体間連携", "subtitle: 見直し中の副題")
    running.until(lambda: running.builds() == 2)
    assert "見直し中の副題" in running.text()
    assert "8ページ" in normalise(running.out.getvalue().splitlines()[-1])


def test_a_template_or_style_edit_rebuilds(running: Running, copies: tuple[Path, Path]) -> None:
    _, template = copies
    with (template / "report.md.j2").open("a", encoding="utf-8") as file:
        file.write("\nテンプレートに足した一文。\n")
    running.until(lambda: running.builds() == 2)
    assert "テンプレートに足した一文。" in running.text()
    _edit(template / "style.yaml", "size: 10.5", "size: 16")  # the body's size: more pages
    running.until(lambda: running.builds() == 3)
    assert len(pypdf.PdfReader(running.pdf).pages) > 8


def test_a_new_session_file_rebuilds(running: Running) -> None:
    session = (running.records / "sessions" / "04.yaml").read_text(encoding="utf-8")
    session = session.replace("number: 4", "number: 5").replace("title: 遠隔連携による地域創発", "title: 追加された第五回")
    (running.records / "sessions" / "05.yaml").write_text(session, encoding="utf-8")
    running.until(lambda: running.builds() == 2)
    assert "追加された第五回" in running.text()


def test_a_broken_save_keeps_the_last_good_pdf_and_a_fix_rebuilds(running: Running) -> None:
    good = running.pdf.read_bytes()
    session = running.records / "sessions" / "04.yaml"
    original = session.read_text(encoding="utf-8")
    session.write_text(original + "programme: [\n", encoding="utf-8")
    running.until(lambda: running.failures() == 1)
    assert running.pdf.read_bytes() == good
    err = running.err.getvalue()
    assert f"{session}:{original.count(chr(10)) + 2}:" in err  # the file:line of the mistake
    assert f"前にできた {running.pdf} はそのままです" in err
    session.write_text(original.replace("遠隔連携による地域創発", "直した題"), encoding="utf-8")
    running.until(lambda: running.builds() == 2)
    assert "直した題" in running.text()


def test_backups_swap_files_the_output_folder_and_an_unchanged_save_rebuild_nothing(copies: tuple[Path, Path]) -> None:
    records, template = copies
    (records / "メモ.txt").write_text("a note the build names in a warning", encoding="utf-8")
    run = Running(records, records / "out", template)  # the output folder inside the records folder
    try:
        run.until(lambda: run.builds() == 1)
        report = records / "report.yaml"
        (records / "メモ.txt").write_text("its content is not read", encoding="utf-8")
        (records / "report.yaml~").write_text("old", encoding="utf-8")
        (records / ".report.yaml.swp").write_bytes(b"\0swap")
        (records / "sessions" / "#04.yaml#").write_text("emacs", encoding="utf-8")
        (records / "~$記録.xlsx").write_bytes(b"lock")
        (records / "out" / "notes.txt").write_text("mine", encoding="utf-8")
        report.write_bytes(report.read_bytes())  # saved again as it was
        time.sleep(0.6)
        assert run.builds() == 1 and run.failures() == 0
        _edit(report, "subtitle: 遠隔自治体間連携", "subtitle: 変えた副題")  # the watch is still alive
        run.until(lambda: run.builds() == 2)
    finally:
        run.stop.set()
        run.thread.join(5)


def test_the_report_written_into_the_records_folder_itself_starts_no_rebuild(copies: tuple[Path, Path]) -> None:
    records, template = copies
    run = Running(records, records, template)
    try:
        run.until(lambda: run.builds() == 1)
        time.sleep(0.4)
        assert run.builds() == 1 and (records / f"{SAMPLE}.pdf").is_file()
    finally:
        run.stop.set()
        run.thread.join(5)


def test_a_save_in_two_steps_gives_one_rebuild(copies: tuple[Path, Path], tmp_path: Path) -> None:
    records, template = copies
    run = Running(records, tmp_path / "out", template, settle=0.3)
    try:
        run.until(lambda: run.builds() == 1)
        report = records / "report.yaml"
        text = report.read_text(encoding="utf-8").replace("subtitle: 遠隔自治体間連携", "subtitle: 二段の保存")
        with report.open("w", encoding="utf-8") as file:  # emptied first, as some editors save
            time.sleep(0.15)  # longer than a poll, so the watch sees the empty file
            file.write(text)
        run.until(lambda: run.builds() == 2)
        time.sleep(0.3)
        assert run.builds() == 2 and run.failures() == 0
        assert "二段の保存" in run.text()
    finally:
        run.stop.set()
        run.thread.join(5)


@pytest.mark.parametrize("name", ["report.yaml~", ".report.yaml.swp", "#report.yaml#", "~$記録.xlsx", "4913", "a.tmp"])
def test_editor_files_are_not_inputs(name: str) -> None:
    assert not is_input_name(name)
    assert is_input_name("05.yaml") and is_input_name("記録.xlsx") and is_input_name("logo.png")


@pytest.mark.parametrize("make", ["missing", "no report.yaml"])
def test_records_that_cannot_be_built_end_the_watch_with_the_build_message(tmp_path: Path, make: str) -> None:
    records = tmp_path / "r7"
    if make == "no report.yaml":
        records.mkdir()
    out, err = io.StringIO(), io.StringIO()
    code = main(["watch", str(records), "-o", str(tmp_path / "out")], out, err)
    assert code == 1
    assert "report.yaml" in err.getvalue() and "1件の誤りがあります。" in err.getvalue()
    assert "見張っています" not in out.getvalue()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process is POSIX")
def test_the_command_rebuilds_within_a_second_of_a_save_and_ctrl_c_ends_it(copies: tuple[Path, Path],
                                                                         tmp_path: Path) -> None:
    records, _ = copies
    pdf = tmp_path / "out" / f"{SAMPLE}.pdf"
    env = os.environ | {"PYTHONPATH": str(ROOT / "src"), "NENPO_LANG": "ja"}
    child = subprocess.Popen([sys.executable, "-m", "nenpo", "watch", str(records), "-o", str(tmp_path / "out")],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True, encoding="utf-8")
    try:
        assert child.stdout is not None
        assert "見張っています" in child.stdout.readline()
        assert BUILT in child.stdout.readline()
        before = pdf.read_bytes()
        time.sleep(0.3)  # the watch is polling now
        _edit(records / "report.yaml", "subtitle: 遠隔自治体間連携", "subtitle: 保存した副題")
        saved = time.monotonic()
        line = child.stdout.readline()
        took = time.monotonic() - saved
        assert BUILT in line and line.startswith("[")
        assert pdf.read_bytes() != before
        assert took < 1.0, f"rebuilt {took:.2f} s after the save"
        child.send_signal(signal.SIGINT)
        _, err = child.communicate(timeout=10)
    finally:
        child.kill()
    assert child.returncode == 0
    assert err.strip().splitlines()[-1] == "見張りを終えました。"


def test_a_font_installed_after_a_failed_build_is_found_on_the_next_save(copies: tuple[Path, Path], tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The secretariat is told to install the font, does, and saves again: no restart needed."""
    from nenpo.writers.fonts import forget_folders

    records, template = copies
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    monkeypatch.setenv("NENPO_FONT_DIRS", str(fonts))
    forget_folders()
    run = Running(records, tmp_path / "out", template)
    try:
        run.until(lambda: run.failures() == 1)
        assert "IPAex" in run.err.getvalue() and not run.pdf.exists()
        for name in ("ipaexm.ttf", "ipaexg.ttf"):
            shutil.copy(next(Path("/usr/share/fonts").rglob(name)), fonts)
        _edit(records / "report.yaml", "subtitle: 遠隔自治体間連携", "subtitle: フォントを入れた後")
        run.until(lambda: run.builds() == 1)
        assert "フォントを入れた後" in run.text()
    finally:
        run.stop.set()
        run.thread.join(5)
        forget_folders()

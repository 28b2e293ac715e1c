"""`nenpo build A B …`: many reports at once, a broken one reported while the rest are built."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from conftest import RECORDS

from nenpo.batch import records_folders
from nenpo.cli import main
from nenpo.errors import NenpoError


def _folder_of_reports(tmp_path: Path) -> Path:
    root = tmp_path / "all"
    for sample in ("okitama-r1", "project-k"):
        shutil.copytree(RECORDS / sample, root / sample)
    (root / "broken").mkdir()
    (root / "broken" / "report.yaml").write_text("report:\n  title: 年報\norganisation: {}\n", encoding="utf-8")
    (root / "photos").mkdir()  # a folder without report.yaml among them: not a report, passed over
    return root


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), out, err), out.getvalue(), err.getvalue()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_folder_of_reports_builds_every_one_and_reports_the_broken_one(tmp_path: Path, jobs: str) -> None:
    root = _folder_of_reports(tmp_path)
    code, out, err = _run("build", str(root), "-o", str(tmp_path / "out"), "-j", jobs, "--format", "pdf")
    assert code == 1
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["okitama-r1.pdf", "project-k.pdf"]
    lines = out.splitlines()
    table = lines[next(i for i, line in enumerate(lines) if line.startswith("報告書")):]
    assert table[0].split() == ["報告書", "ページ", "時間", "結果"]
    rows = {line.split()[0]: line for line in table[1:4]}
    assert rows["okitama-r1"].split()[1] == "8" and rows["okitama-r1"].endswith("作成")
    assert "broken/report.yaml:3:15: organisation.name: 必須の項目「name」がありません。" in rows["broken"]
    assert "2冊を作りました。1冊は誤りがあって作りませんでした。" in out
    assert "[3/3件]" in err and "broken: 誤り 1 件" in err  # progress, one line a report when not a terminal
    assert "→ name: を書き足してください。" in err  # the broken report's problems in full


def test_several_folders_in_the_arguments_are_built_together(tmp_path: Path) -> None:
    code, out, _ = _run("build", str(RECORDS / "okitama-r1"), str(RECORDS / "minzoku-gakkai"),
                        "-o", str(tmp_path), "-j", "1", "--format", "pdf")
    assert code == 0
    assert {p.name for p in tmp_path.iterdir()} == {"okitama-r1.pdf", "minzoku-gakkai.pdf"}
    assert "2冊を作りました。0冊は誤りがあって作りませんでした。" in out


def test_two_reports_that_would_write_the_same_files_are_refused_before_anything_is_built(tmp_path: Path) -> None:
    for parent in ("a", "b"):
        shutil.copytree(RECORDS / "project-k", tmp_path / parent / "r")
    with pytest.raises(NenpoError) as refused:
        records_folders([tmp_path / "a" / "r", tmp_path / "b" / "r"])
    assert "報告書「r」の名前が" in refused.value.problems[0].format("ja")


def test_a_folder_without_records_among_others_is_reported_in_the_table_as_the_build_says(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    code, out, err = _run("build", str(RECORDS / "okitama-r1"), str(tmp_path / "empty"), "-o", str(tmp_path / "out"),
                          "-j", "1", "--format", "pdf")
    assert code == 1 and (tmp_path / "out" / "okitama-r1.pdf").is_file()
    assert "report.yaml" in next(line for line in out.splitlines() if line.startswith("empty"))


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_the_progress_is_a_bar_rewritten_in_place(tmp_path: Path) -> None:
    out, err = io.StringIO(), _Terminal()
    code = main(["build", str(RECORDS / "okitama-r1"), str(RECORDS / "project-k"), "-o", str(tmp_path), "-j", "1",
                 "--format", "pdf"], out, err)
    assert code == 0
    shown = err.getvalue()
    assert shown.count("\r\033[K") == 2 and "██████████░░░░░░░░░░ [1/2件]" in shown
    assert "████████████████████ [2/2件]" in shown and shown.endswith("\n")

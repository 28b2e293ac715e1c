"""The command line as the secretariat uses it: messages, exit codes, files written or not."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import RECORDS, ROOT
from nenpo.build import bundled_templates
from nenpo.cli import main


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def test_build_writes_docx_and_pdf_named_after_the_records_folder(tmp_path: Path) -> None:
    code, out, err = run("build", str(RECORDS / "project-k"), "-o", str(tmp_path))
    assert (code, err) == (0, "")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project-k.docx", "project-k.pdf"]
    assert "作成しました" in out


def test_format_option_writes_only_what_is_asked(tmp_path: Path) -> None:
    assert run("build", str(RECORDS / "project-k"), "-o", str(tmp_path), "--format", "pdf")[0] == 0
    assert [p.name for p in tmp_path.iterdir()] == ["project-k.pdf"]
    code, _, err = run("build", str(RECORDS / "project-k"), "-o", str(tmp_path), "--format", "rtf")
    assert code == 1 and "出力形式「rtf」は作れません" in err


def _bad_records(tmp_path: Path) -> Path:
    folder = tmp_path / "project-k"
    shutil.copytree(RECORDS / "project-k", folder)
    text = (folder / "report.yaml").read_text(encoding="utf-8")
    text = text.replace("  title: 地方自治体交流プロジェクト\n", "  titel: 地方自治体交流プロジェクト\n", 1)
    text = text.replace("      start: 2012-05-26", "      start: 2012-02-30", 1)
    (folder / "report.yaml").write_text(text, encoding="utf-8")
    return folder


def test_check_reports_every_problem_with_file_line_and_japanese_hint(tmp_path: Path) -> None:
    folder = _bad_records(tmp_path)
    code, out, err = run("check", str(folder))
    assert code == 1 and out == ""
    report = folder / "report.yaml"
    lines = err.splitlines()
    assert any(line.startswith(f"{report}:") and "「titel」という項目はありません" in line for line in lines)
    assert "もしかして「title」ですか" in err
    assert any(line.startswith(f"{report}:") and "visits[1].date" in line and "存在しない日付" in line
               for line in lines)
    assert "必須の項目「title」がありません" in err
    assert "3件の誤りがあります" in err
    assert "Traceback" not in err


def test_a_failed_build_leaves_the_previous_report_untouched(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "project-k.pdf").write_bytes(b"previous report")
    code, _, err = run("build", str(_bad_records(tmp_path)), "-o", str(out))
    assert code == 1 and err
    assert [p.name for p in out.iterdir()] == ["project-k.pdf"]
    assert (out / "project-k.pdf").read_bytes() == b"previous report"


def test_a_failure_while_writing_leaves_no_half_written_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import nenpo.writers.pdf as pdf

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(pdf._ReportDoc, "build", broken)
    out = tmp_path / "out"
    code, _, err = run("build", str(RECORDS / "project-k"), "-o", str(out), "--format", "pdf")
    assert code == 2 and "内部エラー" in err and "Traceback" not in err
    assert not out.exists() or list(out.iterdir()) == []  # rendered before the folder is even made


def test_missing_records_folder_and_unknown_template(tmp_path: Path) -> None:
    code, _, err = run("check", str(tmp_path / "nowhere"))
    assert code == 1 and "記録のフォルダがありません" in err
    code, _, err = run("check", str(tmp_path))
    assert code == 1 and "report.yaml がありません" in err
    code, _, err = run("build", str(RECORDS / "project-k"), "-o", str(tmp_path), "--template", "nosuch")
    assert code == 1 and "テンプレート「nosuch」が見つかりません" in err and "default" in err


def test_schema_is_json_schema_with_japanese_descriptions(tmp_path: Path) -> None:
    code, out, _ = run("schema")
    schema = json.loads(out)
    assert code == 0 and schema["type"] == "object"
    info = schema["$defs"]["ReportInfo"]["properties"]
    assert info["title"]["description"].startswith("報告書の題名")
    assert run("schema", "-o", str(tmp_path / "s.json"))[0] == 0
    assert json.loads((tmp_path / "s.json").read_text(encoding="utf-8")) == schema


def test_help_is_in_japanese() -> None:
    with pytest.raises(SystemExit) as exit_:
        run("build", "--help")
    assert exit_.value.code == 0


def test_lang_en_gives_the_same_problems_in_english(tmp_path: Path) -> None:
    folder = _bad_records(tmp_path)
    code_ja, _, err_ja = run("check", str(folder))
    code_en, _, err_en = run("check", str(folder), "--lang", "en")
    assert code_ja == code_en == 1
    report = folder / "report.yaml"
    line = report.read_text(encoding="utf-8").splitlines().index("  titel: 地方自治体交流プロジェクト") + 1
    assert f"{report}:{line}:3: report.titel: There is no field “titel”." in err_en
    assert "    → Did you mean “title”?" in err_en
    assert "“2012-02-30” is not a real date." in err_en
    assert err_en.splitlines()[-1] == "3 error(s) found."
    # the same places, in the same order
    heads_ja = [line.split(": ")[0] for line in err_ja.splitlines() if line.startswith(str(folder))]
    heads_en = [line.split(": ")[0] for line in err_en.splitlines() if line.startswith(str(folder))]
    assert heads_ja == heads_en and len(heads_ja) == 3


def test_nenpo_lang_in_the_environment_sets_the_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NENPO_LANG", "en")
    code, _, err = run("check", str(tmp_path / "nowhere"))
    assert code == 1 and "The records folder does not exist." in err


def test_warnings_alone_exit_zero_and_are_printed(tmp_path: Path) -> None:
    folder = tmp_path / "okitama-r1"
    shutil.copytree(RECORDS / "okitama-r1", folder)
    report = folder / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("  issued:", "  fiscal_year: 2018\n  issued:", 1),
                      encoding="utf-8")
    code, out, err = run("check", str(folder))
    assert code == 0 and "問題ありません" in out
    assert err.count("警告: sessions[") == 4 and "は平成30年度(2018-04-01〜2019-03-31)の外です。" in err
    assert "4件の警告があります(報告書は作れます)。" in err
    code, out, err = run("build", str(folder), "-o", str(tmp_path / "out"), "--format", "pdf")
    assert code == 0 and err.count("警告: ") == 4 and (tmp_path / "out" / "okitama-r1.pdf").exists()


def test_a_single_records_file_builds_a_report_named_after_it(tmp_path: Path) -> None:
    single = tmp_path / "nendo.yaml"
    text = (RECORDS / "okitama-r1" / "report.yaml").read_text(encoding="utf-8")
    single.write_text(text, encoding="utf-8")
    code, _, err = run("build", str(single), "-o", str(tmp_path / "out"), "--format", "docx")
    assert (code, err) == (0, "")
    assert (tmp_path / "out" / "nendo.docx").exists()


def test_new_scaffolds_records_that_check_clean_and_refuses_to_overwrite(tmp_path: Path) -> None:
    folder = tmp_path / "r7"
    code, out, err = run("new", str(folder), "--year", "2025")
    assert (code, err) == (0, "")
    assert sorted(str(p.relative_to(folder)) for p in folder.rglob("*.yaml")) == [
        "report.yaml", "sessions/01.yaml", "visits/01.yaml"]
    assert f"nenpo check {folder}" in out
    assert run("check", str(folder)) == (0, f"問題ありません: {folder}\n", "")
    before = (folder / "report.yaml").read_bytes()
    code, _, err = run("new", str(folder))
    assert code == 1 and f"{folder} にはもうファイルがあります。" in err
    assert (folder / "report.yaml").read_bytes() == before


def test_an_output_folder_that_cannot_be_made_is_a_user_error_naming_it(tmp_path: Path) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("a file where the output folder should be", encoding="utf-8")
    code, out, err = run("build", str(RECORDS / "project-k"), "-o", str(blocker / "sub"), "--format", "pdf")
    assert (code, out) == (1, "")
    assert f"{blocker / 'sub'}" in err.splitlines()[0] and "を読み書きできません" in err
    assert "Traceback" not in err and "内部エラー" not in err


def test_template_new_copies_the_default_for_editing_and_the_copy_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run("template", "new", "house")
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == f"作成しました: {Path('templates') / 'house'}"
    assert (tmp_path / "templates" / "house" / "README.md").is_file()
    code, _, err = run("build", str(RECORDS / "okitama-r1"), "-o", "out", "--template", "house", "--format", "pdf")
    assert (code, err) == (0, "")
    code, _, err = run("template", "new", "house")
    assert code == 1 and "にはもうファイルがあります" in err


def test_check_runs_the_whole_build_and_writes_nothing(tmp_path: Path) -> None:
    """`nenpo check` must not say 問題ありません of records that `nenpo build` would refuse."""
    folder = tmp_path / "r"
    shutil.copytree(RECORDS / "project-k", folder)
    report = folder / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("  title: 地方自治体交流プロジェクト",
                                                                 "  title: 地方自治体交流プロジェクト𠮷"), encoding="utf-8")
    code, out, err = run("check", str(folder))
    assert code == 1 and "問題ありません" not in out
    assert err.splitlines()[0].startswith(f"{report}:7:")
    assert "「𠮷」(U+20BB7)" in err
    template = tmp_path / "tpl"
    shutil.copytree(bundled_templates() / "default", template)
    (template / "partials" / "outcomes.md.j2").write_text("{% if outcomes %}\n{{ nosuch }}\n{% endif %}\n",
                                                          encoding="utf-8")
    code, out, err = run("check", str(RECORDS / "okitama-r1"), "--template", str(template))
    assert code == 1 and err.splitlines()[0].startswith(f"{template / 'partials' / 'outcomes.md.j2'}:2:")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r", "tpl"]  # no output anywhere


@pytest.mark.parametrize(("args", "code", "out", "err"), [
    (["build", str(RECORDS / "okitama-r1"), "--format", "pdf"], 0, "作成しました", ""),
    (["check", "no-such-folder"], 1, "", "記録のフォルダがありません"),
    (["--help"], 0, "年報", ""),
])
def test_the_command_flushes_what_it_says_and_exits_with_its_code(tmp_path: Path, args: list[str], code: int,
                                                                  out: str, err: str) -> None:
    """`python -m nenpo` ends the process without tearing down the interpreter (cli.run): what it
    printed still arrives whole, and its exit code is main's."""
    if args[0] == "build":
        args = [*args, "-o", str(tmp_path)]
    done = subprocess.run([sys.executable, "-m", "nenpo", *args], capture_output=True, text=True, cwd=tmp_path,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, timeout=120)
    assert done.returncode == code, done.stderr
    assert out in done.stdout and err in done.stderr
    if args[0] == "build":
        assert done.stdout.endswith("okitama-r1.pdf\n") and (tmp_path / "okitama-r1.pdf").stat().st_size > 10_000

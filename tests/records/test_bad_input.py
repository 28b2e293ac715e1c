"""The bad-input corpus: records a secretariat might really type, and what nenpo must say.

Each folder under `bad_input/` is one case, and adding a case is adding files:
- the records themselves (`report.yaml`, `sessions/*.yaml`, …), exactly as a user's folder;
- `expected.txt`: lines that must appear, in this order, among the Japanese messages
  (`file:line:column: field: message`, and `    → hint` lines if the case cares);
- optionally `expected.en.txt`: the same for `--lang en`;
- optionally `case.yaml`: `args` (the command after `nenpo`, default `[build, ., -o, out]`) and
  `generate` (files too big to keep in git: `{path, text, repeat}` writes `text` `repeat` times).

Every case must exit 1, print no traceback, and leave the output folder exactly as it was.
"""

from __future__ import annotations

import io
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from conftest import lines_in_order

from nenpo.cli import main

CORPUS = Path(__file__).parent / "bad_input"
CONTROL_FILES = {"expected.txt", "expected.en.txt", "case.yaml"}
DEFAULT_ARGS = ["build", ".", "-o", "out"]


@dataclass
class Case:
    folder: Path
    args: list[str] = field(default_factory=lambda: list(DEFAULT_ARGS))
    generate: list[dict[str, object]] = field(default_factory=list)

    @classmethod
    def load(cls, folder: Path) -> Case:
        spec_file = folder / "case.yaml"
        spec = yaml.safe_load(spec_file.read_text(encoding="utf-8")) if spec_file.exists() else {}
        return cls(folder, [str(a) for a in spec.get("args", DEFAULT_ARGS)], spec.get("generate", []))

    def expected(self, lang: str) -> list[str] | None:
        name = "expected.txt" if lang == "ja" else f"expected.{lang}.txt"
        file = self.folder / name
        if not file.exists():
            return None
        return [line.rstrip("\n") for line in file.read_text(encoding="utf-8").splitlines() if line.strip()]


CASES = sorted(p for p in CORPUS.iterdir() if p.is_dir())


def _prepare(case: Case, work: Path) -> Path:
    """Copy the case's records into `work` and write any generated files; returns the output folder."""
    for source in case.folder.rglob("*"):
        relative = source.relative_to(case.folder)
        if source.is_file() and str(relative) not in CONTROL_FILES:
            target = work / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    for item in case.generate:
        target = work / str(item["path"])
        target.parent.mkdir(parents=True, exist_ok=True)
        chunk = str(item["text"]).encode("utf-8")
        with target.open("wb") as fh:
            for _ in range(int(item["repeat"])):  # type: ignore[call-overload]
                fh.write(chunk)
    out = work / "out"
    out.mkdir()
    (out / "earlier.pdf").write_bytes(b"%PDF- an earlier build that must survive")
    return out


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_corpus_has_at_least_fifty_cases() -> None:
    assert len(CASES) >= 50


@pytest.mark.parametrize("folder", CASES, ids=[p.name for p in CASES])
def test_bad_input_is_refused_with_the_expected_message(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = Case.load(folder)
    expected = {lang: case.expected(lang) for lang in ("ja", "en")}
    assert expected["ja"], f"{folder.name}: expected.txt is missing or empty"
    out = _prepare(case, tmp_path)
    before = _snapshot(out)
    monkeypatch.chdir(tmp_path)
    for lang, lines in expected.items():
        if lines is None:
            continue
        stdout, stderr = io.StringIO(), io.StringIO()
        code = main([*case.args, "--lang", lang], stdout=stdout, stderr=stderr)
        printed = stderr.getvalue()
        assert code == 1, f"{folder.name} [{lang}]: exit {code}\n{printed}"
        assert "Traceback" not in printed and "内部エラー" not in printed and "Internal error" not in printed
        assert lines_in_order(lines, printed) == [], f"{folder.name} [{lang}] printed:\n{printed}"
        assert _snapshot(out) == before, f"{folder.name}: the output folder changed"

"""The cases of the bad-input corpus (`bad_input/`), and a case's folder made ready to run.

One module for the two users of the corpus, so that they run exactly the same folders: the test
(`test_bad_input.py`, which asserts the messages) and the benchmark (`bench/hostile.py --corpus`,
which runs every case as its own `python -m nenpo` process and measures it).

A case is a folder:
- the records themselves (`report.yaml`, `sessions/*.yaml`, …), exactly as a user's folder;
- `expected.txt`: lines that must appear, in this order, among the Japanese messages
  (`file:line:column: field: message`, and `    → hint` lines if the case cares);
- optionally `expected.en.txt`: the same for `--lang en`;
- optionally `case.yaml` with
  - `args`: the command after `nenpo` (default `[build, ., -o, out]`), run inside the prepared folder;
  - `generate`: entries for what git cannot hold or should not (files too big, links, pipes,
    thousands of files), written in order after the case's own files are copied. Each entry has a
    `path` (inside the prepared folder) and one kind:
    - `text: T` (with `repeat: N`, default 1): a UTF-8 file holding T written N times;
      with `append: true`, added to the end of the file an earlier entry (or the case) wrote;
      with `count: N`, N such files, `path` holding `{n}` (formatted with n = 1…N,
      e.g. `sessions/{n:05d}.yaml`);
    - `symlink: TARGET`: a symbolic link to TARGET as written (relative to the link's own
      folder, or absolute such as `/dev/zero`); TARGET need not exist (a dangling link);
    - `fifo: true`: a named pipe;
    - `folder: true`: an empty folder.

Every case must exit 1, print no traceback, and leave the output folder exactly as it was.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

CORPUS = Path(__file__).resolve().parent / "bad_input"
CONTROL_FILES = {"expected.txt", "expected.en.txt", "case.yaml"}
DEFAULT_ARGS = ["build", ".", "-o", "out"]
#: What `prepare` leaves in the output folder before the run; it must be there, unchanged, after.
EARLIER_BUILD = ("earlier.pdf", b"%PDF- an earlier build that must survive")


@dataclass
class Case:
    """One folder of the corpus: its records, the command to run and the files to generate."""

    folder: Path
    args: list[str] = field(default_factory=lambda: list(DEFAULT_ARGS))
    generate: list[dict[str, Any]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.folder.name

    @classmethod
    def load(cls, folder: Path) -> Case:
        spec_file = folder / "case.yaml"
        spec = yaml.safe_load(spec_file.read_text(encoding="utf-8")) if spec_file.exists() else {}
        return cls(folder, [str(a) for a in spec.get("args", DEFAULT_ARGS)], spec.get("generate", []))

    def expected(self, lang: str) -> list[str] | None:
        """The lines expected for `lang` ("ja" or "en"), or None when the case has none."""
        name = "expected.txt" if lang == "ja" else f"expected.{lang}.txt"
        file = self.folder / name
        if not file.exists():
            return None
        return [line.rstrip("\n") for line in file.read_text(encoding="utf-8").splitlines() if line.strip()]


def case_folders(root: Path | None = None) -> list[Path]:
    """Every case's folder in `root` (default: the corpus), in name order."""
    return sorted(p for p in (root or CORPUS).iterdir() if p.is_dir())


def prepare(case: Case, work: Path) -> Path:
    """Copy the case's records into the empty folder `work` and generate its files; returns the
    output folder (`work/out`, holding an earlier build that the run must leave alone)."""
    for source in sorted(case.folder.rglob("*")):
        relative = source.relative_to(case.folder)
        if source.is_file() and str(relative) not in CONTROL_FILES:
            target = work / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    for item in case.generate:
        _generate(item, work)
    out = work / "out"
    out.mkdir()
    (out / EARLIER_BUILD[0]).write_bytes(EARLIER_BUILD[1])
    return out


def _generate(item: dict[str, Any], work: Path) -> None:
    """Write one `generate` entry of case.yaml (see the module docstring for the kinds)."""
    path = str(item["path"])
    if "symlink" in item:
        _parent(work / path).symlink_to(str(item["symlink"]))
    elif item.get("fifo"):
        os.mkfifo(_parent(work / path))
    elif item.get("folder"):
        (work / path).mkdir(parents=True)
    elif "text" in item:
        chunk = str(item["text"]).encode("utf-8")
        repeat = int(item.get("repeat", 1))
        count = item.get("count")
        targets = [path] if count is None else [path.format(n=n) for n in range(1, int(count) + 1)]
        for name in targets:
            with _parent(work / name).open("ab" if item.get("append") else "wb") as fh:
                for _ in range(repeat):
                    fh.write(chunk)
    else:
        raise ValueError(f"case.yaml: a generate entry needs text, symlink, fifo or folder: {item}")


def _parent(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` and its bytes, to tell whether a run changed anything."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}

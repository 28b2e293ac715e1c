"""The layout the project card gives (templates/ at the top of the repository) and what a user gets
from `pip install .`: the wheel carries the bundled templates inside the package, so that `nenpo
build`, `--template NAME` and `nenpo template new` work from any folder of an installed nenpo."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

from conftest import RECORDS, ROOT
from nenpo.build import bundled_templates
from nenpo.compose.labels import base_labels
from nenpo.template_new import template_files

TEMPLATES = ROOT / "templates"


def test_the_bundled_templates_are_the_top_level_templates_folder() -> None:
    """From a checkout (PYTHONPATH=src) or an installed nenpo alike, the templates nenpo bundles are
    the ones an editor sees at the top of the repository, file for file and byte for byte."""
    assert not (ROOT / "src" / "nenpo" / "templates").exists()
    for name in ("default", "kiroku"):
        files = template_files(TEMPLATES / name)
        assert "report.md.j2" in files and "style.yaml" in files
        assert template_files(bundled_templates() / name) == files
        for rel in files:
            assert (bundled_templates() / name / rel).read_bytes() == (TEMPLATES / name / rel).read_bytes()
    assert base_labels().read_bytes() == (TEMPLATES / "default" / "labels.yaml").read_bytes()


def _run(argv: list[str], cwd: Path, env: dict[str, str]) -> str:
    result = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_an_installed_wheel_builds_and_copies_templates_from_any_folder(tmp_path: Path) -> None:
    """Build the wheel, install it into a fresh virtual environment, and use it from an unrelated
    folder: a build with `--template kiroku` (a bundled template by name, over the default's labels),
    `nenpo template new x` (a copy of the bundled default), and a build with that copy found by name
    under ./templates/."""
    wheels = tmp_path / "wheels"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
         ROOT, dict(os.environ))
    wheel = next(wheels.glob("nenpo-*.whl"))
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
    for name in ("default", "kiroku"):
        assert {f"nenpo/templates/{name}/{rel}" for rel in template_files(TEMPLATES / name)} <= names
    assert "nenpo/records/skeleton/report.yaml" in names
    assert not [n for n in names if n.startswith(("templates/", "src/"))]

    # A fresh environment holding only the wheel's nenpo; its dependencies come from the running
    # environment through a .pth line, which Python puts on sys.path after the venv's own packages
    # (installing them anew would take a minute and test pip rather than nenpo).
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], tmp_path, dict(os.environ))
    python = venv / "bin" / "python"
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q", str(wheel)],
         tmp_path, dict(os.environ))
    site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                     tmp_path, dict(os.environ)).strip())
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "NENPO_LANG")}
    where = _run([str(python), "-c", "import nenpo.build as b, nenpo.compose.labels as l; "
                  "print(b.__file__, b.bundled_templates(), l.base_labels(), sep='\\n')"], elsewhere, env)
    assert all(line.startswith(str(site)) for line in where.splitlines()), where

    nenpo = str(venv / "bin" / "nenpo")
    _run([nenpo, "build", str(RECORDS / "okitama-r1"), "-o", str(tmp_path / "o"), "--template", "kiroku"],
         elsewhere, env)
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == ["okitama-r1.docx", "okitama-r1.pdf"]

    out = _run([nenpo, "template", "new", "x"], elsewhere, env)
    assert str(Path("templates") / "x") in out
    copy = elsewhere / "templates" / "x"
    assert template_files(copy) == template_files(TEMPLATES / "default")
    _run([nenpo, "build", str(RECORDS / "okitama-r1"), "-o", str(tmp_path / "x"), "--template", "x",
          "--format", "pdf"], elsewhere, env)
    assert [p.name for p in (tmp_path / "x").iterdir()] == ["okitama-r1.pdf"]

"""Every block knows the template file and line that wrote it, from Jinja's own line table, not from
searching the output's text in the templates afterwards."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import RECORDS, write

from nenpo.build import bundled_templates, check, compose, find_template, prepare
from nenpo.compose.env import render
from nenpo.errors import NenpoError
from nenpo.style import load_styles


@pytest.mark.parametrize("template", ["default", "kiroku"])
@pytest.mark.parametrize("sample", ["okitama-r1", "project-k", "gikai-shisatsu"])
def test_every_block_of_a_sample_points_at_a_template_line(sample: str, template: str) -> None:
    document = prepare(RECORDS / sample, template).document
    folder = find_template(template).resolve()
    for block in document.blocks:
        origin = block.origin
        assert origin is not None and origin.file is not None and origin.line is not None, block
        assert folder in origin.file.resolve().parents, origin
        lines = origin.file.read_text(encoding="utf-8").splitlines()
        assert 1 <= origin.line <= len(lines), origin


def test_a_heading_points_at_its_partial_and_line() -> None:
    document = prepare(RECORDS / "okitama-r1", "default").document
    partials = find_template("default") / "partials"
    heading = next(b for b in document.blocks if getattr(b, "text", "").startswith("第1回集合研修"))
    assert heading.origin.file == partials / "sessions.md.j2"
    assert heading.origin.file.read_text(encoding="utf-8").splitlines()[heading.origin.line - 1].startswith("## ")


def test_the_same_line_in_two_partials_is_told_apart(tmp_path: Path) -> None:
    """The old text search named the first file holding the line, or a line of the rendered output."""
    template = tmp_path / "tpl"
    shutil.copytree(bundled_templates() / "default", template)
    write(template, "partials/outcomes.md.j2", "{% if outcomes %}\n{.nosuch}\n成果です。\n\n{% endif %}\n")
    write(template, "partials/introduction.md.j2", "# はじめに\n\n{.nosuch}\n成果です。\n\n")
    checked = check(RECORDS / "okitama-r1")
    styles = load_styles(template / "style.yaml")
    with pytest.raises(NenpoError) as caught:
        compose(checked.report, template, styles, checked.source)
    [problem] = caught.value.problems
    # the first use of the style in reading order: the introduction, line 3
    assert (problem.location.file, problem.location.line, problem.location.column) == (
        template / "partials" / "introduction.md.j2", 3, 1)


def test_render_maps_each_output_line_to_its_template_line(tmp_path: Path) -> None:
    main = write(tmp_path, "report.md.j2", "一行目\n{% include 'part.md.j2' %}\n{% for i in [1, 2] %}\n項目{{ i }}\n{% endfor %}\n")
    part = write(tmp_path, "part.md.j2", "部品の一行目\n部品の二行目 {{ '値' }}\n")
    rendered = render(tmp_path, "report.md.j2", {})
    assert rendered.markdown.splitlines() == ["一行目", "部品の一行目", "部品の二行目 値", "項目1", "項目2"]
    assert [(o.file, o.line) for o in rendered.origins] == [(main, 1), (part, 1), (part, 2), (main, 4), (main, 4)]

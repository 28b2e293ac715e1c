"""Rendering templates: mistakes reported at the template's own file and line, record text inert."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2.sandbox import SandboxedEnvironment

from conftest import write as template
from nenpo.compose.env import environment, render
from nenpo.document.parse import parse
from nenpo.errors import Location, NenpoError


def render_error(folder: Path, name: str, context: dict) -> NenpoError:
    with pytest.raises(NenpoError) as info:
        render(folder, name, context).markdown
    assert len(info.value.problems) == 1
    return info.value


def test_environment_is_sandboxed(tmp_path: Path) -> None:
    assert isinstance(environment(tmp_path), SandboxedEnvironment)
    main = template(tmp_path, "report.md.j2", "題\n{{ title.__class__.__mro__ }}\n")
    problem = render_error(tmp_path, "report.md.j2", {"title": "年報"}).problems[0]
    assert problem.location == Location(main, 2)
    assert str(problem.message).startswith("テンプレートを処理できません: ")
    assert "unsafe" in str(problem.message)


def test_render_interpolates_escaped_text(tmp_path: Path) -> None:
    template(tmp_path, "report.md.j2", "# {{ title }}\n\n{{ body }}\n")
    out = render(tmp_path, "report.md.j2", {"title": "年報 #1", "body": "*強調ではない*"}).markdown
    assert out == "# 年報 \\#1\n\n\\*強調ではない\\*\n"


def test_partials_are_found_beside_the_main_template(tmp_path: Path) -> None:
    template(tmp_path, "report.md.j2", "{% include 'partials/cover.md.j2' %}\n本文\n")
    template(tmp_path, "partials/cover.md.j2", "表紙 {{ name }}\n")
    assert render(tmp_path, "report.md.j2", {"name": "団体"}).markdown == "表紙 団体\n本文\n"


def test_a_template_syntax_error_reports_the_file_and_line(tmp_path: Path) -> None:
    main = template(tmp_path, "report.md.j2", "# {{ title }}\n\n{% for s in sessions %}\n{{ s }}\n")
    error = render_error(tmp_path, "report.md.j2", {"title": "年報", "sessions": []})
    problem = error.problems[0]
    assert problem.location == Location(main, 4)
    assert str(problem.message).startswith("テンプレートの書き方に誤りがあります: ")
    assert "endfor" in str(problem.message)
    assert str(error).startswith(f"{main}:4: テンプレートの書き方に誤りがあります")


def test_a_syntax_error_in_a_partial_names_the_partial(tmp_path: Path) -> None:
    template(tmp_path, "report.md.j2", "一行目\n{% include 'partials/p.md.j2' %}\n")
    partial = template(tmp_path, "partials/p.md.j2", "一行目\n二行目\n{{ x | }}\n")
    problem = render_error(tmp_path, "report.md.j2", {"x": 1}).problems[0]
    assert problem.location == Location(partial, 3)


def test_an_undefined_variable_reports_the_file_and_line(tmp_path: Path) -> None:
    main = template(tmp_path, "report.md.j2", "# {{ title }}\n\n{{ organisaton.name }}\n")
    error = render_error(tmp_path, "report.md.j2", {"title": "年報", "organisation": {"name": "団体"}})
    problem = error.problems[0]
    assert problem.location == Location(main, 3)
    assert str(problem.message) == "テンプレートの変数がありません: 'organisaton' is undefined"
    assert str(problem.hint) == "変数名の綴りを確かめてください。使える変数はテンプレートの README.md にあります。"
    assert str(error).startswith(f"{main}:3: テンプレートの変数がありません")


def test_an_undefined_attribute_in_a_partial_reports_the_partial_and_its_line(tmp_path: Path) -> None:
    template(tmp_path, "report.md.j2", "表紙\n\n{% include 'partials/sessions.md.j2' %}\n")
    partial = template(
        tmp_path, "partials/sessions.md.j2", "{% for s in sessions %}\n\n## {{ s.titel }}\n{% endfor %}\n"
    )
    problem = render_error(tmp_path, "report.md.j2", {"sessions": [{"title": "題"}]}).problems[0]
    assert problem.location == Location(partial, 3)
    assert "titel" in str(problem.message)


def test_a_missing_template_is_a_user_error(tmp_path: Path) -> None:
    problem = render_error(tmp_path, "report.md.j2", {}).problems[0]
    assert str(problem.message).startswith("テンプレートを処理できません: ")
    assert "report.md.j2" in str(problem.message)


def test_a_filter_given_a_bad_date_reports_the_template_line(tmp_path: Path) -> None:
    main = template(tmp_path, "report.md.j2", "見出し\n\n{{ '2019-02-30'|date }}\n")
    problem = render_error(tmp_path, "report.md.j2", {}).problems[0]
    assert problem.location == Location(main, 3)
    assert str(problem.message) == "テンプレートを処理できません: 「2019-02-30」は存在しない日付です。"


def test_a_division_by_zero_in_a_template_reports_the_template_line(tmp_path: Path) -> None:
    """An average over an empty list is an editor's mistake: a message at the line, not a traceback."""
    main = template(tmp_path, "report.md.j2", "平均\n\n{{ total / visits|length }}名\n")
    with pytest.raises(NenpoError) as info:
        render(tmp_path, "report.md.j2", {"total": 10, "visits": []}).markdown
    assert info.value.problems[0].location == Location(main, 3)


def test_template_code_in_record_values_is_not_evaluated(tmp_path: Path) -> None:
    template(tmp_path, "report.md.j2", "{{ title }}\n")
    out = render(tmp_path, "report.md.j2", {"title": "{{ 7*7 }} {% if true %}はい{% endif %}"}).markdown
    assert "49" not in out
    assert "はい{" not in out
    [section] = parse(out)
    assert section.blocks[0].text == "{{ 7*7 }} {% if true %}はい{% endif %}"


def test_template_code_in_a_record_list_is_not_evaluated_either(tmp_path: Path) -> None:
    template(tmp_path, "report.md.j2", "{{ lead|paragraphs }}")
    out = render(tmp_path, "report.md.j2", {"lead": ["{{ 7*7 }}", "{{ lead }}"]}).markdown
    texts = [b.text for s in parse(out) for b in s.blocks]
    assert texts == ["{{ 7*7 }}", "{{ lead }}"]

"""The bound on a template's work: what a report needs still works; runaway loops, huge repetitions
and self-calling macros stop at once with an error at the template line that asked for them.

The whole-CLI cases (exit code, output folder untouched) are in the corpus, `template_errors/13–17`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import write as template
from nenpo.compose import sandbox
from nenpo.compose.env import MAX_TEMPLATE_BYTES, environment, render
from nenpo.errors import Location, NenpoError, Problem


def rendered(folder: Path, text: str, **context: object) -> str:
    template(folder, "report.md.j2", text)
    return render(folder, "report.md.j2", context).markdown


def refused(folder: Path, text: str, **context: object) -> Problem:
    main = template(folder, "report.md.j2", text)
    with pytest.raises(NenpoError) as info:
        render(folder, "report.md.j2", context).markdown
    [problem] = info.value.problems
    assert problem.location.file == main
    return problem


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{{ '─' * 5 }}", "─────"),
        ("{{ [1, 2] * 2 }}", "\\[1\\, 2\\, 1\\, 2\\]"),
        ("{{ 2 ** 10 }}", "1024"),
        ("{{ '%05d' % 42 }}", "00042"),
        ("{{ '{:,}円'.format(1500000) }}", "1\\,500\\,000円"),
        ("{{ '%d件'|format(3) }}", "3件"),
        ("{{ 'ab'|center(6) }}", "  ab  "),
        ("{{ 'a-b'|replace('-', '・') }}", "a・b"),
        ("{{ items|join('、') }}", "一、二、三"),
        ("{{ '、'.join(items) }}", "一、二、三"),
        ("{{ '二' in items }}", "True"),
        ("{{ '二' is in(items) }}", "True"),
        ("{{ items|sort|first }}", "一"),
        ("{% for i in items %}{{ loop.index }}/{{ loop.length }} {% endfor %}", "1/3 2/3 3/3 "),
        ("{% set l = [] %}{{ l.append(1) or l }}", "\\[1\\]"),
        ("{% set ns = namespace(n=0) %}{% for i in range(10) %}{% set ns.n = ns.n + i %}{% endfor %}{{ ns.n }}",
         "45"),
        ("{% for t in tree recursive %}{{ t.name }}{% if t.children %}({{ loop(t.children) }}){% endif %}{% endfor %}",
         "a(bc)"),
    ],
)
def test_what_a_report_needs_still_works(tmp_path: Path, text: str, expected: str) -> None:
    tree = [{"name": "a", "children": [{"name": "b", "children": []}, {"name": "c", "children": []}]}]
    assert rendered(tmp_path, text, items=["一", "二", "三"], tree=tree) == expected


def test_a_report_may_loop_far_more_than_the_samples_do(tmp_path: Path) -> None:
    # 300 × 1,000 iterations: forty times what a report of 1,000 sessions and visits takes
    text = "{% for a in range(300) %}{% for b in range(1000) %}x{% endfor %}{% endfor %}"
    assert len(rendered(tmp_path, text)) == 300_000


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("題\n{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
         "テンプレートの処理が多すぎます(ループの繰り返しとリストを調べる回数が 500,000 回を超えました)。"),
        ("題\n{% set big = range(100000)|list %}{% for i in range(100000) %}{{ -1 in big }}{% endfor %}",
         "テンプレートの処理が多すぎます(ループの繰り返しとリストを調べる回数が 500,000 回を超えました)。"),
        ("題\n{% for x in range(1000) recursive %}{{ loop(range(1000)) }}{% endfor %}",
         "マクロか include が自分自身を呼び続けています(呼び出しが深すぎます)。"),
        ("題\n{{ 'x' * 10**10 }}", "この式の結果が大きすぎます(約 10,000,000,000 字。テンプレート全体で 20,000,000 字まで)。"),
        ("題\n{{ [0] * 10**9 }}", "この式の結果が大きすぎます(約 1,000,000,000 字。テンプレート全体で 20,000,000 字まで)。"),
        ("題\n{{ 9 ** (9 ** 9) }}", "この式の結果が大きすぎます(約 369,693,100 字。テンプレート全体で 20,000,000 字まで)。"),
        ("題\n{{ '%099999999999d' % 1 }}", "この式の結果が大きすぎます(約 100,000,000,013 字。テンプレート全体で 20,000,000 字まで)。"),
        ("題\n{{ '{:>99999999999}'.format(1) }}",
         "この式の結果が大きすぎます(約 100,000,000,014 字。テンプレート全体で 20,000,000 字まで)。"),
        ("題\n{{ 'x'|center(10**10) }}", "この式の結果が大きすぎます(約 10,000,000,000 字。テンプレート全体で 20,000,000 字まで)。"),
        ("題\n{{ 'x'.ljust(10**10) }}", "この式の結果が大きすぎます(約 10,000,000,000 字。テンプレート全体で 20,000,000 字まで)。"),
        ("題\n{{ ('x' * 1000)|replace('x', 'y' * 100000) }}",
         "この式の結果が大きすぎます(約 100,000,000 字。テンプレート全体で 20,000,000 字まで)。"),
        ("題\n{{ ('-' * 10000)|join('=' * 10000) }}",
         "この式の結果が大きすぎます(約 100,000,000 字。テンプレート全体で 20,000,000 字まで)。"),
        ("題\n{{ lipsum(10**6) }}", "この式の結果が大きすぎます(約 1,200,000,000 字。テンプレート全体で 20,000,000 字まで)。"),
        ("題\n{% set l = [1] %}{% for i in range(64) %}{{ l.extend(l) }}{% endfor %}",
         "テンプレートが作る文字が多すぎます(20,000,000 字を超えました)。"),
        ("題\n{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
         "テンプレートが作る文字が多すぎます(20,000,000 字を超えました)。"),
        ("題\n{% set s %}{% for i in range(100000) %}{{ '〓' * 300 }}{% endfor %}{% endset %}",
         "テンプレートが作る文字が多すぎます(20,000,000 字を超えました)。"),
        ("題\n{% for n in range(10**8) %}{% endfor %}", "range() の数が多すぎます(100,000,000 個。100,000 個まで)。"),
        ("題\n{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
         "マクロか include が自分自身を呼び続けています(呼び出しが深すぎます)。"),
    ],
)
def test_runaway_work_is_refused_at_its_line(tmp_path: Path, text: str, message: str) -> None:
    problem = refused(tmp_path, text)
    assert str(problem.message) == message
    assert problem.location.line == 2
    assert problem.hint is not None


def test_the_refusal_reads_in_english_too(tmp_path: Path) -> None:
    problem = refused(tmp_path, "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}")
    assert problem.format("en").endswith(
        "The template does too much work (more than 500,000 loop iterations and items looked through).\n"
        "    → Check the numbers given to range() and *, and loops inside loops.")


def test_each_rendering_has_its_own_budget(tmp_path: Path) -> None:
    text = "{% for a in range(400) %}{% for b in range(1000) %}{% endfor %}{% endfor %}"
    for _ in range(3):  # 400,000 steps each: together past the limit, each alone within it
        assert rendered(tmp_path, text) == ""
    assert environment(tmp_path).budget.steps == sandbox.MAX_STEPS


def test_record_text_cannot_smuggle_work_into_the_template(tmp_path: Path) -> None:
    # text from the records is data: a '*' or range() in it is printed, never evaluated
    assert rendered(tmp_path, "{{ title }}", title="{{ 'x' * 10**10 }}") == "\\{\\{ \\'x\\' \\* 10\\*\\*10 \\}\\}"


def test_a_template_file_too_large_to_be_one_is_refused_before_it_is_read(tmp_path: Path) -> None:
    template(tmp_path, "report.md.j2", "{% include 'partials/big.md.j2' %}\n")
    big = template(tmp_path, "partials/big.md.j2", "あ" * (MAX_TEMPLATE_BYTES // 3 + 1))
    with pytest.raises(NenpoError) as info:
        render(tmp_path, "report.md.j2", {}).markdown
    [problem] = info.value.problems
    assert problem.location == Location(big)
    assert str(problem.message) == "テンプレートのファイルが大きすぎます(1.0 MB。1 MB まで)。"

"""The `nenpo` command: argument parsing and printing only; the work is in build.py."""

from __future__ import annotations

import argparse
import errno
import os
import sys
import traceback
from datetime import date
from pathlib import Path
from typing import TextIO

from typing import TYPE_CHECKING

from nenpo.errors import NenpoError, Problem
from nenpo.messages import LANGS, Lang, Text
from nenpo.writers import WRITERS

# Each command imports what it needs when it runs, so that `nenpo --help` and a build do not wait
# for the workbook writer, the schema or the worker processes.
if TYPE_CHECKING:
    from nenpo.batch import Outcome


def _output_options(command: argparse.ArgumentParser, formats: str) -> None:
    """-o, --template and --format, as `build` and `watch` take them."""
    command.add_argument("-o", "--out", type=Path, default=Path("out"), metavar="OUT_DIR",
                         help="出力先のフォルダ (既定: out)")
    command.add_argument("--template", default="default", metavar="NAME_OR_DIR",
                         help="テンプレートの名前かフォルダ (既定: default)")
    command.add_argument("--format", default=formats, metavar="FORMATS",
                         help=f"作る形式をカンマ区切りで ({','.join(WRITERS)}; 既定: {formats})")


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=LANGS, default=os.environ.get("NENPO_LANG", "ja"),
                        help="メッセージの言語 / language of messages (ja, en; 既定 ja。環境変数 NENPO_LANG でも指定可)")
    parser = argparse.ArgumentParser(
        prog="nenpo",
        description="年報: 記録(YAML)から年次活動報告書を DOCX と PDF で作ります。",
        epilog="例: nenpo new records/r7 → nenpo check records/r7 → nenpo build records/r7  (out/r7.docx と out/r7.pdf)",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="コマンド")

    b = sub.add_parser("build", parents=[common], help="報告書を作る (DOCX と PDF)",
                       description="記録のフォルダから報告書を作ります。誤りがあればファイルは作りません。")
    b.add_argument("records", type=Path, metavar="RECORDS", nargs="+",
                   help="記録のフォルダ (report.yaml のある所)、または記録のファイル。いくつでも並べられ、"
                        "記録のフォルダを入れたフォルダなら、その中のすべてを作ります")
    b.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                   help="いくつもの報告書を作るとき、同時に作る数 (既定: CPU の数)")
    _output_options(b, "docx,pdf")

    w = sub.add_parser("watch", parents=[common], help="編集しながら見る (保存するたびに作り直す)",
                       description="報告書を作り、記録やテンプレートのファイルが保存されるたびに作り直します。"
                                   "誤りのある保存では、誤りをファイル名:行 とともに示し、前にできた報告書をそのまま残します。"
                                   "終わるには Ctrl-C を押します。")
    w.add_argument("records", type=Path, metavar="RECORDS", help="記録のフォルダ (report.yaml のある所)、または記録のファイル 1つ")
    _output_options(w, "pdf")

    c = sub.add_parser("check", parents=[common], help="報告書を作るときと同じに確かめる (ファイルは作りません)",
                       description="記録、テンプレート、フォント(PDF にない字)まで、報告書を作るときと同じ処理をすべて行い、"
                                   "誤りをファイル名:行:桁 とともに表示します。ファイルは作りません。"
                                   "終了コード: 0 問題なし(警告だけのときも 0)、1 誤りあり。")
    c.add_argument("records", type=Path, metavar="RECORDS", help="記録のフォルダ、または記録のファイル 1つ")
    c.add_argument("--template", default="default", metavar="NAME_OR_DIR",
                   help="確かめるテンプレートの名前かフォルダ (既定: default)")

    n = sub.add_parser("new", parents=[common], help="新しい年度の記録のひな形を作る",
                       description="report.yaml、sessions/01.yaml、visits/01.yaml を、各項目の説明付きで作ります。"
                                   "--xlsx なら、研修と訪問は Excel のブック 記録.xlsx(説明のシートと例の行付き)に書きます。"
                                   "既にファイルのあるフォルダには書きません。")
    n.add_argument("records", type=Path, metavar="RECORDS_DIR", help="作るフォルダ (まだないか、空のフォルダ)")
    n.add_argument("--year", type=int, metavar="YEAR", default=None,
                   help="年度を始まりの年の西暦で (2025 = 令和7年度。既定: 今の年度)")
    n.add_argument("--xlsx", action="store_true",
                   help="研修と訪問を YAML のファイルでなく Excel のブック 記録.xlsx に書くひな形にする")

    e = sub.add_parser("export", parents=[common], help="記録の研修と訪問を Excel のブック (.xlsx) に書き出す",
                       description="記録を確かめ (check と同じ)、研修・訪問を Excel のブックに書き出します。"
                                   "書き出したブックを読み戻して元の記録と比べ、表に書けない値があれば、"
                                   "その記録の場所を示して何も書きません。report.yaml の設定・文章・資料はブックに入りません。")
    e.add_argument("records", type=Path, metavar="RECORDS", help="記録のフォルダ、または記録のファイル 1つ")
    e.add_argument("--xlsx", type=Path, metavar="FILE", required=True, help="書き出す Excel のブック (名前は .xlsx で終わる)")
    e.add_argument("--force", action="store_true", help="FILE がもうあっても置き換える (既定では上書きしません)")

    t = sub.add_parser("template", parents=[common], help="テンプレートを扱う (template new NAME)",
                       description="テンプレートを写して、自分の書式を作ります。")
    tsub = t.add_subparsers(dest="template_command", required=True, metavar="コマンド")
    tn = tsub.add_parser("new", parents=[common], help="テンプレートを templates/NAME/ に写す",
                         description="既定のテンプレート(または --from のテンプレート)を templates/NAME/ に写します。"
                                     "中の README.md に、書き方と使える変数・フィルター・スタイルがあります。")
    tn.add_argument("name", metavar="NAME", help="新しいテンプレートの名前(フォルダ名)")
    tn.add_argument("--from", dest="source", default="default", metavar="NAME_OR_DIR",
                    help="写すもとのテンプレート (既定: default。同梱の kiroku も選べます)")

    s = sub.add_parser("schema", parents=[common], help="記録の JSON Schema を出す (エディタの入力補完用)",
                       description="記録の形を JSON Schema で出力します。VS Code の yaml.schemas に指定できます"
                                   "(README の「エディタで入力補完とチェック」)。")
    where = s.add_mutually_exclusive_group()
    where.add_argument("-o", "--out", type=Path, metavar="FILE",
                       help="report.yaml の形を書き出すファイル (既定: 画面に表示)")
    where.add_argument("--dir", type=Path, metavar="DIR",
                       help="report.yaml・sessions/・visits/ の3つの形を、このフォルダに書き出す")
    return parser


#: The operating system's reasons a secretariat meets, in their words (strerror is English).
_OS_REASONS: dict[int, Text] = {
    errno.ENOSPC: Text("os.no_space"),
    errno.EACCES: Text("os.denied"),
    errno.EPERM: Text("os.denied"),
    errno.EROFS: Text("os.read_only"),
    errno.EEXIST: Text("os.file_in_the_way"),
    errno.ENOTDIR: Text("os.file_in_the_way"),
    errno.EISDIR: Text("os.is_folder"),
    errno.ENOENT: Text("os.missing"),
}


def _say(text: Text, lang: Lang, file: TextIO) -> None:
    print(text.render(lang), file=file)


def _notices(notices: list[Problem], lang: Lang, err: TextIO) -> None:
    for notice in notices:
        print(notice.format(lang), file=err)


def _build_many(folders: list[Path], args: argparse.Namespace, formats: tuple[str, ...], lang: Lang,
                out: TextIO, err: TextIO) -> int:
    """Several reports: a line as each finishes (rewritten in place on a terminal), then the table."""
    from nenpo.batch import build_many, default_jobs, summary
    from nenpo.build import records_name

    live = err.isatty()

    def done(outcome: Outcome, count: int) -> None:
        result = (Text("batch.ok", pages=outcome.pages if outcome.pages is not None else "-",
                       seconds=f"{outcome.seconds:.1f}") if outcome.ok
                  else Text("batch.failed", count=sum(1 for p in outcome.problems if p.severity == "error")))
        line = Text("batch.progress", done=count, total=len(folders), name=records_name(outcome.records),
                    result=result).render(lang)
        if live:  # a bar rewritten in place on a terminal
            filled = round(20 * count / len(folders))
            line = f"\r\033[K{'█' * filled}{'░' * (20 - filled)} {line}"
        print(line, end="" if live else "\n", file=err, flush=True)

    jobs = args.jobs if args.jobs and args.jobs > 0 else default_jobs()
    outcomes = build_many(folders, args.out, args.template, formats, jobs, done)
    if live:
        print(file=err)
    for outcome in outcomes:
        _notices(outcome.notices, lang, err)
        if not outcome.ok:
            _notices(outcome.problems, lang, err)
        for path in outcome.files:
            _say(Text("cli.written", path=path), lang, out)
    for line in summary(outcomes, lang):
        print(line, file=out)
    failed = sum(1 for o in outcomes if not o.ok)
    _say(Text("batch.summary_total", ok=len(outcomes) - failed, failed=failed), lang, out)
    return 1 if failed else 0


def _watch(args: argparse.Namespace, lang: Lang, out: TextIO, err: TextIO) -> int:
    """Build and rebuild on every save until Ctrl-C, which ends it with one line and exit 0."""
    from nenpo.watch import watch

    formats = tuple(f.strip() for f in args.format.split(",") if f.strip())
    try:
        return watch(args.records, args.out, args.template, formats, lang=lang, out=out, err=err)
    except KeyboardInterrupt:
        _say(Text("watch.stopped"), lang, err)
        return 0


def main(argv: list[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run the command line; returns the exit code (0 ok or warnings only, 1 user error, 2 internal error)."""
    out, err = stdout or sys.stdout, stderr or sys.stderr
    args = _parser().parse_args(argv)
    lang: Lang = args.lang
    try:
        if args.command == "build":
            from nenpo.batch import records_folders
            from nenpo.build import build

            formats = tuple(f.strip() for f in args.format.split(",") if f.strip())
            folders = records_folders(args.records)
            if len(folders) > 1:
                return _build_many(folders, args, formats, lang, out, err)
            built = build(folders[0], args.out, args.template, formats)
            _notices(built.notices, lang, err)
            for path in built.files:
                _say(Text("cli.written", path=path), lang, out)
        elif args.command == "watch":
            return _watch(args, lang, out, err)
        elif args.command == "check":
            from nenpo.build import check_report

            checked = check_report(args.records, args.template)
            _notices(checked.notices, lang, err)
            warnings = sum(1 for n in checked.notices if n.severity == "warning")
            if warnings:
                _say(Text("cli.warning_count", count=warnings), lang, err)
            _say(Text("cli.clean", path=args.records), lang, out)
        elif args.command == "new":
            from nenpo.dates import fiscal_year
            from nenpo.records.scaffold import scaffold

            year = args.year if args.year is not None else fiscal_year(date.today())
            for path in scaffold(args.records, year, workbook=args.xlsx):
                _say(Text("cli.written", path=path), lang, out)
            _say(Text("cli.next_steps", path=args.records), lang, out)
        elif args.command == "export":
            from nenpo.records.sheets.export import export_to

            exported = export_to(args.records, args.xlsx, force=args.force)
            _notices(exported.notices, lang, err)
            _say(Text("cli.written", path=args.xlsx), lang, out)
        elif args.command == "template":
            from nenpo.template_new import TEMPLATES_ROOT, new_template, next_steps

            new_template(args.name, args.source)
            _say(Text("cli.written", path=TEMPLATES_ROOT / args.name), lang, out)
            _say(next_steps(TEMPLATES_ROOT / args.name), lang, out)
        elif args.command == "schema":
            from nenpo.atomic import write_bytes
            from nenpo.records.schema import schemas, to_json, write_schemas

            if args.dir:
                for path in write_schemas(args.dir):
                    _say(Text("cli.written", path=path), lang, out)
            elif args.out:
                write_bytes(args.out, to_json(schemas()["report.schema.json"]).encode("utf-8"))
                _say(Text("cli.written", path=args.out), lang, out)
            else:
                out.write(to_json(schemas()["report.schema.json"]))
        return 0
    except NenpoError as exc:
        _notices(exc.problems, lang, err)
        errors = sum(1 for p in exc.problems if p.severity == "error")
        _say(Text("cli.error_count", count=errors), lang, err)
        return 1
    except KeyboardInterrupt:  # Ctrl-C: one line, no traceback; atomic writes left the outputs as they were
        _say(Text("cli.interrupted"), lang, err)
        return 130
    except OSError as exc:  # the disk or the permissions, not nenpo: say which file
        reason = _OS_REASONS.get(exc.errno or 0)
        detail = reason.render(lang) if reason else (exc.strerror or str(exc))
        problem = Problem(Text("cli.cannot_write", path=exc.filename or "", detail=detail),
                          hint=Text("cli.cannot_write_hint"))
        print(problem.format(lang), file=err)
        _say(Text("cli.error_count", count=1), lang, err)
        return 1
    except Exception as exc:  # noqa: BLE001 - a bug in nenpo, not in the user's files
        if os.environ.get("NENPO_DEBUG"):
            traceback.print_exc(file=err)
        _say(Text("cli.internal", detail=f"{type(exc).__name__}: {exc}"), lang, err)
        _say(Text("cli.debug_hint"), lang, err)
        return 2


def run() -> None:
    """The `nenpo` command and `python -m nenpo`: run, then end the process without tearing down the
    interpreter's objects one by one (fonts, templates, the modules of five libraries), which took
    0.15 s, a seventh of a small build. Every file nenpo writes is closed before `main` returns, and
    the standard streams are flushed here."""
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`nenpo … | head`): nothing more to say
            pass
    os._exit(code)


if __name__ == "__main__":
    run()

"""The `nenpo` command: argument parsing and printing only; the work is in build.py."""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from pathlib import Path
from typing import TextIO

from nenpo.build import WRITERS, build, check
from nenpo.errors import NenpoError
from nenpo.records.model import Report


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nenpo",
        description="年報: 記録(YAML)から年次活動報告書を DOCX と PDF で作ります。",
        epilog="例: nenpo build records/okitama-r1   → out/okitama-r1.docx と out/okitama-r1.pdf",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="コマンド")

    b = sub.add_parser("build", help="報告書を作る (DOCX と PDF)",
                       description="記録のフォルダから報告書を作ります。")
    b.add_argument("records", type=Path, metavar="RECORDS_DIR", help="記録のフォルダ (report.yaml のある所)")
    b.add_argument("-o", "--out", type=Path, default=Path("out"), metavar="OUT_DIR",
                   help="出力先のフォルダ (既定: out)")
    b.add_argument("--template", default="default", metavar="NAME_OR_DIR",
                   help="テンプレートの名前かフォルダ (既定: default)")
    b.add_argument("--format", default="docx,pdf", metavar="FORMATS",
                   help=f"作る形式をカンマ区切りで ({','.join(WRITERS)}; 既定: docx,pdf)")

    c = sub.add_parser("check", help="記録を確かめるだけ (ファイルは作りません)",
                       description="記録の誤りをすべて探して表示します。")
    c.add_argument("records", type=Path, metavar="RECORDS_DIR", help="記録のフォルダ")

    s = sub.add_parser("schema", help="記録の JSON Schema を出す (エディタの入力補完用)",
                       description="記録の形を JSON Schema で出力します。VS Code の yaml.schemas に指定できます。")
    s.add_argument("-o", "--out", type=Path, metavar="FILE", help="書き出すファイル (既定: 画面に表示)")
    return parser


def main(argv: list[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 user error, 2 internal error)."""
    out, err = stdout or sys.stdout, stderr or sys.stderr
    args = _parser().parse_args(argv)
    try:
        if args.command == "build":
            formats = tuple(f.strip() for f in args.format.split(",") if f.strip())
            for path in build(args.records, args.out, args.template, formats):
                print(f"作成しました: {path}", file=out)
        elif args.command == "check":
            checked = check(args.records)
            for notice in checked.notices:
                print(notice.format(), file=err)
            print(f"問題ありません: {args.records}", file=out)
        elif args.command == "schema":
            text = json.dumps(Report.model_json_schema(), ensure_ascii=False, indent=2) + "\n"
            if args.out:
                args.out.write_text(text, encoding="utf-8")
                print(f"作成しました: {args.out}", file=out)
            else:
                out.write(text)
        return 0
    except NenpoError as exc:
        for problem in exc.problems:
            print(problem.format(), file=err)
        errors = sum(1 for p in exc.problems if p.severity == "error")
        print(f"{errors}件の誤りがあります。", file=err)
        return 1
    except Exception as exc:  # a bug in nenpo, not in the user's files
        if os.environ.get("NENPO_DEBUG"):
            traceback.print_exc(file=err)
        print(f"nenpo の内部エラーです(記録の誤りではありません): {type(exc).__name__}: {exc}", file=err)
        print("NENPO_DEBUG=1 を付けて実行すると詳細が出ます。", file=err)
        return 2


if __name__ == "__main__":
    sys.exit(main())

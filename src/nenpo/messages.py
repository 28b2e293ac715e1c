"""Every sentence nenpo says to a user, in Japanese and in English, in one catalog.

Code never writes a user-facing sentence inline: it names a catalog entry and its values
(`Text("load.tab")`), and the sentence is rendered when printed, in the language the user asked
for (`nenpo --lang en`). Japanese is the default, since the secretariat reads Japanese.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Lang = Literal["ja", "en"]
LANGS: tuple[Lang, ...] = ("ja", "en")


@dataclass(frozen=True)
class Text:
    """A catalog entry with its values; values may themselves be `Text`, rendered alike."""

    key: str
    params: Mapping[str, object] = field(default_factory=dict)

    def __init__(self, key: str, /, **params: object) -> None:
        if key not in CATALOG:
            raise KeyError(f"no message {key!r} in the catalog")
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "params", params)

    def render(self, lang: Lang = "ja") -> str:
        """The sentence in `lang`, with its values filled in."""
        values = {k: v.render(lang) if isinstance(v, Text) else v for k, v in self.params.items()}
        return CATALOG[self.key][LANGS.index(lang)].format(**values)

    def __str__(self) -> str:
        return self.render()


#: key → (Japanese, English). Placeholders are `str.format` fields and must match in both.
CATALOG: dict[str, tuple[str, str]] = {
    # --- the command line -------------------------------------------------------------------
    "cli.written": ("作成しました: {path}", "Written: {path}"),
    "cli.clean": ("問題ありません: {path}", "No problems: {path}"),
    "cli.error_count": ("{count}件の誤りがあります。", "{count} error(s) found."),
    "cli.warning_count": ("{count}件の警告があります(報告書は作れます)。",
                          "{count} warning(s); the report can still be built."),
    "cli.internal": ("nenpo の内部エラーです(記録の誤りではありません): {detail}",
                     "Internal error in nenpo (not a mistake in your records): {detail}"),
    "cli.debug_hint": ("NENPO_DEBUG=1 を付けて実行すると詳細が出ます。", "Run with NENPO_DEBUG=1 for details."),
    "cli.next_steps": ("次に: 各ファイルを書き換えてから `nenpo check {path}` で確かめてください。",
                       "Next: edit the files, then run `nenpo check {path}`."),
    "cli.cannot_write": ("{path} を読み書きできません: {detail}", "Cannot read or write {path}: {detail}"),
    "cli.cannot_write_hint": (("フォルダの名前、書き込みの権限、ディスクの空きを確かめてください。"
                               "Word などで開いたままなら閉じてください。"),
                              ("Check the folder name, your permissions and the free disk space; "
                               "close the file if Word or a viewer has it open.")),
    "problem.warning": ("警告", "warning"),
    # --- reading files ----------------------------------------------------------------------
    "load.read_utf16": ("UTF-16 (メモ帳の「Unicode」) として読みました。", "Read as UTF-16 (Notepad's “Unicode”)."),
    "load.read_cp932": ("Shift_JIS (CP932) として読みました。", "Read as Shift_JIS (CP932)."),
    "load.save_utf8": ("UTF-8 で保存すると確実です。", "Saving the file as UTF-8 is safest."),
    "load.undecodable": ("文字コードを読み取れません(UTF-8 でも Shift_JIS でもありません)。",
                         "Cannot read the file's encoding (neither UTF-8 nor Shift_JIS)."),
    "load.resave_utf8": ("UTF-8 で保存し直してください(メモ帳なら「名前を付けて保存」→ 文字コード UTF-8)。",
                         "Save it again as UTF-8 (in Notepad: Save As → Encoding UTF-8)."),
    "load.binary": ("文字のファイルではありません(画像や Excel などのファイルのようです)。",
                    "This is not a text file (it looks like an image, a spreadsheet or similar)."),
    "load.binary_hint": ("記録は YAML の文字ファイル(.yaml)です。ファイルを取り違えていないか確かめてください。",
                         "Records are YAML text files (.yaml); check that this is the right file."),
    "load.too_large": ("ファイルが大きすぎます({size} MB。1ファイル {limit} MB まで)。",
                       "The file is too large ({size} MB; the limit is {limit} MB per file)."),
    "load.too_large_hint": ("記録のファイルは普通 1 MB もありません。ファイルを取り違えていないか確かめてください。",
                            "A records file is normally far below 1 MB; check that this is the right file."),
    "load.bad_char": ("使えない文字 {char} があります。", "The file contains the unusable character {char}."),
    "load.bad_char_hint": ("Word などから貼り付けたときに入る見えない文字です。その文字を消してください。",
                           "Such invisible characters come with text pasted from Word and similar; delete it."),
    "load.fullwidth_space": ("字下げに全角スペース(U+3000)が使われています。",
                             "A full-width space (U+3000) is used for indentation."),
    "load.tab": ("字下げにタブが使われています。", "A tab is used for indentation."),
    "load.indent_hint": ("字下げは半角スペースで書いてください(IME を半角英数にしてスペースキー)。",
                         "Indent with ordinary half-width spaces (switch the IME to direct input)."),
    "load.fullwidth_colon": ("項目名「{key}」の後のコロンが全角の「：」です。",
                             "The colon after the key “{key}” is a full-width “：”."),
    "load.fullwidth_colon_hint": ("半角のコロンと半角スペース「: 」にしてください(例: {key}: 値)。",
                                  "Type a half-width colon and a space instead (e.g. {key}: value)."),
    "load.alias": ("値の先頭の「{mark}」は YAML の特別な記号(別名)として読まれます。",
                   "A value starting with “{mark}” is read as a YAML alias or anchor."),
    "load.alias_hint": ("文字として書くときは値全体を \"…\" で囲んでください(例: title: \"{mark}重要\")。",
                        "To write it as text, put the whole value in double quotes (e.g. title: \"{mark}note\")."),
    "load.alias_reuse": ("「&名前」を付けたリストや「項目名: 値」の組を「*名前」で使い回すことはできません。",
                         "A list or mapping marked “&name” cannot be reused with “*name”."),
    "load.alias_reuse_hint": ("同じ内容を、使う所それぞれに書いてください。", "Write the content out where it is used."),
    "load.too_deep": ("入れ子が深すぎます({limit} 段まで)。", "The nesting is too deep (at most {limit} levels)."),
    "load.too_deep_hint": ("記録は数段の入れ子で書けます。ファイルを取り違えていないか確かめてください。",
                           "Records need only a few levels of nesting; check that this is the right file."),
    "load.hash_comment": ("「{comment}」は「#」から後がコメントとして読み飛ばされ、報告書に出ません。",
                          "“{comment}” starts with “#”, so YAML drops it as a comment."),
    "load.hash_comment_hint": ("文字として書くときは値全体を \"…\" で囲んでください(例: title: \"第5回 #地域づくり\")。",
                               "To keep it, put the whole value in double quotes."),
    "load.syntax": ("YAML の書き方に誤りがあります: {detail}", "YAML syntax error: {detail}"),
    "load.syntax_hint": (("字下げは半角スペース、「項目名: 値」のコロンは半角で書いてください。"
                         "値に「: 」や「#」を含むときは値全体を \"…\" で囲みます。"),
                         ("Indent with spaces and write “key: value” with a half-width colon. "
                         "Quote a value that contains “: ” or “#”.")),
    "yaml.mapping_values": ("ここに「項目名: 値」は書けません(前の行の字下げか、値の中の「: 」を確かめてください)",
                            "a “key: value” is not allowed here (check the indentation above, or a “: ” inside a value)"),
    "yaml.expected_colon": ("「項目名: 値」のコロンが見つかりません", "the colon of a “key: value” is missing"),
    "yaml.expected_key": ("字下げがそろっていません", "the indentation does not line up"),
    "yaml.block_end": ("字下げがそろっていないか、リストと「項目名: 値」が混ざっています",
                       "the indentation does not line up, or a list and “key: value” pairs are mixed"),
    "yaml.unclosed_quote": ("「\"」や「'」が閉じられていません", "a quote (\" or ') is not closed"),
    "yaml.unclosed_bracket": ("「[」や「{{」が閉じられていません", "a bracket ([ or {{) is not closed"),
    "yaml.bad_token": ("この位置に書けない文字があります", "a character here cannot start a value"),
    "yaml.other": ("{detail}", "{detail}"),
    "load.no_folder": ("記録のフォルダがありません。", "The records folder does not exist."),
    "load.no_folder_hint": ("report.yaml のあるフォルダを指定してください。",
                            "Give the folder that holds report.yaml."),
    "load.no_main": ("{name} がありません。", "{name} is missing."),
    "load.no_main_hint": ("記録のフォルダに {name} を置いてください(ひな形は `nenpo new` で作れます)。",
                          "Put {name} in the records folder (`nenpo new` creates one to fill in)."),
    "load.no_main_above_hint": ("{name} は一つ上のフォルダにあります。そのフォルダを指定してください: {folder}",
                                "{name} is in the folder above; give that folder: {folder}"),
    "load.not_mapping": ("ファイル全体が「項目名: 値」の形になっていません。",
                         "The file as a whole is not a set of “key: value” pairs."),
    "load.not_mapping_hint": ("report: から書き始めてください。", "Start the file with report:."),
    "load.duplicate_key": ("項目「{key}」が2回書かれています。", "The key “{key}” is written twice."),
    "load.duplicate_key_hint": ("どちらか一方を消してください(もう一方は {line} 行目)。",
                                "Delete one of them (the other is on line {line})."),
    # --- validation -------------------------------------------------------------------------
    "check.missing": ("必須の項目「{name}」がありません。", "The required field “{name}” is missing."),
    "check.missing_hint": ("{name}: を書き足してください。", "Add {name}: here."),
    "check.unknown": ("「{name}」という項目はありません。", "There is no field “{name}”."),
    "check.did_you_mean": ("もしかして「{close}」ですか。", "Did you mean “{close}”?"),
    "check.allowed": ("ここに書ける項目: {names}", "Fields allowed here: {names}"),
    "check.out_of_range": ("値 {value} が範囲の外です({bound})。", "The value {value} is out of range ({bound})."),
    "check.ge": ("{limit} 以上", "at least {limit}"),
    "check.le": ("{limit} 以下", "at most {limit}"),
    "check.gt": ("{limit} より大きい数", "greater than {limit}"),
    "check.lt": ("{limit} より小さい数", "less than {limit}"),
    "check.too_short": ("少なくとも {limit} 個書いてください", "write at least {limit}"),
    "check.fiscal_year_hint": ("年度は始まりの年を西暦で書きます(令和元年度なら 2019、平成30年度なら 2018)。",
                               "Write the fiscal year as its starting Western year (令和元年度 is 2019)."),
    "check.not_allowed": ("「{value}」は使えません。", "“{value}” is not allowed here."),
    "check.choose": ("次のどれかを書いてください: {choices}", "Write one of: {choices}"),
    "check.wrong_type": ("{expected}を書いてください(今は「{value}」)。", "Expected {expected} (found “{value}”)."),
    "check.pattern": ("「{value}」は書き方が違います。", "“{value}” is not in the expected form."),
    "check.pattern_hint": ("この形で書いてください: {pattern}", "Write it in this form: {pattern}"),
    "check.invalid": ("値が正しくありません({detail})。", "Invalid value ({detail})."),
    "type.text": ("文字", "text"),
    "type.integer": ("整数", "a whole number"),
    "type.bool": ("true か false", "true or false"),
    "type.list": ("リスト(「- 」で始まる行)", "a list (lines starting with “- ”)"),
    "type.mapping": ("「項目名: 値」の組", "“key: value” pairs"),
    "type.date": ("日付", "a date"),
    "type.number": ("数", "a number"),
    "check.empty": ("空です。文字を書いてください。", "It is empty; write some text."),
    "check.empty_hint": ("「#」から後はコメントとして読み飛ばされます。値に # を含むときは値全体を \"…\" で囲んでください。",
                         "Everything after “#” is a comment; quote a value that contains #."),
    "check.row_cells": ("{row}行目の欄の数({cells})が見出しの数({header})と違います。",
                        "Row {row} has {cells} cells but the header has {header}."),
    "check.duplicate_session": ("第{number}回が2回あります。", "Session {number} appears twice."),
    "check.duplicate_session_hint": ("もう一方は {where} です。回の番号を確かめてください。",
                                     "The other is at {where}; check the session numbers."),
    "check.outside_year": ("{what}の日付 {day} は{label}({first}〜{last})の外です。",
                           "{what} is dated {day}, outside {label} ({first} to {last})."),
    "check.outside_year_hint": ("日付か report.fiscal_year を確かめてください。",
                                "Check the date, or report.fiscal_year."),
    "check.session": ("第{number}回", "Session {number}"),
    "check.visit": ("{number}件目の訪問", "Visit {number}"),
    "check.item": ("{number}件目", "Item {number}"),
    # --- dates ------------------------------------------------------------------------------
    "date.unreadable": ("「{text}」を日付として読めません。", "Cannot read “{text}” as a date."),
    "date.forms_hint": ("2019-07-05、2019/7/5、2019年7月5日、令和元年7月5日、R1.7.5 のように書いてください。",
                        "Write it like 2019-07-05, 2019/7/5, 2019年7月5日, 令和元年7月5日 or R1.7.5."),
    "date.nonexistent": ("「{text}」は存在しない日付です。", "“{text}” is not a real date."),
    "date.month_hint": ("月は1から12までです。", "Months run from 1 to 12."),
    "date.day_hint": ("{year}年{month}月は{last}日までです。", "{month}/{year} has {last} days."),
    "date.before_gregorian": ("「{text}」は明治6年1月1日(1873-01-01)より前で、扱えません。",
                              "“{text}” is before 1873-01-01 (明治6年1月1日), which nenpo cannot handle."),
    "date.era_year_zero": ("「{text}」: {era}0年はありません。", "“{text}”: there is no year 0 of {era}."),
    "date.era_year_zero_hint": ("最初の年は {era}元年(1年)です。", "The first year is {era}元年 (year 1)."),
    "date.before_era": ("「{text}」は{era}の始まり({start})より前です。",
                        "“{text}” is before {era} began ({start})."),
    "date.wrong_era": ("「{text}」は{era}ではありません。", "“{text}” is not in the {era} era."),
    "date.wrong_era_hint": ("その日は {right} です。", "That day is {right}."),
    "date.end_before_start": ("終わりの日 {end} が始まりの日 {start} より前です。",
                              "The end date {end} is before the start date {start}."),
    "date.span_reversed": ("「{text}」は終わりの日({end})が始まりの日({start})より前です。",
                           "In “{text}” the end ({end}) is before the start ({start})."),
    "date.end_before_start_hint": ("始まりと終わりを入れ替えるか、日付を確かめてください。",
                                   "Swap the start and the end, or check the dates."),
    # --- styles and templates ---------------------------------------------------------------
    "style.no_parent": ("親スタイル「{name}」がありません。", "The parent style “{name}” does not exist."),
    "style.cycle": ("スタイル「{name}」の parent が循環しています({chain})。",
                    "The parents of style “{name}” form a loop ({chain})."),
    "style.undefined": ("スタイル「{name}」が定義されていません。", "The style “{name}” is not defined."),
    "style.undefined_hint": ("既定のテンプレートの style.yaml から写してください。",
                             "Copy it from the default template's style.yaml."),
    "style.too_long": ("長すぎます({length} 字。{limit} 字まで)。", "Too long ({length} characters; at most {limit})."),
    "style.too_long_hint": ("ページ番号や柱は1行に収まる短さで書いてください。",
                            "A page number or running header must fit on one line."),
    "style.text_too_narrow": ("左右の余白({left} mm と {right} mm)が大きすぎて、本文の幅が {width} mm しかありません。",
                              "The left and right margins ({left} mm and {right} mm) leave a text width of only {width} mm."),
    "style.text_too_short": ("上下の余白({top} mm と {bottom} mm)が大きすぎて、本文の高さが {height} mm しかありません。",
                             "The top and bottom margins ({top} mm and {bottom} mm) leave a text height of only {height} mm."),
    "style.text_area_hint": ("紙({paper} mm)から余白を引いた本文の部分が {min} mm 以上になるよう、余白を小さくしてください。",
                             "Make the margins smaller: the paper ({paper} mm) less the margins must leave at least {min} mm."),
    "style.leading_below_size": ("行送り {leading} pt が文字の大きさ {size} pt より小さく、行と行が重なります。",
                                 "A leading of {leading} pt is less than the type size of {size} pt: the lines would overlap."),
    "style.leading_below_size_hint": ("leading を size 以上にしてください(本文なら size の 1.5〜1.8 倍が目安です)。",
                                      "Make leading at least size (about 1.5–1.8 times size for body text)."),
    "style.leading_too_large": ("行送り {leading} pt では、本文の高さ {height} mm に3行も入りません。",
                                "With a leading of {leading} pt, not even three lines fit in the text height of {height} mm."),
    "style.leading_too_large_hint": ("leading を小さくするか、page の上下の余白を小さくしてください。",
                                     "Make leading smaller, or the top and bottom margins of the page."),
    "style.no_room": ("インデント {indent} 字と文字の大きさ {size} pt では、本文の幅 {width} mm に1字も入りません。",
                      "With an indent of {indent} characters at {size} pt, not one character fits in the text width of {width} mm."),
    "style.no_room_hint": ("first_line_indent・left_indent(字)か size を小さくしてください。",
                           "Make first_line_indent or left_indent (in characters) or size smaller."),
    "style.off_paper": ("インデント {indent} 字が左の余白 {margin} mm より外に出て、字が紙からはみ出します。",
                        "An indent of {indent} characters reaches past the left margin of {margin} mm, off the paper."),
    "style.off_paper_hint": ("ぶら下げ(マイナスの first_line_indent)は left_indent と合わせて左の余白に収めてください。",
                             "Keep a hanging (negative) first_line_indent, with left_indent, within the left margin."),
    "template.missing": ("テンプレート「{name}」が見つかりません。", "Template “{name}” not found."),
    "template.missing_hint": ("{file} のあるフォルダか、テンプレート名({names})を指定してください。",
                              "Give a folder holding {file}, or a template name ({names})."),
    "template.unknown_style": ("スタイル「{name}」が style.yaml にありません。",
                               "The style “{name}” is not in style.yaml."),
    "template.unknown_style_hint": ("style.yaml の paragraphs に定義するか、テンプレートの {{.名前}} を直してください。",
                                    "Define it under paragraphs in style.yaml, or fix the {{.name}} in the template."),
    "template.syntax": ("テンプレートの書き方に誤りがあります: {detail}", "Template syntax error: {detail}"),
    "template.undefined": ("テンプレートの変数がありません: {detail}", "Undefined template variable: {detail}"),
    "template.undefined_hint": ("変数名の綴りを確かめてください。使える変数はテンプレートの README.md にあります。",
                                "Check the spelling; the template's README.md lists the variables."),
    "template.failed": ("テンプレートを処理できません: {detail}", "The template failed: {detail}"),
    "template.too_many_steps": ("テンプレートの処理が多すぎます(ループの繰り返しとリストを調べる回数が {limit} 回を超えました)。",
                                "The template does too much work (more than {limit} loop iterations and items looked through)."),
    "template.too_much_text": ("テンプレートが作る文字が多すぎます({limit} 字を超えました)。",
                               "The template makes too much text (more than {limit} characters)."),
    "template.too_large": ("この式の結果が大きすぎます(約 {size} 字。テンプレート全体で {limit} 字まで)。",
                           "The result of this expression is too large (about {size} characters; "
                           "a template may make {limit} in all)."),
    "template.range_too_large": ("range() の数が多すぎます({count} 個。{limit} 個まで)。",
                                 "range() gives too many numbers ({count}; at most {limit})."),
    "template.limit_hint": ("range() や * に書いた数と、ループの中のループを確かめてください。",
                            "Check the numbers given to range() and *, and loops inside loops."),
    "template.out_of_memory": ("テンプレートの処理でメモリが足りなくなりました。",
                               "The template ran out of memory."),
    "template.recursion": ("マクロか include が自分自身を呼び続けています(呼び出しが深すぎます)。",
                           "A macro or include keeps calling itself (the calls nest too deep)."),
    "template.recursion_hint": ("自分を呼ぶマクロには、止まる条件を書いてください。",
                                "Give a macro that calls itself a condition to stop."),
    "template.file_too_large": ("テンプレートのファイルが大きすぎます({size} MB。{limit} MB まで)。",
                                "The template file is too large ({size} MB; at most {limit} MB)."),
    "template.file_too_large_hint": ("テンプレートのフォルダに、テンプレートでないファイルを .j2 の名前で置いていないか確かめてください。",
                                     "Check that no other file was saved under a template's .j2 name."),
    "template.markup": ("テンプレートのこの書き方({kind})は使えません。", "This markup ({kind}) is not supported."),
    "template.markup_hint": ("見出し(#)、段落、表、::: で囲む枠、--- (改ページ) を使ってください。",
                             "Use headings (#), paragraphs, tables, ::: blocks and --- (page break)."),
    "template.bad_reference": ("{file} を Word の文書 (.docx) として開けません。", "Cannot open {file} as a Word document (.docx)."),
    "template.bad_reference_hint": ("Word で開いて「名前を付けて保存」→「Word 文書 (*.docx)」で保存し直すか、このファイルを消してください。",
                                    "Open it in Word and save it again as “Word Document (*.docx)”, or delete it."),
    "template.reference_too_large": ("{file} が大きすぎます({size} MB。{limit} MB まで)。",
                                     "{file} is too large ({size} MB; at most {limit} MB)."),
    "template.reference_too_large_hint": (("reference.docx はスタイルを伝えるだけの文書です。Word で本文や画像を消して"
                                           "保存し直すか、このファイルを消してください。"),
                                          ("A reference.docx only carries styles: delete its text and pictures in Word "
                                           "and save it again, or delete the file.")),
    "template.reference_unpacks_too_large": (("{file} は展開すると {size} MB・{parts} 個の部品になり、Word の文書として"
                                              "大きすぎます({limit} MB まで)。"),
                                             ("{file} unpacks to {size} MB in {parts} parts, too large for a Word "
                                              "document (at most {limit} MB).")),
    "build.unknown_format": ("出力形式「{names}」は作れません。", "Cannot write the format “{names}”."),
    "build.choose_format": ("{names} から選んでください。", "Choose from {names}."),
    # --- fonts ------------------------------------------------------------------------------
    "font.cff": ("フォント {file} は OpenType (CFF) 形式で、PDF に埋め込めません。",
                 "The font {file} is OpenType (CFF) and cannot be embedded in the PDF."),
    "font.cff_hint": (("TrueType 形式 (.ttf) のフォントを指定してください: IPAexMincho / IPAexGothic、"
                      "BIZUDMincho / BIZUDGothic など。Noto CJK の .otf は使えません。"),
                      ("Name a TrueType (.ttf) font such as IPAexMincho / IPAexGothic or "
                      "BIZUDMincho / BIZUDGothic; Noto CJK .otf files do not work.")),
    "font.not_font": ("{path} はフォントのファイルではありません。", "{path} is not a font file."),
    "font.broken": ("フォントのファイル {path} が壊れています(途中で切れているか、中身が正しくありません)。",
                    "The font file {path} is damaged (cut short, or its contents are wrong)."),
    "font.broken_hint": ("フォントを入れ直すか、style.yaml の fonts に別のフォントを指定してください。",
                         "Reinstall the font, or name another font under fonts in style.yaml."),
    "font.no_file": ("フォントのファイル {name} が見つかりません。", "Font file {name} not found."),
    "font.no_file_hint": ("style.yaml の fonts に書いたパスを確かめてください。",
                          "Check the path under fonts in style.yaml."),
    "font.unknown": ("フォント名「{name}」を知りません。", "Unknown font name “{name}”."),
    "font.unknown_hint": ("{names} のどれかか、.ttf ファイルのパスを書いてください。",
                          "Write one of {names}, or the path of a .ttf file."),
    "font.not_installed": ("フォント「{word}」({key}) が見つかりません。", "Font “{word}” ({key}) is not installed."),
    "font.not_installed_hint": (("Debian/Ubuntu では `sudo apt install {package}`。Windows・macOS ではフォントを"
                                "入手してインストールするか、{files} をテンプレートのフォルダに置いてください。"),
                                ("On Debian/Ubuntu: `sudo apt install {package}`. On Windows or macOS, install "
                                "the font, or put {files} in the template folder.")),
    "font.missing_glyph": ("「{char}」({code}) はフォント {font} にない字で、PDF では空白になってしまいます。",
                           "“{char}” ({code}) is not in the font {font}; the PDF would show a blank."),
    "font.missing_glyph_hint": (("ふつうの字に書き換えるか(例: 𠮷 → 吉)、この字のあるフォントを "
                                 "style.yaml の fonts に指定してください。"),
                                ("Use a common form of the character (𠮷 → 吉), or name a font that "
                                 "has it under fonts in style.yaml.")),
    "font.not_japanese": ("フォント {font} は日本語のフォントではないようです(かなや漢字がありません)。",
                          "The font {font} does not look Japanese (it has no kana or kanji)."),
    "font.not_japanese_hint": ("style.yaml の fonts に IPAexMincho / IPAexGothic などの日本語のフォントを指定してください。",
                               "Name a Japanese font such as IPAexMincho / IPAexGothic under fonts in style.yaml."),
    "pdf.does_not_fit": ("「{text}」で始まる部分が1ページに収まりません(本文の部分は {width} × {height} mm)。",
                         "The part starting “{text}” does not fit on a page (the text area is {width} × {height} mm)."),
    "pdf.does_not_fit_hint": (("style.yaml で文字の大きさ (size)・行送り (leading)・インデント・表の余白 (padding) を"
                               "小さくするか、page の余白 (margins) を小さくしてください。"),
                              ("In style.yaml, make size, leading, the indents or the table padding smaller, "
                               "or the page margins.")),
    # --- scaffolding ------------------------------------------------------------------------
    "new.exists": ("{path} にはもうファイルがあります。", "{path} already contains files."),
    "new.year_out_of_range": ("{year}年度のひな形は作れません({first}〜{last} の西暦の年を指定してください)。",
                              "Cannot scaffold fiscal year {year}; give a year from {first} to {last}."),
    "new.exists_hint": ("空のフォルダか、まだない名前を指定してください(上書きはしません)。",
                        "Give an empty or new folder; nenpo never overwrites records."),
    # --- templates (nenpo template new) -------------------------------------------------------
    "template_new.exists": ("テンプレートのフォルダ {path} にはもうファイルがあります。",
                            "The template folder {path} already contains files."),
    "template_new.exists_hint": (("別の名前を指定してください。そのテンプレートを作り直すときは、フォルダを消すか"
                                  "名前を変えてから実行してください(上書きはしません)。"),
                                 ("Give another name; to make that template afresh, delete or rename its "
                                  "folder first (nenpo never overwrites a template).")),
    "template_new.bad_name": ("「{name}」はテンプレートの名前にできません。", "“{name}” cannot be a template name."),
    "template_new.bad_name_hint": (("フォルダの名前だけを書いてください(例: mine、置賜)。/ \\ : * ? \" < > | と"
                                    "先頭の . は使えません。テンプレートは {root} の下に作ります。"),
                                   ("Give just a folder name (e.g. mine), without / \\ : * ? \" < > | or a "
                                    "leading dot; the template is made under {root}.")),
    "template_new.next_steps": (("次に: {path} のファイルを書き換え、`nenpo build 記録のフォルダ --template {path}` で"
                                 "確かめてください。書き方は {readme} にあります。"),
                                ("Next: edit the files in {path}, then run `nenpo build RECORDS --template {path}`; "
                                 "{readme} explains how.")),
}

"""What a secretariat types, as hypothesis strategies: the characters of record text.

Every character comes from the cmap of the default template's two fonts (IPAex明朝 and
IPAexゴシック), so the build's glyph check never refuses it: hiragana, katakana (and 半角 katakana),
common kanji (those of the sample records) and any kanji the fonts have, astral kanji (𩸽 𡈽 𪚲 𠀋 …,
and the astral compatibility ideographs), CJK compatibility ideographs of the BMP (﨑 﨟 神: NFC
would change most of them), 全角 punctuation and alphanumerics, Latin words and digits, symbols
NFKC would change (① ㈱ ℃), runs a line breaker must force or may not break (a long URL,
「「「「, 、、、、, ——……), and the markup characters and sequences a Markdown or Jinja2 layer could
take for syntax (`<`, `&amp;`, `**`, `{{ }}`, `\\`, `|`…), which must stay text.

A value never starts or ends with white space (the records model strips names and each line of
a paragraph, so edges are not the secretariat's text) and never holds a line break or a control
character. Paragraphs can be written over several lines (`Para`): each line break falls between
two Japanese characters or between two Latin words, so the expected text is unambiguous — the
lines joined with nothing between Japanese and one space between Latin words.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from hypothesis import strategies as st

from nenpo.build import STYLE_FILE, find_template
from nenpo.style import load_styles
from nenpo.glyphs import font_chars
from nenpo.writers.layout import resolve_fonts

ROOT = Path(__file__).resolve().parents[2]

#: Categories that can be switched off for a local run (`NENPO_PROPERTY_OFF=astral,fold`), to look
#: past a known bug at the others. CI and the benchmark run with everything on.
OFF = frozenset(filter(None, (part.strip() for part in os.environ.get("NENPO_PROPERTY_OFF", "").split(","))))
CATEGORIES = ("astral", "compat", "fold", "yaml11", "markup")
if unknown := OFF - set(CATEGORIES):
    raise ValueError(f"NENPO_PROPERTY_OFF: unknown categories {sorted(unknown)}; known: {CATEGORIES}")


@lru_cache(maxsize=1)
def font_alphabet() -> frozenset[int]:
    """The code points both fonts of the default template draw."""
    styles = load_styles(find_template("default") / STYLE_FILE)
    tables = [font_chars(font.path) for font in resolve_fonts(styles).values()]
    return frozenset.intersection(*tables)


def drawable(chars: str | range) -> str:
    """The characters of `chars` both fonts have, without marks that combine with the one before."""
    codes = font_alphabet()
    text = "".join(chr(c) for c in chars) if isinstance(chars, range) else chars
    return "".join(dict.fromkeys(c for c in text if ord(c) in codes and unicodedata.category(c) not in ("Mn", "Me")))


def _sample_kanji() -> str:
    """The kanji the sample records use: the common ones of real reports."""
    text = "".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "records").rglob("*.yaml")))
    return "".join(sorted({c for c in text if 0x4E00 <= ord(c) <= 0x9FFF}))


HIRAGANA = drawable(range(0x3041, 0x3097)) + "ー"
KATAKANA = drawable(range(0x30A1, 0x30FB)) + "ー"
HALFWIDTH_KATAKANA = drawable(range(0xFF66, 0xFFA0))
COMMON_KANJI = drawable(_sample_kanji())
ANY_KANJI = drawable(range(0x4E00, 0xA000))
#: Astral kanji (CJK Extension B and later, and the astral compatibility ideographs U+2F800…).
ASTRAL_KANJI = drawable(range(0x20000, 0x40000))
#: Compatibility ideographs of the BMP: NFC maps most of them to another kanji, so any
#: normalisation on the way shows.
COMPAT_KANJI = drawable(range(0xF900, 0xFB00))
FULLWIDTH_PUNCTUATION = drawable(
    "「」『』（）［］｛｝〈〉《》【】〔〕、。・：；？！〜～…‥＝＋－＊／＼＆＃％＄＠＿｜＜＞“”‘’※〒〇々〆ヶ"
)
FULLWIDTH_ALNUM = drawable(range(0xFF10, 0xFF1A)) + drawable(range(0xFF21, 0xFF3B)) + drawable(range(0xFF41, 0xFF5B))
#: Symbols and letters that NFKC or a careless font fallback would change.
SYMBOLS = drawable("①②③⑩㈱㈲℃№㎡ⅠⅡⅢ½αβΩЖжéüßÅ×÷→⇒♪☆★◎○●■□▲△◆—―‐–°±§¶")
#: Any other character of the BMP the fonts draw as a character of its own: Greek, Cyrillic, box
#: drawing, units, circled numbers, en and em spaces (not combining marks, format or private-use
#: characters; astral and compatibility kanji have categories of their own).
ANY_DRAWABLE = "".join(chr(c) for c in sorted(font_alphabet())
                       if c <= 0xFFFF and not 0xF900 <= c <= 0xFAFF
                       and (unicodedata.category(chr(c))[0] in "LNPS" or unicodedata.category(chr(c)) == "Zs"))
LATIN_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
DIGITS = "0123456789"
#: Single characters Markdown, Jinja2 or YAML give a meaning.
MARKUP_CHARS = "<>&*_#|[]{}\\`~!-+=.:()\"'$%^@?;,/"
#: Sequences that are syntax somewhere in the pipeline.
MARKUP_SEQUENCES = (
    "{{", "}}", "{{ x }}", "{%", "%}", "{# c #}", "**", "__", "~~", "```", "---", "***", "===", ":::",
    "::: cover", "{.Title}", "&amp;", "&lt;", "&#x41;", "&#65;", "&copy;", "&nbsp;", "<br>", "<b>", "</b>",
    "<!--", "-->", "<script>", "[a](b)", "![x](y.png)", "[^1]", "<http://a.jp>", "http://example.com/a_b_c",
    "\\|", "\\\\", "\\*", "\\n", "1.", "1)", "# ", "## ", "- ", "+ ", "> ", "| a |", "|---|", "${x}", "%s",
    "{0}", "a_b_c", "*強調*", "_x_", "`code`", "\\", "  ",
)
#: White space a value may hold inside (the edges are stripped by the records model).
INNER_SPACE = (" ", "\u3000", "\u00a0", "  ")

#: Characters that may end or start a line at a Japanese fold: kana, kanji and the 全角 punctuation
#: a line of Japanese is often broken after (、。」).
JAPANESE_BOUNDARY = HIRAGANA + KATAKANA + COMMON_KANJI + drawable("、。「」（）・…々〇")
LATIN_BOUNDARY = LATIN_LETTERS + DIGITS


def _run(alphabet: str, max_size: int) -> st.SearchStrategy[str]:
    return st.text(st.sampled_from(alphabet), min_size=1, max_size=max_size)


def _long_run(alphabet: str, min_size: int, max_size: int) -> st.SearchStrategy[str]:
    return st.text(st.sampled_from(alphabet), min_size=min_size, max_size=max_size)


#: Runs a line breaker must break by force or not at all: a word or a URL wider than a table
#: column, a row of characters that may not start a line (、。」ー…) or may not end one (「（).
_LONG_RUNS = (
    _long_run(LATIN_LETTERS + DIGITS, 30, 90),
    _long_run(LATIN_LETTERS, 8, 30).map(lambda word: f"https://example.jp/{word}/index.html"),
    _long_run(drawable("、。」）』】ー・…‥ゃゅょっ々！？"), 10, 50),
    _long_run(drawable("「（『【［"), 10, 40),
    _long_run(drawable("—…"), 6, 40),
)


def _text_pieces() -> list[st.SearchStrategy[str]]:
    """Pieces of ordinary text: a run of one kind of character, a word, a number, a space."""
    options = [
        _run(HIRAGANA, 6),
        _run(KATAKANA, 6),
        _run(COMMON_KANJI, 4),
        _run(ANY_KANJI, 3),
        _run(FULLWIDTH_PUNCTUATION, 2),
        _run(FULLWIDTH_ALNUM, 3),
        _run(HALFWIDTH_KATAKANA, 3),
        _run(SYMBOLS, 2),
        _run(ANY_DRAWABLE, 3),
        _run(LATIN_LETTERS, 8),
        _run(DIGITS, 4),
        st.sampled_from(INNER_SPACE),
    ]
    options += [st.one_of(*_LONG_RUNS)]  # one branch: rare, since each costs lines of layout
    if "astral" not in OFF:
        options.append(_run(ASTRAL_KANJI, 2))
    if "compat" not in OFF:
        options.append(_run(COMPAT_KANJI, 2))
    return options


def _markup_pieces() -> list[st.SearchStrategy[str]]:
    return [] if "markup" in OFF else [_run(MARKUP_CHARS, 3), st.sampled_from(MARKUP_SEQUENCES)]


@lru_cache(maxsize=None)
def texts(min_pieces: int = 1, max_pieces: int = 5) -> st.SearchStrategy[str]:
    """A one-line value as the records model keeps it: no white space at either end, never empty.

    Half of the values are mostly markup with a little text around it, since every `|`, `*` or
    `{{` is a chance for some layer to take it for syntax; the other half are mostly text.
    """
    plain = st.one_of(_text_pieces() + _markup_pieces())
    parts = st.lists(plain, min_size=min_pieces, max_size=max_pieces)
    if markup := _markup_pieces():
        dense = st.one_of(markup + markup + markup + _text_pieces())
        parts = parts | st.lists(dense, min_size=max(min_pieces, 2), max_size=max_pieces + 1)
    return parts.map(lambda chosen: "".join(chosen).strip()).filter(bool)


@lru_cache(maxsize=None)
def boundary_char(kind: str) -> st.SearchStrategy[str]:
    """A character that ends or starts a line at a fold of the given kind."""
    alphabet = JAPANESE_BOUNDARY if kind == "ja" else LATIN_BOUNDARY
    char = st.sampled_from(alphabet)
    if kind == "ja" and "astral" not in OFF:
        char = char | st.sampled_from(ASTRAL_KANJI)
    return char


@dataclass(frozen=True)
class Para:
    """A paragraph as a secretariat writes it: one line, or several lines of one paragraph.

    `joins[i]` is "ja" or "latin": the kind of the line break after `lines[i]`.
    """

    lines: tuple[str, ...]
    joins: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """The paragraph nenpo should print: lines joined with nothing between Japanese characters
        and one space between Latin words."""
        out = self.lines[0]
        for join, line in zip(self.joins, self.lines[1:], strict=True):
            out += ("" if join == "ja" else " ") + line
        return out

    @property
    def folded(self) -> bool:
        return len(self.lines) > 1


@st.composite
def paras(draw: st.DrawFn, max_lines: int = 4) -> Para:
    """A paragraph; with the "fold" category on, often written over several lines."""
    count = 1 if "fold" in OFF else draw(st.integers(1, max_lines))
    joins = tuple(draw(st.sampled_from(("ja", "latin"))) for _ in range(count - 1))
    lines = []
    for i in range(count):
        before = joins[i - 1] if i > 0 else None
        after = joins[i] if i < count - 1 else None
        line = draw(st.one_of(st.just(""), texts(2, 6)))
        if before:
            line = draw(boundary_char(before)) + line
        if after:
            line = line + draw(boundary_char(after))
        line = line.strip()
        if not line:
            line = draw(texts(1, 3))
        lines.append(line)
    return Para(tuple(lines), joins)


#: Plain values that YAML 1.1 reads as something else than text (a boolean, a number): a secretariat
#: who types `on` in a table cell or a title means the text "on".
YAML11_LOOKALIKES = ("yes", "no", "on", "off", "Yes", "No", "On", "Off", "YES", "NO", "ON", "OFF",
                     "12:30", "1_000", "0b101")


@dataclass(frozen=True)
class Lookalike:
    """A value written plain on purpose although YAML 1.1 would resolve it to a non-string."""

    text: str

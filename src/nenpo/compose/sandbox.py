"""The sandbox templates run in, with a bound on the work a template may ask for.

A template is an editor's own code, and a slip in it (`range(100000)` inside `range(100000)`,
`'-' * 10**10`, a macro that calls itself) must end in an error at the template's line within a
second or two, not in a build that never ends or a machine out of memory. The bounds are counts,
not a clock, so a build stays a pure function of its inputs and fails the same way everywhere:

- every loop iteration, and every item a filter or `in` looks through, is a step counted against
  `MAX_STEPS` (so nested loops multiply);
- every character a template writes (into the report, a `{% set %}` block or a macro), and every
  character or item an operator, filter or method makes, counts against `MAX_CHARS`;
- an operation whose result would be larger than what is left of that budget is refused before
  it runs: `*`, `**`, `%`, `.format()`, `replace`, `join`, `indent`, `center`, `ljust`… and
  growing a list in place;
- `range()` gives at most `MAX_RANGE` numbers.

Loops, `in` and output are counted by rewriting the parsed template before it is compiled
(Jinja2's documented `code_generator_class` hook): each loop's iterable, the list `in` looks
through, each output and each `~` pass a counting filter. Nothing of Jinja2 itself is patched.
"""

from __future__ import annotations

import functools
import math
import re
import string
import types
from collections.abc import Callable, Iterable, Iterator, Sized
from typing import Any

from jinja2 import nodes, pass_context
from jinja2.compiler import CodeGenerator, Frame
from jinja2.runtime import Context, Macro
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import generate_lorem_ipsum

from nenpo.compose.escape import Markdown
from nenpo.messages import Text

#: Steps in one rendering, all loops together (the samples take under a hundred; a report of 1,000
#: sessions and 1,000 visits about 14,500 with the default template).
MAX_STEPS = 500_000
#: Characters (and list items) a rendering may make, output included: a report of 1,000 sessions
#: and 1,000 visits makes about 2.4 million (its Markdown is 1.3 million characters).
MAX_CHARS = 20_000_000
#: Numbers `range()` may give at once (Jinja2's own sandbox limit).
MAX_RANGE = 100_000

_LOOP = "_nenpo_loop"
_SCAN = "_nenpo_scan"
_OUT = "_nenpo_out"
_TEXT = "_nenpo_text"
#: What the literal-text counter writes: nothing, marked as Markdown so the finalizer passes it at once.
_NOTHING = Markdown("")


class TemplateLimit(Exception):
    """A template asked for more work than a report needs; raised inside the template's code, so
    that the traceback holds the template line at fault."""

    def __init__(self, message: Text, hint: Text | None = None) -> None:
        super().__init__(message.render("en"))
        self.text, self.hint = message, hint


class Budget:
    """What is left of one rendering's steps and characters."""

    def __init__(self) -> None:
        self.steps = MAX_STEPS
        self.chars = MAX_CHARS

    def step(self, count: int = 1) -> None:
        """Count loop iterations or items looked through; refuse once the budget is spent."""
        self.steps -= count
        if self.steps < 0:
            raise TemplateLimit(Text("template.too_many_steps", limit=f"{MAX_STEPS:,}"),
                                Text("template.limit_hint"))

    def scan(self, value: Any) -> Any:
        """Count the items an operation will look through (`in`, `sort`, `join`…); text is looked
        through a thousand times faster than a template loops, so a step is 1,024 characters."""
        if isinstance(value, str):
            self.step(len(value) >> 10)
        elif isinstance(value, Sized):
            self.step(len(value))
        return value

    def spend(self, count: int) -> None:
        """Count characters made (or list items); refuse once the budget is spent."""
        self.chars -= count
        if self.chars < 0:
            raise TemplateLimit(Text("template.too_much_text", limit=f"{MAX_CHARS:,}"),
                                Text("template.limit_hint"))

    def allow(self, size: int) -> None:
        """Refuse, before it is made, a result of `size` characters that the budget cannot pay."""
        if size > MAX_CHARS:  # too large by itself
            raise TemplateLimit(Text("template.too_large", size=f"{size:,}", limit=f"{MAX_CHARS:,}"),
                                Text("template.limit_hint"))
        if size > self.chars:  # the last straw
            self.spend(size)

    def made(self, value: Any) -> Any:
        """Count a value just made by its length (a string's characters, a list's items)."""
        if isinstance(value, (str, list, tuple, dict, set)):
            self.spend(len(value))
        return value


# --- sizes of results, worked out before the operation runs ----------------------------------------

_PERCENT = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?")
_DIGITS = re.compile(r"\d+")


def _ints(values: Iterable[Any]) -> list[int]:
    return [v for v in values if isinstance(v, int) and not isinstance(v, bool)]


def _all_values(args: Any) -> list[Any]:
    if isinstance(args, dict):
        return list(args.values())
    return list(args) if isinstance(args, tuple) else [args]


def percent_size(text: str, args: Any) -> int:
    """At least how long `text % args` is: its own length and every field width and precision."""
    size = len(text)
    for match in _PERCENT.finditer(text):
        for part in match.groups():
            if part == "*":
                size += sum(abs(n) for n in _ints(_all_values(args)))
            elif part:
                size += int(part)
    return size


def format_size(text: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    """At least how long `text.format(...)` is: its own length and every width and precision."""
    size = len(text)
    for _, _, spec, _ in string.Formatter().parse(text):
        if not spec:
            continue
        size += sum(int(n) for n in _DIGITS.findall(spec))
        if "{" in spec:  # a width given as an argument: `{:{w}}`
            size += sum(abs(n) for n in _ints([*args, *kwargs.values()]))
    return size


def replace_size(text: str, old: str, new: str, count: Any = None) -> int:
    """The exact length of `text.replace(old, new, count)`."""
    found = len(text) + 1 if old == "" else text.count(old)
    if isinstance(count, int) and count >= 0:
        found = min(found, count)
    return len(text) + found * (len(new) - len(old))


def join_size(separator: str, items: list[Any]) -> int:
    """At least how long `separator.join(items)` is."""
    return len(separator) * max(len(items) - 1, 0) + sum(len(i) for i in items if isinstance(i, str))


def _width(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


#: Filters whose result can be far larger than their input, and how large it will be.
_FILTER_SIZES: dict[str, Callable[..., int]] = {
    "center": lambda value, width=80, *_: max(len(str(value)), _width(width)),
    "indent": lambda s, width=4, *_, **__: len(str(s)) + (str(s).count("\n") + 1) * (
        len(width) if isinstance(width, str) else _width(width)),
    "replace": lambda s, old="", new="", count=None, *_: replace_size(str(s), str(old), str(new), count),
    "format": lambda value, *args, **kwargs: percent_size(str(value), kwargs or args),
    "batch": lambda value, linecount=1, *_, **__: _width(linecount),
    "slice": lambda value, slices=1, *_, **__: _width(slices),
    "wordwrap": lambda s, width=79, *_, **__: 2 * len(str(s)),
}

#: Methods of a string whose result can be far larger than the string.
_STR_METHOD_SIZES: dict[str, Callable[..., int]] = {
    "center": lambda s, width=0, *_: max(len(s), _width(width)),
    "ljust": lambda s, width=0, *_: max(len(s), _width(width)),
    "rjust": lambda s, width=0, *_: max(len(s), _width(width)),
    "zfill": lambda s, width=0: max(len(s), _width(width)),
    "expandtabs": lambda s, tabsize=8: len(s) + s.count("\t") * max(_width(tabsize), 0),
    "replace": lambda s, old="", new="", count=-1: replace_size(s, str(old), str(new), count),
}

#: Filters that look through every item of their input (a step each); `length`, `first`, `default`… do not.
_SCANNING_FILTERS = frozenset({
    "join", "sort", "unique", "sum", "max", "min", "map", "select", "reject", "selectattr", "rejectattr",
    "groupby", "list", "reverse", "batch", "slice", "dictsort", "items", "replace",
    "string", "tojson", "pprint", "wordcount", "trim", "striptags", "title", "capitalize", "upper", "lower",
    "indent", "center", "truncate", "wordwrap", "urlize", "urlencode", "escape", "e", "forceescape",
    "format", "xmlattr",
})
#: Tests that look through every item of their input.
_SCANNING_TESTS = frozenset({"in"})

_MUTABLE = (list, dict, set)


class BoundedCodeGenerator(CodeGenerator):
    """Compiles a template with its loops, `in` tests, output and `~` passing counting filters."""

    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        _count_loops_and_output(node)
        super().visit_Template(node, frame)


def _counting(expr: nodes.Expr, name: str, *args: nodes.Expr) -> nodes.Filter:
    filtered = nodes.Filter(expr, name, list(args), [], None, None, lineno=expr.lineno)
    filtered.set_environment(expr.environment)
    return filtered


def _const(value: int, near: nodes.Node) -> nodes.Const:
    const = nodes.Const(value, lineno=near.lineno)
    const.set_environment(near.environment)
    return const


def _count_loops_and_output(template: nodes.Template) -> None:
    for loop in template.find_all(nodes.For):
        loop.iter = _counting(loop.iter, _LOOP)
        if loop.recursive:  # `loop(children)` iterates again, outside the `for` line
            for call in loop.find_all(nodes.Call):
                if isinstance(call.node, nodes.Name) and call.node.name == "loop" and call.args:
                    call.args[0] = _counting(call.args[0], _LOOP)
    for compare in template.find_all(nodes.Compare):  # `x in items` looks through every item
        for operand in compare.ops:
            if operand.op in ("in", "notin"):
                operand.expr = _counting(operand.expr, _SCAN)
    for output in template.find_all(nodes.Output):
        literal = sum(len(n.data) for n in output.nodes if isinstance(n, nodes.TemplateData))
        counted: list[nodes.Expr] = []
        for child in output.nodes:
            if isinstance(child, nodes.TemplateData):
                counted.append(child)  # literal text stays literal (never escaped): only its length counts
            elif literal:
                counted.append(_counting(child, _OUT, _const(literal, child)))
                literal = 0
            else:
                counted.append(_counting(child, _OUT))
        if literal:  # only literal text: an empty output that counts it
            counted.append(_counting(_const(literal, output), _TEXT))
        output.nodes = counted
    for parent in list(template.find_all(nodes.Node)):  # `a ~ b` makes a new string: count it
        if isinstance(parent, nodes.Filter) and parent.name == _OUT:
            continue  # an output: counted already
        for field in parent.fields:
            child = getattr(parent, field, None)
            if isinstance(child, nodes.Concat):
                setattr(parent, field, _counting(child, _OUT))
            elif isinstance(child, list):
                for i, item in enumerate(child):
                    if isinstance(item, nodes.Concat):
                        child[i] = _counting(item, _OUT)


class BoundedSandbox(SandboxedEnvironment):
    """Jinja2's sandbox, with a budget of steps and characters per rendering (see the module)."""

    code_generator_class = BoundedCodeGenerator
    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.budget = Budget()
        self.globals["range"] = self._range
        self.globals["lipsum"] = self._lipsum

    def bound_filters(self) -> None:
        """Wrap every filter so that results are counted and huge ones refused before they are made;
        call once the environment's filters are all registered."""
        self.filters = {name: self._bounded_filter(name, func) for name, func in self.filters.items()}
        self.filters[_LOOP] = self._loop
        self.filters[_OUT] = self._out
        self.filters[_TEXT] = self._text
        self.filters[_SCAN] = self._scan
        self.tests = {name: self._scanning_test(func) if name in _SCANNING_TESTS else func
                      for name, func in self.tests.items()}

    # --- the counting filters the compiled template calls -------------------------------------

    @staticmethod
    @pass_context
    def _loop(context: Context, iterable: Any) -> Iterator[Any]:
        budget: Budget = context.environment.budget  # type: ignore[attr-defined]
        for item in iterable:
            budget.steps -= 1
            if budget.steps < 0:
                budget.step(0)  # raises
            yield item

    @staticmethod
    @pass_context
    def _scan(context: Context, value: Any) -> Any:
        return context.environment.budget.scan(value)  # type: ignore[attr-defined]

    @staticmethod
    @pass_context
    def _out(context: Context, value: Any, literal: int = 0) -> Any:
        budget: Budget = context.environment.budget  # type: ignore[attr-defined]
        budget.chars -= literal + len(value) if isinstance(value, str) else literal
        if budget.chars < 0:
            budget.spend(0)  # raises
        return value

    @staticmethod
    @pass_context
    def _text(context: Context, literal: int) -> Markdown:
        budget: Budget = context.environment.budget  # type: ignore[attr-defined]
        budget.chars -= literal
        if budget.chars < 0:
            budget.spend(0)  # raises
        return _NOTHING

    # --- globals ------------------------------------------------------------------------------

    def _range(self, *args: int) -> range:
        numbers = range(*args)
        if len(numbers) > MAX_RANGE:
            raise TemplateLimit(Text("template.range_too_large", count=f"{len(numbers):,}", limit=f"{MAX_RANGE:,}"),
                                Text("template.limit_hint"))
        return numbers

    def _lipsum(self, n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:  # noqa: A002
        self.budget.allow(_width(n) * _width(max) * 12)
        return self.budget.made(generate_lorem_ipsum(n, html, min, max))  # type: ignore[no-any-return]

    # --- operators, calls, str.format ---------------------------------------------------------

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(times, int):
                    self.budget.allow(len(seq) * times)
        elif operator == "**" and isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
            self.budget.allow(int(min(right, 10**15) * math.log10(abs(left))) + 1)  # the result's digits
        elif operator == "%" and isinstance(left, str):
            self.budget.allow(percent_size(left, right))
        return self.budget.made(super().call_binop(context, operator, left, right))

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        owner = getattr(__obj, "__self__", None)
        name = getattr(__obj, "__name__", "")
        budget = __self.budget
        if isinstance(__obj, Macro) or owner is None:
            return budget.made(super().call(__context, __obj, *args, **kwargs))
        if isinstance(owner, str):
            if name == "join" and args:
                items = list(args[0])
                budget.allow(join_size(owner, items))
                args = (items, *args[1:])
            elif (size := _STR_METHOD_SIZES.get(name)) is not None:
                budget.allow(_size_or_zero(size, owner, *args, **kwargs))
            return budget.made(super().call(__context, __obj, *args, **kwargs))
        if isinstance(owner, _MUTABLE) and isinstance(__obj, types.BuiltinMethodType):
            budget.allow(sum(len(a) for a in (*args, *kwargs.values()) if isinstance(a, Sized)))
            before = len(owner)
            result = super().call(__context, __obj, *args, **kwargs)
            budget.spend(max(len(owner) - before, 0))
            return budget.made(result)
        return budget.made(super().call(__context, __obj, *args, **kwargs))

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        text: str = value.__self__
        budget = self.budget

        def checked(*args: Any, **kwargs: Any) -> str:
            fields = args[0] if value.__name__ == "format_map" and args and isinstance(args[0], dict) else kwargs
            budget.allow(format_size(text, args, fields))
            return budget.made(wrapped(*args, **kwargs))  # type: ignore[no-any-return]

        return checked

    # --- filters ------------------------------------------------------------------------------

    def _bounded_filter(self, name: str, func: Callable[..., Any]) -> Callable[..., Any]:
        passes = getattr(func, "jinja_pass_arg", None) is not None  # context or environment first
        size = _FILTER_SIZES.get(name)
        scans = name in _SCANNING_FILTERS
        budget = self.budget

        @functools.wraps(func)
        def bounded(*args: Any, **kwargs: Any) -> Any:
            lead, rest = (args[:1], args[1:]) if passes else ((), args)
            if name == "join" and rest and not isinstance(rest[0], Sized):
                rest = (list(rest[0]), *rest[1:])
            if name == "join" and rest:
                separator = rest[1] if len(rest) > 1 else kwargs.get("d", "")
                if isinstance(separator, str) and "attribute" not in kwargs and len(rest) < 3:
                    budget.allow(join_size(separator, list(rest[0])))
            elif size is not None and rest:
                budget.allow(_size_or_zero(size, *rest, **kwargs))
            if scans and rest:
                budget.scan(rest[0])
            return budget.made(func(*lead, *rest, **kwargs))

        return bounded

    def _scanning_test(self, func: Callable[..., Any]) -> Callable[..., Any]:
        budget = self.budget

        @functools.wraps(func)
        def scanning(value: Any, seq: Any = (), *args: Any) -> Any:
            budget.scan(seq)
            return func(value, seq, *args)

        return scanning


def _size_or_zero(size: Callable[..., int], *args: Any, **kwargs: Any) -> int:
    """The expected size, or 0 when the arguments are wrong (the operation itself then says why)."""
    try:
        return size(*args, **kwargs)
    except (TypeError, ValueError):
        return 0

"""Japanese line composition: 禁則 classes (`kinsoku`) and a paragraph line breaker (`linebreak`).

Pure Python, no reportlab: a writer passes a width function and draws the positioned segments.
"""

from nenpo.typeset.linebreak import (
    Align,
    Line,
    Measure,
    Metrics,
    Run,
    Segment,
    break_lines,
)

__all__ = ["Align", "Line", "Measure", "Metrics", "Run", "Segment", "break_lines"]

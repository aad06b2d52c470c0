"""Exercise solutions are executed: a checker for the chapters' exercises (issue #12, item 2).

Every ``{exercise}`` of a chapter must have its solution in sphinx-exercise's *gated* form, so
that code sits inside the solution::

    ```{solution-start} ex-label          <- a markdown cell (with :class: dropdown)
    ```
    <one or more code cells that compute the answer and glue it>
    ```{solution-end}                     <- a markdown cell
    ```

and the solution's prose must carry its answer through glue (at least one ``{glue:...}`` role
in the markdown of the solution).  A solution written as a plain ``{solution}`` directive is
typed prose alone and is reported.  :func:`solution_problems` returns one message per problem.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Cell", "notebook_cells", "solution_problems"]

_EXERCISE = re.compile(r"```\{exercise(?:-start)?\}[^\n]*\n(?::[^\n]*\n)*")
_LABEL = re.compile(r"^:label:\s*(\S+)", re.MULTILINE)
_TYPED = re.compile(r"```\{solution\}\s*(\S*)")
_START = re.compile(r"```\{solution-start\}\s*(\S+)")
_END = re.compile(r"```\{solution-end\}")
_GLUE = re.compile(r"\{glue(?::text|:md|:figure|)?\}`")


@dataclass(frozen=True)
class Cell:
    kind: str     # "markdown" or "code"
    source: str


def notebook_cells(path: str | Path) -> list[Cell]:
    """The cells of a paired notebook (``.py`` percent script or ``.ipynb``)."""
    import jupytext
    nb = jupytext.read(str(path))
    return [Cell(c.cell_type, c.source) for c in nb.cells if c.cell_type in ("markdown", "code")]


def _exercise_labels(cells: list[Cell]) -> list[str]:
    labels = []
    for c in cells:
        if c.kind != "markdown":
            continue
        for m in _EXERCISE.finditer(c.source + "\n"):
            lab = _LABEL.search(m.group(0))
            labels.append(lab.group(1) if lab else "(unlabelled exercise)")
    return labels


def solution_problems(cells: list[Cell], name: str = "chapter") -> list[str]:
    """Problems with the exercise solutions of one chapter (empty: every solution is executed)."""
    problems = []
    labels = _exercise_labels(cells)
    for c in cells:
        if c.kind == "markdown":
            for m in _TYPED.finditer(c.source):
                problems.append(f"{name}: solution '{m.group(1)}' is a plain {{solution}} directive "
                                "(typed prose alone); use the gated form solution-start / code "
                                "cell(s) / solution-end")
    # one stream of events over all cells: a solution may end and the next exercise and solution
    # begin in the same markdown cell
    events: list[tuple[str, str]] = []          # (kind, payload): start/end/code/text
    for c in cells:
        if c.kind == "code":
            if c.source.strip():
                events.append(("code", ""))
            continue
        if c.kind != "markdown":
            continue
        marks = sorted([(m.start(), m.end(), "start", m.group(1)) for m in _START.finditer(c.source)]
                       + [(m.start(), m.end(), "end", "") for m in _END.finditer(c.source)])
        pos = 0
        for a_, b_, kind, label in marks:
            events.append(("text", c.source[pos:a_]))
            events.append((kind, label))
            pos = b_
        events.append(("text", c.source[pos:]))
    solved = {}
    open_label, n_code, prose = None, 0, []
    for kind, payload in events:
        if kind == "start":
            if open_label is not None:
                problems.append(f"{name}: solution '{open_label}' has no solution-end")
            open_label, n_code, prose = payload, 0, []
        elif kind == "end" and open_label is not None:
            if not n_code:
                problems.append(f"{name}: solution '{open_label}' has no code cell between "
                                "solution-start and solution-end")
            if not _GLUE.search("\n".join(prose)):
                problems.append(f"{name}: solution '{open_label}' states its answer without glue "
                                "(its prose has no {glue:text} role)")
            solved[open_label] = True
            open_label = None
        elif open_label is not None:
            if kind == "code":
                n_code += 1
            elif kind == "text":
                prose.append(payload)
    if open_label is not None:
        problems.append(f"{name}: solution '{open_label}' has no solution-end")
    for lab in labels:
        if lab not in solved and not any(f"'{lab}'" in p for p in problems):
            problems.append(f"{name}: exercise '{lab}' has no gated solution")
    for lab in solved:
        if lab not in labels:
            problems.append(f"{name}: solution '{lab}' answers no exercise of the chapter")
    return problems

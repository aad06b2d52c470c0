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
    solved = {}
    i = 0
    while i < len(cells):
        c = cells[i]
        m = _START.search(c.source) if c.kind == "markdown" else None
        if not m:
            i += 1
            continue
        label = m.group(1)
        j = i + 1
        while j < len(cells) and not (cells[j].kind == "markdown" and _END.search(cells[j].source)):
            if cells[j].kind == "markdown" and _START.search(cells[j].source):
                break
            j += 1
        if j >= len(cells) or not _END.search(cells[j].source):
            problems.append(f"{name}: solution '{label}' has no solution-end")
            i += 1
            continue
        inside = cells[i:j + 1]
        code = [x for x in inside if x.kind == "code" and x.source.strip()]
        prose = "\n".join(x.source for x in inside if x.kind == "markdown")
        if not code:
            problems.append(f"{name}: solution '{label}' has no code cell between solution-start "
                            "and solution-end")
        if not _GLUE.search(prose):
            problems.append(f"{name}: solution '{label}' states its answer without glue (its "
                            "prose has no {glue:text} role)")
        solved[label] = True
        i = j + 1
    for lab in labels:
        if lab not in solved and not any(f"'{lab}'" in p for p in problems):
            problems.append(f"{name}: exercise '{lab}' has no gated solution")
    for lab in solved:
        if lab not in labels:
            problems.append(f"{name}: solution '{lab}' answers no exercise of the chapter")
    return problems

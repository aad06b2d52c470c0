"""Exercise solutions are executed (issue #12, deliverable 2).

Every exercise of every chapter in ``_toc.yml`` has its solution in sphinx-exercise's gated form
(``solution-start`` ... code cell(s) ... ``solution-end``), and the solution's prose carries its
answer through glue.  The first tests plant typed and malformed solutions and show each is caught.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from megacity.exercises import Cell, notebook_cells, solution_problems

ROOT = Path(__file__).resolve().parents[1]


def _toc_notebooks():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    return [ROOT / f"{ch['file']}.py" for part in toc.get("parts", [])
            for ch in part.get("chapters", []) if ch["file"].startswith("notebooks/")]


EXERCISE = Cell("markdown", "```{exercise}\n:label: ex-t1\n\nCompute the share.\n```")
START = Cell("markdown", "```{solution-start} ex-t1\n:class: dropdown\n```")
CODE = Cell("code", "share = 1008 / 31835\nglue('t_share', share)")
END_GLUED = Cell("markdown", "The share is {glue:text}`t_share:.4f`.\n\n```{solution-end}\n```")
END_TYPED = Cell("markdown", "The share is 0.0317.\n\n```{solution-end}\n```")


def test_a_gated_glued_solution_passes():
    assert solution_problems([EXERCISE, START, CODE, END_GLUED]) == []


def test_a_typed_solution_fails():
    typed = Cell("markdown", "```{solution} ex-t1\n:class: dropdown\n\nThe share is 3.17%.\n```")
    problems = solution_problems([EXERCISE, typed])
    assert len(problems) == 1 and "plain {solution} directive" in problems[0]
    # a typed solution beside a gated one is still reported
    assert any("plain {solution} directive" in p
               for p in solution_problems([EXERCISE, START, CODE, END_GLUED, typed]))


def test_a_gated_solution_without_code_or_without_glue_fails():
    assert any("no code cell" in p for p in solution_problems([EXERCISE, START, END_GLUED]))
    assert any("without glue" in p for p in solution_problems([EXERCISE, START, CODE, END_TYPED]))


def test_a_solution_must_end_and_must_answer_an_exercise():
    assert any("no solution-end" in p for p in solution_problems([EXERCISE, START, CODE]))
    other = Cell("markdown", "```{solution-start} ex-zz\n```")
    probs = solution_problems([EXERCISE, other, CODE, END_GLUED])
    assert any("answers no exercise" in p for p in probs)
    assert any("'ex-t1' has no gated solution" in p for p in probs)


def test_the_parser_reads_a_paired_script(tmp_path):
    script = tmp_path / "toy.py"
    script.write_text(
        "# %% [markdown]\n# ```{exercise}\n# :label: ex-t1\n#\n# Compute it.\n# ```\n\n"
        "# %% [markdown]\n# ```{solution-start} ex-t1\n# :class: dropdown\n# ```\n\n"
        "# %%\nx = 1\n\n"
        "# %% [markdown]\n# It is {glue:text}`t_x`.\n#\n# ```{solution-end}\n# ```\n",
        encoding="utf-8")
    assert solution_problems(notebook_cells(script)) == []


@pytest.mark.parametrize("path", _toc_notebooks(), ids=lambda p: p.stem)
def test_every_chapter_solution_is_executed_and_glued(path):
    problems = solution_problems(notebook_cells(path), path.stem)
    assert not problems, "\n".join(problems)


def test_a_solution_may_end_and_the_next_begin_in_one_markdown_cell():
    ex2 = "```{exercise}\n:label: ex-t2\n\nAnother.\n```"
    joint = Cell("markdown", "It is {glue:text}`t_share`.\n\n```{solution-end}\n```\n\n" + ex2
                 + "\n\n```{solution-start} ex-t2\n:class: dropdown\n```")
    end2 = Cell("markdown", "Again {glue:text}`t_x`.\n\n```{solution-end}\n```")
    assert solution_problems([EXERCISE, START, CODE, joint, CODE, end2]) == []
    # the second solution without code is still caught
    assert any("'ex-t2' has no code cell" in p
               for p in solution_problems([EXERCISE, START, CODE, joint, end2]))


@pytest.mark.parametrize("path", sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.py")),
                         ids=lambda p: p.stem)
def test_gated_solutions_open_and_close_in_markdown_cells(path):
    """Every solution-start is closed by a solution-end before the next one opens, and both sit in
    markdown cells (a directive swallowed into a code cell as comments breaks the book build)."""
    import re

    import jupytext

    state, seen = None, []
    for i, cell in enumerate(jupytext.read(path).cells):
        if cell.cell_type != "markdown":
            assert not re.search(r"^#\s*```\{solution-(start|end)", cell.source, re.M), \
                f"{path.name}: code cell {i} holds a solution directive as a comment"
            continue
        for m in re.finditer(r"```\{solution-(start|end)\}", cell.source):
            seen.append((i, m.group(1)))
            assert (state is None) == (m.group(1) == "start"), \
                f"{path.name}: cell {i} has solution-{m.group(1)} out of order ({seen})"
            state = "open" if m.group(1) == "start" else None
    assert state is None, f"{path.name}: a solution-start is never closed"

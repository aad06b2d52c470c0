"""Generic checks for the seed claims that no part chapter checks (ledger rows ``s000-``..``s004-``).

Each check recomputes or looks up the claim; none of them returns a verdict that is not derived
from its inputs.  The inputs are either numbers the seed itself states (``arithmetic``,
``count_items``, ``date_span``), a sourced fact (``fact_value``, table ``seed_facts``), a data
table of the book (``population_share``), an external data set (``first_year_in_data``), or, when
nothing in hand can decide, an explicit statement of what would (``no_source``).

Parameters common to the comparing checks:

``op``
    ``eq`` (default): agree at the claim's precision (half a unit in its last digit);
    ``approx``: agree within ``rel_tol`` (relative) -- for round words such as "four decades";
    ``ge`` / ``le``: the computed value is at least / at most the claimed one ("30-plus years");
    ``between``: the computed value lies in ``[lo, hi)`` (claims with no single number,
    "hundreds of millions").
``caveat``
    when given, an agreeing result is ``confirmed-with-caveat`` and the caveat is the note's tail.
"""
from __future__ import annotations

import ast
import math
import operator
from datetime import date

import numpy as np

from . import CheckResult, agrees, decimals, register

__all__ = ["compare", "safe_eval"]

_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
        ast.Div: operator.truediv, ast.Pow: operator.pow, ast.USub: operator.neg,
        ast.UAdd: operator.pos}


def safe_eval(expr: str) -> float:
    """Evaluate an arithmetic expression of numbers, + - * / ** and parentheses (nothing else)."""
    def ev(node):
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            return float(node.value)
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            return _OPS[type(node.op)](ev(node.left), ev(node.right))
        if isinstance(node, ast.UnaryOp) and type(node.op) in _OPS:
            return _OPS[type(node.op)](ev(node.operand))
        raise ValueError(f"expression '{expr}': only numbers and + - * / ** ( ) are allowed")
    try:
        tree = ast.parse(str(expr), mode="eval")
    except SyntaxError as exc:
        raise ValueError(f"expression '{expr}' is not valid arithmetic ({exc.msg})") from None
    return ev(tree)


def compare(claimed: float | None, ours: float, params: dict) -> tuple[bool, str]:
    """Does ``ours`` support ``claimed`` under ``params['op']``?  Returns (holds, how)."""
    op = params.get("op", "eq")
    if op == "between":
        lo, hi = float(params["lo"]), float(params["hi"])
        return lo <= ours < hi, f"{_g(ours)} lies {'in' if lo <= ours < hi else 'outside'} [{_g(lo)}, {_g(hi)})"
    if claimed is None or (isinstance(claimed, float) and math.isnan(claimed)):
        raise ValueError(f"op '{op}' needs a claimed_value")
    if op == "eq":
        places = int(params["places"]) if "places" in params else decimals(
            params.get("claimed_text", claimed))
        ok = agrees(claimed, ours, places)
        return ok, f"{_g(ours)} {'rounds' if ok else 'does not round'} to {_g(claimed)}"
    if op == "approx":
        tol = float(params.get("rel_tol", 0.1))
        rel = abs(ours - claimed) / abs(claimed)
        ok = rel <= tol
        return ok, f"{_g(ours)} is within {rel:.1%} of {_g(claimed)} (tolerance {tol:.0%})"
    if op == "ge":
        return ours >= claimed, f"{_g(ours)} {'>=' if ours >= claimed else '<'} {_g(claimed)}"
    if op == "le":
        return ours <= claimed, f"{_g(ours)} {'<=' if ours <= claimed else '>'} {_g(claimed)}"
    raise ValueError(f"unknown op '{op}'; use eq, approx, ge, le or between")


def _g(x: float) -> str:
    x = float(x)
    if x == round(x):
        return f"{x:,.0f}" if abs(x) >= 10000 else f"{x:.0f}"
    return f"{x:.4g}"


def _verdict(ok: bool, ours: float, how: str, params: dict) -> CheckResult:
    basis = params.get("basis", "")
    note = f"{basis}: {how}" if basis else how
    if not ok:
        return CheckResult(ours, "contradicted", note)
    if params.get("caveat"):
        return CheckResult(ours, "confirmed-with-caveat", f"{note}; caveat: {params['caveat']}")
    return CheckResult(ours, "confirmed", note)


@register("arithmetic")
def arithmetic(claimed, params):
    """Recompute the claim from numbers (usually the seed's own) with ``params['expr']``."""
    ours = safe_eval(params["expr"])
    ok, how = compare(claimed, ours, params)
    return _verdict(ok, round(ours, 6), f"{params['expr']} = {how}", params)


@register("count_items")
def count_items(claimed, params):
    """Count the items the seed itself lists for a stated number ("three features: a, b and c")."""
    items = params["items"]
    if not isinstance(items, list) or not items:
        raise ValueError("count_items needs a non-empty list 'items'")
    n = float(len(items))
    ok, how = compare(claimed, n, {**params, "op": "eq", "places": 0})
    return _verdict(ok, n, f"the seed lists {len(items)}: " + "; ".join(items), params)


def _date(spec: str) -> date:
    """An ISO date, or ``fact:<fact_id>`` for the date of a row of table seed_facts."""
    spec = str(spec)
    if spec.startswith("fact:"):
        from ..data.catalogue import load_seed_facts
        facts = load_seed_facts().set_index("fact_id")
        fid = spec[5:]
        if fid not in facts.index or not isinstance(facts.loc[fid, "date"], str):
            raise KeyError(f"seed_facts has no dated fact '{fid}'")
        return date.fromisoformat(facts.loc[fid, "date"])
    return date.fromisoformat(spec)


@register("date_span")
def date_span(claimed, params):
    """Length of the span between two ISO dates in ``unit`` (days, months or years)."""
    a, b = _date(params["start"]), _date(params["end"])
    days = (b - a).days
    unit = params.get("unit", "days")
    ours = {"days": days, "months": days / (365.25 / 12), "years": days / 365.25}[unit]
    ok, how = compare(claimed, ours, params)
    return _verdict(ok, round(ours, 2), f"{a} to {b} is {ours:.2f} {unit}; {how}", params)


@register("fact_value")
def fact_value(claimed, params):
    """Compare the claim with a sourced fact of table ``seed_facts`` (``params['fact']``).

    The source's own hedge counts: a fact stated as "more than X" supports a claim of X at the
    claim's precision only with a caveat.  A disagreement with a *low*-confidence source is not
    enough to call the claim contradicted: the status is then unverifiable, and the note says
    that the sources differ.
    """
    from ..data.catalogue import load_seed_facts
    facts = load_seed_facts().set_index("fact_id")
    fid = params["fact"]
    if fid not in facts.index:
        raise KeyError(f"fact '{fid}' is not in table seed_facts; known: {sorted(facts.index)}")
    f = facts.loc[fid]
    offset = float(params.get("offset", 0))
    value = float(f["value"]) + offset
    ok, how = compare(claimed, value, params)
    src = f"seed_facts:{fid} ({f['qualifier']} {_g(float(f['value']))} {f['unit']}, {f['confidence']} confidence)"
    if offset:
        src += f" {'+' if offset > 0 else '-'} {_g(abs(offset))}"
    note = f"{src}: {how}"
    if params.get("basis"):
        note = f"{params['basis']}; {note}"
    if not ok and str(f["confidence"]) == "low":
        return CheckResult(value, "unverifiable", note + "; the only source in hand is weak, so the "
                           "sources differ rather than refute. Would settle it: "
                           + params.get("settle", "an official statistical release"))
    caveats = [params["caveat"]] if params.get("caveat") else []
    if ok and str(f["qualifier"]) != "exact":
        caveats.append(f"the source says '{f['qualifier']}'")
    if ok and str(f["confidence"]) == "low":
        caveats.append("weak source")
    if ok and caveats:
        return CheckResult(value, "confirmed-with-caveat", note + "; caveat: " + "; ".join(caveats))
    return CheckResult(value, "confirmed" if ok else "contradicted", note)


@register("population_share")
def population_share(claimed, params):
    """A count (``numerator``, persons) as a share of China's total population in ``year``.

    The denominator comes from ``data/urbanization.csv`` (total population, 10^4 persons); between
    sourced years it is interpolated geometrically (constant growth), which the note states.
    """
    from ..data.catalogue import load_urbanization
    year = int(params["year"])
    df = load_urbanization().dropna(subset=["total_pop_10k"])
    df = df.groupby("year", as_index=False)["total_pop_10k"].mean().sort_values("year")
    years, pops = df["year"].to_numpy(dtype=float), df["total_pop_10k"].to_numpy(dtype=float)
    if year in years:
        pop, how_pop = pops[years == year][0], f"total population {year}: {pops[years == year][0]:,.0f} x10^4"
    else:
        if not (years.min() < year < years.max()):
            raise ValueError(f"no sourced total population brackets {year}")
        pop = float(np.exp(np.interp(year, years, np.log(pops))))
        lo, hi = years[years < year].max(), years[years > year].min()
        how_pop = (f"total population {year} interpolated geometrically between {lo:.0f} and "
                   f"{hi:.0f}: {pop:,.0f} x10^4")
    share = float(params["numerator"]) / (pop * 1e4)
    ok, how = compare(claimed, share, params)
    res = _verdict(ok, round(share, 4), f"{how_pop}; share = {how}", params)
    return res


@register("first_year_in_data")
def first_year_in_data(claimed, params):
    """The first calendar year of the events of an external data set (``dataset``)."""
    name = params["dataset"]
    if name == "covid_policies":
        from ..data.external import load_covid_policies
        years = load_covid_policies("raw")["date_start"].dt.year
    else:
        raise ValueError(f"first_year_in_data: unknown dataset '{name}'; known: covid_policies")
    first = float(years.min())
    ok, how = compare(claimed, first, {**params, "op": "eq", "places": 0})
    return _verdict(ok, first, f"earliest event in {name}: {first:.0f}; {how}", params)


@register("no_source")
def no_source(claimed, params):
    """No public source in hand can settle the claim: say why, and what would."""
    reason = params.get("reason")
    settle = params.get("settle")
    if not reason or not settle:
        raise ValueError("no_source needs 'reason' (why it cannot be checked) and 'settle' "
                         "(what would settle it)")
    return CheckResult(None, "unverifiable", f"{reason}. Would settle it: {settle}")

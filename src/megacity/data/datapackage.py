"""Export the compendium's tables as a frictionless Data Package (``datapackage.json``).

The descriptor is generated from the ``data/*.yml`` schemas, so that an independent tool
(`frictionless <https://framework.frictionlessdata.io>`_) can validate every table as a second
opinion on :func:`megacity.data.validate.validate`.  Mapping of our column types: str and
category → string (category with an ``enum`` constraint), int and year → integer (year with our
default bounds 1800-2100), float → number, date → date, bool → boolean (true/false/1/0);
``nullable: false`` → ``required``; min/max → minimum/maximum; the key → ``primaryKey``.
The lock's sha256 becomes the resource's ``hash``.

    python -m megacity.data.datapackage [out.json]      # make datapackage → data/datapackage.json
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from .catalogue import data_dir, load_schema, table_names

__all__ = ["descriptor", "validate_package", "write"]

_TYPES = {"str": "string", "category": "string", "int": "integer", "year": "integer",
          "float": "number", "date": "date", "bool": "boolean"}


def _field(col) -> dict:
    f: dict = {"name": col.name, "type": _TYPES[col.type]}
    if col.description:
        f["description"] = col.description
    if col.unit:
        f["unit"] = col.unit                     # a custom property; frictionless keeps it
    cons: dict = {}
    if not col.nullable:
        cons["required"] = True
    lo = col.min if col.min is not None else (1800 if col.type == "year" else None)
    hi = col.max if col.max is not None else (2100 if col.type == "year" else None)
    if lo is not None:
        cons["minimum"] = lo
    if hi is not None:
        cons["maximum"] = hi
    if col.allowed is not None:
        cons["enum"] = list(col.allowed)
    if col.type == "bool":
        f["trueValues"], f["falseValues"] = ["true", "1"], ["false", "0"]
    if cons:
        f["constraints"] = cons
    return f


def descriptor(folder: Path | None = None) -> dict:
    """The Data Package descriptor of every table in ``folder`` (default: data/)."""
    folder = Path(folder) if folder is not None else data_dir()
    resources = []
    for name in table_names(folder):
        schema = load_schema(name, folder)
        res = {
            "name": name.replace("_", "-"),
            "path": f"{name}.csv",
            "title": schema.title,
            "format": "csv",
            "encoding": "utf-8",
            "schema": {"fields": [_field(c) for c in schema.columns], "missingValues": [""]},
            "sources": [{k: v for k, v in (("title", s.get("citation")), ("path", s.get("url")))
                         if v} for s in schema.sources],
        }
        if schema.description:
            res["description"] = schema.description
        if schema.key:
            res["schema"]["primaryKey"] = list(schema.key)
        if schema.license:
            res["licenses"] = [{"name": "other", "title": schema.license}]
        if schema.lock:
            res["hash"] = f"sha256:{schema.lock['sha256']}"
        resources.append(res)
    return {"name": "megacity-compendium-tables", "title": "Governing China's Megacities: the cited tables",
            "resources": resources}


def write(out: Path, folder: Path | None = None) -> Path:
    """Write the descriptor to ``out`` (it must sit in the tables' folder: paths are relative)."""
    out = Path(out)
    out.write_text(json.dumps(descriptor(folder or out.parent), indent=2, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    return out


def validate_package(path: Path):
    """frictionless's report on the package at ``path``."""
    from frictionless import Package

    return Package(str(path)).validate()


if __name__ == "__main__":  # pragma: no cover
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else data_dir() / "datapackage.json"
    print(f"wrote {write(target)}")
    report = validate_package(target)
    print("frictionless: valid" if report.valid else report.flatten(["rowNumber", "fieldName", "type", "note"]))
    sys.exit(0 if report.valid else 1)

"""List the packages whose installed version differs from requirements.lock.

    python scripts/compare_versions.py requirements.lock [--markdown FILE]

Run by ``make latest-deps`` inside ``.venv-latest`` (the newest versions pyproject.toml allows);
the scheduled GitHub workflow posts the table in its job summary, so an upcoming upgrade that
changes the book is seen before the lock is regenerated.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked(lock: Path) -> dict[str, str]:
    out = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", line)
        if m:
            out[_norm(m.group(1))] = m.group(2)
    return out


def installed() -> dict[str, str]:
    res = subprocess.run([sys.executable, "-m", "pip", "list", "--format=json"],
                         capture_output=True, text=True, check=True)
    return {_norm(p["name"]): p["version"] for p in json.loads(res.stdout)}


def differences(lock: dict[str, str], now: dict[str, str]) -> list[tuple[str, str, str]]:
    return sorted((name, version, now.get(name, "not installed"))
                  for name, version in lock.items() if now.get(name) != version)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("lock", type=Path)
    ap.add_argument("--markdown", type=Path, help="also write the table as Markdown here")
    args = ap.parse_args(argv)
    rows = differences(locked(args.lock), installed())
    lines = ["| package | locked | latest allowed |", "|---|---|---|"]
    lines += [f"| {n} | {a} | {b} |" for n, a, b in rows]
    text = (f"{len(rows)} package(s) differ from {args.lock.name}:\n" + "\n".join(lines)
            if rows else f"every package matches {args.lock.name}")
    print(text)
    if args.markdown:
        args.markdown.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

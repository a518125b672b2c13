"""What the benchmarks share: this checkout's docgen, their sizes, and figures as the README
prints them.

Every benchmark ends with ONE summary line in the words of the README's benchmark table:
each thing "it measures" followed by its figure, e.g.
`no-op build: 0.31 s; one case changed among 2,000: 0.66 s`. tests/test_bench.py runs each
one with --smoke (tiny, one round, the same code paths) and checks that line.
"""

from __future__ import annotations

import argparse
import math
import os
from pathlib import Path
from typing import Any, NoReturn

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


def checkout_env() -> dict[str, str]:
    """The environment for `python -m docgen` subprocesses: this checkout's docgen first,
    not an installed one (an editable install may point at another worktree), with its
    modules compiled once as an installed docgen has them (pip compiles them): without
    PYTHONDONTWRITEBYTECODE, which would have every run compile them from source again."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    return env


def sized(args: argparse.Namespace, smoke: dict[str, Any], full: dict[str, Any]) -> None:
    """Fill the options left unset (None) with the smoke or the full run's sizes."""
    for name, value in (smoke if args.smoke else full).items():
        if getattr(args, name) is None:
            setattr(args, name, value)


def add_smoke(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("--smoke", action="store_true",
                        help=f"a tiny run in seconds ({what}), the same code paths; "
                             "exit status 1 if anything fails")


def figure(value: float, digits: int = 2) -> str:
    """`value` to `digits` significant figures, keeping every integer digit: 0.31, 2.0, 43,
    1223 (as the README's table writes them)."""
    if not math.isfinite(value) or value == 0:
        return f"{value:g}"
    rounded = float(f"{value:.{digits}g}")  # 9.96 -> 10: two integer digits, no decimals
    decimals = max(0, digits - 1 - math.floor(math.log10(abs(rounded))))
    return f"{value:.{decimals}f}"


def count(n: int) -> str:
    """An integer with thousands separators: 2,000."""
    return f"{n:,}"


def fail(message: str) -> NoReturn:
    """Stop the benchmark with exit status 1: a figure measured on a broken run is no figure."""
    raise SystemExit(f"benchmark failed: {message}")

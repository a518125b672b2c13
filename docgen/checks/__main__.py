"""`python -m docgen.checks --readme [README.md]`: regenerate the README's rule table.

`--check` only compares, and exits 1 when the table is out of date.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from docgen.checks.catalog import all_rules
from docgen.checks.registry import rule_table, with_rule_table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m docgen.checks")
    parser.add_argument("--readme", nargs="?", const="README.md", metavar="PATH",
                        help="rewrite the rule table between the rules markers of PATH")
    parser.add_argument("--check", action="store_true",
                        help="with --readme: only say whether the table is current")
    args = parser.parse_args(argv)
    if args.readme is None:
        sys.stdout.write(rule_table(all_rules().values()))
        return 0
    path = Path(args.readme)
    text = path.read_text(encoding="utf-8")
    updated = with_rule_table(text, all_rules().values())
    if args.check:
        if updated != text:
            print(f"{path}: the rule table is out of date; run python -m docgen.checks --readme",
                  file=sys.stderr)
            return 1
        return 0
    if updated != text:
        path.write_text(updated, encoding="utf-8")
        print(f"updated {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

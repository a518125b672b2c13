"""Generate docgen's bundled Word templates (docxtpl syntax) with python-docx.

Run from anywhere:  python tools/make_templates.py [--out DIR] [KIND ...]

Writes every template (or only the KINDs named, by file stem) to DIR, by default the
repository's templates/, and prints each path it wrote.  One module per template in
tools/doctemplates/; the output is deterministic: running the command twice gives
identical files.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from doctemplates import TEMPLATES, write

TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "templates"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=TEMPLATES_DIR, help="output directory")
    parser.add_argument("kinds", nargs="*", metavar="KIND",
                        help="templates to write, by file stem: " + ", ".join(TEMPLATES)
                        + " (default: all)")
    args = parser.parse_args(argv)
    unknown = [kind for kind in args.kinds if kind not in TEMPLATES]
    if unknown:
        parser.error("unknown template: " + ", ".join(unknown))
    args.out.mkdir(parents=True, exist_ok=True)
    for stem in args.kinds or TEMPLATES:
        print(write(stem, args.out))


if __name__ == "__main__":
    main()

"""The fuzz suite, bounded for CI: generated case files, templates and filled forms through
docgen's CLI in a worker process, each within a deadline and 2 GB of address space. Every run
ends in exit status 0 or 1, never a traceback or a hang (issue [13]). `bench/fuzz.py` runs
more of the same."""

from __future__ import annotations

import pytest
from fuzzing import Tally, Worker, fuzz

# A few hundred examples in all: about a minute.
COUNTS = {"cases": 200, "templates": 80, "intake": 30}


@pytest.fixture(scope="module")
def worker():
    worker = Worker(deadline=30)
    yield worker
    worker.close()


@pytest.mark.parametrize("target", sorted(COUNTS))
def test_generated_inputs_end_in_one_line_never_a_traceback(worker: Worker, target: str) -> None:
    tally = Tally()
    fuzz(target, COUNTS[target], worker, tally, seed=13)
    assert tally.examples == COUNTS[target]
    assert tally.clean, "\n".join(tally.failures[:5])
    assert tally.peak_mb < 1024

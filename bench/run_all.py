"""`make bench`: every benchmark, one after the other. Each prints its figure as a ratio against a baseline
measured in the same run, and the goal from its issue. Benchmarks never fail the build on timing."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BENCHMARKS = ["bench.startup", "bench.profile", "bench.passwords", "bench.gui_tour", "bench.big_inputs"]


def main() -> int:
    failed = 0
    for name in BENCHMARKS:
        try:
            importlib.import_module(name).main()
        except Exception as exc:  # report and go on with the next benchmark
            print(f"{name}: could not run: {exc}")
            failed += 1
        print()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

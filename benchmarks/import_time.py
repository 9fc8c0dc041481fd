"""How long the Discord-facing modules take to import, in fresh interpreters.

    uv run benchmarks/import_time.py [--repeat 7]

``register --dry-run`` and the endpoint's start pay this before anything else; matplotlib (about
a second on its own) must not be among it: the drawing code loads on the first render.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys

MODULES = (
    "interactions_app.discord",
    "interactions_app.commands",
    "interactions_app.cli.register",
    "interactions_app.endpoint.app",
    "renderer",
    "renderer._render",
)

_PROBE = (
    "import sys, time; t = time.perf_counter(); import {module}; "
    "print(time.perf_counter() - t, 'matplotlib' in sys.modules)"
)


def measure(module: str) -> tuple[float, bool]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE.format(module=module)],
        capture_output=True,
        text=True,
        check=True,
    )
    seconds, loaded = done.stdout.split()
    return float(seconds), loaded == "True"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=7, help="fresh interpreters per module")
    args = parser.parse_args()
    print(f"{'module':32} {'median':>8} {'min':>8}  matplotlib loaded")
    for module in MODULES:
        runs = [measure(module) for _ in range(args.repeat)]
        times = [seconds for seconds, _ in runs]
        loaded = any(flag for _, flag in runs)
        print(
            f"{module:32} {statistics.median(times) * 1000:6.0f} ms {min(times) * 1000:6.0f} ms"
            f"  {'yes' if loaded else 'no'}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

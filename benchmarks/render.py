"""Render the full graph set from the bundled sample data, repeatedly, and report the cost.

    uv run benchmarks/render.py [--repeat 10] [--language en] [--duration] [--out DIR]

Targets on a 2-core machine: whole set <= 1.0 s (median), peak RSS <= 150 MB, median PNG
<= 80 KB at >= 1600x900. Imports and the first (warm-up) set are not timed.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

import msgspec

from interactions_app.config import Config
from interactions_app.graphs.options import render_options
from interactions_app.i18n import translator_for
from renderer import GRAPH_SPECS, RenderedGraph, render_graph, setup_style
from renderer.sample import has_sample, sample_graph
from renderer.tautulli import GraphData


def load(command: str, *, duration: bool) -> GraphData:
    variant = "duration" if duration and has_sample(command, "duration") else ""
    return sample_graph(command, variant)


def main() -> int:
    parser = argparse.ArgumentParser(description="Render the full graph set repeatedly.")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--language", default="en")
    parser.add_argument("--duration", action="store_true", help="watch time instead of plays")
    parser.add_argument("--out", type=Path, help="write the last set's PNGs here")
    args = parser.parse_args()

    config = msgspec.structs.replace(Config(), Y_AXIS="duration" if args.duration else "plays")
    options = render_options(config, args.language)
    t = translator_for(args.language)
    data = {spec.key: load(spec.command, duration=args.duration) for spec in GRAPH_SPECS}
    setup_style()
    for spec in GRAPH_SPECS:  # warm-up: font caches, Babel locale data
        render_graph(spec, data[spec.key], options, t)

    per_graph: dict[str, list[float]] = {spec.key: [] for spec in GRAPH_SPECS}
    wall: list[float] = []
    cpu: list[float] = []
    last: list[RenderedGraph] = []
    for _ in range(args.repeat):
        last = []
        start, start_cpu = time.perf_counter(), time.process_time()
        for spec in GRAPH_SPECS:
            began = time.perf_counter()
            last.append(render_graph(spec, data[spec.key], options, t))
            per_graph[spec.key].append(time.perf_counter() - began)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)

    for key, times in per_graph.items():
        print(f"{key:<48} {statistics.median(times) * 1000:7.1f} ms")
    sizes = [len(graph.png) for graph in last]
    print(f"{'whole set (median wall)':<48} {statistics.median(wall) * 1000:7.1f} ms")
    print(f"{'whole set (min wall)':<48} {min(wall) * 1000:7.1f} ms")
    print(f"{'whole set (median CPU of this process)':<48} {statistics.median(cpu) * 1000:7.1f} ms")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'peak RSS':<48} {peak_mb:7.1f} MB")
    print(f"{'PNG bytes median / max':<48} {statistics.median(sizes):7.0f} / {max(sizes)}")
    print(f"{'PNG size':<48} {last[0].width}x{last[0].height}")
    print(f"{'repeats, load average (1 min), cores':<48} {args.repeat}, "
          f"{os.getloadavg()[0]:.2f}, {os.cpu_count()}")  # fmt: skip
    if args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
        for graph in last:
            (args.out / f"{graph.key}.png").write_bytes(graph.png)
    return 0


if __name__ == "__main__":
    sys.exit(main())

from __future__ import annotations

import gettext
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from renderer import GRAPH_SPECS, GraphSpec, RenderOptions, render_graph, setup_style
from renderer.sample import sample_graph

T = gettext.NullTranslations()
OPTIONS = RenderOptions(language="da", annotate=frozenset(spec.key for spec in GRAPH_SPECS))


def _render(spec: GraphSpec) -> tuple[bytes, dict[str, Any], str]:
    graph = render_graph(spec, sample_graph(spec.command), OPTIONS, T)
    return graph.png, graph.numbers, graph.summary


def test_concurrent_renders_match_sequential_renders_exactly() -> None:
    sequential = {spec.key: _render(spec) for spec in GRAPH_SPECS}
    # Each worker takes the specs in a different order, so different kinds overlap in time.
    jobs = [spec for shift in range(4) for spec in GRAPH_SPECS[shift:] + GRAPH_SPECS[:shift]]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(_render, jobs))
    for spec, result in zip(jobs, results, strict=True):
        assert result == sequential[spec.key], spec.key


def test_style_setup_is_safe_to_race() -> None:
    barrier = threading.Barrier(6)
    errors: list[BaseException] = []

    def setup() -> None:
        barrier.wait()
        try:
            setup_style()
        except BaseException as exc:  # pragma: no cover - only reached on failure
            errors.append(exc)

    threads = [threading.Thread(target=setup) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []

"""Fetch → render: one Tautulli call per graph, all at once; renders in bounded worker threads.

The endpoint (/update_graphs, /my_stats) and the scheduled post share this function and one
``anyio.CapacityLimiter`` sized by ``MAX_CONCURRENT_RENDERS``, so rendering never takes more
threads than configured however many requests arrive.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence

import anyio
import anyio.to_thread

import renderer
from renderer import GraphSpec, RenderedGraph, RenderOptions, Translator
from renderer.tautulli import TautulliSource

__all__ = ["Progress", "TautulliSource", "produce_graphs"]

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], Awaitable[None]]
"""``await progress(done, total)`` after each rendered graph ("5/12 graphs rendered")."""


async def produce_graphs(
    source: TautulliSource,
    specs: Sequence[GraphSpec],
    options: RenderOptions,
    t: Translator,
    *,
    user_id: int | None = None,
    limiter: anyio.CapacityLimiter,
    progress: Progress | None = None,
) -> list[RenderedGraph]:
    """Render every spec, in the order given; the first failure (e.g. Tautulli down) is raised.

    ``user_id`` restricts the personal graphs to one Plex user; the two top-10-users graphs are
    never personal and ignore it. Time ranges and the y axis come from ``options``.
    """
    total = len(specs)
    results: list[RenderedGraph | None] = [None] * total
    failures: list[Exception] = []
    done = 0

    async def produce(index: int, spec: GraphSpec) -> None:
        nonlocal done
        try:
            data = await source.graph(
                spec.command,
                time_range=options.time_range_months if spec.months else options.time_range_days,
                y_axis=options.y_axis,
                user_id=user_id if spec.personal else None,
            )
            results[index] = await anyio.to_thread.run_sync(
                # Looked up here: the drawing code loads on the first render, not on import.
                renderer.render_graph,
                spec,
                data,
                options,
                t,
                limiter=limiter,
            )
            done += 1
            if progress is not None:
                await _report(progress, done, total)
        except Exception as exc:  # re-raised below, unwrapped from the task group
            failures.append(exc)
            group.cancel_scope.cancel()

    async with anyio.create_task_group() as group:
        for index, spec in enumerate(specs):
            group.start_soon(produce, index, spec)
    if failures:
        raise failures[0]
    return [graph for graph in results if graph is not None]


async def _report(progress: Progress, done: int, total: int) -> None:
    # Progress is a courtesy (an edited "5/12" message): a failed edit must not cost the graphs.
    try:
        await progress(done, total)
    except Exception:
        logger.warning("Progress report %d/%d failed", done, total, exc_info=True)

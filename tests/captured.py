"""The bundled Tautulli answers as plain JSON, to compare what a source parsed against."""

from __future__ import annotations

import json
from typing import Any

from renderer.sample import sample_answer
from renderer.tautulli import GraphData


def captured(command: str, variant: str = "") -> Any:
    """``response.data`` of the bundled answer, as plain JSON."""
    return json.loads(sample_answer(command, variant))["response"]["data"]


def as_plain(graph: GraphData) -> dict[str, object]:
    return {
        "categories": graph.categories,
        "series": [{"name": s.name, "data": s.data} for s in graph.series],
    }

"""The bundled Tautulli answers as plain JSON, to compare what a source parsed against."""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

from renderer.tautulli import GraphData

SAMPLES = files("renderer") / "sample_data"


def captured(name: str) -> Any:
    """``response.data`` of ``renderer/sample_data/<name>.json``."""
    return json.loads((SAMPLES / f"{name}.json").read_bytes())["response"]["data"]


def as_plain(graph: GraphData) -> dict[str, object]:
    return {
        "categories": graph.categories,
        "series": [{"name": s.name, "data": s.data} for s in graph.series],
    }

"""Rendered graphs as files: ``<key>.png`` beside ``<key>.json`` (the numbers drawn), plus a page.

Used by ``post_graphs.py --out DIR`` (the README's quick start) and by the scheduled post, which
keeps each posted set under ``DATA_DIR/graphs/YYYY-MM-DD/``.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

import msgspec

from interactions_app.atomic_file import write_atomically
from renderer import RenderedGraph
from renderer.translation import Translator


def write_graph_files(graphs: Sequence[RenderedGraph], directory: Path) -> list[Path]:
    """Write each graph's PNG and numbers JSON into ``directory``; returns the PNG paths."""
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for graph in graphs:
        png = directory / f"{graph.key}.png"
        write_atomically(png, graph.png)
        record: dict[str, object] = {
            "key": graph.key,
            "title": graph.title,
            "summary": graph.summary,
            "numbers": graph.numbers,
        }
        encoded = msgspec.json.format(msgspec.json.encode(record), indent=2)
        write_atomically(directory / f"{graph.key}.json", encoded)
        written.append(png)
    return written


def write_index(
    graphs: Sequence[RenderedGraph], directory: Path, t: Translator, *, language: str = "en"
) -> Path:
    """Write ``index.html`` showing every graph (title, summary, image) in order."""
    page_title = html.escape(t.gettext("TGraph Bot graphs"))
    sections = "\n".join(
        _SECTION.format(
            title=html.escape(graph.title),
            summary=html.escape(graph.summary),
            src=html.escape(f"{graph.key}.png"),
            numbers=html.escape(f"{graph.key}.json"),
            numbers_label=html.escape(t.gettext("Numbers (JSON)")),
            width=graph.width,
            height=graph.height,
        )
        for graph in graphs
    )
    index = directory / "index.html"
    page = _PAGE.format(
        language=html.escape(language.replace("_", "-")), title=page_title, sections=sections
    )
    write_atomically(index, page.encode())
    return index


def write_preview(
    graphs: Sequence[RenderedGraph], directory: Path, t: Translator, *, language: str = "en"
) -> Path:
    """Graph files plus ``index.html`` in ``directory``; returns the index path."""
    write_graph_files(graphs, directory)
    return write_index(graphs, directory, t, language=language)


_PAGE = """<!DOCTYPE html>
<html lang="{language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; }}
body {{ padding: 0 1rem; }}
section {{ margin-bottom: 3rem; }}
img {{ max-width: 100%; height: auto; border: 1px solid #ddd; }}
p.summary {{ color: #333; }}
</style>
</head>
<body>
<h1>{title}</h1>
{sections}
</body>
</html>
"""

_SECTION = """<section>
<h2>{title}</h2>
<p class="summary">{summary}</p>
<img src="{src}" alt="{title}. {summary}" width="{width}" height="{height}" loading="lazy">
<p><a href="{numbers}">{numbers_label}</a></p>
</section>"""

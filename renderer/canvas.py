"""A Figure with its own Agg canvas per image, and a compact PNG encoding of it."""

from __future__ import annotations

import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from renderer.style import Palette

WIDTH_INCHES = 16
HEIGHT_INCHES = 9
DPI = 100
PALETTE_COLORS = 96
"""Graphs are flat colours plus anti-aliasing; a small palette keeps files small and sharp."""


def new_figure(palette: Palette) -> Figure:
    figure = Figure(figsize=(WIDTH_INCHES, HEIGHT_INCHES), dpi=DPI, facecolor=palette.background)
    FigureCanvasAgg(figure)
    return figure


def encode_png(figure: Figure) -> tuple[bytes, int, int]:
    """Draw once and encode an opaque, palette PNG; the figure is emptied afterwards."""
    canvas = figure.canvas
    assert isinstance(canvas, FigureCanvasAgg)
    canvas.draw()
    width, height = canvas.get_width_height(physical=True)
    rgba = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    image = rgba.convert("RGB").quantize(PALETTE_COLORS, method=Image.Quantize.FASTOCTREE)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=6)
    # Break the figure's reference cycles now, so the pixel buffer goes without waiting for gc.
    figure.clear()
    canvas.renderer = None  # type: ignore[assignment]
    return out.getvalue(), width, height

"""Regenerate the graph pictures in docs/ that the README shows, from the bundled sample data.

    uv run --no-dev scripts/render_docs_images.py [--out docs]

Renders the sample set exactly as the quick start does (``post_graphs.py --sample``), then
keeps a few graphs, scaled down and palette-compressed so the repository stays small.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parents[1]
POST_GRAPHS = REPO / "scripts" / "post_graphs.py"
DOCS_GRAPHS = (
    "daily_play_count",
    "play_count_by_hourofday",
    "top_10_platforms",
    "play_count_by_platform_and_stream_type",
)
"""The graphs the README shows, in its order."""
WIDTH = 1000
COLOURS = 256


def shrink(source: Path, target: Path) -> None:
    with Image.open(source) as image:
        rgb = image.convert("RGB")
    height = round(rgb.height * WIDTH / rgb.width)
    small = rgb.resize((WIDTH, height), Image.Resampling.LANCZOS)
    # Flat chart colours survive a small palette; the PNG gets several times smaller.
    small.quantize(colors=COLOURS, dither=Image.Dither.NONE).save(target, optimize=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Regenerate the README's graph pictures.")
    parser.add_argument("--out", type=Path, default=REPO / "docs", help="folder (default: docs/)")
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as rendered:
        # The quick start's own command, so the pictures show what a new user will see.
        subprocess.run(  # noqa: S603 - a fixed command line: this interpreter, this repo's script
            [sys.executable, str(POST_GRAPHS), "--sample", "--out", rendered],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        for name in DOCS_GRAPHS:
            shrink(Path(rendered) / f"{name}.png", out / f"{name}.png")
    print(f"Wrote {len(DOCS_GRAPHS)} graphs to {out}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

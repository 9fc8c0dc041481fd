"""Regenerate the graph pictures in docs/ that the README shows, from the bundled sample data.

    uv run --no-dev scripts/render_docs_images.py [--out docs]

Renders the sample set exactly as the quick start does (``post_graphs.py --sample``), then
keeps a few graphs, scaled down and palette-compressed so the repository stays small. The digest's
chart is drawn from the sample's daily plays: its last whole week over the week before.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gettext
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from PIL import Image

from interactions_app.config import Config
from interactions_app.graphs.options import render_options
from renderer.digest import Change, Digest, last_complete, render_digest_chart
from renderer.sample import sample_graph

REPO = Path(__file__).resolve().parents[1]
POST_GRAPHS = REPO / "scripts" / "post_graphs.py"
DOCS_GRAPHS = (
    "daily_play_count",
    "play_count_by_hourofday",
    "top_10_platforms",
    "play_count_by_platform_and_stream_type",
)
"""The graphs the README shows, in its order."""
DIGEST_PICTURE = "digest"
"""The digest's chart, as the scheduled digest shows it."""
WIDTH = 1000
COLOURS = 256


def shrink(source: Path, target: Path) -> None:
    with Image.open(source) as image:
        rgb = image.convert("RGB")
    height = round(rgb.height * WIDTH / rgb.width)
    small = rgb.resize((WIDTH, height), Image.Resampling.LANCZOS)
    # Flat chart colours survive a small palette; the PNG gets several times smaller.
    small.quantize(colors=COLOURS, dither=Image.Dither.NONE).save(target, optimize=True)


def sample_digest() -> Digest:
    """The sample's last whole week and the week before, from its daily series ("Total")."""
    daily = sample_graph("get_plays_by_date")
    total = next(series for series in daily.series if series.name == "Total")
    plays = {
        dt.date.fromisoformat(day): int(value)
        for day, value in zip(daily.categories, total.data, strict=True)
    }
    week = last_complete("week", max(plays))
    previous = week.previous()
    this_week = tuple(plays.get(day, 0) for day in week.dates())
    last_week = tuple(plays.get(day, 0) for day in previous.dates())
    return Digest(
        period=week,
        previous=previous,
        rank_by="plays",
        plays=Change(sum(this_week), sum(last_week)),
        seconds=Change(0, 0),
        active_users=Change(0, 0),
        top_movies=(),
        top_shows=(),
        top_artists=(),
        most_popular=None,
        busiest_day=None,
        busiest_hour=None,
        peak=None,
        top_platform=None,
        libraries=(),
        top_user=None,
        record=None,
        daily_plays=this_week,
        previous_daily_plays=last_week,
    )


def render_digest_picture(target: Path) -> None:
    chart = render_digest_chart(
        sample_digest(), render_options(Config(), "en"), gettext.NullTranslations()
    )
    with tempfile.TemporaryDirectory() as rendered:
        full = Path(rendered) / "digest.png"
        full.write_bytes(chart.png)
        shrink(full, target)


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
    render_digest_picture(out / f"{DIGEST_PICTURE}.png")
    print(f"Wrote {len(DOCS_GRAPHS) + 1} pictures to {out}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

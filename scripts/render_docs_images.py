"""Regenerate the graph pictures in docs/ that the README shows, from the bundled sample data.

    uv run --no-dev scripts/render_docs_images.py [--out docs]

Renders the sample set exactly as the quick start does (``post_graphs.py --sample``), then
keeps a few graphs, scaled down and palette-compressed so the repository stays small. Two more
pictures show whole messages as Discord draws them (``discord_picture.py``): the explorer with its
controls, and a weekly digest (its chart from the sample's daily plays, its titles and names from
an invented server).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gettext
import re
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from io import BytesIO
from pathlib import Path

import anyio
from PIL import Image, ImageDraw, ImageFont

from interactions_app.config import Config
from interactions_app.digest.message import DIGEST_COLOR, digest_message
from interactions_app.digest.wording import Wording
from interactions_app.discord import ActionRow, Button, Embed
from interactions_app.discord._components import StringSelect
from interactions_app.explorer.render import explorer_message
from interactions_app.explorer.view import View
from interactions_app.graphs.options import render_options
from interactions_app.graphs.produce import produce_graphs
from renderer.digest import (
    Change,
    Digest,
    Peak,
    Person,
    Record,
    Share,
    TitleStat,
    last_complete,
    render_digest_chart,
)
from renderer.sample import SampleTautulli, sample_graph
from renderer.specs import spec_by_key

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
"""A weekly digest message, as the channel shows it."""
EXPLORER_PICTURE = "explorer"
"""A private /graph answer with its controls."""
MESSAGE_COLOURS = 128
EXPLORER_COLOUR = 0x5865F2
WIDTH = 1000
COLOURS = 256


def shrink(source: Path, target: Path) -> None:
    with Image.open(source) as image:
        rgb = image.convert("RGB")
    height = round(rgb.height * WIDTH / rgb.width)
    small = rgb.resize((WIDTH, height), _SMOOTH)
    # Flat chart colours survive a small palette; the PNG gets several times smaller.
    small.quantize(colors=COLOURS, dither=Image.Dither.NONE).save(target, optimize=True)


def _titles(*rows: tuple[str, int | None, int, int, int]) -> tuple[TitleStat, ...]:
    return tuple(
        TitleStat(title, year, plays, hours * 3600, users)
        for title, year, plays, hours, users in rows
    )


def sample_digest() -> Digest:
    """The sample's last whole week over the week before (its daily "Total" series), with
    invented titles and names: the sample has no play history."""
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
    busiest = max(week.dates(), key=lambda day: plays.get(day, 0))
    week_plays = sum(this_week)
    return Digest(
        period=week,
        previous=previous,
        rank_by="plays",
        plays=Change(week_plays, sum(last_week)),
        seconds=Change(187 * 3600, 164 * 3600),
        active_users=Change(11, 11),
        top_movies=_titles(
            ("A Island in Sydney", 1984, 9, 16, 6),
            ("Crown Raven III", 2009, 7, 13, 5),
            ("Lucky Orbit", 2014, 4, 7, 3),
        ),
        top_shows=_titles(
            ("The Voyage", 2000, 41, 29, 7),
            ("Silver Summer", 2013, 26, 18, 4),
            ("Andrew & Ines", 2006, 19, 8, 3),
        ),
        top_artists=_titles(
            ("Wei Wright", None, 48, 3, 2),
            ("The Grand Fortunes", None, 33, 2, 2),
        ),
        most_popular=TitleStat("The Voyage", 2000, 41, 29 * 3600, 7),
        busiest_day=(busiest, plays.get(busiest, 0)),
        busiest_hour=(21, 58),
        peak=Peak(5, dt.datetime.combine(busiest, dt.time(21, 14), dt.UTC)),
        top_platform=Share("iOS", week_plays * 3 // 10, 41 * 3600),
        libraries=(  # shares of this week's plays, as Tautulli's libraries would split them
            Share("TV Shows", week_plays * 56 // 100, 104 * 3600),
            Share("Music", week_plays * 29 // 100, 9 * 3600),
            Share(
                "Movies", week_plays - week_plays * 56 // 100 - week_plays * 29 // 100, 71 * 3600
            ),
        ),
        top_user=Person(66714427, "Omar Campbell", 63, 31 * 3600),
        record=Record("busiest", 9, whole_window=False),
        daily_plays=this_week,
        previous_daily_plays=last_week,
    )


def render_digest_picture(target: Path) -> None:
    t = gettext.NullTranslations()
    digest = sample_digest()
    chart = render_digest_chart(digest, render_options(Config(), "en"), t)
    payload, _ = digest_message(digest, chart, Wording(t, "en"), censor=True, show_top_user=True)
    [embed] = payload.embeds or []
    _save(message_picture(embed, chart.png, [], DIGEST_COLOR), target)


def render_explorer_picture(target: Path) -> None:
    t = gettext.NullTranslations()
    config = Config()
    view = View(graph="daily_play_count", period=30, measure="plays")
    options = render_options(config, "en")
    limiter = anyio.CapacityLimiter(1)
    (graph,) = anyio.run(
        lambda: produce_graphs(
            SampleTautulli(), [spec_by_key(view.graph)], options, t, limiter=limiter
        )
    )
    posted = dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC)
    payload, _ = explorer_message(graph, view, config, t, public=False, posted_at=posted)
    [embed] = payload.embeds or []
    _save(message_picture(embed, graph.png, payload.components or [], EXPLORER_COLOUR), target)


def _save(picture: Image.Image, target: Path) -> None:
    picture.quantize(colors=MESSAGE_COLOURS, dither=Image.Dither.NONE).save(target, optimize=True)


# A message as Discord's dark theme draws it: the embed card, its image, its controls.
# Drawn from the real payloads, so a changed label or field shows the next time.

SCALE = 2
"""Drawn at twice the size and scaled down, for smooth text."""
CARD_WIDTH = 560
IMAGE_WIDTH = 520

_SMOOTH = Image.Resampling.LANCZOS
_BACKGROUND = (49, 51, 56)
_CARD = (43, 45, 49)
_MENU = (30, 31, 34)
_TEXT = (219, 222, 225)
_MUTED = (181, 186, 193)
_WHITE = (255, 255, 255)
_BUTTONS = {1: (88, 101, 242), 2: (78, 80, 88), 3: (36, 128, 70), 4: (218, 55, 60)}
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_TIMESTAMP = re.compile(r"<t:(\d+)(?::[tTdDfFR])?>")
# Emoji the bundled font lacks, drawn as the nearest symbol it has.
_STAR = "\x00"
_SYMBOLS = str.maketrans({"🏆": "★"})

type Font = ImageFont.FreeTypeFont


def _font(size: int, *, bold: bool = False) -> Font:
    # matplotlib ships DejaVu Sans, so the picture needs no system fonts.
    import matplotlib  # noqa: PLC0415 - only this docs tool draws text

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name), size)


class _Pen:
    """Writes wrapped, partly bold lines down a column and remembers how far it got."""

    def __init__(self, draw: ImageDraw.ImageDraw, size: int) -> None:
        self.draw = draw
        self.regular = _font(size * SCALE)
        self.bold = _font(size * SCALE, bold=True)
        self.line = round(size * SCALE * 1.45)

    def write(self, text: str, x: int, y: int, width: int, colour: tuple[int, int, int]) -> int:
        """Draw ``text`` (``**bold**`` honoured) in ``width`` from ``y``; the y below it."""
        # Discord shows a timestamp in the reader's own time; the picture shows it in UTC.
        text = _TIMESTAMP.sub(_when, text.translate(_SYMBOLS))
        # An escaped asterisk (a censored name) is a plain one, never the start of bold text.
        text = text.replace("\\*", _STAR).replace("\\", "")
        for paragraph in text.split("\n"):
            y = self._paragraph(paragraph, x, y, width, colour)
        return y

    def _paragraph(
        self, text: str, x: int, y: int, width: int, colour: tuple[int, int, int]
    ) -> int:
        words: list[tuple[str, bool]] = []
        for number, part in enumerate(_BOLD.split(text)):
            words += [
                (word.replace(_STAR, "*"), number % 2 == 1) for word in part.split(" ") if word
            ]
        left = x
        for word, bold in words:
            font = self.bold if bold else self.regular
            size = round(self.draw.textlength(word + " ", font=font))
            if left + size > x + width and left > x:
                left, y = x, y + self.line
            self.draw.text((left, y), word, font=font, fill=_WHITE if bold else colour)
            left += size
        return y + self.line


def _height(embed: Embed, image: Image.Image | None, rows: Sequence[ActionRow]) -> int:
    """Generous: the card is cropped to what was drawn."""
    text = (embed.title or "") + (embed.description or "")
    text += "".join(f.name + f.value for f in embed.fields)
    lines = text.count("\n") + len(text) // 40 + 3 * len(embed.fields) + 10
    picture = 0 if image is None else image.height
    return (lines * 24 + len(rows) * 48 + 80) * SCALE + picture


def message_picture(
    embed: Embed, image_png: bytes | None, rows: Sequence[ActionRow], colour: int
) -> Image.Image:
    """One message: the embed card with its image, then the action rows under it."""
    image = None
    if image_png is not None:
        with Image.open(BytesIO(image_png)) as opened:
            full = opened.convert("RGB")
        width = IMAGE_WIDTH * SCALE
        image = full.resize(
            (width, round(full.height * width / full.width)), Image.Resampling.LANCZOS
        )
    size = ((CARD_WIDTH + 2 * _PAD) * SCALE, _height(embed, image, rows))
    # The card's height is known only once its text is laid out: measure, then draw for real.
    measured, _ = _card(ImageDraw.Draw(Image.new("RGB", size)), embed, image, None, colour)
    canvas = Image.new("RGB", size, _BACKGROUND)
    draw = ImageDraw.Draw(canvas)
    bottom, image_at = _card(draw, embed, image, measured, colour)
    if image is not None:
        canvas.paste(image, image_at)
    bottom = _rows(draw, rows, _PAD * SCALE, bottom + 8 * SCALE)
    picture = canvas.crop((0, 0, canvas.width, bottom + _PAD * SCALE))
    return picture.resize(
        (picture.width // SCALE, picture.height // SCALE), Image.Resampling.LANCZOS
    )


_PAD = 16
_INNER = 12


def _card(
    draw: ImageDraw.ImageDraw,
    embed: Embed,
    image: Image.Image | None,
    bottom: int | None,
    colour: int,
) -> tuple[int, tuple[int, int]]:
    """Draw the embed card (its box only when ``bottom`` is known): the y of its bottom edge
    and where its image goes."""
    s = SCALE
    pad, inner = _PAD * s, _INNER * s
    if bottom is not None:
        box = (pad, pad, pad + CARD_WIDTH * s, bottom)
        draw.rounded_rectangle(box, radius=4 * s, fill=_CARD)
        draw.rectangle((pad, pad, pad + 4 * s, bottom), fill=_rgb(colour))
    small, body, heading = _Pen(draw, 12), _Pen(draw, 14), _Pen(draw, 15)
    x, y = pad + inner + 4 * s, pad + inner
    width = CARD_WIDTH * s - 2 * inner - 4 * s
    if embed.title:
        y = heading.write(f"**{embed.title}**", x, y, width, _WHITE) + 4 * s
    if embed.description:
        y = body.write(embed.description, x, y, width, _TEXT) + 4 * s
    y = _fields(embed, body, x, y, width)
    image_at = (x, y + 4 * s)
    if image is not None:
        y += image.height + 12 * s
    if embed.footer is not None:
        y = small.write(embed.footer.text, x, y, width, _MUTED)
    return y + inner, image_at


def _fields(embed: Embed, pen: _Pen, x: int, y: int, width: int) -> int:
    """Inline fields three to a row, the others full width, as Discord lays them out."""
    column = width // 3
    row: list[tuple[str, str]] = []

    def flush(top: int) -> int:
        bottom = top
        for number, (name, value) in enumerate(row):
            left = x + number * column
            below = pen.write(f"**{name}**", left, top, column - 8 * SCALE, _WHITE)
            bottom = max(bottom, pen.write(value, left, below, column - 8 * SCALE, _TEXT))
        row.clear()
        return bottom + 6 * SCALE

    for field in embed.fields:
        if field.inline:
            row.append((field.name, field.value))
            if len(row) == 3:
                y = flush(y)
            continue
        if row:
            y = flush(y)
        below = pen.write(f"**{field.name}**", x, y, width, _WHITE)
        y = pen.write(field.value, x, below, width, _TEXT) + 6 * SCALE
    return flush(y) if row else y


def _rows(draw: ImageDraw.ImageDraw, rows: Sequence[ActionRow], left: int, top: int) -> int:
    s = SCALE
    font = _font(14 * s)
    height, gap = 32 * s, 8 * s
    for row in rows:
        x = left
        for component in row.components:
            middle = top + height // 2
            if isinstance(component, StringSelect):
                chosen = next((o.label for o in component.options if o.default), None)
                box = (x, top, x + CARD_WIDTH * s * 3 // 4, top + height)
                draw.rounded_rectangle(box, radius=4 * s, fill=_MENU)
                text = chosen or component.placeholder or ""
                draw.text((x + 12 * s, middle), text, font=font, fill=_TEXT, anchor="lm")
                draw.text((box[2] - 16 * s, middle), "⌄", font=font, fill=_TEXT, anchor="mm")
                continue
            if not isinstance(component, Button):
                continue
            width = round(draw.textlength(component.label, font=font)) + 32 * s
            colour = _BUTTONS[component.style]
            if component.disabled:  # Discord shows a disabled button at half strength
                colour = tuple((c + b) // 2 for c, b in zip(colour, _BACKGROUND, strict=True))
            draw.rounded_rectangle((x, top, x + width, top + height), radius=4 * s, fill=colour)
            draw.text(
                (x + width // 2, middle), component.label, font=font, fill=_WHITE, anchor="mm"
            )
            x += width + gap
        top += height + gap
    return top


def _when(match: re.Match[str]) -> str:
    moment = dt.datetime.fromtimestamp(int(match.group(1)), dt.UTC)
    return f"{moment:%d %B %Y %H:%M}".lstrip("0")


def _rgb(colour: int) -> tuple[int, int, int]:
    return (colour >> 16) & 255, (colour >> 8) & 255, colour & 255


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
    render_explorer_picture(out / f"{EXPLORER_PICTURE}.png")
    print(f"Wrote {len(DOCS_GRAPHS) + 2} pictures to {out}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

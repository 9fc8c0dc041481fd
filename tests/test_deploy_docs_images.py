"""The README's pictures in docs/: one command makes them, small enough to commit."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from interactions_app.discord import ActionRow, Button, Embed
from interactions_app.discord._components import SelectOption, StringSelect
from scripts.render_docs_images import (
    CARD_WIDTH,
    DIGEST_PICTURE,
    DOCS_GRAPHS,
    EXPLORER_PICTURE,
    WIDTH,
    main,
    message_picture,
)

REPO = Path(__file__).resolve().parents[1]
MAX_BYTES = 80_000
MESSAGES = (DIGEST_PICTURE, EXPLORER_PICTURE)


def test_the_script_renders_each_picture_small(tmp_path: Path) -> None:
    assert main(["--out", str(tmp_path)]) == 0
    written = sorted(path.name for path in tmp_path.iterdir())
    assert written == sorted(f"{name}.png" for name in (*DOCS_GRAPHS, *MESSAGES))
    for name in (*DOCS_GRAPHS, *MESSAGES):
        with Image.open(tmp_path / f"{name}.png") as image:
            assert image.format == "PNG"
            assert image.mode == "P"
            # A graph at the README's width; a message as wide as Discord's card and margins.
            assert image.width == (WIDTH if name in DOCS_GRAPHS else CARD_WIDTH + 32)
        assert (tmp_path / f"{name}.png").stat().st_size <= MAX_BYTES


def test_each_row_of_controls_is_drawn_under_the_card() -> None:
    embed = Embed(title="Daily play count", description="**3,762 plays** in total")
    bare = message_picture(embed, None, [], 0x5865F2)
    row = ActionRow(components=[Button(custom_id="a", label="7 days")])
    menu = ActionRow(
        components=[StringSelect(custom_id="b", options=[SelectOption(label="x", value="x")])]
    )
    with_rows = message_picture(embed, None, [row, menu], 0x5865F2)
    assert with_rows.width == bare.width
    assert with_rows.height - bare.height == 2 * (32 + 8)


def test_the_readme_shows_every_committed_picture() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in (*DOCS_GRAPHS, *MESSAGES):
        assert (REPO / "docs" / f"{name}.png").is_file()
        assert f"(docs/{name}.png)" in readme

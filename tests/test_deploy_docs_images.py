"""The README's graph pictures in docs/: one command makes them, small enough to commit."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from scripts.render_docs_images import DIGEST_PICTURE, DOCS_GRAPHS, WIDTH, main

REPO = Path(__file__).resolve().parents[1]
MAX_BYTES = 80_000


def test_the_script_renders_each_pictured_graph_small(tmp_path: Path) -> None:
    assert main(["--out", str(tmp_path)]) == 0
    written = sorted(path.name for path in tmp_path.iterdir())
    assert written == sorted(f"{name}.png" for name in (*DOCS_GRAPHS, DIGEST_PICTURE))
    for name in written:
        with Image.open(tmp_path / name) as image:
            assert image.format == "PNG"
            assert image.width == WIDTH
            assert image.mode == "P"
        assert (tmp_path / name).stat().st_size <= MAX_BYTES


def test_the_readme_shows_every_committed_picture() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in (*DOCS_GRAPHS, DIGEST_PICTURE):
        assert (REPO / "docs" / f"{name}.png").is_file()
        assert f"(docs/{name}.png)" in readme

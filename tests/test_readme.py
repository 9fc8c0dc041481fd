"""The README is part of the product: its configuration reference and quick start stay true."""

from __future__ import annotations

from pathlib import Path

from interactions_app.config import Config, config_keys

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_the_configuration_reference_lists_every_key_with_its_default() -> None:
    defaults = Config()
    missing: list[str] = []
    for key in config_keys():
        value = getattr(defaults, key)
        shown = (
            ("true" if value else "false")
            if isinstance(value, bool)
            else "[]"
            if isinstance(value, list)
            else (str(value) or '""')
        )
        if f"| `{key}` | `{shown}` |" not in README:
            missing.append(key)
    assert missing == []


def test_the_quick_start_previews_without_the_development_tools() -> None:
    quick_start = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert "uv run --no-dev scripts/post_graphs.py --sample --out preview/" in quick_start


def test_the_development_section_runs_the_tests() -> None:
    development = README.split("\n## Development", 1)[1].split("\n## ", 1)[0]
    assert "uv run pytest" in development

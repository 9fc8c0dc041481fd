"""Post the graph set to Discord when it is due (run every 15 minutes), or render it to a folder.

    uv run scripts/post_graphs.py [--config PATH] [--force] [--out DIR] [--sample]

Quick start, no config needed: ``uv run scripts/post_graphs.py --sample --out preview/``.
Exit codes: 0 ok or not due, 1 the run failed, 2 config or usage error.
"""

from __future__ import annotations

from interactions_app.cli_post import main

if __name__ == "__main__":
    raise SystemExit(main())

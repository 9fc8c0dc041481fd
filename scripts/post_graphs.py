"""Post the graph set to Discord when it is due (run every 15 minutes), or render it to a folder.

    uv run scripts/post_graphs.py [--config PATH] [--force] [--out DIR] [--sample]

The same as ``tgraph-bot post`` (``--help`` lists the defaults and exit codes). Quick start, no
config needed: ``uv run scripts/post_graphs.py --sample --out preview/``.
"""

from __future__ import annotations

from interactions_app.cli.post import main

if __name__ == "__main__":
    raise SystemExit(main(prog="post_graphs.py"))

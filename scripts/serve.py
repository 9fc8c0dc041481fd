"""Serve the Discord interactions endpoint under uvicorn.

    uv run scripts/serve.py [--config PATH] [--host 127.0.0.1] [--port 8080]

The same as ``tgraph-bot serve`` (``--help`` lists the defaults and exit codes).
"""

from __future__ import annotations

from interactions_app.cli.serve import main

if __name__ == "__main__":
    raise SystemExit(main(prog="serve.py"))

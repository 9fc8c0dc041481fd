"""Serve the Discord interactions endpoint under uvicorn.

    uv run scripts/serve.py [--config PATH] [--host 127.0.0.1] [--port 8080]

Exit codes: 0 after a clean shutdown, 2 config or usage error.
"""

from __future__ import annotations

from interactions_app.cli_serve import main

if __name__ == "__main__":
    raise SystemExit(main())

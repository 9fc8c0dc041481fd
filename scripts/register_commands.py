"""Publish the bot's slash commands to Discord (bulk overwrite, global or one server).

    uv run scripts/register_commands.py [--config PATH] [--guild ID] [--dry-run]

``--dry-run`` prints the JSON that would be sent and needs no token.
Exit codes: 0 ok, 1 Discord refused or failed, 2 config or usage error.
"""

from __future__ import annotations

from interactions_app.cli_register import main

if __name__ == "__main__":
    raise SystemExit(main())

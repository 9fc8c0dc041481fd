"""Publish the bot's slash commands to Discord (bulk overwrite, global or one server).

    uv run scripts/register_commands.py [--config PATH] [--guild ID] [--dry-run]

The same as ``tgraph-bot register`` (``--help`` lists the defaults and exit codes).
``--dry-run`` checks the config and prints the JSON that would be sent; it needs no token.
"""

from __future__ import annotations

from interactions_app.cli.register import main

if __name__ == "__main__":
    raise SystemExit(main(prog="register_commands.py"))

"""One scheduled post that dies with ``os._exit`` (as under ``kill -9``) at a chosen step.

    python -m tests.posting_victim '<json>'

The JSON names the config, the bot token, the clock and ``kill_at``/``when``/``method`` (see
``tests.tripwire``). The process ends with status 137 at that step, leaving its lock, intents
and messages exactly as a killed process would.
"""

from __future__ import annotations

import gettext
import json
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Any, cast

import anyio
import msgspec

from interactions_app.config import Config
from interactions_app.discord import DiscordRest
from interactions_app.posting import PostContext, post_graph_set
from interactions_app.state import StateStore
from renderer.tautulli import TautulliClient
from tests.tripwire import Killed, Killer, Tripwire

KILLED = 137


async def run(spec: dict[str, Any]) -> int:
    killer = Killer(int(spec.get("kill_at", 0)), str(spec["when"]), spec.get("method"))
    config = msgspec.convert(spec["config"], Config)
    now = datetime.fromisoformat(spec["now"])
    state = StateStore.in_data_dir(Path(config.DATA_DIR))
    async with (
        DiscordRest(api_base=config.DISCORD_API_BASE, bot_token=spec["bot_token"]) as discord,
        TautulliClient(config.TAUTULLI_URL, config.TAUTULLI_API_KEY) as source,
    ):
        context = PostContext(
            config=config,
            state=cast(StateStore, Tripwire(state, killer)),
            discord=cast(DiscordRest, Tripwire(discord, killer)),
            source=source,
            limiter=anyio.CapacityLimiter(1),
            t=gettext.NullTranslations(),
            clock=lambda: now,
        )
        try:
            await post_graph_set(context, force=False)
        except Killed:
            os._exit(KILLED)  # no finally, no clean-up: what a kill leaves behind
    return 0


if __name__ == "__main__":
    sys.exit(anyio.run(run, json.loads(sys.argv[1])))

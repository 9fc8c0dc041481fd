"""The runtime the lifespan builds: collaborators passed to ``create_app`` are used as they are
and left open at shutdown; without a running lifespan every request is answered 503."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import anyio
import httpx
import msgspec
from nacl.signing import SigningKey

from interactions_app.config import ConfigStore
from interactions_app.discord import DiscordRest
from interactions_app.endpoint.app import create_app
from interactions_app.state import StateStore
from renderer.sample import SampleTautulli
from tests.fakes.discord import DiscordFake
from tests.fakes.endpoint import write_config
from tests.fakes.interactions import InteractionClient, option, serve_app
from tests.state_file import bindings, set_schedule


def test_injected_tautulli_discord_and_state_are_used_and_not_closed(tmp_path: Path) -> None:
    key = SigningKey.generate()
    config_path = tmp_path / "config.yaml"
    write_config(
        config_path,
        {
            "DISCORD_PUBLIC_KEY": key.verify_key.encode().hex(),
            # Neither is ever called: the injected collaborators are.
            "TAUTULLI_URL": "http://127.0.0.1:9",
            "DISCORD_API_BASE": "http://127.0.0.1:9/api/v10",
            "DATA_DIR": str(tmp_path / "unused"),
        },
    )
    state = StateStore(tmp_path / "state.sqlite3")
    due = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)
    set_schedule(state.path, datetime(2029, 12, 26, tzinfo=UTC), due)
    with DiscordFake() as discord:
        http = httpx.AsyncClient()
        rest = DiscordRest(api_base=discord.api_base, bot_token=discord.bot_token, http=http)
        app = create_app(
            ConfigStore(config_path, environ={}),
            tautulli=SampleTautulli(),
            discord=rest,
            state=state,
        )
        with (
            serve_app(app) as server,
            InteractionClient(server.url, key, application_id=discord.application_id) as client,
        ):
            answer = client.command("about").json()
        fields = {f["name"]: f["value"] for f in answer["data"]["embeds"][0]["fields"]}
        assert fields["Tautulli"] == "Reachable (Tautulli v2.17.2)"
        assert fields["Next scheduled post"].startswith("<t:")
        assert not (tmp_path / "unused").exists()

        # Still open after the app stopped: the caller owns them.
        assert not http.is_closed
    assert bindings(state.path) == []
    state.close()


def test_the_app_can_be_started_again_after_a_shutdown(tmp_path: Path) -> None:
    key = SigningKey.generate()
    with DiscordFake() as discord:
        config_path = tmp_path / "config.yaml"
        write_config(
            config_path,
            {
                "DISCORD_PUBLIC_KEY": key.verify_key.encode().hex(),
                "DISCORD_API_BASE": discord.api_base,
                "DATA_DIR": str(tmp_path / "data"),
                "MY_STATS_COOLDOWN_MINUTES": 0,
                "MY_STATS_GLOBAL_COOLDOWN_SECONDS": 0,
                "LINKING": "email",
            },
        )
        app = create_app(ConfigStore(config_path, environ={}), tautulli=SampleTautulli())
        tokens: list[str] = []
        for _run in range(2):
            with (
                serve_app(app) as server,
                InteractionClient(server.url, key, application_id=discord.application_id) as client,
            ):
                body = client.interaction(2, "my_stats", [option("email", "nobody@example.com")])
                assert client.post(body).json()["type"] == 5
                tokens.append(body["token"])
                answer = client.command("about").json()
                assert answer["data"]["embeds"][0]["fields"][0]["value"].startswith("Reachable")
            assert app.state.runtime is None
        for token in tokens:
            message = discord.original(token)
            assert message is not None and message.content.startswith("No Plex account")


def test_before_the_lifespan_has_run_every_request_is_answered_503(tmp_path: Path) -> None:
    key = SigningKey.generate()
    config_path = tmp_path / "config.yaml"
    write_config(
        config_path,
        {"DISCORD_PUBLIC_KEY": key.verify_key.encode().hex(), "DATA_DIR": str(tmp_path / "data")},
    )
    app = create_app(ConfigStore(config_path, environ={}), tautulli=SampleTautulli())
    signer = InteractionClient("http://testserver", key)
    body = msgspec.json.encode(signer.base(1))

    async def ask() -> tuple[httpx.Response, httpx.Response]:
        # An ASGI transport never sends the lifespan events: the app is not started.
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            headers = signer.signed_headers(body)
            ping = await http.post("/interactions", content=body, headers=headers)
            return ping, await http.get("/healthz")

    answer, health = anyio.run(ask)
    signer.close()
    assert (answer.status_code, answer.text) == (503, "the bot is starting or stopping")
    assert health.status_code == 503
    assert app.state.runtime is None
    assert not (tmp_path / "data").exists()

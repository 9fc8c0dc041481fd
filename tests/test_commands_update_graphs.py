"""/update_graphs: progress in the deferred message, the post itself, the schedule restarted."""

from __future__ import annotations

from pathlib import Path

from tests.fakes.endpoint import ADMIN, PNG, running_endpoint
from tests.fakes.endpoint import FEW_GRAPHS as GRAPHS

NOW = 1_800_000_000.0


def test_update_graphs_posts_reports_progress_and_restarts_the_schedule(tmp_path: Path) -> None:
    with running_endpoint(tmp_path, settings=GRAPHS, clock=lambda: NOW) as endpoint:
        body = endpoint.client.interaction(2, "update_graphs", permissions=ADMIN)
        assert endpoint.client.post(body).json() == {"type": 5, "data": {"flags": 64}}
        endpoint.wait_idle()
        edits = endpoint.discord.requests_for("update_original_webhook_message")
        contents = [request.payload["content"] for request in edits]
        assert contents[0].endswith("graphs rendered…")
        assert "3/3 graphs rendered…" in contents
        next_due = int(NOW) + 7 * 86400
        assert contents[-1] == (
            f"Posted 3 graphs to the channel. Next scheduled post: <t:{next_due}:R>."
        )
        posted = endpoint.discord.requests_for("execute_webhook")
        assert len(posted) == 3
        assert all(request.files[0].data[:8] == PNG for request in posted)
        state = endpoint.services.state
        last = state.last_post_at()
        assert last is not None and last.timestamp() == NOW
        due = state.next_due_at()
        assert due is not None and due.timestamp() == next_due
        endpoint.discord.assert_all_valid()


def test_update_graphs_without_a_webhook_explains_what_to_do(tmp_path: Path) -> None:
    with running_endpoint(tmp_path, settings={**GRAPHS, "DISCORD_WEBHOOK_URL": ""}) as endpoint:
        body = endpoint.client.interaction(2, "update_graphs", permissions=ADMIN)
        assert endpoint.client.post(body).json()["type"] == 5
        endpoint.wait_idle()
        assert endpoint.original_content(body["token"]).startswith("DISCORD_WEBHOOK_URL is not set")


def test_tautulli_down_during_update_graphs_is_reported_and_nothing_is_posted(
    tmp_path: Path,
) -> None:
    with running_endpoint(tmp_path, settings=GRAPHS) as endpoint:
        endpoint.tautulli.go_down()
        body = endpoint.client.interaction(2, "update_graphs", permissions=ADMIN)
        endpoint.client.post(body)
        endpoint.wait_idle()
        assert endpoint.original_content(body["token"]).startswith("Tautulli")
        assert endpoint.discord.requests_for("execute_webhook") == []


def test_a_failed_progress_edit_does_not_stop_the_post(tmp_path: Path) -> None:
    with running_endpoint(tmp_path, settings=GRAPHS) as endpoint:
        # The first edit of @original (progress) fails for good; the final summary gets through.
        endpoint.discord.inject("update_original_webhook_message", status=404, code=10008)
        body = endpoint.client.interaction(2, "update_graphs", permissions=ADMIN)
        endpoint.client.post(body)
        endpoint.wait_idle()
        assert len(endpoint.discord.requests_for("execute_webhook")) == 3
        assert endpoint.original_content(body["token"]).startswith("Posted 3 graphs")


def test_a_german_admin_gets_german_replies_but_the_channel_set_follows_language(
    tmp_path: Path,
) -> None:
    from interactions_app.i18n import translator_for

    german = translator_for("de")
    settings = {**GRAPHS, "LANGUAGE": "en"}
    with running_endpoint(tmp_path, settings=settings, clock=lambda: NOW) as endpoint:
        body = endpoint.client.interaction(2, "update_graphs", permissions=ADMIN, locale="de")
        assert endpoint.client.post(body).json()["type"] == 5
        endpoint.wait_idle()
        posted = endpoint.discord.requests_for("execute_webhook")
        titles = [request.payload["embeds"][0]["title"] for request in posted]
        assert titles == ["Daily play count", "Play count by day of week", "Top 10 users"]
        descriptions = " ".join(request.payload["embeds"][0]["description"] for request in posted)
        assert "Monday" in descriptions or "Sunday" in descriptions
        for german_day in ("Montag", "Sonntag", "Mittwoch"):
            assert german_day not in descriptions
        contents = [
            request.payload["content"]
            for request in endpoint.discord.requests_for("update_original_webhook_message")
        ]
        rendered = german.ngettext(
            "{done}/{total} graph rendered…", "{done}/{total} graphs rendered…", 3
        ).format(done=3, total=3)
        assert rendered in contents
        summary = german.ngettext(
            "Posted {n} graph to the channel.", "Posted {n} graphs to the channel.", 3
        ).format(n=3)
        assert contents[-1].startswith(summary)
        assert summary != "Posted 3 graphs to the channel."

"""A member waiting on a command hears that Tautulli did not answer within seconds, not minutes."""

from __future__ import annotations

from pathlib import Path

from tests.fakes.endpoint import ADMIN, FEW_GRAPHS, running_endpoint
from tests.fakes.interactions import option


def test_commands_give_up_on_a_hung_tautulli_within_the_budget(tmp_path: Path) -> None:
    # The app's budget is 15 s; a short one keeps the test quick. Without a budget each of the
    # three attempts would wait its whole 30 s timeout.
    settings = {**FEW_GRAPHS, "LINKING": "email"}  # /my_stats looks the email up in Tautulli
    with running_endpoint(tmp_path, settings=settings, tautulli_budget=0.5) as endpoint:
        fake = endpoint.tautulli
        fake.slow(60)
        try:
            stats = endpoint.client.interaction(
                2, "my_stats", [option("email", "tanaka_jessica@example.org")]
            )
            update = endpoint.client.interaction(2, "update_graphs", permissions=ADMIN)
            assert endpoint.client.post(stats).json()["type"] == 5
            assert endpoint.client.post(update).json()["type"] == 5
            endpoint.wait_idle(timeout=20)
        finally:
            fake.stop()
        said = {
            "my_stats": endpoint.original_content(stats["token"]),
            "update_graphs": endpoint.original_content(update["token"]),
        }
    assert said["my_stats"] == (
        f"Tautulli at {fake.url} did not answer get_users within 1 second. "
        "It may be busy: try again in a few minutes."
    )
    assert said["update_graphs"].startswith(f"Tautulli at {fake.url} did not answer get_plays_")
    # One attempt each: the budget left no room for a retry.
    assert len(fake.calls("get_users")) == 1


def test_tautulli_max_concurrent_requests_caps_what_the_app_sends(tmp_path: Path) -> None:
    settings = {
        **FEW_GRAPHS,
        "ENABLE_PLAY_COUNT_BY_HOUROFDAY": True,
        "TAUTULLI_MAX_CONCURRENT_REQUESTS": 2,
    }
    with running_endpoint(tmp_path, settings=settings) as endpoint:
        # Requests are held in pairs: two at a time get through, more would be seen at once.
        endpoint.tautulli.wait_for_concurrent(2)
        update = endpoint.client.interaction(2, "update_graphs", permissions=ADMIN)
        assert endpoint.client.post(update).json()["type"] == 5
        endpoint.wait_idle()
        assert endpoint.original_content(update["token"]).startswith("Posted 4 graphs")
        graph_calls = [r for r in endpoint.tautulli.requests if r.params.get("time_range")]
    assert len(graph_calls) == 4
    assert endpoint.tautulli.max_in_flight == 2

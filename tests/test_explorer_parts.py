"""The explorer's pure parts: the custom_id codec, the view, the render cache, the per-member
queue, the click limit and the component limits."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from interactions_app.config import Config
from interactions_app.discord import DiscordLimitError
from interactions_app.discord._components import (
    ActionRow,
    Button,
    SelectOption,
    StringSelect,
    check_components,
)
from interactions_app.explorer.cache import CacheKey, RenderCache, config_version
from interactions_app.explorer.codec import Action, Click, Entry, OutOfDate, decode, encode
from interactions_app.explorer.controls import controls
from interactions_app.explorer.queue import UserQueues
from interactions_app.explorer.ratelimit import ClickRateLimit
from interactions_app.explorer.view import View, default_view, periods_for
from renderer import GRAPH_SPECS, RenderedGraph
from renderer.specs import GraphSpec, spec_by_key
from renderer.translation import Translator


class _English:
    def gettext(self, message: str) -> str:
        return message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return singular if n == 1 else plural


ENGLISH: Translator = _English()


@st.composite
def views(draw: st.DrawFn) -> View:
    spec = draw(st.sampled_from(GRAPH_SPECS))
    personal = draw(st.booleans())
    user = None if personal else draw(st.none() | st.integers(1, 10**12 - 1))
    return View(
        graph=spec.key,
        period=draw(st.sampled_from(periods_for(spec))),
        measure=draw(st.sampled_from(["plays", "duration"])),
        user=user,
        personal=personal,
    )


BUTTON_ACTIONS: tuple[Action, ...] = ("view", "share", "open")


@given(views(), st.sampled_from(BUTTON_ACTIONS))
def test_every_view_survives_its_custom_id(view: View, action: Action) -> None:
    custom_id = encode(action, view)
    assert len(custom_id) <= 100
    assert decode(custom_id, []) == Click(action, view)


@given(views(), st.sampled_from(GRAPH_SPECS))
def test_the_menu_switches_the_graph_and_keeps_a_fitting_period(
    view: View, spec: GraphSpec
) -> None:
    click = decode(encode("graph", view), [spec.key])
    assert isinstance(click, Click)
    assert click.view.graph == spec.key
    assert click.view.period in periods_for(spec)
    assert (click.view.measure, click.view.user, click.view.personal) == (
        view.measure, view.user, view.personal,
    )  # fmt: skip


@given(st.text(max_size=120))
def test_any_other_text_is_out_of_date_or_a_known_view(custom_id: str) -> None:
    try:
        decoded = decode(custom_id, [])
    except OutOfDate:
        return
    # Whatever parses is exactly what this build would have made.
    if isinstance(decoded, Entry):
        assert custom_id == f"explore:{decoded.graph}"
    else:
        assert encode(decoded.action, decoded.view) == custom_id


@given(views(), st.integers(0, 40), st.characters())
def test_a_changed_character_never_yields_another_valid_view_silently(
    view: View, position: int, char: str
) -> None:
    custom_id = encode("view", view)
    position %= len(custom_id)
    changed = custom_id[:position] + char + custom_id[position + 1 :]
    try:
        decoded = decode(changed, [])
    except OutOfDate:
        return
    assert isinstance(decoded, Click)
    assert encode(decoded.action, decoded.view) == changed


@pytest.mark.parametrize(
    ("custom_id", "values"),
    [
        ("x1:g:daily_play_count:30:p:-:s", []),  # the menu without a choice
        ("x1:g:daily_play_count:30:p:-:s", ["nope"]),
        ("x1:g:daily_play_count:30:p:-:s", ["top_10_users", "daily_play_count"]),
        ("x1:v:daily_play_count:30:p:-:s", ["daily_play_count"]),  # values on a button
        ("explore:daily_play_count", ["x"]),
        ("x1:z:daily_play_count:30:p:-:s", []),
        ("x1:v:daily_play_count:30:p:-:q", []),
        ("x1:v:daily_play_count:030:p:-:s", []),
        ("X1:v:daily_play_count:30:p:-:s", []),
        ("x1:v:daily_play_count:30:p:-:s ", []),
        ("x1:v:daily_play_count:30:p:\uff11\uff12:s", []),  # full-width digits
    ],
)
def test_malformed_ids_are_out_of_date(custom_id: str, values: list[str]) -> None:
    with pytest.raises(OutOfDate):
        decode(custom_id, values)


def test_defaults_follow_the_config_when_they_are_offered_periods() -> None:
    daily, monthly = spec_by_key("daily_play_count"), spec_by_key("play_count_by_month")
    config = Config(TIME_RANGE_DAYS=7, TIME_RANGE_MONTHS=24, Y_AXIS="duration")
    assert default_view(daily, config) == View("daily_play_count", 7, "duration")
    assert default_view(monthly, config).period == 24
    odd = Config(TIME_RANGE_DAYS=45, TIME_RANGE_MONTHS=5)
    assert default_view(daily, odd).period == 30
    assert default_view(monthly, odd).period == 6


def test_controls_fit_discords_limits_for_every_view() -> None:
    for spec in GRAPH_SPECS:
        for public in (False, True):
            view = default_view(spec, Config())
            rows = controls(view, GRAPH_SPECS, ENGLISH, public=public, shareable=True)
            check_components(rows)
            assert len(rows) <= 5


def _graph(key: str = "daily_play_count") -> RenderedGraph:
    return RenderedGraph(key=key, title="t", png=b"png", width=1, height=1, numbers={}, summary="")


def _key(view: View, locale: str = "en", config: Config | None = None) -> CacheKey:
    return CacheKey(view, None, locale, "en", config_version(config or Config()))


def test_the_cache_serves_fresh_views_only_and_stays_bounded() -> None:
    cache = RenderCache(ttl=60, max_entries=2)
    first = View("daily_play_count", 30, "plays")
    cache.put(_key(first), _graph(), now=100)
    assert cache.get(_key(first), now=159) is not None
    assert cache.get(_key(first), now=160) is None  # expired, and dropped
    assert len(cache) == 0
    views = [replace(first, period=p) for p in (7, 30, 90)]
    for number, view in enumerate(views):
        cache.put(_key(view), _graph(), now=200 + number)
    assert len(cache) == 2
    assert cache.get(_key(views[0]), now=210) is None  # the oldest went first
    assert cache.get(_key(views[2], locale="es_419"), now=210) is None  # another region


def test_the_config_version_changes_with_what_is_drawn_only() -> None:
    base = config_version(Config())
    assert config_version(Config(TV_COLOR="#000000")) != base
    assert config_version(Config(CENSOR_USERNAMES=False)) != base
    assert config_version(Config(ANNOTATE_DAILY_PLAY_COUNT=False)) != base
    assert config_version(Config(UPDATE_DAYS=3)) == base


def test_the_queue_keeps_the_last_request_per_message_and_one_worker_per_user() -> None:
    queues: UserQueues[str] = UserQueues()
    assert queues.submit("u", "m1", "a") is True  # start a worker
    assert queues.submit("u", "m1", "b") is False
    assert queues.submit("u", "m2", "c") is False
    assert queues.submit("u", "m1", "d") is False
    assert queues.submit("v", "m3", "e") is True  # another member's own worker
    assert [queues.take("u"), queues.take("u"), queues.take("u")] == ["c", "d", None]
    assert not queues.working("u") and queues.working("v")
    queues.abandon("v")
    assert queues.take("v") is None and not queues.working("v")


def test_the_click_limit_is_a_sliding_window_per_user() -> None:
    limit = ClickRateLimit(clicks=2, window=10)
    assert [limit.allow("u", now) for now in (0, 1, 2)] == [True, True, False]
    assert limit.allow("v", 2)
    assert limit.allow("u", 10.5)  # the click at 0 left the window
    assert not limit.allow("u", 10.6)


@pytest.mark.parametrize(
    "rows",
    [
        [ActionRow(components=[Button(custom_id=str(i), label="b")]) for i in range(6)],
        [ActionRow(components=[Button(custom_id=str(i), label="b") for i in range(6)])],
        [ActionRow(components=[Button(custom_id="same", label="b")] * 2)],
        [ActionRow(components=[Button(custom_id="x" * 101, label="b")])],
        [ActionRow(components=[Button(custom_id="a", label="b" * 81)])],
        [
            ActionRow(
                components=[
                    StringSelect(custom_id="s", options=[SelectOption(label="l", value="v")]),
                    Button(custom_id="a", label="b"),
                ]
            )
        ],
        [
            ActionRow(
                components=[
                    StringSelect(
                        custom_id="s",
                        options=[SelectOption(label="l", value=str(i)) for i in range(26)],
                    )
                ]
            )
        ],
    ],
)
def test_component_limits_are_checked_before_sending(rows: list[ActionRow]) -> None:
    with pytest.raises(DiscordLimitError):
        check_components(rows)

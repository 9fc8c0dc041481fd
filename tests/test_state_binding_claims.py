"""Provisional /my_stats links: held while an answer is made, kept only once one is delivered."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from interactions_app.state import (
    STATE_FILE_NAME,
    DiscordAccountAlreadyBound,
    PlexAccountAlreadyBound,
    StateStore,
)
from tests.state_file import bindings

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
LEASE = NOW + timedelta(minutes=15)
ANN, BO = "111111111111111111", "222222222222222222"
PLEX_ANN, PLEX_BO = 101, 202
EMAIL = "ann@example.org"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[StateStore]:
    with StateStore(tmp_path / STATE_FILE_NAME) as opened:
        yield opened


def _claim(store: StateStore, user: str, plex: int | None, at: datetime = NOW) -> str:
    return store.claim_binding(user, plex, EMAIL, at, at + timedelta(minutes=15))


def test_a_claim_holds_both_accounts_but_only_a_delivery_makes_the_link(
    store: StateStore,
) -> None:
    assert _claim(store, ANN, PLEX_ANN) == "claimed"
    assert store.binding_for_discord(ANN) is None  # provisional: not a link yet
    assert _claim(store, BO, PLEX_ANN) == "unavailable"
    assert _claim(store, ANN, PLEX_BO) == "linked_elsewhere"
    store.settle_binding(ANN, PLEX_ANN, delivered=True)
    binding = store.binding_for_discord(ANN)
    assert binding is not None and binding.plex_user_id == PLEX_ANN
    # Confirmed links stay whatever later requests do.
    assert _claim(store, ANN, PLEX_ANN) == "claimed"
    store.settle_binding(ANN, PLEX_ANN, delivered=False)
    assert store.binding_for_discord(ANN) is not None


def test_a_failed_claim_leaves_nothing(store: StateStore) -> None:
    assert _claim(store, ANN, PLEX_ANN) == "claimed"
    store.settle_binding(ANN, PLEX_ANN, delivered=False)
    assert bindings(store.path) == []
    assert _claim(store, BO, PLEX_ANN) == "claimed"


@pytest.mark.parametrize("failure_first", [True, False])
def test_a_failed_request_never_removes_the_link_a_concurrent_one_made(
    store: StateStore, failure_first: bool
) -> None:
    assert _claim(store, ANN, PLEX_ANN) == "claimed"
    assert _claim(store, ANN, PLEX_ANN) == "claimed"  # the same member, at the same time
    outcomes = [False, True] if failure_first else [True, False]
    for delivered in outcomes:
        store.settle_binding(ANN, PLEX_ANN, delivered=delivered)
    binding = store.binding_for_discord(ANN)
    assert binding is not None and binding.plex_user_id == PLEX_ANN


def test_an_unknown_account_changes_nothing_and_answers_like_a_taken_one(
    store: StateStore,
) -> None:
    assert _claim(store, ANN, None) == "unavailable"
    store.bind(BO, PLEX_BO, EMAIL, NOW)
    assert _claim(store, ANN, PLEX_BO) == "unavailable"
    assert _claim(store, BO, None) == "linked_elsewhere"
    assert _claim(store, BO, PLEX_ANN) == "linked_elsewhere"
    assert [b.discord_user_id for b in bindings(store.path)] == [BO]


def test_a_provisional_link_left_by_a_crash_expires_with_its_lease(store: StateStore) -> None:
    assert _claim(store, ANN, PLEX_ANN) == "claimed"
    assert _claim(store, BO, PLEX_ANN, NOW + timedelta(minutes=14)) == "unavailable"
    assert _claim(store, BO, PLEX_ANN, NOW + timedelta(minutes=15)) == "claimed"
    with pytest.raises(PlexAccountAlreadyBound):
        store.bind(ANN, PLEX_ANN, EMAIL, NOW + timedelta(minutes=16))
    with pytest.raises(DiscordAccountAlreadyBound):
        store.bind(BO, PLEX_BO, EMAIL, NOW + timedelta(minutes=16))


def test_an_admin_bind_confirms_a_provisional_link_of_the_same_accounts(
    store: StateStore,
) -> None:
    assert _claim(store, ANN, PLEX_ANN) == "claimed"
    binding = store.bind(ANN, PLEX_ANN, EMAIL, NOW + timedelta(minutes=1))
    assert binding.bound_at == NOW
    store.settle_binding(ANN, PLEX_ANN, delivered=False)
    assert store.binding_for_discord(ANN) is not None


def test_the_owner_signing_in_takes_the_account_over_from_an_email_claim(
    store: StateStore,
) -> None:
    # Bo typed Ann's e-mail first; Ann then proves the account is hers by signing in to Plex.
    store.bind(BO, PLEX_ANN, EMAIL, NOW)
    store.link_verified(ANN, PLEX_ANN, NOW + timedelta(minutes=1))
    assert [(b.discord_user_id, b.plex_user_id, b.verified) for b in store.list_bindings()] == [
        (ANN, PLEX_ANN, True)
    ]


def test_a_verified_link_of_another_member_keeps_the_account(store: StateStore) -> None:
    store.link_verified(ANN, PLEX_ANN, NOW)
    with pytest.raises(PlexAccountAlreadyBound):
        store.link_verified(BO, PLEX_ANN, NOW + timedelta(minutes=1))
    assert [(b.discord_user_id, b.plex_user_id) for b in store.list_bindings()] == [(ANN, PLEX_ANN)]

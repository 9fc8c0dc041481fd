"""The plex.tv client against the loopback fake: the PIN life cycle, the account, faults."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest

from interactions_app.plex import PlexTV, PlexTVUnavailable, client_identifier, sign_in_url
from tests.fakes.plextv import PlexTVFake, running_plextv

CLIENT = client_identifier("1150000000000000000")


@pytest.fixture
def plextv() -> Iterator[PlexTVFake]:
    with running_plextv() as fake:
        yield fake


@pytest.mark.anyio
async def test_a_pin_is_pending_then_authorized_and_names_its_account(plextv: PlexTVFake) -> None:
    plextv.sign_in_next(account_id=3464780, username="tanaka_jessica", after_checks=2)
    async with PlexTV(plextv.url, CLIENT) as plex:
        pin = await plex.create_pin()
        pending = await plex.check_pin(pin.id)
        authorized = await plex.check_pin(pin.id)
        assert pending is not None
        assert pending.auth_token is None
        assert authorized is not None
        assert authorized.auth_token is not None
        assert authorized.auth_token not in repr(authorized)
        account = await plex.account(authorized.auth_token)
    assert account is not None
    assert (account.id, account.name) == (3464780, "tanaka_jessica")
    create, *_, user = plextv.requests
    assert (create.method, create.path, create.query) == (
        "POST",
        "/api/v2/pins",
        {"strong": "true"},
    )
    for request in plextv.requests:
        assert request.headers["x-plex-product"] == "TGraph Bot"
        assert request.headers["x-plex-client-identifier"] == CLIENT
        assert request.headers["accept"] == "application/json"
    assert user.headers["x-plex-token"] == authorized.auth_token


@pytest.mark.anyio
async def test_an_expired_pin_and_a_refused_token_read_as_none(plextv: PlexTVFake) -> None:
    plextv.expire_next()
    async with PlexTV(plextv.url, CLIENT) as plex:
        pin = await plex.create_pin()
        assert await plex.check_pin(pin.id) is None
        assert await plex.account("not-a-token") is None


@pytest.mark.anyio
async def test_plex_tv_down_or_unreachable_is_one_error_naming_the_step(
    plextv: PlexTVFake,
) -> None:
    plextv.fail(503)
    async with PlexTV(plextv.url, CLIENT) as plex:
        with pytest.raises(PlexTVUnavailable, match="pin"):
            await plex.create_pin()
    async with PlexTV("http://127.0.0.1:9", CLIENT) as plex:
        with pytest.raises(PlexTVUnavailable, match="user"):
            await plex.account("x")
    plextv.fail(200)  # a page that is not JSON
    async with PlexTV(plextv.url, CLIENT) as plex:
        with pytest.raises(PlexTVUnavailable, match="pin"):
            await plex.create_pin()


@pytest.mark.anyio
async def test_a_slow_plex_tv_is_given_up_on_after_the_request_timeout(plextv: PlexTVFake) -> None:
    plextv.slow(0.5)
    async with PlexTV(plextv.url, CLIENT, timeout=0.05) as plex:
        with pytest.raises(PlexTVUnavailable, match="pin"):
            await plex.check_pin(1)


def test_the_sign_in_page_carries_the_client_the_code_and_the_product() -> None:
    url = sign_in_url(CLIENT, "abc123")
    assert url.startswith("https://app.plex.tv/auth#?")
    fragment = parse_qs(urlsplit(url).fragment[1:])
    assert fragment == {
        "clientID": [CLIENT],
        "code": ["abc123"],
        "context[device][product]": ["TGraph Bot"],
    }
    assert "context%5Bdevice%5D%5Bproduct%5D=TGraph%20Bot" in url

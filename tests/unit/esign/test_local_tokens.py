"""Signing links of the embedded e-signature: single use, expiring, bound to one order, stored hashed."""

from __future__ import annotations

import asyncio
import hashlib
import sqlite3
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from services.esign.local import LocalEsign
from services.esign.port import TOKEN_EXPIRED, TOKEN_UNKNOWN, TOKEN_USED, SigningError, SigningRequest
from services.storage.sqlite import SqliteDatabase
from tests.clock import FakeClock

PUBLIC = "https://bot.example.test"
ORDER, TENANT = "a" * 32, "11111111-1111-1111-1111-111111111111"


def request(order_id: str = ORDER, email: str = "grace@contoso.com") -> SigningRequest:
    return SigningRequest(order_id=order_id, tenant_id=TENANT, signatory_name="Grace Hopper",
                          signatory_email=email, signatory_job_title="CEO",
                          document=f"contracts/{TENANT}/{order_id}/draft.pdf",
                          operator_name="Northwind Telecom")


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[SqliteDatabase]:
    db = SqliteDatabase(tmp_path / "bot.sqlite3")
    yield db
    db.close()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def esign(database: SqliteDatabase, clock: FakeClock) -> LocalEsign:
    return LocalEsign(database, public_url=PUBLIC + "/", clock=clock, lifetime=timedelta(days=7))


def token_of(url: str) -> str:
    assert url.startswith(f"{PUBLIC}/sign/"), url
    return url.rsplit("/", 1)[1]


async def expect(code: str, call) -> SigningError:
    with pytest.raises(SigningError) as caught:
        await call
    assert caught.value.code == code
    return caught.value


async def test_a_link_is_bound_to_the_order_tenant_and_signatory(esign: LocalEsign, clock: FakeClock) -> None:
    sent = await esign.send(request())
    info = await esign.check(token_of(sent.signing_url))
    assert (info.order_id, info.tenant_id, info.signatory_email) == (ORDER, TENANT, "grace@contoso.com")
    assert info.document.endswith("/draft.pdf") and info.envelope_id == sent.envelope_id
    assert info.expires_at == clock.now() + timedelta(days=7) == sent.expires_at


async def test_tokens_are_unguessable_and_only_their_hash_is_stored(esign: LocalEsign,
                                                                    database: SqliteDatabase) -> None:
    tokens = [token_of((await esign.send(request(order_id=f"{n:032x}"))).signing_url) for n in range(20)]
    assert len(set(tokens)) == 20 and all(len(token) == 43 for token in tokens)
    with sqlite3.connect(database.path) as conn:
        stored = [row[0] for row in conn.execute("SELECT token_hash FROM esign_tokens")]
        dump = "\n".join(conn.iterdump())
    assert sorted(stored) == sorted(hashlib.sha256(t.encode()).hexdigest() for t in tokens)
    assert not any(token in dump for token in tokens)


async def test_a_token_signs_once(esign: LocalEsign) -> None:
    token = token_of((await esign.send(request())).signing_url)
    used = await esign.consume(token, "Grace Hopper")
    assert used.used_at is not None and used.signer_name == "Grace Hopper"
    await expect(TOKEN_USED, esign.consume(token, "Grace Hopper"))
    await expect(TOKEN_USED, esign.check(token))


async def test_a_double_submit_at_the_same_moment_signs_once(esign: LocalEsign) -> None:
    token = token_of((await esign.send(request())).signing_url)
    results = await asyncio.gather(*(esign.consume(token, "Grace Hopper") for _ in range(8)),
                                   return_exceptions=True)
    assert sum(not isinstance(result, Exception) for result in results) == 1
    assert {result.code for result in results if isinstance(result, SigningError)} == {TOKEN_USED}


async def test_a_token_expires(esign: LocalEsign, clock: FakeClock) -> None:
    token = token_of((await esign.send(request())).signing_url)
    clock.advance(timedelta(days=7) - timedelta(seconds=1))
    assert (await esign.check(token)).order_id == ORDER
    clock.advance(timedelta(seconds=1))
    error = await expect(TOKEN_EXPIRED, esign.check(token))
    assert "expired" in error.message
    await expect(TOKEN_EXPIRED, esign.consume(token, "Grace Hopper"))


async def test_a_new_link_replaces_the_earlier_one_of_the_same_order(esign: LocalEsign) -> None:
    first = token_of((await esign.send(request())).signing_url)
    other_order = token_of((await esign.send(request(order_id="b" * 32))).signing_url)
    second = token_of((await esign.send(request())).signing_url)
    error = await expect(TOKEN_EXPIRED, esign.consume(first, "Grace Hopper"))
    assert "replaced" in error.message
    assert (await esign.check(second)).order_id == ORDER
    assert (await esign.check(other_order)).order_id == "b" * 32


@pytest.mark.parametrize("token", ["", "abc", "x" * 43, "../../etc/passwd", "a" * 42 + "=",
                                   "é" * 43, "a" * 44])
async def test_foreign_and_garbled_tokens_are_unknown(esign: LocalEsign, token: str) -> None:
    await esign.send(request())
    await expect(TOKEN_UNKNOWN, esign.check(token))
    await expect(TOKEN_UNKNOWN, esign.consume(token, "Grace Hopper"))


async def test_a_token_of_another_bot_database_is_unknown(esign: LocalEsign, tmp_path: Path,
                                                          clock: FakeClock) -> None:
    elsewhere = SqliteDatabase(tmp_path / "other.sqlite3")
    try:
        other = LocalEsign(elsewhere, public_url=PUBLIC, clock=clock)
        foreign = token_of((await other.send(request())).signing_url)
    finally:
        elsewhere.close()
    await esign.send(request())
    await expect(TOKEN_UNKNOWN, esign.check(foreign))


async def test_restore_gives_back_a_token_whose_signature_was_not_recorded(esign: LocalEsign,
                                                                            clock: FakeClock) -> None:
    token = token_of((await esign.send(request())).signing_url)
    await esign.consume(token, "Grace Hopper", clock.now())
    await esign.restore(token, clock.now() + timedelta(seconds=1))  # not the same use: nothing changes
    await expect(TOKEN_USED, esign.check(token))
    await esign.restore(token, clock.now())
    assert (await esign.check(token)).used_at is None


def test_a_link_must_live_for_some_time(database: SqliteDatabase, clock: FakeClock) -> None:
    with pytest.raises(ValueError):
        LocalEsign(database, public_url=PUBLIC, clock=clock, lifetime=timedelta(0))

"""The contract of the processed DocuSign Connect events, run on every adapter (SQLite, Cosmos DB) through
two stores on one backend, as two bot instances have them: each event is claimed once, a claim its
holder abandoned can be taken over (once) after STALE_CLAIM, a released claim is claimable again."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from services.esign.processed import STALE_CLAIM
from tests.clock import FakeClock
from tests.integration.esign.stores import FACTORIES, Instances

KEY = "envelope-1:completed"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(params=sorted(FACTORIES))
async def instances(request: pytest.FixtureRequest, tmp_path: Path,
                    clock: FakeClock) -> AsyncIterator[Instances]:
    made, close = await FACTORIES[request.param](request, tmp_path, clock)
    yield made
    await close()


async def test_claims_of_one_event_at_once_have_one_winner(instances: Instances) -> None:
    first, second = instances.events
    claims = await asyncio.gather(*((first, second)[n % 2].claim(KEY, "envelope-1") for n in range(8)))
    assert claims.count(True) == 1
    assert not await first.done(KEY) and not await second.claim(KEY, "envelope-1")


async def test_a_finished_event_is_done_and_never_claimed_again(instances: Instances,
                                                                clock: FakeClock) -> None:
    first, second = instances.events
    assert await first.claim(KEY, "envelope-1")
    await first.finish(KEY)
    assert await second.done(KEY)
    clock.advance(STALE_CLAIM * 10)
    assert not await second.claim(KEY, "envelope-1")
    await second.release(KEY)  # a late release of a finished event changes nothing
    assert await first.done(KEY) and not await first.claim(KEY, "envelope-1")


async def test_a_live_claim_holds_until_it_is_stale_then_one_takes_it_over(instances: Instances,
                                                                          clock: FakeClock) -> None:
    first, second = instances.events
    assert await first.claim(KEY, "envelope-1")
    clock.advance(STALE_CLAIM - timedelta(seconds=1))
    assert not await second.claim(KEY, "envelope-1")
    clock.advance(timedelta(seconds=1))
    takeovers = await asyncio.gather(*((first, second)[n % 2].claim(KEY, "envelope-1") for n in range(6)))
    assert takeovers.count(True) == 1
    clock.advance(STALE_CLAIM - timedelta(seconds=1))  # the new claim is fresh again
    assert not await first.claim(KEY, "envelope-1")
    await second.finish(KEY)
    assert await first.done(KEY)


async def test_a_released_claim_is_claimed_again_at_once(instances: Instances) -> None:
    first, second = instances.events
    assert await first.claim(KEY, "envelope-1")
    await first.release(KEY)
    assert not await second.done(KEY)
    assert await second.claim(KEY, "envelope-1")
    assert not await first.claim(KEY, "envelope-1")


async def test_events_are_independent_and_unknown_ones_are_not_done(instances: Instances) -> None:
    first, second = instances.events
    keys = [f"envelope-{n}:completed" for n in range(5)]
    claims = await asyncio.gather(*((first, second)[n % 2].claim(key, "envelope")
                                    for n, key in enumerate(keys)))
    assert claims == [True] * 5
    await first.finish(keys[0])
    assert [await second.done(key) for key in keys] == [True, False, False, False, False]
    await second.finish("never-claimed:completed")
    await second.release("never-claimed:completed")
    assert not await first.done("never-claimed:completed")
    assert await first.claim("never-claimed:completed", "never-claimed")

"""The contract of the preview link stores, run on every adapter (SQLite, Cosmos DB) through two stores on
one backend, as two bot instances have them: a link made by one instance opens on the other, for its own
order only, until it expires; expired links are swept out when new ones are made."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from services.domain.errors import NotFound
from services.esign.tokens import well_formed
from services.submission_preview import PreviewTarget
from tests.clock import START, FakeClock
from tests.integration.esign.stores import FACTORIES, Instances

HOUR = timedelta(hours=1)


def target(order: str = "order-1") -> PreviewTarget:
    return PreviewTarget("tenant-1", order, f"contracts/t/{order}/draft.pdf", f"contract-{order}-draft.pdf")


@pytest.fixture(params=sorted(FACTORIES))
async def instances(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Instances]:
    made, close = await FACTORIES[request.param](request, tmp_path, FakeClock())
    yield made
    await close()


async def gone(store, token: str, now) -> bool:
    with pytest.raises(NotFound) as caught:
        await store.open(token, now)
    return caught.value.code == "preview_not_found"


async def test_a_link_made_by_one_instance_opens_on_the_other(instances: Instances) -> None:
    first, second = instances.previews
    token = await first.create(target(), START, START + HOUR)
    assert well_formed(token)
    assert await second.open(token, START) == target()
    assert await first.open(token, START + HOUR - timedelta(microseconds=1)) == target()


async def test_each_link_leads_to_its_own_order(instances: Instances) -> None:
    first, second = instances.previews
    tokens = [await first.create(target(order), START, START + HOUR) for order in ("order-1", "order-2")]
    assert tokens[0] != tokens[1]
    assert [await second.open(token, START) for token in tokens] == [target("order-1"), target("order-2")]


async def test_a_link_expires(instances: Instances) -> None:
    first, second = instances.previews
    token = await first.create(target(), START, START + HOUR)
    assert await gone(second, token, START + HOUR)
    assert await gone(first, token, START + 2 * HOUR)


@pytest.mark.parametrize("token", ["", "nope", "A" * 43, "../../contracts", "%2e%2e"])
async def test_unknown_or_garbled_tokens_are_not_found(instances: Instances, token: str) -> None:
    first, _ = instances.previews
    await first.create(target(), START, START + HOUR)
    assert await gone(first, token, START)


async def test_making_a_link_sweeps_out_expired_ones(instances: Instances) -> None:
    first, second = instances.previews
    old = await first.create(target("old"), START, START + HOUR)
    kept = await first.create(target("kept"), START, START + 3 * HOUR)
    await second.create(target("new"), START + 2 * HOUR, START + 3 * HOUR)
    assert await gone(first, old, START)  # deleted: even a "now" before its expiry finds nothing
    assert await first.open(kept, START) == target("kept")

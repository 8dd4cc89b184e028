"""The Cosmos DB stores of the sales channel, the preview links and the DocuSign events, as
`build_cosmos_stores` builds them: containers created on first use, or (COSMOS_CREATE_CONTAINERS=false)
only checked for the documented layout."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable

import pytest

from services.domain.errors import StoreUnavailable
from services.storage.cosmos import ContainerSpec, CosmosDatabase
from services.storage.cosmos_factory import CosmosStores, build_cosmos_stores
from services.submission_preview import PreviewTarget
from tests.clock import START, FakeClock
from tests.integration.emulators import CosmosEmulator

Use = Callable[[CosmosStores], Awaitable[object]]
USES: dict[str, Use] = {
    "sales-cases": lambda stores: stores.sales_cases.active_for_customer("t", "u"),
    "sales-channel": lambda stores: stores.sales_channel.current(),
    "preview-links": lambda stores: stores.previews.create(PreviewTarget("t", "o", "d", "f"), START, START),
    "esign-events": lambda stores: stores.processed_events(FakeClock()).done("k"),
}


def stores_on(emulator: CosmosEmulator, database: str, *, create: bool) -> CosmosStores:
    return build_cosmos_stores(emulator.endpoint, emulator.key, database=database,
                               verify_tls=emulator.verify_tls, create_containers=create)


async def test_containers_are_created_on_first_use_then_only_checked(cosmos_emulator: CosmosEmulator) -> None:
    name = f"layout-{uuid.uuid4().hex}"
    creating, checking = stores_on(cosmos_emulator, name, create=True), stores_on(cosmos_emulator, name,
                                                                                   create=False)
    try:
        for use in USES.values():
            await use(creating)
            await use(checking)
    finally:
        await creating.close()
        await checking.close()


@pytest.mark.parametrize("container", sorted(USES))
async def test_without_creation_a_missing_container_is_named(cosmos_emulator: CosmosEmulator,
                                                             container: str) -> None:
    name = f"layout-{uuid.uuid4().hex}"
    creator = CosmosDatabase.from_settings(cosmos_emulator.endpoint, cosmos_emulator.key, name,
                                           verify_tls=cosmos_emulator.verify_tls)
    await creator.container(ContainerSpec("something-else", "/id"))  # the database exists
    stores = stores_on(cosmos_emulator, name, create=False)
    try:
        with pytest.raises(StoreUnavailable, match=f"{container}.*does not exist"):
            await USES[container](stores)
    finally:
        await stores.close()
        await creator.close()


@pytest.mark.parametrize("container", sorted(USES))
async def test_a_container_with_another_partition_key_is_refused(cosmos_emulator: CosmosEmulator,
                                                                 container: str) -> None:
    name = f"layout-{uuid.uuid4().hex}"
    creator = CosmosDatabase.from_settings(cosmos_emulator.endpoint, cosmos_emulator.key, name,
                                           verify_tls=cosmos_emulator.verify_tls)
    await creator.container(ContainerSpec(container, "/wrong"))
    stores = stores_on(cosmos_emulator, name, create=False)
    try:
        with pytest.raises(StoreUnavailable, match="partitioned by"):
            await USES[container](stores)
    finally:
        await stores.close()
        await creator.close()

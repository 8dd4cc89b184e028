"""The sales channel registration and the cases in Azure Cosmos DB, shared by every bot instance.

Containers:
- `sales-cases`, partitioned by `/tenant_id` (the customer's tenant): one document per case,
  `{id: case id, tenant_id, customer_user_id, status, case: <the Case's JSON>}`. Every idle message a
  customer types in their personal chat asks for their active case (`active_for_customer`), so that
  query stays in the tenant's partition; a staff click carries only the case id, so it finds the case
  with a cross-partition query by id (one per click, rare). Case ids are handoff ids (uuid hex made by
  the bot), so they are unique across tenants.
- `sales-channel`, partitioned by `/id`: the one document `{id: "sales-channel", channel: {...}}`,
  replaced (upsert) by each registration.

Pick-up, close and set_posted read the case and replace it on condition of the ETag read
(`IfNotModified`): of two instances clicking at once the second gets a 412, reads the case again, finds
it picked up (closed, posted) by the other and answers False with nothing changed. `add` is a
`create_item`; a 409 means the case exists, and the stored one is returned unchanged.

Retention and erasure (services.privacy): a tenant's cases are one partition; closed cases, and cases
naming an address, are cross-partition queries (daily, or on an erasure request) filtered with the rules
of services.sales_channel.retention; each case is then deleted in its partition.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection
from datetime import datetime
from typing import Any

from azure.core import MatchConditions
from azure.cosmos.aio import ContainerProxy
from azure.cosmos.exceptions import (
    CosmosAccessConditionFailedError,
    CosmosResourceExistsError,
    CosmosResourceNotFoundError,
)

from services.domain.errors import NotFound, StoreUnavailable
from services.sales_channel.models import Case, CaseStatus, SalesChannel, StaffMember
from services.sales_channel.retention import closed_before, names
from services.storage.cosmos import ContainerSpec, CosmosDatabase, query, translated

logger = logging.getLogger(__name__)

CASES_CONTAINER = "sales-cases"
CASES_PARTITION_KEY = "/tenant_id"
CHANNEL_CONTAINER = "sales-channel"
CHANNEL_PARTITION_KEY = "/id"
CHANNEL_DOCUMENT = "sales-channel"
_ATTEMPTS = 10  # each 412 means another writer succeeded; a re-read usually settles the rule at once
_BY_ID = "SELECT * FROM c WHERE c.id = @id"
_ALL = "SELECT * FROM c"
_OF_TENANT = "SELECT * FROM c WHERE c.tenant_id = @tenant"
_WITH_STATUS = "SELECT * FROM c WHERE c.status = @status"
_ACTIVE = "SELECT * FROM c WHERE c.tenant_id = @tenant AND c.customer_user_id = @user AND c.status = @status"
Doc = dict[str, Any]
Change = Callable[[Case], bool]
"""Changes the case in place; False (and no change) when the rule does not allow it."""


def _document(case: Case) -> Doc:
    return {"id": case.id, "tenant_id": case.tenant_id, "customer_user_id": case.customer_user_id,
            "status": case.status.value, "case": case.model_dump(mode="json")}


def _case(document: Doc) -> Case:
    return Case.model_validate(document["case"])


class CosmosSalesChannelStore:
    """`SalesChannelStore` on a Cosmos DB database; the container is created (or checked) on first use."""

    def __init__(self, database: CosmosDatabase, container: str = CHANNEL_CONTAINER) -> None:
        self._database = database
        self._spec = ContainerSpec(container, CHANNEL_PARTITION_KEY)

    async def register(self, channel: SalesChannel) -> None:
        container = await self._database.container(self._spec)
        with translated("register the sales channel"):
            await container.upsert_item({"id": CHANNEL_DOCUMENT, "channel": channel.model_dump(mode="json")})

    async def current(self) -> SalesChannel | None:
        found = await query(await self._database.container(self._spec), _BY_ID, {"id": CHANNEL_DOCUMENT},
                            partition_key=CHANNEL_DOCUMENT, action="read the sales channel")
        return SalesChannel.model_validate(found[0]["channel"]) if found else None


class CosmosCaseStore:
    """`CaseStore` on a Cosmos DB database; the container is created (or checked) on first use."""

    def __init__(self, database: CosmosDatabase, container: str = CASES_CONTAINER) -> None:
        self._database = database
        self._spec = ContainerSpec(container, CASES_PARTITION_KEY)

    async def _container(self) -> ContainerProxy:
        return await self._database.container(self._spec)

    async def _read(self, case_id: str) -> Doc | None:
        found = await query(await self._container(), _BY_ID, {"id": case_id}, action="read a case")
        return found[0] if found else None

    async def add(self, case: Case) -> Case:
        container = await self._container()
        with translated("add a case"):
            try:
                await container.create_item(_document(case))
            except CosmosResourceExistsError:
                logger.debug("case %s exists already: the stored one is kept", case.id)
        return await self.get(case.id)

    async def get(self, case_id: str) -> Case:
        document = await self._read(case_id)
        if document is None:
            raise NotFound("This case is not known (any more).", code="case_not_found")
        return _case(document)

    async def set_posted(self, case_id: str, channel_id: str, activity_id: str, thread_id: str) -> bool:
        def post(case: Case) -> bool:
            if case.activity_id is not None:
                return False
            case.channel_id, case.activity_id, case.thread_id = channel_id, activity_id, thread_id
            return True

        return await self._change(case_id, post, "record where a case was posted")

    async def pick_up(self, case_id: str, staff: StaffMember, at: datetime) -> bool:
        def take(case: Case) -> bool:
            if case.status is not CaseStatus.OPEN:
                return False
            case.status, case.picked_up_at = CaseStatus.PICKED_UP, at
            case.picked_up_by, case.picked_up_by_aad = staff.display_name, staff.aad_id
            return True

        return await self._change(case_id, take, "pick up a case")

    async def close(self, case_id: str, staff: StaffMember, at: datetime) -> bool:
        def end(case: Case) -> bool:
            if case.status is CaseStatus.CLOSED:
                return False
            case.status, case.closed_by, case.closed_at = CaseStatus.CLOSED, staff.display_name, at
            return True

        return await self._change(case_id, end, "close a case")

    async def active_for_customer(self, tenant_id: str, user_id: str) -> Case | None:
        found = await query(await self._container(), _ACTIVE,
                            {"tenant": tenant_id, "user": user_id, "status": CaseStatus.PICKED_UP.value},
                            partition_key=tenant_id, action="read a customer's active case")
        cases = [_case(document) for document in found]
        return max(cases, key=lambda case: case.picked_up_at or case.created_at, default=None)

    async def for_tenant(self, tenant_id: str) -> list[Case]:
        found = await query(await self._container(), _OF_TENANT, {"tenant": tenant_id},
                            partition_key=tenant_id, action="read a tenant's cases")
        return sorted((_case(document) for document in found), key=lambda case: case.created_at)

    async def closed_before(self, before: datetime) -> list[Case]:
        found = await query(await self._container(), _WITH_STATUS, {"status": CaseStatus.CLOSED.value},
                            action="find closed cases")
        return [case for case in map(_case, found) if closed_before(case, before)]

    async def mentioning(self, address: str) -> list[Case]:
        found = await query(await self._container(), _ALL, {}, action="find cases naming a person")
        return [case for case in map(_case, found) if names(case, address)]

    async def delete(self, cases: Collection[Case]) -> int:
        container, deleted = await self._container(), 0
        for case in {case.id: case for case in cases}.values():
            with translated("delete a case"):
                try:
                    await container.delete_item(case.id, partition_key=case.tenant_id)
                except CosmosResourceNotFoundError:
                    logger.debug("case %s was deleted meanwhile", case.id)
                    continue
            deleted += 1
        return deleted

    async def delete_for_tenant(self, tenant_id: str) -> int:
        return await self.delete(await self.for_tenant(tenant_id))

    async def delete_closed_before(self, before: datetime) -> int:
        return await self.delete(await self.closed_before(before))

    async def _change(self, case_id: str, change: Change, action: str) -> bool:
        """True if this call changed the case; re-read and re-decided after another writer's change."""
        container = await self._container()
        for _ in range(_ATTEMPTS):
            document = await self._read(case_id)
            if document is None:
                return False
            case = _case(document)
            if not change(case):
                return False
            with translated(action):
                try:
                    await container.replace_item(document["id"], _document(case), etag=document["_etag"],
                                                 match_condition=MatchConditions.IfNotModified)
                    return True
                except (CosmosAccessConditionFailedError, CosmosResourceNotFoundError):
                    logger.debug("case %s changed meanwhile; reading it again", case_id)
        raise StoreUnavailable("The case kept changing while it was updated. Try again.")

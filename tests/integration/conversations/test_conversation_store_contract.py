"""The ConversationStore contract, run against every adapter (SQLite, Cosmos DB)."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from services.conversations.port import ConversationRef, ConversationStore
from tests.clock import START

TENANT, OTHER_TENANT = "tenant-1", "tenant-2"


def ref(user_id: str = "aad-ada", tenant_id: str = TENANT, chat: str = "a:ada", minutes: int = 0,
        **fields: Any) -> ConversationRef:
    reference = {"conversation": {"id": chat, "tenantId": tenant_id}, "serviceUrl": "https://smba/emea/",
                 "user": {"id": "29:ada", "aadObjectId": user_id}}
    return ConversationRef(tenant_id=tenant_id, user_id=user_id, conversation_id=chat, reference=reference,
                           updated_at=START + timedelta(minutes=minutes), **fields)


async def test_a_saved_reference_is_read_back(conversations: ConversationStore) -> None:
    saved = ref()
    await conversations.save(saved)
    assert await conversations.get(TENANT, "aad-ada") == saved


async def test_an_unknown_user_has_no_reference(conversations: ConversationStore) -> None:
    assert await conversations.get(TENANT, "nobody") is None
    await conversations.deactivate(TENANT, "nobody")  # nothing to do, no error
    assert await conversations.get(TENANT, "nobody") is None


async def test_saving_again_replaces_the_reference(conversations: ConversationStore) -> None:
    await conversations.save(ref())
    newer = ref(chat="a:ada-new", minutes=5)
    await conversations.save(newer)
    assert await conversations.get(TENANT, "aad-ada") == newer


async def test_deactivate_then_a_new_save_is_active_again(conversations: ConversationStore) -> None:
    await conversations.save(ref())
    await conversations.deactivate(TENANT, "aad-ada")
    stored = await conversations.get(TENANT, "aad-ada")
    assert stored == ref(active=False)
    await conversations.deactivate(TENANT, "aad-ada")  # twice is fine
    await conversations.save(ref(minutes=1))
    assert (await conversations.get(TENANT, "aad-ada")).active


async def test_tenants_and_users_are_apart(conversations: ConversationStore) -> None:
    odd = "user/with?odd#chars\\"
    await asyncio.gather(conversations.save(ref()), conversations.save(ref(tenant_id=OTHER_TENANT, chat="b")),
                         conversations.save(ref(user_id=odd, chat="c")))
    await conversations.deactivate(OTHER_TENANT, "aad-ada")
    assert (await conversations.get(TENANT, "aad-ada")).active
    assert not (await conversations.get(OTHER_TENANT, "aad-ada")).active
    assert (await conversations.get(TENANT, odd)).conversation_id == "c"
    assert await conversations.get(OTHER_TENANT, odd) is None


async def test_a_tenants_references_are_listed_and_deleted_one_by_one(
        conversations: ConversationStore) -> None:
    ada, grace = ref(), ref(user_id="aad-grace", chat="a:grace")
    other = ref(tenant_id=OTHER_TENANT, chat="b")
    for item in (grace, ada, other):
        await conversations.save(item)
    await conversations.deactivate(TENANT, "aad-grace")
    assert await conversations.list_for_tenant(TENANT) == [ada, ref(user_id="aad-grace", chat="a:grace",
                                                                    active=False)]
    await conversations.delete(TENANT, "aad-ada")
    await conversations.delete(TENANT, "aad-ada")  # twice is fine
    await conversations.delete(TENANT, "nobody")
    assert await conversations.get(TENANT, "aad-ada") is None
    assert [r.user_id for r in await conversations.list_for_tenant(TENANT)] == ["aad-grace"]
    assert await conversations.list_for_tenant(OTHER_TENANT) == [other]
    assert await conversations.list_for_tenant("tenant-none") == []

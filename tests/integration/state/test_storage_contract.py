"""The contract every bot state `Storage` keeps: what it stores comes back, e_tags guard writes."""

from __future__ import annotations

import pytest
from botbuilder.core import StoreItem

from bot.state.sqlite import StateConflict


async def test_reading_nothing_or_unknown_keys_gives_an_empty_dict(storage) -> None:
    assert await storage.read([]) == {}
    assert await storage.read(["missing"]) == {}


async def test_what_is_written_reads_back_with_an_e_tag(storage) -> None:
    await storage.write({"a": {"count": 1, "nested": {"list": [1, "two", None]}}, "b": {"x": "é"}})
    items = await storage.read(["a", "b", "c"])
    assert set(items) == {"a", "b"}
    assert items["a"]["count"] == 1 and items["a"]["nested"] == {"list": [1, "two", None]}
    assert items["b"]["x"] == "é"
    assert items["a"]["e_tag"] and items["a"]["e_tag"] != items["b"]["e_tag"]


async def test_each_write_changes_the_e_tag(storage) -> None:
    await storage.write({"k": {"v": 1}})
    first = (await storage.read(["k"]))["k"]["e_tag"]
    await storage.write({"k": {"v": 2}})
    second = (await storage.read(["k"]))["k"]["e_tag"]
    assert first != second


async def test_a_stale_e_tag_is_rejected_and_changes_nothing(storage) -> None:
    await storage.write({"k": {"v": 1}})
    mine = (await storage.read(["k"]))["k"]
    theirs = (await storage.read(["k"]))["k"]
    theirs["v"] = 2
    await storage.write({"k": theirs})
    mine["v"] = 3
    with pytest.raises(StateConflict):
        await storage.write({"k": mine})
    assert (await storage.read(["k"]))["k"]["v"] == 2


async def test_a_rejected_batch_writes_none_of_its_items(storage) -> None:
    await storage.write({"k": {"v": 1}})
    stale = {"v": 9, "e_tag": "not-the-current-one"}
    with pytest.raises(StateConflict):
        await storage.write({"new": {"v": 1}, "k": stale})
    assert await storage.read(["new"]) == {}


async def test_the_current_e_tag_wins_and_the_item_carries_the_new_one(storage) -> None:
    await storage.write({"k": {"v": 1}})
    item = (await storage.read(["k"]))["k"]
    item["v"] = 2
    await storage.write({"k": item})
    item["v"] = 3
    await storage.write({"k": item})  # the write gave `item` its new e_tag
    assert (await storage.read(["k"]))["k"]["v"] == 3


async def test_star_and_missing_e_tags_overwrite(storage) -> None:
    await storage.write({"k": {"v": 1}})
    await storage.write({"k": {"v": 2, "e_tag": "*"}})
    assert (await storage.read(["k"]))["k"]["v"] == 2
    await storage.write({"k": {"v": 3}})
    assert (await storage.read(["k"]))["k"]["v"] == 3


async def test_a_stale_e_tag_on_a_deleted_item_is_a_conflict(storage) -> None:
    await storage.write({"k": {"v": 1}})
    item = (await storage.read(["k"]))["k"]
    await storage.delete(["k"])
    with pytest.raises(StateConflict):
        await storage.write({"k": item})


async def test_delete_removes_only_the_given_keys_and_ignores_unknown_ones(storage) -> None:
    await storage.write({"a": {"v": 1}, "b": {"v": 2}})
    await storage.delete(["a", "unknown"])
    await storage.delete([])
    assert set(await storage.read(["a", "b"])) == {"b"}


async def test_store_items_round_trip(storage) -> None:
    await storage.write({"item": StoreItem(name="Contoso", count=2)})
    item = (await storage.read(["item"]))["item"]
    assert (item.name, item.count) == ("Contoso", 2)
    assert item.e_tag


async def test_keys_with_odd_characters_are_kept_apart(storage) -> None:
    keys = ["msteams/conversations/a:1/", "msteams/conversations/a:1", "key with spaces?#%/\\"]
    await storage.write({key: {"key": key} for key in keys})
    items = await storage.read(keys)
    assert {key: items[key]["key"] for key in keys} == {key: key for key in keys}


async def test_writing_nothing_is_allowed_and_none_is_refused(storage) -> None:
    await storage.write({})
    with pytest.raises(ValueError):
        await storage.write(None)

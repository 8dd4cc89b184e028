"""What the local folder store adds to the contract: nothing escapes the folder, nothing half-written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from services.documents.local import SIDECAR_SUFFIX, LocalDocumentStore
from services.documents.port import InvalidDocumentName
from services.domain.errors import StoreUnavailable


def _files(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()]


async def test_a_symlink_inside_the_folder_cannot_lead_outside(tmp_path: Path) -> None:
    root, outside = tmp_path / "documents", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (root / "shortcut").symlink_to(outside)
    store = LocalDocumentStore(root)
    with pytest.raises(InvalidDocumentName):
        await store.put("shortcut/x.pdf", b"x", "application/pdf")
    with pytest.raises(InvalidDocumentName):
        await store.get("shortcut/x.pdf")
    assert list(outside.iterdir()) == []


async def test_a_traversal_writes_nothing_anywhere(tmp_path: Path) -> None:
    store = LocalDocumentStore(tmp_path / "a" / "documents")
    with pytest.raises(InvalidDocumentName):
        await store.put("../../escape.pdf", b"x", "application/pdf")
    assert _files(tmp_path) == []


async def test_files_and_sidecars_sit_where_expected_with_no_temporary_files_left(tmp_path: Path) -> None:
    store = LocalDocumentStore(tmp_path)
    await store.put("contracts/a.pdf", b"one", "application/pdf")
    await store.put("contracts/a.pdf", b"two", "application/pdf")
    names = sorted(path.name for path in (tmp_path / "contracts").iterdir())
    assert names == ["a.pdf", "a.pdf" + SIDECAR_SUFFIX]
    assert (tmp_path / "contracts" / "a.pdf").read_bytes() == b"two"
    assert json.loads((tmp_path / "contracts" / f"a.pdf{SIDECAR_SUFFIX}").read_text()) == {
        "content_type": "application/pdf"}


async def test_without_a_sidecar_the_content_type_comes_from_the_name(tmp_path: Path) -> None:
    (tmp_path / "copied.pdf").write_bytes(b"%PDF")
    (tmp_path / "blob").write_bytes(b"?")
    store = LocalDocumentStore(tmp_path)
    assert (await store.get("copied.pdf")).content_type == "application/pdf"
    assert (await store.get("blob")).content_type == "application/octet-stream"


async def test_a_folder_that_cannot_be_written_fails_ping(tmp_path: Path) -> None:
    (tmp_path / "file").write_bytes(b"")
    store = LocalDocumentStore(tmp_path / "file" / "documents")  # a path under a file
    with pytest.raises(StoreUnavailable):
        await store.ping()

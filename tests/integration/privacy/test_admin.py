"""`python -m bot.admin purge | forget-tenant | forget-person`: without --yes a dry run that changes
nothing, with it the erasure; malformed input is exit code 2 and changes nothing."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot import admin
from bot.components import build_components
from bot.settings import Settings
from services.domain.erasure import ERASED
from services.domain.errors import NotFound
from tests.conftest import TENANT, make_settings
from tests.integration.esign.orders import CONTACTS
from tests.integration.privacy.conftest import full_order


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    return make_settings(tmp_path)


def _orders(settings: Settings, create: bool = False) -> dict[str, str | None]:
    """With `create`: a draft and a signed order of TENANT first. Then each order's ordering email."""
    async def run() -> dict[str, str | None]:
        components = build_components(settings)
        journey = components.services.deps.journey
        try:
            if create:
                await full_order(components.services.deps, TENANT, CONTACTS)
                order = await full_order(components.services.deps, TENANT, CONTACTS)
                stored = await journey.orders.get(TENANT, order.id)
                stored.order.submit(components.services.deps.clock.now())
                stored.order.sign(components.services.deps.clock.now())
                await journey.orders.save(stored.order, stored.etag)
            found = {}
            for order in await journey.all_orders(TENANT):
                try:
                    found[order.status.value] = (await journey.load(TENANT, order.id)).contacts[0].email
                except NotFound:
                    continue
            return found
        finally:
            await components.close()

    return asyncio.run(run())


def test_forget_tenant_is_a_dry_run_without_yes(settings: Settings, capsys: pytest.CaptureFixture) -> None:
    before = _orders(settings, create=True)
    assert before == {"draft": "ada@contoso.com", "signed": "ada@contoso.com"}
    assert admin.main(["forget-tenant", TENANT]) == admin.OK
    out = capsys.readouterr().out
    assert out.startswith(f"Dry run for tenant {TENANT} (nothing changed; add --yes to remove):")
    assert "1 order (draft, cancelled or expired) to delete" in out
    assert "1 order kept, personal data to erase" in out
    assert _orders(settings) == before

    assert admin.main(["forget-tenant", TENANT, "--yes"]) == admin.OK
    out = capsys.readouterr().out
    assert out.startswith(f"Removed for tenant {TENANT}:") and "2 number holds released" in out
    assert _orders(settings) == {"signed": ERASED}
    assert admin.main(["forget-tenant", TENANT, "--yes"]) == admin.OK
    assert capsys.readouterr().out.strip() == f"Nothing to remove for tenant {TENANT}."


def test_forget_person_and_purge(settings: Settings, capsys: pytest.CaptureFixture) -> None:
    _orders(settings, create=True)
    assert admin.main(["forget-person", "ADA@contoso.com"]) == admin.OK
    assert "2 orders kept, personal data to erase" in capsys.readouterr().out
    assert _orders(settings) == {"draft": "ada@contoso.com", "signed": "ada@contoso.com"}
    assert admin.main(["forget-person", "ADA@contoso.com", "--yes"]) == admin.OK
    assert capsys.readouterr().out.startswith("Removed for ADA@contoso.com:")
    after = _orders(settings)
    assert after["signed"] == ERASED and after["draft"] != "ada@contoso.com"
    assert admin.main(["purge", "--dry-run"]) == admin.OK
    assert capsys.readouterr().out.startswith("Nothing to remove for retention (orders after 90 days")
    assert admin.main(["purge"]) == admin.OK


@pytest.mark.parametrize("argv, complaint", [
    (["forget-person", "ada at contoso", "--yes"], "is not an email address"),
    (["forget-tenant", "tenant with spaces", "--yes"], "is not a tenant id"),
])
def test_malformed_input_is_usage_and_changes_nothing(settings: Settings, capsys: pytest.CaptureFixture,
                                                       argv: list[str], complaint: str) -> None:
    before = _orders(settings, create=True)
    assert admin.main(argv) == admin.USAGE
    assert complaint in capsys.readouterr().err
    assert _orders(settings) == before

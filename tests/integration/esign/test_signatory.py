"""The signatory: name, job title and email, and the confirmation that they may sign for the company."""

from __future__ import annotations

import pytest

from dialogs.deps import Deps
from services.domain.errors import InvalidValue
from services.submission import Submission
from tests.integration.esign.orders import SIGNATORY, complete_order, ready


async def test_the_signatory_is_recorded_on_the_draft(deps: Deps, submission: Submission) -> None:
    order = await ready(deps, submission)
    stored = (await deps.journey.load(order.tenant_id, order.id)).signatory
    assert stored is not None
    assert (stored.full_name, stored.job_title, stored.email) == ("Grace Hopper", "Chief Executive Officer",
                                                                  "grace@contoso.com")


async def test_an_unauthorised_signatory_is_refused(deps: Deps, submission: Submission) -> None:
    order = await complete_order(deps)
    with pytest.raises(InvalidValue) as caught:
        await submission.set_signatory(order.tenant_id, order.id, authorised=False, **SIGNATORY)
    assert "authorised to sign" in caught.value.message and caught.value.field == "authorised"
    with pytest.raises(InvalidValue, match="first and last name"):
        await submission.set_signatory(order.tenant_id, order.id, name="Grace", job_title="CEO",
                                       email="grace@contoso.com", authorised=True)
    with pytest.raises(InvalidValue) as caught:
        await submission.set_signatory(order.tenant_id, order.id, name="Grace Hopper", job_title="CEO",
                                       email="grace at contoso", authorised=True)
    assert caught.value.field == "email" and "name@example.com" in caught.value.message
    with pytest.raises(InvalidValue) as caught:
        await submission.set_signatory(order.tenant_id, order.id, name="Grace Hopper", job_title=" ",
                                       email="grace@contoso.com", authorised=True)
    assert caught.value.field == "job_title"
    assert (await deps.journey.load(order.tenant_id, order.id)).signatory is None

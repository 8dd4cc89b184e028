"""Who is ordering: the tenant and user from the validated activity, and their signed-in account."""

from __future__ import annotations

from datetime import datetime, timedelta

from botbuilder.core import TurnContext
from botbuilder.dialogs import DialogTurnResult, WaterfallStepContext
from pydantic import BaseModel, ConfigDict

from bot.activity import tenant_id
from dialogs.deps import Deps
from services.domain.base import UtcDatetime
from services.domain.errors import DomainError

SESSION_LIFETIME = timedelta(hours=8)
SIGNIN_DIALOG = "SigninDialog"


class Requester(BaseModel):
    """Read only from the activity that Bot Framework authenticated, never from card data."""

    model_config = ConfigDict(frozen=True)

    tenant_id: str
    user_id: str
    name: str
    timezone: str | None = None
    locale: str = "en"


class Session(BaseModel):
    model_config = ConfigDict(extra="forbid")

    tenant_id: str
    ocn: str
    email: str
    expires_at: UtcDatetime

    def valid_for(self, requester: Requester, now: datetime) -> bool:
        return self.tenant_id == requester.tenant_id and now < self.expires_at


def requester(turn_context: TurnContext) -> Requester:
    activity = turn_context.activity
    tenant = tenant_id(activity)
    if not tenant:
        raise DomainError("This chat has no Microsoft 365 tenant; open the bot in Teams.", code="no_tenant")
    user = activity.from_property
    return Requester(tenant_id=tenant, user_id=user.aad_object_id or user.id, name=user.name or "",
                     timezone=getattr(activity, "local_timezone", None), locale=activity.locale or "en")


async def current_session(deps: Deps, turn_context: TurnContext) -> Session | None:
    stored = await deps.session.get(turn_context, None)
    if not stored:
        return None
    session = Session.model_validate(stored)
    return session if session.valid_for(requester(turn_context), deps.clock.now()) else None


async def sign_in_step(deps: Deps, step: WaterfallStepContext) -> DialogTurnResult:
    """A waterfall step: passes the session on, signing the user in first when needed."""
    session = await current_session(deps, step.context)
    if session is not None:
        return await step.next(session.model_dump(mode="json"))
    return await step.begin_dialog(SIGNIN_DIALOG)


async def start_session(deps: Deps, turn_context: TurnContext, ocn: str, email: str) -> Session:
    session = Session(tenant_id=requester(turn_context).tenant_id, ocn=ocn, email=email,
                      expires_at=deps.clock.now() + SESSION_LIFETIME)
    await deps.session.set(turn_context, session.model_dump(mode="json"))
    return session

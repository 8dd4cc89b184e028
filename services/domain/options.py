"""Add-on options per country: configuration services with an installation and a monthly fee."""

from __future__ import annotations

from enum import StrEnum

from pydantic import ConfigDict

from services.domain.base import Count, DomainModel


class OptionId(StrEnum):
    CALL_FORWARDING = "call_forwarding"
    CLIP_SCREEN = "clip_screen"
    CLIP_NO_SCREEN = "clip_no_screen"
    AUTO_ATTENDANT = "auto_attendant"
    CALL_QUEUE = "call_queue"


class ClipMode(StrEnum):
    """Calling line identity presentation: none, screened (verified) or not screened (any number shown)."""

    NONE = "none"
    SCREEN = "screen"
    NO_SCREEN = "no_screen"


class Options(DomainModel):
    """The add-ons chosen for one country. Auto attendants and call queues are counted."""

    model_config = ConfigDict(frozen=True)

    call_forwarding: bool = False
    clip: ClipMode = ClipMode.NONE
    auto_attendants: Count = 0
    call_queues: Count = 0

    def selected(self) -> dict[OptionId, int]:
        """Each chosen option with how many of it are configured (fee quantity)."""
        chosen: dict[OptionId, int] = {}
        if self.call_forwarding:
            chosen[OptionId.CALL_FORWARDING] = 1
        if self.clip is ClipMode.SCREEN:
            chosen[OptionId.CLIP_SCREEN] = 1
        elif self.clip is ClipMode.NO_SCREEN:
            chosen[OptionId.CLIP_NO_SCREEN] = 1
        if self.auto_attendants:
            chosen[OptionId.AUTO_ATTENDANT] = self.auto_attendants
        if self.call_queues:
            chosen[OptionId.CALL_QUEUE] = self.call_queues
        return chosen

"""When a customer's free text may go to sales: only while no journey card waits for an answer."""

from __future__ import annotations

from botbuilder.dialogs import DialogInstance, DialogState

from bot.sales_channel_relay import IDLE_PROMPTS, active_dialog
from dialogs.main_dialog import MENU_PROMPT


def _stack(*ids: str, inner: DialogState | None = None) -> DialogState:
    instances = [DialogInstance(id=name, state={}) for name in ids]
    if inner is not None:
        instances[0].state = {"dialogs": inner}
    return DialogState(instances)


def test_no_dialog_is_idle() -> None:
    assert active_dialog(None) is None
    assert active_dialog(DialogState()) is None


def test_the_innermost_waiting_dialog_is_found() -> None:
    menu = _stack("MainDialog", inner=_stack(MENU_PROMPT, "main_menu"))
    assert active_dialog(menu) == MENU_PROMPT and MENU_PROMPT in IDLE_PROMPTS
    signin = _stack("MainDialog", inner=_stack("SigninDialog", "main.start",
                                               inner=_stack("signin.account.prompt", "signin.account")))
    assert active_dialog(signin) == "signin.account.prompt"

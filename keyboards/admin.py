"""Keyboards of the coordinator menu, broadcasts and questions."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from aiogram.types import (
    InlineKeyboardMarkup,
    KeyboardButton,
    KeyboardButtonRequestUsers,
    ReplyKeyboardMarkup,
)

from bot.i18n import LANGUAGE_NAMES
from bot.services.admin import Coordinator
from bot.services.stats import Export
from bot.settings import LANGUAGES
from keyboards.builder import InlineKeyboardBuilder
from keyboards.callbacks import (
    AdminAction,
    AdminCb,
    BcAction,
    BcCb,
    EaAction,
    EaCb,
    MenuCb,
    MenuItem,
)

T = Callable[..., str]
CHECK = "✅ "


def admin_kb(t: T, owner: bool) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t("admin-btn-broadcast"), callback_data=AdminCb(action=AdminAction.broadcast))
    kb.button(text=t("admin-btn-job"), callback_data=AdminCb(action=AdminAction.job))
    kb.button(text=t("admin-btn-events"), callback_data=EaCb(action=EaAction.list))
    kb.button(text=t("admin-btn-stats"), callback_data=AdminCb(action=AdminAction.stats))
    kb.button(text=t("admin-btn-export"), callback_data=AdminCb(action=AdminAction.export))
    kb.button(text=t("admin-btn-audit"), callback_data=AdminCb(action=AdminAction.audit))
    if owner:
        kb.button(text=t("admin-btn-team"), callback_data=AdminCb(action=AdminAction.team))
    kb.button(text=t("menu-open"), callback_data=MenuCb(item=MenuItem.home))
    kb.adjust(2, 2, 2, 1, 1, 1)
    return kb.as_markup()


def back_kb(t: T) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t("btn-back"), callback_data=AdminCb(action=AdminAction.menu))
    return kb.as_markup()


def export_kb(t: T) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for kind in Export:
        kb.button(text=t(f"export-{kind.value}"),
                  callback_data=AdminCb(action=AdminAction.export, value=kind.value))
    kb.button(text=t("btn-back"), callback_data=AdminCb(action=AdminAction.menu))
    kb.adjust(1)
    return kb.as_markup()


def team_kb(t: T, team: Sequence[Coordinator]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for c in team:
        if not c.owner:
            kb.button(text=t("team-revoke", name=c.name or str(c.user_id)),
                      callback_data=AdminCb(action=AdminAction.revoke, value=str(c.user_id)))
    kb.button(text=t("team-add"), callback_data=AdminCb(action=AdminAction.grant))
    kb.button(text=t("btn-back"), callback_data=AdminCb(action=AdminAction.menu))
    kb.adjust(1)
    return kb.as_markup()


def pick_user_kb(t: T) -> ReplyKeyboardMarkup:
    """Telegram's own picker: she chooses a contact, the bot gets only the id."""
    return ReplyKeyboardMarkup(keyboard=[[KeyboardButton(
        text=t("team-pick"), request_users=KeyboardButtonRequestUsers(
            request_id=1, user_is_bot=False, max_quantity=1))]],
        resize_keyboard=True, one_time_keyboard=True)


def write_kb(t: T, written: Sequence[str]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for lang in LANGUAGES:
        mark = CHECK if lang in written else ""
        kb.button(text=mark + LANGUAGE_NAMES[lang],
                  callback_data=BcCb(action=BcAction.write, value=lang))
    if written:
        kb.button(text=t("btn-back"), callback_data=BcCb(action=BcAction.draft))
    else:
        kb.button(text=t("btn-back"), callback_data=AdminCb(action=AdminAction.menu))
    kb.adjust(3, 1)
    return kb.as_markup()


def draft_kb(t: T, urgent: bool) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t("bc-btn-languages"), callback_data=BcCb(action=BcAction.write, value=""))
    kb.button(text=t("bc-btn-audience"), callback_data=BcCb(action=BcAction.audience))
    kb.button(text=t("bc-btn-preview"), callback_data=BcCb(action=BcAction.preview))
    kb.button(text=t("bc-btn-urgent-on" if urgent else "bc-btn-urgent-off"),
              callback_data=BcCb(action=BcAction.urgent))
    kb.button(text=t("bc-btn-now"), callback_data=BcCb(action=BcAction.now))
    kb.button(text=t("bc-btn-later"), callback_data=BcCb(action=BcAction.later))
    kb.button(text=t("bc-btn-discard"), callback_data=BcCb(action=BcAction.discard))
    kb.adjust(2, 2, 2, 1)
    return kb.as_markup()


def dimensions_kb(t: T, kinds: Sequence[str]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for kind in kinds:
        kb.button(text=t(f"bc-dim-{kind}"), callback_data=BcCb(action=BcAction.dimension,
                                                                value=kind))
    kb.button(text=t("bc-dim-active"), callback_data=BcCb(action=BcAction.dimension,
                                                          value="active"))
    kb.button(text=t("bc-everyone"), callback_data=BcCb(action=BcAction.everyone))
    kb.button(text=t("bc-audience-done"), callback_data=BcCb(action=BcAction.draft))
    kb.adjust(2)
    return kb.as_markup()


def choices_kb(t: T, letter: str, options: Sequence[tuple[str, str, bool]]) -> (
        InlineKeyboardMarkup):
    """Toggles of one kind of filter: (value, label, chosen)."""
    kb = InlineKeyboardBuilder()
    for value, label, chosen in options:
        kb.button(text=(CHECK if chosen else "") + label[:60],
                  callback_data=BcCb(action=BcAction.toggle, value=f"{letter}.{value}"))
    kb.button(text=t("btn-back"), callback_data=BcCb(action=BcAction.audience))
    kb.adjust(2)
    return kb.as_markup()


def active_kb(t: T, choices: Sequence[int], chosen: int | None) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for days in choices:
        kb.button(text=(CHECK if chosen == days else "") + t("bc-active-days", days=days),
                  callback_data=BcCb(action=BcAction.active, value=str(days)))
    kb.button(text=(CHECK if chosen is None else "") + t("bc-active-any"),
              callback_data=BcCb(action=BcAction.active, value=""))
    kb.button(text=t("btn-back"), callback_data=BcCb(action=BcAction.audience))
    kb.adjust(len(choices), 1, 1)
    return kb.as_markup()


def confirm_kb(t: T) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t("bc-btn-confirm"), callback_data=BcCb(action=BcAction.confirm))
    kb.button(text=t("btn-back"), callback_data=BcCb(action=BcAction.draft))
    kb.adjust(1)
    return kb.as_markup()

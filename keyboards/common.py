"""Keyboards shared by features: language picker, main menu."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from aiogram.types import InlineKeyboardMarkup

from bot.i18n import LANGUAGE_NAMES
from bot.menu import MenuEntry
from keyboards.builder import InlineKeyboardBuilder
from keyboards.callbacks import Lang, LangCb, MenuCb, MenuItem

T = Callable[..., str]


def language_kb(order: list[str]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for code in order:
        kb.button(text=LANGUAGE_NAMES[code], callback_data=LangCb(code=Lang(code)))
    kb.adjust(1)
    return kb.as_markup()


def main_menu_kb(t: T, entries: list[MenuEntry]) -> InlineKeyboardMarkup:
    """The same few menus (a language and her roles) are shown over and over: each is built
    once. Markups are never changed once built, so one can be sent any number of times."""
    return _main_menu_kb(t, tuple(entries))


@lru_cache(maxsize=64)
def _main_menu_kb(t: T, entries: tuple[MenuEntry, ...]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for entry in entries:
        kb.button(text=t(entry.label_key), callback_data=MenuCb(item=entry.item))
    kb.adjust(2)
    return kb.as_markup()


def back_to_menu_kb(t: T) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t("menu-open"), callback_data=MenuCb(item=MenuItem.home))
    return kb.as_markup()

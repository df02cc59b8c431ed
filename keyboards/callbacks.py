"""Typed callback data with short prefixes. Every press is re-checked by its handler."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData


class Lang(StrEnum):
    tg = "tg"
    ru = "ru"
    en = "en"


class LangCb(CallbackData, prefix="lg"):
    code: Lang


class MenuItem(StrEnum):
    home = "h"
    help = "?"
    language = "l"


class MenuCb(CallbackData, prefix="m"):
    item: MenuItem

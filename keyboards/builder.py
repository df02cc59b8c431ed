"""The inline keyboard builder every keyboard uses."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton
from aiogram.utils.keyboard import InlineKeyboardBuilder as _AiogramBuilder


class InlineKeyboardBuilder(_AiogramBuilder):
    """aiogram's builder, without its deep copy of the whole keyboard on every button added
    (quadratic in the buttons: a third of the time spent handling an update went there).
    Buttons are never changed once made, so copying the rows keeps every built keyboard
    independent all the same."""

    def export(self) -> list[list[InlineKeyboardButton]]:
        return [list(row) for row in self._markup]

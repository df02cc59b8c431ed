"""The main menu: the single entry point that features register into.

A feature adds an entry (its callback item, its label key, an order and who may see it);
the menu shows only entries that exist and that the user may use.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from keyboards.callbacks import MenuItem
from storage.models import UserRow

Visible = Callable[[UserRow | None], bool]


def everyone(_: UserRow | None) -> bool:
    return True


@dataclass(frozen=True, slots=True)
class MenuEntry:
    item: MenuItem
    label_key: str
    order: int
    visible: Visible = everyone


@dataclass
class Menu:
    entries: list[MenuEntry] = field(default_factory=list)

    def add(self, entry: MenuEntry) -> None:
        if any(e.item == entry.item for e in self.entries):
            raise ValueError(f"menu item {entry.item} registered twice")
        self.entries.append(entry)
        self.entries.sort(key=lambda e: e.order)

    def for_user(self, user: UserRow | None) -> list[MenuEntry]:
        return [e for e in self.entries if e.visible(user)]


def onboarded(user: UserRow | None) -> bool:
    return user is not None and user.onboarded


def default_menu() -> Menu:
    menu = Menu()
    menu.add(MenuEntry(MenuItem.courses, "menu-courses", 10, onboarded))
    menu.add(MenuEntry(MenuItem.my_courses, "menu-my-courses", 20, onboarded))
    menu.add(MenuEntry(MenuItem.mentorship, "menu-mentorship", 30, onboarded))
    menu.add(MenuEntry(MenuItem.jobs, "menu-jobs", 40, onboarded))
    menu.add(MenuEntry(MenuItem.events, "menu-events", 45, onboarded))
    menu.add(MenuEntry(MenuItem.stories, "menu-stories", 50, onboarded))
    menu.add(MenuEntry(MenuItem.peers, "menu-peers", 55, onboarded))
    menu.add(MenuEntry(MenuItem.ask, "menu-ask", 60, onboarded))
    menu.add(MenuEntry(MenuItem.settings, "menu-settings", 70, onboarded))
    menu.add(MenuEntry(MenuItem.language, "menu-language", 80))
    menu.add(MenuEntry(MenuItem.privacy, "menu-privacy", 85))
    menu.add(MenuEntry(MenuItem.help, "menu-help", 90))
    return menu

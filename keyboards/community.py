"""Keyboards of events, stories and peer connections (pure builders)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from aiogram.types import InlineKeyboardMarkup

from bot.geo import Geography
from bot.i18n import LANGUAGE_NAMES
from keyboards.builder import InlineKeyboardBuilder
from keyboards.callbacks import (
    AdminAction,
    AdminCb,
    EaAction,
    EaCb,
    EvAction,
    EvCb,
    MenuCb,
    MenuItem,
    PeerAction,
    PeerCb,
    StoryAction,
    StoryCb,
)

T = Callable[..., str]
LANGS = ("tg", "ru", "en")


# --- events (participants) -------------------------------------------------------------------
def events_kb(t: T, items: Sequence[tuple[int, str]], page: int,
              pages: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for event_id, label in items:
        kb.button(text=label[:60], callback_data=EvCb(action=EvAction.open, event_id=event_id))
    sizes = [1] * len(items)
    nav = 0
    if page > 0:
        kb.button(text="◀️", callback_data=EvCb(action=EvAction.list, value=page - 1))
        nav += 1
    if page < pages - 1:
        kb.button(text="▶️", callback_data=EvCb(action=EvAction.list, value=page + 1))
        nav += 1
    if nav:
        sizes.append(nav)
    kb.button(text=t("menu-open"), callback_data=MenuCb(item=MenuItem.home))
    sizes.append(1)
    kb.adjust(*sizes)
    return kb.as_markup()


def event_card_kb(t: T, event_id: int, status: str | None, *, open_: bool, venue: bool,
                  coordinator: bool) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    if open_ and status is None:
        kb.button(text=t("ev-btn-rsvp"), callback_data=EvCb(action=EvAction.rsvp,
                                                            event_id=event_id))
    if open_ and status == "going":
        kb.button(text=t("ev-btn-leave"), callback_data=EvCb(action=EvAction.leave,
                                                             event_id=event_id))
    if open_ and status == "waitlisted":
        kb.button(text=t("ev-btn-leave-waitlist"),
                  callback_data=EvCb(action=EvAction.leave, event_id=event_id))
    if open_:
        kb.button(text=t("ev-btn-ics"), callback_data=EvCb(action=EvAction.ics,
                                                           event_id=event_id))
    if venue:
        kb.button(text=t("ev-btn-map"), callback_data=EvCb(action=EvAction.map,
                                                           event_id=event_id))
    if coordinator:
        kb.button(text=t("ev-btn-edit"), callback_data=EaCb(action=EaAction.open,
                                                            event_id=event_id))
    kb.button(text=t("ev-btn-list"), callback_data=EvCb(action=EvAction.list))
    kb.adjust(1)
    return kb.as_markup()


# --- events (coordinators) -------------------------------------------------------------------
def manage_list_kb(t: T, items: Sequence[tuple[int, str]]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for event_id, label in items:
        kb.button(text=label[:60], callback_data=EaCb(action=EaAction.open, event_id=event_id))
    kb.button(text=t("eva-btn-new"), callback_data=EaCb(action=EaAction.new))
    kb.button(text=t("btn-back"), callback_data=AdminCb(action=AdminAction.menu))
    kb.adjust(1)
    return kb.as_markup()


def edit_event_kb(t: T, event_id: int, *, kind: str, language: str, published: bool,
                  started: bool = False) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()

    def add(text: str, action: EaAction, value: str = "") -> None:
        kb.button(text=text, callback_data=EaCb(action=action, event_id=event_id, value=value))

    for lang in LANGS:
        add(t("eva-btn-title", language=LANGUAGE_NAMES[lang]), EaAction.field, f"title.{lang}")
    for lang in LANGS:
        add(t("eva-btn-description", language=LANGUAGE_NAMES[lang]), EaAction.field,
            f"description.{lang}")
    add(t("eva-btn-kind", kind=t(f"ev-kind-{kind}")), EaAction.kind)
    add(t("eva-btn-lang", language=LANGUAGE_NAMES.get(language, language)), EaAction.lang)
    add(t("eva-btn-when"), EaAction.field, "when")
    add(t("eva-btn-place"), EaAction.region)
    add(t("eva-btn-speaker"), EaAction.field, "speaker")
    add(t("eva-btn-seats"), EaAction.field, "seats")
    add(t("eva-btn-duration"), EaAction.field, "duration")
    if published:
        add(t("eva-btn-people"), EaAction.people)
        add(t("eva-btn-message"), EaAction.message)
    else:
        add(t("eva-btn-publish"), EaAction.publish)
    if not started:  # an event that has taken place cannot be cancelled
        add(t("eva-btn-cancel"), EaAction.cancel_ask)
    kb.button(text=t("btn-back"), callback_data=EaCb(action=EaAction.list))
    kb.adjust(3, 3, 2, 2, 2, 1, 2, 1, 1)
    return kb.as_markup()


def back_to_event_kb(t: T, event_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t("btn-back"), callback_data=EaCb(action=EaAction.open, event_id=event_id))
    return kb.as_markup()


def cancel_event_kb(t: T, event_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t("eva-cancel-yes"), callback_data=EaCb(action=EaAction.cancel,
                                                           event_id=event_id))
    kb.button(text=t("btn-back"), callback_data=EaCb(action=EaAction.open, event_id=event_id))
    kb.adjust(1)
    return kb.as_markup()


def place_kb(t: T, event_id: int, geo: Geography, locale: str) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t("eva-btn-online"), callback_data=EaCb(action=EaAction.online,
                                                           event_id=event_id))
    for region in geo.regions:
        if region.code == "abroad":
            continue
        kb.button(text=region.name(locale), callback_data=EaCb(
            action=EaAction.region, event_id=event_id, value=region.code))
    kb.button(text=t("btn-back"), callback_data=EaCb(action=EaAction.open, event_id=event_id))
    kb.adjust(1)
    return kb.as_markup()


def city_kb(t: T, event_id: int, cities: Sequence[tuple[str, str]]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for code, name in cities:
        kb.button(text=name, callback_data=EaCb(action=EaAction.city, event_id=event_id,
                                                value=code))
    kb.button(text=t("btn-back"), callback_data=EaCb(action=EaAction.region, event_id=event_id))
    kb.adjust(2)
    return kb.as_markup()


# --- stories -----------------------------------------------------------------------------------
def stories_kb(t: T, items: Sequence[tuple[str, str]], page: int, pages: int,
               subscribed: bool) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for story_id, label in items:
        kb.button(text=label[:60], callback_data=StoryCb(action=StoryAction.open,
                                                         value=story_id))
    sizes = [1] * len(items)
    nav = 0
    if page > 0:
        kb.button(text="◀️", callback_data=StoryCb(action=StoryAction.list, value=str(page - 1)))
        nav += 1
    if page < pages - 1:
        kb.button(text="▶️", callback_data=StoryCb(action=StoryAction.list, value=str(page + 1)))
        nav += 1
    if nav:
        sizes.append(nav)
    kb.button(text=t("story-btn-unsubscribe" if subscribed else "story-btn-subscribe"),
              callback_data=StoryCb(action=StoryAction.subscribe,
                                    value="0" if subscribed else "1"))
    kb.button(text=t("menu-open"), callback_data=MenuCb(item=MenuItem.home))
    sizes += [1, 1]
    kb.adjust(*sizes)
    return kb.as_markup()


def story_kb(t: T) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t("story-btn-all"), callback_data=StoryCb(action=StoryAction.list, value="0"))
    return kb.as_markup()


# --- peers ---------------------------------------------------------------------------------------
def peers_kb(t: T, *, opted_in: bool, offline: bool, pairs: Sequence[tuple[int, str]],
             can_meet: bool = True) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    if opted_in and (can_meet or offline):
        kb.button(text=t("peer-btn-offline-on" if offline else "peer-btn-offline-off"),
                  callback_data=PeerCb(action=PeerAction.offline))
    if opted_in:
        kb.button(text=t("peer-btn-leave"), callback_data=PeerCb(action=PeerAction.leave))
    else:
        kb.button(text=t("peer-btn-join"), callback_data=PeerCb(action=PeerAction.join))
    for pair_id, name in pairs:
        kb.button(text=t("peer-btn-write-to", name=name),
                  callback_data=PeerCb(action=PeerAction.write, pair_id=pair_id))
    kb.button(text=t("menu-open"), callback_data=MenuCb(item=MenuItem.home))
    kb.adjust(1)
    return kb.as_markup()


def writing_kb(t: T, pair_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t("peer-btn-stop"), callback_data=PeerCb(action=PeerAction.stop,
                                                            pair_id=pair_id))
    kb.button(text=t("peer-btn-block"), callback_data=PeerCb(action=PeerAction.block,
                                                             pair_id=pair_id))
    kb.button(text=t("peer-btn-report"), callback_data=PeerCb(action=PeerAction.report,
                                                              pair_id=pair_id))
    kb.adjust(1, 2)
    return kb.as_markup()

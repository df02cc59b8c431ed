"""/privacy, /mydata and /deleteme."""

from __future__ import annotations

import json

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from bot.i18n import Translator
from bot.services.privacy import PrivacyService
from bot.settings import Settings
from handlers.render import show
from keyboards.callbacks import DelAction, DelCb, MenuCb, MenuItem
from keyboards.common import back_to_menu_kb
from keyboards.onboarding import delete_kb


class Deleting(StatesGroup):
    first = State()
    second = State()


def router() -> Router:
    r = Router(name=__name__)
    r.message.filter(F.chat.type == "private")
    r.message.register(privacy, Command("privacy"))
    r.callback_query.register(privacy_cb, MenuCb.filter(F.item == MenuItem.privacy))
    r.message.register(my_data, Command("mydata"))
    r.message.register(delete_me, Command("deleteme"))
    r.callback_query.register(delete_keep, DelCb.filter(F.action == DelAction.keep))
    r.callback_query.register(delete_first, DelCb.filter(F.action == DelAction.first),
                              StateFilter(Deleting.first))
    r.callback_query.register(delete_second, DelCb.filter(F.action == DelAction.second),
                              StateFilter(Deleting.second))
    return r


async def privacy(message: Message, t: Translator, settings: Settings) -> None:
    await message.answer(t("privacy-text", relay_days=settings.relay_retention_days),
                         reply_markup=back_to_menu_kb(t))


async def privacy_cb(cq: CallbackQuery, t: Translator, settings: Settings, bot: Bot) -> None:
    await cq.answer()
    await show(cq, bot, t("privacy-text", relay_days=settings.relay_retention_days),
               back_to_menu_kb(t))


async def my_data(message: Message, privacy: PrivacyService, t: Translator) -> None:
    assert message.from_user is not None
    data = await privacy.export(message.from_user.id)
    if data is None:
        await message.answer(t("mydata-nothing"))
        return
    payload = json.dumps(data, ensure_ascii=False, indent=2).encode()
    await message.answer_document(
        BufferedInputFile(payload, filename="my-data.json"), caption=t("mydata-caption")
    )


async def delete_me(message: Message, state: FSMContext, privacy: PrivacyService,
                    t: Translator) -> None:
    assert message.from_user is not None
    if await privacy.export(message.from_user.id) is None:
        await message.answer(t("deleteme-nothing"))
        return
    await state.set_state(Deleting.first)
    await message.answer(t("deleteme-ask"), reply_markup=delete_kb(t, second=False))


async def delete_first(cq: CallbackQuery, state: FSMContext, t: Translator, bot: Bot) -> None:
    await cq.answer()
    await state.set_state(Deleting.second)
    await show(cq, bot, t("deleteme-ask-again"), delete_kb(t, second=True))


async def delete_second(cq: CallbackQuery, state: FSMContext, privacy: PrivacyService,
                        t: Translator, bot: Bot) -> None:
    await privacy.erase(cq.from_user.id)
    await state.clear()
    await cq.answer()
    await show(cq, bot, t("deleteme-done"))


async def delete_keep(cq: CallbackQuery, state: FSMContext, t: Translator, bot: Bot) -> None:
    if await state.get_state() in (Deleting.first.state, Deleting.second.state):
        await state.clear()
    await cq.answer()
    await show(cq, bot, t("deleteme-kept"), back_to_menu_kb(t))

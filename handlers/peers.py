"""Peer connections: the opt-in screen (main menu → "Meet peers"), the buttons of an
introduction (Write / Skip), writing through the relay, Block and Report."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.i18n import Translator
from bot.relay import outgoing
from bot.services.peers import Outcome, PeerService
from handlers.render import show
from keyboards.callbacks import MenuCb, MenuItem, PeerAction, PeerCb
from keyboards.community import peers_kb, writing_kb
from storage.models import UserRow

ENDING = {PeerAction.skip: "skipped", PeerAction.block: "blocked",
          PeerAction.report: "reported"}
ENDED_TEXT = {PeerAction.skip: "peer-skipped", PeerAction.block: "peer-blocked",
              PeerAction.report: "peer-reported"}
REFUSAL = {Outcome.ended: "peer-ended", Outcome.gone: "peer-gone",
           Outcome.forbidden: "button-expired"}


class PeerChat(StatesGroup):
    writing = State()


def router() -> Router:
    r = Router(name=__name__)
    r.message.filter(F.chat.type == "private")
    r.callback_query.register(peers_menu, MenuCb.filter(F.item == MenuItem.peers))
    r.callback_query.register(peer_cb, PeerCb.filter())
    r.message.register(relay_message, StateFilter(PeerChat.writing),
                       ~F.text.startswith("/"))
    return r


async def render_screen(peers: PeerService, t: Translator,
                        user_id: int) -> tuple[str, InlineKeyboardMarkup]:
    s = await peers.screen(user_id)
    lines = [t("peer-title")]
    if s.opted_in:
        lines.append(t("peer-status-in-offline" if s.offline else "peer-status-in-online"))
    else:
        lines.append(t("peer-status-out"))
    if s.pairs:
        lines.append(t("peer-pairs"))
    return "\n\n".join(lines), peers_kb(t, opted_in=s.opted_in, offline=s.offline,
                                         pairs=s.pairs, can_meet=s.region_known)


async def peers_menu(cq: CallbackQuery, peers: PeerService, t: Translator, bot: Bot) -> None:
    await cq.answer()
    text, kb = await render_screen(peers, t, cq.from_user.id)
    await show(cq, bot, text, kb)


async def peer_cb(cq: CallbackQuery, callback_data: PeerCb, peers: PeerService,
                  state: FSMContext, t: Translator, user: UserRow | None, bot: Bot) -> None:
    uid, action, pair_id = cq.from_user.id, callback_data.action, callback_data.pair_id
    if user is None or not user.onboarded:
        await cq.answer(t("onboarding-continue"), show_alert=True)
        return
    if action in (PeerAction.screen, PeerAction.join, PeerAction.leave, PeerAction.offline):
        ok = True
        if action == PeerAction.join:
            ok = await peers.set_profile(uid, opted_in=True)
        elif action == PeerAction.leave:
            ok = await peers.set_profile(uid, opted_in=False)
        elif action == PeerAction.offline:
            ok = await peers.set_profile(uid, toggle_offline=True)
        if not ok:
            await cq.answer(t("button-expired"), show_alert=True)
            return
        notice = {PeerAction.join: "peer-joined", PeerAction.leave: "peer-left"}.get(action)
        await cq.answer(t(notice) if notice else None)
        text, kb = await render_screen(peers, t, uid)
        await show(cq, bot, text, kb)
        return
    if action == PeerAction.write:
        check = await peers.can_write(uid, pair_id)
        if check.outcome != Outcome.ok:
            await cq.answer(t(REFUSAL.get(check.outcome, "button-expired")), show_alert=True)
            return
        await cq.answer()
        await state.set_state(PeerChat.writing)
        await state.set_data({"pair": pair_id})
        await bot.send_message(uid, t("peer-writing", name=check.name),
                               reply_markup=writing_kb(t, pair_id))
        return
    if action == PeerAction.stop:
        await cq.answer()
        await state.clear()
        text, kb = await render_screen(peers, t, uid)
        await show(cq, bot, t("peer-stopped") + "\n\n" + text, kb)
        return
    outcome = await peers.end(uid, pair_id, ENDING[action])
    if outcome != Outcome.ok:
        await cq.answer(t(REFUSAL.get(outcome, "button-expired")), show_alert=True)
        return
    await cq.answer()
    if (await state.get_data()).get("pair") == pair_id:
        await state.clear()
    text, kb = await render_screen(peers, t, uid)
    await show(cq, bot, t(ENDED_TEXT[action]) + "\n\n" + text, kb)


async def relay_message(message: Message, state: FSMContext, peers: PeerService,
                        t: Translator) -> None:
    assert message.from_user is not None
    pair_id = int((await state.get_data()).get("pair", 0))
    out = outgoing(message)
    if out is None:
        await message.answer(t("peer-unsupported"), reply_markup=writing_kb(t, pair_id))
        return
    result = await peers.send(message.from_user.id, pair_id, out)
    if result.outcome != Outcome.ok:
        await state.clear()
        await message.answer(t(REFUSAL.get(result.outcome, "button-expired")))
        return
    key = "peer-sent-masked" if result.masked else "peer-sent"
    await message.answer(t(key, name=result.name), reply_markup=writing_kb(t, pair_id))

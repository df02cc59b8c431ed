"""/admin: the coordinator menu, the team (owners grant and revoke the role), the audit log,
/stats with charts, and CSV exports. Every handler passes the `Coordinator` check first."""

from __future__ import annotations

import html

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import BufferedInputFile, CallbackQuery, Message, ReplyKeyboardRemove

from bot.geo import Geography
from bot.i18n import LANGUAGE_NAMES, Markup, Translator
from bot.profile import label_key
from bot.services.admin import AdminService, Grant
from bot.services.stats import Export, Numbers, StatsService
from handlers.access import Coordinator
from handlers.render import show
from keyboards.admin import admin_kb, back_kb, export_kb, pick_user_kb, team_kb
from keyboards.callbacks import AdminAction, AdminCb, parse_id

GRANT_KEYS = {Grant.ok: "team-granted", Grant.unknown_user: "team-unknown-user",
              Grant.already: "team-already", Grant.owner: "team-owner",
              Grant.forbidden: "button-expired"}
TOP = 10  # groups listed in the text; the charts show the rest


class Team(StatesGroup):
    pick = State()


def router() -> Router:
    r = Router(name=__name__)
    r.message.filter(F.chat.type == "private")
    r.message.register(open_admin, Command("admin"), Coordinator("/admin"))
    r.message.register(stats_cmd, Command("stats"), Coordinator("/stats"))
    r.callback_query.register(admin_menu, AdminCb.filter(F.action == AdminAction.menu),
                              Coordinator("admin"))
    r.callback_query.register(stats_cb, AdminCb.filter(F.action == AdminAction.stats),
                              Coordinator("stats"))
    r.callback_query.register(export_cb, AdminCb.filter(F.action == AdminAction.export),
                              Coordinator("export"))
    r.callback_query.register(audit_cb, AdminCb.filter(F.action == AdminAction.audit),
                              Coordinator("audit"))
    r.callback_query.register(team_cb, AdminCb.filter(F.action == AdminAction.team),
                              Coordinator("team", owner=True))
    r.callback_query.register(grant_cb, AdminCb.filter(F.action == AdminAction.grant),
                              Coordinator("grant", owner=True))
    r.callback_query.register(revoke_cb, AdminCb.filter(F.action == AdminAction.revoke),
                              Coordinator("revoke", owner=True))
    r.message.register(user_picked, StateFilter(Team.pick), Coordinator("grant", owner=True))
    return r


def _menu(t: Translator, admin: AdminService, uid: int) -> tuple[str, object]:
    return t("admin-title"), admin_kb(t, admin.is_owner(uid))


async def open_admin(message: Message, state: FSMContext, t: Translator,
                     admin: AdminService) -> None:
    await state.clear()
    text, kb = _menu(t, admin, message.chat.id)
    await message.answer(text, reply_markup=kb)  # type: ignore[arg-type]


async def admin_menu(cq: CallbackQuery, state: FSMContext, t: Translator, admin: AdminService,
                     bot: Bot) -> None:
    await cq.answer()
    await state.clear()
    text, kb = _menu(t, admin, cq.from_user.id)
    await show(cq, bot, text, kb)  # type: ignore[arg-type]


# --- statistics ---------------------------------------------------------------------------
def _lines(t: Translator, rows: list[tuple[str, int]], label: object) -> str:
    shown = [f"• {label(code)}: {n}" for code, n in rows[:TOP]]  # type: ignore[operator]
    if len(rows) > TOP:
        shown.append(t("stats-more", count=len(rows) - TOP))
    return "\n".join(shown) or t("stats-none")


def region_name(geo: Geography, locale: str, t: Translator, code: str) -> str:
    found = geo.region(code)
    return found.name(locale) if found else (code or t("settings-not-set"))


def stats_text(t: Translator, n: Numbers, locale: str, geo: Geography) -> str:
    def region(code: str) -> str:
        return region_name(geo, locale, t, code)

    def choice(kind: str) -> object:
        return lambda code: t(label_key(kind, code)) if code else t("settings-not-set")

    def lang(code: str) -> str:
        return LANGUAGE_NAMES.get(code, code or t("settings-not-set"))

    def source(code: str) -> str:
        return html.escape(code) if code else t("stats-source-direct")

    return t("stats-text", onboarded=n.onboarded, consented=n.consented, active7=n.active_7,
             active30=n.active_30, enrollments=n.enrollments, enrolled=n.enrolled_users,
             completions=n.completions, completed=n.completed_users,
             requests=n.mentor_requests, matches=n.matches, open=n.open_requests,
             held=n.meetings_held, missed=n.meetings_missed, reports=n.open_reports,
             alerts=n.job_alerts,
             regions=Markup(_lines(t, n.by_region, region)),
             languages=Markup(_lines(t, n.by_language, lang)),
             ages=Markup(_lines(t, n.by_age, choice("age"))),
             statuses=Markup(_lines(t, n.by_status, choice("status"))),
             sources=Markup(_lines(t, n.by_source, source)))


async def _send_stats(chat_id: int, t: Translator, locale: str, stats: StatsService,
                      admin: AdminService, geo: Geography, bot: Bot) -> None:
    numbers = await stats.numbers()
    await bot.send_message(chat_id, stats_text(t, numbers, locale, geo), reply_markup=back_kb(t))

    def label(kind: str, code: str) -> str:  # the charts label regions only
        return region_name(geo, locale, t, code)

    for name, png in await stats.charts(numbers, t, label):
        await bot.send_photo(chat_id, BufferedInputFile(png, filename=name))
    await admin.audit(chat_id, "stats.view")


async def stats_cmd(message: Message, t: Translator, locale: str, stats: StatsService,
                    admin: AdminService, geo: Geography, bot: Bot) -> None:
    await bot.send_chat_action(message.chat.id, "upload_photo")
    await _send_stats(message.chat.id, t, locale, stats, admin, geo, bot)


async def stats_cb(cq: CallbackQuery, t: Translator, locale: str, stats: StatsService,
                   admin: AdminService, geo: Geography, bot: Bot) -> None:
    await cq.answer(t("stats-wait"))
    await _send_stats(cq.from_user.id, t, locale, stats, admin, geo, bot)


# --- exports ------------------------------------------------------------------------------
async def export_cb(cq: CallbackQuery, callback_data: AdminCb, t: Translator,
                    stats: StatsService, admin: AdminService, bot: Bot) -> None:
    try:
        kind = Export(callback_data.value)
    except ValueError:
        await cq.answer()
        await show(cq, bot, t("export-title"), export_kb(t))
        return
    await cq.answer(t("export-wait"))
    name, data, count = await stats.export(kind)
    await admin.audit(cq.from_user.id, "export", name, rows=count)
    await bot.send_document(cq.from_user.id, BufferedInputFile(data, filename=name),
                            caption=t("export-caption", rows=count))


# --- the audit log ------------------------------------------------------------------------
async def audit_cb(cq: CallbackQuery, t: Translator, admin: AdminService, bot: Bot) -> None:
    await cq.answer()
    entries = await admin.recent(20)
    lines = [f"{at[:16].replace('T', ' ')} · {actor} · {action}" + (f" · {target}" if target
                                                                    else "")
             for at, actor, action, target in entries]
    body = html.escape("\n".join(lines)) if lines else t("audit-empty")
    await show(cq, bot, t("audit-title") + "\n\n" + body, back_kb(t))


# --- the team -----------------------------------------------------------------------------
async def _team_screen(t: Translator, admin: AdminService) -> tuple[str, object]:
    team = await admin.coordinators()
    names = "\n".join(
        f"• {html.escape(c.name or '—')} (id {c.user_id})" + (" — " + t("team-owner-mark")
                                                              if c.owner else "")
        for c in team)
    return t("team-title") + "\n\n" + names, team_kb(t, team)


async def team_cb(cq: CallbackQuery, state: FSMContext, t: Translator, admin: AdminService,
                  bot: Bot) -> None:
    await cq.answer()
    await state.clear()
    text, kb = await _team_screen(t, admin)
    await show(cq, bot, text, kb)  # type: ignore[arg-type]


async def grant_cb(cq: CallbackQuery, state: FSMContext, t: Translator, bot: Bot) -> None:
    await cq.answer()
    await state.set_state(Team.pick)
    await bot.send_message(cq.from_user.id, t("team-ask"), reply_markup=pick_user_kb(t))


async def user_picked(message: Message, state: FSMContext, t: Translator,
                      admin: AdminService) -> None:
    """A contact chosen with Telegram's picker, or an id typed as digits."""
    picked: int | None = None
    if message.users_shared and message.users_shared.users:
        picked = message.users_shared.users[0].user_id
    elif message.text and parse_id(message.text.strip()) is not None:
        picked = parse_id(message.text.strip())
    elif message.text and message.text.startswith("/"):
        await state.clear()
        await message.answer(t("team-cancelled"), reply_markup=ReplyKeyboardRemove())
        return
    if picked is None:
        await message.answer(t("team-ask-again"), reply_markup=pick_user_kb(t))
        return
    result = await admin.grant(message.chat.id, picked)
    await state.clear()
    await message.answer(t(GRANT_KEYS[result]), reply_markup=ReplyKeyboardRemove())
    text, kb = await _team_screen(t, admin)
    await message.answer(text, reply_markup=kb)  # type: ignore[arg-type]


async def revoke_cb(cq: CallbackQuery, callback_data: AdminCb, t: Translator,
                    admin: AdminService, bot: Bot) -> None:
    target = parse_id(callback_data.value)
    if target is None:
        await cq.answer(t("button-expired"), show_alert=True)
        return
    result = await admin.revoke(cq.from_user.id, target)
    await cq.answer(t("team-revoked" if result == Grant.ok else GRANT_KEYS[result]),
                    show_alert=result != Grant.ok)
    text, kb = await _team_screen(t, admin)
    await show(cq, bot, text, kb)  # type: ignore[arg-type]

"""Errors in handlers: logged (redacted), the user told briefly, everyone else served."""

from __future__ import annotations

import contextlib
import logging

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.types import ErrorEvent, User

from bot.i18n import Locales, Translator, pick_locale
from bot.settings import Settings
from bot.updates import RetryLater, current_update, is_db_trouble
from storage import Database

log = logging.getLogger(__name__)


def router() -> Router:
    r = Router(name=__name__)
    r.errors.register(on_error)
    return r


def _translator(user: User, locales: Locales, settings: Settings,
                t: Translator | None) -> Translator:
    """Hers, or, when the error came before it was chosen, one from her Telegram language."""
    return t or locales[pick_locale(None, user.language_code, settings.default_language)]


async def on_error(event: ErrorEvent, bot: Bot, db: Database, locales: Locales,
                   settings: Settings, t: Translator | None = None) -> None:
    if is_db_trouble(event.exception):
        await db.rollback_unit()  # what it wrote since its last reply: undone, handled later
        await _db_trouble(event, bot, locales, settings, t)
        raise RetryLater from event.exception
    if isinstance(event.exception, OverflowError) and event.update.callback_query is not None:
        # a forged button with a number no row can have: as stale as any other
        tr = _translator(event.update.callback_query.from_user, locales, settings, t)
        with contextlib.suppress(TelegramAPIError):
            await event.update.callback_query.answer(tr("button-expired"), show_alert=True)
        return
    log.error("error while handling update %s", event.update.update_id,
              exc_info=event.exception)
    target = event.update.event
    user = getattr(target, "from_user", None)
    if user is None:
        return
    t = _translator(user, locales, settings, t)
    try:
        if event.update.callback_query is not None:
            await event.update.callback_query.answer(t("error-generic"), show_alert=True)
        else:
            await bot.send_message(user.id, t("error-generic"))
    except TelegramAPIError as e:
        log.warning("could not tell user %s about the error: %s", user.id, e)


async def _db_trouble(event: ErrorEvent, bot: Bot, locales: Locales, settings: Settings,
                      t: Translator | None) -> None:
    """She is told to wait a moment. The notice is not part of the update's journal, so the
    retry sends its real replies normally; the update stays in the inbox."""
    user = getattr(event.update.event, "from_user", None)
    if user is None:
        return
    t = _translator(user, locales, settings, t)
    token = current_update.set(None)
    try:  # a message, not a callback answer: the retry still answers her button
        await bot.send_message(user.id, t("error-db-busy"))
    except TelegramAPIError as e:
        log.warning("could not tell user %s to wait: %s", user.id, e)
    finally:
        current_update.reset(token)

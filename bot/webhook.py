"""Webhook mode: Telegram POSTs each update to a small aiohttp server (behind nginx).

The same durability rules as polling: an update is committed to the inbox (through
`UpdateRunner.receive`) before the request is answered 200, so Telegram only forgets an update
the bot has stored; a crash before the answer makes Telegram send it again, and the inbox row
(the dedup record) makes sure it is handled once. The answer is always an empty 200: handlers
never reply inside the webhook response, every request goes through the bot's one sender.

Handling is the UpdateRunner's (one user's updates in order, at most MAX_CONCURRENT_UPDATES at
once). There is no back-pressure towards Telegram: when more than MAX_BACKLOG received updates
are unfinished the update is still stored and answered 200 (it is durable; answering 503
would only make Telegram send it again later) and a warning is logged.

Routes:
- POST <path of WEBHOOK_URL>: 401 without the right X-Telegram-Bot-Api-Secret-Token header
  (nothing is read or stored), 400 for a body that is not an Update, 500 when the update could
  not be stored (Telegram retries), else 200.
- GET /healthz: {"database": "ok" | "error: ...", "scheduler": "running" | "stopped",
  "mode": "webhook"}; 200 when a short write transaction succeeds within 2 s and the scheduler
  runs, else 503.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging

from aiogram.exceptions import TelegramAPIError, TelegramUnauthorizedError
from aiogram.types import Update
from aiohttp import web

from bot.app import MAX_BACKLOG, App, TokenRejected
from bot.logs import Redactor, protect_handlers
from bot.settings import HEALTH_PATH
from storage import Database

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
HEALTH_TIMEOUT = 2.0  # seconds the database may take to answer the health probe
SHUTDOWN_TIMEOUT = 5.0  # seconds requests in progress may take when the server stops
MAX_BODY = 1024 * 1024  # an update is a few kilobytes; Telegram sends no files in it


class WebhookFailed(Exception):
    """The webhook server could not start (port in use) or Telegram refused the webhook."""


class HealthProbe:
    """A short write transaction (BEGIN IMMEDIATE; SELECT 1; COMMIT) with a time limit.

    The probe itself is never cancelled: cancelling a BEGIN that is waiting for the file lock
    could leave the one connection inside a transaction nobody ends. A probe that takes too
    long is reported as an error and left to finish (SQLite's busy timeout bounds it); the
    next health check waits for that same probe instead of queueing another one.
    """

    def __init__(self, db: Database) -> None:
        self.db = db
        self._probe: asyncio.Task[None] | None = None

    async def _write(self) -> None:
        async with self.db.transaction() as tx:
            await tx.conn.execute("SELECT 1")

    async def check(self, timeout: float = HEALTH_TIMEOUT) -> str:
        if self._probe is None or self._probe.done():
            self._probe = asyncio.create_task(self._write(), name="health-probe")
            self._probe.add_done_callback(_retrieve)
        try:
            await asyncio.wait_for(asyncio.shield(self._probe), timeout)
        except TimeoutError:
            return f"error: no answer within {timeout:g} s (locked or stuck)"
        except Exception as e:
            return f"error: {type(e).__name__}: {e}"
        return "ok"


def _retrieve(task: asyncio.Task[None]) -> None:
    """Mark a probe's exception as seen (the health check already reported it)."""
    if not task.cancelled():
        task.exception()


class WebhookHandlers:
    def __init__(self, app: App, secret: str) -> None:
        self.app = app
        self._secret = secret.encode()
        self.probe = HealthProbe(app.db)
        self._over_backlog = False

    async def update(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode("utf-8", "surrogateescape")
        if not hmac.compare_digest(given, self._secret):
            log.warning("webhook: refused a request without the right secret token (from %s)",
                        request.remote)
            return web.Response(status=401)
        try:
            data = json.loads(await request.read())
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
            update = Update.model_validate(data, context={"bot": self.app.bot})
        except ValueError as e:
            log.warning("webhook: refused a body that is not an update (%s)", type(e).__name__)
            return web.Response(status=400)
        runner = self.app.runner
        try:
            # shielded: once begun, storing finishes even if the request is cut off
            await asyncio.shield(runner.receive([update]))
        except Exception:
            log.exception("webhook: update %s could not be stored; Telegram will send it "
                          "again", update.update_id)
            return web.Response(status=500)
        if runner.in_flight >= MAX_BACKLOG:
            if not self._over_backlog:
                log.warning("webhook: %d received updates are unfinished; new ones are stored "
                            "and handled in turn", runner.in_flight)
            self._over_backlog = True
        else:
            self._over_backlog = False
        return web.Response(status=200)

    async def health(self, request: web.Request) -> web.Response:
        database = await self.probe.check()
        scheduler = self.app.scheduler
        running = "running" if scheduler is not None and scheduler.running else "stopped"
        healthy = database == "ok" and running == "running"
        return web.json_response(
            {"database": database, "scheduler": running, "mode": "webhook"},
            status=200 if healthy else 503,
        )


def webhook_app(app: App) -> web.Application:
    """The aiohttp application: POST <path of WEBHOOK_URL> and GET /healthz."""
    secret = app.settings.webhook_secret
    if secret is None:
        raise WebhookFailed("WEBHOOK_SECRET is not set")
    handlers = WebhookHandlers(app, secret.get_secret_value())
    web_app = web.Application(client_max_size=MAX_BODY)
    web_app.router.add_post(app.settings.webhook_path, handlers.update)
    web_app.router.add_get(HEALTH_PATH, handlers.health)
    return web_app


async def serve_webhook(app: App) -> None:
    """Listen on WEBHOOK_LISTEN_HOST:PORT, point Telegram at WEBHOOK_URL, serve until
    `app.stopping`, then stop accepting requests (those in progress may finish).

    The port is opened before setWebhook, so Telegram's first delivery finds it open. The
    webhook is left set at shutdown: Telegram keeps the updates for the next start.
    """
    settings = app.settings
    url, secret = settings.webhook_url, settings.webhook_secret
    if not url or secret is None:
        raise WebhookFailed("WEBHOOK_URL and WEBHOOK_SECRET must both be set")
    if len(secret.get_secret_value()) >= 8:  # shorter ones would garble ordinary log text
        protect_handlers(logging.getLogger().handlers,
                         Redactor([settings.token, secret.get_secret_value()]))
    host, port = settings.webhook_listen_host, settings.webhook_listen_port
    runner = web.AppRunner(webhook_app(app), access_log=None, shutdown_timeout=SHUTDOWN_TIMEOUT)
    await runner.setup()
    try:
        try:
            await web.TCPSite(runner, host, port).start()
        except OSError as e:
            raise WebhookFailed(f"cannot listen on {host}:{port} (WEBHOOK_LISTEN_HOST/PORT): "
                                f"{e.strerror or e}") from e
        try:
            await app.bot.set_webhook(
                url=url,
                secret_token=secret.get_secret_value(),
                allowed_updates=app.dp.resolve_used_update_types(),
                drop_pending_updates=False,
            )
        except TelegramUnauthorizedError as e:
            raise TokenRejected from e
        except TelegramAPIError as e:
            raise WebhookFailed(f"setWebhook for WEBHOOK_URL={url} failed: {e.message}") from e
        log.info("webhook mode: Telegram sends updates to %s; listening on %s:%s%s",
                 url, host, port, settings.webhook_path)
        await app.stopping.wait()
        log.info("webhook: no longer accepting updates")
    finally:
        await runner.cleanup()

"""Building the Bot and Dispatcher, and running them: durable long polling, or a webhook
(`bot/webhook.py`) when WEBHOOK_URL is set."""

from __future__ import annotations

import asyncio
import gc
import logging
import signal
import sqlite3
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.base import BaseSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramConflictError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.methods import GetUpdates
from aiogram.types import LinkPreviewOptions
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger

import handlers
from bot.clock import Clock, SystemClock
from bot.commands import set_default_commands
from bot.community.stories import STORIES_DIR, load_stories
from bot.content import COURSES_DIR, load_courses
from bot.delivery.outbox import Deliverer, Outbox
from bot.delivery.pacer import ChatBuckets, GlobalLimiter, SendPacer
from bot.dispatch import PrefixDispatcher, run_filters_inline
from bot.flood import FloodNotice
from bot.geo import Geography, geography
from bot.i18n import Locales
from bot.menu import Menu, default_menu
from bot.middlewares import ContextMiddleware
from bot.relay import Relay, RelaySender
from bot.scheduler import Job, Runs, build_scheduler, every
from bot.services.admin import AdminService
from bot.services.broadcasts import BroadcastMonitor, BroadcastService
from bot.services.courses import CourseService
from bot.services.events import EventService
from bot.services.jobs import DIGEST_KIND, JobService
from bot.services.learning import LearningService
from bot.services.mentoring import MentoringService
from bot.services.mentorship import MentorshipService
from bot.services.onboarding import OnboardingService
from bot.services.peers import PeerService
from bot.services.privacy import PrivacyService
from bot.services.questions import QuestionService
from bot.services.stats import StatsService
from bot.services.stories import KIND as STORY_KIND
from bot.services.stories import StoryService
from bot.services.users import UserService
from bot.settings import Settings
from bot.updates import RequestJournal, UpdateRunner
from handlers import stories as stories_handlers
from storage import Database
from storage.backup import backup_file, backup_name, keep_newest
from storage.fsm import SQLiteStorage

log = logging.getLogger(__name__)

MAX_BACKLOG = 1000  # stop fetching while this many received updates are unfinished


class TokenRejected(Exception):
    """Telegram answered 401 to the token."""


@dataclass
class Services:
    users: UserService
    privacy: PrivacyService
    onboarding: OnboardingService
    outbox: Outbox
    courses: CourseService
    learning: LearningService
    mentorship: MentorshipService
    mentoring: MentoringService
    admin: AdminService
    broadcasts: BroadcastService
    questions: QuestionService
    stats: StatsService
    jobs: JobService
    events: EventService
    stories: StoryService
    peers: PeerService


@dataclass
class App:
    settings: Settings
    bot: Bot
    dp: Dispatcher
    db: Database
    clock: Clock
    locales: Locales
    menu: Menu
    services: Services
    runner: UpdateRunner
    deliverer: Deliverer
    monitor: BroadcastMonitor
    scheduler: AsyncIOScheduler | None = None
    runs: Runs = field(default_factory=Runs)
    stopping: asyncio.Event = field(default_factory=asyncio.Event)


def make_session(settings: Settings) -> AiohttpSession:
    if settings.bot_api_url:
        return AiohttpSession(api=TelegramAPIServer.from_base(settings.bot_api_url))
    return AiohttpSession()


def build_dispatcher(db: Database, clock: Clock, locales: Locales, menu: Menu,
                     settings: Settings, services: Services, geo: Geography) -> Dispatcher:
    dp = PrefixDispatcher(
        storage=SQLiteStorage(db, clock),
        settings=settings,
        db=db,
        clock=clock,
        locales=locales,
        menu=menu,
        users=services.users,
        privacy=services.privacy,
        onboarding=services.onboarding,
        outbox=services.outbox,
        courses=services.courses,
        learning=services.learning,
        mentorship=services.mentorship,
        mentoring=services.mentoring,
        admin=services.admin,
        broadcasts=services.broadcasts,
        questions=services.questions,
        stats=services.stats,
        jobs=services.jobs,
        events=services.events,
        stories=services.stories,
        peers=services.peers,
        geo=geo,
    )
    dp.update.outer_middleware(
        ContextMiddleware(services.users, locales, settings.default_language)
    )
    dp.include_routers(*handlers.routers())
    run_filters_inline(dp)
    return dp


async def build_app(settings: Settings, *, session: BaseSession | None = None,
                    clock: Clock | None = None, locales: Locales | None = None,
                    courses_dir: Path = COURSES_DIR, stories_dir: Path = STORIES_DIR) -> App:
    clock = clock or SystemClock()
    db = Database(settings.database_path)
    await db.open()
    locales = locales or Locales()
    menu = default_menu()
    geo = geography()
    privacy = PrivacyService(db)
    outbox = Outbox(clock)
    users = UserService(db, clock, settings.admin_ids)
    services = Services(
        users=users,
        privacy=privacy,
        onboarding=OnboardingService(db, clock, privacy, geo, outbox),
        outbox=outbox,
        courses=(courses := CourseService(db, clock, outbox)),
        learning=LearningService(db, clock, outbox, courses),
        mentorship=MentorshipService(db, clock, outbox, (mentoring := MentoringService(
            db, clock, outbox, Relay(clock, outbox),
            retention_days=settings.relay_retention_days)),
            offer_hours=settings.mentor_offer_hours),
        mentoring=mentoring,
        admin=AdminService(db, clock, settings.admin_ids),
        broadcasts=BroadcastService(db, clock, outbox, lessons=courses.lesson_ids),
        questions=QuestionService(db, clock, outbox),
        stats=StatsService(db, clock, courses.lesson_ids),
        jobs=JobService(db, clock, outbox, feeds=settings.job_feeds,
                        default_timezone=settings.timezone,
                        timeout=settings.job_feed_timeout_seconds,
                        max_bytes=settings.job_feed_max_bytes),
        events=EventService(db, clock, outbox),
        stories=StoryService(db, clock, outbox, load_stories(stories_dir),
                             default_timezone=settings.timezone, directory=stories_dir),
        peers=PeerService(db, clock, outbox, Relay(clock, outbox), geo,
                          default_timezone=settings.timezone),
    )
    await services.courses.import_courses(load_courses(courses_dir))
    bot = Bot(
        settings.token,
        session=session or make_session(settings),
        default=DefaultBotProperties(
            parse_mode=ParseMode.HTML, link_preview=LinkPreviewOptions(is_disabled=True)
        ),
    )
    # outermost first: the journal sees one request, the pacer paces and retries it
    bot.session.middleware(RequestJournal(db, clock))
    bot.session.middleware(SendPacer(
        GlobalLimiter(settings.send_rate), ChatBuckets(settings.chat_burst, settings.chat_rate),
        users.mark_blocked, retries=settings.send_retries,
        backoff=settings.retry_backoff_seconds,
    ))
    dp = build_dispatcher(db, clock, locales, menu, settings, services, geo)
    runner = UpdateRunner(dp, bot, db, clock, max_concurrent=settings.max_concurrent_updates)
    runner.on_flood = FloodNotice(bot, users, locales, settings.default_language)
    deliverer = Deliverer(db, clock, bot, locales, default_language=settings.default_language,
                          default_timezone=settings.timezone,
                          max_sending=settings.outbox_max_sending)
    jobs_service = services.jobs
    deliverer.register(DIGEST_KIND, lambda row, lang: jobs_service.render_digest(
        row, locales, lang))
    stories_service = services.stories
    deliverer.register_sender(STORY_KIND, lambda row: stories_handlers.deliver_story(
        bot, locales, stories_service, row, deliverer.language(row)))
    deliverer.register_sender("relay", RelaySender(db, bot, deliverer))
    monitor = BroadcastMonitor(db, clock, bot, outbox, locales,
                               default_language=settings.default_language,
                               default_timezone=settings.timezone)
    return App(settings, bot, dp, db, clock, locales, menu, services, runner, deliverer,
               monitor)


async def poll(app: App) -> None:
    """Long polling of our own: an offset is confirmed only after its updates are stored."""
    allowed = app.dp.resolve_used_update_types()
    offset: int | None = None
    backoff = 1.0
    timeout = app.settings.polling_timeout
    while not app.stopping.is_set():
        try:
            updates = await app.bot(
                GetUpdates(offset=offset, timeout=timeout, allowed_updates=allowed),
                request_timeout=timeout + 15,
            )
        except TelegramUnauthorizedError as e:
            raise TokenRejected from e
        except TelegramRetryAfter as e:
            await asyncio.sleep(e.retry_after)
            continue
        except TelegramConflictError:
            log.error("another process is polling with this token; retrying in 5 s")
            await asyncio.sleep(5)
            continue
        except (TelegramNetworkError, TelegramServerError, TelegramAPIError) as e:
            log.warning("getUpdates failed (%s); retrying in %.0f s", type(e).__name__, backoff)
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, 30.0)
            continue
        backoff = 1.0
        if updates:
            await app.runner.receive(updates)
            offset = updates[-1].update_id + 1
        while app.runner.in_flight >= MAX_BACKLOG and not app.stopping.is_set():
            await app.runner.wait_idle(1.0)


async def run(settings: Settings) -> int:
    """Start, serve until SIGTERM/SIGINT, stop gracefully. Returns the exit code."""
    app = await build_app(settings)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, app.stopping.set)
    try:
        try:
            me = await app.bot.get_me()
        except TelegramUnauthorizedError as e:
            raise TokenRejected from e
        log.info("starting as @%s (id %s)", me.username, me.id)
        webhook = settings.webhook_url is not None
        if not webhook:  # polling: a webhook left set would make getUpdates fail with 409
            await app.bot.delete_webhook(drop_pending_updates=False)
        await set_default_commands(app.bot, app.locales, settings.default_language)
        await app.deliverer.recover()
        await app.runner.replay_pending()
        app.scheduler = build_scheduler(settings.timezone, jobs(app), app.runs)
        app.scheduler.start()
        settle_heap()
        code = await receive_updates(app, webhook=webhook)
        log.info("stopping: waiting for %d update(s) in progress", app.runner.in_flight)
        app.scheduler.shutdown(wait=False)  # no new ticks; a batch being sent may finish
        deadline = loop.time() + settings.shutdown_grace_seconds
        if not await app.runner.wait_idle(settings.shutdown_grace_seconds):
            log.warning("%d update(s) still in progress; they will be replayed at next start",
                        app.runner.in_flight)
            await app.runner.cancel()
        if not await app.deliverer.stop(max(0.0, deadline - loop.time())):
            log.warning("notifications still being sent were cut off: "
                        "they will be reported as unknown at next start")
        if not await app.runs.finish(deadline - loop.time()):
            log.warning("scheduled work still running was cut off; it runs again next time")
        return code
    finally:
        await shutdown(app)


def settle_heap() -> int:
    """What start-up built lives as long as the process: aiogram's some 450 models, the
    routers, the courses, the language bundles, about 290,000 objects. They are moved out of
    the cyclic garbage collector's sight (`gc.freeze`), so that its full collections walk only
    what came after: measured in bench.updates, a full collection went from up to 520 ms,
    during which no update is handled and no message sent, to about 120 ms. Returns how many
    objects were set aside."""
    gc.freeze()
    return gc.get_freeze_count()


async def receive_updates(app: App, *, webhook: bool) -> int:
    """Receive updates until `app.stopping` (polling, or the webhook server when WEBHOOK_URL is
    set). Returns the exit code: 0, or 1 when the webhook server could not start."""
    if webhook:
        from bot.webhook import WebhookFailed, serve_webhook  # it builds on this module

        try:
            await serve_webhook(app)  # returns after `app.stopping`, the listener closed
        except WebhookFailed as e:
            log.critical("%s", e)
            app.stopping.set()
            return 1
        return 0
    poller = asyncio.create_task(poll(app), name="poller")
    stopper = asyncio.create_task(app.stopping.wait(), name="stopper")
    done, _ = await asyncio.wait({poller, stopper}, return_when=asyncio.FIRST_COMPLETED)
    if poller in done:
        stopper.cancel()
        poller.result()  # re-raises TokenRejected and the like
    else:
        poller.cancel()
        await asyncio.gather(poller, return_exceptions=True)
    return 0


async def daily_backup(app: App) -> Path | None:
    """A copy of the database into BACKUP_DIR, keeping the newest BACKUP_KEEP."""
    if app.settings.database_path == Path(":memory:"):
        return None
    target = app.settings.backup_dir / backup_name(app.clock.now())
    try:
        await asyncio.to_thread(backup_file, app.settings.database_path, target)
    except (OSError, sqlite3.Error, RuntimeError):
        log.exception("the daily backup failed")
        return None
    removed = keep_newest(app.settings.backup_dir, app.settings.backup_keep)
    log.info("backup written to %s (%d old one(s) removed)", target, len(removed))
    return target


def jobs(app: App) -> list[Job]:
    """Every recurring job of the bot, in one place."""
    return [
        Job("outbox", every(app.settings.outbox_tick_seconds), app.deliverer.tick),
        Job("broadcast-progress", every(app.settings.broadcast_progress_seconds),
            app.monitor.tick),
        Job("course-offers", every(60), app.services.courses.expire_offers),
        Job("job-feeds", every(app.settings.job_feed_minutes * 60), app.services.jobs.ingest,
            at_start=True),
        Job("job-digests", CronTrigger(minute="*/15", timezone=app.settings.tz),
            app.services.jobs.send_digests),
        Job("mentor-offers", every(60), app.services.mentorship.expire_offers),
        Job("stories", CronTrigger(minute=5, timezone=app.settings.tz),
            app.services.stories.publish_due),
        Job("peer-pairing", CronTrigger(day_of_week="mon", hour=9, timezone=app.settings.tz),
            app.services.peers.pair_week),
        Job("relay-prune", every(3600), app.services.mentoring.prune),
        Job("backup", CronTrigger(hour=app.settings.backup_hour, timezone=app.settings.tz),
            partial(daily_backup, app)),
        Job("inbox-prune", every(3600), app.runner.prune),
    ]


async def shutdown(app: App) -> None:
    if app.scheduler is not None and app.scheduler.running:
        app.scheduler.shutdown(wait=False)
    await app.bot.session.close()
    await app.dp.storage.close()
    await app.db.close()

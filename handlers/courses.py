"""Courses: the catalog with filters and pages, the course card, enroll / unenroll, offers of
freed seats, My courses, and course links (t.me/<bot>?start=course-<id>-src-<tag>)."""

from __future__ import annotations

import html
import re

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.clock import Clock
from bot.content import TAG_RE
from bot.delivery.timezones import format_day, format_when
from bot.geo import Geography
from bot.i18n import LANGUAGE_NAMES, Markup, Translator
from bot.services.courses import CourseService, CourseView, Filters, Outcome, Standing
from bot.services.learning import LearningService
from bot.services.users import COORDINATOR
from bot.settings import Settings
from handlers.render import show
from keyboards.callbacks import CatCb, CourseAction, CourseCb, MenuCb, MenuItem
from keyboards.courses import (
    card_kb,
    catalog_kb,
    filter_choices_kb,
    format_key,
    my_courses_kb,
    unenroll_kb,
)
from storage.models import UserRow

LINK_RE = re.compile(r"^course-(\d{1,6})(?:-src-([a-z0-9_]{1,32}))?$")


def router() -> Router:
    r = Router(name=__name__)
    r.message.filter(F.chat.type == "private")
    r.message.register(catalog_command, Command("courses"))
    r.message.register(my_courses_command, Command("mycourses"))
    r.callback_query.register(catalog_menu, MenuCb.filter(F.item == MenuItem.courses))
    r.callback_query.register(my_courses_menu, MenuCb.filter(F.item == MenuItem.my_courses))
    r.callback_query.register(catalog_cb, CatCb.filter())
    r.callback_query.register(course_cb, CourseCb.filter())
    return r


def parse_link(payload: str | None) -> tuple[int, str] | None:
    """course-12 or course-12-src-instagram -> (12, "instagram")."""
    m = LINK_RE.match(payload or "")
    return (int(m.group(1)), m.group(2) or "") if m else None


class CourseScreens:
    """Renders course screens in her language and time zone."""

    def __init__(self, t: Translator, locale: str, geo: Geography, user: UserRow | None,
                 settings: Settings, clock: Clock) -> None:
        self.t, self.locale, self.geo, self.user = t, locale, geo, user
        self.tz = user.timezone if user and user.timezone else settings.timezone
        self.default_tz = settings.timezone
        self.today = clock.now().date()

    def when(self, view_time: object) -> str:
        return format_when(view_time, self.tz, self.default_tz)  # type: ignore[arg-type]

    def title(self, view: CourseView) -> Markup:
        """Course texts are our own HTML (content files, validated as Telegram HTML)."""
        return Markup(view.course.title.get(self.locale))

    def label(self, view: CourseView) -> str:
        """The title for a button, where Telegram shows text as it is."""
        return html.unescape(TAG_RE.sub("", view.course.title.get(self.locale)))

    def card(self, view: CourseView, standing: Standing,
             notice: str | None = None) -> tuple[str, InlineKeyboardMarkup]:
        t, c = self.t, view.course
        # course texts are ours (content files, validated as Telegram HTML)
        lines = [f"<b>{self.title(view)}</b>", c.summary.get(self.locale), ""]
        lines.append(t("course-format-line", format=t(format_key(c.format.value))))
        lines.append(t("course-languages-line",
                       languages=", ".join(LANGUAGE_NAMES[lang] for lang in c.languages)))
        if c.starts or c.ends:
            lines.append(t("course-dates-line", start=format_day(c.starts or c.ends),  # type: ignore[arg-type]
                           end=format_day(c.ends or c.starts)))  # type: ignore[arg-type]
        venues = {s.venue.name.get(self.locale): s.venue for s in view.sessions if s.venue}
        if venues:
            for venue in venues.values():
                lines.append(t("course-place-venue", venue=Markup(venue.name.get(self.locale)),
                               address=Markup(venue.address.get(self.locale))))
        else:
            lines.append(t("course-place-online"))
        if view.sessions:
            lines.append(t("course-sessions-title"))
            lines.extend(f"• {self.when(s.starts_at)} — {s.session.title.get(self.locale)}"
                         for s in view.sessions)
        if c.lessons:
            lines.append(t("course-lessons-line", count=len(c.lessons)))
        if view.capacity is None:
            lines.append(t("course-seats-unlimited"))
        else:
            lines.append(t("course-seats-left", left=standing.seats_left or 0,
                           total=view.capacity))
        open_ = view.is_open(self.today)
        lines.append("")
        if standing.status == "enrolled":
            lines.append(t("course-standing-enrolled"))
        elif standing.status == "waitlisted":
            lines.append(t("course-standing-waitlisted", position=standing.position or 1))
        elif standing.status == "offered" and standing.offer_expires_at:
            lines.append(t("course-standing-offered", until=self.when(standing.offer_expires_at)))
        elif not open_:
            lines.append(t("course-closed"))
        text = "\n".join(lines).rstrip()
        if notice:
            text = f"{notice}\n\n{text}"
        coordinator = self.user is not None and self.user.has_role(COORDINATOR)
        return text, card_kb(t, view, standing, open_=open_,
                             coordinator=coordinator and c.format.value == "offline")


def _filters(cb: CatCb) -> Filters:
    return Filters(topic=cb.topic, format=cb.fmt, language=cb.lang, region=cb.region)


async def render_catalog(courses: CourseService, screens: CourseScreens,
                         cb: CatCb) -> tuple[str, InlineKeyboardMarkup]:
    t = screens.t
    if cb.pick:
        return t("filter-choose"), filter_choices_kb(t, screens.geo, screens.locale, cb)
    page = await courses.catalog(_filters(cb), cb.page)
    if page.total == 0:
        text = t("catalog-empty")
    else:
        text = t("catalog-title", count=page.total, page=page.page + 1, pages=page.pages)
    return text, catalog_kb(t, screens.geo, screens.locale, cb, page, screens.label)


async def show_card(target: Message | CallbackQuery, courses: CourseService,
                    screens: CourseScreens, course_id: int, bot: Bot,
                    notice: str | None = None) -> bool:
    view = await courses.get(course_id)
    if view is None:
        return False
    user_id = target.from_user.id if target.from_user else 0
    text, kb = screens.card(view, await courses.standing(user_id, course_id), notice)
    if isinstance(target, CallbackQuery):
        await show(target, bot, text, kb)
    else:
        await target.answer(text, reply_markup=kb)
    return True


def _screens(t: Translator, locale: str, geo: Geography, user: UserRow | None,
             settings: Settings, clock: Clock) -> CourseScreens:
    return CourseScreens(t, locale, geo, user, settings, clock)


# --- handlers ------------------------------------------------------------------------------
async def catalog_command(message: Message, courses: CourseService, t: Translator,
                          locale: str, geo: Geography, user: UserRow | None, settings: Settings,
                          clock: Clock) -> None:
    text, kb = await render_catalog(courses, _screens(t, locale, geo, user, settings, clock),
                                    CatCb())
    await message.answer(text, reply_markup=kb)


async def catalog_menu(cq: CallbackQuery, courses: CourseService, t: Translator, locale: str,
                       geo: Geography, user: UserRow | None, settings: Settings, clock: Clock,
                       bot: Bot) -> None:
    await cq.answer()
    text, kb = await render_catalog(courses, _screens(t, locale, geo, user, settings, clock),
                                    CatCb())
    await show(cq, bot, text, kb)


async def catalog_cb(cq: CallbackQuery, callback_data: CatCb, courses: CourseService,
                     t: Translator, locale: str, geo: Geography, user: UserRow | None,
                     settings: Settings, clock: Clock, bot: Bot) -> None:
    await cq.answer()
    text, kb = await render_catalog(courses, _screens(t, locale, geo, user, settings, clock),
                                    callback_data)
    await show(cq, bot, text, kb)


async def _my_courses(courses: CourseService, learning: LearningService,
                      screens: CourseScreens, user_id: int) -> tuple[str, InlineKeyboardMarkup]:
    t = screens.t
    items = await courses.my_courses(user_id)
    labels = []
    for view, standing in items:
        title = screens.label(view)
        progress = await learning.progress(user_id, view.id) if (
            standing.status == "enrolled" and view.course.lessons) else None
        if progress is not None:
            label = t("my-course-progress", title=title, bar=progress.bar())
        elif standing.status == "waitlisted":
            label = t("my-course-waitlisted", title=title, position=standing.position or 1)
        elif standing.status == "offered" and standing.offer_expires_at:
            label = t("my-course-offered", title=title,
                      until=screens.when(standing.offer_expires_at))
        else:
            label = t("my-course-enrolled", title=title)
        labels.append((html.unescape(label), view.id))
    text = t("my-courses-title") if items else t("my-courses-empty")
    return text, my_courses_kb(t, labels)


async def my_courses_command(message: Message, courses: CourseService,
                             learning: LearningService, t: Translator, locale: str,
                             geo: Geography, user: UserRow | None, settings: Settings,
                             clock: Clock) -> None:
    assert message.from_user is not None
    text, kb = await _my_courses(courses, learning,
                                 _screens(t, locale, geo, user, settings, clock),
                                 message.from_user.id)
    await message.answer(text, reply_markup=kb)


async def my_courses_menu(cq: CallbackQuery, courses: CourseService,
                          learning: LearningService, t: Translator, locale: str,
                          geo: Geography, user: UserRow | None, settings: Settings,
                          clock: Clock, bot: Bot) -> None:
    await cq.answer()
    text, kb = await _my_courses(courses, learning,
                                 _screens(t, locale, geo, user, settings, clock),
                                 cq.from_user.id)
    await show(cq, bot, text, kb)


RESULT_TEXT = {
    Outcome.enrolled: "course-enrolled",
    Outcome.waitlisted: "course-waitlisted",
    Outcome.already_enrolled: "course-already-enrolled",
    Outcome.already_waitlisted: "course-already-waitlisted",
    Outcome.left: "course-left",
    Outcome.confirmed: "course-confirmed",
    Outcome.declined: "course-declined",
}


async def course_cb(cq: CallbackQuery, callback_data: CourseCb, courses: CourseService,
                    state: FSMContext, t: Translator, locale: str, geo: Geography,
                    user: UserRow | None, settings: Settings, clock: Clock, bot: Bot) -> None:
    """Every course button. The service re-checks that the action is still valid."""
    screens = _screens(t, locale, geo, user, settings, clock)
    course_id, action, uid = callback_data.course_id, callback_data.action, cq.from_user.id
    if action == CourseAction.open:
        await cq.answer()
        if not await show_card(cq, courses, screens, course_id, bot):
            await show(cq, bot, t("course-not-found"))
        return
    if action == CourseAction.map:
        await _send_map(cq, courses, screens, course_id, bot)
        return
    if user is None or not user.onboarded:
        await cq.answer(t("onboarding-continue"), show_alert=True)
        return
    if action == CourseAction.leave_ask:
        standing = await courses.standing(uid, course_id)
        view = await courses.get(course_id)
        if view is None or standing.status is None:
            await cq.answer(t("course-not-enrolled"), show_alert=True)
            return
        await cq.answer()
        key = "course-leave-waitlist-ask" if standing.status == "waitlisted" else (
            "course-unenroll-ask")
        await show(cq, bot, t(key, title=screens.title(view)), unenroll_kb(t, course_id))
        return
    if action == CourseAction.enroll:
        sources = (await state.get_data()).get("sources", {})
        result = await courses.enroll(uid, course_id, sources.get(str(course_id)))
    elif action == CourseAction.leave:
        result = await courses.unenroll(uid, course_id)
    elif action == CourseAction.confirm:
        result = await courses.confirm_offer(uid, course_id)
    else:
        result = await courses.decline_offer(uid, course_id)
    if result.outcome not in RESULT_TEXT or result.course is None:
        refusal = {Outcome.closed: "course-closed-alert", Outcome.no_offer: "course-no-offer",
                   Outcome.not_enrolled: "course-not-enrolled"}
        await cq.answer(t(refusal.get(result.outcome, "button-expired")), show_alert=True)
        return
    position = result.standing.position if result.standing else None
    notice = t(RESULT_TEXT[result.outcome], title=screens.title(result.course),
               position=position or 1)
    await cq.answer()
    await show_card(cq, courses, screens, course_id, bot, notice)


async def _send_map(cq: CallbackQuery, courses: CourseService, screens: CourseScreens,
                    course_id: int, bot: Bot) -> None:
    view = await courses.get(course_id)
    venues = [] if view is None else [s for s in view.sessions if s.venue]
    if not venues:
        await cq.answer(screens.t("button-expired"), show_alert=True)
        return
    await cq.answer()
    seen: set[tuple[float, float]] = set()
    for s in venues:
        assert s.venue is not None
        if (s.venue.lat, s.venue.lon) in seen:
            continue
        seen.add((s.venue.lat, s.venue.lon))
        await bot.send_venue(cq.from_user.id, s.venue.lat, s.venue.lon,
                             title=s.venue.name.get(screens.locale)[:100],
                             address=s.venue.address.get(screens.locale)[:100])


async def open_from_link(message: Message, payload: str, *, courses: CourseService,
                         state: FSMContext, screens: CourseScreens, bot: Bot) -> bool:
    """A course link: remember where she came from and show the card. False if unknown."""
    link = parse_link(payload)
    if link is None:
        return False
    course_id, source = link
    view = await courses.get(course_id)
    if view is None:
        return False
    await courses.record_visit(course_id, source, new_user=screens.user is None or
                               not screens.user.onboarded)
    data = await state.get_data()
    sources = dict(data.get("sources", {}))
    if source:
        sources[str(course_id)] = source
    await state.update_data(sources=sources)
    if screens.user is None or not screens.user.onboarded:
        await state.update_data(open_course=course_id)
        return True
    await show_card(message, courses, screens, course_id, bot)
    return True

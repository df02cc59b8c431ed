"""Courses: the catalog (file content plus coordinators' changes), enrollment with a waitlist
and 24-hour offers of freed seats, course links, and coordinators' edits.

Every rule runs inside one short transaction (BEGIN IMMEDIATE), so two people taking the last
seat at the same moment give one enrollment and one waitlist place, and a double tap enrolls
once. What learners are told later goes to the outbox in the same transaction.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from bot.clock import Clock, from_db, to_db
from bot.content import Course, Format, Session, Venue
from bot.delivery.outbox import Button, Notification, Outbox
from bot.services.reminders import forget_course, localized, schedule_nudge, schedule_reminders
from bot.services.users import COORDINATOR
from keyboards.callbacks import CourseAction, CourseCb
from storage import Database, Tx
from storage.courses import CourseRow, EnrollmentRow

OFFER_WINDOW = timedelta(hours=24)
PAGE_SIZE = 5


class Outcome(StrEnum):
    enrolled = "enrolled"
    waitlisted = "waitlisted"
    already_enrolled = "already-enrolled"
    already_waitlisted = "already-waitlisted"
    left = "left"
    not_enrolled = "not-enrolled"
    closed = "closed"
    confirmed = "confirmed"
    declined = "declined"
    no_offer = "no-offer"
    saved = "saved"
    refused = "refused"
    forbidden = "forbidden"
    invalid = "invalid"


@dataclass(frozen=True)
class SessionView:
    """A session as it is now: a coordinator's change wins over the file."""

    session: Session
    starts_at: datetime
    venue: Venue | None
    changed: bool

    @property
    def id(self) -> str:
        return self.session.id


@dataclass(frozen=True)
class CourseView:
    course: Course
    capacity: int | None
    sessions: tuple[SessionView, ...]

    @property
    def id(self) -> int:
        return self.course.id

    def is_open(self, today: date) -> bool:
        ends = self.course.ends or (self.sessions[-1].starts_at.date() if self.sessions else None)
        return ends is None or ends >= today


@dataclass(frozen=True)
class Filters:
    topic: str = ""
    format: str = ""
    language: str = ""
    region: str = ""

    def match(self, view: CourseView) -> bool:
        c = view.course
        return ((not self.topic or self.topic in c.topics)
                and (not self.format or c.format.value == self.format)
                and (not self.language or self.language in c.languages)
                and (not self.region or c.region == self.region))


@dataclass(frozen=True)
class Page:
    courses: tuple[CourseView, ...]
    page: int
    pages: int
    total: int


@dataclass(frozen=True)
class Standing:
    """Where she stands with one course."""

    status: str | None  # enrolled, waitlisted, offered, or None
    position: int | None = None
    offer_expires_at: datetime | None = None
    seats_left: int | None = None


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    course: CourseView | None = None
    standing: Standing | None = None
    args: dict[str, object] = field(default_factory=dict)


def offer_key(course_id: int, user_id: int, queued_at: str) -> str:
    return f"course:{course_id}:offer:{user_id}:{queued_at}"


class CourseService:
    def __init__(self, db: Database, clock: Clock, outbox: Outbox) -> None:
        self.db = db
        self.clock = clock
        self.outbox = outbox
        self._parsed: dict[str, Course] = {}

    # --- content ------------------------------------------------------------------------
    async def import_courses(self, courses: list[Course]) -> int:
        """Upsert every course in one transaction; a course whose file is gone is hidden.
        Progress and enrollments are keyed by stable ids and are never touched."""
        now = to_db(self.clock.now())
        async with self.db.transaction() as tx:
            for course in courses:
                await tx.courses.upsert(course.id, course.slug, course.model_dump_json(), now)
            await tx.courses.deactivate_others([c.id for c in courses])
        return len(courses)

    def _course(self, content: str) -> Course:
        course = self._parsed.get(content)
        if course is None:
            course = Course.model_validate_json(content)
            self._parsed[content] = course
        return course

    async def view_of(self, tx: Tx, row: CourseRow) -> CourseView:
        course = self._course(row.content)
        changes = {c.session_id: c for c in await tx.courses.session_changes(row.id)}
        sessions = []
        for s in course.sessions:
            change = changes.get(s.id)
            starts_at = from_db(change.starts_at) if change and change.starts_at else s.starts_at
            venue = Venue.model_validate_json(change.venue) if change and change.venue else (
                s.venue)
            sessions.append(SessionView(s, starts_at, venue, change is not None))
        sessions.sort(key=lambda v: v.starts_at)
        capacity = row.seats if row.seats is not None else course.capacity
        return CourseView(course, capacity, tuple(sessions))

    async def get(self, course_id: int) -> CourseView | None:
        async with self.db.read() as tx:
            row = await tx.courses.get(course_id)
            return await self.view_of(tx, row) if row and row.active else None

    async def every(self) -> list[CourseView]:
        """Every active course, open or past, for coordinators' audiences and statistics."""
        async with self.db.read() as tx:
            return [await self.view_of(tx, row) for row in await tx.courses.all_active()]

    async def lesson_ids(self) -> dict[int, list[str]]:
        """Course id -> its lesson ids: finishing a course is doing every one of them."""
        return {v.id: [les.id for les in v.course.lessons] for v in await self.every()}

    async def catalog(self, filters: Filters, page: int) -> Page:
        today = self.clock.now().date()
        async with self.db.read() as tx:
            views = [await self.view_of(tx, row) for row in await tx.courses.all_active()]
        found = [v for v in views if v.is_open(today) and filters.match(v)]
        pages = max(1, -(-len(found) // PAGE_SIZE))
        page = min(max(page, 0), pages - 1)
        return Page(tuple(found[page * PAGE_SIZE:(page + 1) * PAGE_SIZE]), page, pages,
                    len(found))

    async def standing(self, user_id: int, course_id: int) -> Standing:
        async with self.db.read() as tx:
            return await self._standing(tx, user_id, course_id)

    async def _standing(self, tx: Tx, user_id: int, course_id: int) -> Standing:
        row = await tx.courses.get(course_id)
        capacity = None
        if row is not None:
            capacity = row.seats if row.seats is not None else self._course(row.content).capacity
        seats_left = None
        if capacity is not None:
            seats_left = max(0, capacity - await tx.enrollments.seats_taken(course_id))
        mine = await tx.enrollments.get(course_id, user_id)
        if mine is None or mine.status not in ("enrolled", "waitlisted", "offered"):
            return Standing(None, seats_left=seats_left)
        position = await tx.enrollments.position(course_id, user_id)
        expires = from_db(mine.offer_expires_at) if mine.offer_expires_at else None
        return Standing(mine.status, position, expires, seats_left)

    async def my_courses(self, user_id: int) -> list[tuple[CourseView, Standing]]:
        async with self.db.read() as tx:
            out = []
            for e in await tx.enrollments.for_user(user_id):
                row = await tx.courses.get(e.course_id)
                if row is None or not row.active:
                    continue
                out.append((await self.view_of(tx, row),
                            await self._standing(tx, user_id, e.course_id)))
            return out

    async def record_visit(self, course_id: int, source: str, new_user: bool) -> None:
        async with self.db.transaction() as tx:
            await tx.courses.add_visit(course_id, source, new_user, to_db(self.clock.now()))

    # --- enrollment ---------------------------------------------------------------------
    async def enroll(self, user_id: int, course_id: int, source: str | None = None) -> Result:
        now = self.clock.now()
        async with self.db.transaction() as tx:
            row = await tx.courses.get(course_id)
            if row is None or not row.active or await tx.users.get(user_id) is None:
                return Result(Outcome.closed)
            view = await self.view_of(tx, row)
            if not view.is_open(now.date()):
                return Result(Outcome.closed, view)
            mine = await tx.enrollments.get(course_id, user_id)
            if mine and mine.status in ("enrolled", "offered"):
                if mine.status == "offered":
                    return await self._confirm(tx, view, mine, now)
                return Result(Outcome.already_enrolled, view,
                              await self._standing(tx, user_id, course_id))
            if mine and mine.status == "waitlisted":
                return Result(Outcome.already_waitlisted, view,
                              await self._standing(tx, user_id, course_id))
            taken = await tx.enrollments.seats_taken(course_id)
            status = "enrolled" if view.capacity is None or taken < view.capacity else (
                "waitlisted")
            await tx.enrollments.put(course_id, user_id, status, to_db(now), source=source)
            if status == "enrolled":
                await self._welcome(tx, view, user_id, now)
            standing = await self._standing(tx, user_id, course_id)
        outcome = Outcome.enrolled if status == "enrolled" else Outcome.waitlisted
        return Result(outcome, view, standing)

    async def unenroll(self, user_id: int, course_id: int) -> Result:
        now = self.clock.now()
        async with self.db.transaction() as tx:
            row = await tx.courses.get(course_id)
            mine = await tx.enrollments.get(course_id, user_id)
            if row is None or mine is None or mine.status not in (
                    "enrolled", "waitlisted", "offered"):
                return Result(Outcome.not_enrolled)
            view = await self.view_of(tx, row)
            await tx.enrollments.set_status(mine.id, "left", to_db(now))
            await forget_course(self.outbox, tx, course_id, user_id)
            if mine.status == "offered":
                await self.outbox.cancel(tx, offer_key(course_id, user_id, mine.queued_at))
            if mine.status in ("enrolled", "offered"):
                await self._fill_seats(tx, view, now)
        return Result(Outcome.left, view)

    async def confirm_offer(self, user_id: int, course_id: int) -> Result:
        now = self.clock.now()
        async with self.db.transaction() as tx:
            row = await tx.courses.get(course_id)
            mine = await tx.enrollments.get(course_id, user_id)
            if row is None or mine is None or mine.status != "offered":
                return Result(Outcome.no_offer)
            return await self._confirm(tx, await self.view_of(tx, row), mine, now)

    async def _confirm(self, tx: Tx, view: CourseView, mine: EnrollmentRow,
                       now: datetime) -> Result:
        if mine.offer_expires_at and from_db(mine.offer_expires_at) <= now:
            return Result(Outcome.no_offer, view)
        await tx.enrollments.set_status(mine.id, "enrolled", to_db(now))
        await self.outbox.cancel(tx, offer_key(view.id, mine.user_id, mine.queued_at))
        await self._welcome(tx, view, mine.user_id, now)
        return Result(Outcome.confirmed, view,
                      await self._standing(tx, mine.user_id, view.id))

    async def _welcome(self, tx: Tx, view: CourseView, user_id: int, now: datetime) -> None:
        """Just enrolled: reminders of the sessions; for a self-paced course, a nudge in
        case she never starts."""
        await schedule_reminders(self.outbox, tx, view, user_id, now)
        if view.course.format == Format.online_self:
            await schedule_nudge(self.outbox, tx, view, user_id, now)

    async def decline_offer(self, user_id: int, course_id: int) -> Result:
        now = self.clock.now()
        async with self.db.transaction() as tx:
            row = await tx.courses.get(course_id)
            mine = await tx.enrollments.get(course_id, user_id)
            if row is None or mine is None or mine.status != "offered":
                return Result(Outcome.no_offer)
            view = await self.view_of(tx, row)
            await tx.enrollments.set_status(mine.id, "left", to_db(now))
            await self._fill_seats(tx, view, now)
        return Result(Outcome.declined, view)

    async def expire_offers(self, now: datetime | None = None) -> int:
        """Offers not confirmed within 24 hours lapse; the seat goes to the next in line."""
        now = now or self.clock.now()
        async with self.db.transaction() as tx:
            lapsed = await tx.enrollments.expired_offers(to_db(now))
            for offer in lapsed:
                await tx.enrollments.set_status(offer.id, "lapsed", to_db(now))
                row = await tx.courses.get(offer.course_id)
                if row is None:
                    continue
                view = await self.view_of(tx, row)
                await self.outbox.enqueue(tx, Notification(
                    user_id=offer.user_id, kind="course.offer_lapsed",
                    template="course-offer-lapsed", args={"title": localized(view.course.title)},
                    due_at=now, dedup_key=f"course:{view.id}:lapsed:{offer.user_id}:"
                    f"{offer.queued_at}", priority=4))
                await self._fill_seats(tx, view, now)
        return len(lapsed)

    async def _fill_seats(self, tx: Tx, view: CourseView, now: datetime) -> None:
        """Offer free seats to the first on the waitlist, 24 hours each."""
        if view.capacity is None:
            return
        free = view.capacity - await tx.enrollments.seats_taken(view.id)
        if free <= 0:
            return
        expires = now + OFFER_WINDOW
        for nxt in (await tx.enrollments.with_status(view.id, "waitlisted"))[:free]:
            await tx.enrollments.set_status(nxt.id, "offered", to_db(now),
                                            offer_expires_at=to_db(expires))
            buttons = ((Button("course-offer-confirm", CourseCb(
                            action=CourseAction.confirm, course_id=view.id).pack()),
                        Button("course-offer-decline", CourseCb(
                            action=CourseAction.decline, course_id=view.id).pack())),)
            await self.outbox.enqueue(tx, Notification(
                user_id=nxt.user_id, kind="course.offer", template="course-offer",
                args={"title": localized(view.course.title), "until": {"$when": to_db(expires)}},
                buttons=buttons, due_at=now, expires_at=expires, urgent=True, priority=2,
                dedup_key=offer_key(view.id, nxt.user_id, nxt.queued_at)))

    # --- coordinators -------------------------------------------------------------------
    async def _coordinator_view(self, tx: Tx, by: int,
                                course_id: int) -> CourseView | Outcome:
        user = await tx.users.get(by)
        if user is None or not user.has_role(COORDINATOR):
            return Outcome.forbidden
        row = await tx.courses.get(course_id)
        if row is None or not row.active:
            return Outcome.invalid
        view = await self.view_of(tx, row)
        if view.course.format != Format.offline:
            return Outcome.invalid
        return view

    async def can_edit(self, by: int, course_id: int) -> bool:
        async with self.db.read() as tx:
            return isinstance(await self._coordinator_view(tx, by, course_id), CourseView)

    async def set_seats(self, by: int, course_id: int, seats: int) -> Result:
        now = self.clock.now()
        async with self.db.transaction() as tx:
            view = await self._coordinator_view(tx, by, course_id)
            if not isinstance(view, CourseView):
                return Result(view)
            enrolled = await tx.enrollments.seats_taken(course_id)
            if not 1 <= seats <= 10_000:
                return Result(Outcome.invalid, view)
            if seats < enrolled:
                return Result(Outcome.refused, view, args={"seats": seats, "enrolled": enrolled})
            await tx.courses.set_seats(course_id, seats)
            await tx.audit.add(to_db(now), by, "course.seats", f"course:{course_id}",
                               {"seats": seats})
            row = await tx.courses.get(course_id)
            assert row is not None
            view = await self.view_of(tx, row)
            await self._fill_seats(tx, view, now)
        return Result(Outcome.saved, view, args={"seats": seats, "enrolled": enrolled})

    async def move_session(self, by: int, course_id: int, session_id: str,
                           starts_at: datetime) -> Result:
        return await self._change_session(by, course_id, session_id, starts_at=starts_at)

    async def change_venue(self, by: int, course_id: int, session_id: str,
                           venue: Venue) -> Result:
        return await self._change_session(by, course_id, session_id, venue=venue)

    async def _change_session(self, by: int, course_id: int, session_id: str, *,
                              starts_at: datetime | None = None,
                              venue: Venue | None = None) -> Result:
        now = self.clock.now()
        async with self.db.transaction() as tx:
            view = await self._coordinator_view(tx, by, course_id)
            if not isinstance(view, CourseView):
                return Result(view)
            if all(s.id != session_id for s in view.sessions):
                return Result(Outcome.invalid, view)
            if starts_at is not None and starts_at <= now:
                return Result(Outcome.refused, view)
            await tx.courses.change_session(
                course_id, session_id, starts_at=to_db(starts_at) if starts_at else None,
                venue=venue.model_dump_json() if venue else None, by=by, now=to_db(now))
            await tx.audit.add(to_db(now), by, "course.date" if starts_at else "course.venue",
                               f"course:{course_id}", {"session": session_id})
            row = await tx.courses.get(course_id)
            assert row is not None
            view = await self.view_of(tx, row)
            session = next(s for s in view.sessions if s.id == session_id)
            kind = "date" if starts_at else "venue"
            args: dict[str, object] = {
                "title": localized(view.course.title), "session": localized(session.session.title),
                "when": {"$when": to_db(session.starts_at)},
            }
            if session.venue is not None:
                args["venue"] = localized(session.venue.name)
                args["address"] = localized(session.venue.address)
            stamp = to_db(now)
            for learner in await tx.enrollments.with_status(course_id, "enrolled"):
                await schedule_reminders(self.outbox, tx, view, learner.user_id, now)
            for learner in await tx.enrollments.with_status(course_id, "enrolled", "offered"):
                await self.outbox.enqueue(tx, Notification(
                    user_id=learner.user_id, kind=f"course.{kind}_changed",
                    template="course-date-changed" if starts_at else "course-venue-changed",
                    args=args, due_at=now, priority=3,
                    dedup_key=f"course:{course_id}:{session_id}:{kind}:{stamp}:"
                    f"{learner.user_id}"))
        return Result(Outcome.saved, view)


def venue_of(name: str, address: str, lat: float, lon: float) -> Venue:
    """A venue a coordinator typed (one text for every language), made HTML-safe."""
    name, address = html.escape(name, quote=False), html.escape(address, quote=False)
    same = {"tg": name, "ru": name, "en": name}
    where = {"tg": address, "ru": address, "en": address}
    return Venue.model_validate({"name": same, "address": where, "lat": lat, "lon": lon})

